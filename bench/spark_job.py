"""npm run bench:spark: how long the curate job takes, by spark-submit in local mode against
the local services (npm run services:up). Not a test: these machines are shared and noisy,
so it reports medians over 3 runs, each on a fresh topic and lake prefix.

Per run: N known events (plus 1% re-sent) are produced, then the job runs twice:
  first  curates everything (the figure that matters: events/s),
  idle   runs again over the same offsets (finds nothing new; the fixed cost of a run).
Writes bench/spark-results.json. N is --events (default 100,000).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "spark"))
sys.path.insert(0, str(REPO / "spark" / "tests"))

from fixtures import job_environment, read_services_env  # noqa: E402
from kafka import create_topic, produce  # noqa: E402
from test_curate_job import known_events  # noqa: E402

from logpipe_spark.config import LakeConfig  # noqa: E402
from logpipe_spark.session import local_session  # noqa: E402


def timed_job(env: dict[str, str]) -> tuple[float, dict[str, object]]:
    started = time.monotonic()
    result = subprocess.run(
        [str(Path(sys.executable).parent / "spark-submit"), "--master", "local[2]", "--driver-memory", "2g",
         "--conf", "spark.ui.enabled=false", "--conf", "spark.log.level=WARN",
         str(REPO / "spark" / "curate_logs.py"), "--credentials-env", "LOGPIPE_SPARK"],
        env=env, capture_output=True, text=True, check=False,
    )
    seconds = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"curate job failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    done = [json.loads(line) for line in result.stdout.splitlines() if '"curate.done"' in line]
    return seconds, done[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
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
        first, summary = timed_job(env)
        idle, _ = timed_job(env)
        assert summary["curated"] == args.events, summary
        runs.append({"first_s": round(first, 1), "idle_s": round(idle, 1), "batches": summary["batches"]})
        print(f"run {run + 1}: {len(sent):,} records → {summary['curated']:,} curated in {first:.1f} s; idle re-run {idle:.1f} s", flush=True)
    spark.stop()
    first = statistics.median(r["first_s"] for r in runs)
    idle = statistics.median(r["idle_s"] for r in runs)
    results = {
        "events": args.events, "records": len(sent), "runs": runs,
        "median_first_s": first, "median_idle_s": idle,
        "median_events_per_s": round(args.events / first), "median_events_per_s_beyond_fixed_cost": round(args.events / max(first - idle, 0.1)),
    }
    (REPO / "bench" / "spark-results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
