import { Partitioners } from "kafkajs";
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { PROFILES } from "../../infra/config/profiles";
import { LogEvent } from "../../runtime/src/contract";
import { TrafficModel } from "../../runtime/src/simulator/generator";
import {
  assertAcceptedOnce, Connection, createTopics, freezeService, HttpResponse, postJson, readConnection, request, RuntimeProcess, setTopicMaxMessageBytes, topicEventIdCounts,
  topicMaxMessageBytes, topicRecordCount, uniqueName, waitFor,
} from "./services";

/** What a client was told about one request. */
interface Outcome {
  readonly sentAt: number;
  readonly answeredAt: number;
  readonly status: number;
  readonly eventIds: readonly string[];
}

/** Clients posting batches back to back until stopped, each outcome remembered. */
class Clients {
  readonly outcomes: Outcome[] = [];
  private running = true;
  private readonly done: Promise<void>[];

  constructor(private readonly simulator: RuntimeProcess, count: number, batchSize: number) {
    const model = new TrafficModel({ users: 500 });
    this.done = Array.from({ length: count }, async () => {
      while (this.running) {
        const batch = Array.from({ length: batchSize }, () => model.next());
        const sentAt = Date.now();
        const response = await postJson(`${this.simulator.url}/events`, JSON.stringify(batch));
        this.outcomes.push({ sentAt, answeredAt: Date.now(), status: response.status, eventIds: batch.map((event) => event.event_id) });
      }
    });
  }

  accepted(): string[] {
    return this.outcomes.filter((outcome) => outcome.status === 202).flatMap((outcome) => outcome.eventIds);
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.done);
  }
}

/** `count` user_ids that the default partitioner puts in different partitions of a topic of the dev profile's partitions. */
function usersOfDistinctPartitions(count: number): string[] {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: PROFILES.dev.kafka.partitions }, (_, partitionId) => ({ partitionId, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 }));
  const byPartition = new Map<number, string>();
  for (let i = 0; byPartition.size < count; i++) {
    const user = `user-${i}`;
    const partition = partitioner({ topic: "any", partitionMetadata, message: { key: user, value: null } });
    if (!byPartition.has(partition)) byPartition.set(partition, user);
  }
  return [...byPartition.values()];
}

describe("the simulator's producer never stays broken, against the real Kafka", () => {
  let connection: Connection;

  before(() => {
    connection = readConnection();
  });

  test("the topic's limit lowered under a running simulator, as a deploy would: a request Kafka writes in part fails, the simulator recovers by itself, and every 2xx event is in the topic once", async () => {
    // GIVEN a simulator that took batches from 8 clients at once (so its produce requests gathered several)
    const { topic } = await createTopics(connection, uniqueName("limit-lowered"));
    const simulator = await RuntimeProcess.start("simulator", { KAFKA_TOPIC: topic });
    const model = new TrafficModel({ users: 500 });
    const earlier = new Clients(simulator, 8, 20);
    let later: Clients | undefined;
    try {
      await waitFor("the first accepted requests", async () => earlier.accepted().length >= 2000, 30_000);
      await earlier.stop();
      // WHEN the topic's max.message.bytes is lowered to 16 KiB
      const newLimit = 16 * 1024;
      await setTopicMaxMessageBytes(connection, topic, newLimit);
      await waitFor("the broker to apply the new limit", async () => (await topicMaxMessageBytes(connection, topic)) === newLimit, 30_000);
      // AND the next request holds events for one partition over the new limit (about 23 KB) and a few for another
      const [overUser, underUser] = usersOfDistinctPartitions(2);
      const over: LogEvent[] = Array.from({ length: 40 }, () => ({ ...model.next(), user_id: overUser }));
      const under: LogEvent[] = Array.from({ length: 3 }, () => ({ ...model.next(), user_id: underUser }));
      const large = [...over, ...under];
      const first = await postJson(`${simulator.url}/events`, JSON.stringify(large));
      // THEN it fails, and Kafka wrote it in part: the other partition's events are in the topic, which leaves the producer no right sequence numbers
      assert.equal(first.status, 503, first.text);
      const written = await topicEventIdCounts(connection, topic);
      assert.deepEqual([under.filter((e) => written.has(e.event_id)).length, over.filter((e) => written.has(e.event_id)).length], [under.length, 0]);
      // AND the simulator recovers by itself: clients posting again are accepted
      later = new Clients(simulator, 8, 20);
      const laterClients = later;
      await waitFor("1,000 events accepted after the failure", async () => laterClients.accepted().length >= 1000, 30_000);
      const recoverySeconds = await simulator.metric("simulator_producer_recovery_seconds_sum");
      console.log(`recovery: a new producer took writes ${Math.round((recoverySeconds ?? NaN) * 1000)} ms after the failed request`);
      // AND the large request, sent again, is refused for the new limit, named
      const again: HttpResponse = await postJson(`${simulator.url}/events`, JSON.stringify(large));
      assert.equal(again.status, 413, again.text);
      assert.match(again.json<{ error: string }>().error, new RegExp(`max\\.message\\.bytes ${newLimit}\\)`));
      await later.stop();
      assert.equal((await request(`${simulator.url}/readyz`)).status, 200);
      assert.ok(((await simulator.metric("simulator_producer_recreations_total")) ?? 0) >= 1, "the producer was recreated");
      assert.match((await request(`${simulator.url}/metrics`)).text, /simulator_producer_failed_requests_total\{error="MESSAGE_TOO_LARGE"\} [1-9]/, "the failure is counted under Kafka's error code");
      // AND every event a client was told was accepted is in the topic exactly once
      const counts = await topicEventIdCounts(connection, topic);
      const accepted = [...earlier.accepted(), ...later.accepted()];
      const refused = later.outcomes.filter((o) => o.status !== 202);
      console.log(`${accepted.length} events accepted; ${refused.length} requests of the clients refused after the failure (${refused.map((o) => o.status).join(", ") || "none"})`);
      assertAcceptedOnce(counts, accepted);
    } finally {
      await earlier.stop();
      await later?.stop();
      await simulator.stop();
    }
  });

  test("an event or a batch over the topic's limit gets 413 naming it, nothing of it is produced, and the request beside it is accepted", async () => {
    // GIVEN a topic whose max.message.bytes was set to 4 KiB outside the stack (which declares at least 64 KiB)
    const { topic } = await createTopics(connection, uniqueName("limit-413"));
    await setTopicMaxMessageBytes(connection, topic, 4096);
    const simulator = await RuntimeProcess.start("simulator", { KAFKA_TOPIC: topic });
    const model = new TrafficModel({ users: 50 });
    try {
      // WHEN one event of about 4.6 KB, ten events of one user (one partition, about 5.8 KB) and two small events come at once
      const hugeEvent = { ...model.next(), path: `/${"p".repeat(2000)}`, referrer: `https://example.com/${"r".repeat(2000)}` };
      const oneUser = Array.from({ length: 10 }, () => ({ ...model.next(), user_id: "the-same-user" }));
      const small = [model.next(), model.next()];
      const post = (body: unknown) => postJson(`${simulator.url}/events`, JSON.stringify(body));
      const [event, batch, beside] = await Promise.all([post(hugeEvent), post(oneUser), post(small)]);
      // THEN the two over the limit get 413 naming it, and the small one is accepted
      for (const refused of [event, batch]) {
        assert.equal(refused.status, 413, refused.text);
        assert.match(refused.json<{ error: string }>().error, /more than topic "[^"]+" takes in one batch \(max\.message\.bytes 4096\): split the batch/);
      }
      assert.equal(beside.status, 202, beside.text);
      // AND only the small one's events are in the topic
      const counts = await topicEventIdCounts(connection, topic);
      assert.deepEqual([...counts.keys()].sort(), small.map((e) => e.event_id).sort());
    } finally {
      await simulator.stop();
    }
  });

  test("requests beyond the bound on what waits for Kafka get an immediate 503 with Retry-After, and nothing of them is produced", async () => {
    // GIVEN a simulator that may hold 64 KiB of events waiting for Kafka
    const maxPendingBytes = 64 * 1024;
    const { topic } = await createTopics(connection, uniqueName("overload"));
    const simulator = await RuntimeProcess.start("simulator", { KAFKA_TOPIC: topic, SIMULATOR_MAX_PENDING_BYTES: String(maxPendingBytes) });
    const model = new TrafficModel({ users: 500 });
    const batch = (size: number) => Array.from({ length: size }, () => model.next());
    const post = (events: LogEvent[]) => postJson(`${simulator.url}/events`, JSON.stringify(events));
    const pendingBytes = async () => (await simulator.metric("simulator_producer_pending_bytes")) ?? 0;
    // AND a Kafka that stops answering (frozen with SIGSTOP: its connections stay open)
    const kafka = freezeService("kafka");
    let frozen = true;
    try {
      // WHEN a request is in flight and another queued behind it, together within the bound
      const [inFlight, queued] = [batch(60), batch(40)];
      const inFlightAnswer = post(inFlight);
      const a = await waitFor("the first request to be pending", async () => (await pendingBytes()) || false, 10_000, 50);
      const queuedAnswer = post(queued);
      const ab = await waitFor("the second request to be pending", async () => ((await pendingBytes()) > a ? await pendingBytes() : false), 10_000, 50);
      assert.ok(ab <= maxPendingBytes && ab + (ab - a) > maxPendingBytes, `the test's requests must fill the bound: ${a} and ${ab - a} bytes pending`);
      // AND three more requests of the second's size come in while Kafka is still frozen, and one as large that is not even JSON
      const overflow = [batch(40), batch(40), batch(40)];
      const notJson = postJson(`${simulator.url}/events`, `[{"event_id": ${" ".repeat(ab - a)}`);
      const refused = await Promise.all([...overflow.map(post), notJson]);
      // THEN each is refused at once, before its body is read (the one that is not JSON too; answered while Kafka could not answer anything), with Retry-After
      for (const response of refused) {
        assert.equal(response.status, 503, response.text);
        assert.equal(response.headers["retry-after"], "1");
        assert.match(response.json<{ error: string }>().error, /the simulator is overloaded \(\d+ bytes of events are already waiting for Kafka, and at most 65536 may wait\); the request was not accepted, retry later/);
      }
      // AND once Kafka answers again, the two within the bound are accepted
      kafka.thaw();
      frozen = false;
      assert.deepEqual([(await inFlightAnswer).status, (await queuedAnswer).status], [202, 202]);
      // AND the topic holds their events once each, and nothing of the refused ones
      assert.equal(await topicRecordCount(connection, topic), inFlight.length + queued.length);
      const counts = await topicEventIdCounts(connection, topic);
      assertAcceptedOnce(counts, [...inFlight, ...queued].map((e) => e.event_id));
      assert.equal(overflow.flat().filter((e) => counts.has(e.event_id)).length, 0, "no refused event is in the topic");
      assert.equal(await simulator.metric("simulator_producer_pending_bytes"), 0);
    } finally {
      if (frozen) kafka.thaw();
      await simulator.stop();
    }
  });
});
