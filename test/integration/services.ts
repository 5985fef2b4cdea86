import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as http from "http";
import { Admin, ConfigResourceTypes, Kafka, logLevel } from "kafkajs";
import * as net from "net";
import assert from "node:assert/strict";
import * as path from "path";
import { PROFILES } from "../../infra/config/profiles";
import { pipelineTopics, topicConfigs } from "../../infra/constructs/kafka-cluster";
import { topicMaxMessageBytes as readMaxMessageBytes } from "../../runtime/src/common/kafka";

export const REPO_ROOT = path.resolve(__dirname, "../..");
export const SERVICES_DIR = process.env.LOGPIPE_SERVICES_DIR ?? path.join(REPO_ROOT, ".services");
const SERVICES_SCRIPT = path.join(REPO_ROOT, "scripts/services.sh");

/** The settings scripts/services.sh writes to .services/services.env. */
export interface Connection {
  KAFKA_BROKERS: string;
  S3_ENDPOINT: string;
  S3_REGION: string;
  S3_BUCKET: string;
  AWS_ACCESS_KEY_ID: string;
  AWS_SECRET_ACCESS_KEY: string;
  /** The local PostgreSQL, and its superuser. */
  POSTGRES_HOST: string;
  POSTGRES_PORT: string;
  POSTGRES_USER: string;
  POSTGRES_PASSWORD: string;
}

export function readConnection(): Connection {
  const file = path.join(SERVICES_DIR, "services.env");
  const entries = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]);
  return Object.fromEntries(entries) as Connection;
}

export function services(...args: string[]): string {
  return execFileSync("bash", [SERVICES_SCRIPT, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
}

/**
 * Freezes a local service with SIGSTOP (by the PID scripts/services.sh recorded): its
 * connections stay open and its requests go unanswered. thaw() sends SIGCONT; a detached
 * watchdog sends it after maxMs in any case, so a test killed meanwhile leaves no frozen
 * service behind.
 */
export function freezeService(name: "kafka" | "minio" | "postgres", maxMs = 60_000): { thaw(): void } {
  const pid = Number(fs.readFileSync(path.join(SERVICES_DIR, name, `${name}.pid`), "utf8").trim());
  const watchdog = spawn("sh", ["-c", `sleep ${Math.ceil(maxMs / 1000)}; kill -CONT ${pid}`], { detached: true, stdio: "ignore" });
  watchdog.unref();
  process.kill(pid, "SIGSTOP");
  return {
    thaw: () => {
      process.kill(pid, "SIGCONT");
      try {
        process.kill(-watchdog.pid!, "SIGKILL");
      } catch (error) {
        // The watchdog may be gone already (it thawed the service itself): nothing to stop then.
        if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
      }
    },
  };
}

/** A name no other test run uses: each test gets its own topics, consumer group and lake prefix. */
export function uniqueName(label: string): string {
  return `it-${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

export function kafkaAdmin(connection: Connection): Admin {
  return new Kafka({ clientId: "logpipe-tests", brokers: connection.KAFKA_BROKERS.split(","), logLevel: logLevel.ERROR }).admin();
}

/** Creates a test's own `logs`-like topic and dead-letter topic, with the settings the dev profile declares. */
export async function createTopics(connection: Connection, topicName: string, partitions = PROFILES.dev.kafka.partitions): Promise<{ topic: string; deadLetterTopic: string }> {
  const topics = pipelineTopics({ ...PROFILES.dev.kafka, partitions, topicName });
  const admin = kafkaAdmin(connection);
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [topics.logs, topics.deadLetter].map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: t.replicationFactor,
        configEntries: topicConfigs(t),
      })),
    });
  } finally {
    await admin.disconnect();
  }
  return { topic: topics.logs.name, deadLetterTopic: topics.deadLetter.name };
}

/** Deletes topics a test or bench created (a bench's backlog is hundreds of MB on the local broker's disk). */
export async function deleteTopics(connection: Connection, topics: string[]): Promise<void> {
  const admin = kafkaAdmin(connection);
  await admin.connect();
  try {
    await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}

/** A topic's max.message.bytes, as the broker reports it now. */
export async function topicMaxMessageBytes(connection: Connection, topic: string): Promise<number | undefined> {
  const admin = kafkaAdmin(connection);
  await admin.connect();
  try {
    return await readMaxMessageBytes(admin, topic);
  } finally {
    await admin.disconnect();
  }
}

/** Sets a topic's max.message.bytes, as an operator would outside the stack (its other settings return to the broker's defaults). */
export async function setTopicMaxMessageBytes(connection: Connection, topic: string, bytes: number): Promise<void> {
  const admin = kafkaAdmin(connection);
  await admin.connect();
  try {
    await admin.alterConfigs({
      validateOnly: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries: [{ name: "max.message.bytes", value: String(bytes) }] }],
    });
  } finally {
    await admin.disconnect();
  }
}

/** Every event a client was told was accepted (by event_id) is in the topic's `counts` exactly once. */
export function assertAcceptedOnce(counts: Map<string, number>, accepted: string[]): void {
  const missing = accepted.filter((id) => !counts.has(id));
  const doubled = accepted.filter((id) => (counts.get(id) ?? 0) > 1);
  assert.deepEqual(missing.slice(0, 5), [], `${missing.length} of ${accepted.length} accepted events are not in the topic`);
  assert.deepEqual(doubled.slice(0, 5), [], `${doubled.length} of ${accepted.length} accepted events are in the topic more than once`);
}

/** Sum of the end offsets of a topic: how many records it has ever received. */
export async function topicRecordCount(connection: Connection, topic: string): Promise<number> {
  const admin = kafkaAdmin(connection);
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * How many times each event_id is in a topic: every partition read from its start to the end
 * it had when this was called.
 */
export async function topicEventIdCounts(connection: Connection, topic: string, timeoutMs = 60_000): Promise<Map<string, number>> {
  const kafka = new Kafka({ clientId: "logpipe-tests", brokers: connection.KAFKA_BROKERS.split(","), logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect())).filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
  const counts = new Map<string, number>();
  if (ends.size === 0) return counts;
  const consumer = kafka.consumer({ groupId: uniqueName("topic-reader") });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        const id = String(JSON.parse(message.value!.toString()).event_id);
        counts.set(id, (counts.get(id) ?? 0) + 1);
        if (Number(message.offset) + 1 >= (ends.get(partition) ?? 0)) ends.delete(partition);
      },
    });
    await waitFor(`every partition of ${topic} read to its end`, async () => ends.size === 0, timeoutMs, 100);
  } finally {
    await consumer.disconnect();
  }
  return counts;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
    server.on("error", reject);
  });
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly text: string;
  /** The request went on a connection an earlier one used (a keep-alive `agent`). */
  readonly reusedSocket: boolean;
  json<T = unknown>(): T;
}

/**
 * One HTTP request with a deadline, its body always read. Node's http module rather than
 * fetch: under Jest, fetch calls were seen to stall before connecting, hanging a suite
 * with no error.
 */
export function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; agent?: http.Agent } = {}, timeoutMs = 30_000): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    // A connection of its own unless an agent is given (one with keepAlive reuses its connections).
    const req = http.request(url, { method: init.method ?? "GET", headers: init.headers, agent: init.agent ?? false, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, reusedSocket: req.reusedSocket, json: <T>() => JSON.parse(text) as T });
      });
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`${init.method ?? "GET"} ${url} took longer than ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(init.body);
  });
}

export function postJson(url: string, body: string, contentType?: string): Promise<HttpResponse> {
  return request(url, { method: "POST", headers: { "content-type": contentType ?? "application/json" }, body });
}

export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 60_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const result = await check();
      if (result) return result;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ""}`);
}

/** A Prometheus metric's value (its first sample) from a service's /metrics at `url`, or undefined. */
export async function metricAt(url: string, name: string, timeoutMs = 30_000): Promise<number | undefined> {
  const { text } = await request(`${url}/metrics`, {}, timeoutMs);
  const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : undefined;
}

/** A runtime service (simulator or sink) as a real process, started the way `npm run simulator|sink` starts it. */
export class RuntimeProcess {
  readonly output: string[] = [];
  private constructor(readonly role: "simulator" | "sink", readonly port: number, readonly child: ChildProcess) {
    child.stdout?.on("data", (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => this.output.push(chunk.toString()));
  }

  static async start(role: "simulator" | "sink", env: Record<string, string>): Promise<RuntimeProcess> {
    const port = await freePort();
    const child = spawn("bash", [path.join(REPO_ROOT, "scripts/run-runtime.sh"), role], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: env.LOG_LEVEL ?? "info" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const service = new RuntimeProcess(role, port, child);
    try {
      await waitFor(`${role} to be ready on port ${port}`, async () => {
        if (child.exitCode !== null) throw new Error(`${role} exited with ${child.exitCode}:\n${service.output.join("")}`);
        return (await request(`${service.url}/readyz`, {}, 5_000)).status === 200;
      }, 60_000);
    } catch (error) {
      // Never ready: not left running behind the failure.
      await service.stop("SIGKILL");
      throw error;
    }
    return service;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Prometheus metric value (first sample), or undefined. */
  metric(name: string): Promise<number | undefined> {
    return metricAt(this.url, name);
  }

  /** SIGTERM and wait for a graceful exit (or SIGKILL with `signal`). */
  async stop(signal: NodeJS.Signals = "SIGTERM", timeoutMs = 40_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.once("exit", (code) => resolve(code)));
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  }
}
