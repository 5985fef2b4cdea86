"""
### log_pipeline

Every hour: curate what is new on the Kafka topic `logs` into the lake with Spark, then
check the hour that just ended.

1. **wait_for_kafka**, **wait_for_lake**: the broker and MinIO answer (sensors; they give
   up after 10 minutes).
2. **curate_events**: `spark/curate_logs.py` on the Spark master (connection
   `spark_default`), as the lake's Spark user. Bounded (availableNow) and idempotent: a
   retry or a re-run over the same offsets adds nothing.
3. **check_quality**: `spark/check_quality.py` for the data interval's hour, as Airflow's
   read-only lake user. It fails the run, naming every violation, when the hour has no
   curated events although events were consumed, a required field is null, an event_id
   repeats, more events were curated than consumed, or the per-minute metrics disagree with
   the events. Not retried: a re-check of the same data gives the same answer.

Runs one at a time (the job's checkpoint allows one reader) and never catches up: each run
reads everything new, so a missed hour is covered by the next run.

Configuration comes from the environment the platform stack gives Airflow:
LOGPIPE_KAFKA_BOOTSTRAP_SERVERS, LOGPIPE_S3_ENDPOINT (read by the sensors and the jobs),
LOGPIPE_KAFKA_TOPIC, LOGPIPE_LAKE_BUCKET, the lake credentials LOGPIPE_SPARK_* and
LOGPIPE_AIRFLOW_* (scheduler only), LOGPIPE_SPARK_DRIVER_HOST. This file holds none of them.
"""
from __future__ import annotations

import os
import socket
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.providers.standard.sensors.python import PythonSensor
from airflow.sdk import DAG
from airflow.timetables.interval import CronDataIntervalTimetable

DAG_ID = "log_pipeline"
# In the containers, dags/ and spark/ are mounted side by side under /opt/airflow, as in the repository.
SPARK_DIR = Path(os.environ.get("LOGPIPE_SPARK_APP_DIR", Path(__file__).resolve().parents[1] / "spark"))
SENSOR_TIMEOUT = timedelta(minutes=10)
# The hour a run checks: its data interval's start, or the hour before it was triggered. A
# run triggered without a logical date (`airflow dags trigger`, the REST API with
# logical_date null, the UI's button) has no data interval, and Airflow 3 then leaves
# data_interval_start out of the template context altogether, which StrictUndefined turns
# into an error: so the interval is read from dag_run, where it is None instead.
CHECKED_HOUR = "(dag_run.data_interval_start or dag_run.run_after - macros.timedelta(hours=1))"
INTERVAL_DATE = "{{ " + CHECKED_HOUR + ".strftime('%Y-%m-%d') }}"
INTERVAL_HOUR = "{{ " + CHECKED_HOUR + ".strftime('%H') }}"


def kafka_reachable() -> bool:
    """True when one of the bootstrap servers accepts a TCP connection."""
    servers = os.environ["LOGPIPE_KAFKA_BOOTSTRAP_SERVERS"].split(",")
    for server in servers:
        host, _, port = server.strip().rpartition(":")
        try:
            with socket.create_connection((host, int(port)), timeout=5):
                return True
        except OSError as error:
            print(f"Kafka {server} not reachable: {error}")
    return False


def lake_reachable() -> bool:
    """True when the lake's endpoint reports itself live (MinIO's health endpoint)."""
    url = os.environ["LOGPIPE_S3_ENDPOINT"].rstrip("/") + "/minio/health/live"
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError) as error:
        print(f"lake {url} not reachable: {error}")
        return False


def required_env(name: str) -> str:
    """For templates: the variable's value, or a task failure that names it."""
    value = os.environ.get(name)
    if not value:
        raise ValueError(f"{name} is not set in the environment of the process that runs the tasks (the platform stack sets it on the scheduler)")
    return value


def spark_job(task_id: str, script: str, arguments: list[str], **kwargs) -> SparkSubmitOperator:
    return SparkSubmitOperator(
        task_id=task_id,
        conn_id="spark_default",
        application=str(SPARK_DIR / script),
        application_args=arguments,
        name=f"logpipe-{task_id}",
        # JVM options, which spark-submit must know before it starts the driver's JVM.
        properties_file=str(SPARK_DIR / "spark-defaults.conf"),
        conf={
            # Executors on the workers connect back to the driver in the scheduler's container.
            "spark.driver.host": "{{ required_env('LOGPIPE_SPARK_DRIVER_HOST') }}",
            # Leave cores for a second application (a manual run, the checks) on the cluster.
            "spark.cores.max": "{{ env('LOGPIPE_SPARK_CORES_MAX', '2') }}",
            "spark.ui.showConsoleProgress": "false",
            # The task log keeps the job's own JSON lines and Spark's warnings, not its INFO chatter.
            "spark.log.level": "WARN",
        },
        driver_memory="1g",
        executor_memory="1g",
        **kwargs,
    )


with DAG(
    dag_id=DAG_ID,
    description="Curate the logs topic into the lake with Spark every hour, then check the hour",
    doc_md=__doc__,
    # Data intervals of one hour ([07:00, 08:00) for the run at 08:00), which the checks use.
    schedule=CronDataIntervalTimetable("0 * * * *", timezone="UTC"),
    start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
    catchup=False,
    max_active_runs=1,
    # Sensors (10 min) + three curate attempts (30 min each) + backoff + checks (15 min).
    dagrun_timeout=timedelta(hours=2, minutes=15),
    # Read in the process that runs the task, when templates render, never at parse time.
    user_defined_macros={"env": os.environ.get, "required_env": required_env},
    default_args={
        "owner": "data-platform",
        "retries": 2,
        "retry_delay": timedelta(minutes=1),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=10),
        "execution_timeout": timedelta(minutes=30),
    },
    tags=["logpipe", "spark", "lake"],
) as dag:
    wait_for_kafka = PythonSensor(
        task_id="wait_for_kafka", python_callable=kafka_reachable, mode="reschedule",
        poke_interval=20, timeout=SENSOR_TIMEOUT.total_seconds(), execution_timeout=SENSOR_TIMEOUT,
    )
    wait_for_lake = PythonSensor(
        task_id="wait_for_lake", python_callable=lake_reachable, mode="reschedule",
        poke_interval=20, timeout=SENSOR_TIMEOUT.total_seconds(), execution_timeout=SENSOR_TIMEOUT,
    )
    curate_events = spark_job("curate_events", "curate_logs.py", ["--credentials-env", "LOGPIPE_SPARK"])
    check_quality = spark_job(
        "check_quality", "check_quality.py",
        ["--dt", INTERVAL_DATE, "--hour", INTERVAL_HOUR, "--credentials-env", "LOGPIPE_AIRFLOW"],
        retries=0, execution_timeout=timedelta(minutes=15),
    )

    [wait_for_kafka, wait_for_lake] >> curate_events >> check_quality
