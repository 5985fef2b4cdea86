/**
 * The backlog every system of the side-by-side bench drains: N contract-valid events from the
 * simulator's own traffic model, produced once to a topic of their own (acks=all, no
 * compression, record timestamps = now), so each consumer reads the very same records.
 */
import { CompressionTypes, Kafka, logLevel } from "kafkajs";
import { LogEvent } from "../../runtime/src/contract";
import { TrafficModel } from "../../runtime/src/simulator/generator";
import { Connection, createTopics } from "../../test/integration/services";

export interface Backlog {
  readonly topic: string;
  readonly deadLetterTopic: string;
  readonly events: number;
  /** Bytes of JSON in the topic's values. */
  readonly jsonBytes: number;
}

export async function produceBacklog(connection: Connection, name: string, events: number, partitions = 3): Promise<Backlog> {
  const { topic, deadLetterTopic } = await createTopics(connection, name, partitions);
  const model = new TrafficModel();
  const jsonBytes = await produceEvents(connection, topic, (function* () {
    for (let i = 0; i < events; i++) yield model.next();
  })());
  return { topic, deadLetterTopic, events, jsonBytes };
}

/**
 * Produces events as JSON, keyed by user_id, in requests of 2,000 (acks=all, idempotent, no
 * compression), with record timestamps of now or `receivedAtMs`; returns their bytes of JSON.
 */
export async function produceEvents(connection: Connection, topic: string, events: Iterable<LogEvent>, receivedAtMs?: number): Promise<number> {
  const kafka = new Kafka({ clientId: "logpipe-bench", brokers: connection.KAFKA_BROKERS.split(","), logLevel: logLevel.ERROR });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const timestamp = receivedAtMs === undefined ? undefined : String(receivedAtMs);
  let jsonBytes = 0;
  let messages: { key: string; value: string; timestamp?: string }[] = [];
  const send = () => producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages });
  try {
    for (const event of events) {
      const value = JSON.stringify(event);
      jsonBytes += Buffer.byteLength(value);
      messages.push({ key: event.user_id, value, timestamp });
      if (messages.length === 2_000) {
        await send();
        messages = [];
      }
    }
    if (messages.length > 0) await send();
  } finally {
    await producer.disconnect();
  }
  return jsonBytes;
}
