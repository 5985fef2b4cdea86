import express from "express";
import { availableParallelism } from "os";
import { collectDefaultMetrics, Registry } from "prom-client";
import { boolean, brokerList, ConfigError, integer, optionalString, requiredString } from "../common/config";
import { runMain, stopOnSignals } from "../common/lifecycle";
import { createLogger } from "../common/log";
import { createCodec } from "./codec-pool";
import { DEFAULT_ENCODER, ENCODER_NAMES, isEncoderName } from "./encoders";
import { LakeWriter } from "./lake-writer";
import { Sink } from "./sink";

const logger = createLogger("sink");

/**
 * Defaults that keep the sink within the container's 512 MB under any backlog (measured by
 * test/integration/deployed-sink.test.ts under that memory limit): more buffer or more codec
 * threads need more memory; raise them together with the container's.
 */
const DEFAULT_MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
const DEFAULT_MAX_CODEC_THREADS = 2;

async function main(): Promise<void> {
  const env = process.env;
  const encoderName = optionalString(env, "SINK_ENCODER", DEFAULT_ENCODER);
  if (!isEncoderName(encoderName)) throw new ConfigError(`SINK_ENCODER must be one of ${ENCODER_NAMES.join(", ")}, but "${encoderName}" was provided`);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const sink = new Sink({
    brokers: brokerList(env, "KAFKA_BROKERS"),
    topic: optionalString(env, "KAFKA_TOPIC", "logs"),
    deadLetterTopic: optionalString(env, "KAFKA_DLQ_TOPIC", "logs.dlq"),
    groupId: optionalString(env, "SINK_GROUP_ID", "logpipe-sink"),
    flush: {
      maxRows: integer(env, "SINK_FLUSH_MAX_ROWS", 50_000, 1, 10_000_000),
      maxBytes: integer(env, "SINK_FLUSH_MAX_BYTES", 64 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
      maxAgeMs: integer(env, "SINK_FLUSH_MAX_AGE_MS", 5_000, 10, 3_600_000),
    },
    // Sized for the container's 512 MB (infra/constructs/runtime-service.ts) with two codec
    // threads: about 55,000 events of the simulator's, what 48 MiB held when the buffer still
    // counted kafkajs's objects at 320 bytes a message (48 MiB of bytes got the sink killed for
    // memory). It is the flushes in the codec threads, not the buffer, that take the memory.
    maxBufferedBytes: integer(env, "SINK_MAX_BUFFERED_BYTES", DEFAULT_MAX_BUFFERED_BYTES, 1024, 8 * 1024 * 1024 * 1024),
    rawPrefix: optionalString(env, "SINK_RAW_PREFIX", "raw"),
    // Decoding and encoding in worker threads, one per core up to two: partitions are
    // independent, but each thread holds a flush's rows and a Parquet encoder of its own.
    codec: createCodec({
      encoder: encoderName,
      rowGroupRows: integer(env, "SINK_ROW_GROUP_ROWS", 50_000, 100, 10_000_000),
      threads: integer(env, "SINK_CODEC_THREADS", Math.min(availableParallelism(), DEFAULT_MAX_CODEC_THREADS), 0, 64),
      logger: logger.child("codec"),
    }),
    lake: new LakeWriter({
      endpoint: requiredString(env, "S3_ENDPOINT"),
      region: optionalString(env, "S3_REGION", "us-east-1"),
      bucket: requiredString(env, "S3_BUCKET"),
      forcePathStyle: boolean(env, "S3_FORCE_PATH_STYLE", true),
    }),
    logger,
    registry,
    stallLimitMs: integer(env, "SINK_STALL_LIMIT_MS", 60_000, 1_000, 24 * 3_600_000),
    sessionTimeoutMs: integer(env, "SINK_SESSION_TIMEOUT_MS", 6_000, 6_000, 300_000),
  });

  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", (_req, res) => {
    res.status(sink.healthy ? 200 : 503).json({ status: sink.healthy ? "ok" : "consumer crashed" });
  });
  app.get("/readyz", (_req, res) => {
    if (sink.ready) {
      res.json({ status: "ready" });
      return;
    }
    const stalled = sink.stalledPartitions();
    res.status(503).json(
      stalled.length > 0
        ? { status: "stalled", partitions: stalled }
        : { status: sink.healthy ? "not in the consumer group yet" : "consumer crashed" },
    );
  });
  app.get("/metrics", async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  const port = integer(env, "PORT", 8080, 1, 65535);
  const host = optionalString(env, "HOST", "0.0.0.0");
  const server = app.listen(port, host, () => logger.info("listening", { host, port }));

  await sink.start();

  stopOnSignals(logger, async (signal) => {
    logger.info("shutting down: flushing and committing what is buffered", { signal });
    await sink.stop();
    server.close();
  });
}

runMain(logger, main);
