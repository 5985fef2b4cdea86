"""The DAG loads without errors, without the database, and has the specified shape."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pendulum
import pytest
from fixtures import SPARK_DEFAULTS, spark_defaults  # spark/tests, on the path by conftest.py

DAGS = Path(__file__).resolve().parents[1]
DAG_FILES = sorted(DAGS.glob("*.py"))


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory):
    os.environ.setdefault("AIRFLOW_HOME", str(tmp_path_factory.mktemp("airflow-home")))
    from airflow.models.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS), include_examples=False)


@pytest.fixture(scope="module")
def dag(dagbag):
    return dagbag.dags["log_pipeline"]


@pytest.mark.parametrize("dag_file", DAG_FILES, ids=lambda p: p.name)
def test_each_dag_file_parses_without_a_database(dag_file, tmp_path):
    # GIVEN a metadata database that cannot be opened: any query at parse time would fail
    env = {**os.environ, "AIRFLOW_HOME": str(tmp_path), "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{tmp_path}/missing/dir/airflow.db"}
    code = f"import runpy; ns = runpy.run_path({str(dag_file)!r}); assert 'dag' in ns"
    # WHEN the file is executed as the DAG processor would
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    # THEN it loads
    assert result.returncode == 0, result.stderr[-3000:]


def test_the_dagbag_has_no_import_errors_and_one_dag(dagbag):
    assert dagbag.import_errors == {}
    assert sorted(dagbag.dag_ids) == ["log_pipeline"]


def test_the_task_graph_is_wait_then_curate_then_check(dag):
    upstream = {task.task_id: sorted(task.upstream_task_ids) for task in dag.tasks}
    assert upstream == {
        "wait_for_kafka": [],
        "wait_for_lake": [],
        "curate_events": ["wait_for_kafka", "wait_for_lake"],
        "check_quality": ["curate_events"],
    }
    kinds = {task.task_id: type(task).__name__ for task in dag.tasks}
    assert kinds == {"wait_for_kafka": "PythonSensor", "wait_for_lake": "PythonSensor",
                     "curate_events": "SparkSubmitOperator", "check_quality": "SparkSubmitOperator"}


def test_runs_hourly_one_at_a_time_without_catching_up(dag):
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert dag.start_date.tzinfo is not None and dag.start_date.utcoffset() == timedelta(0)
    # hourly data intervals: the run after 08:00 covers [07:00, 08:00)
    interval = dag.timetable.infer_manual_data_interval(run_after=pendulum.datetime(2026, 11, 20, 8, 0, tz="UTC"))
    assert (interval.start, interval.end) == (datetime(2026, 11, 20, 7, tzinfo=timezone.utc), datetime(2026, 11, 20, 8, tzinfo=timezone.utc))


def test_every_task_has_a_timeout_and_retries_back_off_except_the_checks(dag):
    for task in dag.tasks:
        assert task.execution_timeout is not None and task.execution_timeout <= timedelta(minutes=30), task.task_id
    retried = [t for t in dag.tasks if t.task_id != "check_quality"]
    assert all(t.retries >= 2 and t.retry_exponential_backoff for t in retried)
    assert dag.get_task("check_quality").retries == 0


def test_the_spark_tasks_submit_the_repository_jobs_with_their_own_lake_identity(dag):
    curate, check = dag.get_task("curate_events"), dag.get_task("check_quality")
    assert Path(curate.application) == DAGS.parent / "spark" / "curate_logs.py" and Path(curate.application).exists()
    assert Path(check.application) == DAGS.parent / "spark" / "check_quality.py" and Path(check.application).exists()
    assert curate.application_args == ["--credentials-env", "LOGPIPE_SPARK"]
    assert check.application_args[-2:] == ["--credentials-env", "LOGPIPE_AIRFLOW"]
    assert curate._conn_id == check._conn_id == "spark_default"  # the provider keeps it private
    # Both jobs start their JVMs with the repository's spark-submit properties: driver and
    # executor options, which the curate job test and the deployed-Airflow test see applied.
    assert curate.properties_file is not None and check.properties_file is not None, "the Spark tasks name no properties file"
    assert Path(curate.properties_file) == Path(check.properties_file) == SPARK_DEFAULTS
    defaults = spark_defaults()
    assert defaults.get("spark.driver.extraJavaOptions") and defaults.get("spark.executor.extraJavaOptions"), defaults


def test_the_dag_file_holds_no_credentials():
    source = (DAGS / "log_pipeline.py").read_text()
    for variable in ("LOGPIPE_SPARK_ACCESS_KEY_ID", "LOGPIPE_SPARK_SECRET_ACCESS_KEY", "AWS_SECRET_ACCESS_KEY"):
        assert variable not in source
    assert "password" not in source.lower()


def run_context(dag, run_after: datetime, data_interval: tuple[datetime, datetime] | None) -> dict:
    """The template context Airflow's task runner builds for a run (task-sdk get_template_context):
    a run triggered without a logical date (`airflow dags trigger`, REST with logical_date null,
    the UI's trigger button) has no data interval, and then no logical_date, ds or
    data_interval_* keys at all."""
    from airflow.sdk.api.datamodels._generated import DagRun
    from airflow.sdk.execution_time.context import MacrosAccessor

    start, end = data_interval if data_interval else (None, None)
    dag_run = DagRun(
        dag_id=dag.dag_id, run_id="manual__test", logical_date=start, data_interval_start=start, data_interval_end=end,
        run_after=run_after, start_date=run_after, run_type="manual", state="running", consumed_asset_events=[],
    )
    context = {"dag": dag, "dag_run": dag_run, "macros": MacrosAccessor(), "run_id": dag_run.run_id}
    if data_interval:
        context.update(logical_date=start, data_interval_start=start, data_interval_end=end)
    return context


@pytest.mark.parametrize(
    "run_after, data_interval, checked",
    [
        # a scheduled run checks its data interval's hour
        (datetime(2026, 11, 20, 8, 0, 3, tzinfo=timezone.utc),
         (datetime(2026, 11, 20, 7, tzinfo=timezone.utc), datetime(2026, 11, 20, 8, tzinfo=timezone.utc)), ["2026-11-20", "07"]),
        # a run without a logical date checks the hour before it was triggered, across midnight too
        (datetime(2026, 11, 20, 8, 41, tzinfo=timezone.utc), None, ["2026-11-20", "07"]),
        (datetime(2026, 11, 21, 0, 5, tzinfo=timezone.utc), None, ["2026-11-20", "23"]),
    ],
    ids=["scheduled", "triggered without a logical date", "triggered after midnight"],
)
def test_check_quality_renders_the_hour_to_check_with_or_without_a_data_interval(dag, run_after, data_interval, checked):
    # GIVEN the context Airflow gives check_quality, rendered as Airflow renders it (StrictUndefined)
    task = dag.get_task("check_quality")
    context = run_context(dag, run_after, data_interval)
    # WHEN its arguments are rendered
    arguments = task.render_template(task.application_args, context, dag.get_template_env())
    # THEN they name the hour to check
    assert arguments[:4] == ["--dt", checked[0], "--hour", checked[1]]
