"""Crafted events and Kafka records for the tests."""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

from pyspark.sql import DataFrame, SparkSession

KAFKA_SCHEMA = "topic string, partition int, offset long, timestamp timestamp, value binary"


def event(**overrides: object) -> dict[str, object]:
    """A valid event; `overrides` replace fields, a value of `...` removes the field."""
    base: dict[str, object] = {
        "schema_version": 1,
        "event_id": str(uuid.uuid4()),
        "event_time": "2026-11-24T07:15:30.250Z",
        "user_id": "u-1",
        "session_id": "s-1",
        "event_type": "page_view",
        "method": "GET",
        "path": "/products",
        "status": 200,
        "latency_ms": 40,
        "user_agent": "Mozilla/5.0",
        "ip": "10.1.2.0",
        "country": "DE",
        "device": "desktop",
        "referrer": None,
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not ...}


def kafka_records(spark: SparkSession, values: list[object], partition: int = 0, first_offset: int = 0,
                  received: datetime = datetime(2026, 11, 24, 7, 30, tzinfo=timezone.utc)) -> DataFrame:
    """Kafka source rows for `values` (dicts are JSON-encoded, str/bytes taken as they are)."""
    rows = []
    for i, value in enumerate(values):
        payload = value if isinstance(value, bytes) else (value if isinstance(value, str) else json.dumps(value)).encode()
        rows.append(("logs", partition, first_offset + i, received, bytearray(payload)))
    return spark.createDataFrame(rows, KAFKA_SCHEMA)
