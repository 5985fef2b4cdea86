/**
 * The backlog every system of the side-by-side bench drains: N contract-valid events from the
 * simulator's own traffic model, produced once to a topic of their own (acks=all, no
 * compression, record timestamps = now), so each consumer reads the very same records.
 */
import { CompressionTypes, Kafka, logLevel } from "kafkajs";
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
  const kafka = new Kafka({ clientId: "logpipe-bench", brokers: connection.KAFKA_BROKERS.split(","), logLevel: logLevel.ERROR });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const model = new TrafficModel();
  let jsonBytes = 0;
  try {
    const chunk = 2_000;
    for (let sent = 0; sent < events; sent += chunk) {
      const messages = Array.from({ length: Math.min(chunk, events - sent) }, () => {
        const event = model.next();
        const value = JSON.stringify(event);
        jsonBytes += Buffer.byteLength(value);
        return { key: event.user_id, value };
      });
      await producer.send({ topic, acks: -1, compression: CompressionTypes.None, messages });
    }
  } finally {
    await producer.disconnect();
  }
  return { topic, deadLetterTopic, events, jsonBytes };
}
