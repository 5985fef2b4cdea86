"""spark-submit entry point of the curate job (see logpipe_spark/curate.py).

    spark-submit spark/curate_logs.py [--credentials-env LOGPIPE_SPARK] [--master local[2]]

Reads LOGPIPE_KAFKA_BOOTSTRAP_SERVERS, LOGPIPE_KAFKA_TOPIC, LOGPIPE_S3_ENDPOINT,
LOGPIPE_LAKE_BUCKET (and optionally LOGPIPE_LAKE_PREFIX, LOGPIPE_S3_REGION,
LOGPIPE_EVENT_CONTRACT) and the credentials named by --credentials-env from the environment.
"""
from __future__ import annotations

import argparse
import os
import time
import sys

from logpipe_spark import curate
from logpipe_spark.config import ConfigError, kafka_from_env, lake_from_env
from logpipe_spark.contract import ContractError, load_contract
from logpipe_spark.log import log
from logpipe_spark.session import build_session


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Curate the logs topic into the lake (bounded, idempotent).")
    parser.add_argument("--credentials-env", default="AWS", help="prefix of <PREFIX>_ACCESS_KEY_ID / <PREFIX>_SECRET_ACCESS_KEY (default AWS)")
    parser.add_argument("--contract", help="path of event.schema.json (default: $LOGPIPE_EVENT_CONTRACT, else the repository's)")
    parser.add_argument("--lake-prefix", help="key prefix of the zones in the bucket (default: $LOGPIPE_LAKE_PREFIX, else none)")
    parser.add_argument("--max-offsets-per-trigger", type=int, help="records per micro-batch (default 200000)")
    parser.add_argument("--master", help="Spark master when not run by spark-submit, e.g. local[2]")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # Times collected into Python (logs, messages) are naive local times: make local UTC.
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        contract = load_contract(args.contract)
        lake = lake_from_env(credentials_prefix=args.credentials_env, prefix=args.lake_prefix)
        kafka = kafka_from_env(max_offsets_per_trigger=args.max_offsets_per_trigger)
    except (ConfigError, ContractError) as error:
        log("curate.config_error", level="error", error=str(error))
        return 2
    spark = build_session("logpipe-curate-logs", lake, master=args.master)
    try:
        curate.run(spark, contract, lake, kafka)
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
