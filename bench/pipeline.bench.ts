/**
 * npm run bench: measures the runtime against the local services (npm run services:up).
 * Not a test: these machines are shared and noisy, so it reports medians and ratios.
 *   - encoder throughput (rows/s) and size (bytes/row), in process, 5 runs each
 *   - per encoder, end to end: simulator ingest (events/s, batched POSTs, as fast as they are
 *     taken or at BENCH_RATE events/s), freshness (event accepted → its object visible,
 *     p50/p99; the sink flushes at 1 s of age), sink peak RSS, Parquet bytes/event; the
 *     simulator and the sink run compiled, with their containers' Node flags and memory limit
 * Writes bench/results.json.
 *
 * npm run bench -- --side-by-side: the sink, the ingest and the curate job against the peers
 * a data engineer would pick instead (bench/side-by-side.ts); written to the same file.
 */
import { S3Client, ListObjectsV2Command } from "@aws-sdk/client-s3";
import * as fs from "fs";
import * as path from "path";
import { LogEvent } from "../runtime/src/contract";
import { EventColumns } from "../runtime/src/sink/columns";
import { encoderFor } from "../runtime/src/sink/codec";
import { ENCODER_NAMES, EncoderName } from "../runtime/src/sink/encoders";
import { TrafficModel } from "../runtime/src/simulator/generator";
import { readLake, s3Client } from "../test/integration/lake";
import { sideBySide, table } from "./side-by-side";
import { createTopics, postJson, readConnection, uniqueName, waitFor } from "../test/integration/services";
import { buildRuntime } from "../test/integration/deployed-runtime";
import { startDeployed } from "./lib/deployed";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function encoderBench(name: EncoderName, rows: LogEvent[]) {
  // As the sink configures it (encoderFor), so the bytes per row are the sink's files'.
  const encoder = encoderFor({ encoder: name });
  const columns = EventColumns.of(rows);
  const rates: number[] = [];
  let bytes = 0;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    const out = await encoder.encode(columns);
    rates.push(rows.length / ((performance.now() - start) / 1000));
    bytes = out.length;
  }
  return { rowsPerSecondMedian: Math.round(median(rates)), bytesPerRow: +(bytes / rows.length).toFixed(1) };
}

async function listAll(s3: S3Client, bucket: string, prefix: string) {
  const out: { key: string; lastModified: number; size: number }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of page.Contents ?? []) out.push({ key: o.Key!, lastModified: o.LastModified!.getTime(), size: o.Size! });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return out;
}

async function endToEnd(encoder: EncoderName, events: number, rate: number) {
  const connection = readConnection();
  const s3 = s3Client(connection);
  const name = uniqueName(`bench-${encoder}`);
  const { topic, deadLetterTopic } = await createTopics(connection, name);
  const deployedSimulator = await startDeployed("simulator", { KAFKA_TOPIC: topic, LOG_LEVEL: "warn" });
  const deployedSink = await startDeployed("sink", {
    KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: deadLetterTopic, SINK_GROUP_ID: name, SINK_RAW_PREFIX: `${name}/raw`, SINK_ENCODER: encoder, LOG_LEVEL: "warn",
    SINK_FLUSH_MAX_AGE_MS: "1000",
  }).catch(async (error: unknown) => {
    await deployedSimulator.stop();
    throw error;
  });
  const [simulator, sink] = [deployedSimulator.process, deployedSink.process];
  let peakRss = 0;
  const rssPoll = setInterval(async () => { peakRss = Math.max(peakRss, (await sink.metric("process_resident_memory_bytes").catch(() => 0)) ?? 0); }, 200);
  try {
    const model = new TrafficModel();
    const batchSize = 1000;
    const acceptedAt = new Map<string, number>();
    const batches = Array.from({ length: events / batchSize }, () => Array.from({ length: batchSize }, () => model.next()));
    const start = performance.now();
    const concurrency = 4;
    let next = 0;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        const index = next++;
        const batch = batches[index];
        // At BENCH_RATE events/s, batch i goes at i × its share of a second; otherwise as fast as the simulator takes them.
        if (rate > 0) await new Promise((resolve) => setTimeout(resolve, start + (index * batchSize * 1000) / rate - performance.now()));
        const response = await postJson(`${simulator.url}/events`, JSON.stringify(batch));
        if (response.status !== 202) throw new Error(`POST returned ${response.status}: ${response.text}`);
        const now = Date.now();
        batch.forEach((e) => acceptedAt.set(e.event_id, now));
      }
    }));
    const ingestSeconds = (performance.now() - start) / 1000;
    await waitFor("every event in the lake", async () => {
      const objects = await listAll(s3, connection.S3_BUCKET, `${name}/raw/`);
      const rows = (await sink.metric("sink_rows_written_total")) ?? 0;
      return rows >= events && objects;
    }, 300_000, 500);
    const objects = await readLake(s3, connection.S3_BUCKET, `${name}/raw/`);
    const listed = new Map((await listAll(s3, connection.S3_BUCKET, `${name}/raw/`)).map((o) => [o.key, o]));
    const freshness: number[] = [];
    for (const object of objects) {
      const visible = listed.get(object.key)!.lastModified;
      for (const row of object.rows) freshness.push(visible - acceptedAt.get(String(row.event_id))!);
    }
    const totalBytes = objects.reduce((n, o) => n + o.bytes, 0);
    return {
      events,
      postedAtEventsPerSecond: rate || "as fast as taken",
      ingestEventsPerSecond: Math.round(events / ingestSeconds),
      freshnessMsP50: percentile(freshness, 50),
      freshnessMsP99: percentile(freshness, 99),
      sinkPeakRssMb: Math.round(peakRss / 1e6),
      parquetBytesPerEvent: +(totalBytes / events).toFixed(1),
      objects: objects.length,
    };
  } finally {
    clearInterval(rssPoll);
    const stopped = await Promise.all([deployedSimulator.stop(), deployedSink.stop()]);
    s3.destroy();
    // The cause of whatever else went wrong: a process killed for memory.
    const killed = (["simulator", "sink"] as const).filter((_, i) => stopped[i].oomKills > 0);
    if (killed.length > 0) throw new Error(`killed for memory under its container's limit: ${killed.join(", ")}`);
  }
}

const RESULTS_FILE = path.join(__dirname, "results.json");

/** Replaces this mode's part of bench/results.json, keeping the other mode's. */
function writeResults(part: Record<string, unknown>): void {
  const previous = fs.existsSync(RESULTS_FILE) ? (JSON.parse(fs.readFileSync(RESULTS_FILE, "utf8")) as Record<string, unknown>) : {};
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...previous, ...part }, null, 2)}\n`);
}

const machine = () => ({ cpus: require("os").cpus().length, cpuModel: require("os").cpus()[0]?.model, memoryGb: Math.round(require("os").totalmem() / 2 ** 30), node: process.version });

async function main() {
  if (process.argv.includes("--side-by-side")) {
    const results = await sideBySide();
    // A run of some systems only (BENCH_SYSTEMS) keeps the last full table.
    writeResults({ [process.env.BENCH_SYSTEMS ? "sideBySideSome" : "sideBySide"]: { machine: machine(), date: new Date().toISOString(), ...results } });
    console.log(`\n${table(results)}`);
    return;
  }
  const events = Number(process.env.BENCH_EVENTS ?? 50_000);
  const model = new TrafficModel();
  const rows = Array.from({ length: 50_000 }, () => model.next());
  const results: Record<string, unknown> = { machine: machine(), date: new Date().toISOString() };
  const encoders: Record<string, unknown> = {};
  for (const name of ENCODER_NAMES) encoders[name] = await encoderBench(name, rows);
  results.encoders = encoders;
  const e2e: Record<string, unknown> = {};
  // The simulator and the sink run as their containers run them (bench/lib/deployed.ts).
  buildRuntime();
  // BENCH_RATE (events/s, default 0: as fast as they are taken) paces the posts, e.g. 5000 for the freshness goal of issue #12.
  const rate = Number(process.env.BENCH_RATE ?? 0);
  for (const name of ENCODER_NAMES) e2e[name] = await endToEnd(name, events, rate);
  results.endToEnd = e2e;
  const wasm = encoders["parquet-wasm"] as { rowsPerSecondMedian: number };
  const lite = encoders["parquetjs-lite"] as { rowsPerSecondMedian: number };
  results.encoderSpeedRatio = +(wasm.rowsPerSecondMedian / lite.rowsPerSecondMedian).toFixed(1);
  writeResults(results);
  console.log(JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
