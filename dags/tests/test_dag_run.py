"""`airflow dags test log_pipeline` against the real Kafka and MinIO, with the Spark jobs in
local mode (the connection `spark_default` names master local[2]): the run succeeds on
good data, and fails, naming the violation, once a bad row is planted in the checked hour."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from pyspark.sql import functions as F

from fixtures import REPO, job_environment
from kafka import create_topic, produce
from test_curate_job import known_events

AIRFLOW = Path(sys.executable).parent / "airflow"
# The run at 08:00 covers [07:00, 08:00): check_quality checks dt=2026-11-20/hour=07.
LOGICAL_DATE = "2026-11-20T08:00:00+00:00"


@pytest.fixture()
def airflow_env(services, lake, spark, tmp_path):
    topic = f"logs-dagtest-{uuid.uuid4().hex[:8]}"
    create_topic(spark, services["KAFKA_BROKERS"], topic, partitions=2)
    env = {
        **job_environment(services, lake, topic),
        "AIRFLOW_HOME": str(tmp_path / "airflow"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
        "AIRFLOW_CONN_SPARK_DEFAULT": '{"conn_type": "spark", "host": "local[2]"}',
        "LOGPIPE_SPARK_DRIVER_HOST": "127.0.0.1",
        "LOGPIPE_TEST_TOPIC": topic,
    }
    migrate = subprocess.run([str(AIRFLOW), "db", "migrate"], env=env, capture_output=True, text=True, timeout=300)
    assert migrate.returncode == 0, migrate.stderr[-3000:]
    return env


ANSI_CODES = re.compile(r"\x1b\[[0-9;]*m")


def dags_test(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    started = time.monotonic()
    result = subprocess.run([str(AIRFLOW), "dags", "test", "log_pipeline", LOGICAL_DATE],
                            env=env, capture_output=True, text=True, timeout=1200)
    result.stdout, result.stderr = ANSI_CODES.sub("", result.stdout), ANSI_CODES.sub("", result.stderr)
    Path(env["AIRFLOW_HOME"], "dags-test.log").write_text(result.stdout + result.stderr)
    print(f"\nairflow dags test log_pipeline {LOGICAL_DATE}: exit {result.returncode} in {time.monotonic() - started:.1f} s")
    return result


def test_the_dag_curates_and_checks_the_hour_and_fails_on_a_planted_violation(spark, services, lake, airflow_env):
    # GIVEN events for 07:xx–08:xx (and 06:xx) on the topic
    events = known_events(300)
    produce(spark, services["KAFKA_BROKERS"], airflow_env["LOGPIPE_TEST_TOPIC"], events)

    # WHEN the DAG runs for the hour 07:00–08:00
    result = dags_test(airflow_env)
    output = result.stdout + result.stderr

    # THEN every task succeeded: the sensors, the curate job and the checks of hour 07
    assert result.returncode == 0, output[-8000:]
    assert output.count("new_state=success") == 4, "not all four tasks succeeded"
    assert '"quality.passed"' in output and '"where": "dt=2026-11-20/hour=07"' in output, output[-8000:]
    assert "DATA QUALITY VIOLATION" not in output
    curated = spark.read.parquet(lake.curated_events)
    assert curated.count() == 300
    hour_07 = curated.where((F.col("dt") == "2026-11-20") & (F.col("hour") == "07"))
    assert hour_07.count() == sum(1 for e in events if str(e["event_time"])[11:13] == "07")

    # WHEN a row without a user_id is planted in hour 07 behind the job's back
    planted = hour_07.limit(1).withColumn("event_id", F.expr("uuid()")).withColumn("user_id", F.lit(None).cast("string"))
    planted.write.mode("append").partitionBy("dt", "hour").parquet(lake.curated_events)

    # THEN the next run fails, and says why
    result = dags_test(airflow_env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-8000:]
    assert "DATA QUALITY VIOLATION" in output
    assert "dt=2026-11-20/hour=07: 1 curated event(s) have no user_id" in output
    assert "metric row(s) disagree" in output
