"""spark-submit entry point of the curate job (see logpipe_spark/curate.py).

    spark-submit --properties-file spark/spark-defaults.conf spark/curate_logs.py [--credentials-env LOGPIPE_SPARK]

(spark-defaults.conf: the JVM options the DAG starts it with.)

Reads LOGPIPE_KAFKA_BOOTSTRAP_SERVERS, LOGPIPE_KAFKA_TOPIC, LOGPIPE_S3_ENDPOINT,
LOGPIPE_LAKE_BUCKET (and optionally LOGPIPE_LAKE_PREFIX, LOGPIPE_S3_REGION,
LOGPIPE_EVENT_CONTRACT) and the credentials named by --credentials-env from the environment.
"""
from __future__ import annotations

import argparse
import sys

from logpipe_spark import curate
from logpipe_spark.cli import configure, job_parser
from logpipe_spark.config import KafkaConfig, kafka_from_env
from logpipe_spark.session import build_session


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = job_parser("Curate the logs topic into the lake (bounded, idempotent).")
    parser.add_argument("--max-offsets-per-trigger", type=int, help=f"records per micro-batch (default {KafkaConfig.max_offsets_per_trigger}; a run's backlog is split into batches "
                             "of even size, which may exceed it by fewer records than the topic has partitions)")
    parser.add_argument("--always-start-spark", action="store_true",
                        help="start Spark even when the checkpoint shows every record of the topic read (by default such a run stops before it)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    contract, lake, kafka = configure("curate", args, lambda: kafka_from_env(max_offsets_per_trigger=args.max_offsets_per_trigger))
    progress = None if args.always_start_spark else curate.progress_before_spark(lake, kafka)
    if progress is not None and progress.caught_up:
        return 0
    spark = build_session("logpipe-curate-logs", lake, master=args.master)
    try:
        kafka = curate.fitted_to_backlog(kafka, progress, curate.application_cores(spark))
        curate.run(spark, contract, lake, kafka)
    finally:
        spark.stop()
    return 0

if __name__ == "__main__":
    sys.exit(main())
