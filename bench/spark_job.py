"""npm run bench:spark: what the curate job costs, by spark-submit in local mode against the
local services (npm run services:up). Not a test: these machines are shared and noisy, so it
reports medians over 3 runs, each on a fresh topic and lake prefix, and besides wall time the
figures other processes do not disturb much: CPU seconds and Spark jobs.

Per run: N known events (plus 1% re-sent) are produced, then the job runs three times:
  first  curates everything (the figures that matter: CPU-s per 1M events, events/s),
  idle   runs again over the same offsets (finds nothing new, and stops before Spark starts);
  idle with Spark   the same, with --always-start-spark (the fixed cost of a run that starts Spark).
Per job run: wall seconds; CPU seconds (user + system) and peak RSS of the spark-submit
process tree (its JVM and the Python driver), from wait4; and, from Spark's event log, the
Spark jobs it ran, per micro-batch, and the executor CPU of each action (call site), which
shows where the time goes. Writes bench/spark-results.json. N is --events (default 100,000).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "spark"))
sys.path.insert(0, str(REPO / "spark" / "tests"))

from fixtures import job_environment, read_services_env  # noqa: E402
from kafka import create_topic, produce  # noqa: E402
from test_curate_job import known_events  # noqa: E402

from logpipe_spark.config import LakeConfig  # noqa: E402
from logpipe_spark.session import local_session  # noqa: E402

# The Spark property that names the micro-batch a job belongs to (StreamExecution.BATCH_ID_KEY).
BATCH_ID_PROPERTY = "streaming.sql.batchId"
# Actions listed per job run, the costliest first.
TOP_CALL_SITES = 8


@dataclass
class SparkJobs:
    """What Spark's event log says one application did."""

    total: int = 0
    per_batch: dict[str, int] = field(default_factory=dict)
    # call site → [jobs, executor CPU seconds, wall seconds of the jobs]
    by_call_site: dict[str, list[float]] = field(default_factory=dict)

    def top(self, n: int = TOP_CALL_SITES) -> list[dict[str, object]]:
        ranked = sorted(self.by_call_site.items(), key=lambda item: -item[1][1])[:n]
        return [{"call_site": site, "jobs": int(jobs), "executor_cpu_s": round(cpu, 1), "job_wall_s": round(wall, 1)}
                for site, (jobs, cpu, wall) in ranked]


@dataclass
class JobRun:
    wall_s: float
    cpu_s: float
    peak_rss_mb: int
    spark_jobs: SparkJobs
    summary: dict[str, object]


def read_event_log(folder: Path, spark_started: bool = True) -> SparkJobs:
    """Counts the jobs in the (single) event log under `folder` and the executor CPU of each;
    none for a run that stopped before starting Spark (nothing new to read), which writes no log."""
    logs = list(folder.iterdir())
    if not logs and not spark_started:
        return SparkJobs()
    if len(logs) != 1:
        sys.exit(f"expected one Spark event log in {folder}, found {[p.name for p in logs]}")
    job_site: dict[int, str] = {}
    job_started: dict[int, float] = {}
    stage_job: dict[int, int] = {}
    per_batch: Counter[str] = Counter()
    by_site: dict[str, list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    with logs[0].open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            kind = record["Event"]
            if kind == "SparkListenerJobStart":
                job, properties = record["Job ID"], record.get("Properties") or {}
                site = properties.get("callSite.short", "?")
                job_site[job], job_started[job] = site, record["Submission Time"] / 1000
                for stage in record["Stage IDs"]:
                    stage_job[stage] = job
                per_batch[properties.get(BATCH_ID_PROPERTY, "none")] += 1
                by_site[site][0] += 1
            elif kind == "SparkListenerJobEnd":
                job = record["Job ID"]
                by_site[job_site[job]][2] += record["Completion Time"] / 1000 - job_started[job]
            elif kind == "SparkListenerTaskEnd":
                job = stage_job.get(record["Stage ID"])
                metrics = record.get("Task Metrics") or {}
                if job is not None:
                    by_site[job_site[job]][1] += metrics.get("Executor CPU Time", 0) / 1e9
    return SparkJobs(total=len(job_site), per_batch=dict(sorted(per_batch.items())), by_call_site=dict(by_site))


def timed_job(env: dict[str, str], keep_event_log: Path | None = None, *job_args: str) -> JobRun:
    """Runs the job once by spark-submit; its CPU and peak RSS come from wait4, which counts the
    process and every descendant it waited for (the JVM and the Python driver)."""
    with tempfile.TemporaryDirectory(prefix="logpipe-bench-") as scratch:
        event_log = Path(scratch) / "events"
        event_log.mkdir()
        output = Path(scratch) / "output"
        command = [
            str(Path(sys.executable).parent / "spark-submit"), "--master", "local[2]", "--driver-memory", "2g",
            "--properties-file", str(REPO / "spark" / "spark-defaults.conf"),
            "--conf", "spark.ui.enabled=false", "--conf", "spark.log.level=WARN",
            # One plain event log file (Spark 4 rolls and compresses them by default).
            "--conf", "spark.eventLog.enabled=true", "--conf", f"spark.eventLog.dir=file://{event_log}",
            "--conf", "spark.eventLog.rolling.enabled=false", "--conf", "spark.eventLog.compress=false",
            str(REPO / "spark" / "curate_logs.py"), "--credentials-env", "LOGPIPE_SPARK", *job_args,
        ]
        started = time.monotonic()
        with output.open("w+", encoding="utf-8") as out:
            process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
            _, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            seconds = time.monotonic() - started
            out.seek(0)
            text = out.read()
        if keep_event_log is not None:
            keep_event_log.mkdir(parents=True, exist_ok=True)
            for log_file in event_log.iterdir():
                log_file.rename(keep_event_log / log_file.name)
            event_log = keep_event_log
        if process.returncode != 0:
            sys.exit(f"curate job failed ({process.returncode}):\n{text[-6000:]}")
        # spark-submit merges the Python driver's stderr, where the job logs, into its stdout.
        done = [json.loads(line) for line in text.splitlines() if '"curate.done"' in line]
        if not done:
            sys.exit(f"the curate job logged no curate.done:\n{text[-3000:]}")
        return JobRun(
            wall_s=seconds, cpu_s=usage.ru_utime + usage.ru_stime, peak_rss_mb=usage.ru_maxrss // 1024,
            spark_jobs=read_event_log(event_log, spark_started=done[-1]["spark_started"]), summary=done[-1],
        )


def describe(run: JobRun) -> dict[str, object]:
    return {
        "wall_s": round(run.wall_s, 1), "cpu_s": round(run.cpu_s, 1), "peak_rss_mb": run.peak_rss_mb,
        "spark_jobs": run.spark_jobs.total, "spark_jobs_per_batch": run.spark_jobs.per_batch,
        "costliest_actions": run.spark_jobs.top(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep-event-logs", type=Path, help="a folder to keep Spark's event logs in (run<n>-first/, run<n>-idle-spark/)")
    args = parser.parse_args()
    services = read_services_env()
    if services is None:
        sys.exit("no .services/services.env: run `npm run services:up` first")
    spark = local_session("logpipe-bench-producer")
    events = known_events(args.events)
    sent = events + events[: args.events // 100]
    runs = []
    for run in range(args.runs):
        lake = LakeConfig(endpoint=services["S3_ENDPOINT"], bucket=services["S3_BUCKET"], prefix=f"bench-{uuid.uuid4().hex[:8]}/",
                          access_key_id=services["AWS_ACCESS_KEY_ID"], secret_access_key=services["AWS_SECRET_ACCESS_KEY"])
        topic = f"logs-bench-{uuid.uuid4().hex[:8]}"
        create_topic(spark, services["KAFKA_BROKERS"], topic, partitions=3)
        produce(spark, services["KAFKA_BROKERS"], topic, sent)
        env = job_environment(services, lake, topic)
        keep = args.keep_event_logs
        first = timed_job(env, keep / f"run{run + 1}-first" if keep else None)
        idle = timed_job(env, keep / f"run{run + 1}-idle" if keep else None)
        idle_spark = timed_job(env, keep / f"run{run + 1}-idle-spark" if keep else None, "--always-start-spark")
        assert first.summary["curated"] == args.events, first.summary
        assert idle.summary["consumed"] == 0 and idle.summary["spark_started"] is False, idle.summary
        assert idle_spark.summary["consumed"] == 0 and idle_spark.summary["spark_started"] is True, idle_spark.summary
        runs.append({"batches": first.summary["batches"], "first": describe(first), "idle": describe(idle), "idle_spark": describe(idle_spark)})
        print(f"run {run + 1}: {len(sent):,} records → {first.summary['curated']:,} curated in {first.wall_s:.1f} s, "
              f"{first.cpu_s:.1f} CPU-s ({first.cpu_s * 1e6 / len(sent):.0f} CPU-s per 1M records), {first.spark_jobs.total} Spark jobs, "
              f"peak RSS {first.peak_rss_mb} MB; idle re-run {idle.wall_s:.1f} s, {idle.cpu_s:.1f} CPU-s; "
              f"idle re-run with Spark started anyway {idle_spark.wall_s:.1f} s, {idle_spark.cpu_s:.1f} CPU-s, {idle_spark.spark_jobs.total} Spark jobs",
              flush=True)
    spark.stop()

    def median(phase: str, figure: str) -> float:
        return statistics.median(r[phase][figure] for r in runs)

    first_s, idle_spark_s, first_cpu = median("first", "wall_s"), median("idle_spark", "wall_s"), median("first", "cpu_s")
    results = {
        "events": args.events, "records": len(sent), "runs": runs,
        "median_first_s": first_s, "median_idle_s": median("idle", "wall_s"), "median_idle_spark_s": idle_spark_s,
        "median_first_cpu_s": first_cpu, "median_idle_cpu_s": median("idle", "cpu_s"), "median_idle_spark_cpu_s": median("idle_spark", "cpu_s"),
        "median_cpu_s_per_1m_records": round(first_cpu * 1e6 / len(sent), 1),
        "median_peak_rss_mb": median("first", "peak_rss_mb"),
        "median_spark_jobs_first": median("first", "spark_jobs"), "median_spark_jobs_idle_spark": median("idle_spark", "spark_jobs"),
        # The fixed cost of a run that does start Spark: the idle run with Spark started anyway.
        "median_events_per_s": round(args.events / first_s), "median_events_per_s_beyond_fixed_cost": round(args.events / max(first_s - idle_spark_s, 0.1)),
    }
    (REPO / "bench" / "spark-results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
