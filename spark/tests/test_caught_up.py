"""Reading a Spark offsets log file for the caught-up check (caught_up.py). The check against a
real checkpoint, Kafka and MinIO is in test_curate_job.py: a second run over the same offsets
is skipped, a batch without its commit and new records are not."""
from __future__ import annotations

import math

import pytest

from logpipe_spark.caught_up import Progress, balanced_read_tasks, batch_ids, even_batch_limit, last_committed_batch, source_offsets

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


def test_the_backlog_runs_from_the_checkpoint_or_the_log_start_to_the_end():
    earliest = {0: 0, 1: 5, 2: 7}
    assert Progress(4, {0: 10, 1: 20}, {0: 10, 1: 25, 2: 9}, "", earliest).backlog == {1: 5, 2: 2}  # 2 is new to the checkpoint
    assert Progress(None, None, {0: 10, 1: 20, 2: 7}, "", earliest).backlog == {0: 10, 1: 15}  # no checkpoint: from the log start
    assert Progress(4, {0: 10}, {0: 10}, "", {0: 0}).backlog == {}
    assert Progress(4, {0: 10}, None, "", None).backlog is None  # the topic is gone


def spark_batches(backlog: dict[int, int], limit: int) -> list[int]:
    """The batch sizes Spark's Kafka source plans for `backlog` under maxOffsetsPerTrigger
    `limit`: each partition gets its share of the limit, rounded down (up when below one),
    never past its end (KafkaMicroBatchStream's rate limit)."""
    left, sizes = dict(backlog), []
    while sum(left.values()) > 0:
        total = sum(left.values())
        taken = {}
        for p, size in left.items():
            share = limit * size / total
            taken[p] = min(size, int(share) if share >= 1 else (1 if size else 0))
        sizes.append(sum(taken.values()))
        left = {p: size - taken[p] for p, size in left.items()}
    return sizes


@pytest.mark.parametrize("backlog, limit, batches", [
    ({0: 333_334, 1: 333_333, 2: 333_333}, 500_000, 2),  # the bench's backlog
    ({0: 420, 1: 421, 2: 424}, 633, 2),  # test_curate_job's
    ({0: 350_000, 1: 350_000}, 500_000, 2),
    ({0: 1_500_001}, 500_000, 4),
    ({0: 10, 1: 7, 2: 1}, 6, 3),
    ({0: 400_000, 1: 1}, 500_000, 1),  # within the limit: one batch, the limit as given
])
def test_the_even_limit_runs_as_few_batches_as_the_limit_allows(backlog, limit, batches):
    even = even_batch_limit(backlog, limit)
    sizes = spark_batches(backlog, even)
    assert len(sizes) == batches == -(-sum(backlog.values()) // limit), sizes
    # exceeding the limit by fewer records than there are partitions, and never by more
    assert even < limit + len(backlog)
    # the limit as given leaves a batch of a few records behind where the even one does not
    if backlog == {0: 333_334, 1: 333_333, 2: 333_333}:
        assert spark_batches(backlog, limit) == [499_999, 499_998, 3]


def spark_read_tasks(batch: dict[int, int], min_partitions: int | None) -> list[int]:
    """The records of each task Spark reads `batch` (records per partition) with, given the
    Kafka source's minPartitions: a model of its KafkaOffsetRangeCalculator, which splits each
    partition into its share of the batch times minPartitions, rounded half up (Scala's
    math.round), parts (at least one) when minPartitions exceeds the partitions, and spreads
    the remainder over the last parts."""
    if min_partitions is None or len(batch) >= min_partitions:
        return list(batch.values())
    total = sum(batch.values())
    parts_of = {p: max(math.floor(size / total * min_partitions + 0.5), 1) for p, size in batch.items()}
    whole = {p for p, parts in parts_of.items() if parts == 1}
    split_total = total - sum(batch[p] for p in whole)
    split_min = max(min_partitions - len(whole), 1)
    tasks = []
    for p, size in batch.items():
        parts = 1 if p in whole else max(math.floor(size / split_total * split_min + 0.5), 1)
        left = size
        for part in range(parts):
            tasks.append(left // (parts - part))
            left -= tasks[-1]
    return tasks


def busiest_core(tasks: list[int], cores: int) -> int:
    """The records the busiest of `cores` cores reads, Spark handing the next task to the
    first core free: how long the read takes."""
    free = [0] * cores
    for task in tasks:
        free[free.index(min(free))] += task
    return max(free)


@pytest.mark.parametrize("partitions, cores, tasks", [
    (3, 2, 6),  # the bench's topic in local[2]
    (3, 4, 12),
    (1, 2, 2),
    (2, 3, 6),
    (4, 2, None),  # one task per partition already keeps both cores busy
    (6, 3, None),
    (5, 1, None),
    (3, 8, 24),
    (31, 8, None),  # 248 tasks: more than a few per partition; 31 tasks leave one core of 8 idle at the end
])
def test_balanced_read_tasks_keep_every_core_busy_to_the_end_of_the_read(partitions, cores, tasks):
    assert balanced_read_tasks(partitions, cores) == tasks
    batch = {p: 166_667 for p in range(partitions)}
    split = spark_read_tasks(batch, tasks)
    assert sum(split) == sum(batch.values())
    # every task reads as much as any other (within a record), and the cores end together
    if tasks is not None or partitions % cores == 0:
        assert max(split) - min(split) <= 1 and len(split) % cores == 0, split
    if (partitions, cores) == (3, 2):
        # one task per partition: two cores read two partitions, then one core the third
        assert busiest_core(spark_read_tasks(batch, None), cores) == 2 * 166_667
        assert busiest_core(split, cores) == pytest.approx(250_000, abs=2)  # three of the six halves


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
