"""Reading and writing the lake's dt/hour-partitioned Parquet tables."""
from __future__ import annotations

from pyspark.errors import AnalysisException
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import StructType

from .transform import PARTITION_COLUMNS, in_partitions, not_yet_curated, partitions_of, rows_per_partition


def path_exists(spark: SparkSession, path: str) -> bool:
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    return hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).exists(hadoop_path)


def read_table(spark: SparkSession, path: str, schema: StructType | None = None) -> DataFrame | None:
    """The table at `path`, or None when nothing has been written there yet (no folder, or a
    folder without data files, e.g. one a failed first write left behind).

    With a `schema` (its columns, or some of them; the partition columns included), the
    files are read as that schema rather than asked for theirs, which costs a Spark job
    that reads a file's footer each time the table is read; a folder without data files
    then reads as no rows."""
    if not path_exists(spark, path):
        return None
    try:
        return (spark.read.schema(schema) if schema is not None else spark.read).parquet(path)
    except AnalysisException as error:
        if error.getCondition() == "UNABLE_TO_INFER_SCHEMA":
            return None
        raise


def new_rows(
    rows: DataFrame, existing: DataFrame | None, keys: list[str], partitions: list[tuple[str, str]] | None = None
) -> tuple[DataFrame, dict[tuple[str, str], int]]:
    """The rows whose keys the table `existing` lacks (as read with read_table, with at least
    the key and partition columns; None when there is no table yet), in the dt/hour `partitions` that
    `rows` touches (pass them when known, they are collected from `rows` otherwise), computed
    once, and how many there are per partition."""
    if existing is not None:
        rows = not_yet_curated(rows, in_partitions(existing, partitions_of(rows) if partitions is None else partitions), keys)
    # Computed once, by the count below, and cut from the table it was compared with: the
    # write then reads this result rather than comparing again with a table it has changed.
    rows = rows.repartition(*PARTITION_COLUMNS).localCheckpoint(eager=False)
    return rows, rows_per_partition(rows)


def append_rows(rows: DataFrame, path: str) -> None:
    """Appends `rows` to the dt/hour-partitioned table at `path`: one file per partition."""
    rows.write.mode("append").partitionBy(*PARTITION_COLUMNS).parquet(path)


def append_new_rows(
    spark: SparkSession, rows: DataFrame, path: str, keys: list[str], partitions: list[tuple[str, str]] | None = None
) -> dict[tuple[str, str], int]:
    """Appends the rows whose keys the table at `path` lacks (new_rows), so a replayed batch
    appends nothing, and returns how many it appended per partition."""
    existing = read_table(spark, path, rows.select(*keys, *PARTITION_COLUMNS).schema)
    rows, appended = new_rows(rows, existing, keys, partitions)
    # An empty append would still create the folder (a _SUCCESS marker and no data file).
    if appended:
        append_rows(rows, path)
    return appended


def replace_partitions(rows: DataFrame, path: str) -> None:
    """Overwrites exactly the dt/hour partitions present in `rows` (dynamic overwrite)."""
    rows.repartition(*PARTITION_COLUMNS).write.mode("overwrite").partitionBy(*PARTITION_COLUMNS).parquet(path)
