import { S3Client } from "@aws-sdk/client-s3";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { TrafficModel } from "../../runtime/src/simulator/generator";
import { eventIdCounts, s3Client } from "./lake";
import { Connection, createTopics, postJson, readConnection, request, RuntimeProcess, services, uniqueName, waitFor } from "./services";

/**
 * Posts batches to the simulator until stopped, remembering every event_id the simulator
 * acknowledged (202): those, and only those, must end up in the lake exactly once.
 */
class Stream {
  readonly acknowledged = new Set<string>();
  private running = true;
  private done: Promise<void>;

  constructor(simulator: RuntimeProcess, batchSize = 100, pauseMs = 100) {
    const model = new TrafficModel({ users: 500 });
    this.done = (async () => {
      while (this.running) {
        const batch = Array.from({ length: batchSize }, () => model.next());
        const response = await postJson(`${simulator.url}/events`, JSON.stringify(batch));
        if (response.status === 202) batch.forEach((e) => this.acknowledged.add(e.event_id));
        await new Promise((r) => setTimeout(r, pauseMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every acknowledged event is in the lake, and nothing is in it twice. */
async function assertExactlyOnce(s3: S3Client, connection: Connection, prefix: string, acknowledged: Set<string>): Promise<void> {
  const counts = await waitFor(
    `all ${acknowledged.size} acknowledged events in the lake`,
    async () => {
      const found = await eventIdCounts(s3, connection.S3_BUCKET, prefix);
      return found.size >= acknowledged.size && found;
    },
    120_000,
    1000,
  );
  const duplicates = [...counts.entries()].filter(([, n]) => n > 1);
  const missing = [...acknowledged].filter((id) => !counts.has(id));
  console.log(`${acknowledged.size} acknowledged events: ${missing.length} lost, ${duplicates.length} duplicated, ${counts.size - acknowledged.size + missing.length} unexpected in the lake`);
  assert.deepEqual(duplicates, [], "no event may be in the lake twice");
  assert.deepEqual(missing, [], "no acknowledged event may be lost");
  assert.equal(counts.size, acknowledged.size, "the lake holds nothing that was not acknowledged");
}

describe("faults, against the real Kafka and MinIO", () => {
  let connection: Connection;
  let s3: S3Client;

  before(() => {
    connection = readConnection();
    s3 = s3Client(connection);
  });

  after(() => s3?.destroy());

  test("the sink killed with SIGKILL mid-stream, three times, loses nothing and duplicates nothing", async () => {
    const name = uniqueName("crash");
    const { topic, deadLetterTopic } = await createTopics(connection, name);
    const prefix = `${name}/raw/`;
    const sinkEnv = {
      KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: deadLetterTopic, SINK_GROUP_ID: name, SINK_RAW_PREFIX: `${name}/raw`,
      // Small, frequent flushes, so the kills land before, during and after them.
      SINK_FLUSH_MAX_ROWS: "700", SINK_FLUSH_MAX_AGE_MS: "300",
    };
    const simulator = await RuntimeProcess.start("simulator", { KAFKA_TOPIC: topic });
    let sink = await RuntimeProcess.start("sink", sinkEnv);
    const stream = new Stream(simulator);
    const resumeSeconds: number[] = [];
    try {
      for (let kill = 0; kill < 3; kill++) {
        await sleep(1500 + Math.floor(Math.random() * 1500));
        const flushed = await sink.metric("sink_files_written_total");
        await sink.stop("SIGKILL");
        console.log(`killed the sink (kill ${kill + 1}) after ${flushed} files; ${stream.acknowledged.size} events acknowledged so far`);
        // Resumed: the new sink has written and committed its first rows (its group had to let the dead member go first).
        const restartedAt = Date.now();
        sink = await RuntimeProcess.start("sink", sinkEnv);
        const started = sink;
        await waitFor("the restarted sink to commit its first rows", async () => ((await started.metric("sink_rows_written_total")) ?? 0) > 0, 60_000, 100);
        resumeSeconds.push((Date.now() - restartedAt) / 1000);
      }
      console.log(`consumption resumed ${resumeSeconds.map((s) => `${s.toFixed(1)} s`).join(", ")} after each restart (process start, group rejoin, first flush)`);
      for (const seconds of resumeSeconds) assert.ok(seconds < 10, `consumption resumed ${seconds.toFixed(1)} s after a restart, more than 10 s`);
      await sleep(1000);
      await stream.stop();
      console.log(`stream stopped: ${stream.acknowledged.size} events acknowledged`);
      await assertExactlyOnce(s3, connection, prefix, stream.acknowledged);
    } finally {
      await stream.stop();
      await Promise.all([simulator.stop(), sink.stop()]);
    }
  });

  test("MinIO stopped mid-stream: the sink pauses with bounded memory, then catches up with nothing lost or doubled", async () => {
    const name = uniqueName("outage");
    const { topic, deadLetterTopic } = await createTopics(connection, name);
    const maxBufferedBytes = 2 * 1024 * 1024;
    const simulator = await RuntimeProcess.start("simulator", { KAFKA_TOPIC: topic });
    const sink = await RuntimeProcess.start("sink", {
      KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: deadLetterTopic, SINK_GROUP_ID: name, SINK_RAW_PREFIX: `${name}/raw`,
      SINK_FLUSH_MAX_ROWS: "2000", SINK_FLUSH_MAX_AGE_MS: "500", SINK_MAX_BUFFERED_BYTES: String(maxBufferedBytes),
      SINK_STALL_LIMIT_MS: "4000",
    });
    const stream = new Stream(simulator, 250, 50);
    let minioStopped = false;
    try {
      await sleep(2000);
      services("stop", "minio");
      minioStopped = true;
      // While MinIO is down, watch the sink's buffer, and whether it says it is stalled.
      let peakBufferedBytes = 0;
      let sawPause = false;
      let stalled: { status: number; body: { status: string; partitions?: { partition: number; lag: string; secondsSinceCommit: number }[] } } | undefined;
      const outageEnds = Date.now() + 12_000;
      while (Date.now() < outageEnds) {
        peakBufferedBytes = Math.max(peakBufferedBytes, (await sink.metric("sink_buffered_bytes")) ?? 0);
        sawPause ||= (await sink.metric("sink_consumption_paused")) === 1;
        const ready = await request(`${sink.url}/readyz`);
        if (ready.status !== 200) stalled ??= { status: ready.status, body: ready.json() };
        await sleep(250);
      }
      // A partition with lag that has committed nothing for longer than the limit (4 s here) makes the sink unready.
      assert.ok(stalled, "the sink must report itself not ready while its partitions cannot move");
      assert.equal(stalled.status, 503);
      assert.equal(stalled.body.status, "stalled");
      assert.ok((stalled.body.partitions ?? []).length > 0 && stalled.body.partitions!.every((p) => BigInt(p.lag) > 0n && p.secondsSinceCommit >= 4), JSON.stringify(stalled.body));
      assert.ok(((await sink.metric("sink_stalled_partitions")) ?? 0) > 0);
      const { text: metricsText } = await request(`${sink.url}/metrics`);
      assert.match(metricsText, /^sink_partition_lag\{partition="\d+"\} [1-9]\d*$/m);
      assert.match(metricsText, /^sink_partition_seconds_since_commit\{partition="\d+"\} \d/m);
      const rssBytes = (await sink.metric("process_resident_memory_bytes")) ?? 0;
      console.log(`during the outage: peak buffered ${peakBufferedBytes} bytes (limit ${maxBufferedBytes}), paused ${sawPause}, rss ${Math.round(rssBytes / 1e6)} MB`);
      assert.ok(sawPause, "the sink must pause consumption when its buffer is full");
      // One fetch (at most a quarter of the limit) may land on top of it before the pause takes effect.
      assert.ok(peakBufferedBytes <= maxBufferedBytes + 3 * 1024 * 1024, `buffer ${peakBufferedBytes} bytes exceeded its bound`);
      assert.ok(rssBytes < 600 * 1024 * 1024, `sink RSS ${rssBytes} bytes`);
      assert.equal((await sink.metric("sink_files_written_total")) !== undefined, true);

      services("start", "minio");
      minioStopped = false;
      await sleep(2000);
      await stream.stop();
      console.log(`stream stopped: ${stream.acknowledged.size} events acknowledged`);
      try {
        await assertExactlyOnce(s3, connection, `${name}/raw/`, stream.acknowledged);
      } catch (error) {
        console.log(sink.output.join("").split("\n").slice(-40).join("\n"));
        throw error;
      }
      assert.equal(await sink.metric("sink_consumption_paused"), 0);
      // Caught up: ready again.
      await waitFor("the sink to be ready again", async () => (await request(`${sink.url}/readyz`)).status === 200, 30_000, 500);
    } finally {
      await stream.stop();
      if (minioStopped) services("start", "minio");
      await Promise.all([simulator.stop(), sink.stop()]);
    }
  });

  test("Kafka stopped: the simulator answers 503 with Retry-After, accepts nothing and says it is not ready; it recovers when Kafka is back", async () => {
    const name = uniqueName("kafka-down");
    const { topic } = await createTopics(connection, name);
    const simulator = await RuntimeProcess.start("simulator", { KAFKA_TOPIC: topic });
    let kafkaStopped = false;
    try {
      const model = new TrafficModel({ users: 10 });
      assert.equal((await postJson(`${simulator.url}/events`, JSON.stringify([model.next()]))).status, 202);
      services("stop", "kafka");
      kafkaStopped = true;
      const refused = await postJson(`${simulator.url}/events`, JSON.stringify([model.next(), model.next()]), undefined);
      assert.equal(refused.status, 503, refused.text);
      assert.equal(refused.headers["retry-after"], "5");
      assert.match(refused.json<{ error: string }>().error, /Kafka cannot take the write right now; the request was not accepted, retry later/);
      // The failed write retired the producer: until a new one is up, the simulator says it is not ready.
      const notReady = await request(`${simulator.url}/readyz`);
      assert.equal(notReady.status, 503);
      assert.equal(notReady.json<{ status: string }>().status, "producer unavailable");
      assert.equal(await simulator.metric("simulator_producer_writable"), 0);
      services("start", "kafka");
      kafkaStopped = false;
      const accepted = await waitFor("the simulator to accept again", async () => {
        const response = await postJson(`${simulator.url}/events`, JSON.stringify([model.next()]));
        return response.status === 202 && response;
      }, 90_000, 1000);
      assert.deepEqual(accepted.json(), { accepted: 1 });
      assert.equal((await request(`${simulator.url}/readyz`)).status, 200);
      assert.equal(await simulator.metric("simulator_producer_writable"), 1);
      assert.ok(((await simulator.metric("simulator_producer_recreations_total")) ?? 0) >= 1, "a new producer replaced the failed one");
      assert.ok(((await simulator.metric("simulator_producer_failed_requests_total")) ?? 0) >= 1, "the failed request was counted");
    } finally {
      if (kafkaStopped) services("start", "kafka");
      await simulator.stop();
    }
  });
});
