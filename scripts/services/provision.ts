/**
 * Creates on the local services what the stacks declare for the dev profile: the `logs`
 * topic and its dead-letter topic (settings from the same functions the KafkaCluster
 * construct uses, applied to topics that exist too) and the lake bucket. Idempotent. Reads scripts/services.sh's settings.
 */
import { CreateBucketCommand, HeadBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { ConfigResourceTypes, Kafka, logLevel } from "kafkajs";
import { PROFILES } from "../../infra/config/profiles";
import { pipelineTopics, topicConfigs } from "../../infra/constructs/kafka-cluster";

async function main(): Promise<void> {
  const env = process.env;
  const settings = PROFILES.dev.kafka;
  const topics = pipelineTopics({ topicName: env.KAFKA_TOPIC ?? "logs", ...settings });
  const kafka = new Kafka({ clientId: "logpipe-provision", brokers: (env.KAFKA_BROKERS ?? "").split(","), logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const declared = [topics.logs, topics.deadLetter];
    const existing = new Set(await admin.listTopics());
    const missing = declared.filter((topic) => !existing.has(topic.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({ topic: topic.name, numPartitions: topic.partitions, replicationFactor: topic.replicationFactor, configEntries: topicConfigs(topic) })),
      });
    }
    // Topics that were there already get the declared settings too, as a deploy applies them.
    const present = declared.filter((topic) => existing.has(topic.name));
    if (present.length > 0) {
      await admin.alterConfigs({ validateOnly: false, resources: present.map((topic) => ({ type: ConfigResourceTypes.TOPIC, name: topic.name, configEntries: topicConfigs(topic) })) });
    }
    console.error(`topics ready: ${topics.logs.name} (${topics.logs.partitions} partitions), ${topics.deadLetter.name}`);
  } finally {
    await admin.disconnect();
  }

  const s3 = new S3Client({ endpoint: env.S3_ENDPOINT, region: env.S3_REGION, forcePathStyle: true });
  const bucket = env.S3_BUCKET ?? PROFILES.dev.lake.bucketName;
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
  } catch {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  }
  console.error(`bucket ready: ${bucket}`);
  s3.destroy();
}

main().catch((error: unknown) => {
  console.error(`provisioning the local services failed: ${(error as Error).message}`);
  process.exit(1);
});
