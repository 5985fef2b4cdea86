import * as path from "path";
import { Worker } from "worker_threads";
import { Logger } from "../common/log";
import { CodecSettings, encodeMessages, EncodeReply, EncodeRequest, encoderFor } from "./codec";

/** Turns a flush's messages into Parquet objects and dead letters (codec.ts), in this thread or in worker threads. */
export interface Codec {
  readonly encoderName: CodecSettings["encoder"];
  readonly threads: number;
  encode(request: EncodeRequest): Promise<EncodeReply>;
  close(): Promise<void>;
}

export interface CodecJob {
  readonly id: number;
  readonly request: EncodeRequest;
}
export type CodecResult = { id: number; reply: EncodeReply } | { id: number; error: string };

/** A worker thread died or failed a job: the caller retries (the flush), nothing is lost. */
export class CodecWorkerError extends Error {
  readonly retriable = true;
  constructor(message: string) {
    super(message);
    this.name = "CodecWorkerError";
  }
}

export interface CodecPoolOptions extends CodecSettings {
  /** Worker threads; 0 runs the codec in the calling thread. */
  readonly threads: number;
  readonly logger: Logger;
}

export function createCodec(options: CodecPoolOptions): Codec {
  return options.threads > 0 ? new CodecPool(options) : new InlineCodec(options);
}

/** The codec in the calling thread: for one core, and for tests. */
class InlineCodec implements Codec {
  readonly threads = 0;
  readonly encoderName: CodecSettings["encoder"];
  private readonly encoder;

  constructor(settings: CodecSettings) {
    this.encoderName = settings.encoder;
    this.encoder = encoderFor(settings);
  }

  encode(request: EncodeRequest): Promise<EncodeReply> {
    return encodeMessages(this.encoder, request);
  }

  async close(): Promise<void> {}
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, { resolve: (reply: EncodeReply) => void; reject: (error: Error) => void }>;
}

/**
 * Worker threads, each taking the next job when it has the fewest pending. The main thread
 * keeps the Kafka protocol, the offsets and the uploads; the workers the bytes-to-rows work.
 * A worker that dies fails its pending jobs (their flushes are retried) and is replaced.
 */
class CodecPool implements Codec {
  readonly encoderName: CodecSettings["encoder"];
  readonly threads: number;
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private closing = false;

  constructor(private readonly options: CodecPoolOptions) {
    this.encoderName = options.encoder;
    this.threads = options.threads;
    for (let i = 0; i < options.threads; i++) this.slots.push(this.spawn());
  }

  private spawn(): Slot {
    // .ts when run by tsx (the worker inherits its --import), .js once compiled.
    const file = path.join(__dirname, `codec-worker${path.extname(__filename)}`);
    const settings: CodecSettings = { encoder: this.options.encoder, rowGroupRows: this.options.rowGroupRows };
    const slot: Slot = { worker: new Worker(file, { workerData: settings }), pending: new Map() };
    slot.worker.on("message", (result: CodecResult) => {
      const job = slot.pending.get(result.id);
      slot.pending.delete(result.id);
      if ("error" in result) job?.reject(new CodecWorkerError(`codec worker failed: ${result.error}`));
      else job?.resolve(result.reply);
    });
    slot.worker.on("error", (error) => this.options.logger.error("codec worker crashed", { error }));
    slot.worker.on("exit", (code) => {
      for (const job of slot.pending.values()) job.reject(new CodecWorkerError(`codec worker exited with code ${code}`));
      slot.pending.clear();
      const index = this.slots.indexOf(slot);
      if (!this.closing && index >= 0) {
        this.options.logger.warn("codec worker exited: starting another", { code });
        this.slots[index] = this.spawn();
      }
    });
    return slot;
  }

  encode(request: EncodeRequest): Promise<EncodeReply> {
    if (this.closing) return Promise.reject(new CodecWorkerError("the codec is closed"));
    const slot = this.slots.reduce((least, s) => (s.pending.size < least.pending.size ? s : least));
    const id = this.nextId++;
    return new Promise<EncodeReply>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      const job: CodecJob = { id, request };
      slot.worker.postMessage(job, [request.values.bytes.buffer, request.values.ends.buffer, request.timestamps.buffer] as ArrayBuffer[]);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }
}
