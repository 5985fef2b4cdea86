import express, { NextFunction, Request, Response } from "express";
import { IncomingMessage } from "http";
import { Readable, Transform } from "stream";
import { createGunzip, createInflate } from "zlib";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { FieldError, LogEvent, validateEvent } from "../contract";
import { Logger } from "../common/log";
import { Generator } from "./generator";
import { KafkaUnavailableError, ProducerObserver, ProducerOverloadedError, RequestTooLargeError } from "./producer";
import { Producer } from "./producer-thread";

export interface SimulatorAppOptions {
  /** Sends accepted events received at receivedAtMs (instrumented by createSimulatorMetrics); resolves once Kafka acknowledged them. */
  readonly send: (events: LogEvent[], receivedAtMs: number) => Promise<void>;
  readonly metrics: SimulatorMetrics["metrics"];
  readonly isReady: () => Promise<boolean>;
  /** Why a POST of about `bytes` would be refused now whatever it holds (producer being replaced, or overloaded): asked before the body is read. */
  readonly refusal: (bytes?: number) => KafkaUnavailableError | ProducerOverloadedError | undefined;
  readonly generator: Generator;
  readonly registry: Registry;
  readonly logger: Logger;
  /** Largest request body. */
  readonly maxBodyBytes?: number; // default 5 MiB
  /** Most events in one POST. */
  readonly maxBatchEvents?: number; // default 10_000
  /** Seconds a client is told to wait when Kafka cannot take the write. */
  readonly retryAfterSeconds?: number; // default 5
  /** Seconds a client is told to wait when too much is already waiting for Kafka. */
  readonly overloadedRetryAfterSeconds?: number; // default 1
}

interface IndexedFieldError extends FieldError {
  /** Position in the posted array; absent for a single event. */
  readonly index?: number;
}

function problem(res: Response, status: number, error: string, details: Record<string, unknown> = {}): void {
  res.status(status).json({ error, ...details });
}

/** How the request's body is encoded (Content-Encoding), in lower case. */
function contentEncoding(req: IncomingMessage): string {
  return (req.headers["content-encoding"] ?? "identity").toLowerCase();
}

/** Why a POSTed body cannot be read as JSON events, by its headers: undefined when it can. */
function unsupportedBody(req: IncomingMessage): string | undefined {
  const contentType = req.headers["content-type"];
  const [mediaType, ...parameters] = (contentType ?? "").split(";").map((part) => part.trim().toLowerCase());
  if (mediaType !== "application/json") return `Content-Type must be application/json, but was ${contentType ?? "missing"}`;
  const charset = parameters.find((parameter) => parameter.startsWith("charset="))?.slice("charset=".length).replace(/"/g, "");
  if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") return `the body must be UTF-8 JSON, but its charset is ${charset}`;
  const encoding = contentEncoding(req);
  if (!["identity", "gzip", "deflate"].includes(encoding)) return `Content-Encoding must be gzip, deflate or identity, but was ${encoding}`;
  return undefined;
}

/**
 * A request's body, inflated when it is gzip or deflate: "too large" as soon as it is past
 * maxBytes (the rest is discarded unread), "corrupt" when it does not inflate, "aborted"
 * when the client went away. (express.json() did this, at several times the cost, which
 * single-event requests felt most.)
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | "too large" | "corrupt" | "aborted"> {
  if (Number(req.headers["content-length"]) > maxBytes) return Promise.resolve("too large");
  const encoding = contentEncoding(req);
  const inflate: Transform | undefined = encoding === "gzip" ? createGunzip() : encoding === "deflate" ? createInflate() : undefined;
  const body: Readable = inflate ? req.pipe(inflate) : req;
  // The rest of a refused body is read and dropped: a request whose body stops being read
  // holds its connection, and the client's next request on it, until the server times it out.
  const discardRest = () => {
    if (inflate) {
      req.unpipe(inflate);
      inflate.destroy();
    }
    req.resume();
  };
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      body.removeListener("data", onData);
      discardRest();
      resolve("too large");
    };
    body.on("data", onData);
    body.on("end", () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size)));
    body.on("error", () => {
      if (!inflate) return resolve("aborted");
      discardRest();
      resolve("corrupt");
    });
    req.on("error", () => resolve("aborted"));
    req.on("close", () => req.complete || resolve("aborted"));
  });
}

export type SimulatorMetrics = ReturnType<typeof createSimulatorMetrics>;

/** Counts the producer's failed requests and replacements (the EventProducer's observer). */
export function createProducerMetrics(registry: Registry): ProducerObserver {
  const failures = new Counter({
    name: "simulator_producer_failed_requests_total",
    help: "Produce requests Kafka did not acknowledge, by Kafka's error code (or the client's error); each one retires its producer.",
    labelNames: ["error"],
    registers: [registry],
  });
  const recreations = new Counter({ name: "simulator_producer_recreations_total", help: "Producers started to replace one whose request failed.", registers: [registry] });
  const down = new Histogram({
    name: "simulator_producer_recovery_seconds",
    help: "Time from a failed produce request to a new producer taking writes.",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  return {
    sendFailed: (error) => failures.inc({ error }),
    recreated: (downMs) => {
      recreations.inc();
      down.observe(downMs / 1000);
    },
  };
}

/** The simulator's Prometheus metrics, and a send through `producer` that records produce latency and count. */
export function createSimulatorMetrics(registry: Registry, producer: Pick<Producer, "send" | "writable" | "pendingBytes">) {
  const metrics = {
    accepted: new Counter({ name: "simulator_events_accepted_total", help: "Events acknowledged to HTTP clients (written to Kafka).", registers: [registry] }),
    rejected: new Counter({ name: "simulator_events_rejected_total", help: "POSTed requests rejected, by reason.", labelNames: ["reason"], registers: [registry] }),
    produced: new Counter({ name: "simulator_events_produced_total", help: "Events acknowledged by Kafka (HTTP and generator).", registers: [registry] }),
    produceLatency: new Histogram({
      name: "simulator_produce_latency_seconds",
      help: "Time from handing events to the producer to Kafka's acknowledgement.",
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    writable: new Gauge({
      name: "simulator_producer_writable",
      help: "1 while a producer can write, 0 at start and while one replaces a failed one.",
      registers: [registry],
      collect() {
        this.set(producer.writable ? 1 : 0);
      },
    }),
    pendingBytes: new Gauge({
      name: "simulator_producer_pending_bytes",
      help: "Bytes of events handed to the producer that Kafka has not answered yet.",
      registers: [registry],
      collect() {
        this.set(producer.pendingBytes);
      },
    }),
  };
  const instrumentedSend = async (events: LogEvent[], receivedAtMs: number) => {
    const stop = metrics.produceLatency.startTimer();
    await producer.send(events, receivedAtMs);
    stop();
    metrics.produced.inc(events.length);
  };
  return { metrics, send: instrumentedSend };
}

export function createSimulatorApp(options: SimulatorAppOptions): express.Express {
  const maxBatchEvents = options.maxBatchEvents ?? 10_000;
  const maxBodyBytes = options.maxBodyBytes ?? 5 * 1024 * 1024;
  const { metrics } = options;
  const send = options.send;

  const app = express();
  app.disable("x-powered-by");
  // Nothing here is cached: an ETag would cost a hash of every response body.
  app.disable("etag");

  app.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  app.get("/readyz", async (_req, res) => {
    // Overload is not unreadiness: it passes within a second, and refusing at once is the remedy.
    const refusal = options.refusal();
    if (refusal instanceof KafkaUnavailableError) {
      res.status(503).json({ status: "producer unavailable", reason: refusal.message });
    } else {
      const ready = await options.isReady();
      res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "kafka unreachable" });
    }
  });

  /** 503 + Retry-After for a request Kafka cannot take now: nothing of it was accepted. */
  const unavailable = (res: Response, error: KafkaUnavailableError | ProducerOverloadedError, events: number | undefined) => {
    const overloaded = error instanceof ProducerOverloadedError;
    metrics.rejected.inc({ reason: overloaded ? "overloaded" : "kafka_unavailable" });
    if (!overloaded) options.logger.warn("kafka unavailable, asking the client to retry", { events, error });
    res.setHeader("Retry-After", String(overloaded ? (options.overloadedRetryAfterSeconds ?? 1) : (options.retryAfterSeconds ?? 5)));
    const why = overloaded ? `the simulator is overloaded (${error.message})` : "Kafka cannot take the write right now";
    problem(res, 503, `${why}; the request was not accepted, retry later`);
  };

  app.get("/metrics", async (_req, res) => {
    res.type(options.registry.contentType).send(await options.registry.metrics());
  });

  app.post("/events", async (req: Request, res: Response) => {
    const unsupported = unsupportedBody(req);
    if (unsupported) {
      metrics.rejected.inc({ reason: "content_type" });
      return problem(res, 415, unsupported);
    }
    // Refused before its body is read, when nothing it holds could be taken. Its size is the
    // Content-Length (events take about as many bytes in Kafka), or the most a body may be.
    const refusal = options.refusal(Number(req.headers["content-length"]) || maxBodyBytes);
    if (refusal) return unavailable(res, refusal, undefined);
    const read = await readBody(req, maxBodyBytes);
    if (read === "too large") {
      metrics.rejected.inc({ reason: "body_too_large" });
      return problem(res, 413, `the body is larger than ${maxBodyBytes} bytes: split the batch`);
    }
    if (read === "aborted") return;
    if (read === "corrupt") {
      metrics.rejected.inc({ reason: "invalid_json" });
      return problem(res, 400, `the body is not valid ${req.headers["content-encoding"]}`);
    }
    let body: unknown;
    try {
      body = JSON.parse(read.toString("utf8"));
    } catch (error) {
      metrics.rejected.inc({ reason: "invalid_json" });
      return problem(res, 400, `the body is not valid JSON: ${(error as Error).message}`);
    }
    // The reference of the event-time window, and the Kafka records' timestamp.
    const receivedAt = Date.now();
    const events = Array.isArray(body) ? body : [body];
    if (Array.isArray(body) && body.length === 0) {
      metrics.rejected.inc({ reason: "empty" });
      return problem(res, 400, "the array holds no event: send one event or a non-empty array");
    }
    if (events.length > maxBatchEvents) {
      metrics.rejected.inc({ reason: "batch_too_large" });
      return problem(res, 413, `a batch may hold at most ${maxBatchEvents} events, but ${events.length} were sent: split it`);
    }
    const errors: IndexedFieldError[] = [];
    const valid: LogEvent[] = [];
    events.forEach((candidate, index) => {
      const result = validateEvent(candidate, receivedAt);
      if (result.ok) valid.push(result.event);
      else errors.push(...result.errors.map((e) => (Array.isArray(body) ? { index, ...e } : e)));
    });
    // All or nothing: a client can retry a rejected batch as a whole without duplicating half of it.
    if (errors.length > 0) {
      metrics.rejected.inc({ reason: "invalid" });
      const first = errors[0];
      const where = first.index === undefined ? "" : `event ${first.index}: `;
      return problem(res, 400, `${where}${first.field} ${first.reason}`, { errors: errors.slice(0, 100) });
    }
    try {
      await send(valid, receivedAt);
    } catch (error) {
      if (error instanceof RequestTooLargeError) {
        metrics.rejected.inc({ reason: "batch_too_large" });
        return problem(res, 413, `${error.message}: split the batch`);
      }
      if (error instanceof KafkaUnavailableError || error instanceof ProducerOverloadedError) return unavailable(res, error, valid.length);
      throw error;
    }
    metrics.accepted.inc(valid.length);
    res.status(202).json({ accepted: valid.length });
  });

  app.get("/generator", (_req, res) => {
    res.json(options.generator.status());
  });

  app.post("/generator/start", express.json({ limit: 1024 }), (req, res) => {
    const rate = req.body?.ratePerSecond;
    if (rate !== undefined && typeof rate !== "number") return problem(res, 400, "ratePerSecond must be a number");
    options.generator.start(rate);
    res.json(options.generator.status());
  });

  app.put("/generator", express.json({ limit: 1024 }), (req, res) => {
    const rate = req.body?.ratePerSecond;
    if (typeof rate !== "number") return problem(res, 400, "ratePerSecond must be a number");
    options.generator.setRate(rate);
    res.json(options.generator.status());
  });

  app.post("/generator/stop", async (_req, res) => {
    await options.generator.stop();
    res.json(options.generator.status());
  });

  // Errors from the body parser (too large, malformed JSON) and from handlers.
  app.use((error: Error & { type?: string; status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    if (error.type === "entity.too.large") {
      metrics.rejected.inc({ reason: "body_too_large" });
      return problem(res, 413, `the body is larger than ${maxBodyBytes} bytes: split the batch`);
    }
    if (error.type === "entity.parse.failed") {
      metrics.rejected.inc({ reason: "invalid_json" });
      return problem(res, 400, `the body is not valid JSON: ${error.message}`);
    }
    if (error instanceof RangeError) return problem(res, 400, error.message);
    options.logger.error("request failed", { error });
    problem(res, error.status && error.status < 500 ? error.status : 500, error.status && error.status < 500 ? error.message : "internal error");
  });

  return app;
}
