"""Whether the curate job has anything to read, decided before Spark starts.

A run that finds nothing new (a quiet hour, Airflow's retry of a run that had succeeded, a
manual second run) would otherwise pay the whole fixed cost of a Spark application to run
no batch: the SparkContext and session, the streaming query, the checkpoint read through
them, and the JIT compiling all of it (20-27 CPU-s on the bench machine). This compares the
two facts Spark itself would compare, in the JVM that spark-submit has already started:

- the offsets the checkpoint's last batch read up to: `offsets/<n>` of the highest batch n,
  only when `commits/<n>` is the highest commit (an `offsets/<n>` without its commit is a
  batch Spark must run again);
- the topic's end offsets (the next offset of every partition, read uncommitted, as Spark's
  Kafka source reads "latest").

The run is skipped only when they are equal, partition for partition. Anything else (no
checkpoint yet, a batch without its commit, a partition added, an offsets file it does not
recognise, Kafka or the lake unreachable) leaves the decision to Spark, as before: the check
can only save a run, never lose or repeat a record.

The same facts, with the log start of the partitions the checkpoint has not read, tell how
many records the run has to read (`Progress.backlog`), and so how to split them into
batches of even size (`even_batch_limit`).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Iterable

from .config import KafkaConfig, LakeConfig

# How long the Kafka and S3 calls may take before the check gives up and Spark decides.
KAFKA_TIMEOUT_MS = 15_000
S3_TIMEOUT_MS = 15_000
# The first line of a Spark offsets log file: the version of its format.
OFFSETS_LOG_VERSION = "v1"


@dataclass(frozen=True)
class Progress:
    """The checkpoint's last committed batch, the topic's end, and whether they meet."""

    batch_id: int | None
    committed: dict[int, int] | None
    latest: dict[int, int] | None
    why: str
    # Where each partition's log starts: where Spark begins a partition the checkpoint has
    # not read (startingOffsets "earliest").
    earliest: dict[int, int] | None = None

    @property
    def caught_up(self) -> bool:
        return self.committed is not None and self.committed == self.latest

    @property
    def backlog(self) -> dict[int, int] | None:
        """Records a run would read, per partition that has any: from the checkpoint's offset,
        or the log's start where the checkpoint has none, to the end. None when unknown."""
        if self.latest is None or self.earliest is None:
            return None
        read = self.committed or {}
        sizes = {p: end - read.get(p, self.earliest.get(p, 0)) for p, end in self.latest.items()}
        return {p: size for p, size in sizes.items() if size > 0}

    def as_dict(self) -> dict[str, object]:
        return {"batch_id": self.batch_id, "committed": self.committed, "latest": self.latest, "why": self.why}


def even_batch_limit(backlog: dict[int, int], limit: int) -> int:
    """maxOffsetsPerTrigger for a run over `backlog`: as few batches as `limit` allows, of even
    size, and no batch of a few records left over.

    Spark's Kafka source gives each partition its share of the limit rounded down, so a batch
    reads up to one record per partition less than the limit: 1,000,000 records at 500,000
    per batch ran as 499,999, 499,998 and 3, and the third batch cost as much as any other
    beyond its records (planning, code generation, reading the hour again). The limit
    returned is the even share plus one record per partition less one, which makes every
    batch but the last read at least the share: so it exceeds `limit` by fewer records than
    there are partitions, and only when the backlog is within that of a multiple of it."""
    total = sum(backlog.values())
    if total <= limit:
        return limit
    batches = -(-total // limit)
    return -(-total // batches) + len(backlog) - 1


# Past a few tasks per partition or core, the tasks' own costs outweigh the balance: 31
# partitions on 8 cores are better read as 31 tasks (the last wave 7 of 8 cores) than 248.
MAX_READ_TASKS_PER_PARTITION_OR_CORE = 4


def balanced_read_tasks(partitions: int, cores: int) -> int | None:
    """The Kafka source's minPartitions for a batch over `partitions` partitions of about the
    same size read by `cores` cores: the fewest tasks that split every partition into parts of
    the same size and are a multiple of the cores, so that no core idles while another reads
    the last part. None when one task per partition already is (the partitions are a multiple
    of the cores), or when that would take more than a few tasks per partition or core.

    Spark splits a partition into parts in proportion to its share of the batch (its
    KafkaOffsetRangeCalculator). With the bench's 3 partitions on 2 cores, the batch's parse,
    most of its CPU, ran as two tasks at once and then one alone: 10.5 s for 16.6 s of tasks."""
    tasks = math.lcm(partitions, cores)
    return tasks if partitions < tasks <= MAX_READ_TASKS_PER_PARTITION_OR_CORE * max(partitions, cores) else None


def source_offsets(text: str, topic: str) -> dict[int, int] | None:
    """The offsets of `topic` in the text of an offsets log file (`v1`, a line of metadata,
    then one line per source: the Kafka source's is {"<topic>": {"<partition>": <offset>}}),
    or None when the file is not one this job's query writes."""
    lines = text.splitlines()
    if len(lines) != 3 or lines[0] != OFFSETS_LOG_VERSION:
        return None
    try:
        source: Any = json.loads(lines[2])
    except json.JSONDecodeError:
        return None
    if not isinstance(source, dict) or list(source) != [topic] or not isinstance(source[topic], dict):
        return None
    offsets = source[topic]
    if not offsets or not all(p.isdigit() and type(o) is int and o >= 0 for p, o in offsets.items()):
        return None
    return {int(partition): offset for partition, offset in offsets.items()}


def batch_ids(keys: Iterable[str], folder: str) -> set[int]:
    """The batch ids of an offsets or commits log folder: its objects named by number
    (Spark's temporary files start with a dot)."""
    names = (key[len(folder):] for key in keys if key.startswith(folder))
    return {int(name) for name in names if name.isdigit()}


def s3_client(jvm: Any, lake: LakeConfig) -> Any:
    """The AWS SDK's S3 client (on spark-submit's class path for S3A) for the lake. Not S3A
    itself: its file system costs twice the CPU to start (4 against 2 CPU-s here), half of
    what the check costs, to list two folders and read one small file."""
    sdk = jvm.software.amazon.awssdk
    credentials = sdk.auth.credentials.AwsBasicCredentials.create(lake.access_key_id, lake.secret_access_key)
    timeouts = sdk.core.client.config.ClientOverrideConfiguration.builder().apiCallTimeout(jvm.java.time.Duration.ofMillis(S3_TIMEOUT_MS)).build()
    return (
        sdk.services.s3.S3Client.builder()
        .endpointOverride(jvm.java.net.URI(lake.endpoint))
        .region(sdk.regions.Region.of(lake.region))
        .credentialsProvider(sdk.auth.credentials.StaticCredentialsProvider.create(credentials))
        .forcePathStyle(True)
        .overrideConfiguration(timeouts)
        .build()
    )


def logged_batches(jvm: Any, s3: Any, lake: LakeConfig, log_name: str) -> set[int]:
    """The batch ids in one of the checkpoint's logs ("offsets" or "commits")."""
    folder = f"{lake.checkpoint_key}/{log_name}/"
    request = jvm.software.amazon.awssdk.services.s3.model.ListObjectsV2Request.builder().bucket(lake.bucket).prefix(folder).build()
    objects = s3.listObjectsV2Paginator(request).contents().iterator()
    keys = []
    while objects.hasNext():
        keys.append(str(objects.next().key()))
    return batch_ids(keys, folder)


def last_committed_batch(planned: set[int], committed: set[int]) -> tuple[int | None, str]:
    """The batch whose offsets tell how far the checkpoint has read: the last one planned,
    when it is also the last one committed; otherwise None, and why."""
    if not planned:
        return None, "no batch in the checkpoint yet"
    last = max(planned)
    if last not in committed:
        return None, f"batch {last} was planned and not committed: Spark runs it again"
    if max(committed) != last:
        return None, f"batch {max(committed)} was committed but never planned: the checkpoint is not one this check understands"
    return last, ""


def committed_offsets(jvm: Any, lake: LakeConfig, topic: str) -> tuple[int | None, dict[int, int] | None, str]:
    """(batch id, the topic's offsets after it, why) of the checkpoint's last committed batch;
    the offsets are None when the checkpoint does not say (see the module's docstring)."""
    if not lake.access_key_id:
        return None, None, "no lake credentials to read the checkpoint with"
    s3 = s3_client(jvm, lake)
    try:
        last, why = last_committed_batch(logged_batches(jvm, s3, lake, "offsets"), logged_batches(jvm, s3, lake, "commits"))
        if last is None:
            return None, None, why
        request = jvm.software.amazon.awssdk.services.s3.model.GetObjectRequest.builder().bucket(lake.bucket).key(f"{lake.checkpoint_key}/offsets/{last}").build()
        offsets = source_offsets(str(s3.getObjectAsBytes(request).asUtf8String()), topic)
        return last, offsets, "" if offsets is not None else f"offsets/{last} is not a Kafka source's offsets of topic {topic}"
    finally:
        s3.close()


def topic_offsets(jvm: Any, kafka: KafkaConfig) -> tuple[dict[int, int], dict[int, int]] | None:
    """(log start, next offset) of every partition of the topic; None when the topic does not exist."""
    properties = jvm.java.util.Properties()
    deserializer = "org.apache.kafka.common.serialization.ByteArrayDeserializer"
    for key, value in {
        "bootstrap.servers": kafka.bootstrap_servers, "key.deserializer": deserializer, "value.deserializer": deserializer,
        "default.api.timeout.ms": str(KAFKA_TIMEOUT_MS), "request.timeout.ms": str(KAFKA_TIMEOUT_MS), "client.id": "logpipe-curate-caught-up",
        # Asking about a missing topic must not create it (Spark's Kafka source never does).
        "allow.auto.create.topics": "false",
    }.items():
        properties.setProperty(key, value)
    timeout = jvm.java.time.Duration.ofMillis(KAFKA_TIMEOUT_MS)
    consumer = jvm.org.apache.kafka.clients.consumer.KafkaConsumer(properties)
    try:
        partitions = consumer.partitionsFor(kafka.topic, timeout)
        if partitions is None or partitions.isEmpty():
            return None
        topic_partitions = jvm.java.util.ArrayList()
        for info in partitions:
            topic_partitions.add(jvm.org.apache.kafka.common.TopicPartition(kafka.topic, info.partition()))
        starts = consumer.beginningOffsets(topic_partitions, timeout)
        ends = consumer.endOffsets(topic_partitions, timeout)
        return ({int(partition.partition()): int(starts.get(partition)) for partition in starts.keySet()},
                {int(partition.partition()): int(ends.get(partition)) for partition in ends.keySet()})
    finally:
        consumer.close(timeout)


def progress(jvm: Any, lake: LakeConfig, kafka: KafkaConfig) -> Progress:
    """The checkpoint's last committed offsets and the topic's start and end offsets, read with `jvm`."""
    batch_id, committed, why = committed_offsets(jvm, lake, kafka.topic)
    offsets = topic_offsets(jvm, kafka)
    if offsets is None:
        return Progress(batch_id, committed, None, f"topic {kafka.topic} not found")
    earliest, latest = offsets
    if committed is None:
        return Progress(batch_id, None, latest, why, earliest)
    if committed != latest:
        return Progress(batch_id, committed, latest, "the topic has records or partitions the checkpoint has not read", earliest)
    return Progress(batch_id, committed, latest, "every partition read to its end", earliest)
