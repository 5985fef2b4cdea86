import * as path from "path";
import { Worker } from "worker_threads";
import { LogEvent } from "../contract";
import { Logger } from "../common/log";
import {
  DEFAULT_MAX_PENDING_BYTES,
  EventRecords,
  KafkaUnavailableError,
  ProducerObserver,
  ProducerOverloadedError,
  ProducerSettings,
  recordsBytes,
  refusalOf,
  RequestTooLargeError,
  toRecords,
} from "./producer";

/** What the simulator's HTTP side asks of the producer (app.ts, main.ts). */
export interface Producer {
  readonly topic: string;
  readonly writable: boolean;
  readonly pendingBytes: number;
  refusal(bytes?: number): KafkaUnavailableError | ProducerOverloadedError | undefined;
  send(events: LogEvent[], receivedAtMs: number): Promise<void>;
  isReady(): Promise<boolean>;
}

/** A send's failure as it crosses between threads (an Error's class and fields do not). */
export type SendFailure =
  | { kind: "tooLarge"; partition: number; bytes: number; maxBytes: number }
  | { kind: "unavailable"; reason: string; cause?: string }
  | { kind: "overloaded"; pendingBytes: number; maxPendingBytes: number }
  | { kind: "other"; message: string };

/** One caller's events. */
export interface SendRequest {
  readonly id: number;
  readonly records: EventRecords;
  readonly receivedAtMs: number;
}

// A send goes across at once (waiting to gather several costs more in latency than it saves),
// and the acknowledgements of one produce request come back in one message.
export type ToWorker =
  | { type: "send"; request: SendRequest }
  | { type: "ready"; id: number }
  | { type: "close" };

export type FromWorker =
  | { type: "connected" }
  | { type: "sent"; ids: number[] }
  | { type: "failed"; id: number; failure: SendFailure }
  | { type: "ready"; id: number; ready: boolean }
  | { type: "sendFailed"; error: string }
  | { type: "recreated"; downMs: number }
  | { type: "closed" };

export function toFailure(error: unknown): SendFailure {
  if (error instanceof RequestTooLargeError) return { kind: "tooLarge", partition: error.partition, bytes: error.bytes, maxBytes: error.maxBytes };
  if (error instanceof KafkaUnavailableError) return { kind: "unavailable", reason: error.reason, cause: error.cause === undefined ? undefined : String(error.cause) };
  if (error instanceof ProducerOverloadedError) return { kind: "overloaded", pendingBytes: error.pendingBytes, maxPendingBytes: error.maxPendingBytes };
  return { kind: "other", message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

function fromFailure(topic: string, failure: SendFailure): Error {
  switch (failure.kind) {
    case "tooLarge":
      return new RequestTooLargeError(topic, failure.partition, failure.bytes, failure.maxBytes);
    case "unavailable":
      return new KafkaUnavailableError(topic, failure.reason, failure.cause === undefined ? undefined : { cause: failure.cause });
    case "overloaded":
      return new ProducerOverloadedError(failure.pendingBytes, failure.maxPendingBytes);
    case "other":
      return new Error(`the producer thread failed a send: ${failure.message}`);
  }
}

/** How long a thread that died waits before another replaces it (one that keeps dying is not respawned in a tight loop). */
const RESTART_DELAY_MS = 1000;
/** How long close() lets the thread send what it holds before it is terminated (a stopping container has about 10 s before it is killed). */
const CLOSE_TIMEOUT_MS = 8000;

export interface ProducerThreadOptions extends ProducerSettings {
  readonly logger: Logger;
  readonly observer?: ProducerObserver;
}

interface Waiting {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * The EventProducer (producer.ts) in a worker thread of its own, so the Kafka client's work
 * (record encoding, checksums, the socket) runs beside the HTTP server's instead of taking
 * turns with it on one core. The HTTP side turns events into records (their JSON in one
 * buffer, handed over without a copy) and waits for the thread's answer; what EventProducer
 * promises holds unchanged: a send resolves only once Kafka acknowledged its events.
 *
 * `writable` and `pendingBytes` are kept here, so a request can be refused before its body is
 * read without asking the thread; the thread refuses too, by the same rule, with what it sees.
 * A thread that dies fails the sends it held (KafkaUnavailableError: nothing of them is
 * acknowledged) and is replaced.
 */
export class ProducerThread implements Producer {
  private worker!: Worker;
  private connected!: Promise<void>;
  private readonly waiting = new Map<number, Waiting>();
  private readonly readiness = new Map<number, (ready: boolean) => void>();
  private nextId = 0;
  private started = false;
  /** True from a thread's start to its exit. */
  private running = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;
  private closed: (() => void) | undefined;
  private pending = 0;
  private canWrite = false;
  private readonly maxPendingBytes: number;

  constructor(private readonly options: ProducerThreadOptions) {
    this.maxPendingBytes = options.maxPendingBytes ?? DEFAULT_MAX_PENDING_BYTES;
  }

  get topic(): string {
    return this.options.topic;
  }

  get writable(): boolean {
    return this.canWrite;
  }

  get pendingBytes(): number {
    return this.pending;
  }

  refusal(bytes = 0): KafkaUnavailableError | ProducerOverloadedError | undefined {
    return refusalOf(this.options.topic, this.canWrite, this.pending, this.maxPendingBytes, bytes);
  }

  /** Starts the thread; resolves once its producer is connected, rejects if it could not connect. */
  connect(): Promise<void> {
    this.start();
    return this.connected;
  }

  private start(): void {
    // .ts when run by tsx (the worker inherits its --import), .js once compiled.
    const file = path.join(__dirname, `producer-worker${path.extname(__filename)}`);
    const { logger: _logger, observer: _observer, ...settings } = this.options;
    const worker = new Worker(file, { workerData: settings });
    this.worker = worker;
    this.running = true;
    this.connected = new Promise<void>((resolve, reject) => {
      // A thread that ends before its producer connected, with or without an error first.
      worker.on("exit", (code) => reject(new Error(`the producer thread exited (code ${code}) before its producer connected`)));
      worker.on("message", (message: FromWorker) => {
        if (message.type === "connected") {
          this.started = true;
          this.canWrite = true;
          resolve();
        } else this.receive(message);
      });
      worker.on("error", (error) => {
        this.options.logger.error("the producer thread failed", { error });
        reject(error);
      });
    });
    // Not awaited when a replacement starts: its failure to connect is the exit below.
    this.connected.catch(() => undefined);
    worker.on("exit", (code) => this.exited(worker, code));
  }

  private receive(message: Exclude<FromWorker, { type: "connected" }>): void {
    switch (message.type) {
      case "sent":
        for (const id of message.ids) this.settle(id)?.resolve();
        break;
      case "failed":
        this.settle(message.id)?.reject(fromFailure(this.options.topic, message.failure));
        break;
      case "ready":
        this.readiness.get(message.id)?.(message.ready);
        this.readiness.delete(message.id);
        break;
      case "sendFailed":
        this.canWrite = false;
        this.options.observer?.sendFailed(message.error);
        break;
      case "recreated":
        this.canWrite = true;
        this.options.observer?.recreated(message.downMs);
        break;
      case "closed":
        this.closed?.();
        break;
    }
  }

  private settle(id: number): Waiting | undefined {
    const waiting = this.waiting.get(id);
    this.waiting.delete(id);
    return waiting;
  }

  private exited(worker: Worker, code: number): void {
    if (worker !== this.worker) return;
    this.running = false;
    this.canWrite = false;
    const failure = new KafkaUnavailableError(this.options.topic, `the producer thread exited (code ${code})`);
    for (const waiting of this.waiting.values()) waiting.reject(failure);
    this.waiting.clear();
    for (const answer of this.readiness.values()) answer(false);
    this.readiness.clear();
    if (this.closing) return this.closed?.();
    // One that never connected at start fails connect(); one that ran is replaced.
    if (!this.started) return;
    this.options.logger.error("the producer thread exited: starting another", { code, delayMs: RESTART_DELAY_MS });
    this.restartTimer = setTimeout(() => this.closing || this.start(), RESTART_DELAY_MS);
  }

  send(events: LogEvent[], receivedAtMs: number): Promise<void> {
    const records = toRecords(events);
    const bytes = recordsBytes(records);
    const refused = this.refusal(bytes);
    if (refused) return Promise.reject(refused);
    const id = this.nextId++;
    this.pending += bytes;
    return new Promise<void>((resolve, reject) => {
      const settled = () => (this.pending -= bytes);
      this.waiting.set(id, { resolve: () => (settled(), resolve()), reject: (error) => (settled(), reject(error)) });
      const message: ToWorker = { type: "send", request: { id, records, receivedAtMs } };
      this.worker.postMessage(message, [records.values.buffer as ArrayBuffer]);
    });
  }

  /** Whether the thread's producer can write and Kafka has the topic (false if the thread does not answer in time). */
  isReady(timeoutMs = 2500): Promise<boolean> {
    if (!this.canWrite) return Promise.resolve(false);
    const id = this.nextId++;
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.readiness.delete(id);
        resolve(false);
      }, timeoutMs);
      this.readiness.set(id, (ready) => {
        clearTimeout(timer);
        resolve(ready);
      });
      this.worker.postMessage({ type: "ready", id } satisfies ToWorker);
    });
  }

  /**
   * Has the thread send what it holds, wait for Kafka's answers and disconnect; then it
   * exits. After CLOSE_TIMEOUT_MS it is terminated, and what it still held is answered 503.
   */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearTimeout(this.restartTimer);
    if (!this.running) return;
    const closed = new Promise<void>((resolve) => (this.closed = resolve));
    this.worker.postMessage({ type: "close" } satisfies ToWorker);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
    await Promise.race([closed, timedOut]);
    clearTimeout(timer);
    await this.worker.terminate();
  }
}
