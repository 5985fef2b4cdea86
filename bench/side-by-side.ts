/**
 * npm run bench -- --side-by-side: the data path against what a data engineer would pick
 * instead, on this machine, the same broker and MinIO, the same events, in interleaved rounds.
 *
 *   drain   one backlog of BENCH_EVENTS events (default 1,000,000; 3 partitions) drained
 *           into Parquet in MinIO by
 *             - this project's sink (kafkajs, codec worker threads, parquet-wasm),
 *             - a Python consumer: confluent-kafka + pyarrow (bench/peers/python_sink.py),
 *             - a minimal Spark Structured Streaming job (bench/peers/minimal_spark.py),
 *             - this project's curate job (spark/curate_logs.py: validation, dedup,
 *               quarantine, metrics, reports);
 *           each on its own consumer group / checkpoint and lake prefix. Every output is read
 *           back: rows and distinct event_ids must both equal the backlog.
 *   ingest  HTTP → Kafka (acks=all, idempotent), wrk for BENCH_INGEST_SECONDS (default 20)
 *           per system and shape: 1,000-event batches on 4 connections, single events on
 *           16; this project's simulator against Flask + confluent-kafka under gunicorn
 *           (2 workers of 8 threads, bench/peers/flask_ingest.py). Each run writes to a topic of its own,
 *           which must hold every event acknowledged.
 *
 * The sink and the simulator run compiled (runtime/dist), with their containers' Node flags.
 * CPU seconds and peak RSS cover each system's whole process tree (/proc; /usr/bin/time for
 * the jobs that exit by themselves). Medians over BENCH_ROUNDS rounds (default 3). Prints one
 * table, and writes it to bench/results.json (key "sideBySide").
 *
 * BENCH_SYSTEMS (comma-separated: sink, python, spark, curate, simulator, flask; default all)
 * runs some of them only, e.g. to compare a change to the sink with its peer in minutes; the
 * ratios are those whose two systems ran, and bench/results.json keeps them apart
 * ("sideBySideSome"). Settings of the runtime (SINK_*, SIMULATOR_*) pass
 * through from the environment.
 */
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { ChildProcess, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TrafficModel } from "../runtime/src/simulator/generator";
import { deletePrefix, listKeys, s3Client } from "../test/integration/lake";
import { Connection, createTopics, deleteTopics, freePort, readConnection, REPO_ROOT, request, topicRecordCount, uniqueName, waitFor } from "../test/integration/services";
import { DEFAULT_RUNTIME_MEMORY_MB } from "../infra/constructs/runtime-service";
import { buildRuntime } from "../test/integration/deployed-runtime";
import { Backlog, produceBacklog } from "./lib/backlog";
import { inContainerMemory, startDeployed } from "./lib/deployed";
import { CpuByThread, cpuByThread, UsageSampler } from "./lib/usage";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const INGEST_SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 20);
const SYSTEM_IDS = ["sink", "python", "spark", "curate", "simulator", "flask"] as const;
type SystemId = (typeof SYSTEM_IDS)[number];

function selectedSystems(): Set<SystemId> {
  const listed = (process.env.BENCH_SYSTEMS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  const unknown = listed.filter((id) => !(SYSTEM_IDS as readonly string[]).includes(id));
  if (unknown.length > 0) throw new Error(`BENCH_SYSTEMS: unknown system(s) ${unknown.join(", ")}; the systems are ${SYSTEM_IDS.join(", ")}`);
  return new Set(listed.length > 0 ? (listed as SystemId[]) : SYSTEM_IDS);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (since: number) => (performance.now() - since) / 1000;

interface DrainRun {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssBytes: number;
  readonly rows: number;
  readonly distinctIds: number;
  readonly bytes: number;
}

/** Rows, distinct event_ids and bytes of the Parquet objects under a prefix (Spark's bookkeeping aside). */
async function readBack(s3: S3Client, bucket: string, prefix: string): Promise<{ rows: number; distinctIds: number; bytes: number }> {
  const { parquetReadObjects } = await import("hyparquet");
  const ids = new Set<string>();
  let rows = 0;
  let bytes = 0;
  for (const key of (await listKeys(s3, bucket, prefix)).filter((k) => k.endsWith(".parquet"))) {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = await response.Body!.transformToByteArray();
    bytes += body.byteLength;
    const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
    for (const row of (await parquetReadObjects({ file, columns: ["event_id"] })) as { event_id: string }[]) {
      ids.add(row.event_id);
      rows++;
    }
  }
  return { rows, distinctIds: ids.size, bytes };
}

/** Runs a command that exits by itself under /usr/bin/time; CPU from time, RSS sampled. */
async function timedJob(command: string[], env: NodeJS.ProcessEnv, label: string): Promise<{ seconds: number; cpuSeconds: number; peakRssBytes: number; stdout: string }> {
  const timeFile = path.join(os.tmpdir(), `logpipe-bench-${process.pid}-${label}.time`);
  const started = performance.now();
  const child = spawn("/usr/bin/time", ["-f", "%U %S", "-o", timeFile, ...command], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const sampler = new UsageSampler(child.pid!);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  const elapsed = seconds(started);
  const { peakRssBytes } = sampler.stop();
  const [user, system] = fs.readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  fs.rmSync(timeFile, { force: true });
  if (code !== 0) throw new Error(`${label} exited with ${code}:\n${stdout.slice(-3000)}\n${stderr.slice(-5000)}`);
  return { seconds: elapsed, cpuSeconds: user + system, peakRssBytes, stdout };
}

function venv(script: string): string {
  return execFileSync("bash", [path.join(REPO_ROOT, "scripts", script)], { cwd: REPO_ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
}

class Drains {
  /** The sink's CPU seconds by thread name at the end of each of its drains (see cpuByThread). */
  readonly sinkThreads: CpuByThread[] = [];

  constructor(
    private readonly connection: Connection,
    private readonly s3: S3Client,
    private readonly backlog: Backlog,
    private readonly benchVenv: string,
    private readonly sparkVenv: string,
  ) {}

  private sparkEnv(): NodeJS.ProcessEnv {
    return { ...process.env, ...this.connection, PATH: `${this.sparkVenv}/bin:${process.env.PATH}`, PYSPARK_PYTHON: `${this.sparkVenv}/bin/python`, SPARK_LOCAL_IP: "127.0.0.1" };
  }

  private async checked(run: { seconds: number; cpuSeconds: number; peakRssBytes: number }, prefix: string): Promise<DrainRun> {
    const output = await readBack(this.s3, this.connection.S3_BUCKET, prefix);
    return { ...run, ...output };
  }

  /** The sink as deployed (bench/lib/deployed.ts): without its memory limit, its RSS says little. */
  async sink(name: string): Promise<DrainRun> {
    const started = performance.now();
    const deployed = await startDeployed("sink", {
      KAFKA_TOPIC: this.backlog.topic, KAFKA_DLQ_TOPIC: this.backlog.deadLetterTopic, SINK_GROUP_ID: name, SINK_RAW_PREFIX: `${name}/raw`, LOG_LEVEL: "warn",
    });
    const { process: sink, limit } = deployed;
    const sampler = new UsageSampler(sink.child.pid!);
    try {
      // waitFor retries a failing check: an exited sink ends the wait with "exited" instead.
      const outcome = await waitFor("the sink to write the backlog", async () => {
        if (sink.child.exitCode !== null || sink.child.signalCode !== null) return "exited";
        return ((await sink.metric("sink_rows_written_total")) ?? 0) >= this.backlog.events ? "written" : undefined;
      }, 1_800_000, 100);
      if (outcome === "exited") {
        throw new Error(`the sink exited (${sink.child.signalCode ?? sink.child.exitCode}${limit ? `; OOM kills under its ${DEFAULT_RUNTIME_MEMORY_MB} MB: ${limit.oomKills()}` : ""}):\n${sink.output.join("").slice(-3000)}`);
      }
      const elapsed = seconds(started);
      sampler.sample();
      const threads = cpuByThread(sink.child.pid!);
      this.sinkThreads.push(threads);
      console.log(`the sink's CPU by thread: ${formatThreads(threads)}`);
      if (limit && limit.oomKills() > 0) throw new Error(`the sink was killed for memory under its container's ${DEFAULT_RUNTIME_MEMORY_MB} MB`);
      return await this.checked({ seconds: elapsed, ...sampler.stop() }, `${name}/raw/`);
    } finally {
      sampler.stop();
      await deployed.stop();
    }
  }

  async pythonSink(name: string): Promise<DrainRun> {
    const run = await timedJob(
      [`${this.benchVenv}/bin/python`, "bench/peers/python_sink.py", "--topic", this.backlog.topic, "--group", name, "--prefix", name],
      { ...process.env, ...this.connection },
      "python-sink",
    );
    return this.checked(run, `${name}/`);
  }

  async minimalSpark(name: string): Promise<DrainRun> {
    const run = await timedJob(
      [`${this.sparkVenv}/bin/spark-submit`, "--master", "local[2]", "--driver-memory", "2g", "--conf", "spark.ui.enabled=false", "bench/peers/minimal_spark.py", "--topic", this.backlog.topic, "--prefix", name],
      this.sparkEnv(),
      "minimal-spark",
    );
    return this.checked(run, `${name}/`);
  }

  async curateJob(name: string): Promise<DrainRun> {
    const env = {
      ...this.sparkEnv(),
      LOGPIPE_KAFKA_BOOTSTRAP_SERVERS: this.connection.KAFKA_BROKERS,
      LOGPIPE_KAFKA_TOPIC: this.backlog.topic,
      LOGPIPE_S3_ENDPOINT: this.connection.S3_ENDPOINT,
      LOGPIPE_S3_REGION: this.connection.S3_REGION,
      LOGPIPE_LAKE_BUCKET: this.connection.S3_BUCKET,
      LOGPIPE_LAKE_PREFIX: `${name}/`,
      LOGPIPE_SPARK_ACCESS_KEY_ID: this.connection.AWS_ACCESS_KEY_ID,
      LOGPIPE_SPARK_SECRET_ACCESS_KEY: this.connection.AWS_SECRET_ACCESS_KEY,
    };
    const run = await timedJob(
      // The job's own spark-submit properties (its JVM options), as the DAG submits it.
      [`${this.sparkVenv}/bin/spark-submit`, "--master", "local[2]", "--driver-memory", "2g", "--properties-file", "spark/spark-defaults.conf", "--conf", "spark.ui.enabled=false", "spark/curate_logs.py", "--credentials-env", "LOGPIPE_SPARK"],
      env,
      "curate-job",
    );
    return this.checked(run, `${name}/curated/events/`);
  }
}

interface IngestRun {
  readonly eventsPerSecond: number;
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly cpuSecondsPerMillion: number;
  readonly peakRssBytes: number;
  readonly refused: number;
}

interface WrkResult {
  requests: number;
  seconds: number;
  ok: number;
  client_errors: number;
  server_errors: number;
  socket_errors: number;
  p50_ms: number;
  p99_ms: number;
}

/** An ingest server the bench starts: its URL, its process tree's root, and how to stop it. */
interface IngestServer {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<unknown>;
}

async function startFlask(benchVenv: string, connection: Connection, topic: string): Promise<IngestServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(`${benchVenv}/bin/gunicorn`, ["-w", "2", "-k", "gthread", "--threads", "8", "-b", `127.0.0.1:${port}`, "--no-control-socket", "--chdir", REPO_ROOT, "bench.peers.flask_ingest:app"], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...connection, KAFKA_TOPIC: topic },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-5000)));
  const url = `http://127.0.0.1:${port}`;
  await waitFor("gunicorn to answer", async () => {
    if (child.exitCode !== null) throw new Error(`gunicorn exited with ${child.exitCode}: ${stderr}`);
    return (await request(`${url}/healthz`, {}, 2_000).catch(() => ({ status: 0 }))).status === 200;
  }, 30_000);
  return {
    url,
    pid: child.pid!,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once("exit", resolve);
      child.kill("SIGTERM");
    }),
  };
}

/** The simulator as deployed (bench/lib/deployed.ts), as the sink. */
async function startSimulator(topic: string): Promise<IngestServer> {
  const deployed = await startDeployed("simulator", { KAFKA_TOPIC: topic, LOG_LEVEL: "warn" });
  return {
    url: deployed.process.url,
    pid: deployed.process.child.pid!,
    stop: async () => {
      const { code, oomKills } = await deployed.stop();
      if (oomKills > 0) throw new Error(`the simulator was killed for memory under its container's ${DEFAULT_RUNTIME_MEMORY_MB} MB`);
      return code;
    },
  };
}

/** Request bodies for wrk, one per line: 1,000-event batches, or single events. */
function writeBodies(file: string, eventsPerBody: number, bodies: number): void {
  const model = new TrafficModel();
  const lines = Array.from({ length: bodies }, () => {
    const events = Array.from({ length: eventsPerBody }, () => model.next());
    return JSON.stringify(eventsPerBody === 1 ? events[0] : events);
  });
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
}

async function ingestRun(connection: Connection, start: (topic: string) => Promise<IngestServer>, shape: { eventsPerBody: number; connections: number; bodies: string }): Promise<IngestRun> {
  const { topic, deadLetterTopic } = await createTopics(connection, uniqueName("bench-ingest"));
  const server = await start(topic);
  try {
    const sampler = new UsageSampler(server.pid);
    const before = sampler.sample();
    const output = execFileSync("wrk", ["-t", "2", "-c", String(shape.connections), "-d", `${INGEST_SECONDS}s`, "-s", path.join(__dirname, "wrk/post-events.lua"), `${server.url}/events`, "--", shape.bodies], { encoding: "utf8" });
    const after = sampler.sample();
    const { peakRssBytes } = sampler.stop();
    const result = JSON.parse(output.trim().split("\n").pop()!) as WrkResult;
    const acknowledged = result.ok * shape.eventsPerBody;
    // wrk stops with requests in flight: Kafka may hold their events without their 202 having been counted.
    const inTopic = await waitFor("the acknowledged events in the topic", async () => {
      const count = await topicRecordCount(connection, topic);
      return count >= acknowledged ? count : undefined;
    }, 30_000);
    if (inTopic > acknowledged + shape.connections * shape.eventsPerBody) throw new Error(`${inTopic} events in the topic, more than the ${acknowledged} acknowledged and those in flight`);
    return {
      eventsPerSecond: Math.round(acknowledged / result.seconds),
      requestsPerSecond: Math.round(result.ok / result.seconds),
      p99Ms: result.p99_ms,
      cpuSecondsPerMillion: +(((after.cpuSeconds - before.cpuSeconds) / Math.max(acknowledged, 1)) * 1e6).toFixed(1),
      peakRssBytes,
      refused: result.client_errors + result.server_errors + result.socket_errors,
    };
  } finally {
    await server.stop();
    await deleteTopics(connection, [topic, deadLetterTopic]);
  }
}

/** "MainThread 8.1 s, WorkerThread ×2 9.0 s, ...", the most first. */
function formatThreads(split: CpuByThread, unit = "s"): string {
  return Object.entries(split)
    .sort(([, a], [, b]) => b.cpuSeconds - a.cpuSeconds)
    .map(([name, { threads, cpuSeconds }]) => `${name}${threads > 1 ? ` ×${threads}` : ""} ${cpuSeconds.toFixed(1)}${unit ? ` ${unit}` : ""}`)
    .join(", ");
}

/** Per thread name: the median over the runs of its CPU seconds, per 1M rows (a name a run lacks counts 0 in it). */
function threadMedians(runs: CpuByThread[], rows: number): CpuByThread {
  const names = new Set(runs.flatMap((run) => Object.keys(run)));
  return Object.fromEntries([...names].map((name) => [name, {
    threads: Math.max(...runs.map((run) => run[name]?.threads ?? 0)),
    cpuSeconds: +((median(runs.map((run) => run[name]?.cpuSeconds ?? 0)) / rows) * 1e6).toFixed(1),
  }]));
}

function summarise<T extends object>(runs: T[]): Record<keyof T, number> {
  const keys = Object.keys(runs[0]) as (keyof T)[];
  return Object.fromEntries(keys.map((key) => [key, median(runs.map((run) => Number(run[key])))])) as Record<keyof T, number>;
}

export async function sideBySide(): Promise<Record<string, unknown>> {
  const connection = readConnection();
  const s3 = s3Client(connection);
  const benchVenv = venv("bench-env.sh");
  const sparkVenv = venv("python-env.sh");
  const label = uniqueName("bench");
  console.log(`side by side: ${EVENTS.toLocaleString()} events, ${ROUNDS} rounds, ingest ${INGEST_SECONDS} s per run, ${os.cpus().length} cores, Node ${process.version}`);

  let started = performance.now();
  const backlog = await produceBacklog(connection, label, EVENTS);
  console.log(`backlog: ${backlog.events.toLocaleString()} events, ${(backlog.jsonBytes / 1e6).toFixed(0)} MB of JSON, on ${backlog.topic} in ${seconds(started).toFixed(0)} s`);

  const drains = new Drains(connection, s3, backlog, benchVenv, sparkVenv);
  const selected = selectedSystems();
  // The sink and the simulator run compiled, as their image runs them (not through tsx, whose
  // compiler would count in their CPU seconds).
  if (selected.has("sink") || selected.has("simulator")) buildRuntime();
  const allDrains: [SystemId, string, (name: string) => Promise<DrainRun>][] = [
    ["sink", `this project's sink (kafkajs + parquet-wasm, codec worker threads${inContainerMemory()})`, (name) => drains.sink(name)],
    ["python", "Python consumer: confluent-kafka + pyarrow", (name) => drains.pythonSink(name)],
    ["spark", "minimal Spark Structured Streaming (Kafka → from_json → Parquet)", (name) => drains.minimalSpark(name)],
    ["curate", "this project's curate job (spark/curate_logs.py)", (name) => drains.curateJob(name)],
  ];
  const drainSystems = allDrains.filter(([id]) => selected.has(id)).map(([, system, drain]) => [system, drain] as const);
  const bodiesDir = fs.mkdtempSync(path.join(os.tmpdir(), "logpipe-bench-"));
  const batchBodies = path.join(bodiesDir, "batches.jsonl");
  const singleBodies = path.join(bodiesDir, "singles.jsonl");
  writeBodies(batchBodies, 1000, 200);
  writeBodies(singleBodies, 1, 20_000);
  const allIngests: [SystemId, string, (topic: string) => Promise<IngestServer>][] = [
    ["simulator", `this project's simulator (Express + @platformatic/kafka in a producer thread${inContainerMemory()})`, (topic) => startSimulator(topic)],
    ["flask", "Flask + confluent-kafka under gunicorn, 2 workers × 8 threads", (topic) => startFlask(benchVenv, connection, topic)],
  ];
  const ingestSystems = allIngests.filter(([id]) => selected.has(id)).map(([, system, start]) => [system, start] as const);
  const shapes = {
    "1,000-event batches, 4 connections": { eventsPerBody: 1000, connections: 4, bodies: batchBodies },
    "single events, 16 connections": { eventsPerBody: 1, connections: 16, bodies: singleBodies },
  };

  const drainRuns = new Map<string, DrainRun[]>();
  const ingestRuns = new Map<string, IngestRun[]>();
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const [system, drain] of drainSystems) {
        started = performance.now();
        const run = await drain(`${label}-r${round}-${drainSystems.findIndex(([s]) => s === system)}`);
        if (run.rows !== EVENTS || run.distinctIds !== EVENTS) throw new Error(`${system} wrote ${run.rows} rows with ${run.distinctIds} distinct event_ids, not ${EVENTS}`);
        drainRuns.set(system, [...(drainRuns.get(system) ?? []), run]);
        console.log(`round ${round}: ${system}: ${Math.round(EVENTS / run.seconds).toLocaleString()} rows/s, ${run.cpuSeconds.toFixed(1)} CPU-s, peak RSS ${Math.round(run.peakRssBytes / 1e6)} MB, rows and distinct ids ${run.rows}/${run.distinctIds} (checked in ${seconds(started).toFixed(0)} s)`);
      }
      for (const [system, start] of ingestSystems) {
        for (const [shapeName, shape] of Object.entries(shapes)) {
          const run = await ingestRun(connection, start, shape);
          ingestRuns.set(`${system}|${shapeName}`, [...(ingestRuns.get(`${system}|${shapeName}`) ?? []), run]);
          console.log(`round ${round}: ${system}, ${shapeName}: ${run.eventsPerSecond.toLocaleString()} events/s, ${run.requestsPerSecond.toLocaleString()} req/s, p99 ${run.p99Ms} ms, ${run.refused} refused`);
        }
      }
    }
  } finally {
    fs.rmSync(bodiesDir, { recursive: true, force: true });
    // What the runs wrote (every drain's output is under a prefix that starts with the label)
    // and the backlog: each run of the bench would otherwise leave gigabytes behind.
    const removed = await deletePrefix(s3, connection.S3_BUCKET, `${label}-`);
    await deleteTopics(connection, [backlog.topic, backlog.deadLetterTopic]);
    console.log(`removed the backlog's topics and the ${removed.toLocaleString()} objects the runs wrote`);
    s3.destroy();
  }

  const drain = Object.fromEntries(drainSystems.map(([system]) => {
    const m = summarise(drainRuns.get(system)!);
    return [system, { rowsPerSecond: Math.round(EVENTS / m.seconds), cpuSecondsPer1M: +((m.cpuSeconds / EVENTS) * 1e6).toFixed(1), peakRssMb: Math.round(m.peakRssBytes / 1e6), bytesPerRow: +(m.bytes / EVENTS).toFixed(1), rows: m.rows, distinctIds: m.distinctIds }];
  }));
  const ingest = Object.fromEntries([...ingestRuns].map(([key, runs]) => {
    const m = summarise(runs);
    return [key, { eventsPerSecond: m.eventsPerSecond, requestsPerSecond: m.requestsPerSecond, p99Ms: m.p99Ms, cpuSecondsPer1M: m.cpuSecondsPerMillion, peakRssMb: Math.round(m.peakRssBytes / 1e6), refused: m.refused }];
  }));
  const drainOf = (id: SystemId) => drain[allDrains.find(([i]) => i === id)![1]]?.rowsPerSecond;
  const ingestOf = (id: SystemId, shape: keyof typeof shapes) => ingest[`${allIngests.find(([i]) => i === id)![1]}|${shape}`]?.eventsPerSecond;
  const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined ? +(a / b).toFixed(2) : undefined);
  const batches = "1,000-event batches, 4 connections";
  const singles = "single events, 16 connections";
  const ratios = Object.fromEntries(Object.entries({
    sinkVsPython: ratio(drainOf("sink"), drainOf("python")),
    sinkVsMinimalSpark: ratio(drainOf("sink"), drainOf("spark")),
    curateVsMinimalSpark: ratio(drainOf("curate"), drainOf("spark")),
    ingestBatchesVsFlask: ratio(ingestOf("simulator", batches), ingestOf("flask", batches)),
    ingestSinglesVsFlask: ratio(ingestOf("simulator", singles), ingestOf("flask", singles)),
  }).filter(([, value]) => value !== undefined));
  const sinkCpuByThread = drains.sinkThreads.length > 0 ? threadMedians(drains.sinkThreads, EVENTS) : undefined;
  return { events: EVENTS, jsonBytes: backlog.jsonBytes, rounds: ROUNDS, ingestSeconds: INGEST_SECONDS, drain, ingest, ratios, ...(sinkCpuByThread ? { sinkCpuByThread } : {}) };
}

/** The results as the README shows them. */
export function table(results: Record<string, unknown>): string {
  const drain = results.drain as Record<string, { rowsPerSecond: number; cpuSecondsPer1M: number; peakRssMb: number; bytesPerRow: number }>;
  const ingest = results.ingest as Record<string, { eventsPerSecond: number; requestsPerSecond: number; p99Ms: number; cpuSecondsPer1M: number }>;
  const lines = [
    `Drain ${Number(results.events).toLocaleString()} events into Parquet in MinIO (medians of ${results.rounds} rounds)`,
    "",
    "| system | rows/s | CPU s per 1M rows | peak RSS | bytes/row |",
    "| --- | --- | --- | --- | --- |",
    ...Object.entries(drain).map(([system, r]) => `| ${system} | ${r.rowsPerSecond.toLocaleString()} | ${r.cpuSecondsPer1M} | ${r.peakRssMb} MB | ${r.bytesPerRow} |`),
    "",
    `Ingest HTTP → Kafka, acks=all, idempotent (wrk, ${results.ingestSeconds} s per run)`,
    "",
    "| system | shape | events/s | requests/s | p99 | CPU s per 1M events |",
    "| --- | --- | --- | --- | --- | --- |",
    ...Object.entries(ingest).map(([key, r]) => {
      const [system, shape] = key.split("|");
      return `| ${system} | ${shape} | ${r.eventsPerSecond.toLocaleString()} | ${r.requestsPerSecond.toLocaleString()} | ${r.p99Ms} ms | ${r.cpuSecondsPer1M} |`;
    }),
    "",
    ...(results.sinkCpuByThread ? [`The sink's CPU by thread (medians, CPU-s per 1M rows): ${formatThreads(results.sinkCpuByThread as CpuByThread, "")}`, ""] : []),
    `Ratios: ${JSON.stringify(results.ratios)}`,
  ];
  return lines.join("\n");
}
