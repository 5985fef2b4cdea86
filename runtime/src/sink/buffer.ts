import { PackedValues, packValues } from "./codec";

/** A message that is no event the lake can take, and why: sent to the dead-letter topic before its range is committed. */
export interface DeadLetter {
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly reason: string;
}

export interface FlushPolicy {
  /** Flush once this many rows are buffered in a partition. */
  readonly maxRows: number;
  /** Flush once the buffered rows' JSON is this large. */
  readonly maxBytes: number;
  /** Flush once the oldest buffered row waited this long. */
  readonly maxAgeMs: number;
}

/**
 * Why a flush started. "full": the sink's buffer is full, so every partition flushes what it
 * has; "pressure": the buffer is half full and this partition holds a fair share of it;
 * "caught-up": the partition was behind, has now read all its topic holds, and its oldest row
 * was received (its record's timestamp) longer than the flush age ago: the tail of a backlog,
 * which would otherwise wait a whole flush age more for rows that are not coming.
 */
export type FlushReason = "rows" | "bytes" | "age" | "caught-up" | "full" | "pressure" | "pending" | "shutdown";

/** How full the sink's buffer is, for a partition deciding whether to flush. */
export interface BufferPressure {
  /** The buffer is full: flush whatever there is. */
  readonly full: boolean;
  /** When set, the buffer is half full: flush once this partition holds this many bytes. */
  readonly shareBytes?: number;
}

/** A message as Kafka delivered it (kafkajs's KafkaMessage has this shape). */
export interface ConsumedMessage {
  readonly offset: string;
  /** The record's timestamp (ms, as text): when the simulator received the event. */
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/** What a buffered message costs besides its key and value: its offset, timestamp and the places of its bytes. */
export const PER_MESSAGE_BYTES = 8 + 8 + 4 * 4;
/** What a chunk (one consumed batch) costs besides its messages: its object and four typed arrays. */
const PER_CHUNK_BYTES = 512;

/**
 * Messages of one consumed batch, copied into flat arrays: a buffered message costs its bytes
 * and 32 more, where kafkajs's message objects cost several hundred and keep the whole fetch
 * response alive. Objects that live until their flush is committed (seconds) outlive V8's young
 * generation and make every old-generation collection longer; a few arrays per batch do not.
 */
class Chunk {
  readonly offsets: BigInt64Array;
  readonly timestamps: Float64Array;
  /** Per message: start and length of its key in `bytes`, then of its value; a length of -1 is null. */
  readonly places: Int32Array;
  readonly bytes: Uint8Array;

  constructor(messages: readonly ConsumedMessage[]) {
    let size = 0;
    for (const message of messages) size += (message.key?.length ?? 0) + (message.value?.length ?? 0);
    this.offsets = new BigInt64Array(messages.length);
    this.timestamps = new Float64Array(messages.length);
    this.places = new Int32Array(messages.length * 4);
    this.bytes = new Uint8Array(size);
    let position = 0;
    const place = (at: number, part: Buffer | null) => {
      this.places[at] = position;
      this.places[at + 1] = part ? part.length : -1;
      if (part) {
        this.bytes.set(part, position);
        position += part.length;
      }
    };
    messages.forEach((message, i) => {
      this.offsets[i] = BigInt(message.offset);
      this.timestamps[i] = Number(message.timestamp);
      place(4 * i, message.key);
      place(4 * i + 2, message.value);
    });
  }

  get length(): number {
    return this.offsets.length;
  }

  private part(at: number): Buffer | null {
    const length = this.places[at + 1];
    return length < 0 ? null : Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.places[at], length);
  }

  key(i: number): Buffer | null {
    return this.part(4 * i);
  }

  value(i: number): Buffer | null {
    return this.part(4 * i + 2);
  }

  valueLength(i: number): number {
    return Math.max(0, this.places[4 * i + 3]);
  }

  /** What message i costs in the buffer. */
  cost(i: number): number {
    return Math.max(0, this.places[4 * i + 1]) + this.valueLength(i) + PER_MESSAGE_BYTES;
  }
}

/** A message of a flush, as it was consumed: for its dead letter. */
export interface FlushedMessage {
  readonly offset: bigint;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
}

/** The messages of one flush: their values and timestamps side by side (for the codec), and each one by its index. */
export interface FlushPlan {
  readonly firstOffset: bigint;
  /** Past the last message when an interrupted flush had recorded a range whose end is no message any more. */
  readonly lastOffset: bigint;
  readonly rows: number;
  /** Copies, so that they can be transferred to a worker thread while the buffer keeps the messages. */
  readonly values: PackedValues;
  readonly timestamps: Float64Array;
  message(index: number): FlushedMessage;
}

/**
 * What one partition has consumed but not yet committed, as a contiguous run of offsets
 * starting at the committed offset. Messages below the next expected offset (redelivered
 * after a rebalance) are ignored, so the buffer never holds an offset twice. Messages are
 * kept as consumed: decoding, the contract and encoding are the flush's work (codec.ts, in a
 * worker thread), and a message's bytes are its dead letter should it turn out to be one.
 */
export class PartitionBuffer {
  private chunks: Chunk[] = [];
  /** The first message of chunks[0] that is still buffered. */
  private head = 0;
  private count = 0;
  private nextOffset: bigint;
  private bufferedBytes = 0;
  private oldestAt: number | undefined;
  /** A flush intent found in the committed metadata: the next flush must end exactly here. */
  pendingLastOffset: bigint | undefined;
  /** The last consumed batch reached the partition's high watermark: nothing more to read for now. */
  private caughtUp = false;
  /**
   * The last offset read while the partition was behind: by a batch that ended before the high
   * watermark, or in the topic already when the partition was assigned. Only while the oldest
   * buffered row is at or below it may record timestamps hasten a flush: in steady state they
   * would, for every batch, wherever producers' clocks (or the CreateTime they keep) lag this
   * one's. Once those rows are flushed, what follows waits its age again.
   */
  private behindThrough = -1n;
  /** The partition's log end when it was assigned (see noteAssigned); -1 when not known. */
  private assignedLogEnd = -1n;

  constructor(committedOffset: bigint, private readonly now: () => number = Date.now) {
    this.nextOffset = committedOffset;
  }

  get rows(): number {
    return this.count;
  }

  /** What the buffered messages cost: keys, values, PER_MESSAGE_BYTES each and PER_CHUNK_BYTES per consumed batch. */
  get bytes(): number {
    return this.bufferedBytes;
  }

  get firstOffset(): bigint | undefined {
    return this.count > 0 ? this.chunks[0].offsets[this.head] : undefined;
  }

  get lastOffset(): bigint | undefined {
    const last = this.chunks.at(-1);
    return this.count > 0 && last ? last.offsets[last.length - 1] : undefined;
  }

  /**
   * Adds consumed messages, in offset order; returns how many were new (the others were
   * already buffered or committed).
   */
  add(messages: readonly ConsumedMessage[]): number {
    let skip = 0;
    while (skip < messages.length && BigInt(messages[skip].offset) < this.nextOffset) skip++;
    if (skip === messages.length) return 0;
    const chunk = new Chunk(skip === 0 ? messages : messages.slice(skip));
    this.chunks.push(chunk);
    this.count += chunk.length;
    this.bufferedBytes += PER_CHUNK_BYTES;
    for (let i = 0; i < chunk.length; i++) this.bufferedBytes += chunk.cost(i);
    this.nextOffset = chunk.offsets[chunk.length - 1] + 1n;
    this.oldestAt ??= this.now();
    if (chunk.offsets[0] < this.assignedLogEnd) {
      const backlogEnd = this.nextOffset < this.assignedLogEnd ? this.nextOffset : this.assignedLogEnd;
      if (backlogEnd - 1n > this.behindThrough) this.behindThrough = backlogEnd - 1n;
    }
    return chunk.length;
  }

  /** Whether the batch just consumed reached the partition's high watermark. */
  noteCaughtUp(caughtUp: boolean): void {
    this.caughtUp = caughtUp;
    if (!caughtUp && this.count > 0) this.behindThrough = this.nextOffset - 1n;
  }

  /**
   * The log end of a partition newly assigned to this sink. The rows below it waited in the
   * topic before this sink could read them: a backlog, even when one fetch reads all of it and
   * so no batch ends before the high watermark.
   */
  noteAssigned(logEnd: bigint): void {
    this.assignedLogEnd = logEnd;
  }

  /** Forgets everything below `committedOffset` (another member committed it). */
  advanceTo(committedOffset: bigint): void {
    if (committedOffset > this.nextOffset) this.nextOffset = committedOffset;
    this.dropThrough(committedOffset - 1n);
  }

  /**
   * Forgets an interrupted flush's range once the buffer starts past it: none of it can come
   * back (retention deleted it while the partition had no owner, or this sink's own flush of
   * it committed while a rebalance read the intent). Left pending, it would make the
   * partition flush forever without a message to flush.
   */
  private forgetPendingBehind(): void {
    const first = this.firstOffset;
    if (this.pendingLastOffset !== undefined && first !== undefined && first > this.pendingLastOffset) this.pendingLastOffset = undefined;
  }

  /** Why this partition should flush now, or undefined. */
  flushReason(policy: FlushPolicy, pressure: BufferPressure = { full: false }): FlushReason | undefined {
    if (this.count === 0) return undefined;
    this.forgetPendingBehind();
    // An interrupted flush's range is rewritten whole, never part of it, whatever else holds.
    if (this.pendingLastOffset !== undefined) return this.nextOffset > this.pendingLastOffset ? "pending" : undefined;
    if (pressure.full) return "full";
    if (this.count >= policy.maxRows) return "rows";
    if (this.bufferedBytes >= policy.maxBytes) return "bytes";
    if (pressure.shareBytes !== undefined && this.bufferedBytes >= pressure.shareBytes) return "pressure";
    if (this.oldestAt !== undefined && this.now() - this.oldestAt >= policy.maxAgeMs) return "age";
    // A backlog's tail: received (by the record's timestamp) a flush age ago or more, and nothing after it to wait for.
    if (this.caughtUp && this.chunks[0].offsets[this.head] <= this.behindThrough && this.now() - this.chunks[0].timestamps[this.head] >= policy.maxAgeMs) return "caught-up";
    return undefined;
  }

  /**
   * The next flush: up to the pending intent when there is one (exactly the range a crashed
   * flush had started), else at most maxRows messages.
   */
  nextFlush(maxRows: number): FlushPlan | undefined {
    this.forgetPendingBehind();
    const pending = this.pendingLastOffset;
    // The flush's messages, chunk by chunk: messages [from, to) of each.
    const spans: { chunk: Chunk; from: number; to: number }[] = [];
    let rows = 0;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      const from = c === 0 ? this.head : 0;
      let to = from;
      while (to < chunk.length && (pending !== undefined ? chunk.offsets[to] <= pending : rows + to - from < maxRows)) to++;
      if (to > from) spans.push({ chunk, from, to });
      rows += to - from;
      if (to < chunk.length) break;
    }
    if (rows === 0) return undefined;
    const values = new Array<Buffer | null>(rows);
    const timestamps = new Float64Array(rows);
    let n = 0;
    for (const { chunk, from, to } of spans) {
      for (let i = from; i < to; i++, n++) {
        values[n] = chunk.value(i);
        timestamps[n] = chunk.timestamps[i];
      }
    }
    const first = spans[0];
    const last = spans[spans.length - 1];
    const lastConsumed = last.chunk.offsets[last.to - 1];
    return {
      firstOffset: first.chunk.offsets[first.from],
      lastOffset: pending !== undefined && pending > lastConsumed ? pending : lastConsumed,
      rows,
      values: packValues(values),
      timestamps,
      message: (index) => {
        let rest = index;
        for (const { chunk, from, to } of spans) {
          if (rest < to - from) return { offset: chunk.offsets[from + rest], key: chunk.key(from + rest), value: chunk.value(from + rest) };
          rest -= to - from;
        }
        throw new RangeError(`message ${index} is not in this flush of ${rows}`);
      },
    };
  }

  /** Removes the messages up to and including `lastOffset`, once they are durably in the lake. */
  dropThrough(lastOffset: bigint): void {
    let removed = 0;
    while (this.chunks.length > 0) {
      const chunk = this.chunks[0];
      if (this.head >= chunk.length) {
        this.chunks.shift();
        this.head = 0;
        this.bufferedBytes -= PER_CHUNK_BYTES;
        continue;
      }
      if (chunk.offsets[this.head] > lastOffset) break;
      this.bufferedBytes -= chunk.cost(this.head);
      this.head++;
      removed++;
    }
    if (removed === 0) return;
    this.count -= removed;
    if (this.pendingLastOffset !== undefined && this.pendingLastOffset <= lastOffset) this.pendingLastOffset = undefined;
    this.oldestAt = this.count > 0 ? this.now() : undefined;
  }
}
