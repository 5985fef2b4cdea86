"""Topics and records on the real Kafka, through the Kafka client Spark already carries
(kafka-clients, via Py4J for the admin calls, Spark's Kafka sink for the records)."""
from __future__ import annotations

import json

from pyspark.sql import SparkSession


def create_topic(spark: SparkSession, bootstrap_servers: str, name: str, partitions: int) -> None:
    jvm = spark.sparkContext._jvm
    props = jvm.java.util.Properties()
    props.put("bootstrap.servers", bootstrap_servers)
    admin = jvm.org.apache.kafka.clients.admin.Admin.create(props)
    try:
        topic = jvm.org.apache.kafka.clients.admin.NewTopic(name, partitions, jvm.java.lang.Short.valueOf("1"))
        admin.createTopics(jvm.java.util.List.of(topic)).all().get(30, jvm.java.util.concurrent.TimeUnit.SECONDS)
    finally:
        admin.close()


def produce(spark: SparkSession, bootstrap_servers: str, topic: str, values: list[object]) -> None:
    """Sends `values` (dicts as JSON, strings as they are), keyed like the simulator: by user_id."""
    rows = [((v.get("user_id") if isinstance(v, dict) else None) or "none", v if isinstance(v, str) else json.dumps(v)) for v in values]
    (
        spark.createDataFrame(rows, "key string, value string")
        .write.format("kafka")
        .option("kafka.bootstrap.servers", bootstrap_servers)
        .option("topic", topic)
        .option("kafka.acks", "all")
        .save()
    )
