"""The curate job end to end, by spark-submit in local mode, against the real Kafka and
MinIO of `npm run services:up`: known events in, exact curated rows and metrics out, and a
second run over the same offsets changes nothing."""
from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

import pytest
from pyspark.sql import functions as F

from fixtures import REPO, SPARK_DEFAULTS, hotspot_values, job_environment, spark_defaults
from kafka import create_topic, produce
from logpipe_spark.lake import path_exists
from records import event

SPARK_SUBMIT = Path(sys.executable).parent / "spark-submit"
ROUTES = ["/", "/products", "/cart", "/checkout"]


def known_events(count: int, seed: int = 0) -> list[dict[str, object]]:
    """Events spread over 06:00–08:59 UTC of 2026-11-20, with statuses, latencies and users
    chosen so every (minute, route) has something to aggregate."""
    events = []
    for i in range(seed, seed + count):
        hour, minute, second = 6 + i % 3, (i * 7) % 60, i % 60
        events.append(event(
            event_time=f"2026-11-20T{hour:02d}:{minute:02d}:{second:02d}.{i % 1000:03d}Z",
            path=ROUTES[i % len(ROUTES)],
            status=500 if i % 13 == 0 else 404 if i % 11 == 0 else 200,
            latency_ms=(i * 37) % 900 + 1,
            user_id=f"u{i % 25}",
        ))
    return events


def percentile(values: list[int], q: float) -> float:
    """Linear interpolation between closest ranks, as Spark's exact percentile."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def expected_metrics(events: list[dict[str, object]]) -> dict[tuple[str, str], dict[str, object]]:
    """The metrics computed in plain Python: the oracle the job's output is checked against."""
    groups: dict[tuple[str, str], list[dict[str, object]]] = defaultdict(list)
    minute_users: dict[str, set[object]] = defaultdict(set)
    for e in events:
        minute = str(e["event_time"])[11:16]
        groups[(minute, str(e["path"]))].append(e)
        minute_users[minute].add(e["user_id"])
    result = {}
    for (minute, route), group in groups.items():
        latencies = [int(e["latency_ms"]) for e in group]
        errors = sum(1 for e in group if int(e["status"]) >= 500)
        result[(minute, route)] = {
            "requests": len(group), "errors": errors, "error_rate": errors / len(group),
            "latency_p50_ms": percentile(latencies, 0.5), "latency_p95_ms": percentile(latencies, 0.95),
            "latency_p99_ms": percentile(latencies, 0.99),
            "active_users": len({e["user_id"] for e in group}), "minute_active_users": len(minute_users[minute]),
        }
    return result


def run_job(env: dict[str, str], *args: str, attempts: int = 1) -> dict[str, object]:
    """Runs the job like Airflow does: up to `attempts` times until it succeeds. Returns its
    `curate.done` record, with the run's wall seconds added as `wall_seconds`."""
    for attempt in range(1, attempts + 1):
        try:
            return run_job_once(env, *args)
        except JobFailed as failure:
            if attempt == attempts:
                pytest.fail(str(failure))
            print(f"\ncurate job attempt {attempt} failed, retrying: {failure.cause}")
    raise AssertionError("unreachable")


class JobFailed(Exception):
    def __init__(self, message: str, cause: str):
        super().__init__(message)
        self.cause = cause


def run_job_once(env: dict[str, str], *args: str) -> dict[str, object]:
    started = time.monotonic()
    result = subprocess.run(
        [str(SPARK_SUBMIT), "--master", "local[2]", "--properties-file", str(SPARK_DEFAULTS),
         "--conf", "spark.ui.enabled=false", "--driver-memory", "1g",
         str(REPO / "spark" / "curate_logs.py"), "--credentials-env", "LOGPIPE_SPARK", *args],
        env=env, capture_output=True, text=True, timeout=600,
    )
    seconds = time.monotonic() - started
    if result.returncode != 0:
        output = result.stdout + result.stderr
        causes = [line for line in output.splitlines() if "Exception" in line or "Error" in line][:15]
        raise JobFailed(f"curate job failed ({result.returncode}):\n" + "\n".join(causes) + f"\n...\n{output[-3000:]}",
                        causes[0] if causes else "no exception in the output")
    # spark-submit merges the Python driver's stderr, where the job logs, into its stdout.
    done = [line for line in result.stdout.splitlines() if '"curate.done"' in line]
    print(f"\ncurate job: {seconds:.1f} s; {done[-1] if done else 'no summary'}")
    assert done, f"the job logged no curate.done:\n{result.stdout[-3000:]}"
    started_with = [json.loads(line) for line in result.stdout.splitlines() if '"curate.start"' in line]
    start = started_with[-1] if started_with else {}
    return {**json.loads(done[-1]), "wall_seconds": seconds,
            **{key: start.get(key) for key in ("jvm_options", "spark", "max_offsets_per_trigger", "read_tasks")}}


def lake_files(spark, path: str) -> list[tuple[str, int, int]]:
    """(key, size, modification time) of every object under `path`; [] when there is none."""
    jvm = spark.sparkContext._jvm
    root = jvm.org.apache.hadoop.fs.Path(path)
    fs = root.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if not fs.exists(root):
        return []
    files, it = [], fs.listFiles(root, True)
    while it.hasNext():
        status = it.next()
        files.append((status.getPath().toString(), status.getLen(), status.getModificationTime()))
    return sorted(files)


def replay_checkpoint_of_last_batch(spark, checkpoint: str) -> int:
    """Removes the commit of the checkpoint's last batch, so the next run replays that batch,
    and returns the batch's id."""
    jvm = spark.sparkContext._jvm
    commits = jvm.org.apache.hadoop.fs.Path(f"{checkpoint}/commits")
    fs = commits.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    batch_ids = [int(status.getPath().getName()) for status in fs.listStatus(commits) if status.getPath().getName().isdigit()]
    assert batch_ids, f"no committed batch under {commits}"
    last = max(batch_ids)
    assert fs.delete(jvm.org.apache.hadoop.fs.Path(f"{checkpoint}/commits/{last}"), False)
    return last


def metrics_by_key(spark, path: str) -> dict[tuple[str, str], dict[str, object]]:
    rows = spark.read.parquet(path).collect()
    keys = ["requests", "errors", "error_rate", "latency_p50_ms", "latency_p95_ms", "latency_p99_ms", "active_users", "minute_active_users"]
    return {(r.minute.strftime("%H:%M"), r.route): {k: r[k] for k in keys} for r in rows}


def test_curates_known_events_exactly_once_and_a_second_run_changes_nothing(spark, services, lake):
    topic = f"logs-pytest-{uuid.uuid4().hex[:8]}"
    bootstrap = services["KAFKA_BROKERS"]
    create_topic(spark, bootstrap, topic, partitions=3)
    env = job_environment(services, lake, topic)

    # GIVEN 1,200 distinct events, 60 of them sent twice, and 5 malformed records
    events = known_events(1200)
    malformed = ["{not json", '"a string"', "[]", '{"schema_version": 1}', json.dumps(event(status=999))]
    produce(spark, bootstrap, topic, events + events[:60] + malformed)

    # WHEN the job runs, in micro-batches of at most 633 records
    first = run_job(env, "--max-offsets-per-trigger", "633")
    assert first["spark_started"] is True and first["consumed"] == 1265
    # (in two batches, as 1,265 records at 633 each take: Spark rounds each partition's share
    # of the limit down, which left a third batch of a record or two until the job evened the
    # limit out over the backlog it found before starting Spark)
    assert first["batches"] == 2 and first["max_offsets_per_trigger"] == 635, first
    # (each batch read by six tasks: the three partitions split in two for the two cores)
    assert first["read_tasks"] == 6, first
    # (its driver's JVM ran with the options of spark/spark-defaults.conf, each known to the JVM,
    # and the executors are given theirs)
    defaults = spark_defaults()
    driver, executors = defaults["spark.driver.extraJavaOptions"], defaults["spark.executor.extraJavaOptions"]
    assert hotspot_values(driver) and hotspot_values(driver).items() <= first["jvm_options"]["driver"].items()
    # (Spark puts its own default options, such as -XX:+IgnoreUnrecognizedVMOptions, first)
    assert set(executors.split()) <= set(first["jvm_options"]["executors"])
    # (and it logs where it ran: the master it was submitted to, and its application)
    assert first["spark"]["master"] == "local[2]" and first["spark"]["application_id"].startswith("local-")

    # THEN every event is curated once, with its values, in the hour it happened
    curated = spark.read.parquet(lake.curated_events)
    assert curated.count() == 1200
    assert curated.select("event_id").distinct().count() == 1200
    got = {r.event_id: r for r in curated.collect()}
    for e in events:
        row = got[e["event_id"]]
        assert (row.path, row.status, row.latency_ms, row.user_id) == (e["path"], e["status"], e["latency_ms"], e["user_id"])
        assert (row.dt, row.hour) == ("2026-11-20", str(e["event_time"])[11:13])
    assert sorted(r.hour for r in curated.select("hour").distinct().collect()) == ["06", "07", "08"]

    # AND the malformed records are quarantined whole, with a reason each
    quarantine = spark.read.parquet(lake.quarantine).collect()
    assert sorted(r.raw_value for r in quarantine) == sorted(malformed)
    assert all(r.reason for r in quarantine)
    assert any("status: above the maximum 599" in r.reason for r in quarantine)

    # AND the metrics equal the ones computed independently from the events
    actual, expected = metrics_by_key(spark, lake.curated_metrics), expected_metrics(events)
    assert actual.keys() == expected.keys()
    for key in expected:
        assert actual[key] == pytest.approx(expected[key]), key

    # AND the batch reports account for every valid record consumed
    reports = spark.read.parquet(lake.batch_reports)
    totals = reports.agg(F.sum("valid"), F.sum("curated"), F.sum("quarantined"), F.countDistinct("batch_id")).first()
    assert tuple(totals)[:3] == (1260, 1200, 5)
    assert totals[3] == 2  # duplicates span batches

    # WHEN the job runs again over the same offsets
    before = {zone: lake_files(spark, lake.zone(zone, "")) for zone in ("curated", "quarantine")}
    second = run_job(env)
    # THEN it sees from the checkpoint and the topic's end offsets that there is nothing to
    # read, and stops before starting Spark
    assert second["spark_started"] is False and second["consumed"] == 0, second
    # AND not one object of the curated and quarantine zones changed
    assert {zone: lake_files(spark, lake.zone(zone, "")) for zone in ("curated", "quarantine")} == before
    # AND Spark itself, made to start, finds nothing to do either
    forced = run_job(env, "--always-start-spark")
    assert forced["spark_started"] is True and forced["batches"] == 0, forced
    assert {zone: lake_files(spark, lake.zone(zone, "")) for zone in ("curated", "quarantine")} == before

    # WHEN the last batch is replayed, as after a crash between its writes and the offset
    # commit (its commit file is removed from the checkpoint, so Spark runs it again)
    uncommitted = replay_checkpoint_of_last_batch(spark, lake.checkpoint)
    # Spark 4.1.1's Kafka source fails the progress report after a replayed batch
    # (SPARK-55271), after the batch's writes and commit: Airflow's retry finishes the run.
    run_job(env, attempts=2)
    # THEN Spark runs that batch again (a batch without its commit is not taken for a topic
    # read to its end) and commits it
    assert path_exists(spark, f"{lake.checkpoint}/commits/{uncommitted}")
    # AND the lake holds exactly what it held: no row twice, no row lost, same metrics
    curated = spark.read.parquet(lake.curated_events)
    assert curated.count() == 1200 and curated.select("event_id").distinct().count() == 1200
    assert spark.read.parquet(lake.quarantine).count() == 5
    actual = metrics_by_key(spark, lake.curated_metrics)
    assert actual.keys() == expected.keys() and all(actual[k] == pytest.approx(expected[k]) for k in expected)
    assert tuple(spark.read.parquet(lake.batch_reports).agg(F.sum("valid"), F.sum("quarantined")).first()) == (1260, 5)

    # WHEN new events arrive: 30 new ones (10 of them late, for 06:xx), 20 re-sent old ones, 1 malformed
    late = [dict(e, event_time="2026-11-20T06" + str(e["event_time"])[13:]) for e in known_events(10, seed=5000)]
    fresh = late + known_events(20, seed=6000)
    produce(spark, bootstrap, topic, fresh + events[100:120] + ["{"])
    third = run_job(env)
    assert third["spark_started"] is True and third["consumed"] == 51, third
    # THEN exactly the 30 new events are added and the metrics cover all distinct events
    curated = spark.read.parquet(lake.curated_events)
    assert curated.count() == 1230 and curated.select("event_id").distinct().count() == 1230
    actual, expected = metrics_by_key(spark, lake.curated_metrics), expected_metrics(events + fresh)
    assert actual.keys() == expected.keys()
    for key in expected:
        assert actual[key] == pytest.approx(expected[key]), key
    assert spark.read.parquet(lake.quarantine).count() == 6

    print(f"curate job: 1,265 records in {first['wall_seconds']:.1f} s (first run), idle re-run {second['wall_seconds']:.1f} s "
          f"(Spark forced: {forced['wall_seconds']:.1f} s)")
