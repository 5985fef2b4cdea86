import { KafkaCluster, KafkaClusterProps } from "../../infra/constructs/kafka-cluster";
import { containerNamed, containers, envOf, synthWithNetwork } from "./synth";

function synthKafka(props: Partial<KafkaClusterProps> = {}): string {
  return synthWithNetwork((scope, network) => new KafkaCluster(scope, "kafka", { network, namePrefix: "lp", ...props }));
}

describe("KafkaCluster", () => {
  describe("brokers", () => {
    test("one broker by default, in KRaft combined mode, with its data on a named volume", () => {
      // WHEN
      const synthesized = synthKafka();
      // THEN
      const broker = containerNamed(synthesized, "lp-kafka-1");
      const env = envOf(broker);
      expect(env.KAFKA_PROCESS_ROLES).toBe("broker,controller");
      expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe("1@lp-kafka-1:9093");
      expect(env.KAFKA_AUTO_CREATE_TOPICS_ENABLE).toBe("false");
      expect(env.KAFKA_LOG_DIRS).toBe("/var/lib/kafka/data");
      expect(env).toMatchObject({
        CLUSTER_ID: "bG9ncGlwZS1rcmFmdC0wMQ",
        KAFKA_LISTENERS: "INTERNAL://:9092,CONTROLLER://:9093,HOST://:9094",
        KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,HOST:PLAINTEXT",
        KAFKA_INTER_BROKER_LISTENER_NAME: "INTERNAL",
        KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
      });
      expect(broker.volumes).toEqual([{ volume_name: expect.stringMatching(/^\$\{docker_volume\.kafka_broker-1-data_\w+\.name\}$/), container_path: "/var/lib/kafka/data" }]);
      expect(synthesized).toHaveResourceWithProperties({ tfResourceType: "docker_volume" }, { name: "lp-kafka-1-data" });
    });

    test("three brokers form one quorum and each is published on its own host port, on 127.0.0.1", () => {
      // WHEN
      const synthesized = synthKafka({ brokers: 3, replicationFactor: 3, minInSyncReplicas: 2, firstHostPort: 39092 });
      // THEN
      const brokers = [1, 2, 3].map((i) => containerNamed(synthesized, `lp-kafka-${i}`));
      for (const [i, broker] of brokers.entries()) {
        const env = envOf(broker);
        expect(env.KAFKA_NODE_ID).toBe(String(i + 1));
        expect(env.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe("1@lp-kafka-1:9093,2@lp-kafka-2:9093,3@lp-kafka-3:9093");
        expect(env.KAFKA_ADVERTISED_LISTENERS).toBe(`INTERNAL://lp-kafka-${i + 1}:9092,HOST://127.0.0.1:${39092 + i}`);
        expect(env.KAFKA_MIN_INSYNC_REPLICAS).toBe("2");
        expect(env.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR).toBe("3");
        expect(broker.ports).toEqual([{ internal: 9094, external: 39092 + i, ip: "127.0.0.1", protocol: "tcp" }]);
      }
    });

    test("brokers have a healthcheck, a memory limit above their heap, and a restart policy", () => {
      const broker = containerNamed(synthKafka({ heapMb: 768 }), "lp-kafka-1");
      expect(broker.healthcheck?.test.join(" ")).toContain("KAFKA_HEAP_OPTS=-Xmx64m /opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092");
      expect(envOf(broker).KAFKA_HEAP_OPTS).toBe("-Xms768m -Xmx768m");
      expect(broker.memory).toBe(768 + 512);
      expect(broker.restart).toBe("unless-stopped");
      expect(broker.wait).toBe(true);
    });

    test("exposes bootstrap servers for the network and for the host", () => {
      let kafka!: KafkaCluster;
      synthWithNetwork((scope, network) => {
        kafka = new KafkaCluster(scope, "kafka", { network, namePrefix: "lp", brokers: 2, replicationFactor: 2, minInSyncReplicas: 1 });
      });
      expect(kafka.bootstrapServers).toBe("lp-kafka-1:9092,lp-kafka-2:9092");
      expect(kafka.hostBootstrapServers).toBe("127.0.0.1:29092,127.0.0.1:29093");
    });
  });

  describe("topics", () => {
    test("a one-shot job creates logs and logs.dlq with the declared settings, after the brokers", () => {
      // WHEN
      const synthesized = synthKafka({ brokers: 3, partitions: 6, replicationFactor: 3, minInSyncReplicas: 2, retentionHours: 168 });
      // THEN
      const job = containerNamed(synthesized, "lp-kafka-topics");
      const script = job.command?.join("\n") ?? "";
      expect(script).toContain(
        "--create --if-not-exists --topic logs --partitions 6 --replication-factor 3 --config retention.ms=604800000 --config min.insync.replicas=2 --config max.message.bytes=1048576",
      );
      expect(script).toContain("--create --if-not-exists --topic logs.dlq --partitions 1 --replication-factor 3");
      expect(script).toContain("--entity-name logs --add-config retention.ms=604800000,min.insync.replicas=2,max.message.bytes=1048576");
      expect(job.restart).toBe("no");
      expect(job.must_run).toBe(false);
      expect(job.depends_on).toHaveLength(3);
      expect((job as { lifecycle?: unknown }).lifecycle).toEqual({ postcondition: [expect.objectContaining({ condition: "${self.exit_code == 0}" })] });
      // A broken cluster fails the job after a bounded wait instead of hanging the deploy.
      expect(script).toContain('if [ "$waited" -ge 180 ]; then echo "brokers lp-kafka-1:9092,lp-kafka-2:9092,lp-kafka-3:9092 not reachable after 180 s" >&2; exit 1; fi');
    });

    test("topic descriptors carry what clients need", () => {
      let kafka!: KafkaCluster;
      synthWithNetwork((scope, network) => {
        kafka = new KafkaCluster(scope, "kafka", { network, namePrefix: "lp", topicName: "clicks", retentionHours: 1 });
      });
      expect(kafka.logsTopic).toEqual({ name: "clicks", partitions: 3, replicationFactor: 1, minInSyncReplicas: 1, retentionMs: 3_600_000, maxMessageBytes: 1_048_576 });
      expect(kafka.deadLetterTopic.name).toBe("clicks.dlq");
    });

    test("the message size limit is declared on both topics, the dead-letter topic's twice the events', and applied again by every deploy", () => {
      // WHEN a profile raises the limit to 4 MiB
      const script = containerNamed(synthKafka({ maxMessageBytes: 4 * 1024 * 1024 }), "lp-kafka-topics").command?.join("\n") ?? "";
      // THEN both topics are created with it, and an existing topic gets it
      expect(script).toMatch(/--topic logs --partitions \d+ --replication-factor \d+ .*--config max\.message\.bytes=4194304/);
      expect(script).toMatch(/--topic logs\.dlq --partitions 1 --replication-factor \d+ .*--config max\.message\.bytes=8388608/);
      expect(script).toMatch(/--entity-name logs --add-config \S*max\.message\.bytes=4194304/);
      expect(script).toMatch(/--entity-name logs\.dlq --add-config \S*max\.message\.bytes=8388608/);
    });
  });

  describe("images", () => {
    test("uses the pinned apache/kafka image, overridable for mirrors", () => {
      expect(synthKafka()).toHaveResourceWithProperties({ tfResourceType: "docker_image" }, { name: expect.stringMatching(/^apache\/kafka:\d+\.\d+\.\d+$/) });
      expect(synthKafka({ image: "mirror.internal/apache/kafka:4.1.0" })).toHaveResourceWithProperties(
        { tfResourceType: "docker_image" },
        { name: "mirror.internal/apache/kafka:4.1.0" },
      );
    });
  });

  describe("host listener", () => {
    test("binding to all interfaces still advertises a routable address", () => {
      const env = envOf(containerNamed(synthKafka({ hostBindIp: "0.0.0.0" }), "lp-kafka-1"));
      expect(env.KAFKA_ADVERTISED_LISTENERS).toBe("INTERNAL://lp-kafka-1:9092,HOST://127.0.0.1:29092");
    });

    test("advertises the address it is told to", () => {
      const env = envOf(containerNamed(synthKafka({ hostBindIp: "0.0.0.0", hostAdvertisedAddress: "kafka.lan" }), "lp-kafka-1"));
      expect(env.KAFKA_ADVERTISED_LISTENERS).toBe("INTERNAL://lp-kafka-1:9092,HOST://kafka.lan:29092");
    });

    test("fails when told to advertise 0.0.0.0", () => {
      expect(() => synthKafka({ hostAdvertisedAddress: "0.0.0.0" })).toThrow(/hostAdvertisedAddress must be an address clients can reach, but "0.0.0.0" was provided/);
    });
  });

  describe("validation", () => {
    test("fails when the heap is too small for a broker", () => {
      expect(() => synthKafka({ heapMb: 128 })).toThrow(/heapMb must be between 256 and 65536, but 128 was provided/);
    });

    test("fails when replicationFactor is above the broker count", () => {
      expect(() => synthKafka({ brokers: 1, replicationFactor: 3 })).toThrow(
        /replicationFactor must be between 1 and brokers \(1\), but 3 was provided: lower kafka.replicationFactor or raise kafka.brokers/,
      );
    });

    test("fails when minInSyncReplicas is above replicationFactor", () => {
      expect(() => synthKafka({ brokers: 3, replicationFactor: 2, minInSyncReplicas: 3 })).toThrow(
        /minInSyncReplicas must be between 1 and replicationFactor \(2\), but 3 was provided/,
      );
    });

    test("fails when the message size limit is outside what clients and the broker can take", () => {
      expect(() => synthKafka({ maxMessageBytes: 1000 })).toThrow(/maxMessageBytes must be between 65536 and 33554432 .*, but 1000 was provided/);
      expect(() => synthKafka({ maxMessageBytes: 64 * 1024 * 1024 })).toThrow(/maxMessageBytes must be between 65536 and 33554432 .*, but 67108864 was provided/);
    });

    test("fails when there are no brokers", () => {
      expect(() => synthKafka({ brokers: 0 })).toThrow(/brokers must be between 1 and 9, but 0 was provided/);
    });

    test("fails when partitions is not a positive whole number", () => {
      expect(() => synthKafka({ partitions: 1.5 })).toThrow(/partitions must be between 1 and 1000, but 1.5 was provided/);
    });

    test("fails when the image is not pinned", () => {
      expect(() => synthKafka({ image: "apache/kafka:latest" })).toThrow(/image must be pinned .* but "apache\/kafka:latest" was provided/);
      expect(() => synthKafka({ image: "apache/kafka" })).toThrow(/image must be pinned/);
    });

    test("fails when the cluster id is not 16 bytes of base64url", () => {
      expect(() => synthKafka({ clusterId: "not-a-cluster-id" })).toThrow(/clusterId must be 16 bytes in base64url/);
    });

    test("reports every broken rule at once", () => {
      expect(() => synthKafka({ brokers: 1, replicationFactor: 2, partitions: 0 })).toThrow(/replicationFactor[\s\S]*partitions/);
    });
  });

  test("declares exactly brokers + 1 containers", () => {
    expect(containers(synthKafka({ brokers: 3, replicationFactor: 3 }))).toHaveLength(4);
  });
});
