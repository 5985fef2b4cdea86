import { Admin, Kafka, Producer } from "kafkajs";
import { inRunsOfAtMost, maxBatchBytes, RECORD_OVERHEAD_BYTES, startIdempotentProducer } from "../common/kafka";
import { Logger } from "../common/log";
import { AbortedError, backoffDelayMs, sleep } from "../common/retry";

/** A record for the dead-letter topic: the refused message's key and bytes, and where and why. */
export interface DeadLetterRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/** What a header costs in a record besides its name and value (two length varints), with room to spare. */
const HEADER_OVERHEAD_BYTES = 8;
/** The most of a reason a dead letter carries when the whole would not fit. */
const SHORT_REASON_CHARS = 256;

function recordBytes(record: DeadLetterRecord): number {
  let bytes = (record.key?.length ?? 0) + (record.value?.length ?? 0) + RECORD_OVERHEAD_BYTES;
  for (const name in record.headers) bytes += Buffer.byteLength(name) + Buffer.byteLength(record.headers[name]) + HEADER_OVERHEAD_BYTES;
  return bytes;
}

/** `text` cut to `maxChars` characters, saying how much was cut. */
export function clipped(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)`;
}

/**
 * Writes dead letters to the dead-letter topic, so that no content can stall a partition:
 *
 * - in requests that each fit one batch of the topic (its max.message.bytes, read at start
 *   and again after any failure), so a burst of poison is not refused on every retry;
 * - a letter too large for a batch alone goes without its value, then without its key, then
 *   with its reason cut short (the header dlq.value.omitted says so; the message is still at
 *   dlq.source.offset of the source topic);
 * - one request at a time, and a new idempotent producer after any failed one: kafkajs rolls
 *   back the sequence numbers of a request it saw fail even when Kafka wrote it, and the next
 *   request on that producer would be refused as out of order, or, with as many records,
 *   taken for a retry and dropped while acknowledged.
 *
 * Every failure is retried until the caller's signal aborts. Letters are written at least
 * once: a request that failed after Kafka wrote it is sent again.
 */
export class DeadLetterWriter {
  private producer: Producer | undefined;
  private maxBytes = 0;
  /** The write under way, if any: the next waits for it. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly topic: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    this.producer = await this.startProducer();
  }

  /**
   * Resolves once Kafka has every letter; rejects with AbortedError as soon as `signal`
   * aborts (a write already sent may still land: the flush that wanted it is redone).
   */
  write(letters: DeadLetterRecord[], signal: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new Error(`the dead-letter writer for ${this.topic} is closed`));
    const written = this.queue.then(() => this.writeInRequests(letters, signal));
    this.queue = written.catch((error: unknown) => this.logger.debug("a dead-letter write ended unwritten", { error }));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => reject(new AbortedError(`sending ${letters.length} dead letters`));
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      written.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.producer?.disconnect();
    this.producer = undefined;
  }

  /** A connected producer, with the topic's limit read afresh. */
  private startProducer(): Promise<Producer> {
    return startIdempotentProducer(this.kafka, this.logger, async () => {
      this.maxBytes = await maxBatchBytes(this.admin, this.topic);
    });
  }

  private async writeInRequests(letters: DeadLetterRecord[], signal: AbortSignal): Promise<void> {
    let unwritten = letters;
    for (let attempt = 0; unwritten.length > 0; attempt++) {
      if (signal.aborted) throw new AbortedError(`sending ${letters.length} dead letters`);
      try {
        const producer = (this.producer ??= await this.startProducer());
        for (const run of inRunsOfAtMost(unwritten.map((letter) => this.fitted(letter)), this.maxBytes, recordBytes)) {
          if (signal.aborted) throw new AbortedError(`sending ${letters.length} dead letters`);
          try {
            await producer.send({ topic: this.topic, acks: -1, messages: run });
          } catch (error) {
            this.producer = undefined;
            await producer.disconnect().catch((disconnectError: unknown) => this.logger.warn("disconnecting the failed dead-letter producer failed", { error: disconnectError }));
            throw error;
          }
          unwritten = unwritten.slice(run.length);
        }
      } catch (error) {
        if (error instanceof AbortedError) throw error;
        const delayMs = backoffDelayMs(attempt, 200, 10_000);
        this.logger.warn("sending dead letters failed, retrying with a new producer", { attempt: attempt + 1, delayMs, unwritten: unwritten.length, error });
        await sleep(delayMs, signal);
      }
    }
  }

  /** The letter, or, when it cannot go in a batch alone, as much of it as can. */
  private fitted(letter: DeadLetterRecord): DeadLetterRecord {
    if (recordBytes(letter) <= this.maxBytes) return letter;
    const bytes = letter.value?.length ?? 0;
    const omitted = { ...letter.headers, "dlq.value.omitted": `${bytes} bytes, more than one batch of ${this.topic} may hold` };
    const candidates: DeadLetterRecord[] = [
      { key: letter.key, value: null, headers: omitted },
      { key: null, value: null, headers: omitted },
      { key: null, value: null, headers: Object.fromEntries(Object.entries(omitted).map(([name, value]) => [name, clipped(value, SHORT_REASON_CHARS)])) },
    ];
    const fitting = candidates.find((candidate) => recordBytes(candidate) <= this.maxBytes) ?? candidates[candidates.length - 1];
    this.logger.warn("a dead letter is larger than the dead-letter topic takes: sent without its value", { bytes, maxBytes: this.maxBytes, key: fitting.key !== null, headers: fitting.headers });
    return fitting;
  }
}
