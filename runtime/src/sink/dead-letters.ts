import { Admin, Kafka, Producer } from "kafkajs";
import { inRunsOfAtMost, maxBatchBytes, RECORD_OVERHEAD_BYTES } from "../common/kafka";
import { Logger } from "../common/log";
import { retry } from "../common/retry";

/** A record for the dead-letter topic: the refused message's key and bytes, and where and why. */
export interface DeadLetterRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** What a header costs in a record besides its name and value (two length varints), with room to spare. */
const HEADER_OVERHEAD_BYTES = 8;

function recordBytes(record: DeadLetterRecord): number {
  let bytes = (record.key?.length ?? 0) + (record.value?.length ?? 0) + RECORD_OVERHEAD_BYTES;
  for (const name in record.headers) bytes += Buffer.byteLength(name) + Buffer.byteLength(record.headers[name]) + HEADER_OVERHEAD_BYTES;
  return bytes;
}

/**
 * Writes dead letters to the dead-letter topic, so that no content can stall a partition:
 *
 * - in requests that each fit one batch of the topic (its max.message.bytes, read at start
 *   and again after any failure), so a burst of poison is not refused on every retry;
 * - a letter too large for a batch alone loses its value (the header dlq.value.omitted says
 *   how many bytes; the message is still at dlq.source.offset of the source topic);
 * - one request at a time, and a new idempotent producer after any failed one: kafkajs rolls
 *   back the sequence numbers of a request it saw fail even when Kafka wrote it, and the next
 *   request on that producer would be refused as out of order, or, with as many records,
 *   taken for a retry and dropped while acknowledged.
 *
 * Letters are written at least once: a request that failed after Kafka wrote it is sent again.
 */
export class DeadLetterWriter {
  private producer: Producer | undefined;
  private maxBytes = 0;
  /** The write under way, if any: the next waits for it. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly topic: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.producer = await this.startProducer();
  }

  /** Resolves once Kafka has every letter, retrying until then; rejects only when `signal` aborts. */
  write(letters: DeadLetterRecord[], signal: AbortSignal): Promise<void> {
    const written = this.queue.then(() => this.writeInRequests(letters, signal));
    this.queue = written.catch((error: unknown) => this.logger.debug("a dead-letter write ended unwritten", { error }));
    return written;
  }

  async close(): Promise<void> {
    await this.queue;
    await this.producer?.disconnect();
  }

  private async startProducer(): Promise<Producer> {
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    try {
      this.maxBytes = await maxBatchBytes(this.admin, this.topic);
    } catch (error) {
      await producer.disconnect().catch((disconnectError: unknown) => this.logger.warn("disconnecting a producer that did not start failed", { error: disconnectError }));
      throw error;
    }
    return producer;
  }

  private async writeInRequests(letters: DeadLetterRecord[], signal: AbortSignal): Promise<void> {
    let unwritten = letters;
    await retry(
      async () => {
        const producer = (this.producer ??= await this.startProducer());
        for (const run of inRunsOfAtMost(unwritten.map((letter) => this.fitted(letter)), this.maxBytes, recordBytes)) {
          try {
            await producer.send({ topic: this.topic, acks: -1, messages: run });
          } catch (error) {
            this.producer = undefined;
            await producer.disconnect().catch((disconnectError: unknown) => this.logger.warn("disconnecting the failed dead-letter producer failed", { error: disconnectError }));
            throw error;
          }
          unwritten = unwritten.slice(run.length);
        }
      },
      { operation: `sending ${letters.length} dead letters`, signal, logger: this.logger },
    );
  }

  /** The letter, or, when it cannot go in a batch alone, the letter without its value. */
  private fitted(letter: DeadLetterRecord): DeadLetterRecord {
    if (recordBytes(letter) <= this.maxBytes) return letter;
    const bytes = letter.value?.length ?? 0;
    this.logger.warn("a dead letter is larger than the dead-letter topic takes: sent without its value", { bytes, maxBytes: this.maxBytes, headers: letter.headers });
    return { key: letter.key, value: null, headers: { ...letter.headers, "dlq.value.omitted": `${bytes} bytes, more than one batch of ${this.topic} may hold` } };
  }
}
