import { CompressionTypes, Kafka, logLevel, Producer } from "kafkajs";
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

/** Kafka could not take the write: the caller should retry later. */
export class KafkaUnavailableError extends Error {
  readonly retriable = true;
  constructor(readonly topic: string, options: { cause: unknown }) {
    super(`Kafka did not accept the write to topic "${topic}"`, options);
    this.name = "KafkaUnavailableError";
  }
}

interface Pending {
  readonly events: LogEvent[];
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * An idempotent, acks=all producer keyed by user_id. Concurrent callers' events are
 * gathered for up to lingerMs into one produce request; each caller's promise resolves
 * only once Kafka has acknowledged its events (so a 2xx never covers an unwritten event).
 */
export class EventProducer {
  private readonly producer: Producer;
  private readonly kafka: Kafka;
  private queue: Pending[] = [];
  private queuedEvents = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
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
  }

  /** Resolves when every event is acknowledged by all in-sync replicas; rejects with KafkaUnavailableError otherwise. */
  send(events: LogEvent[]): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, resolve, reject });
      this.queuedEvents += events.length;
      if (this.queuedEvents >= this.maxBatchEvents) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.lingerMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.queue;
    this.queue = [];
    this.queuedEvents = 0;
    if (batch.length === 0) return;
    const messages = batch.flatMap((pending) =>
      pending.events.map((event) => ({ key: event.user_id, value: JSON.stringify(event), timestamp: String(Date.parse(event.event_time)) })),
    );
    const sending = this.producer
      .send({ topic: this.config.topic, acks: -1, compression: CompressionTypes.None, messages })
      .then(
        () => batch.forEach((pending) => pending.resolve()),
        (error: unknown) => {
          const failure = new KafkaUnavailableError(this.config.topic, { cause: error });
          batch.forEach((pending) => pending.reject(failure));
        },
      )
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  /** True when the topic's metadata can be read: the broker is reachable and the topic exists. */
  async isReady(timeoutMs = 2000): Promise<boolean> {
    const admin = this.kafka.admin({ retry: { retries: 0 } });
    const probe = (async () => {
      await admin.connect();
      try {
        const metadata = await admin.fetchTopicMetadata({ topics: [this.config.topic] });
        return metadata.topics.length === 1 && metadata.topics[0].partitions.length > 0;
      } finally {
        await admin.disconnect();
      }
    })();
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    return Promise.race([probe.catch(() => false), timeout]);
  }

  /** Sends what is queued, waits for every acknowledgement, then disconnects. */
  async close(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.inFlight]);
    await this.producer.disconnect();
  }
}
