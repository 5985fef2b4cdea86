"""Spark and Airflow are pinned once, in infra/config/versions.json: the Python lock, the
installed pyspark and its jars must agree with it (the images are built from the same pins)."""
import json
import re
from pathlib import Path

import pyspark

from fixtures import REPO

VERSIONS = json.loads((REPO / "infra" / "config" / "versions.json").read_text())
# name → version, names normalized as pip compares them (PEP 503); comments after a pin ignored.
LOCK = {re.sub(r"[-_.]+", "-", name).lower(): version
        for name, version in re.findall(r"^([A-Za-z0-9][A-Za-z0-9_.\-]*)==([^\s#]+)", (REPO / "requirements.lock").read_text(), re.M)}
JARS = {p.name for p in (Path(pyspark.__file__).parent / "jars").iterdir()}


def test_the_lock_pins_the_versions_of_versions_json():
    assert LOCK["pyspark"] == VERSIONS["spark"]
    assert LOCK["apache-airflow"] == VERSIONS["airflow"]
    assert LOCK["apache-airflow-providers-apache-spark"] == VERSIONS["airflowSparkProvider"]


def test_the_installed_spark_is_the_pinned_one():
    assert pyspark.__version__ == VERSIONS["spark"]


def test_the_kafka_and_s3a_jars_match_spark_and_its_hadoop():
    # hadoop-aws must be the Hadoop version pyspark itself ships, or S3A fails at run time.
    assert f"hadoop-client-api-{VERSIONS['hadoop']}.jar" in JARS
    assert f"hadoop-aws-{VERSIONS['hadoop']}.jar" in JARS
    assert f"spark-sql-kafka-0-10_2.13-{VERSIONS['spark']}.jar" in JARS
    assert f"spark-token-provider-kafka-0-10_2.13-{VERSIONS['spark']}.jar" in JARS
