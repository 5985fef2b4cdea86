import { LogEvent } from "../contract";

/** A message that could not be turned into an event, kept until its range is flushed. */
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

export type FlushReason = "rows" | "bytes" | "age" | "pending" | "shutdown";

/** A consumed event, with the offset that carried it (for its dead letter, should it turn out to be one). */
export interface BufferedEvent {
  readonly offset: bigint;
  readonly event: LogEvent;
}

interface Entry {
  readonly offset: bigint;
  readonly event?: LogEvent;
  readonly deadLetter?: DeadLetter;
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
  add(offset: bigint, entry: { event: LogEvent; bytes: number } | { deadLetter: DeadLetter; bytes: number }): boolean {
    if (offset < this.nextOffset) return false;
    this.entries.push({ offset, ...entry });
    this.nextOffset = offset + 1n;
    this.bufferedBytes += entry.bytes;
    this.oldestAt ??= this.now();
    return true;
  }

  /** Forgets everything below `committedOffset` (another member committed it). */
  advanceTo(committedOffset: bigint): void {
    if (committedOffset > this.nextOffset) this.nextOffset = committedOffset;
    this.dropThrough(committedOffset - 1n);
  }

  /** Why this partition should flush now, or undefined. */
  flushReason(policy: FlushPolicy): FlushReason | undefined {
    if (this.entries.length === 0) return undefined;
    if (this.pendingLastOffset !== undefined) return this.nextOffset > this.pendingLastOffset ? "pending" : undefined;
    if (this.entries.length >= policy.maxRows) return "rows";
    if (this.bufferedBytes >= policy.maxBytes) return "bytes";
    if (this.oldestAt !== undefined && this.now() - this.oldestAt >= policy.maxAgeMs) return "age";
    return undefined;
  }

  /**
   * The entries of the next flush: up to the pending intent when there is one (exactly the
   * range a crashed flush had started), else at most maxRows entries.
   */
  nextFlush(maxRows: number): { firstOffset: bigint; lastOffset: bigint; events: BufferedEvent[]; deadLetters: DeadLetter[] } | undefined {
    if (this.entries.length === 0) return undefined;
    const pending = this.pendingLastOffset;
    const taken = pending !== undefined ? this.entries.filter((e) => e.offset <= pending) : this.entries.slice(0, maxRows);
    if (taken.length === 0) return undefined;
    return {
      firstOffset: taken[0].offset,
      lastOffset: pending !== undefined && pending > taken[taken.length - 1].offset ? pending : taken[taken.length - 1].offset,
      events: taken.flatMap((e) => (e.event ? [{ offset: e.offset, event: e.event }] : [])),
      deadLetters: taken.flatMap((e) => (e.deadLetter ? [e.deadLetter] : [])),
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
