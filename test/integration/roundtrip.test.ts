import { S3Client } from "@aws-sdk/client-s3";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { CONTRACT_FIELDS, LogEvent } from "../../runtime/src/contract";
import { ENCODER_NAMES } from "../../runtime/src/sink/encoders";
import { TrafficModel } from "../../runtime/src/simulator/generator";
import { readLake, s3Client } from "./lake";
import versions from "../../infra/config/versions.json";
import { produceEvents } from "../../bench/lib/backlog";
import { Connection, createTopics, deleteTopics, postJson, readConnection, request, RuntimeProcess, uniqueName, waitFor } from "./services";

async function post(simulator: RuntimeProcess, events: LogEvent[], batchSize = 1000): Promise<void> {
  for (let i = 0; i < events.length; i += batchSize) {
    const response = await postJson(`${simulator.url}/events`, JSON.stringify(events.slice(i, i + batchSize)));
    assert.equal(response.status, 202, response.text);
  }
}

/** A row read back from Parquet, normalised to the JSON the simulator was given. */
function asEvent(row: Record<string, unknown>): Record<string, unknown> {
  const event: Record<string, unknown> = {};
  for (const field of CONTRACT_FIELDS) {
    const value = row[field.name];
    if (field.kind === "timestamp_ms") event[field.name] = value instanceof Date ? value.toISOString() : value;
    else if (field.kind === "int64" && typeof value === "bigint") event[field.name] = Number(value);
    else event[field.name] = value ?? null;
  }
  return event;
}

for (const encoder of ENCODER_NAMES) {
  describe(`round trip through the real Kafka and MinIO, sink encoder ${encoder}`, () => {
    let connection: Connection;
    let s3: S3Client;
    let simulator: RuntimeProcess;
    let sink: RuntimeProcess;
    let prefix: string;

    before(async () => {
      connection = readConnection();
      s3 = s3Client(connection);
      const name = uniqueName(`roundtrip-${encoder}`);
      const { topic, deadLetterTopic } = await createTopics(connection, name);
      prefix = `${name}/raw`;
      const env = { KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: deadLetterTopic };
      simulator = await RuntimeProcess.start("simulator", env);
      sink = await RuntimeProcess.start("sink", { ...env, SINK_ENCODER: encoder, SINK_GROUP_ID: name, SINK_RAW_PREFIX: prefix, SINK_FLUSH_MAX_AGE_MS: "1000" });
    });

    after(async () => {
      await Promise.all([simulator?.stop(), sink?.stop()]);
      s3?.destroy();
    });

    test("the simulator and the sink run on the Node major version the runtime image is built on", async () => {
      // nodejs_version_info is one of prom-client's default metrics, labelled with the version.
      for (const service of [simulator, sink]) {
        const { text } = await request(`${service.url}/metrics`);
        const major = /^nodejs_version_info\{[^}]*major="(\d+)"/m.exec(text)?.[1];
        assert.equal(major, versions.node.split(".")[0], `${service.role} runs on Node ${major}, the image on ${versions.node}`);
      }
    });

    test("every event posted comes back from the lake's Parquet, field by field, with its type", async () => {
      // GIVEN events of every shape the generator makes, across two event hours of yesterday
      // (inside the contract's event-time window, which is relative to when they are received)
      const hourBoundary = Math.floor((Date.now() - 24 * 3600_000) / 3600_000) * 3600_000;
      const model = new TrafficModel({ users: 300, now: () => hourBoundary - 2000 + Math.floor(Math.random() * 4000) });
      const sent = Array.from({ length: 2500 }, () => model.next());
      sent[0] = { ...sent[0], referrer: null, search_query: "naïve café 🚀 ünïcode", revenue_cents: 123456 };
      // WHEN they are posted to the simulator
      await post(simulator, sent);
      // THEN the lake holds exactly them
      const objects = await waitFor(
        "every event in the lake",
        async () => {
          const read = await readLake(s3, connection.S3_BUCKET, `${prefix}/`);
          return read.reduce((n, o) => n + o.rows.length, 0) >= sent.length && read;
        },
        90_000,
        1000,
      );
      const rows = objects.flatMap((o) => o.rows);
      assert.equal(rows.length, sent.length);
      const byId = new Map(rows.map((row) => [String(row.event_id), asEvent(row)]));
      for (const event of sent) {
        const expected = Object.fromEntries(CONTRACT_FIELDS.map((f) => [f.name, (event as unknown as Record<string, unknown>)[f.name] ?? null]));
        assert.deepEqual(byId.get(event.event_id), expected);
      }

      // Keys: raw/<topic>/dt=/hour=/<topic>-<partition>-<first>-<last>.parquet, split by event hour.
      const [before, after] = [new Date(hourBoundary - 3600_000).toISOString(), new Date(hourBoundary).toISOString()];
      const partitionOf = (iso: string) => `dt=${iso.slice(0, 10)}/hour=${iso.slice(11, 13)}`;
      for (const object of objects) {
        assert.match(object.key, new RegExp(`^${prefix}/it-roundtrip-[\\w-]+/(${partitionOf(before)}|${partitionOf(after)})/it-roundtrip-[\\w-]+-\\d+-\\d+-\\d+\\.parquet$`));
        const partition = /dt=[\d-]+\/hour=\d\d/.exec(object.key)![0];
        for (const row of object.rows) assert.equal(partitionOf((row.event_time as Date).toISOString()), partition);
      }
      assert.deepEqual(new Set(objects.map((o) => /dt=[\d-]+\/hour=\d\d/.exec(o.key)![0])), new Set([partitionOf(before), partitionOf(after)]));

      // Types: the contract's, in every file.
      for (const object of objects) {
        const column = (name: string) => object.schema.find((c) => c.name === name)!;
        assert.deepEqual(object.schema.map((c) => c.name), CONTRACT_FIELDS.map((f) => f.name));
        assert.equal(column("event_time").type, "INT64");
        assert.match(JSON.stringify(column("event_time").logicalType ?? column("event_time").convertedType), /TIMESTAMP/);
        assert.equal(column("status").type, "INT32");
        assert.equal(column("event_id").type, "BYTE_ARRAY");
        assert.equal(column("referrer").repetition, "OPTIONAL");
        assert.equal(column("event_id").repetition, "REQUIRED");
        assert.match(object.createdBy ?? "", encoder === "parquet-wasm" ? /parquet-wasm/ : /parquet/i);
      }
    });
  });
}

describe("the README's check: 10,000 events posted, 10,000 distinct event_ids under raw/", () => {
  test("holds with the default encoder", async () => {
    const connection = readConnection();
    const s3 = s3Client(connection);
    const name = uniqueName("tenk");
    const { topic, deadLetterTopic } = await createTopics(connection, name);
    const env = { KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: deadLetterTopic };
    const simulator = await RuntimeProcess.start("simulator", env);
    const sink = await RuntimeProcess.start("sink", { ...env, SINK_GROUP_ID: name, SINK_RAW_PREFIX: `${name}/raw`, SINK_FLUSH_MAX_AGE_MS: "1000" });
    try {
      const model = new TrafficModel();
      const sent = Array.from({ length: 10_000 }, () => model.next());
      await post(simulator, sent, 2000);
      const ids = await waitFor("10,000 events in the lake", async () => {
        const rows = (await readLake(s3, connection.S3_BUCKET, `${name}/raw/`)).flatMap((o) => o.rows);
        return rows.length >= sent.length && rows.map((r) => String(r.event_id));
      }, 90_000, 1000);
      assert.equal(ids.length, 10_000);
      assert.deepEqual(new Set(ids), new Set(sent.map((e) => e.event_id)));
    } finally {
      await Promise.all([simulator.stop(), sink.stop()]);
      s3.destroy();
    }
  });
});

describe("a backlog's tail", () => {
  // A partition counts as behind when a batch ends before its high watermark (a backlog of more
  // than a fetch: about 9 MB per partition against at most 8 MiB per partition and fetch), or
  // when the topic held the rows already at assignment (a backlog one fetch reads whole).
  for (const { events, read } of [{ events: 50_000, read: "in several fetches" }, { events: 5_000, read: "in one fetch per partition" }]) {
    test(`is flushed as soon as the sink has caught up, not a flush age later (flush reason caught-up), read ${read}`, async () => {
      const connection = readConnection();
      const s3 = s3Client(connection);
      const name = uniqueName("tail");
      const { topic, deadLetterTopic } = await createTopics(connection, name);
      // GIVEN a backlog received 12 minutes ago by its record timestamps (its events 12 minutes
      // after that: inside the event-time window)
      const received = Date.now() - 12 * 60_000;
      const model = new TrafficModel();
      const sent = Array.from({ length: events }, () => model.next());
      await produceEvents(connection, topic, sent, received);
      // WHEN the sink drains it with a flush age of 10 minutes, and a buffer (256 MiB) and row and
      // byte limits the backlog does not reach: only the caught-up rule can flush it before that age
      const sink = await RuntimeProcess.start("sink", {
        KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: deadLetterTopic, SINK_GROUP_ID: name, SINK_RAW_PREFIX: `${name}/raw`,
        SINK_FLUSH_MAX_AGE_MS: String(10 * 60_000), SINK_MAX_BUFFERED_BYTES: String(256 * 1024 * 1024),
      });
      try {
        // THEN every event is in the lake long before the flush age
        const ids = await waitFor("the backlog in the lake", async () => {
          const rows = (await readLake(s3, connection.S3_BUCKET, `${name}/raw/`)).flatMap((o) => o.rows);
          return rows.length >= sent.length && rows.map((r) => String(r.event_id));
        }, 180_000, 1000);
        assert.deepEqual(new Set(ids), new Set(sent.map((e) => e.event_id)));
        assert.equal(ids.length, sent.length);
        // AND it was the caught-up rule that flushed it
        const reasons = ["caught-up", "age", "pressure", "full", "rows", "bytes"];
        const flushes = Object.fromEntries(await Promise.all(reasons.map(async (reason) => [reason, (await sink.metric(`sink_flush_duration_seconds_count{reason="${reason}"}`)) ?? 0])));
        assert.ok(flushes["caught-up"] > 0, `no caught-up flush: ${JSON.stringify(flushes)}`);
        for (const other of reasons.slice(1)) assert.equal(flushes[other], 0, `${other} flushes: ${JSON.stringify(flushes)}`);
      } finally {
        await sink.stop();
        s3.destroy();
        await deleteTopics(connection, [topic, deadLetterTopic]);
      }
    });
  }
});
