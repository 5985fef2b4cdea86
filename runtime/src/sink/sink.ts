import { Admin, Consumer, EachBatchPayload, Kafka, logLevel } from "kafkajs";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { Logger } from "../common/log";
import { AbortedError, retry } from "../common/retry";
import { BufferPressure, DeadLetter, FlushPolicy, FlushReason, PartitionBuffer } from "./buffer";
import { clipped, DeadLetterWriter } from "./dead-letters";
import { Codec } from "./codec-pool";
import { useFastRecordBatches } from "./kafka-record-batches";
import { objectKey, OffsetRange } from "./keys";
import { LakeWriter } from "./lake-writer";

/**
 * Who decodes the record batches kafkajs fetches (kafka-record-batches.ts): set when this module
 * loads, before any consumer of the process has fetched, and logged when the sink starts.
 */
const recordBatches = useFastRecordBatches();

export interface SinkConfig {
  readonly brokers: string[];
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly groupId: string; // e.g. "logpipe-sink"
  readonly flush: FlushPolicy;
  /**
   * Above this many buffered bytes (all partitions: keys, values and the buffer's own cost,
   * PartitionBuffer.bytes), consumption pauses and every partition flushes until the buffer is
   * half empty.
   */
  readonly maxBufferedBytes: number;
  /** Key prefix of the raw zone. */
  readonly rawPrefix: string; // e.g. "raw"
  /** Decodes and validates what is consumed, encodes what is flushed (in worker threads); closed by stop(). */
  readonly codec: Codec;
  readonly lake: LakeWriter;
  readonly logger: Logger;
  readonly registry: Registry;
  /** How long a graceful stop may spend flushing before it gives up (nothing uncommitted is lost: it is replayed). */
  readonly shutdownTimeoutMs?: number; // default 25_000
  /** A partition with lag that commits nothing for this long is stalled: the sink is then not ready. */
  readonly stallLimitMs?: number; // default 60_000
  /**
   * How long the group waits for a member that stopped heartbeating (a crashed sink) before
   * its partitions go to another; a sink that stops cleanly leaves the group at once.
   */
  readonly sessionTimeoutMs?: number; // default 6_000 (the broker's smallest by default)
  /** Most bytes one fetch takes from a partition (four times that from all, and never more than an eighth of maxBufferedBytes). */
  readonly fetchMaxBytesPerPartition?: number; // default 8 MiB
}

/** Where one assigned partition stands: its committed offset, when that last moved, and the log's end. */
interface PartitionProgress {
  committed: bigint;
  committedAt: number;
  highWatermark: bigint;
}

/** A partition with lag whose committed offset has not moved for longer than the stall limit. */
export interface StalledPartition {
  readonly partition: number;
  readonly lag: string;
  readonly secondsSinceCommit: number;
}

/** Offsets committed with a flush intent carry this metadata until the flush commits. */
interface FlushIntent {
  readonly pending: [string, string];
}

function parseIntent(metadata: string | null | undefined): FlushIntent | undefined {
  if (!metadata) return undefined;
  try {
    const parsed = JSON.parse(metadata) as FlushIntent;
    return Array.isArray(parsed.pending) && parsed.pending.length === 2 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The most of a dead letter's reason that is logged and sent. */
const MAX_REASON_CHARS = 4096;

/**
 * The Kafka-to-Parquet sink. Buffers each partition, flushes on rows, bytes or age, writes
 * one Parquet object per event hour of the flushed range, and commits the offsets only
 * after the objects are stored. Before uploading it commits the range it is about to
 * write as offset metadata, so whoever replays the partition after a crash flushes exactly
 * that range again: same keys, overwritten objects, no duplicates.
 */
export class Sink {
  private readonly kafka: Kafka;
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private readonly deadLetters: DeadLetterWriter;
  private readonly buffers = new Map<number, PartitionBuffer>();
  private readonly flushes = new Map<number, { done: Promise<void>; abort: AbortController }>();
  private assignment: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private paused = false;
  private stopping = false;
  private joined = false;
  private crashed: Error | undefined;
  private readonly progress = new Map<number, PartitionProgress>();
  private watermarkTimer: NodeJS.Timeout | undefined;
  private readonly log: Logger;
  private readonly metrics: ReturnType<Sink["createMetrics"]>;

  constructor(private readonly config: SinkConfig) {
    this.log = config.logger;
    this.kafka = new Kafka({
      clientId: "logpipe-sink",
      brokers: config.brokers,
      logLevel: logLevel.WARN,
      logCreator: () => ({ namespace, level, log }) => this.log.child("kafkajs")[level >= logLevel.INFO ? "info" : "warn"](log.message, { namespace }),
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 10_000 },
    });
    // A short session with frequent heartbeats: after a crash, the partitions move on within seconds.
    const sessionTimeout = config.sessionTimeoutMs ?? 6_000;
    // Large fetches: a backlog drains in few round trips (kafkajs's default is 1 MiB per
    // partition). One fetch lands whole, even on a full buffer: it takes an eighth of it at
    // most. Coarser fetches (a quarter) filled the buffer in steps too large for flushing to
    // keep pace, so consumption paused more often (a drain of 1M events in 512 MB: 11% of its
    // time with no flush encoding, against 30%).
    const maxBytes = Math.max(64 * 1024, Math.min(4 * (config.fetchMaxBytesPerPartition ?? 8 * 1024 * 1024), Math.floor(config.maxBufferedBytes / 8)));
    const maxBytesPerPartition = Math.min(config.fetchMaxBytesPerPartition ?? 8 * 1024 * 1024, maxBytes);
    this.consumer = this.kafka.consumer({
      groupId: config.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout,
      heartbeatInterval: Math.max(500, Math.floor(sessionTimeout / 6)),
      maxBytesPerPartition,
      maxBytes,
      // A fetch waiting for data holds up the requests behind it on the broker's connection,
      // the offset commits of every flush among them: wait briefly (kafkajs's default is 5 s).
      maxWaitTimeInMs: 100,
    });
    this.admin = this.kafka.admin();
    this.deadLetters = new DeadLetterWriter(this.kafka, this.admin, config.deadLetterTopic, this.log.child("dead-letters"));
    this.metrics = this.createMetrics(config.registry);
  }

  private createMetrics(registry: Registry) {
    const registers = [registry];
    const sink = this;
    return {
      rows: new Counter({ name: "sink_rows_written_total", help: "Events written to the lake.", registers }),
      files: new Counter({ name: "sink_files_written_total", help: "Parquet objects written.", registers }),
      bytes: new Counter({ name: "sink_bytes_written_total", help: "Parquet bytes written.", registers }),
      deadLetters: new Counter({ name: "sink_dead_letters_total", help: "Messages sent to the dead-letter topic.", registers }),
      flushSeconds: new Histogram({ name: "sink_flush_duration_seconds", help: "Encode + upload + commit of one flush.", labelNames: ["reason"], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers }),
      encodeSeconds: new Histogram({ name: "sink_encode_duration_seconds", help: "Parquet encoding of one flush (every event hour's object).", labelNames: ["encoder"], buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers }),
      bufferedRows: new Gauge({ name: "sink_buffered_rows", help: "Rows consumed but not yet committed.", registers, collect() { this.set(sink.sum((b) => b.rows)); } }),
      bufferedBytes: new Gauge({ name: "sink_buffered_bytes", help: "Bytes consumed but not yet committed.", registers, collect() { this.set(sink.sum((b) => b.bytes)); } }),
      paused: new Gauge({ name: "sink_consumption_paused", help: "1 while consumption is paused because the buffer is full.", registers, collect() { this.set(sink.paused ? 1 : 0); } }),
      lag: new Gauge({
        name: "sink_partition_lag",
        help: "Records of an assigned partition not yet committed (the log's end minus the committed offset).",
        labelNames: ["partition"],
        registers,
        collect() {
          this.reset();
          for (const [partition, p] of sink.progress) this.set({ partition: String(partition) }, Number(sink.lagOf(p)));
        },
      }),
      sinceCommit: new Gauge({
        name: "sink_partition_seconds_since_commit",
        help: "Seconds since an assigned partition's committed offset last moved (or since it was assigned).",
        labelNames: ["partition"],
        registers,
        collect() {
          this.reset();
          for (const [partition, p] of sink.progress) this.set({ partition: String(partition) }, (Date.now() - p.committedAt) / 1000);
        },
      }),
      stalled: new Gauge({ name: "sink_stalled_partitions", help: "Assigned partitions with lag whose committed offset has not moved for longer than the stall limit.", registers, collect() { this.set(sink.stalledPartitions().length); } }),
    };
  }

  /** Healthy unless the consumer crashed for good. */
  get healthy(): boolean {
    return this.crashed === undefined;
  }

  /** Ready once the consumer has joined its group, as long as no partition is stalled. */
  get ready(): boolean {
    return this.joined && this.healthy && this.stalledPartitions().length === 0;
  }

  private lagOf(p: PartitionProgress): bigint {
    return p.highWatermark > p.committed ? p.highWatermark - p.committed : 0n;
  }

  /** The assigned partitions that have lag and have not committed for longer than the stall limit. */
  stalledPartitions(now: number = Date.now()): StalledPartition[] {
    const limit = this.config.stallLimitMs ?? 60_000;
    return [...this.progress.entries()]
      .map(([partition, p]) => ({ partition, lag: this.lagOf(p), sinceCommitMs: now - p.committedAt }))
      .filter(({ lag, sinceCommitMs }) => lag > 0n && sinceCommitMs > limit)
      .map(({ partition, lag, sinceCommitMs }) => ({ partition, lag: lag.toString(), secondsSinceCommit: Math.round(sinceCommitMs / 1000) }));
  }

  /** The log's end of each assigned partition, read from Kafka: consumption may be paused or stuck, so batches do not tell. */
  private async refreshWatermarks(): Promise<void> {
    if (this.progress.size === 0) return;
    try {
      for (const { partition, high } of await this.admin.fetchTopicOffsets(this.config.topic)) {
        const p = this.progress.get(partition);
        if (p) p.highWatermark = BigInt(high);
      }
    } catch (error) {
      this.log.warn("could not read the topic's end offsets", { error });
    }
  }

  async start(): Promise<void> {
    await Promise.all([this.admin.connect(), this.consumer.connect()]);
    await this.deadLetters.start();
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = payload.memberAssignment[this.config.topic] ?? [];
      this.assignment = this.onAssignment(partitions);
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.log.error("consumer crashed", { error: payload.error, restart: payload.restart });
      if (!payload.restart) this.crashed = payload.error;
    });
    await this.consumer.subscribe({ topic: this.config.topic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 4,
      eachBatch: (payload) => this.onBatch(payload),
    });
    this.timer = setInterval(() => this.flushDue(), 200);
    this.watermarkTimer = setInterval(() => void this.refreshWatermarks(), 5_000);
    this.log.info("consuming", { topic: this.config.topic, groupId: this.config.groupId, encoder: this.config.codec.encoderName, codecThreads: this.config.codec.threads, flush: this.config.flush, recordBatches });
  }

  /** Stops consuming, flushes and commits what is buffered (within the shutdown timeout), and disconnects. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearInterval(this.timer);
    clearInterval(this.watermarkTimer);
    this.consumer.pause([{ topic: this.config.topic }]);
    const deadline = setTimeout(() => {
      this.log.warn("shutdown timeout: abandoning unfinished flushes; their offsets stay uncommitted and will be replayed");
      for (const flush of this.flushes.values()) flush.abort.abort();
    }, this.config.shutdownTimeoutMs ?? 25_000);
    try {
      await Promise.allSettled([...this.flushes.values()].map((f) => f.done));
      for (const partition of this.buffers.keys()) {
        while ((this.buffers.get(partition)?.rows ?? 0) > 0 && !this.flushes.get(partition)) {
          const before = this.buffers.get(partition)?.rows;
          this.startFlush(partition, "shutdown");
          await this.flushes.get(partition)?.done;
          if (this.buffers.get(partition)?.rows === before) break;
        }
      }
    } finally {
      clearTimeout(deadline);
      await this.consumer.disconnect();
      const closeDeadLetters = this.deadLetters
        .close()
        .catch((error: unknown) => this.log.warn("closing the dead-letter writer failed", { error }))
        .finally(() => this.admin.disconnect());
      await Promise.allSettled([closeDeadLetters, this.config.codec.close()]);
      this.config.lake.destroy();
    }
  }

  private sum(of: (buffer: PartitionBuffer) => number): number {
    let total = 0;
    for (const buffer of this.buffers.values()) total += of(buffer);
    return total;
  }

  /** A new assignment: forget revoked partitions; align kept and new ones with what is committed. */
  private async onAssignment(partitions: number[]): Promise<void> {
    this.joined = true;
    const assigned = new Set(partitions);
    for (const [partition, flush] of this.flushes) {
      if (!assigned.has(partition)) flush.abort.abort();
    }
    for (const state of [this.buffers, this.progress]) {
      for (const partition of [...state.keys()]) {
        if (!assigned.has(partition)) state.delete(partition);
      }
    }
    const committed = await retry(() => this.admin.fetchOffsets({ groupId: this.config.groupId, topics: [this.config.topic] }), {
      operation: "fetching committed offsets",
      maxAttempts: 5,
      logger: this.log,
    });
    // Partitions this sink did not own before (a kept one was being read until now).
    const fresh = new Set<number>();
    for (const entry of committed[0]?.partitions ?? []) {
      if (!assigned.has(entry.partition)) continue;
      const offset = BigInt(entry.offset);
      let buffer = this.buffers.get(entry.partition);
      if (!buffer) {
        buffer = new PartitionBuffer(offset < 0n ? -1n : offset);
        this.buffers.set(entry.partition, buffer);
        fresh.add(entry.partition);
      } else if (offset >= 0n) {
        buffer.advanceTo(offset);
      }
      const committedOffset = offset < 0n ? 0n : offset;
      const known = this.progress.get(entry.partition);
      if (!known || known.committed !== committedOffset) this.progress.set(entry.partition, { committed: committedOffset, committedAt: Date.now(), highWatermark: known?.highWatermark ?? committedOffset });
      const intent = parseIntent(entry.metadata);
      if (intent && BigInt(intent.pending[0]) === offset) {
        buffer.pendingLastOffset = BigInt(intent.pending[1]);
        this.log.info("resuming an interrupted flush: the next flush rewrites exactly its range", {
          partition: entry.partition, firstOffset: intent.pending[0], lastOffset: intent.pending[1],
        });
      }
    }
    this.log.info("partitions assigned", { partitions });
    await this.refreshWatermarks();
    // What the topic held when a new partition was assigned is a backlog (unless the log end
    // could not be read: then it is taken to be the committed offset, and only batches tell).
    for (const partition of fresh) {
      const end = this.progress.get(partition)?.highWatermark;
      if (end !== undefined) this.buffers.get(partition)?.noteAssigned(end);
    }
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    await this.assignment;
    const partition = batch.partition;
    let buffer = this.buffers.get(partition);
    if (!buffer) {
      buffer = new PartitionBuffer(-1n);
      this.buffers.set(partition, buffer);
    }
    // Kept as consumed (copied into the buffer's arrays): decoding, the contract and encoding
    // are the flush's work, in a worker thread, so kafkajs's next fetch never waits on them.
    // Nothing here yields, so whether the batch is still wanted is asked once, and its offset
    // resolved once (kafkajs's resolveOffset costs about a microsecond a message).
    if (!isRunning() || isStale() || this.stopping) return;
    buffer.add(batch.messages);
    const last = batch.messages.at(-1);
    if (last) {
      resolveOffset(last.offset);
      buffer.noteCaughtUp(BigInt(last.offset) + 1n >= BigInt(batch.highWatermark));
    }
    const progress = this.progress.get(partition);
    if (progress && BigInt(batch.highWatermark) > progress.highWatermark) progress.highWatermark = BigInt(batch.highWatermark);
    await heartbeat();
    // Past half of the buffer, every partition with a fair share flushes it (see pressure()).
    if (this.sum((b) => b.bytes) >= this.config.maxBufferedBytes / 2) {
      for (const assigned of this.buffers.keys()) this.maybeFlush(assigned);
    } else {
      this.maybeFlush(partition);
    }
    if (!this.paused && this.sum((b) => b.bytes) >= this.config.maxBufferedBytes) {
      this.paused = true;
      this.consumer.pause([{ topic: this.config.topic }]);
      this.log.warn("buffer full: consumption paused until flushes catch up", { bufferedBytes: this.sum((b) => b.bytes) });
      // Waiting for a partition to reach its row count would wait for its age: flush them all now.
      for (const assigned of this.buffers.keys()) this.maybeFlush(assigned);
    }
  }

  private flushDue(): void {
    for (const partition of this.buffers.keys()) this.maybeFlush(partition);
    if (this.paused && !this.stopping && this.sum((b) => b.bytes) < this.config.maxBufferedBytes / 2) {
      this.paused = false;
      this.consumer.resume([{ topic: this.config.topic }]);
      this.log.info("consumption resumed");
    }
  }

  private maybeFlush(partition: number): void {
    if (this.stopping || this.flushes.has(partition)) return;
    const reason = this.buffers.get(partition)?.flushReason(this.config.flush, this.pressure());
    if (reason) this.startFlush(partition, reason);
  }

  /**
   * How full the buffer is. Past half of it, a partition flushes once it holds half its share
   * of the buffer: the codec threads then encode while consumption goes on. Waiting for the
   * buffer to fill instead paused consumption while every partition flushed, then left the
   * codec threads idle while it filled again: stop and go.
   */
  private pressure(): BufferPressure {
    if (this.paused) return { full: true };
    if (this.sum((b) => b.bytes) < this.config.maxBufferedBytes / 2) return { full: false };
    return { full: false, shareBytes: this.config.maxBufferedBytes / (2 * Math.max(1, this.buffers.size)) };
  }

  private startFlush(partition: number, reason: FlushReason): void {
    const abort = new AbortController();
    // Only this flush's own entry is removed: an abandoned flush may settle after the next began.
    const settled = () => {
      if (this.flushes.get(partition)?.abort === abort) this.flushes.delete(partition);
    };
    const done = this.flush(partition, reason, abort.signal).then(
      (wrote) => {
        settled();
        // At once, not at the next tick: the partition's next flush, and consumption if the
        // buffer is below half now (the ticks' waits alone left the codec threads idle). Only
        // after a flush that wrote: one that found nothing to write must not start itself again.
        if (wrote) this.flushDue();
      },
      (error: unknown) => {
        settled();
        // Retried at the next tick, so a lake or broker that is down is not hammered.
        if (error instanceof AbortedError) this.log.info("flush abandoned", { partition, reason: error.message });
        else this.log.error("flush failed; it will be retried", { partition, error });
      },
    );
    this.flushes.set(partition, { done, abort });
  }

  /** Flushes the partition's next range; false when there was nothing to flush. */
  private async flush(partition: number, reason: FlushReason, signal: AbortSignal): Promise<boolean> {
    const buffer = this.buffers.get(partition);
    const plan = buffer?.nextFlush(this.config.flush.maxRows);
    if (!buffer || !plan) return false;
    const stopTimer = this.metrics.flushSeconds.startTimer({ reason });
    const range: OffsetRange = { topic: this.config.topic, partition, firstOffset: String(plan.firstOffset), lastOffset: String(plan.lastOffset) };
    const commit = (offset: string, metadata: string | null) =>
      retry(() => this.consumer.commitOffsets([{ topic: this.config.topic, partition, offset, metadata }]), {
        operation: `committing offset ${offset} of partition ${partition}`,
        maxAttempts: 3,
        signal,
        logger: this.log,
      });

    // 1. The intent: the range this flush writes, recorded before anything is written.
    if (buffer.pendingLastOffset === undefined) await commit(range.firstOffset, JSON.stringify({ pending: [range.firstOffset, range.lastOffset] }));

    // 2. One object per event hour, encoded up front (in a worker thread): a message that is no
    //    acceptable event, or that the encoder refuses, becomes a dead letter; the rest is written.
    const stopEncode = this.metrics.encodeSeconds.startTimer({ encoder: this.config.codec.encoderName });
    const { files, rejected } = await this.config.codec.encode({ values: plan.values, timestamps: plan.timestamps });
    stopEncode();
    const deadLetters: DeadLetter[] = rejected.map(({ index, reason: fullReason }) => {
      const { offset, key, value } = plan.message(index);
      // A reason lists every broken field: bounded, so a message of many cannot make a huge log line or letter.
      const reason = clipped(fullReason, MAX_REASON_CHARS);
      this.log.warn("dead letter", { partition, offset: offset.toString(), reason });
      return { offset: offset.toString(), key, value, reason };
    });

    // 3. Dead letters, with their reason, before the range is committed (DeadLetterWriter:
    //    however many and however large, they never stall the partition).
    if (deadLetters.length > 0) {
      await this.deadLetters.write(
        deadLetters.map((letter) => ({
          key: letter.key,
          value: letter.value,
          headers: {
            "dlq.reason": letter.reason,
            "dlq.source.topic": this.config.topic,
            "dlq.source.partition": String(partition),
            "dlq.source.offset": letter.offset,
          },
        })),
        signal,
      );
      this.metrics.deadLetters.inc(deadLetters.length);
    }

    // 4. The objects; a retry writes the same keys. Only the lake and Kafka are retried here:
    //    nothing about the content can fail any more.
    for (const { dt, hour, body } of files) {
      const key = objectKey(this.config.rawPrefix, range, { dt, hour });
      await retry(() => this.config.lake.put(key, body, signal), { operation: `uploading ${key}`, signal, logger: this.log, maxDelayMs: 5_000 });
      this.metrics.files.inc();
      this.metrics.bytes.inc(body.length);
    }

    // 5. Only now is the range done.
    await commit((plan.lastOffset + 1n).toString(), null);
    buffer.dropThrough(plan.lastOffset);
    const progress = this.progress.get(partition);
    if (progress) Object.assign(progress, { committed: plan.lastOffset + 1n, committedAt: Date.now() });
    const written = plan.rows - deadLetters.length;
    this.metrics.rows.inc(written);
    stopTimer();
    this.log.info("flushed", { ...range, reason, rows: written, deadLetters: deadLetters.length });
    return true;
  }
}
