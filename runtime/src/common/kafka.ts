import { Admin, ConfigResourceTypes, Kafka, Producer } from "kafkajs";
import { Logger } from "./log";

/**
 * What one record costs in a batch besides its key, value and headers (v2 format: length,
 * attributes, timestamp and offset deltas, key and value lengths, header count), with room to spare.
 */
export const RECORD_OVERHEAD_BYTES = 32;
/** A record batch's header (v2 format: 61 bytes), with room to spare. */
export const BATCH_OVERHEAD_BYTES = 128;
/** Kafka's default max.message.bytes, for a topic that does not say. */
const KAFKA_DEFAULT_MAX_MESSAGE_BYTES = 1_048_588;

/** A topic's own max.message.bytes, or the broker's default it inherits; undefined when the broker does not say. */
export async function topicMaxMessageBytes(admin: Admin, topic: string): Promise<number | undefined> {
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ["max.message.bytes"] }],
  });
  const value = Number(described.resources[0]?.configEntries.find((entry) => entry.configName === "max.message.bytes")?.configValue);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * The most record bytes (keys, values, headers and RECORD_OVERHEAD_BYTES each) one
 * partition's batch of a produce request to `topic` may hold: its max.message.bytes less a
 * batch header.
 */
export async function maxBatchBytes(admin: Admin, topic: string): Promise<number> {
  const value = await topicMaxMessageBytes(admin, topic);
  return (value !== undefined && value > BATCH_OVERHEAD_BYTES ? value : KAFKA_DEFAULT_MAX_MESSAGE_BYTES) - BATCH_OVERHEAD_BYTES;
}

/**
 * A connected idempotent producer (one request in flight: kafkajs keeps sequence numbers for
 * no more), once `prepare` has succeeded too; disconnected again when either fails.
 */
export async function startIdempotentProducer(kafka: Kafka, logger: Logger, prepare: () => Promise<void>): Promise<Producer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  try {
    await producer.connect();
    await prepare();
    return producer;
  } catch (error) {
    await producer.disconnect().catch((disconnectError: unknown) => logger.warn("disconnecting a producer that did not start failed", { error: disconnectError }));
    throw error;
  }
}

/** Splits records, in order, into runs whose sizes (by `bytes`) each stay within maxBytes; a record larger than that alone is a run of its own. */
export function inRunsOfAtMost<T>(records: readonly T[], maxBytes: number, bytes: (record: T) => number): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let runBytes = 0;
  for (const record of records) {
    const size = bytes(record);
    if (run.length > 0 && runBytes + size > maxBytes) {
      runs.push(run);
      run = [];
      runBytes = 0;
    }
    run.push(record);
    runBytes += size;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
