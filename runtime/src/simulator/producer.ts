import { MessageToProduce, ProduceAcks, Producer } from "@platformatic/kafka";
import { Admin, AdminConfig, Kafka, logLevel, PartitionMetadata, Partitioners } from "kafkajs";
import { LogEvent } from "../contract";
import { Logger } from "../common/log";
import { BATCH_OVERHEAD_BYTES, maxBatchBytes, RECORD_OVERHEAD_BYTES } from "../common/kafka";
import { backoffDelayMs, sleep } from "../common/retry";

/** What an EventProducer is configured with, all of it plain data (a worker thread is sent it: producer-thread.ts). */
export interface ProducerSettings {
  readonly brokers: string[];
  readonly topic: string;
  readonly clientId?: string; // default "logpipe-simulator"
  /**
   * Longest an idle producer waits for more events to share its request. While a request
   * is in flight, whatever arrives waits for it anyway and goes in the next one.
   */
  readonly lingerMs?: number; // default 0
  /** Events per Kafka produce request at most. */
  readonly maxBatchEvents?: number; // default 5000
  /** Longest wait between two of a produce request's retries (5 at most, from 100 ms, doubling) before the caller is told Kafka is unavailable. */
  readonly maxRetryTimeMs?: number; // default 5000
  /**
   * Bytes of events (as Kafka stores them) handed to send() and not yet acknowledged, at
   * most: beyond it send() refuses at once, instead of queueing until the process is
   * overloaded. One request is always taken when nothing is pending.
   */
  readonly maxPendingBytes?: number; // default DEFAULT_MAX_PENDING_BYTES
}

export const DEFAULT_MAX_PENDING_BYTES = 32 * 1024 * 1024;

export interface EventProducerConfig extends ProducerSettings {
  readonly logger: Logger;
  /** Told of each failed produce request and each producer recreated after one (metrics). */
  readonly observer?: ProducerObserver;
}

export interface ProducerObserver {
  /** A produce request failed; `error` is Kafka's error code name, or the client's error name. */
  sendFailed(error: string): void;
  /** A new producer replaced the one whose request failed, after `downMs` without one. */
  recreated(downMs: number): void;
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

/**
 * Kafka did not acknowledge the write, or the producer is being replaced after a failed
 * one: the caller should retry later. Part of a failed write may be in the topic all the
 * same (Kafka writes a request's partitions independently).
 */
export class KafkaUnavailableError extends Error {
  readonly retriable = true;
  constructor(readonly topic: string, readonly reason: string, options?: { cause: unknown }) {
    super(`Kafka did not accept the write to topic "${topic}": ${reason}`, options);
    this.name = "KafkaUnavailableError";
  }
}

/** More is waiting for Kafka than the producer may hold: the caller should retry shortly. Nothing was queued. */
export class ProducerOverloadedError extends Error {
  readonly retriable = true;
  constructor(readonly pendingBytes: number, readonly maxPendingBytes: number) {
    super(`${pendingBytes} bytes of events are already waiting for Kafka, and at most ${maxPendingBytes} may wait`);
    this.name = "ProducerOverloadedError";
  }
}

/**
 * Events as Kafka records: the values (the events' JSON) end to end in one buffer, which a
 * worker thread can be handed without a copy, and the keys (user_id).
 */
export interface EventRecords {
  readonly keys: string[];
  readonly values: Uint8Array;
  /** Where each value ends in `values`. */
  readonly ends: Uint32Array;
}

export function toRecords(events: readonly LogEvent[]): EventRecords {
  const json = events.map((event) => JSON.stringify(event));
  const ends = new Uint32Array(json.length);
  let end = 0;
  json.forEach((value, index) => (ends[index] = end += Buffer.byteLength(value)));
  // A buffer of its own (not a slice of Node's pool), so it can be transferred.
  const values = Buffer.allocUnsafeSlow(end);
  json.forEach((value, index) => values.write(value, index === 0 ? 0 : ends[index - 1]));
  return { keys: events.map((event) => event.user_id), values, ends };
}

/** What records take in Kafka's batches: their keys and values, and RECORD_OVERHEAD_BYTES each. */
export function recordsBytes(records: EventRecords): number {
  return records.values.byteLength + records.keys.reduce((sum, key) => sum + Buffer.byteLength(key) + RECORD_OVERHEAD_BYTES, 0);
}

/**
 * Why events of `bytes` are refused whatever they hold, given whether a producer can write
 * and how many bytes already wait for Kafka: the rule of EventProducer.refusal().
 */
export function refusalOf(topic: string, writable: boolean, pendingBytes: number, maxPendingBytes: number, bytes: number): KafkaUnavailableError | ProducerOverloadedError | undefined {
  if (!writable) return new KafkaUnavailableError(topic, "the producer is being replaced after a failed write");
  if (pendingBytes > 0 && pendingBytes + bytes > maxPendingBytes) return new ProducerOverloadedError(pendingBytes, maxPendingBytes);
  return undefined;
}

interface Pending {
  readonly messages: MessageToProduce[];
  /** Bytes of the messages in Kafka, per partition. */
  readonly bytes: Map<number, number>;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/** How often the topic's partitions and max.message.bytes are read again while running. */
const TOPIC_REFRESH_MS = 60_000;

/** Codes of the client's wrappers (one per broker, one per response): they say nothing of their own. */
const WRAPPER_CODES = new Set(["PLT_KFK_MULTIPLE", "PLT_KFK_RESPONSE"]);

/**
 * The name of what a failed send reports: Kafka's error code name when Kafka answered (the
 * client wraps it in errors of its own), else the first code of the client's that is not a
 * wrapper's (a timeout, a network error), else the error's name.
 */
function failureName(error: unknown): string {
  const errors: unknown[] = [error];
  let clientCode: string | undefined;
  while (errors.length > 0) {
    const next = errors.shift();
    if (!(next instanceof Error)) continue;
    const found = next as Error & { apiId?: string; code?: string; errors?: unknown[] };
    if (typeof found.apiId === "string") return found.apiId;
    if (clientCode === undefined && typeof found.code === "string" && !WRAPPER_CODES.has(found.code)) clientCode = found.code;
    errors.push(...(found.errors ?? []), found.cause);
  }
  return clientCode ?? (error instanceof Error ? ((error as Error & { code?: string }).code ?? error.name) : "unknown");
}

/**
 * An idempotent, acks=all producer keyed by user_id. Concurrent callers' events share
 * produce requests: while one request is in flight (an idempotent producer has one at a
 * time), whatever arrives is gathered and goes in the next as soon as it returns; an idle
 * producer sends at once (or waits lingerMs for company, when set: that only delays, since
 * under load a request is always in flight). Each caller's promise resolves only once Kafka
 * has acknowledged its events (so a 2xx never covers an unwritten event).
 *
 * Nothing in one caller's events can make Kafka refuse a shared request, so no caller
 * fails another's: the record timestamp is the time of receipt (never the event's own
 * time, which Kafka checks against its clock), and the size of what is gathered stays
 * within the topic's max.message.bytes (a caller whose events alone exceed it is refused
 * before anything is sent). The limit is read from the topic at start, every minute, and
 * after any failed send, so a limit changed by a deploy is learnt.
 *
 * A failed produce request is never followed by another on the same producer. Kafka may
 * have written some of its partitions and not others, so no sequence numbers the client
 * could continue with are right for every partition: repeating written ones makes Kafka take
 * the next request for a retry and drop its events while acknowledging them, skipping ahead
 * makes every request after it fail with OUT_OF_ORDER_SEQUENCE_NUMBER (kafkajs, which this
 * producer used before, did both). So the failed producer is closed and a new one, with a
 * new producer id, replaces it. Until then, send() refuses at once, and `writable` is false.
 *
 * One case is the client's own: when Kafka answers UNKNOWN_PRODUCER_ID or
 * OUT_OF_ORDER_SEQUENCE_NUMBER (it lost or no longer agrees with the producer's state, e.g.
 * after the producer sat idle past producer.id.expiration.ms), the client takes a new
 * producer id and sends that broker's part of the request again, and the send succeeds. A
 * partition Kafka had written in the first attempt is then written twice (the curate job
 * keeps one row per event_id), and no failure is counted.
 *
 * The Kafka client is @platformatic/kafka: for the same idempotent, acks=all requests it
 * costs about a third of kafkajs's CPU per event (`npm run bench -- --side-by-side`, and the
 * note in the README's performance section). The topic's partitions and limit are read with
 * kafkajs's admin client, as the rest of the runtime does.
 */
export class EventProducer {
  private readonly kafka: Kafka;
  /** The producer that sends, absent while starting or while one replaces a failed one. */
  private producer: Producer | undefined;
  /** The disconnect of the last producer retired after a failed request. */
  private retiring: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();
  private queue: Pending[] = [];
  private queuedEvents = 0;
  /** Bytes handed to send() and not yet answered: queued and in flight. */
  private pending = 0;
  /** Record bytes one partition's batch may hold: the topic's max.message.bytes less a batch header. */
  private maxBatchBytes = 0;
  /** The topic's partitions, refreshed while running (partitions can be added). */
  private partitions: PartitionMetadata[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Reads of the topic's partitions and limit started so far, and the latest one applied. */
  private topicReads = 0;
  private appliedTopicRead = 0;
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private timer: NodeJS.Timeout | undefined;
  /** The produce request Kafka has not answered yet, if any. */
  private inFlight: Promise<void> | undefined;
  private readonly lingerMs: number;
  private readonly maxBatchEvents: number;
  private readonly maxPendingBytes: number;
  private readonly maxRetryTimeMs: number;
  private readonly logger: Logger;

  constructor(private readonly config: EventProducerConfig) {
    this.lingerMs = config.lingerMs ?? 0;
    this.maxBatchEvents = config.maxBatchEvents ?? 5000;
    this.maxPendingBytes = config.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
    this.maxRetryTimeMs = config.maxRetryTimeMs ?? 5000;
    this.logger = config.logger;
    this.kafka = new Kafka({
      clientId: config.clientId ?? "logpipe-simulator",
      brokers: config.brokers,
      logLevel: logLevel.WARN,
      logCreator: () => ({ namespace, level, log }) =>
        config.logger.child("kafkajs")[level >= logLevel.INFO ? "info" : "warn"](log.message, { namespace }),
      retry: { retries: 5, initialRetryTime: 100, maxRetryTime: this.maxRetryTimeMs },
    });
  }

  get topic(): string {
    return this.config.topic;
  }

  /** False while no producer can write: at start, and while a failed one is being replaced. */
  get writable(): boolean {
    return this.producer !== undefined;
  }

  /** Bytes of events handed to send() that Kafka has not answered yet. */
  get pendingBytes(): number {
    return this.pending;
  }

  /**
   * Why send() refuses events of about `bytes` now, whatever they hold: the producer is being
   * replaced, or they would take what waits for Kafka beyond maxPendingBytes. Asked by the
   * app before a request's body is read, and by send().
   */
  refusal(bytes = 0): KafkaUnavailableError | ProducerOverloadedError | undefined {
    return refusalOf(this.config.topic, this.producer !== undefined, this.pending, this.maxPendingBytes, bytes);
  }

  async connect(): Promise<void> {
    this.producer = await this.startProducer();
    this.refreshTimer = setInterval(() => void this.refreshTopic().catch((error: unknown) => this.logger.warn("could not read the topic's partitions and limit again", { error })), TOPIC_REFRESH_MS);
    this.refreshTimer.unref();
    this.logger.info("connected", { topic: this.config.topic, partitions: this.partitions.length, maxBatchBytes: this.maxBatchBytes, maxPendingBytes: this.maxPendingBytes });
  }

  /** A connected idempotent producer, with the topic's partitions and limit read afresh. */
  private async startProducer(): Promise<Producer> {
    const producer = new Producer({
      clientId: this.config.clientId ?? "logpipe-simulator",
      bootstrapBrokers: this.config.brokers,
      idempotent: true,
      acks: ProduceAcks.ALL,
      autocreateTopics: false,
      // Retries of a request keep its sequence numbers: Kafka writes it once.
      retries: 5,
      retryDelay: (_client, _operation, attempt) => Math.min(100 * 2 ** attempt, this.maxRetryTimeMs),
    });
    try {
      // Kafka gives it its producer id: the broker is reachable.
      await producer.initIdempotentProducer({});
      await this.refreshTopic();
      return producer;
    } catch (error) {
      await producer.close().catch((closeError: unknown) => this.logger.warn("closing a producer that did not start failed", { error: closeError }));
      throw error;
    }
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

  /** Reads the topic's partitions and max.message.bytes (its own, or the broker's default it inherits). */
  private async refreshTopic(): Promise<void> {
    // A read started before the last one applied must not bring back what it saw.
    const read = ++this.topicReads;
    const [metadata, maxBytes] = await this.withAdmin((admin) => Promise.all([admin.fetchTopicMetadata({ topics: [this.config.topic] }), maxBatchBytes(admin, this.config.topic)]));
    if (read < this.appliedTopicRead) return;
    this.appliedTopicRead = read;
    const partitions = metadata.topics[0]?.partitions ?? [];
    if (partitions.length > 0) this.partitions = partitions;
    if (maxBytes !== this.maxBatchBytes && this.producer) this.logger.info("the topic's max.message.bytes changed", { from: this.maxBatchBytes + BATCH_OVERHEAD_BYTES, to: maxBytes + BATCH_OVERHEAD_BYTES });
    this.maxBatchBytes = maxBytes;
  }

  /**
   * Resolves when every event is acknowledged by all in-sync replicas. Rejects, with nothing
   * sent, with RequestTooLargeError when they cannot go in one batch, ProducerOverloadedError
   * when too much is already waiting, and KafkaUnavailableError while the producer is being
   * replaced; and with KafkaUnavailableError when Kafka does not take them. receivedAtMs, the
   * time the events were received, is their records' timestamp.
   */
  send(records: EventRecords, receivedAtMs: number): Promise<void> {
    const timestamp = BigInt(receivedAtMs);
    const bytes = new Map<number, number>();
    let totalBytes = 0;
    const { keys, values, ends } = records;
    const messages = keys.map((key, index) => {
      const start = index === 0 ? 0 : ends[index - 1];
      const keyBytes = Buffer.from(key);
      // Partitioned here, by kafkajs's default partitioner (murmur2 of the key, as Kafka's Java client does), so each partition's batch can be sized.
      const partition = this.partitioner({ topic: this.config.topic, partitionMetadata: this.partitions, message: { key: keyBytes, value: null } });
      const message = { topic: this.config.topic, key: keyBytes, value: Buffer.from(values.buffer, values.byteOffset + start, ends[index] - start), partition, timestamp };
      const size = ends[index] - start + keyBytes.length + RECORD_OVERHEAD_BYTES;
      bytes.set(partition, (bytes.get(partition) ?? 0) + size);
      totalBytes += size;
      return message;
    });
    const refused = this.tooLarge(bytes) ?? this.refusal(totalBytes);
    if (refused) return Promise.reject(refused);
    this.pending += totalBytes;
    return new Promise<void>((resolve, reject) => {
      const settled = () => (this.pending -= totalBytes);
      this.queue.push({ messages, bytes, resolve: () => (settled(), resolve()), reject: (error) => (settled(), reject(error)) });
      this.queuedEvents += messages.length;
      if (this.inFlight) return; // goes with the next request, as soon as this one returns
      if (this.queuedEvents >= this.maxBatchEvents) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.lingerMs);
    });
  }

  /** The error for events whose share of one partition (`bytes`, by partition) exceeds what one batch of the topic may hold, if they do. */
  private tooLarge(bytes: Map<number, number>): RequestTooLargeError | undefined {
    for (const [partition, size] of bytes) {
      if (size > this.maxBatchBytes) return new RequestTooLargeError(this.config.topic, partition, size, this.maxBatchBytes + BATCH_OVERHEAD_BYTES);
    }
    return undefined;
  }

  /**
   * Sends the longest run of gathered callers that fits one produce request: at most
   * maxBatchEvents events (or one caller's, if more) and, per partition, at most the topic's
   * max.message.bytes. The rest goes next, when Kafka has answered. A caller whose events no
   * longer fit alone (the limit was lowered since they came) is refused, not sent.
   */
  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const producer = this.producer;
    if (this.inFlight || !producer) return;
    const batch: Pending[] = [];
    const batchBytes = new Map<number, number>();
    let events = 0;
    let taken = 0;
    for (const pending of this.queue) {
      const tooLarge = this.tooLarge(pending.bytes);
      if (tooLarge) {
        taken++;
        this.queuedEvents -= pending.messages.length;
        pending.reject(tooLarge);
        continue;
      }
      const fits = [...pending.bytes].every(([partition, size]) => (batchBytes.get(partition) ?? 0) + size <= this.maxBatchBytes);
      if (batch.length > 0 && (!fits || events + pending.messages.length > this.maxBatchEvents)) break;
      taken++;
      batch.push(pending);
      events += pending.messages.length;
      for (const [partition, size] of pending.bytes) batchBytes.set(partition, (batchBytes.get(partition) ?? 0) + size);
    }
    this.queue = this.queue.slice(taken);
    this.queuedEvents -= events;
    if (batch.length === 0) return;
    const messages = batch.flatMap((pending) => pending.messages);
    this.inFlight = producer
      .send({ messages })
      .then(
        () => batch.forEach((pending) => pending.resolve()),
        (error: unknown) => {
          const failure = new KafkaUnavailableError(this.config.topic, `the produce request failed (${failureName(error)})`, { cause: error });
          batch.forEach((pending) => pending.reject(failure));
          this.replace(producer, error);
        },
      )
      .finally(() => {
        this.inFlight = undefined;
        // What gathered meanwhile has waited long enough: it goes at once.
        this.flush();
      });
  }

  /**
   * Takes a producer whose request failed out of service and starts a new one, retrying
   * with backoff until one connects. The callers still queued are refused: they would wait
   * for as long as Kafka is away.
   */
  private replace(failed: Producer, error: unknown): void {
    if (this.producer !== failed) return;
    this.producer = undefined;
    const name = failureName(error);
    this.config.observer?.sendFailed(name);
    const refused = this.queue;
    this.queue = [];
    this.queuedEvents = 0;
    const refusal = new KafkaUnavailableError(this.config.topic, "the producer is being replaced after a failed write");
    refused.forEach((pending) => pending.reject(refusal));
    this.logger.error("a produce request failed: replacing the producer, whose sequence numbers Kafka no longer agrees with", { failure: name, refusedQueued: refused.length, error });
    this.retiring = failed.close().catch((disconnectError: unknown) => this.logger.warn("disconnecting the failed producer failed", { error: disconnectError }));
    void this.startReplacement(Date.now()).catch((replacementError: unknown) => this.logger.error("replacing the failed producer failed", { error: replacementError }));
  }

  /** Starts producers until one connects (every error retried: giving up would leave ingest down for good), or close() stops it. */
  private async startReplacement(downSince: number): Promise<void> {
    await this.retiring;
    for (let attempt = 0; !this.stopping.signal.aborted; attempt++) {
      let producer: Producer;
      try {
        producer = await this.startProducer();
      } catch (error) {
        const delayMs = backoffDelayMs(attempt, 100, 5000);
        this.logger.warn("starting a new producer failed, retrying", { attempt: attempt + 1, delayMs, error });
        await sleep(delayMs, this.stopping.signal).catch((aborted: unknown) => this.logger.debug("no new producer: closing", { error: aborted }));
        continue;
      }
      if (this.stopping.signal.aborted) {
        await producer.close().catch((error: unknown) => this.logger.warn("closing a producer started while closing failed", { error }));
        return;
      }
      this.producer = producer;
      const downMs = Date.now() - downSince;
      this.config.observer?.recreated(downMs);
      this.logger.info("a new producer replaced the failed one", { downMs, attempts: attempt + 1, maxBatchBytes: this.maxBatchBytes });
      return;
    }
  }

  /** True when a producer can write and the topic's metadata can be read: the broker is reachable and the topic exists. */
  async isReady(timeoutMs = 2000): Promise<boolean> {
    if (!this.producer) return false;
    const probe = this.withAdmin(async (admin) => {
      const metadata = await admin.fetchTopicMetadata({ topics: [this.config.topic] });
      return metadata.topics.length === 1 && metadata.topics[0].partitions.length > 0;
    }, { retry: { retries: 0 } });
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    return Promise.race([probe.catch(() => false), timeout]);
  }

  /**
   * Sends what is queued, waits for every acknowledgement, then disconnects. A replacement
   * still starting is not waited for (with Kafka away that takes minutes): it disconnects
   * itself once started.
   */
  async close(): Promise<void> {
    clearInterval(this.refreshTimer);
    this.stopping.abort();
    this.flush();
    while (this.inFlight) await this.inFlight;
    await this.retiring;
    await this.producer?.close();
    this.producer = undefined;
  }
}
