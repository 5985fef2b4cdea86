import { Registry, collectDefaultMetrics } from "prom-client";
import { brokerList, boolean, integer, optionalString } from "../common/config";
import { runMain, stopOnSignals } from "../common/lifecycle";
import { createLogger } from "../common/log";
import { createProducerMetrics, createSimulatorApp, createSimulatorMetrics } from "./app";
import { Generator, TrafficModel } from "./generator";
import { DEFAULT_MAX_PENDING_BYTES } from "./producer";
import { ProducerThread } from "./producer-thread";

const logger = createLogger("simulator");

async function main(): Promise<void> {
  const env = process.env;
  const port = integer(env, "PORT", 8080, 1, 65535);
  const host = optionalString(env, "HOST", "0.0.0.0");
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const producer = new ProducerThread({
    brokers: brokerList(env, "KAFKA_BROKERS"),
    topic: optionalString(env, "KAFKA_TOPIC", "logs"),
    lingerMs: integer(env, "SIMULATOR_LINGER_MS", 0, 0, 1000),
    maxPendingBytes: integer(env, "SIMULATOR_MAX_PENDING_BYTES", DEFAULT_MAX_PENDING_BYTES, 64 * 1024, 1024 * 1024 * 1024),
    logger: logger.child("producer"),
    observer: createProducerMetrics(registry),
  });
  await producer.connect();

  const { metrics, send } = createSimulatorMetrics(registry, producer);
  const generator = new Generator(new TrafficModel(), (events) => send(events, Date.now()), integer(env, "GENERATOR_RATE", 50, 0, 100_000), (error) =>
    logger.warn("generated events could not be sent", { error }),
  );
  const app = createSimulatorApp({
    send,
    metrics,
    isReady: () => producer.isReady(),
    refusal: (bytes) => producer.refusal(bytes),
    generator,
    registry,
    logger,
    maxBodyBytes: integer(env, "SIMULATOR_MAX_BODY_BYTES", 5 * 1024 * 1024, 1024, 100 * 1024 * 1024),
    maxBatchEvents: integer(env, "SIMULATOR_MAX_BATCH_EVENTS", 10_000, 1, 100_000),
  });
  const server = app.listen(port, host, () => logger.info("listening", { host, port, topic: producer.topic }));
  if (boolean(env, "GENERATOR_ENABLED", false)) generator.start();

  stopOnSignals(logger, async (signal) => {
    logger.info("shutting down: no new requests, flushing the producer", { signal });
    await generator.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await producer.close();
  });
}

runMain(logger, main);
