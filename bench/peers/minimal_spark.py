"""The minimal Spark peer: the Structured Streaming job a data engineer would write first
instead of our sink and curate job. Kafka → from_json with the contract's schema → Parquet
on S3A, run as a batch with trigger(availableNow): it reads what the topic held when it
started and stops. No validation, no quarantine, no de-duplication, no partitioning.

    spark-submit --master local[2] --driver-memory 2g bench/peers/minimal_spark.py --topic T --prefix P

with the project's Spark venv (`bash scripts/python-env.sh`; its pyspark carries the Kafka
and S3A jars) first on PATH and as PYSPARK_PYTHON: spark-submit, a shell script, finds
pyspark with the first python3 on PATH. Writes s3a://$S3_BUCKET/P/ with its checkpoint in s3a://$S3_BUCKET/P-checkpoint/,
so a second run over the same prefix reads only what arrived since. Connection from the
environment: KAFKA_BROKERS, S3_ENDPOINT, S3_REGION, S3_BUCKET, AWS_ACCESS_KEY_ID,
AWS_SECRET_ACCESS_KEY. Prints one JSON line at the end:
{"rows": N, "seconds": S, "query_seconds": Q}: rows read from Kafka (the sum of the
micro-batches' numInputRows), seconds since the job started (SparkSession included),
query_seconds for the query alone.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

# The contract's StructType and the S3A settings that work with MinIO come from the
# project's Spark package: the one source of the schema and of those settings.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "spark"))

from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

from logpipe_spark.config import LakeConfig  # noqa: E402
from logpipe_spark.contract import load_contract  # noqa: E402
from logpipe_spark.session import lake_settings  # noqa: E402


def required_env(name: str, example: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        sys.exit(f"{name} is not set: export it (e.g. {example}), or source .services/services.env")
    return value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", required=True)
    parser.add_argument("--prefix", required=True, help="key prefix in the bucket, e.g. peer-test-1234")
    args = parser.parse_args()
    started = time.monotonic()

    lake = LakeConfig(
        endpoint=required_env("S3_ENDPOINT", "http://127.0.0.1:39000"),
        bucket=required_env("S3_BUCKET", "lake"),
        region=os.environ.get("S3_REGION", "us-east-1"),
        access_key_id=required_env("AWS_ACCESS_KEY_ID", "the lake's access key"),
        secret_access_key=required_env("AWS_SECRET_ACCESS_KEY", "the lake's secret key"),
    )
    builder = SparkSession.builder.appName("minimal-spark-peer")
    for key, value in lake_settings(lake).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()

    prefix = args.prefix.strip("/")
    # Strings, ints and event_time as a timestamp: from_json parses the ISO text, zone included.
    schema = load_contract().curated_schema
    events = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", required_env("KAFKA_BROKERS", "127.0.0.1:39092"))
        .option("subscribe", args.topic)
        .option("startingOffsets", "earliest")
        .load()
        .select(F.from_json(F.col("value").cast("string"), schema).alias("event"))
        .select("event.*")
    )
    query_started = time.monotonic()
    query = (
        events.writeStream.format("parquet")
        .option("path", f"s3a://{lake.bucket}/{prefix}/")
        .option("checkpointLocation", f"s3a://{lake.bucket}/{prefix}-checkpoint/")
        .trigger(availableNow=True)
        .start()
    )
    query.awaitTermination()
    query_seconds = time.monotonic() - query_started
    # availableNow without maxOffsetsPerTrigger reads everything in one micro-batch, well
    # within the 100 progress reports Spark keeps.
    rows = sum(progress["numInputRows"] for progress in query.recentProgress)
    spark.stop()
    print(json.dumps({"rows": rows, "seconds": round(time.monotonic() - started, 3), "query_seconds": round(query_seconds, 3)}), flush=True)


if __name__ == "__main__":
    main()
