"""Reading and appending the lake's tables on the real MinIO, including the edge cases of a
table that does not exist yet and of an empty batch."""
from logpipe_spark.contract import load_contract
from logpipe_spark.lake import append_new_rows, read_table
from logpipe_spark.transform import parse_records, valid_events
from records import event, kafka_records

CONTRACT = load_contract()


def events_of(spark, values, first_offset=0):
    return valid_events(parse_records(kafka_records(spark, values, first_offset=first_offset), CONTRACT), CONTRACT)


def test_a_missing_table_and_a_table_folder_without_data_read_as_none(spark, lake):
    path = lake.zone("curated", "events")
    assert read_table(spark, path) is None
    # a folder holding only a marker and no data file
    jvm = spark.sparkContext._jvm
    marker = jvm.org.apache.hadoop.fs.Path(f"{path}/_SUCCESS")
    marker.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()).create(marker).close()
    assert read_table(spark, path) is None


def test_an_empty_append_writes_nothing_and_a_repeated_one_adds_nothing(spark, lake):
    path = lake.zone("curated", "events")
    empty = events_of(spark, ["{"])  # a batch without one valid event
    assert append_new_rows(spark, empty, path, ["event_id"]) == {}
    assert read_table(spark, path) is None

    batch = events_of(spark, [event(), event(), event()])
    assert append_new_rows(spark, batch, path, ["event_id"]) == {("2026-11-24", "07"): 3}
    assert append_new_rows(spark, batch, path, ["event_id"]) == {}
    assert read_table(spark, path).count() == 3


def test_a_table_read_before_an_append_reads_as_it_was_when_read(spark, lake):
    # The curate job computes a batch's metrics from the table as read before its append, plus
    # the rows it appends, while the append runs (curate.curate_events): Spark must list the
    # table's files when it is read, not when the read is evaluated, or the appended rows
    # would be counted twice whenever the append ends first.
    path = lake.zone("curated", "events")
    first = events_of(spark, [event(), event()])
    append_new_rows(spark, first, path, ["event_id"])
    before = read_table(spark, path, first.schema)

    assert append_new_rows(spark, events_of(spark, [event(), event(), event()], first_offset=2), path, ["event_id"]) == {("2026-11-24", "07"): 3}
    assert before.count() == 2
    assert read_table(spark, path, first.schema).count() == 5
