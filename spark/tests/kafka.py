"""Topics and records on the real Kafka, through the Kafka client Spark already carries
(kafka-clients, via Py4J)."""
from __future__ import annotations

import json
import time
from datetime import datetime

from pyspark.sql import SparkSession


def create_topic(spark: SparkSession, bootstrap_servers: str, name: str, partitions: int) -> None:
    jvm = spark.sparkContext._jvm
    props = jvm.java.util.Properties()
    props.put("bootstrap.servers", bootstrap_servers)
    admin = jvm.org.apache.kafka.clients.admin.Admin.create(props)
    try:
        topic = jvm.org.apache.kafka.clients.admin.NewTopic(name, partitions, jvm.java.lang.Short.valueOf("1"))
        # Records carry their events' own (old, fixed) times as timestamps (see produce): the
        # test topics keep them, where time-based retention would delete them at once.
        topic.configs(jvm.java.util.Map.of("retention.ms", "-1"))
        admin.createTopics(jvm.java.util.List.of(topic)).all().get(30, jvm.java.util.concurrent.TimeUnit.SECONDS)
    finally:
        admin.close()


def produce(spark: SparkSession, bootstrap_servers: str, topic: str, values: list[object]) -> None:
    """Sends `values` (dicts as JSON, strings as they are), keyed like the simulator: by user_id.

    Each event's record is stamped with its own event_time, as if the pipeline had received it
    then (the simulator stamps the time of receipt): the contract's event-time window is
    relative to the record's timestamp, and the tests' events carry fixed times. Records that
    are no event are stamped now. Through kafka-clients' producer, since Spark's Kafka sink
    cannot set the timestamp.
    """
    jvm = spark.sparkContext._jvm
    props = jvm.java.util.Properties()
    props.put("bootstrap.servers", bootstrap_servers)
    props.put("acks", "all")
    serializer = "org.apache.kafka.common.serialization.StringSerializer"
    props.put("key.serializer", serializer)
    props.put("value.serializer", serializer)
    producer = jvm.org.apache.kafka.clients.producer.KafkaProducer(props)
    try:
        for value in values:
            key = (value.get("user_id") if isinstance(value, dict) else None) or "none"
            text = value if isinstance(value, str) else json.dumps(value)
            record = jvm.org.apache.kafka.clients.producer.ProducerRecord(topic, None, jvm.java.lang.Long.valueOf(_received_at_ms(value)), str(key), text)
            producer.send(record)
        producer.flush()
    finally:
        producer.close()


def _received_at_ms(value: object) -> int:
    """The event's own time in epoch milliseconds, or now when it has none that parses."""
    try:
        return int(datetime.fromisoformat(str(value["event_time"]).replace("Z", "+00:00")).timestamp() * 1000)  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        return int(time.time() * 1000)
