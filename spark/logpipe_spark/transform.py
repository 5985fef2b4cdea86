"""Pure transformations of the curate job: DataFrames in, DataFrames out, no I/O.

    kafka records ──parse_records──▶ parsed (one row per record, `reasons` empty when valid)
    parsed ──valid_events──▶ curated rows     parsed ──quarantine_records──▶ quarantine rows
    curated rows ──first_per_event_id──▶ one row per event_id (the earliest offset wins)
    batch, existing ──not_yet_curated──▶ what the lake does not have yet
    events ──minute_metrics──▶ per minute and route: requests, errors, latency percentiles, users
"""
from __future__ import annotations

from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F

from .contract import Contract, Field

# Partition columns of every table the job writes: the event's UTC date and hour, as text
# ("2026-11-24", "07") so paths read like the raw zone's (dt=2026-11-24/hour=07).
PARTITION_COLUMNS = ["dt", "hour"]
KAFKA_COLUMNS = ["kafka_topic", "kafka_partition", "kafka_offset", "kafka_timestamp"]
# A request with a 5xx status is an error of the service; 4xx are the client's.
ERROR_STATUS_MIN = 500
LATENCY_PERCENTILES = {"latency_p50_ms": 0.5, "latency_p95_ms": 0.95, "latency_p99_ms": 0.99}


def parse_records(kafka: DataFrame, contract: Contract) -> DataFrame:
    """Parses Kafka's `value` against the contract.

    Returns the Kafka coordinates, the text of the value, the parsed fields (as parsed:
    integers as long, times as text) and `reasons`: every contract rule the record breaks,
    empty for a valid record.

    The value is parsed once as a VARIANT, which keeps each field's JSON type: a string
    field given 42, or an integer field given "42" or 12.5, is rejected rather than coerced
    (as from_json would) or nulled.
    """
    records = kafka.select(
        F.col("topic").alias("kafka_topic"),
        F.col("partition").alias("kafka_partition"),
        F.col("offset").alias("kafka_offset"),
        F.col("timestamp").alias("kafka_timestamp"),
        F.col("value").cast("string").alias("raw_value"),
        F.expr("is_valid_utf8(value)").alias("_valid_utf8"),
    )
    variant = F.try_parse_json("raw_value")
    # The parser stops after the first JSON value; text after the object's "}" is refused.
    one_object = F.schema_of_variant(variant).startswith("OBJECT") & F.col("raw_value").rlike(r"\}\s*\z")
    parsed = records.select(
        "*",
        F.struct(*[F.try_variant_get(variant, f"$.{f.name}", f.parse_type.simpleString()).alias(f.name) for f in contract.fields]).alias("event"),
        F.struct(*[F.schema_of_variant(F.variant_get(variant, f"$.{f.name}", "variant")).alias(f.name) for f in contract.fields]).alias("_json_types"),
        F.struct(*[F.try_variant_get(variant, f"$.{f.name}", "double").alias(f.name) for f in contract.fields if f.json_type == "integer"]).alias("_numbers"),
        F.when(F.coalesce(one_object, F.lit(False)), F.json_object_keys("raw_value")).alias("_keys"),
    )
    checks: list[Column] = [json_type_violation(field) for field in contract.fields]
    if contract.well_formed_unicode:
        # JSON can escape half of a surrogate pair (\ud800), which Spark would store as "?".
        checks.append(F.when(~F.col("_valid_utf8"), F.lit("value: not valid UTF-8")))
        checks.append(F.when(F.col("raw_value").rlike(UNPAIRED_SURROGATE_ESCAPE), F.lit("value: a string holds an unpaired surrogate (\\ud800-\\udfff), which is not Unicode text")))
    if not contract.additional_properties:
        unknown = F.array_except(F.col("_keys"), F.array(*[F.lit(n) for n in contract.field_names]))
        checks.append(F.when(F.size(unknown) > 0, F.concat(F.lit("unexpected field(s): "), F.array_join(F.array_sort(unknown), ", "))))
    for field in contract.fields:
        if field.required and field.nullable:
            checks.append(F.when(~F.array_contains(F.col("_keys"), field.name), F.lit(f"{field.name}: missing")))
    for rule in contract.rules():
        checks.append(F.when(F.coalesce(rule.violated(F.col(f"event.{rule.field}")), F.lit(False)), F.lit(rule.reason)))
    # array_compact drops the nulls of the checks that passed.
    reasons = F.when(F.col("_keys").isNull(), F.array(F.lit("value: not a JSON object"))).otherwise(F.array_compact(F.array(*checks)))
    return parsed.select(*KAFKA_COLUMNS, "raw_value", "event", reasons.alias("reasons"))


INTEGER_KINDS = ["BIGINT", "INT", "SMALLINT", "TINYINT"]
# A \uD800-\uDBFF escape not followed by a \uDC00-\uDFFF one, or the latter not preceded by the
# former; an escape is a backslash preceded by an even number of backslashes (\\ud800 is text).
UNPAIRED_SURROGATE_ESCAPE = (
    r"(?<!\\)(?:\\\\)*\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})(?<!\\)(?:\\\\)*\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


def json_type_violation(field: Field) -> Column:
    """The reason when the field is present with a JSON type the contract does not allow
    (JSON null is the nullability rules' business); null otherwise."""
    kind, value = F.col(f"_json_types.{field.name}"), F.col(f"event.{field.name}")
    present = kind.isNotNull() & (kind != "VOID")
    if field.json_type == "string":
        return F.when(present & (kind != "STRING"), F.lit(f"{field.name}: not a string"))
    number = F.col(f"_numbers.{field.name}")
    # 200, 200.0 and 2e2 are all the integer 200 to JSON Schema; 12.5 is not.
    integral = kind.isin(INTEGER_KINDS) | kind.rlike(r"^DECIMAL\(\d+,0\)\z") | ((kind == "DOUBLE") & (number == F.floor(number)))
    return F.when(present & ~integral, F.lit(f"{field.name}: not an integer")).when(
        present & value.isNull(), F.lit(f"{field.name}: beyond 64-bit integers"))


def valid_events(parsed: DataFrame, contract: Contract) -> DataFrame:
    """The valid records as curated rows: the contract's fields at their curated types,
    the Kafka coordinates, and the dt/hour partition of the event time (UTC)."""
    valid = parsed.where(F.size("reasons") == 0)
    fields = []
    for field in contract.fields:
        column = F.col(f"event.{field.name}")
        column = F.to_timestamp(column) if field.is_timestamp else column.cast(field.curated_type)
        fields.append(column.alias(field.name))
    events = valid.select(*fields, *KAFKA_COLUMNS)
    return with_partitions(events, "event_time")


def quarantine_records(parsed: DataFrame) -> DataFrame:
    """The malformed records, kept whole with why they were rejected, partitioned by the
    hour Kafka received them (their own time may be what is broken)."""
    bad = parsed.where(F.size("reasons") > 0)
    rows = bad.select(*KAFKA_COLUMNS, "raw_value", F.array_join("reasons", "; ").alias("reason"))
    return with_partitions(rows, "kafka_timestamp")


def with_partitions(df: DataFrame, time_column: str) -> DataFrame:
    return df.withColumn("dt", F.date_format(time_column, "yyyy-MM-dd")).withColumn("hour", F.date_format(time_column, "HH"))


def first_per_event_id(events: DataFrame) -> DataFrame:
    """One row per event_id: the one Kafka saw first (lowest partition, then offset), so a
    re-sent event never replaces the original and the choice is the same on every run."""
    first = Window.partitionBy("event_id").orderBy("kafka_partition", "kafka_offset")
    return events.withColumn("_n", F.row_number().over(first)).where(F.col("_n") == 1).drop("_n")


def not_yet_curated(batch: DataFrame, existing: DataFrame, keys: list[str]) -> DataFrame:
    """The rows of `batch` whose keys `existing` does not have: replaying a batch adds nothing."""
    return batch.join(existing.select(*keys).distinct(), on=keys, how="left_anti")


def partitions_of(df: DataFrame) -> list[tuple[str, str]]:
    """The (dt, hour) partitions a DataFrame touches, sorted. Collects: call on small inputs."""
    return sorted((row.dt, row.hour) for row in df.select(*PARTITION_COLUMNS).distinct().collect())


def in_partitions(df: DataFrame, partitions: list[tuple[str, str]]) -> DataFrame:
    """Rows of a dt/hour-partitioned table in the given partitions (pruned at the source)."""
    if not partitions:
        return df.limit(0)
    condition = None
    for dt, hour in partitions:
        term = (F.col("dt") == dt) & (F.col("hour") == hour)
        condition = term if condition is None else condition | term
    return df.where(condition)


def minute_metrics(events: DataFrame) -> DataFrame:
    """Per minute (UTC) and route (the request path): requests, server errors (5xx), error
    rate, exact latency percentiles, distinct users on the route, and distinct users of the
    whole minute (all routes), partitioned by dt/hour of the minute."""
    with_minute = events.withColumn("minute", F.date_trunc("minute", "event_time"))
    per_minute_users = with_minute.groupBy("minute").agg(F.count_distinct("user_id").alias("minute_active_users"))
    percentiles = [F.percentile(F.col("latency_ms"), q).alias(name) for name, q in LATENCY_PERCENTILES.items()]
    per_route = with_minute.groupBy("minute", F.col("path").alias("route")).agg(
        F.count(F.lit(1)).alias("requests"),
        F.count(F.when(F.col("status") >= ERROR_STATUS_MIN, True)).alias("errors"),
        *percentiles,
        F.count_distinct("user_id").alias("active_users"),
    )
    metrics = per_route.join(per_minute_users, on="minute").withColumn("error_rate", F.col("errors") / F.col("requests"))
    ordered = metrics.select(
        "minute", "route", "requests", "errors", "error_rate", *LATENCY_PERCENTILES.keys(), "active_users", "minute_active_users",
    )
    return with_partitions(ordered, "minute")
