"""The DAG tests share the Spark tests' fixtures (local SparkSession, the real services)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "spark" / "tests"))

from fixtures import lake, services, spark  # noqa: E402,F401  (pytest fixtures)
