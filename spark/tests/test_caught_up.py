"""Reading a Spark offsets log file for the caught-up check (caught_up.py). The check against a
real checkpoint, Kafka and MinIO is in test_curate_job.py: a second run over the same offsets
is skipped, a batch without its commit and new records are not."""
from __future__ import annotations

import pytest

from logpipe_spark.caught_up import Progress, batch_ids, last_committed_batch, source_offsets

METADATA = '{"batchWatermarkMs":0,"batchTimestampMs":1764500000000,"conf":{"spark.sql.shuffle.partitions":"8"}}'


def offsets_file(*sources: str, version: str = "v1") -> str:
    return "\n".join([version, METADATA, *sources])


def test_reads_the_kafka_sources_offsets_per_partition():
    assert source_offsets(offsets_file('{"logs":{"2":3340,"1":3320,"0":3345}}'), "logs") == {0: 3345, 1: 3320, 2: 3340}


@pytest.mark.parametrize("text, why", [
    (offsets_file('{"logs":{"0":5}}', version="v2"), "a format version it does not know"),
    (offsets_file('{"other":{"0":5}}'), "another topic"),
    (offsets_file('{"logs":{"0":5},"other":{"0":1}}'), "a second topic in the source"),
    (offsets_file('{"logs":{"0":5}}', '{"logs":{"0":5}}'), "a second source"),
    (offsets_file("{not json"), "a source line that is not JSON"),
    (offsets_file('{"logs":{}}'), "no partitions"),
    (offsets_file('{"logs":{"0":-1}}'), "a negative offset"),
    (offsets_file('{"logs":{"0":"5"}}'), "an offset that is not a number"),
    (offsets_file('{"logs":{"0":5.0}}'), "an offset that is not an integer"),
    (offsets_file('{"logs":{"zero":5}}'), "a partition that is not a number"),
    (offsets_file('{"logs":{"0":true}}'), "a boolean"),
    ("v1\n" + METADATA, "no source line"),
])
def test_a_file_it_does_not_recognise_says_nothing(text, why):
    assert source_offsets(text, "logs") is None, why


def test_caught_up_only_when_every_partition_is_at_its_end():
    committed = {0: 10, 1: 20}
    assert Progress(4, committed, {0: 10, 1: 20}, "").caught_up
    assert not Progress(4, committed, {0: 10, 1: 21}, "").caught_up  # a new record
    assert not Progress(4, committed, {0: 10, 1: 20, 2: 0}, "").caught_up  # a partition added
    assert not Progress(4, committed, {0: 10, 1: 19}, "").caught_up  # an offset went backwards
    assert not Progress(4, committed, None, "").caught_up  # the topic is gone
    assert not Progress(None, None, None, "").caught_up  # no checkpoint yet


def test_batch_ids_are_the_numbered_objects_of_one_log():
    keys = ["cp/offsets/0", "cp/offsets/1", "cp/offsets/.1.8d2c.tmp", "cp/offsets/10", "cp/commits/0", "cp/offsets/metadata"]
    assert batch_ids(keys, "cp/offsets/") == {0, 1, 10}
    assert batch_ids(keys, "cp/commits/") == {0}
    assert batch_ids([], "cp/offsets/") == set()


def test_the_last_batch_counts_only_when_it_was_planned_and_committed_last():
    assert last_committed_batch({0, 1, 2}, {0, 1, 2}) == (2, "")
    assert last_committed_batch({5, 6}, {5, 6}) == (6, "")  # older batches purged from both logs
    assert last_committed_batch({0, 1, 2}, {0, 1})[0] is None  # batch 2 planned, not committed
    assert last_committed_batch({0, 1}, {0, 1, 2})[0] is None  # a commit without its offsets
    assert last_committed_batch(set(), set())[0] is None  # no checkpoint yet
    assert last_committed_batch(set(), {0})[0] is None
