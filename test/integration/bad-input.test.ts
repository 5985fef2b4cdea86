import { S3Client } from "@aws-sdk/client-s3";
import { Kafka, logLevel } from "kafkajs";
import assert from "node:assert/strict";
import * as http from "node:http";
import { after, before, describe, test } from "node:test";
import { randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import { TrafficModel } from "../../runtime/src/simulator/generator";
import { readLake, s3Client } from "./lake";
import { Connection, createTopics, postJson, setTopicMaxMessageBytes, topicMaxMessageBytes, readConnection, request, RuntimeProcess, topicRecordCount, uniqueName, waitFor } from "./services";

const model = new TrafficModel({ users: 50 });
const valid = () => model.next() as unknown as Record<string, unknown>;

describe("bad input against the real simulator and Kafka", () => {
  let connection: Connection;
  let topic: string;
  let simulator: RuntimeProcess;

  before(async () => {
    connection = readConnection();
    ({ topic } = await createTopics(connection, uniqueName("bad-input")));
    simulator = await RuntimeProcess.start("simulator", { KAFKA_TOPIC: topic, SIMULATOR_MAX_BODY_BYTES: String(400 * 1024), SIMULATOR_MAX_BATCH_EVENTS: "500" });
  });

  after(() => simulator?.stop());

  const post = (body: string, contentType?: string) => postJson(`${simulator.url}/events`, body, contentType);

  const cases: [string, () => string, number, RegExp, string?][] = [
    ["a status that is a string", () => JSON.stringify({ ...valid(), status: "200" }), 400, /status must be integer/],
    ["a latency below zero", () => JSON.stringify({ ...valid(), latency_ms: -5 }), 400, /latency_ms must be >= 0/],
    ["a missing event_id", () => JSON.stringify((({ event_id: _, ...rest }) => rest)(valid())), 400, /event_id is required/],
    ["an event_id that is not a UUID", () => JSON.stringify({ ...valid(), event_id: "42" }), 400, /event_id must match format "uuid"/],
    ["an event_time without a zone", () => JSON.stringify({ ...valid(), event_time: "2026-11-23T10:00:00" }), 400, /event_time must match format "date-time"/],
    ["an unknown event_type", () => JSON.stringify({ ...valid(), event_type: "teleport" }), 400, /event_type must be equal to one of the allowed values/],
    ["an unknown field", () => JSON.stringify({ ...valid(), password: "x" }), 400, /password is not a field of the event contract/],
    ["an IP that is not anonymised", () => JSON.stringify({ ...valid(), ip: "10.1.2.3" }), 400, /ip must match pattern/],
    ["a huge string", () => JSON.stringify({ ...valid(), user_agent: "x".repeat(5000) }), 400, /user_agent must NOT have more than 1024 characters/],
    ["a batch with one bad event", () => JSON.stringify([valid(), { ...valid(), status: 99 }, valid()]), 400, /event 1: status must be >= 100/],
    ["invalid JSON", () => '{"event_id": ', 400, /the body is not valid JSON/],
    ["a JSON string instead of an event", () => '"hello"', 400, /\(event\) must be object/],
    ["an empty array", () => "[]", 400, /the array holds no event/],
    ["a batch above the event limit", () => JSON.stringify(Array.from({ length: 501 }, valid)), 413, /a batch may hold at most 500 events, but 501 were sent/],
    ["a body above the byte limit", () => JSON.stringify(Array.from({ length: 400 }, () => ({ ...valid(), user_agent: "y".repeat(1000) }))), 413, /the body is larger than 409600 bytes/],
    ["the wrong content type", () => JSON.stringify(valid()), 415, /Content-Type must be application\/json, but was text\/plain/, "text/plain"],
    ["JSON in another charset", () => JSON.stringify(valid()), 415, /the body must be UTF-8 JSON, but its charset is latin1/, "application/json; charset=latin1"],
  ];
  for (const [what, body, status, message, contentType] of cases) {
    test(`${what} gets ${status} naming the problem, and nothing is produced`, async () => {
      const recordsBefore = await topicRecordCount(connection, topic);
      const response = await post(body(), contentType);
      assert.equal(response.status, status, response.text);
      assert.match(response.json<{ error: string }>().error, message);
      assert.equal(await topicRecordCount(connection, topic), recordsBefore);
    });
  }

  test("a body past the byte limit without a Content-Length (chunked) gets 413 too, and nothing is produced", async () => {
    const recordsBefore = await topicRecordCount(connection, topic);
    const body = JSON.stringify(Array.from({ length: 400 }, () => ({ ...valid(), user_agent: "z".repeat(1000) })));
    const response = await request(`${simulator.url}/events`, { method: "POST", headers: { "content-type": "application/json", "transfer-encoding": "chunked" }, body });
    assert.equal(response.status, 413, response.text);
    assert.match(response.json<{ error: string }>().error, /the body is larger than 409600 bytes/);
    assert.equal(await topicRecordCount(connection, topic), recordsBefore);
  });

  test("a gzip body is inflated and accepted; one that does not inflate gets 400", async () => {
    const recordsBefore = await topicRecordCount(connection, topic);
    const events = [valid(), valid()];
    const gzipped = await request(`${simulator.url}/events`, { method: "POST", headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: gzipSync(JSON.stringify(events)) });
    assert.equal(gzipped.status, 202, gzipped.text);
    assert.deepEqual(gzipped.json(), { accepted: 2 });
    const corrupt = await request(`${simulator.url}/events`, { method: "POST", headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: Buffer.from(JSON.stringify(events)) });
    assert.equal(corrupt.status, 400, corrupt.text);
    assert.match(corrupt.json<{ error: string }>().error, /the body is not valid gzip/);
    assert.equal(await topicRecordCount(connection, topic), recordsBefore + 2);
  });

  test("a gzip body that inflates past the byte limit gets 413, and its connection takes the client's next request", async () => {
    // About 330 KB sent (random hex does not compress much), about 1.3 MB once inflated:
    // refused a tenth of the way in, with more still unsent than the connection's buffers hold.
    const inflating = gzipSync(JSON.stringify(Array.from({ length: 30_000 }, () => `${randomBytes(8).toString("hex")}${"x".repeat(24)}`)));
    assert.ok(inflating.length < 400 * 1024, `${inflating.length} bytes compressed: within the limit, so the simulator must inflate it to refuse it`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await request(`${simulator.url}/events`, { method: "POST", headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: inflating, agent }, 15_000);
      assert.equal(refused.status, 413, refused.text);
      assert.match(refused.text, /the body is larger than 409600 bytes/);
      const next = await request(`${simulator.url}/events`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(valid()), agent }, 15_000);
      assert.equal(next.status, 202, next.text);
      assert.ok(next.reusedSocket, "the second request went on the first one's connection");
    } finally {
      agent.destroy();
    }
  });

  test("a valid batch after all that is accepted and produced", async () => {
    const recordsBefore = await topicRecordCount(connection, topic);
    const response = await post(JSON.stringify([valid(), valid(), valid()]));
    assert.equal(response.status, 202);
    assert.deepEqual(response.json(), { accepted: 3 });
    assert.equal(await topicRecordCount(connection, topic), recordsBefore + 3);
  });

  test("metrics count what was accepted and rejected", async () => {
    assert.ok((await simulator.metric("simulator_events_accepted_total"))! >= 3);
    const { text } = await request(`${simulator.url}/metrics`);
    assert.match(text, /simulator_events_rejected_total\{reason="invalid"\} \d+/);
    assert.match(text, /simulator_events_rejected_total\{reason="content_type"\} 2/);
    assert.match(text, /simulator_produce_latency_seconds_count \d+/);
  });
});

describe("poison messages on the topic", () => {
  let connection: Connection;
  let s3: S3Client;
  let kafka: Kafka;

  before(() => {
    connection = readConnection();
    s3 = s3Client(connection);
    kafka = new Kafka({ clientId: "logpipe-tests", brokers: connection.KAFKA_BROKERS.split(","), logLevel: logLevel.ERROR });
  });

  after(() => s3?.destroy());

  /** A sink of the test's own, flushing every half second. */
  const startSink = (name: string, topic: string, deadLetterTopic: string) =>
    RuntimeProcess.start("sink", { KAFKA_TOPIC: topic, KAFKA_DLQ_TOPIC: deadLetterTopic, SINK_GROUP_ID: name, SINK_RAW_PREFIX: `${name}/raw`, SINK_FLUSH_MAX_AGE_MS: "500" });

  /** The raw zone under the test's prefix holds exactly the good events, once each. */
  async function assertLandedOnce(name: string, good: { event_id: string }[]): Promise<void> {
    const rows = await waitFor("the good events in the lake", async () => {
      const read = (await readLake(s3, connection.S3_BUCKET, `${name}/raw/`)).flatMap((o) => o.rows);
      return read.length >= good.length && read;
    });
    assert.deepEqual(rows.map((r) => r.event_id).sort(), good.map((e) => e.event_id).sort());
  }

  /** Writes the good events to `topic` with the poison between their two halves, as another producer would. */
  async function produceWithPoisonBetween(topic: string, good: { user_id: string }[], poison: (string | Buffer)[]): Promise<void> {
    const half = Math.floor(good.length / 2);
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic,
        messages: [
          ...good.slice(0, half).map((e) => ({ key: e.user_id, value: JSON.stringify(e) })),
          ...poison.map((value) => ({ key: "poison", value })),
          ...good.slice(half).map((e) => ({ key: e.user_id, value: JSON.stringify(e) })),
        ],
      });
    } finally {
      await producer.disconnect();
    }
  }

  /** The records of a dead-letter topic, once there are `count`: value and headers. */
  async function deadLettersIn(topic: string, count: number): Promise<{ value: Buffer | null; headers: Record<string, string> }[]> {
    const consumer = kafka.consumer({ groupId: uniqueName("dlq-reader") });
    const letters: { value: Buffer | null; headers: Record<string, string> }[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) =>
          void letters.push({ value: message.value, headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, v?.toString() ?? ""])) }),
      });
      await waitFor(`${count} dead letters`, async () => letters.length >= count);
    } finally {
      await consumer.disconnect();
    }
    return letters;
  }

  test("go to the dead-letter topic with their reason, and the sink keeps landing good events", async () => {
    // GIVEN a topic holding good events with poison between them
    const name = uniqueName("poison");
    const { topic, deadLetterTopic } = await createTopics(connection, name, 1);
    const good = Array.from({ length: 20 }, () => model.next());
    const poison = [
      { value: "this is not json", reason: /not valid JSON/ },
      { value: JSON.stringify({ ...good[0], event_id: "not-a-uuid" }), reason: /violates the event contract: event_id must match format "uuid"/ },
      { value: JSON.stringify({ hello: "world" }), reason: /violates the event contract: .*is required/ },
      { value: "", reason: /empty message/ },
      // Bytes that are not UTF-8, and JSON escaping half a surrogate pair: neither is Unicode text.
      { value: Buffer.from(Buffer.from(JSON.stringify(good[1]).replace("Mozilla", "Moz\u0000la")).map((b) => (b === 0 ? 0xff : b))), reason: /not valid UTF-8/ },
      { value: JSON.stringify({ ...good[2], user_agent: "a\ud800b" }), reason: /violates the event contract: user_agent must be Unicode text, but holds an unpaired surrogate/ },
    ];
    await produceWithPoisonBetween(topic, good, poison.map((p) => p.value));

    // WHEN the sink consumes it
    const sink = await startSink(name, topic, deadLetterTopic);
    try {
      // THEN every good event is in the lake, once
      await assertLandedOnce(name, good);

      // AND each poison message is in the dead-letter topic, with its reason and origin
      const letters = await deadLettersIn(deadLetterTopic, poison.length);
      assert.equal(letters.length, poison.length);
      poison.forEach((p, i) => {
        assert.deepEqual(letters[i].value ?? Buffer.alloc(0), Buffer.from(p.value), "a dead letter keeps the message's bytes");
        assert.match(letters[i].headers["dlq.reason"], p.reason);
        assert.equal(letters[i].headers["dlq.source.topic"], topic);
        assert.equal(letters[i].headers["dlq.source.offset"], String(10 + i));
      });

      // AND the sink is still healthy, its offsets committed past the poison
      assert.equal((await request(`${sink.url}/healthz`)).status, 200);
      assert.equal(await sink.metric("sink_dead_letters_total"), poison.length);
    } finally {
      await sink.stop();
    }
  });

  test("a burst of poison larger than one batch of the dead-letter topic gets there whole, and the partition moves on", async () => {
    // GIVEN 8,000 poison messages of 400 bytes (3.2 MB: above the dead-letter topic's 2 MiB), then good events, on one partition
    const name = uniqueName("poison-burst");
    const { topic, deadLetterTopic } = await createTopics(connection, name, 1);
    const producer = kafka.producer();
    await producer.connect();
    const poisonCount = 8000;
    for (let sent = 0; sent < poisonCount; sent += 1000) {
      await producer.send({ topic, messages: Array.from({ length: 1000 }, (_, i) => ({ key: "poison", value: `not json ${sent + i} ${"x".repeat(380)}` })) });
    }
    const good = Array.from({ length: 20 }, () => model.next());
    await producer.send({ topic, messages: good.map((e) => ({ key: e.user_id, value: JSON.stringify(e) })) });
    await producer.disconnect();

    // WHEN the sink consumes it
    const sink = await startSink(name, topic, deadLetterTopic);
    try {
      // THEN the good events behind the poison land, once
      await assertLandedOnce(name, good);
      // AND every poison message is in the dead-letter topic, once
      assert.equal(await topicRecordCount(connection, deadLetterTopic), poisonCount);
      assert.equal(await sink.metric("sink_dead_letters_total"), poisonCount);
    } finally {
      await sink.stop();
    }
  });

  test("a poison message larger than the dead-letter topic takes goes there without its value, saying so, and the partition moves on", async () => {
    // GIVEN a dead-letter topic that takes 64 KiB, and a poison message of 100 KiB between good events
    const name = uniqueName("poison-large");
    const { topic, deadLetterTopic } = await createTopics(connection, name, 1);
    await setTopicMaxMessageBytes(connection, deadLetterTopic, 64 * 1024);
    await waitFor("the broker to apply the dead-letter topic's limit", async () => (await topicMaxMessageBytes(connection, deadLetterTopic)) === 64 * 1024, 30_000);
    const good = Array.from({ length: 10 }, () => model.next());
    await produceWithPoisonBetween(topic, good, ["x".repeat(100 * 1024)]);

    // WHEN the sink consumes it
    const sink = await startSink(name, topic, deadLetterTopic);
    try {
      // THEN the good events land
      await assertLandedOnce(name, good);
      // AND the dead letter is there, without the value, with its size and where to find it
      const letters = await deadLettersIn(deadLetterTopic, 1);
      assert.equal(letters.length, 1);
      assert.equal(letters[0].value, null);
      assert.match(letters[0].headers["dlq.value.omitted"], /^102400 bytes, more than one batch of .* may hold$/);
      assert.match(letters[0].headers["dlq.reason"], /not valid JSON/);
      assert.equal(letters[0].headers["dlq.source.offset"], "5");
    } finally {
      await sink.stop();
    }
  });
});
