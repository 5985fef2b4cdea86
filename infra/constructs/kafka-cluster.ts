import { Network } from "@cdktf/provider-docker/lib/network";
import { Volume } from "@cdktf/provider-docker/lib/volume";
import { Construct } from "constructs";
import { DEFAULT_IMAGES } from "../config/images";
import { isWholeNumberBetween, validate } from "../config/validation";
import { DockerService, healthcheck, pinnedImage } from "./docker-service";

/** A topic as the cluster declares it; what producers and consumers need to know of it. */
export interface KafkaTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly minInSyncReplicas: number;
  readonly retentionMs: number;
  /** The topic's max.message.bytes: the largest record batch Kafka takes for one partition in one produce request. */
  readonly maxMessageBytes: number;
}

/** What a Kafka client needs: implemented by KafkaCluster, and by anything else that fronts a cluster. */
export interface IKafkaEndpoint {
  /** Bootstrap servers as seen from containers on the pipeline's network. */
  readonly bootstrapServers: string;
  readonly logsTopic: KafkaTopic;
  readonly deadLetterTopic: KafkaTopic;
}

export interface KafkaClusterProps {
  readonly network: Network;
  /** Prefix of every container and volume name. */
  readonly namePrefix: string;
  /** @default 1 */
  readonly brokers?: number;
  /** Partitions of the `logs` topic. @default 3 */
  readonly partitions?: number;
  /** @default - brokers, at most 3 */
  readonly replicationFactor?: number;
  /** @default - replicationFactor - 1, at least 1 */
  readonly minInSyncReplicas?: number;
  /** How long the `logs` topic keeps records. @default 72 */
  readonly retentionHours?: number;
  /** Name of the topic events are produced to. @default "logs" */
  readonly topicName?: string;
  /**
   * The `logs` topic's max.message.bytes: the most one partition's batch of a produce
   * request may hold. The simulator reads it from the topic and sizes its requests to it; a
   * request whose events for one partition exceed it gets 413. The dead-letter topic takes
   * twice as much, so a dead letter (the refused record and its reason) always fits.
   * @default 1048576 (1 MiB)
   */
  readonly maxMessageBytes?: number;
  /** Broker i (0-based) is published on the host at firstHostPort + i. @default 29092 */
  readonly firstHostPort?: number;
  /** Address the host listener binds to. @default "127.0.0.1" */
  readonly hostBindIp?: string;
  /**
   * Address clients on the host are told to connect to. Kafka refuses to advertise 0.0.0.0,
   * so binding to all interfaces still advertises a routable name.
   * @default - hostBindIp, or "127.0.0.1" when hostBindIp is 0.0.0.0
   */
  readonly hostAdvertisedAddress?: string;
  /** @default - apache/kafka pinned in infra/config/versions.json */
  readonly image?: string;
  /** JVM heap of each broker. @default 512 */
  readonly heapMb?: number;
  /**
   * KRaft cluster id: 16 bytes, base64url (22 characters). Not a secret; it only stops
   * brokers of another cluster from joining. Changing it on a deployed cluster orphans its data.
   * @default "bG9ncGlwZS1rcmFmdC0wMQ"
   */
  readonly clusterId?: string;
}

const INTERNAL_PORT = 9092;
const CONTROLLER_PORT = 9093;
const HOST_LISTENER_PORT = 9094;
const DATA_DIR = "/var/lib/kafka/data";
const KAFKA_BIN = "/opt/kafka/bin";
const HOUR_MS = 3_600_000;
/** The dead-letter topic keeps poison messages long enough for a person to look at them. */
const DEAD_LETTER_RETENTION_MS = 14 * 24 * HOUR_MS;
/** The `logs` topic's max.message.bytes unless a profile says otherwise: 1 MiB. */
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
/** Room for the contract's largest event many times over, and for requests of hundreds of events. */
const MIN_MAX_MESSAGE_BYTES = 64 * 1024;
const MAX_MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

/**
 * Apache Kafka in KRaft mode (every broker is also a controller voter), with the `logs`
 * topic and its dead-letter topic created by a one-shot job using the image's own tools.
 */
export class KafkaCluster extends Construct implements IKafkaEndpoint {
  public readonly bootstrapServers: string;
  /** Bootstrap servers as seen from the host (tools, local runs of the runtime). */
  public readonly hostBootstrapServers: string;
  public readonly logsTopic: KafkaTopic;
  public readonly deadLetterTopic: KafkaTopic;
  public readonly brokers: DockerService[];

  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    const brokerCount = props.brokers ?? 1;
    const replicationFactor = props.replicationFactor ?? Math.min(brokerCount, 3);
    const minInSyncReplicas = props.minInSyncReplicas ?? Math.max(replicationFactor - 1, 1);
    const partitions = props.partitions ?? 3;
    const retentionHours = props.retentionHours ?? 72;
    const firstHostPort = props.firstHostPort ?? 29092;
    const heapMb = props.heapMb ?? 512;
    const clusterId = props.clusterId ?? "bG9ncGlwZS1rcmFmdC0wMQ";
    const hostBindIp = props.hostBindIp ?? "127.0.0.1";
    const topicName = props.topicName ?? "logs";
    const maxMessageBytes = props.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    const advertised = props.hostAdvertisedAddress ?? (hostBindIp === "0.0.0.0" ? "127.0.0.1" : hostBindIp);

    validate(this.node.path, [
      {
        violated: !isWholeNumberBetween(brokerCount, 1, 9),
        message: `brokers must be between 1 and 9, but ${brokerCount} was provided`,
      },
      {
        violated: !isWholeNumberBetween(replicationFactor, 1, brokerCount),
        message: `replicationFactor must be between 1 and brokers (${brokerCount}), but ${replicationFactor} was provided: lower kafka.replicationFactor or raise kafka.brokers`,
      },
      {
        violated: !isWholeNumberBetween(minInSyncReplicas, 1, replicationFactor),
        message: `minInSyncReplicas must be between 1 and replicationFactor (${replicationFactor}), but ${minInSyncReplicas} was provided: with acks=all every write would fail; lower kafka.minInSyncReplicas`,
      },
      {
        violated: !isWholeNumberBetween(partitions, 1, 1000),
        message: `partitions must be between 1 and 1000, but ${partitions} was provided`,
      },
      {
        violated: !(retentionHours > 0 && retentionHours <= 24 * 365 * 10),
        message: `retentionHours must be above 0 and at most 87600 (10 years), but ${retentionHours} was provided`,
      },
      {
        violated: !isWholeNumberBetween(maxMessageBytes, MIN_MAX_MESSAGE_BYTES, MAX_MAX_MESSAGE_BYTES),
        message: `maxMessageBytes must be between ${MIN_MAX_MESSAGE_BYTES} and ${MAX_MAX_MESSAGE_BYTES} (the dead-letter topic takes twice as much, within the broker's 100 MiB request limit), but ${maxMessageBytes} was provided`,
      },
      {
        violated: !isWholeNumberBetween(heapMb, 256, 64 * 1024),
        message: `heapMb must be between 256 and 65536, but ${heapMb} was provided`,
      },
      {
        violated: advertised === "0.0.0.0" || advertised === "::",
        message: `hostAdvertisedAddress must be an address clients can reach, but "${advertised}" was provided`,
      },
      {
        violated: !/^[A-Za-z0-9_-]{22}$/.test(clusterId),
        message: `clusterId must be 16 bytes in base64url (22 characters of A-Z a-z 0-9 _ -), but "${clusterId}" was provided: generate one with \`kafka-storage.sh random-uuid\``,
      },
    ]);

    const image = pinnedImage(this, "image", props.image ?? DEFAULT_IMAGES.kafka);
    const brokerNames = Array.from({ length: brokerCount }, (_, i) => `${props.namePrefix}-kafka-${i + 1}`);
    const quorumVoters = brokerNames.map((name, i) => `${i + 1}@${name}:${CONTROLLER_PORT}`).join(",");
    this.bootstrapServers = brokerNames.map((name) => `${name}:${INTERNAL_PORT}`).join(",");
    this.hostBootstrapServers = brokerNames.map((_, i) => `${advertised}:${firstHostPort + i}`).join(",");

    ({ logs: this.logsTopic, deadLetter: this.deadLetterTopic } = pipelineTopics({ topicName, partitions, replicationFactor, minInSyncReplicas, retentionHours, maxMessageBytes }));

    this.brokers = brokerNames.map((name, i) => {
      const volume = new Volume(this, `broker-${i + 1}-data`, { name: `${name}-data` });
      return new DockerService(this, `broker-${i + 1}`, {
        containerName: name,
        image,
        network: props.network,
        memoryMb: heapMb + 512,
        hostBindIp,
        hostPorts: [
          { containerPort: HOST_LISTENER_PORT, hostPort: firstHostPort + i, setting: `kafka.firstHostPort (+${i}, broker ${i + 1})` },
        ],
        volumes: [{ volume, containerPath: DATA_DIR }],
        environment: {
          CLUSTER_ID: clusterId,
          KAFKA_NODE_ID: String(i + 1),
          KAFKA_PROCESS_ROLES: "broker,controller",
          KAFKA_LISTENERS: `INTERNAL://:${INTERNAL_PORT},CONTROLLER://:${CONTROLLER_PORT},HOST://:${HOST_LISTENER_PORT}`,
          KAFKA_ADVERTISED_LISTENERS: `INTERNAL://${name}:${INTERNAL_PORT},HOST://${advertised}:${firstHostPort + i}`,
          KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,HOST:PLAINTEXT",
          KAFKA_INTER_BROKER_LISTENER_NAME: "INTERNAL",
          KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
          KAFKA_CONTROLLER_QUORUM_VOTERS: quorumVoters,
          KAFKA_LOG_DIRS: DATA_DIR,
          // Topics are declared by this construct, never created by a typo in a client.
          KAFKA_AUTO_CREATE_TOPICS_ENABLE: "false",
          KAFKA_DEFAULT_REPLICATION_FACTOR: String(replicationFactor),
          KAFKA_MIN_INSYNC_REPLICAS: String(minInSyncReplicas),
          KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: String(replicationFactor),
          KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: String(replicationFactor),
          KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: String(minInSyncReplicas),
          KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "0",
          KAFKA_HEAP_OPTS: `-Xms${heapMb}m -Xmx${heapMb}m`,
        },
        healthcheck: healthcheck(
          // The check is a JVM too: a small heap of its own, not the broker's.
          ["CMD-SHELL", `KAFKA_HEAP_OPTS=-Xmx64m ${KAFKA_BIN}/kafka-broker-api-versions.sh --bootstrap-server localhost:${INTERNAL_PORT} >/dev/null`],
          { interval: "15s", timeout: "10s", startPeriod: "40s" },
        ),
      });
    });

    new DockerService(this, "topics", {
      containerName: `${props.namePrefix}-kafka-topics`,
      image,
      network: props.network,
      memoryMb: 512,
      runOnce: true,
      entrypoint: ["/bin/sh", "-c"],
      command: [topicCreationScript(this.bootstrapServers, [this.logsTopic, this.deadLetterTopic])],
      dependsOn: this.brokers.map((broker) => broker.container),
    });
  }
}

/**
 * The pipeline's two topics: the events, and their dead letters (kept longer, one
 * partition: a person reads them, nothing scales on them). Also used by the local
 * services (scripts/services) so they create exactly what the stack declares.
 */
export function pipelineTopics(settings: {
  topicName: string;
  partitions: number;
  replicationFactor: number;
  minInSyncReplicas: number;
  retentionHours: number;
  maxMessageBytes: number;
}): { logs: KafkaTopic; deadLetter: KafkaTopic } {
  const { topicName, partitions, replicationFactor, minInSyncReplicas, retentionHours, maxMessageBytes } = settings;
  return {
    logs: { name: topicName, partitions, replicationFactor, minInSyncReplicas, retentionMs: Math.round(retentionHours * HOUR_MS), maxMessageBytes },
    deadLetter: { name: `${topicName}.dlq`, partitions: 1, replicationFactor, minInSyncReplicas, retentionMs: DEAD_LETTER_RETENTION_MS, maxMessageBytes: 2 * maxMessageBytes },
  };
}

/** A topic's settings as Kafka names them: what creating it sets, and what every deploy applies again. */
export function topicConfigs(topic: KafkaTopic): { name: string; value: string }[] {
  return [
    { name: "retention.ms", value: String(topic.retentionMs) },
    { name: "min.insync.replicas", value: String(topic.minInSyncReplicas) },
    { name: "max.message.bytes", value: String(topic.maxMessageBytes) },
  ];
}

/**
 * Creates each topic if missing, then applies its settings (topicConfigs), so a changed
 * profile reaches an existing topic. Partition counts are never raised here: adding
 * partitions re-maps user_id keys and breaks per-user ordering, which is a decision for a person.
 */
export function topicCreationScript(bootstrapServers: string, topics: readonly KafkaTopic[], maxWaitSeconds = 180): string {
  const lines = [
    "set -eu",
    "export KAFKA_HEAP_OPTS=-Xmx128m",
    "waited=0",
    `until ${KAFKA_BIN}/kafka-topics.sh --bootstrap-server ${bootstrapServers} --list >/dev/null 2>&1; do`,
    `  if [ "$waited" -ge ${maxWaitSeconds} ]; then echo "brokers ${bootstrapServers} not reachable after ${maxWaitSeconds} s" >&2; exit 1; fi`,
    '  echo "waiting for brokers"; sleep 5; waited=$((waited + 5))',
    "done",
  ];
  for (const topic of topics) {
    const configs = topicConfigs(topic).map(({ name, value }) => `${name}=${value}`);
    lines.push(
      `${KAFKA_BIN}/kafka-topics.sh --bootstrap-server ${bootstrapServers} --create --if-not-exists --topic ${topic.name} --partitions ${topic.partitions} --replication-factor ${topic.replicationFactor} ${configs.map((config) => `--config ${config}`).join(" ")}`,
      `${KAFKA_BIN}/kafka-configs.sh --bootstrap-server ${bootstrapServers} --alter --entity-type topics --entity-name ${topic.name} --add-config ${configs.join(",")}`,
    );
  }
  lines.push(`${KAFKA_BIN}/kafka-topics.sh --bootstrap-server ${bootstrapServers} --describe --topic ${topics.map((t) => t.name).join(",")}`);
  return lines.join("\n");
}
