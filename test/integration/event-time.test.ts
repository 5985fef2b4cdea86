import { S3Client } from "@aws-sdk/client-s3";
import { Kafka, logLevel } from "kafkajs";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { EVENT_TIME_WINDOW, LogEvent } from "../../runtime/src/contract";
import { TrafficModel } from "../../runtime/src/simulator/generator";
import { eventIdCounts, s3Client } from "./lake";
import { Connection, createTopics, postJson, readConnection, RuntimeProcess, topicRecordCount, uniqueName, waitFor } from "./services";

/**
 * Event times at the edges of what a client may send, against the real simulator, Kafka,
 * sink and MinIO. An event_time the contract refuses gets a 400 naming the field and the
 * window; one that reaches the topic anyway (another producer) goes to the dead-letter topic
 * and the partition moves on; one the contract accepts is never refused by Kafka and never
 * fails another client's request.
 */

const HOUR_MS = 3600_000;
const model = new TrafficModel({ users: 200 });
const eventAt = (eventTime: string, base: Partial<LogEvent> = {}): LogEvent => ({ ...model.next(), ...base, event_time: eventTime });
const isoAt = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

describe("event times at the edges, against the real simulator, Kafka, sink and MinIO", () => {
  let connection: Connection;
  let s3: S3Client;
  let topic: string;
  let deadLetterTopic: string;
  let prefix: string;
  let simulator: RuntimeProcess;
  let sink: RuntimeProcess;
  const kafka = () => new Kafka({ clientId: "logpipe-tests", brokers: connection.KAFKA_BROKERS.split(","), logLevel: logLevel.ERROR });

  before(async () => {
    connection = readConnection();
    s3 = s3Client(connection);
    const name = uniqueName("event-time");
    ({ topic, deadLetterTopic } = await createTopics(connection, name));
    prefix = `${name}/raw`;
    simulator = await RuntimeProcess.start("simulator", { KAFKA_TOPIC: topic });
    sink = await RuntimeProcess.start("sink", { KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: deadLetterTopic, SINK_GROUP_ID: name, SINK_RAW_PREFIX: prefix, SINK_FLUSH_MAX_AGE_MS: "500" });
  });

  after(async () => {
    await Promise.all([simulator?.stop(), sink?.stop()]);
    s3?.destroy();
  });

  const post = (events: LogEvent | LogEvent[]) => postJson(`${simulator.url}/events`, JSON.stringify(events));
  const landed = (ids: string[], timeoutMs = 60_000) =>
    waitFor(`${ids.length} event(s) in the raw zone`, async () => {
      const counts = await eventIdCounts(s3, connection.S3_BUCKET, `${prefix}/`);
      return ids.every((id) => counts.get(id) === 1) && counts;
    }, timeoutMs, 500);

  /** The dead letters of the test's topic, by the event_id in their value. */
  async function deadLetters(expected: number): Promise<Map<string, { reason: string; partition: string; offset: string }>> {
    const consumer = kafka().consumer({ groupId: uniqueName("dlq-reader") });
    const found = new Map<string, { reason: string; partition: string; offset: string }>();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic: deadLetterTopic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const id = String(JSON.parse(message.value?.toString() ?? "{}").event_id);
          const header = (name: string) => message.headers?.[name]?.toString() ?? "";
          found.set(id, { reason: header("dlq.reason"), partition: header("dlq.source.partition"), offset: header("dlq.source.offset") });
        },
      });
      await waitFor(`${expected} dead letter(s)`, async () => found.size >= expected, 60_000, 250);
      return found;
    } finally {
      await consumer.disconnect();
    }
  }

  /** Writes events to the topic as another producer would, bypassing the simulator's checks. */
  async function produceDirectly(events: LogEvent[]): Promise<void> {
    const producer = kafka().producer();
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: events.map((event) => ({ key: event.user_id, value: JSON.stringify(event) })) });
    } finally {
      await producer.disconnect();
    }
  }

  test("the window is the contract's: 7 days back, 15 minutes ahead of when the pipeline receives the event", () => {
    assert.deepEqual(EVENT_TIME_WINDOW, { maxAgeSeconds: 7 * 24 * 3600, maxAheadSeconds: 15 * 60 });
  });

  test("a leap second, year 0000 and times outside the window get 400 naming event_time and the window; nothing is produced", async () => {
    const before = await topicRecordCount(connection, topic);
    for (const eventTime of ["2016-12-31T23:59:60Z", "0000-01-01T00:00:00Z", isoAt(2 * HOUR_MS), isoAt(24 * HOUR_MS), isoAt(-8 * 24 * HOUR_MS)]) {
      const response = await post(eventAt(eventTime));
      assert.equal(response.status, 400, `${eventTime}: ${response.status} ${response.text}`);
      assert.match(response.json<{ error: string }>().error, /^event_time /, eventTime);
      assert.match(response.text, /7 days before and 15 minutes after/, eventTime);
    }
    assert.equal(await topicRecordCount(connection, topic), before, "a refused request produces nothing");
  });

  test("times inside the window are accepted and land, the Kafka record stamped with the time the simulator received them", async () => {
    // An hour ago, written in +05:30 with microseconds (a fixed time of day would leave the window at some hours).
    const anHourAgoInIndia = `${new Date(Date.now() - HOUR_MS + 330 * 60_000).toISOString().slice(0, 23)}456+05:30`;
    const events = [eventAt(isoAt(10 * 60_000)), eventAt(isoAt(-6 * 24 * HOUR_MS)), eventAt(anHourAgoInIndia)];
    const sentAt = Date.now();
    const response = await post(events);
    assert.equal(response.status, 202, response.text);
    await landed(events.map((event) => event.event_id));
    // The record timestamps are the receipt time, whatever the event says.
    const consumer = kafka().consumer({ groupId: uniqueName("timestamps") });
    const stamps = new Map<string, number>();
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void stamps.set(String(JSON.parse(message.value!.toString()).event_id), Number(message.timestamp)) });
      await waitFor("the records' timestamps", async () => events.every((event) => stamps.has(event.event_id)), 30_000, 250);
    } finally {
      await consumer.disconnect();
    }
    for (const event of events) {
      const stamp = stamps.get(event.event_id)!;
      assert.ok(Math.abs(stamp - sentAt) < 10_000, `record of ${event.event_time} stamped ${new Date(stamp).toISOString()}, not when it was received`);
    }
  });

  test("a leap second or year 0000 written to the topic by another producer goes to the dead-letter topic, and the partition moves on", async () => {
    const user = { user_id: `edge-${Date.now()}` };
    // One user: one partition, the bad events first in line.
    const bad = [eventAt("2016-12-31T23:59:60Z", user), eventAt("0000-01-01T00:00:00Z", user)];
    const good = [eventAt(isoAt(-60_000), user), eventAt(isoAt(-30_000), user)];
    await produceDirectly([...bad, ...good]);
    await landed(good.map((event) => event.event_id));
    const letters = await deadLetters(bad.length);
    for (const event of bad) {
      assert.match(letters.get(event.event_id)?.reason ?? "missing", /event_time/, `dead letter of ${event.event_time}`);
    }
    const counts = await eventIdCounts(s3, connection.S3_BUCKET, `${prefix}/`);
    assert.equal(bad.filter((event) => counts.has(event.event_id)).length, 0, "no refused event in the lake");
  });

  test("a request too large for one Kafka batch gets 413 naming the topic's limit, and the requests beside it are accepted", async () => {
    // About 2 MB of valid events: within the HTTP limit, above the topic's max.message.bytes (1 MB).
    const large = Array.from({ length: 2500 }, () => ({ ...model.next(), user_agent: "x".repeat(700) }));
    const small = Array.from({ length: 10 }, () => Array.from({ length: 20 }, () => model.next()));
    const [refused, ...accepted] = await Promise.all([post(large), ...small.map((batch) => post(batch))]);
    assert.equal(refused.status, 413, refused.text);
    assert.match(refused.json<{ error: string }>().error, /more than topic "[^"]+" takes in one batch \(max\.message\.bytes \d+\): split the batch/);
    assert.deepEqual(accepted.map((r) => r.status), small.map(() => 202));
    await landed(small.flat().map((event) => event.event_id));
  });

  test("one client's bad event never fails another client's concurrent requests", async () => {
    // GIVEN 20 clients posting valid batches while others post events the contract refuses
    const goodBatches = Array.from({ length: 20 }, () => Array.from({ length: 50 }, () => model.next()));
    const badEvents = [isoAt(24 * HOUR_MS), isoAt(2 * HOUR_MS), "2016-12-31T23:59:60Z"].map((time) => eventAt(time));
    // WHEN they all post at once, ten times over
    const accepted: string[] = [];
    for (let round = 0; round < 10; round++) {
      const responses = await Promise.all([...badEvents.map((event) => post(event)), ...goodBatches.map((batch) => post(batch))]);
      const bad = responses.slice(0, badEvents.length).map((r) => r.status);
      const good = responses.slice(badEvents.length).map((r) => r.status);
      // THEN every good request is accepted, every bad one refused as the client's error
      assert.deepEqual(good, goodBatches.map(() => 202), `round ${round}: good requests got ${good.join(",")}`);
      assert.deepEqual(bad, badEvents.map(() => 400), `round ${round}: bad requests got ${bad.join(",")}`);
      accepted.push(...goodBatches.flat().map((event) => event.event_id));
      goodBatches.forEach((batch, i) => (goodBatches[i] = batch.map(() => model.next())));
    }
    // AND a request after all that is accepted at once
    const after = Array.from({ length: 20 }, () => model.next());
    const response = await post(after);
    assert.equal(response.status, 202, response.text);
    // AND every accepted event is in the lake once
    await landed([...accepted, ...after.map((event) => event.event_id)], 120_000);
  });
});
