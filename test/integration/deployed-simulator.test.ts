import { randomUUID } from "crypto";
import * as fs from "fs";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as os from "os";
import * as path from "path";
import { UsageSampler } from "../../bench/lib/usage";
import { TrafficModel } from "../../runtime/src/simulator/generator";
import { LocalProcess } from "./deployed";
import { buildRuntime, DeployedRuntime, deployedRuntime, startInLimit } from "./deployed-runtime";
import { MemoryLimit } from "./memory-limit";
import { assertAcceptedOnce, Connection, createTopics, freePort, postJson, readConnection, request, topicEventIdCounts, uniqueName, waitFor } from "./services";

/**
 * The simulator of the apps stack, run for real with what the stack gives its container: the
 * command (the compiled runtime), the environment and the memory limit (a memory cgroup
 * without swap, as Docker applies it). Many clients post the largest batches the topic takes
 * at once, more than it can hold in memory; it must refuse what it cannot take (503 with
 * Retry-After), never be killed for memory, and write every event it acknowledged once.
 * (The simulator before its pending bound held this load too, at about 320 MB: it parses one
 * body at a time. The test guards the deployed limits, it does not reproduce a failure.)
 *
 * Changed for the test only: the Kafka address, the HTTP port, and the topic (the test's own).
 */

/** Clients posting at once, and the batches each posts. */
const CLIENTS = 24;
const ROUNDS = 4;
/** About 2.6 MB of JSON: within the body limit, and each partition's share within the topic's 1 MiB. */
const EVENTS_PER_BATCH = 4_500;

describe("the deployed simulator, run with the apps stack's configuration and memory limit against the real Kafka", () => {
  const connection: Connection = readConnection();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "logpipe-simulator-"));
  const running: LocalProcess[] = [];
  let simulator: DeployedRuntime;
  let limit: MemoryLimit | undefined;
  const unavailable = MemoryLimit.unavailable();

  before(() => {
    if (unavailable && process.env.CI === "true") assert.fail(`CI must run the simulator under its container's memory limit: ${unavailable}`);
    buildRuntime();
    simulator = deployedRuntime("simulator", connection, {}, { variables: {}, stateFiles: {} });
  });

  after(async () => {
    for (const started of running) await started.stop();
    limit?.remove();
    fs.rmSync(work, { recursive: true, force: true });
  });

  test(`${CLIENTS} clients posting ${EVENTS_PER_BATCH.toLocaleString()}-event batches at once: what cannot be held gets 503, nothing is killed, every 202 event is in the topic once`, { skip: unavailable && process.env.CI !== "true" ? unavailable : false }, async () => {
    const { topic } = await createTopics(connection, uniqueName("deployed-simulator"));
    limit = MemoryLimit.create("logpipe-simulator", simulator.memoryMb * 2 ** 20);
    const port = await freePort();
    const started = startInLimit(simulator, limit, { PORT: String(port), HOST: "127.0.0.1", KAFKA_TOPIC: topic }, work);
    running.push(started);
    const url = `http://127.0.0.1:${port}`;
    await waitFor("the simulator to be ready", async () => {
      if (started.exited) assert.fail(`the simulator exited:\n${started.tail()}`);
      return (await request(`${url}/readyz`, {}, 5_000)).status === 200;
    });
    console.log(`started ${simulator.container.command.join(" ")} (pid ${started.pid}) with the environment of ${simulator.container.name}, in a memory cgroup of ${simulator.memoryMb} MB without swap`);
    const sampler = new UsageSampler(started.pid);

    const model = new TrafficModel({ users: 5_000 });
    // Batches are cut from a pool of model events, each with an event_id of its own: the test's client must outpace the simulator.
    const pool = Array.from({ length: 1_000 }, () => model.next());
    let drawn = 0;
    const freshBatch = () => Array.from({ length: EVENTS_PER_BATCH }, () => ({ ...pool[drawn++ % pool.length], event_id: randomUUID() }));
    const accepted: string[] = [];
    const statuses = new Map<string, number>();
    let peakRssBytes = 0;
    try {
      await Promise.all(
        Array.from({ length: CLIENTS }, async () => {
          for (let round = 0; round < ROUNDS && !started.exited; round++) {
            const batch = freshBatch();
            const response = await postJson(`${url}/events`, JSON.stringify(batch)).catch((error: Error) => ({ status: 0, text: error.message, headers: {} as Record<string, string> }));
            const outcome = response.status === 503 ? `503 Retry-After ${response.headers["retry-after"]}` : String(response.status);
            statuses.set(outcome, (statuses.get(outcome) ?? 0) + 1);
            if (response.status === 202) accepted.push(...batch.map((event) => event.event_id));
            else if (response.status !== 503) assert.fail(`a request got ${response.status}: ${response.text.slice(0, 300)}`);
          }
        }),
      );
    } finally {
      peakRssBytes = sampler.stop().peakRssBytes;
    }
    const peak = limit.peakBytes();
    console.log(
      `answers: ${[...statuses].map(([status, count]) => `${count} × ${status}`).join(", ")}; peak RSS ${Math.round(peakRssBytes / 2 ** 20)} MB, ` +
        `peak memory of its cgroup ${peak === undefined ? "unknown" : `${Math.round(peak / 2 ** 20)} MB`}, limit ${simulator.memoryMb} MB`,
    );
    assert.ok(!started.exited, `the simulator exited (${started.child.signalCode ?? started.child.exitCode}); OOM kills in its cgroup: ${limit.oomKills()}\n${started.tail()}`);
    assert.equal(limit.oomKills(), 0, "the kernel killed a process of the simulator's cgroup for memory");
    assert.ok(accepted.length > 0, "no request was accepted");
    // After the flood, it takes a request at once.
    const after = Array.from({ length: 10 }, () => model.next());
    const response = await postJson(`${url}/events`, JSON.stringify(after));
    assert.equal(response.status, 202, response.text);
    accepted.push(...after.map((event) => event.event_id));

    assertAcceptedOnce(await topicEventIdCounts(connection, topic, 120_000), accepted);
  });
});
