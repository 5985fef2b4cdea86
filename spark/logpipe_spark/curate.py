"""The curate job: the `logs` topic → curated events, per-minute metrics and quarantine.

Bounded: Structured Streaming with the availableNow trigger reads every record up to the
offsets that were the latest when the run started, in micro-batches of at most
`max_offsets_per_trigger` records (evened out over the run's backlog when it is known
before Spark starts: caught_up.even_batch_limit), and stops. Its checkpoint (in the lake's checkpoints/
zone) remembers where the last run ended, so each run reads only what is new.

Idempotent: every write of a batch is keyed (events on event_id, quarantine on the Kafka
coordinates, reports on the batch), so a batch replayed after a failure, or a second run
over the same offsets, adds nothing; metrics are recomputed from the curated events of
the hours a batch touched and replace exactly those hours.
"""
from __future__ import annotations

import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Callable, Mapping

from py4j.protocol import Py4JJavaError
from pyspark import SparkContext, inheritable_thread_target
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import LongType, StringType, StructField, StructType, TimestampType

from . import caught_up
from .config import KafkaConfig, LakeConfig
from .contract import Contract
from .lake import append_new_rows, append_rows, new_rows, read_table, replace_partitions
from .log import log
from .transform import (
    PARTITION_COLUMNS,
    first_per_event_id,
    in_partitions,
    minute_metrics,
    parse_records,
    quarantine_records,
    records_per_partition,
    valid_events,
)


@dataclass
class RunSummary:
    run_id: str
    batches: int = 0
    consumed: int = 0
    curated: int = 0
    duplicates: int = 0
    quarantined: int = 0
    hours: set[tuple[str, str]] = field(default_factory=set)

    def as_dict(self) -> dict[str, object]:
        return {
            "run_id": self.run_id, "batches": self.batches, "consumed": self.consumed, "curated": self.curated,
            "duplicates": self.duplicates, "quarantined": self.quarantined,
            "hours": [f"{dt}T{hour}" for dt, hour in sorted(self.hours)],
        }


def curate_batch(spark: SparkSession, batch: DataFrame, batch_id: int, contract: Contract, lake: LakeConfig, summary: RunSummary) -> None:
    """Curates one micro-batch of Kafka records; safe to call again with the same batch.

    The batch is parsed and validated once: the result is kept (persist) while the tables
    are written from it, and every figure of the report and the summary comes from the
    small per-partition counts the writes collect, not from evaluating the batch again."""
    started = time.monotonic()
    parsed = parse_records(batch, contract).persist()
    try:
        # The one pass over the batch: it fills the persisted result while it counts.
        valid, malformed = records_per_partition(parsed)
        consumed = sum(valid.values()) + sum(malformed.values())
        if consumed == 0:
            return
        hours = sorted(valid)
        quarantined = append_new_rows(spark, quarantine_records(parsed), lake.quarantine, QUARANTINE_KEYS, sorted(malformed)) if malformed else {}
        events = valid_events(parsed, contract)
        curated = curate_events(spark, events, hours, lake) if hours else {}

        report = batch_report(spark, valid, curated, quarantined, batch_id, summary.run_id)
        append_new_rows(spark, report, lake.batch_reports, ["batch_id", *PARTITION_COLUMNS], sorted(valid.keys() | quarantined.keys()))

        totals = {"valid": sum(valid.values()), "curated": sum(curated.values()), "quarantined": sum(quarantined.values())}
        summary.batches += 1
        summary.consumed += consumed
        summary.curated += totals["curated"]
        summary.quarantined += totals["quarantined"]
        summary.duplicates += totals["valid"] - totals["curated"]
        summary.hours.update(hours)
        log("curate.batch", batch_id=batch_id, consumed=consumed, curated=totals["curated"], duplicates=totals["valid"] - totals["curated"],
            quarantined=totals["quarantined"], hours=len(hours), seconds=round(time.monotonic() - started, 2))
    finally:
        parsed.unpersist()


def curate_events(spark: SparkSession, events: DataFrame, hours: list[tuple[str, str]], lake: LakeConfig) -> dict[tuple[str, str], int]:
    """Appends the batch's events that the curated table lacks, and rewrites the metrics of
    every hour the batch has events in (not only those it added to, so a replay after a crash
    that ended one write but not the other repairs them); returns the events appended per hour.

    The two writes run at once. The metrics are computed from the table as it was listed
    before this batch wrote to it (a read of a path in classic Spark, as here, lists its files
    when it is read; under Spark Connect each action would list them again) and the rows this
    batch appends: the table as it is once the append has ended, without waiting for it. The
    append is one task per hour, so it would otherwise leave a core idle. So, for a few seconds,
    or until the batch's retry when the append fails, the metrics may count events the table
    does not show yet (before, they could only lag it); the DAG checks quality only after a
    run that succeeded."""
    before = read_table(spark, lake.curated_events, events.schema)
    appended, counts = new_rows(first_per_event_id(events), before, ["event_id"], hours)
    hour_events = appended if before is None else in_partitions(before, hours).unionByName(appended)
    run_at_once(
        spark,
        lambda: append_rows(appended, lake.curated_events) if counts else None,
        lambda: replace_partitions(minute_metrics(hour_events), lake.curated_metrics),
    )
    return counts


def run_at_once(spark: SparkSession, *actions: Callable[[], object]) -> None:
    """Runs the actions in threads of their own (Spark runs their jobs side by side), each
    with the calling thread's Spark properties and job tags (the streaming query's job group,
    so stopping the query cancels them too), and returns once all have ended. When any
    failed, raises the error of the first in argument order that did, after logging the
    others'."""
    with ThreadPoolExecutor(max_workers=len(actions)) as pool:
        futures = [pool.submit(inheritable_thread_target(spark)(action)) for action in actions]
    errors = [error for error in (future.exception() for future in futures) if error is not None]
    for error in errors[1:]:
        log("curate.concurrent_write_failed", level="error", error=f"{type(error).__name__}: {error}")
    if errors:
        raise errors[0]


# A Kafka record's coordinates: the key of the quarantine table.
QUARANTINE_KEYS = ["kafka_topic", "kafka_partition", "kafka_offset"]
REPORT_SCHEMA = StructType([
    StructField("run_id", StringType(), False),
    StructField("batch_id", LongType(), False),
    StructField("valid", LongType(), False),
    StructField("curated", LongType(), False),
    StructField("quarantined", LongType(), False),
    StructField("reported_at", TimestampType(), False),
    *[StructField(column, StringType(), False) for column in PARTITION_COLUMNS],
])


def batch_report(
    spark: SparkSession, valid: Mapping[tuple[str, str], int], curated: Mapping[tuple[str, str], int],
    quarantined: Mapping[tuple[str, str], int], batch_id: int, run_id: str,
) -> DataFrame:
    """Per dt/hour of one batch: valid records consumed (duplicates included), events newly
    curated, records quarantined. The quality checks compare the curated zone with these.
    Built from the per-partition counts of the batch's writes, a handful of rows."""
    reported_at = datetime.now(timezone.utc)
    partitions = sorted(valid.keys() | curated.keys() | quarantined.keys())
    rows = [(run_id, batch_id, valid.get(p, 0), curated.get(p, 0), quarantined.get(p, 0), reported_at, *p) for p in partitions]
    return spark.createDataFrame(rows, REPORT_SCHEMA)


def kafka_stream(spark: SparkSession, kafka: KafkaConfig) -> DataFrame:
    reader = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", kafka.bootstrap_servers)
        .option("subscribe", kafka.topic)
        .option("startingOffsets", "earliest")
        .option("maxOffsetsPerTrigger", kafka.max_offsets_per_trigger)
        .option("failOnDataLoss", str(kafka.fail_on_data_loss).lower())
    )
    if kafka.read_tasks is not None:
        reader = reader.option("minPartitions", kafka.read_tasks)
    return reader.load()


# Set by spark-submit for the Python driver it starts: the port of its JVM's gateway.
SPARK_SUBMIT_GATEWAY = "PYSPARK_GATEWAY_PORT"


def progress_before_spark(lake: LakeConfig, kafka: KafkaConfig) -> caught_up.Progress | None:
    """The checkpoint's progress against the topic (see caught_up.py), logged; when it is
    caught up (the last committed batch read every partition to its end, so a run would find
    nothing), the run is logged as done. Asked of the JVM that spark-submit started, before any
    SparkContext: None when the question fails, and the run goes on with Spark, which decides
    as always."""
    if SPARK_SUBMIT_GATEWAY not in os.environ:
        # Run by plain `python --master ...`: a JVM started for the check would be started
        # without the session's settings, so Spark starts and decides.
        return None
    started = time.monotonic()
    try:
        # Connects to spark-submit's JVM; the SparkContext built afterwards, if any, reuses it.
        SparkContext._ensure_initialized()
        progress = caught_up.progress(SparkContext._jvm, lake, kafka)
    except Exception as error:  # noqa: BLE001  (any failure here means: let Spark decide)
        log("curate.caught_up_check_failed", level="warning", error=f"{type(error).__name__}: {error}", checkpoint=lake.checkpoint)
        return None
    backlog = progress.backlog
    log("curate.caught_up_check", topic=kafka.topic, checkpoint=lake.checkpoint, caught_up=progress.caught_up,
        seconds=round(time.monotonic() - started, 2), backlog=None if backlog is None else sum(backlog.values()), **progress.as_dict())
    if progress.caught_up:
        log("curate.done", **RunSummary(run_id=str(uuid.uuid4())).as_dict(), seconds=round(time.monotonic() - started, 1),
            events_per_second=None, spark_started=False)
    return progress


def fitted_to_backlog(kafka: KafkaConfig, progress: caught_up.Progress | None, cores: int) -> KafkaConfig:
    """`kafka` fitted to the run's backlog when it is known (as it is otherwise): its batch
    limit evened out over it (caught_up.even_batch_limit), and each batch read by as many
    tasks as keep `cores` cores busy until it is read (caught_up.balanced_read_tasks). Logs
    what it chose from what (`curate.fitted`)."""
    backlog = None if progress is None else progress.backlog
    fitted = kafka if not backlog else replace(
        kafka, max_offsets_per_trigger=caught_up.even_batch_limit(backlog, kafka.max_offsets_per_trigger),
        read_tasks=caught_up.balanced_read_tasks(len(backlog), cores))
    log("curate.fitted", topic=kafka.topic, cores=cores, backlog=None if backlog is None else {str(p): n for p, n in sorted(backlog.items())},
        max_offsets_per_trigger=fitted.max_offsets_per_trigger, read_tasks=fitted.read_tasks)
    return fitted


def application_cores(spark: SparkSession) -> int:
    """The cores the session's tasks run on: spark.cores.max when set (the DAG sets it on the
    standalone cluster, where the executors may not have registered yet when the job asks),
    else the session's default parallelism (local[N]'s N)."""
    cores_max = spark.sparkContext.getConf().get("spark.cores.max")
    return int(cores_max) if cores_max else spark.sparkContext.defaultParallelism


def jvm_options(spark: SparkSession) -> dict[str, object]:
    """The HotSpot options (-XX:) the driver's JVM was started with, each with the value the JVM
    runs with (None for one it does not know: Spark's launcher adds
    -XX:+IgnoreUnrecognizedVMOptions, so a misspelt option would pass silently), and those the
    executors are given; the run's log then shows what spark-submit applied of
    spark-defaults.conf. Only -XX: options: other JVM arguments may carry settings that do
    not belong in a log."""
    jvm = spark.sparkContext._jvm
    management = jvm.java.lang.management.ManagementFactory
    hotspot = management.getPlatformMXBean(jvm.java.lang.Class.forName("com.sun.management.HotSpotDiagnosticMXBean"))
    driver: dict[str, str | None] = {}
    for argument in management.getRuntimeMXBean().getInputArguments():
        if argument.startswith("-XX:"):
            name = argument[len("-XX:"):].lstrip("+-").split("=", 1)[0]
            try:
                driver[name] = hotspot.getVMOption(name).getValue()
            except Py4JJavaError:  # IllegalArgumentException: no such option
                driver[name] = None
    executors = spark.sparkContext.getConf().get("spark.executor.extraJavaOptions", "")
    return {"driver": driver, "executors": [option for option in executors.split() if option.startswith("-XX:")]}


def run(spark: SparkSession, contract: Contract, lake: LakeConfig, kafka: KafkaConfig) -> RunSummary:
    """Curates everything new on the topic, then returns what it did."""
    summary = RunSummary(run_id=str(uuid.uuid4()))
    started = time.monotonic()
    log("curate.start", run_id=summary.run_id, topic=kafka.topic, lake=lake.zone("curated", ""), checkpoint=lake.checkpoint,
        max_offsets_per_trigger=kafka.max_offsets_per_trigger, read_tasks=kafka.read_tasks,
        spark={"master": spark.sparkContext.master, "application_id": spark.sparkContext.applicationId}, jvm_options=jvm_options(spark))
    query = (
        kafka_stream(spark, kafka)
        .writeStream.foreachBatch(lambda batch, batch_id: curate_batch(spark, batch, batch_id, contract, lake, summary))
        .option("checkpointLocation", lake.checkpoint)
        .trigger(availableNow=True)
        .start()
    )
    query.awaitTermination()
    seconds = time.monotonic() - started
    log("curate.done", **summary.as_dict(), seconds=round(seconds, 1),
        events_per_second=round(summary.consumed / seconds) if seconds else None, spark_started=True)
    return summary
