"""SparkSessions configured for the lake: UTC, S3A against an S3-compatible endpoint."""
from __future__ import annotations

from pyspark.sql import SparkSession

from .config import LakeConfig

# Settings every session of the pipeline shares, whatever its master.
COMMON_SETTINGS = {
    # Partitions and minutes are UTC whatever the machine's zone.
    "spark.sql.session.timeZone": "UTC",
    # Only the partitions a batch touches are replaced when metrics are rewritten.
    "spark.sql.sources.partitionOverwriteMode": "dynamic",
    # dt=2026-11-24/hour=07 stays text ("07"), as written, when read back.
    "spark.sql.sources.partitionColumnTypeInference.enabled": "false",
    # Timestamps as Parquet's standard TIMESTAMP(MICROS), not the legacy INT96.
    "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
    # Small batches on small machines: the default 200 shuffle partitions is mostly overhead.
    "spark.sql.shuffle.partitions": "8",
    # Every micro-batch plans the same queries again. Spark compiles the Java it generates for
    # them once and caches the classes by their source, but only 100 of them by default,
    # fewer than one curate batch needs: each batch then compiled them again, and the JVM
    # optimised the new classes again (minutes of CPU over a backlog).
    "spark.sql.codegen.cache.maxEntries": "1000",
    # The per-minute metrics aggregate latency percentiles per minute and route: past this
    # many keys in a task Spark stops hashing them and sorts every event instead (128 by
    # default, fewer than an hour's minutes times its routes).
    "spark.sql.objectHashAggregate.sortBased.fallbackThreshold": "8192",
    # A column's dictionary may grow to 8 MB in a Parquet file before the writer falls back to
    # plain values (1 MB by default). A curate batch writes one file per hour, and an hour's
    # session_ids outgrow 1 MB within a few hundred thousand events: written plain, they
    # took 35 bytes per row against 6.
    "spark.hadoop.parquet.dictionary.page.size": str(8 * 1024 * 1024),
}


def lake_settings(lake: LakeConfig) -> dict[str, str]:
    """S3A settings for the lake. The keys come from the environment (LakeConfig), never from
    code; Spark redacts *access.key / *secret.key settings in its UI and logs."""
    settings = {
        "spark.hadoop.fs.s3a.endpoint": lake.endpoint,
        "spark.hadoop.fs.s3a.endpoint.region": lake.region,
        "spark.hadoop.fs.s3a.path.style.access": "true",
        "spark.hadoop.fs.s3a.connection.ssl.enabled": str(lake.endpoint.startswith("https://")).lower(),
        "spark.hadoop.fs.s3a.aws.credentials.provider": "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
        # Fail within a minute, not after S3A's default of many retries, when MinIO is down:
        # Airflow's retries are the place to wait.
        "spark.hadoop.fs.s3a.attempts.maximum": "3",
        "spark.hadoop.fs.s3a.retry.limit": "3",
        "spark.hadoop.fs.s3a.connection.establish.timeout": "5s",
        # MinIO has no S3 Express / CRT accelerations to probe for.
        "spark.hadoop.fs.s3a.analytics.accelerator.enabled": "false",
    }
    if lake.access_key_id:
        settings["spark.hadoop.fs.s3a.access.key"] = lake.access_key_id
        settings["spark.hadoop.fs.s3a.secret.key"] = lake.secret_access_key
    return settings


def build_session(
    app_name: str, lake: LakeConfig | None = None, master: str | None = None, extra: dict[str, str] | None = None
) -> SparkSession:
    """A session for the pipeline. `master` None leaves it to spark-submit (--master)."""
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    settings = {**COMMON_SETTINGS, **(lake_settings(lake) if lake else {}), **(extra or {})}
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def local_session(app_name: str, lake: LakeConfig | None = None) -> SparkSession:
    """Local mode for tests: two threads, no UI, two shuffle partitions (tiny inputs)."""
    return build_session(app_name, lake, master="local[2]", extra={"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "2"})
