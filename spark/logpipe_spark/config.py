"""Where the job reads from and writes to, from the environment with command-line overrides.

The environment variables are the ones the platform stack gives Airflow's containers
(infra/stacks/apps-stack.ts); credentials are read from `<PREFIX>_ACCESS_KEY_ID` and
`<PREFIX>_SECRET_ACCESS_KEY`, the prefix naming whose identity the job runs as (the DAG
passes LOGPIPE_SPARK for the curate job, LOGPIPE_AIRFLOW for the read-only checks).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names it and how to set it."""


# The curate job's streaming checkpoint: its zone and folder.
CHECKPOINT = ("checkpoints", "spark/curate-logs")


@dataclass(frozen=True)
class LakeConfig:
    endpoint: str
    bucket: str
    region: str = "us-east-1"
    # Key prefix under which the zones live; empty in a deployment, unique per test run.
    prefix: str = ""
    access_key_id: str = ""
    secret_access_key: str = field(default="", repr=False)

    def key(self, zone: str, table: str) -> str:
        """The key prefix of a table (or of the checkpoint) in the bucket."""
        return f"{self.prefix}{zone}/{table}"

    def zone(self, zone: str, table: str) -> str:
        return f"s3a://{self.bucket}/{self.key(zone, table)}"

    @property
    def curated_events(self) -> str:
        return self.zone("curated", "events")

    @property
    def curated_metrics(self) -> str:
        return self.zone("curated", "metrics_minute")

    @property
    def batch_reports(self) -> str:
        """One row per micro-batch and partition: what was consumed and what was curated."""
        return self.zone("curated", "batches")

    @property
    def quarantine(self) -> str:
        return self.zone("quarantine", "events")

    @property
    def checkpoint(self) -> str:
        return self.zone(*CHECKPOINT)

    @property
    def checkpoint_key(self) -> str:
        return self.key(*CHECKPOINT)


@dataclass(frozen=True)
class KafkaConfig:
    bootstrap_servers: str
    topic: str = "logs"
    # Records per micro-batch: bounds the memory a batch needs; availableNow runs as many
    # batches as it takes to reach the offsets that were the latest when the run started.
    # Each batch costs about 25 CPU-s beyond its records (planning, code generation, the JIT,
    # reading the hour's curated events again), so fewer, larger batches drain a backlog with
    # less: 500,000 fit the DAG's 1 GB executors (a standalone worker, 1M events: Spark spills
    # to disk, peak executor RSS 1.45 GB, as with 200,000).
    max_offsets_per_trigger: int = 500_000
    # Spark tasks that read a batch (the Kafka source's minPartitions): None, one per
    # partition; set by the curate job to split partitions so that the cores finish together
    # (caught_up.balanced_read_tasks).
    read_tasks: int | None = None
    # A gap in the offsets (retention deleted records before the job read them) fails the run.
    fail_on_data_loss: bool = True


def _required(env: Mapping[str, str], name: str, what: str) -> str:
    value = env.get(name, "").strip()
    if not value:
        raise ConfigError(f"{name} is not set: it names {what}")
    return value


def lake_from_env(env: Mapping[str, str] = os.environ, credentials_prefix: str = "AWS", prefix: str | None = None) -> LakeConfig:
    endpoint = _required(env, "LOGPIPE_S3_ENDPOINT", "the lake's S3 endpoint, e.g. http://127.0.0.1:39000")
    if not endpoint.startswith(("http://", "https://")):
        raise ConfigError(f"LOGPIPE_S3_ENDPOINT must start with http:// or https://, but {endpoint!r} was provided")
    key_name, secret_name = f"{credentials_prefix}_ACCESS_KEY_ID", f"{credentials_prefix}_SECRET_ACCESS_KEY"
    lake_prefix = env.get("LOGPIPE_LAKE_PREFIX", "") if prefix is None else prefix
    if lake_prefix and not lake_prefix.endswith("/"):
        raise ConfigError(f"the lake prefix must end with '/', but {lake_prefix!r} was provided")
    return LakeConfig(
        endpoint=endpoint,
        bucket=_required(env, "LOGPIPE_LAKE_BUCKET", "the lake bucket"),
        region=env.get("LOGPIPE_S3_REGION", "us-east-1"),
        prefix=lake_prefix,
        access_key_id=_required(env, key_name, f"the lake access key of this job's identity (--credentials-env {credentials_prefix})"),
        secret_access_key=_required(env, secret_name, f"the lake secret key of this job's identity (--credentials-env {credentials_prefix})"),
    )


def kafka_from_env(env: Mapping[str, str] = os.environ, max_offsets_per_trigger: int | None = None) -> KafkaConfig:
    limit = max_offsets_per_trigger or int(env.get("LOGPIPE_SPARK_MAX_OFFSETS_PER_TRIGGER", KafkaConfig.max_offsets_per_trigger))
    if limit < 1:
        raise ConfigError(f"max offsets per trigger must be at least 1, but {limit} was provided")
    return KafkaConfig(
        bootstrap_servers=_required(env, "LOGPIPE_KAFKA_BOOTSTRAP_SERVERS", "Kafka's bootstrap servers, e.g. 127.0.0.1:39092"),
        topic=env.get("LOGPIPE_KAFKA_TOPIC", "logs"),
        max_offsets_per_trigger=limit,
    )
