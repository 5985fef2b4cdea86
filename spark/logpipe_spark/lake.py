"""Reading and writing the lake's dt/hour-partitioned Parquet tables."""
from __future__ import annotations

from pyspark.errors import AnalysisException
from pyspark.sql import DataFrame, SparkSession

from .transform import PARTITION_COLUMNS, in_partitions, not_yet_curated, partitions_of


def path_exists(spark: SparkSession, path: str) -> bool:
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    return hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).exists(hadoop_path)


def read_table(spark: SparkSession, path: str) -> DataFrame | None:
    """The table at `path`, or None when nothing has been written there yet (no folder, or a
    folder without data files, e.g. one a failed first write left behind)."""
    if not path_exists(spark, path):
        return None
    try:
        return spark.read.parquet(path)
    except AnalysisException as error:
        if error.getCondition() == "UNABLE_TO_INFER_SCHEMA":
            return None
        raise


def append_new_rows(spark: SparkSession, rows: DataFrame, path: str, keys: list[str]) -> DataFrame:
    """Appends the rows whose keys the table at `path` lacks (in the partitions `rows`
    touches) and returns them, so a replayed batch appends nothing. One file per partition."""
    existing = read_table(spark, path)
    if existing is not None:
        rows = not_yet_curated(rows, in_partitions(existing, partitions_of(rows)), keys)
    # Materialise once: the rows are counted, written and reported from the same result.
    rows = rows.repartition(*PARTITION_COLUMNS).localCheckpoint(eager=True)
    # An empty append would still create the folder (a _SUCCESS marker and no data file).
    if not rows.isEmpty():
        rows.write.mode("append").partitionBy(*PARTITION_COLUMNS).parquet(path)
    return rows


def replace_partitions(rows: DataFrame, path: str) -> None:
    """Overwrites exactly the dt/hour partitions present in `rows` (dynamic overwrite)."""
    rows.repartition(*PARTITION_COLUMNS).write.mode("overwrite").partitionBy(*PARTITION_COLUMNS).parquet(path)
