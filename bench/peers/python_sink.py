"""The Python peer of our sink (runtime/src/sink): what a data engineer would write instead.

Drains a topic into Parquet on S3 and stops: every partition is read from the group's
committed offset (the earliest one when the group has none) up to the high watermark it had
when the run started, in files of at most --rows rows per partition:

    <bucket>/<prefix>/partition=<p>/<first offset>-<last offset>.parquet   (snappy)

A partition's offsets are committed only once its file is uploaded, so a crash re-reads what
was not written (at least once; a rewritten file has the same key and replaces the old one).
No validation, no dead letters, no grouping by event hour: the values are parsed as JSON
lines with the contract's schema (runtime/src/contract/event.schema.json), and a value that
does not parse fails the run.

    python_sink.py --topic T --group G --prefix P [--rows 100000]

Connection from the environment: KAFKA_BROKERS, S3_ENDPOINT, S3_REGION, S3_BUCKET,
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY. Prints one JSON line at the end:
{"rows": N, "files": F, "seconds": S}; progress goes to stderr as JSON lines.
"""
from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pyarrow as pa
import pyarrow.fs as pa_fs
import pyarrow.json as pa_json
import pyarrow.parquet as pq
from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition

CONTRACT_PATH = Path(__file__).resolve().parents[2] / "runtime" / "src" / "contract" / "event.schema.json"
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
# Messages asked for per consume() call, and how long it may wait for them.
CONSUME_BATCH_MESSAGES = 10_000
CONSUME_TIMEOUT_S = 1.0
# pyarrow refuses to parse "…05.123456Z" straight into a millisecond timestamp (it will not
# drop digits), so date-times are parsed at nanosecond precision and then truncated to
# milliseconds, as our sink's `new Date(text)` does.
PARSE_TIMESTAMP = pa.timestamp("ns", tz="UTC")
STORED_TIMESTAMP = pa.timestamp("ms", tz="UTC")


def log(event: str, **fields: object) -> None:
    print(json.dumps({"event": f"python_sink.{event}", **fields}), file=sys.stderr, flush=True)


def required_env(name: str, example: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        sys.exit(f"{name} is not set: export it (e.g. {example}), or source .services/services.env")
    return value


def arrow_schema(contract: dict) -> pa.Schema:
    """The Parquet schema of the contract, by our sink's rule (runtime/src/contract): a
    date-time string → timestamp(ms, UTC); string → string; integer → int32 when its declared
    range fits, else int64; nullable unless required and not typed "null"."""
    required = set(contract.get("required", []))
    fields = []
    for name, spec in contract["properties"].items():
        types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
        base = next(t for t in types if t != "null")
        if base == "string":
            arrow_type = STORED_TIMESTAMP if spec.get("format") == "date-time" else pa.string()
        elif base == "integer":
            fits = spec.get("minimum", float("-inf")) >= INT32_MIN and spec.get("maximum", float("inf")) <= INT32_MAX
            arrow_type = pa.int32() if fits else pa.int64()
        else:
            raise ValueError(f"field {name!r}: type {spec['type']!r} is neither string nor integer: extend arrow_schema()")
        fields.append(pa.field(name, arrow_type, nullable="null" in types or name not in required))
    return pa.schema(fields)


class ParquetWriter:
    """Turns one partition's buffered values into one Parquet object on S3."""

    def __init__(self, schema: pa.Schema, filesystem: pa_fs.S3FileSystem, bucket: str, prefix: str):
        self.schema = schema
        parse_schema = pa.schema([f.with_type(PARSE_TIMESTAMP) if f.type == STORED_TIMESTAMP else f for f in schema])
        # Fields outside the contract are dropped rather than inferred: every file keeps one schema.
        self.parse_options = pa_json.ParseOptions(explicit_schema=parse_schema, unexpected_field_behavior="ignore")
        self.filesystem = filesystem
        self.root = f"{bucket}/{prefix.strip('/')}"

    def write(self, partition: int, first: int, last: int, values: list[bytes]) -> str:
        parsed = pa_json.read_json(io.BytesIO(b"\n".join(values)), parse_options=self.parse_options)
        # A value holding a raw line break would be read as two rows (or fail): never write a
        # file whose rows are not the records it claims to hold.
        if parsed.num_rows != len(values):
            raise RuntimeError(f"partition {partition} offsets {first}-{last}: {len(values)} records parsed into {parsed.num_rows} rows")
        table = parsed.cast(self.schema, safe=False)  # safe=False: truncate ns → ms
        key = f"{self.root}/partition={partition}/{first}-{last}.parquet"
        pq.write_table(table, key, filesystem=self.filesystem, compression="snappy")
        return key


def s3_filesystem() -> pa_fs.S3FileSystem:
    endpoint = urlparse(required_env("S3_ENDPOINT", "http://127.0.0.1:39000"))
    return pa_fs.S3FileSystem(
        endpoint_override=endpoint.netloc,
        scheme=endpoint.scheme or "http",
        access_key=required_env("AWS_ACCESS_KEY_ID", "the lake's access key"),
        secret_key=required_env("AWS_SECRET_ACCESS_KEY", "the lake's secret key"),
        region=os.environ.get("S3_REGION", "us-east-1"),
    )


def drain(consumer: Consumer, topic: str, writer: ParquetWriter, max_rows: int) -> tuple[int, int]:
    """Writes every partition up to its starting high watermark; returns (rows, files)."""
    metadata = consumer.list_topics(topic, timeout=10)
    if metadata.topics[topic].error is not None:
        raise KafkaException(metadata.topics[topic].error)
    partitions = sorted(metadata.topics[topic].partitions)
    ends = {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1] for p in partitions}
    starts = {}
    for tp in consumer.committed([TopicPartition(topic, p) for p in partitions], timeout=10):
        starts[tp.partition] = tp.offset if tp.offset >= 0 else consumer.get_watermark_offsets(tp, timeout=10)[0]
    pending = {p for p in partitions if starts[p] < ends[p]}
    log("start", topic=topic, partitions={p: [starts[p], ends[p]] for p in partitions})
    # One process owns every partition for the whole run, so partitions are assigned, not
    # subscribed to: a group rebalance would only add its delay. Commits still go to the group.
    consumer.assign([TopicPartition(topic, p, starts[p]) for p in pending])

    buffers: dict[int, list[bytes]] = {p: [] for p in partitions}
    first_offsets: dict[int, int] = {}
    rows = files = 0

    def flush(partition: int, last: int) -> None:
        nonlocal rows, files
        values = buffers[partition]
        key = writer.write(partition, first_offsets[partition], last, values)
        consumer.commit(offsets=[TopicPartition(topic, partition, last + 1)], asynchronous=False)
        rows += len(values)
        files += 1
        log("file", key=key, rows=len(values), total_rows=rows)
        buffers[partition] = []

    def finish(partition: int, last: int) -> None:
        if buffers[partition]:
            flush(partition, last)
        pending.discard(partition)
        # Nothing past the starting watermark is wanted in this run.
        consumer.pause([TopicPartition(topic, partition)])

    last_offsets: dict[int, int] = {}
    while pending:
        for message in consumer.consume(num_messages=CONSUME_BATCH_MESSAGES, timeout=CONSUME_TIMEOUT_S):
            partition = message.partition()
            error = message.error()
            if error is not None:
                # The end of what the partition holds now: done if that is its starting watermark
                # (the last records before it may be transaction markers, which are never delivered).
                if error.code() == KafkaError._PARTITION_EOF:
                    if partition in pending and message.offset() >= ends[partition]:
                        finish(partition, last_offsets.get(partition, -1))
                    continue
                raise KafkaException(error)
            offset = message.offset()
            if partition not in pending or offset >= ends[partition]:
                continue  # left uncommitted: the next run reads it
            if not buffers[partition]:
                first_offsets[partition] = offset
            buffers[partition].append(message.value())
            last_offsets[partition] = offset
            if offset + 1 >= ends[partition]:
                finish(partition, offset)
            elif len(buffers[partition]) >= max_rows:
                flush(partition, offset)
    return rows, files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", required=True)
    parser.add_argument("--group", required=True, help="consumer group whose offsets are committed")
    parser.add_argument("--prefix", required=True, help="key prefix in the bucket, e.g. peer-test-1234")
    parser.add_argument("--rows", type=int, default=100_000, help="most rows in one file (default 100000)")
    args = parser.parse_args()
    if args.rows < 1:
        sys.exit(f"--rows must be at least 1, but {args.rows} was provided")

    started = time.monotonic()
    writer = ParquetWriter(
        arrow_schema(json.loads(CONTRACT_PATH.read_text(encoding="utf-8"))),
        s3_filesystem(),
        required_env("S3_BUCKET", "lake"),
        args.prefix,
    )
    consumer = Consumer({
        "bootstrap.servers": required_env("KAFKA_BROKERS", "127.0.0.1:39092"),
        "group.id": args.group,
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        "enable.partition.eof": True,
    })
    try:
        rows, files = drain(consumer, args.topic, writer, args.rows)
    finally:
        consumer.close()
    print(json.dumps({"rows": rows, "files": files, "seconds": round(time.monotonic() - started, 3)}), flush=True)


if __name__ == "__main__":
    main()
