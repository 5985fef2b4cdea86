"""Fixtures shared by the Spark and DAG tests (imported by both conftest.py files): a local SparkSession (UTC, two threads, no UI) shared by the whole run, and the
real Kafka and MinIO of `npm run services:up` for the tests that need them.

Tests that need the services skip when .services/services.env is missing, unless
LOGPIPE_REQUIRE_SERVICES=1 (set by `npm test`), where a missing service is a failure.
"""
from __future__ import annotations

import os
import sys
import time
import uuid
from pathlib import Path

import pytest

SPARK_DIR = Path(__file__).resolve().parents[1]
REPO = SPARK_DIR.parent
sys.path.insert(0, str(SPARK_DIR))  # the job package and the entry points

from logpipe_spark.config import LakeConfig  # noqa: E402
from logpipe_spark.session import lake_settings, local_session  # noqa: E402

SERVICES_ENV = REPO / ".services" / "services.env"
# PySpark hands timestamps to Python as naive local times: the tests read them in UTC.
os.environ["TZ"] = "UTC"
time.tzset()


SPARK_DEFAULTS = SPARK_DIR / "spark-defaults.conf"


def spark_defaults() -> dict[str, str]:
    """The properties of spark/spark-defaults.conf, as spark-submit reads them (key, white
    space, value; # comments)."""
    properties = {}
    for line in SPARK_DEFAULTS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.strip().partition(" ")
            properties[key] = value.strip()
    return properties


def hotspot_values(java_options: str) -> dict[str, str]:
    """-XX:+A -XX:-B -XX:C=5 → {"A": "true", "B": "false", "C": "5"}: what the JVM reports for each."""
    values = {}
    for option in java_options.split():
        flag = option.removeprefix("-XX:")
        if flag.startswith(("+", "-")):
            values[flag[1:]] = "true" if flag[0] == "+" else "false"
        else:
            name, _, value = flag.partition("=")
            values[name] = value
    return values


def read_services_env() -> dict[str, str] | None:
    if not SERVICES_ENV.exists():
        return None
    pairs = (line.split("=", 1) for line in SERVICES_ENV.read_text().splitlines() if line and not line.startswith("#") and "=" in line)
    return {name: value for name, value in pairs}


@pytest.fixture(scope="session")
def services() -> dict[str, str]:
    found = read_services_env()
    if found is None:
        message = f"no {SERVICES_ENV.relative_to(REPO)}: start the real Kafka and MinIO with `npm run services:up`"
        if os.environ.get("LOGPIPE_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="session")
def spark():
    session = local_session("logpipe-tests")
    yield session
    session.stop()


@pytest.fixture()
def lake(services, spark) -> LakeConfig:
    """The local MinIO's bucket under a prefix of this test's own; the test's SparkSession can read it."""
    config = LakeConfig(
        endpoint=services["S3_ENDPOINT"],
        bucket=services["S3_BUCKET"],
        region=services.get("S3_REGION", "us-east-1"),
        prefix=f"pytest-{uuid.uuid4().hex[:10]}/",
        access_key_id=services["AWS_ACCESS_KEY_ID"],
        secret_access_key=services["AWS_SECRET_ACCESS_KEY"],
    )
    hadoop = spark.sparkContext._jsc.hadoopConfiguration()
    for key, value in lake_settings(config).items():
        hadoop.set(key.removeprefix("spark.hadoop."), value)
    return config


def job_environment(services: dict[str, str], lake: LakeConfig, topic: str) -> dict[str, str]:
    """The environment the DAG gives the jobs, pointed at the local services."""
    venv_bin = str(Path(sys.executable).parent)
    return {
        **os.environ,
        # spark-submit (a shell script) finds pyspark with the first python3 on PATH.
        "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYSPARK_PYTHON": sys.executable,
        "LOGPIPE_KAFKA_BOOTSTRAP_SERVERS": services["KAFKA_BROKERS"],
        "LOGPIPE_KAFKA_TOPIC": topic,
        "LOGPIPE_S3_ENDPOINT": lake.endpoint,
        "LOGPIPE_S3_REGION": lake.region,
        "LOGPIPE_LAKE_BUCKET": lake.bucket,
        "LOGPIPE_LAKE_PREFIX": lake.prefix,
        "LOGPIPE_SPARK_ACCESS_KEY_ID": lake.access_key_id,
        "LOGPIPE_SPARK_SECRET_ACCESS_KEY": lake.secret_access_key,
        "LOGPIPE_AIRFLOW_ACCESS_KEY_ID": lake.access_key_id,
        "LOGPIPE_AIRFLOW_SECRET_ACCESS_KEY": lake.secret_access_key,
    }
