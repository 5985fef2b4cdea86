import * as fs from "fs";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as os from "os";
import * as path from "path";
import { produceBacklog } from "../../bench/lib/backlog";
import { CpuByThread, cpuByThread, UsageSampler } from "../../bench/lib/usage";
import { DeployedContainer, LocalProcess } from "./deployed";
import { buildRuntime, deployedRuntime, startInLimit } from "./deployed-runtime";
import { eventIdCounts, s3Client } from "./lake";
import { LakeDeployment } from "./lake-deployment";
import { MemoryLimit } from "./memory-limit";
import { Connection, freePort, metricAt, readConnection, uniqueName } from "./services";

/**
 * The sink of the apps stack, run for real with what the stack gives its container: the
 * command (the compiled runtime, built as the image builds it), the environment (the lake
 * user and its credentials from the lake stack, deployed with `npm run deploy` on the test
 * MinIO) and the memory limit, applied as Docker applies it (a memory cgroup without swap,
 * test/integration/memory-limit.ts). It drains a backlog several times its buffer, as after
 * an outage, and must neither be killed for memory nor lose or double an event.
 *
 * Changed for the test only: the addresses (the local Kafka and MinIO), the HTTP port (the
 * container's is published on the host's loopback), and the topics and consumer group (a
 * backlog of the test's own).
 */

/** Events in the backlog: about 110 MB of JSON, over three times the sink's buffer. */
const BACKLOG_EVENTS = 200_000;
const DRAIN_TIMEOUT_MS = 600_000;

describe("the deployed sink, run with the apps stack's configuration and memory limit against real services", () => {
  const connection: Connection = readConnection();
  const lake = new LakeDeployment(connection);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "logpipe-sink-"));
  const running: LocalProcess[] = [];
  let sink: DeployedContainer;
  let memoryMb = 0;
  let limit: MemoryLimit | undefined;
  let lakeDeployed = false;
  const unavailable = MemoryLimit.unavailable();

  before(() => {
    if (unavailable && process.env.CI === "true") assert.fail(`CI must run the sink under its container's memory limit: ${unavailable}`);
    lakeDeployed = true;
    lake.mustRun("deploy", ["--auto-approve"]);

    buildRuntime();
    ({ container: sink, memoryMb } = deployedRuntime("sink", connection, lake.settings, { variables: {}, stateFiles: { "cross-stack-reference-input-lake": lake.stateFile } }));
  });

  after(async () => {
    for (const started of running) await started.stop();
    limit?.remove();
    if (lakeDeployed) {
      const result = lake.run("destroy", ["--auto-approve", "--delete-lake-data"]);
      if (result.status !== 0) console.error(`clean-up destroy failed:\n${result.output.slice(-3000)}`);
    }
    console.log(`lake stack: ${lake.timings.join(", ")}`);
    lake.removeWorkDirectory();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test(`drains a backlog of ${BACKLOG_EVENTS.toLocaleString()} events within the container's memory, every event in the lake once`, { skip: unavailable && process.env.CI !== "true" ? unavailable : false }, async () => {
    const backlog = await produceBacklog(connection, uniqueName("deployed-sink"), BACKLOG_EVENTS);
    console.log(`backlog: ${backlog.events.toLocaleString()} events, ${(backlog.jsonBytes / 1e6).toFixed(0)} MB of JSON on ${backlog.topic}`);
    limit = MemoryLimit.create("logpipe-sink", memoryMb * 2 ** 20);
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      PORT: String(port),
      HOST: "127.0.0.1",
      KAFKA_TOPIC: backlog.topic,
      KAFKA_DLQ_TOPIC: backlog.deadLetterTopic,
      SINK_GROUP_ID: uniqueName("deployed-sink"),
    };
    const started = startInLimit({ container: sink, memoryMb }, limit, env, work);
    running.push(started);
    const sampler = new UsageSampler(started.pid);
    console.log(`started ${sink.command.join(" ")} (pid ${started.pid}) with the environment of ${sink.name}, in a memory cgroup of ${memoryMb} MB without swap (cgroup v${limit.version})`);

    const url = `http://127.0.0.1:${port}`;
    const written = async () => (await metricAt(url, "sink_rows_written_total", 5_000)) ?? 0;
    let peakRssBytes = 0;
    let threads: CpuByThread = {};
    try {
      // Not waitFor: the sink exiting must fail the test at once, not be waited out.
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      while ((await written().catch(() => 0)) < BACKLOG_EVENTS) {
        if (started.exited) {
          assert.fail(`the sink exited (${started.child.signalCode ?? started.child.exitCode}); OOM kills in its cgroup: ${limit.oomKills()}\n${started.tail()}`);
        }
        assert.ok(Date.now() < deadline, `the sink wrote ${await written().catch(() => "?")} of ${BACKLOG_EVENTS} events in ${DRAIN_TIMEOUT_MS / 1000} s\n${started.tail()}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      threads = cpuByThread(started.pid);
    } finally {
      peakRssBytes = sampler.stop().peakRssBytes;
    }
    const peak = limit.peakBytes();
    console.log(`written; peak RSS of the sink ${Math.round(peakRssBytes / 2 ** 20)} MB, peak memory of its cgroup ${peak === undefined ? "unknown" : `${Math.round(peak / 2 ** 20)} MB`}, limit ${memoryMb} MB`);
    assert.equal(limit.oomKills(), 0, "the kernel killed a process of the sink's cgroup for memory");
    assert.ok(!started.exited, `the sink exited:\n${started.tail()}`);
    assert.ok(peakRssBytes <= memoryMb * 2 ** 20, `the sink's peak RSS ${Math.round(peakRssBytes / 2 ** 20)} MB exceeds its container's ${memoryMb} MB`);

    // AND kafkajs's fetches were decoded by the sink's own record-batch decoder (kafka-record-batches.ts),
    // which the sink puts in place when it loads: as compiled and started here, not only in unit tests
    const consuming = fs.readFileSync(started.logFile, "utf8").split("\n").flatMap((line) => {
      try {
        const entry = JSON.parse(line) as { message?: string; recordBatches?: string; codecThreads?: number };
        return entry.message === "consuming" ? [entry] : [];
      } catch {
        return [];
      }
    });
    assert.deepEqual(consuming.map((entry) => entry.recordBatches), ["logpipe"], `the sink's "consuming" lines: ${JSON.stringify(consuming)}`);

    // AND the messages' decoding, contract checks and Parquet encoding ran in the codec's worker
    // threads, one per core up to two, as configured, off its consumer's thread (they used 37% of
    // the sink's CPU here, its consumer's thread 30%, V8's helper threads the rest; inline, ~0)
    const codecThreads = consuming[0].codecThreads ?? 0;
    const total = Object.values(threads).reduce((sum, { cpuSeconds }) => sum + cpuSeconds, 0);
    const workers = threads.WorkerThread ?? { threads: 0, cpuSeconds: 0 };
    console.log(`the sink's CPU by thread: ${JSON.stringify(threads)}`);
    assert.equal(codecThreads, Math.min(os.availableParallelism(), 2), "codec threads in the sink's \"consuming\" line");
    assert.equal(workers.threads, codecThreads, `live worker threads of the sink: ${JSON.stringify(threads)}`);
    assert.ok(workers.cpuSeconds >= 0.2 * total, `the codec threads used ${workers.cpuSeconds} of the sink's ${total.toFixed(2)} CPU seconds: ${JSON.stringify(threads)}`);

    const s3 = s3Client(connection);
    try {
      const counts = await eventIdCounts(s3, lake.bucket, `${sink.env.SINK_RAW_PREFIX ?? "raw"}/${backlog.topic}/`);
      const doubled = [...counts].filter(([, n]) => n > 1);
      assert.equal(counts.size, BACKLOG_EVENTS, `${counts.size} distinct events in the lake, not ${BACKLOG_EVENTS}`);
      assert.deepEqual(doubled.slice(0, 5), [], `${doubled.length} events written more than once`);
    } finally {
      s3.destroy();
    }
  });
});
