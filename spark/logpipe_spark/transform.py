"""Pure transformations of the curate job: DataFrames in, DataFrames out, no I/O.

    kafka records ──parse_records──▶ parsed (one row per record, `reason` empty when valid)
    parsed ──valid_events──▶ curated rows     parsed ──quarantine_records──▶ quarantine rows
    curated rows ──first_per_event_id──▶ one row per event_id (the earliest offset wins)
    batch, existing ──not_yet_curated──▶ what the lake does not have yet
    events ──minute_metrics──▶ per minute and route: requests, errors, latency percentiles, users
"""
from __future__ import annotations

import hashlib

from py4j.java_gateway import JavaClass
from pyspark.sql import Column, DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql.types import StructField, StructType

from .contract import Contract, Field

# Partition columns of every table the job writes: the event's UTC date and hour, as text
# ("2026-11-24", "07") so paths read like the raw zone's (dt=2026-11-24/hour=07).
PARTITION_COLUMNS = ["dt", "hour"]
KAFKA_COLUMNS = ["kafka_topic", "kafka_partition", "kafka_offset", "kafka_timestamp"]
# The contract field whose time places a curated event in its dt/hour partition.
EVENT_TIME = "event_time"
# A request with a 5xx status is an error of the service; 4xx are the client's.
ERROR_STATUS_MIN = 500
LATENCY_PERCENTILES = {"latency_p50_ms": 0.5, "latency_p95_ms": 0.95, "latency_p99_ms": 0.99}


def parse_records(kafka: DataFrame, contract: Contract, *, compiled_check: bool = True) -> DataFrame:
    """Parses Kafka's `value` against the contract.

    Returns the Kafka coordinates, the parsed fields (`event`: as parsed, integers as long,
    times as text), `reason`: every contract rule the record breaks, joined by "; ", empty
    for a valid record, the text of the value for a malformed record (null for a valid one,
    which the curated row holds field by field), and the record's dt/hour partition: of its
    event time when valid, of the time Kafka received it otherwise (its own time may be what
    is broken).

    The value is parsed once as a VARIANT, which keeps each field's JSON type: a string
    field given 42, or an integer field given "42" or 12.5, is rejected rather than coerced
    (as from_json would) or nulled.

    Most values are clean (one object of the contract's fields, each of its JSON type, no
    escapes the general way must decode): the compiled check (`clean_event`, registered in
    the session) types those in one pass over the bytes, and only the others are parsed as a
    VARIANT. Both ways give the same rows (spark/tests/test_clean_event.py);
    `compiled_check=False` parses everything as a VARIANT.
    """
    records = kafka.select(
        F.col("topic").alias("kafka_topic"),
        F.col("partition").alias("kafka_partition"),
        F.col("offset").alias("kafka_offset"),
        F.col("timestamp").alias("kafka_timestamp"),
        F.col("value").cast("string").alias("raw_value"),
        F.expr("is_valid_utf8(value)").alias("_valid_utf8"),
        F.col("value").alias("_value"),
        (clean_event(kafka.sparkSession, contract, F.col("value")) if compiled_check else F.lit(None).cast(event_type(contract))).alias("_clean"),
    )
    clean = F.col("_clean").isNotNull()
    # Parsed once, into a column of its own: inlined into the expressions below, the text
    # would be parsed again by each of them. A clean value is not parsed at all: every
    # VARIANT column below is null for it, and so is every check made of them. The parser
    # stops after the first JSON value and ignores what follows ('{...} junk }' parses as the
    # object), so whether the value is one JSON value with nothing but JSON whitespace around
    # it is checked apart.
    parsed_json = records.select(
        "*",
        F.when(~clean, F.try_parse_json("raw_value")).alias("_variant"),
        F.when(~clean, single_json_value(kafka.sparkSession, F.col("_value"))).alias("_single_value"),
    )
    # The object's fields, each as its own VARIANT, in one pass over the object (a lookup by
    # path per field decodes the object's keys again for each), and how many keys it has.
    # Both are null when the value is not a JSON object; an absent field is null, a field
    # that is JSON null a VOID variant.
    all_fields = ", ".join(f"`{f.name}`: variant" for f in contract.fields)
    fields = parsed_json.select(
        "*",
        F.try_variant_get("_variant", "$", f"struct<{all_fields}>").alias("_fields"),
        F.size(F.try_variant_get("_variant", "$", "map<string, variant>")).alias("_key_count"),
    )
    parsed = fields.select(
        *KAFKA_COLUMNS, "raw_value", "_valid_utf8", "_key_count", "_fields", "_clean",
        F.when(clean, F.col("_clean")).otherwise(
            F.struct(*[F.try_variant_get(f"_fields.{f.name}", "$", f.parse_type.simpleString()).alias(f.name) for f in contract.fields])
        ).alias("event"),
        F.struct(*[F.schema_of_variant(f"_fields.{f.name}").alias(f.name) for f in contract.fields]).alias("_json_types"),
        (clean | F.coalesce(F.col("_fields").isNotNull() & F.col("_single_value"), F.lit(False))).alias("_object"),
    )
    checks: list[Column] = [json_type_violation(field) for field in contract.fields]
    if contract.well_formed_unicode:
        # JSON can escape half of a surrogate pair (\ud800), which Spark would store as "?".
        # The pattern is only tried on values that hold an escape at all: most do not.
        checks.append(F.when(~F.col("_valid_utf8"), F.lit("value: not valid UTF-8")))
        checks.append(F.when(F.col("raw_value").contains("\\u") & F.col("raw_value").rlike(UNPAIRED_SURROGATE_ESCAPE),
                             F.lit("value: a string holds an unpaired surrogate (\\ud800-\\udfff), which is not Unicode text")))
    if not contract.additional_properties:
        # The parser refuses duplicate keys, so the object has keys beyond the contract's
        # fields exactly when it has more keys than it has the contract's fields; only then are
        # they listed.
        known = sum((F.col(f"_json_types.{f.name}").isNotNull().cast("int") for f in contract.fields), F.lit(0))
        unknown = F.array_except(F.json_object_keys("raw_value"), F.array(*[F.lit(n) for n in contract.field_names]))
        checks.append(F.when(F.col("_key_count") > known, F.concat(F.lit("unexpected field(s): "), F.array_join(F.array_sort(unknown), ", "))))
    for field in contract.fields:
        if field.required and field.nullable:
            # A clean value has every required field (and no _json_types).
            checks.append(F.when(~clean & F.col(f"_json_types.{field.name}").isNull(), F.lit(f"{field.name}: missing")))
    for rule in contract.rules():
        checks.append(F.when(F.coalesce(rule.violated(F.col(f"event.{rule.field}")), F.lit(False)), F.lit(rule.reason)))
    # concat_ws skips the nulls of the checks that passed.
    reason = F.when(~F.col("_object"), F.lit("value: not a JSON object")).otherwise(F.concat_ws("; ", *checks))
    classified = parsed.select(*KAFKA_COLUMNS, "raw_value", "event", reason.alias("reason"))
    valid = F.col("reason") == ""
    partition_time = F.when(valid, F.to_timestamp(F.col(f"event.{EVENT_TIME}"))).otherwise(F.col("kafka_timestamp"))
    return with_partitions(
        classified.select(*KAFKA_COLUMNS, F.when(~valid, F.col("raw_value")).alias("raw_value"), "event", "reason", partition_time.alias("_partition_time")),
        "_partition_time",
    ).drop("_partition_time")


# The compiled checks, spark/jars/src/main/java/logpipe/, in logpipe-spark.jar:
# scripts/python-env.sh links it into the venv's pyspark, the Airflow and Spark images carry
# it like the Kafka and S3A jars, so the driver and executors both load it.
CLEAN_EVENT_CLASS = "logpipe.CleanEvent"
CLEAN_EVENT_FUNCTION = "logpipe_clean_event"
SINGLE_JSON_VALUE_CLASS = "logpipe.SingleJsonValue"
SINGLE_JSON_VALUE_FUNCTION = "logpipe_single_json_value"


def event_type(contract: Contract) -> StructType:
    """The type of parsed records' `event`: every contract field, as parsed, nullable."""
    return StructType([StructField(f.name, f.parse_type, True) for f in contract.fields])


def clean_event(spark: SparkSession, contract: Contract, value: Column) -> Column:
    """`event` of a clean value (binary), null for any other: registers the compiled check
    for the contract in the session and applies it. Fails, saying where the jar comes from,
    when the driver cannot load it."""
    fields = ",".join(f"{f.name}:{f.json_type}:{'required' if f.required else 'optional'}" for f in contract.fields)
    # Named for its fields: a session that parses for two contracts keeps a check for each.
    function = f"{CLEAN_EVENT_FUNCTION}_{hashlib.sha1(fields.encode()).hexdigest()[:12]}"
    register_compiled(spark, function, compiled_class(spark, CLEAN_EVENT_CLASS)(fields), event_type(contract).json())
    return F.call_function(function, value)


def single_json_value(spark: SparkSession, value: Column) -> Column:
    """Whether `value` (binary) is exactly one JSON value with only JSON whitespace around it."""
    register_compiled(spark, SINGLE_JSON_VALUE_FUNCTION, compiled_class(spark, SINGLE_JSON_VALUE_CLASS)(), '"boolean"')
    return F.call_function(SINGLE_JSON_VALUE_FUNCTION, value)


def compiled_class(spark: SparkSession, name: str) -> JavaClass:
    """A class of logpipe-spark.jar; fails, saying where the jar comes from, when the driver
    cannot load it."""
    found = spark.sparkContext._jvm
    for part in name.split("."):
        found = getattr(found, part)
    if not isinstance(found, JavaClass):
        raise RuntimeError(
            f"{name} is not on the Spark driver's classpath: it is in logpipe-spark.jar, which "
            "scripts/python-env.sh links into the venv's pyspark/jars and the Airflow and Spark images carry "
            "(dags/Dockerfile, spark/Dockerfile); run the job with one of those")
    return found


def register_compiled(spark: SparkSession, function: str, udf: object, return_type_json: str) -> None:
    """Registers a UDF of logpipe-spark.jar in the session under `function`."""
    data_type = spark.sparkContext._jvm.org.apache.spark.sql.types.DataType.fromJson(return_type_json)
    spark._jsparkSession.udf().register(function, udf, data_type)


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
    number = F.try_variant_get(F.col(f"_fields.{field.name}"), "$", "double")
    # 200, 200.0 and 2e2 are all the integer 200 to JSON Schema; 12.5 is not.
    integral = kind.isin(INTEGER_KINDS) | kind.rlike(r"^DECIMAL\(\d+,0\)\z") | ((kind == "DOUBLE") & (number == F.floor(number)))
    return F.when(present & ~integral, F.lit(f"{field.name}: not an integer")).when(
        present & value.isNull(), F.lit(f"{field.name}: beyond 64-bit integers"))


def valid_events(parsed: DataFrame, contract: Contract) -> DataFrame:
    """The valid records as curated rows: the contract's fields at their curated types,
    the Kafka coordinates, and the dt/hour partition of the event time (UTC)."""
    fields = []
    for field in contract.fields:
        column = F.col(f"event.{field.name}")
        column = F.to_timestamp(column) if field.is_timestamp else column.cast(field.curated_type)
        fields.append(column.alias(field.name))
    return parsed.where(F.col("reason") == "").select(*fields, *KAFKA_COLUMNS, *PARTITION_COLUMNS)


def quarantine_records(parsed: DataFrame) -> DataFrame:
    """The malformed records, kept whole with why they were rejected, partitioned by the
    hour Kafka received them."""
    return parsed.where(F.col("reason") != "").select(*KAFKA_COLUMNS, "raw_value", "reason", *PARTITION_COLUMNS)


def records_per_partition(parsed: DataFrame) -> tuple[dict[tuple[str, str], int], dict[tuple[str, str], int]]:
    """Valid and malformed records per (dt, hour) partition, in one pass. Collects one row
    per partition and kind."""
    counts = parsed.groupBy((F.col("reason") == "").alias("valid"), *PARTITION_COLUMNS).count().collect()
    valid = {(row.dt, row.hour): row["count"] for row in counts if row.valid}
    malformed = {(row.dt, row.hour): row["count"] for row in counts if not row.valid}
    return valid, malformed


def rows_per_partition(df: DataFrame) -> dict[tuple[str, str], int]:
    """Rows per (dt, hour) partition. Collects one row per partition."""
    return {(row.dt, row.hour): row["count"] for row in df.groupBy(*PARTITION_COLUMNS).count().collect()}


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
    with_minute = events.select(F.date_trunc("minute", "event_time").alias("minute"), F.col("path").alias("route"), "user_id", "status", "latency_ms")
    per_route = with_minute.groupBy("minute", "route").agg(
        F.count(F.lit(1)).alias("requests"),
        F.count(F.when(F.col("status") >= ERROR_STATUS_MIN, True)).alias("errors"),
        # All percentiles from one aggregate: each would otherwise gather every latency again.
        F.percentile(F.col("latency_ms"), list(LATENCY_PERCENTILES.values())).alias("_percentiles"),
    ).select("*", *[F.col("_percentiles")[i].alias(name) for i, name in enumerate(LATENCY_PERCENTILES)]).drop("_percentiles")
    # Distinct users are counted apart from the other figures: in one aggregate with them,
    # Spark groups by (minute, route, user_id) first and keeps the percentiles' buffers per
    # user, so past a few keys it sorts every event (most of the job's aggregation time).
    route_users = with_minute.groupBy(F.col("minute").alias("_minute"), F.col("route").alias("_route")).agg(F.count_distinct("user_id").alias("active_users"))
    minute_users = with_minute.groupBy("minute").agg(F.count_distinct("user_id").alias("minute_active_users"))
    # The same groups on both sides, a null route included: each route row finds its users.
    same_group = F.col("minute").eqNullSafe(F.col("_minute")) & F.col("route").eqNullSafe(F.col("_route"))
    metrics = (
        per_route.join(route_users, same_group).drop("_minute", "_route")
        .join(minute_users, on="minute")
        .withColumn("error_rate", F.col("errors") / F.col("requests"))
    )
    ordered = metrics.select(
        "minute", "route", "requests", "errors", "error_rate", *LATENCY_PERCENTILES.keys(), "active_users", "minute_active_users",
    )
    return with_partitions(ordered, "minute")
