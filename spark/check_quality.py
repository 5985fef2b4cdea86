"""spark-submit entry point of the data-quality checks of one hour of the curated zone.

    spark-submit --properties-file spark/spark-defaults.conf spark/check_quality.py --dt 2026-11-24 --hour 07 [--credentials-env LOGPIPE_AIRFLOW]

Exits 1, listing every violation, when the hour breaks a check (logpipe_spark/quality.py);
needs read access to curated/ only.
"""
from __future__ import annotations

import argparse
import re
import sys

from pyspark.sql import functions as F

from logpipe_spark.cli import configure, job_parser
from logpipe_spark.lake import read_table
from logpipe_spark.log import log
from logpipe_spark.quality import violations
from logpipe_spark.session import build_session


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = job_parser("Check one hour of the curated zone; exit 1 on any violation.")
    parser.add_argument("--dt", required=True, help="UTC date of the hour, YYYY-MM-DD")
    parser.add_argument("--hour", required=True, help="UTC hour, 00-23")
    args = parser.parse_args(argv)
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", args.dt):
        parser.error(f"--dt must be YYYY-MM-DD, but {args.dt!r} was provided")
    if not re.fullmatch(r"\d{1,2}", args.hour) or not 0 <= int(args.hour) <= 23:
        parser.error(f"--hour must be between 00 and 23, but {args.hour!r} was provided")
    args.hour = f"{int(args.hour):02d}"
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    contract, lake, _ = configure("quality", args)
    where = f"dt={args.dt}/hour={args.hour}"
    spark = build_session("logpipe-check-quality", lake, master=args.master)
    try:
        def hour_of(path: str):
            table = read_table(spark, path)
            return None if table is None else table.where((F.col("dt") == args.dt) & (F.col("hour") == args.hour))

        events = hour_of(lake.curated_events)
        found = violations(events, hour_of(lake.curated_metrics), hour_of(lake.batch_reports), contract, where)
        checked = events.count() if events is not None else 0
    finally:
        spark.stop()
    if found:
        log("quality.failed", level="error", where=where, violations=found)
        for problem in found:
            print(f"DATA QUALITY VIOLATION: {problem}", file=sys.stderr)
        return 1
    log("quality.passed", where=where, curated_events=checked)
    return 0

if __name__ == "__main__":
    sys.exit(main())
