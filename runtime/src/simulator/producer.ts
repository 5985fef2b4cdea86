import { Admin, AdminConfig, CompressionTypes, ConfigResourceTypes, Kafka, logLevel, Message, PartitionMetadata, Partitioners, Producer } from "kafkajs";
import { LogEvent } from "../contract";
import { Logger } from "../common/log";

export interface EventProducerConfig {
  readonly brokers: string[];
  readonly topic: string;
  readonly clientId?: string; // default "logpipe-simulator"
  /** Longest a request waits for more events to share its Kafka batch. */
  readonly lingerMs?: number; // default 5
  /** Events per Kafka produce request at most. */
  readonly maxBatchEvents?: number; // default 5000
  /** How long one send may retry before the caller is told Kafka is unavailable. */
  readonly maxRetryTimeMs?: number; // default 5000
  readonly logger: Logger;
}

/**
 * Events that Kafka would refuse as a whole: together they are larger than the topic's
 * max.message.bytes, the most one partition's batch of a produce request may hold. The
 * caller must split them; nothing was sent.
 */
export class RequestTooLargeError extends Error {
  readonly retriable = false;
  constructor(readonly topic: string, readonly partition: number, readonly bytes: number, readonly maxBytes: number) {
    super(`the events for partition ${partition} take ${bytes} bytes in Kafka, more than topic "${topic}" takes in one batch (max.message.bytes ${maxBytes})`);
    this.name = "RequestTooLargeError";
  }
}

/** Kafka could not take the write: the caller should retry later. */
export class KafkaUnavailableError extends Error {
  readonly retriable = true;
  constructor(readonly topic: string, options: { cause: unknown }) {
    super(`Kafka did not accept the write to topic "${topic}"`, options);
    this.name = "KafkaUnavailableError";
  }
}

interface Pending {
  readonly messages: Message[];
  /** Bytes of the messages in Kafka, per partition. */
  readonly bytes: Map<number, number>;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** What one record costs in a batch besides its key and value (v2 format: length, attributes, deltas, headers). */
const RECORD_OVERHEAD_BYTES = 32;
/** A record batch's header (v2 format: 61 bytes), with room to spare. */
const BATCH_OVERHEAD_BYTES = 128;
/** Kafka's default max.message.bytes, used until the topic's own is known. */
const DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/**
 * An idempotent, acks=all producer keyed by user_id. Concurrent callers' events share
 * produce requests: while one request is in flight (an idempotent producer has one at a
 * time), whatever arrives is gathered and goes in the next as soon as it returns; an idle
 * producer waits lingerMs for company. Each caller's promise resolves only once Kafka has
 * acknowledged its events (so a 2xx never covers an unwritten event).
 *
 * Nothing in one caller's events can make Kafka refuse a shared request, so no caller
 * fails another's: the record timestamp is the time of receipt (never the event's own
 * time, which Kafka checks against its clock), and the size of what is gathered stays
 * within the topic's max.message.bytes (a caller whose events alone exceed it is refused
 * before anything is sent).
 */
export class EventProducer {
  private readonly producer: Producer;
  private readonly kafka: Kafka;
  private queue: Pending[] = [];
  private queuedEvents = 0;
  private maxBatchBytes = DEFAULT_MAX_MESSAGE_BYTES - BATCH_OVERHEAD_BYTES;
  /** The topic's partitions, refreshed while running (partitions can be added). */
  private partitions: PartitionMetadata[] = [];
  private partitionsTimer: NodeJS.Timeout | undefined;
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private timer: NodeJS.Timeout | undefined;
  /** The produce request Kafka has not answered yet, if any. */
  private inFlight: Promise<void> | undefined;
  private readonly lingerMs: number;
  private readonly maxBatchEvents: number;

  constructor(private readonly config: EventProducerConfig) {
    this.lingerMs = config.lingerMs ?? 5;
    this.maxBatchEvents = config.maxBatchEvents ?? 5000;
    this.kafka = new Kafka({
      clientId: config.clientId ?? "logpipe-simulator",
      brokers: config.brokers,
      logLevel: logLevel.WARN,
      logCreator: () => ({ namespace, level, log }) =>
        config.logger.child("kafkajs")[level >= logLevel.INFO ? "info" : "warn"](log.message, { namespace }),
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: config.maxRetryTimeMs ?? 5000 },
    });
    this.producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  get topic(): string {
    return this.config.topic;
  }

  async connect(): Promise<void> {
    await this.producer.connect();
    this.maxBatchBytes = (await this.topicMaxMessageBytes()) - BATCH_OVERHEAD_BYTES;
    await this.refreshPartitions();
    this.partitionsTimer = setInterval(() => void this.refreshPartitions().catch((error: unknown) => this.config.logger.warn("could not refresh the topic's partitions", { error })), 60_000);
    this.partitionsTimer.unref();
    this.config.logger.info("connected", { topic: this.config.topic, partitions: this.partitions.length, maxBatchBytes: this.maxBatchBytes });
  }

  /** Runs `use` with a connected admin client, disconnected afterwards. */
  private async withAdmin<T>(use: (admin: Admin) => Promise<T>, options: AdminConfig = {}): Promise<T> {
    const admin = this.kafka.admin(options);
    await admin.connect();
    try {
      return await use(admin);
    } finally {
      await admin.disconnect();
    }
  }

  private async refreshPartitions(): Promise<void> {
    const metadata = await this.withAdmin((admin) => admin.fetchTopicMetadata({ topics: [this.config.topic] }));
    const partitions = metadata.topics[0]?.partitions ?? [];
    if (partitions.length > 0) this.partitions = partitions;
  }

  /** The topic's max.message.bytes (its own, or the broker's default it inherits). */
  private async topicMaxMessageBytes(): Promise<number> {
    const described = await this.withAdmin((admin) =>
      admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: ConfigResourceTypes.TOPIC, name: this.config.topic, configNames: ["max.message.bytes"] }],
      }),
    );
    const value = Number(described.resources[0]?.configEntries.find((entry) => entry.configName === "max.message.bytes")?.configValue);
    return Number.isFinite(value) && value > BATCH_OVERHEAD_BYTES ? value : DEFAULT_MAX_MESSAGE_BYTES;
  }

  /**
   * Resolves when every event is acknowledged by all in-sync replicas; rejects with
   * RequestTooLargeError (nothing sent) when they cannot go in one batch, and with
   * KafkaUnavailableError when Kafka does not take them. receivedAtMs, the time the events
   * were received, is their records' timestamp.
   */
  send(events: LogEvent[], receivedAtMs: number): Promise<void> {
    const timestamp = String(receivedAtMs);
    const bytes = new Map<number, number>();
    const messages = events.map((event) => {
      const message: Message = { key: event.user_id, value: JSON.stringify(event), timestamp };
      // Partitioned here, as the default partitioner would, so each partition's batch can be sized.
      message.partition = this.partitioner({ topic: this.config.topic, partitionMetadata: this.partitions, message });
      const size = Buffer.byteLength(message.value as string) + Buffer.byteLength(event.user_id) + RECORD_OVERHEAD_BYTES;
      bytes.set(message.partition, (bytes.get(message.partition) ?? 0) + size);
      return message;
    });
    for (const [partition, size] of bytes) {
      if (size > this.maxBatchBytes) return Promise.reject(new RequestTooLargeError(this.config.topic, partition, size, this.maxBatchBytes + BATCH_OVERHEAD_BYTES));
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ messages, bytes, resolve, reject });
      this.queuedEvents += messages.length;
      if (this.inFlight) return; // goes with the next request, as soon as this one returns
      if (this.queuedEvents >= this.maxBatchEvents) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.lingerMs);
    });
  }

  /**
   * Sends the longest run of gathered callers that fits one produce request: at most
   * maxBatchEvents events (or one caller's, if more) and, per partition, at most the topic's
   * max.message.bytes. The rest goes next, when Kafka has answered.
   */
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight || this.queue.length === 0) return;
    const batch: Pending[] = [];
    const batchBytes = new Map<number, number>();
    let events = 0;
    for (const pending of this.queue) {
      const fits = [...pending.bytes].every(([partition, size]) => (batchBytes.get(partition) ?? 0) + size <= this.maxBatchBytes);
      if (batch.length > 0 && (!fits || events + pending.messages.length > this.maxBatchEvents)) break;
      batch.push(pending);
      events += pending.messages.length;
      for (const [partition, size] of pending.bytes) batchBytes.set(partition, (batchBytes.get(partition) ?? 0) + size);
    }
    this.queue = this.queue.slice(batch.length);
    this.queuedEvents -= events;
    const messages = batch.flatMap((pending) => pending.messages);
    this.inFlight = this.producer
      .send({ topic: this.config.topic, acks: -1, compression: CompressionTypes.None, messages })
      .then(
        () => batch.forEach((pending) => pending.resolve()),
        (error: unknown) => {
          const failure = new KafkaUnavailableError(this.config.topic, { cause: error });
          batch.forEach((pending) => pending.reject(failure));
        },
      )
      .finally(() => {
        this.inFlight = undefined;
        // What gathered meanwhile has waited long enough: it goes at once.
        this.flush();
      });
  }

  /** True when the topic's metadata can be read: the broker is reachable and the topic exists. */
  async isReady(timeoutMs = 2000): Promise<boolean> {
    const probe = this.withAdmin(async (admin) => {
      const metadata = await admin.fetchTopicMetadata({ topics: [this.config.topic] });
      return metadata.topics.length === 1 && metadata.topics[0].partitions.length > 0;
    }, { retry: { retries: 0 } });
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    return Promise.race([probe.catch(() => false), timeout]);
  }

  /** Sends what is queued, waits for every acknowledgement, then disconnects. */
  async close(): Promise<void> {
    clearInterval(this.partitionsTimer);
    this.flush();
    while (this.inFlight) await this.inFlight;
    await this.producer.disconnect();
  }
}
