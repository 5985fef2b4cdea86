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

/** Why a flush started; "full": the sink's buffer is full, so every partition flushes what it has. */
export type FlushReason = "rows" | "bytes" | "age" | "full" | "pending" | "shutdown";

/**
 * A consumed message, kept as Kafka delivered it: it is decoded, checked against the
 * contract and encoded when its range is flushed (codec.ts, in a worker thread), and its
 * bytes are its dead letter should it turn out to be one.
 */
export interface ConsumedMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** The record's timestamp (ms): when the simulator received the event. */
  readonly timestamp: number;
}

export interface BufferedMessage extends ConsumedMessage {
  readonly offset: bigint;
}

interface Entry {
  readonly offset: bigint;
  readonly message: ConsumedMessage;
  readonly bytes: number;
}

/**
 * What one partition has consumed but not yet committed, as a contiguous run of offsets
 * starting at the committed offset. Messages below the next expected offset (redelivered
 * after a rebalance) are ignored, so the buffer never holds an offset twice.
 */
export class PartitionBuffer {
  private entries: Entry[] = [];
  private nextOffset: bigint;
  private bufferedBytes = 0;
  private oldestAt: number | undefined;
  /** A flush intent found in the committed metadata: the next flush must end exactly here. */
  pendingLastOffset: bigint | undefined;

  constructor(committedOffset: bigint, private readonly now: () => number = Date.now) {
    this.nextOffset = committedOffset;
  }

  get rows(): number {
    return this.entries.length;
  }

  get bytes(): number {
    return this.bufferedBytes;
  }

  get firstOffset(): bigint | undefined {
    return this.entries[0]?.offset;
  }

  get lastOffset(): bigint | undefined {
    return this.entries[this.entries.length - 1]?.offset;
  }

  /** Adds a consumed message; false when it was already buffered or committed. */
  add(offset: bigint, message: ConsumedMessage, bytes: number): boolean {
    if (offset < this.nextOffset) return false;
    this.entries.push({ offset, message, bytes });
    this.nextOffset = offset + 1n;
    this.bufferedBytes += bytes;
    this.oldestAt ??= this.now();
    return true;
  }

  /** Forgets everything below `committedOffset` (another member committed it). */
  advanceTo(committedOffset: bigint): void {
    if (committedOffset > this.nextOffset) this.nextOffset = committedOffset;
    this.dropThrough(committedOffset - 1n);
  }

  /** Why this partition should flush now, or undefined; `full`: the sink's buffer is. */
  flushReason(policy: FlushPolicy, full = false): FlushReason | undefined {
    if (this.entries.length === 0) return undefined;
    // An interrupted flush's range is rewritten whole, never part of it, whatever else holds.
    if (this.pendingLastOffset !== undefined) return this.nextOffset > this.pendingLastOffset ? "pending" : undefined;
    if (full) return "full";
    if (this.entries.length >= policy.maxRows) return "rows";
    if (this.bufferedBytes >= policy.maxBytes) return "bytes";
    if (this.oldestAt !== undefined && this.now() - this.oldestAt >= policy.maxAgeMs) return "age";
    return undefined;
  }

  /**
   * The entries of the next flush: up to the pending intent when there is one (exactly the
   * range a crashed flush had started), else at most maxRows entries.
   */
  nextFlush(maxRows: number): { firstOffset: bigint; lastOffset: bigint; messages: BufferedMessage[] } | undefined {
    if (this.entries.length === 0) return undefined;
    const pending = this.pendingLastOffset;
    const taken = pending !== undefined ? this.entries.filter((e) => e.offset <= pending) : this.entries.slice(0, maxRows);
    if (taken.length === 0) return undefined;
    return {
      firstOffset: taken[0].offset,
      lastOffset: pending !== undefined && pending > taken[taken.length - 1].offset ? pending : taken[taken.length - 1].offset,
      messages: taken.map((e) => ({ offset: e.offset, ...e.message })),
    };
  }

  /** Removes the entries up to and including `lastOffset`, once they are durably in the lake. */
  dropThrough(lastOffset: bigint): void {
    let removed = 0;
    while (removed < this.entries.length && this.entries[removed].offset <= lastOffset) {
      this.bufferedBytes -= this.entries[removed].bytes;
      removed++;
    }
    if (removed === 0) return;
    this.entries = this.entries.slice(removed);
    if (this.pendingLastOffset !== undefined && this.pendingLastOffset <= lastOffset) this.pendingLastOffset = undefined;
    this.oldestAt = this.entries.length > 0 ? this.now() : undefined;
  }
}
