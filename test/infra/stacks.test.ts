import { DEFAULT_IMAGES } from "../../infra/config/images";
import { Profile, PROFILES, selectProfile } from "../../infra/config/profiles";
import versions from "../../infra/config/versions.json";
import { builtImageNamed, builtImages, containerNamed, containers, envOf, parse, resources, StackName, synthApp, synthProfile as synthProfileWithImages } from "./synth";

const PROFILE_NAMES = Object.keys(PROFILES) as (keyof typeof PROFILES)[];
const STACK_NAMES: StackName[] = ["platform", "lake", "apps"];

const synthProfile = (profile: Profile) => synthProfileWithImages(profile, DEFAULT_IMAGES);

describe.each(PROFILE_NAMES)("the %s profile", (profileName) => {
  const stacks = synthApp({ LOGPIPE_PROFILE: profileName });

  test.each(STACK_NAMES)("%s stack matches its snapshot", (stackName) => {
    expect(stacks[stackName]).toMatchSnapshot();
  });

  test("the platform declares the network, the volumes and every shared service", () => {
    const names = containers(stacks.platform).map((container) => container.name);
    expect(names).toEqual(expect.arrayContaining(["logpipe-kafka-1", "logpipe-kafka-topics", "logpipe-minio", "logpipe-spark-master", "logpipe-spark-worker-1"]));
    expect(stacks.platform).toHaveResourceWithProperties({ tfResourceType: "docker_network" }, { name: "logpipe-net" });
    expect(stacks.platform).toHaveResourceWithProperties({ tfResourceType: "docker_volume" }, { name: "logpipe-minio-data" });
  });

  test("the platform builds the Spark image with the jars and runs every Spark container from it", () => {
    const image = builtImageNamed(stacks.platform, `logpipe/spark:${versions.spark}`);
    expect(image.build?.build_args).toMatchObject({ BASE_IMAGE: DEFAULT_IMAGES.spark, MAVEN_IMAGE: DEFAULT_IMAGES.maven, SPARK_VERSION: versions.spark, HADOOP_VERSION: versions.hadoop });
    const spark = containers(stacks.platform).filter((c) => c.name.startsWith("logpipe-spark-"));
    expect(spark.length).toBeGreaterThanOrEqual(2);
    for (const container of spark) expect({ name: container.name, image: container.image }).toEqual({ name: container.name, image: image.idReference });
  });

  test("the lake declares the bucket, its lifecycle, and a user, policy and attachment per component", () => {
    expect(stacks.lake).toHaveResourceWithProperties({ tfResourceType: "minio_s3_bucket" }, { bucket: "lake" });
    expect(stacks.lake).toHaveResource({ tfResourceType: "minio_ilm_policy" });
    for (const component of ["sink", "spark", "airflow"]) {
      expect(stacks.lake).toHaveResourceWithProperties({ tfResourceType: "minio_iam_user" }, { name: `logpipe-${component}` });
      expect(stacks.lake).toHaveResourceWithProperties({ tfResourceType: "minio_iam_policy" }, { name: `logpipe-${component}-policy` });
    }
    expect(Object.keys(resources(stacks.lake, "minio_iam_user_policy_attachment"))).toHaveLength(3);
  });

  test("the apps stack builds the runtime image and runs the simulator, the sink and Airflow with its database", () => {
    expect(Object.values(builtImages(stacks.apps)).map((image) => image.name).sort()).toEqual([`logpipe/airflow:${versions.airflow}`, "logpipe/runtime:0.1.0"]);
    const names = containers(stacks.apps).map((container) => container.name);
    expect(names).toEqual(expect.arrayContaining([
      "logpipe-simulator", "logpipe-sink", "logpipe-airflow-db", "logpipe-airflow-init",
      "logpipe-airflow-api-server", "logpipe-airflow-scheduler", "logpipe-airflow-dag-processor",
    ]));
  });

  describe("cross-stack wiring (platform → lake → apps)", () => {
    test("the lake reaches MinIO through the platform's container port binding", () => {
      const provider = parse(stacks.lake).provider?.minio?.[0] as Record<string, string>;
      expect(provider.minio_server).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-platform\.outputs\..*ports0ip\}:\$\{.*ports0external\}$/);
      expect(provider.minio_user).toBe("${var.minio_root_user}");
      expect(provider.minio_password).toBe("${var.minio_root_password}");
    });

    test("the sink gets its own user's secret from the lake and joins the platform's network", () => {
      const sink = containerNamed(stacks.apps, "logpipe-sink") as { env?: string[]; networks_advanced?: { name: string }[] };
      expect(envOf(sink).AWS_SECRET_ACCESS_KEY).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-lake\.outputs\.cross-stack-output-minio_iam_usersink_user_\w+secret\}$/);
      expect(sink.networks_advanced?.[0].name).toMatch(/cross-stack-reference-input-platform\.outputs\.cross-stack-output-docker_networknetworkname/);
    });

    test("every Airflow container runs the Airflow image built in the apps stack, with the Spark provider and a JRE", () => {
      const image = builtImageNamed(stacks.apps, `logpipe/airflow:${versions.airflow}`);
      expect(image.build).toMatchObject({ dockerfile: "dags/Dockerfile", build_args: { BASE_IMAGE: DEFAULT_IMAGES.airflow, SPARK_PROVIDER_VERSION: versions.airflowSparkProvider } });
      for (const name of ["init", "api-server", "scheduler", "dag-processor"]) {
        expect({ name, image: containerNamed(stacks.apps, `logpipe-airflow-${name}`).image }).toEqual({ name, image: image.idReference });
      }
    });

    test("Airflow submits to the platform's Spark master in client mode, the driver reachable as the scheduler", () => {
      const scheduler = envOf(containerNamed(stacks.apps, "logpipe-airflow-scheduler"));
      expect(JSON.parse(scheduler.AIRFLOW_CONN_SPARK_DEFAULT)).toEqual({ conn_type: "spark", host: "spark://logpipe-spark-master", port: 7077, extra: { "deploy-mode": "client" } });
      expect(scheduler.LOGPIPE_SPARK_DRIVER_HOST).toBe("logpipe-airflow-scheduler");
      expect(containerNamed(stacks.platform, "logpipe-spark-master").command).toContain("logpipe-spark-master");
    });

    test("the platform depends on no other stack", () => {
      expect(parse(stacks.platform).data?.terraform_remote_state).toBeUndefined();
    });
  });

  test("the lake's policies give each component only what it needs", () => {
    const policies = Object.values(resources<{ name: string; policy: string }>(stacks.lake, "minio_iam_policy"));
    const documentOf = (name: string) => JSON.parse(policies.find((p) => p.name === name)!.policy) as { Statement: { Sid: string; Action: string[]; Resource: string[]; Condition?: unknown }[] };
    /** Each statement as "actions on resources", the whole document compared exactly. */
    const grantsOf = (name: string) => Object.fromEntries(documentOf(name).Statement.map((s) => [s.Sid, `${s.Action.join(",")} on ${s.Resource.join(",").replace(/arn:aws:s3:::lake/g, "lake")}`]));
    const listOf = (name: string) => documentOf(name).Statement.find((s) => s.Sid === "ListReadablePrefixes")?.Condition;

    expect(grantsOf("logpipe-sink-policy")).toEqual({
      LocateBucket: "s3:GetBucketLocation on lake",
      WriteObjects: "s3:PutObject,s3:AbortMultipartUpload,s3:ListMultipartUploadParts on lake/raw/*",
    });
    expect(grantsOf("logpipe-spark-policy")).toEqual({
      LocateBucket: "s3:GetBucketLocation on lake",
      ListReadablePrefixes: "s3:ListBucket on lake",
      ReadObjects: "s3:GetObject on lake/raw,lake/raw/*,lake/curated,lake/curated/*,lake/quarantine,lake/quarantine/*,lake/checkpoints,lake/checkpoints/*",
      WriteObjects: "s3:PutObject,s3:AbortMultipartUpload,s3:ListMultipartUploadParts on lake/curated/*,lake/quarantine/*,lake/checkpoints/*",
      DeleteOwnOutput: "s3:DeleteObject on lake/curated,lake/curated/*,lake/quarantine,lake/quarantine/*,lake/checkpoints,lake/checkpoints/*",
      ListOwnUploads: "s3:ListBucketMultipartUploads on lake",
    });
    expect(listOf("logpipe-spark-policy")).toEqual({
      StringLike: { "s3:prefix": ["raw", "raw/*", "curated", "curated/*", "quarantine", "quarantine/*", "checkpoints", "checkpoints/*"] },
    });
    expect(grantsOf("logpipe-airflow-policy")).toEqual({
      LocateBucket: "s3:GetBucketLocation on lake",
      ListReadablePrefixes: "s3:ListBucket on lake",
      ReadObjects: "s3:GetObject on lake/raw,lake/raw/*,lake/curated,lake/curated/*",
    });
  });

  test("only Airflow's scheduler holds lake credentials, and only Spark's and its own", () => {
    for (const name of ["logpipe-airflow-api-server", "logpipe-airflow-dag-processor", "logpipe-airflow-init"]) {
      expect(Object.keys(envOf(containerNamed(stacks.apps, name))).filter((k) => /SECRET_ACCESS_KEY/.test(k))).toEqual([]);
    }
    const scheduler = envOf(containerNamed(stacks.apps, "logpipe-airflow-scheduler"));
    expect(scheduler.LOGPIPE_SPARK_SECRET_ACCESS_KEY).toMatch(/cross-stack-output-minio_iam_userspark_user_\w+secret\}$/);
    expect(scheduler.LOGPIPE_AIRFLOW_SECRET_ACCESS_KEY).toMatch(/cross-stack-output-minio_iam_userairflow_user_\w+secret\}$/);
  });
});

describe("profile settings reach the declared resources", () => {
  test("ha: three brokers, replication 3, min ISR 2, two Spark workers", () => {
    const stacks = synthApp({ LOGPIPE_PROFILE: "ha" });
    const brokers = containers(stacks.platform).filter((c) => /^logpipe-kafka-\d$/.test(c.name));
    expect(brokers).toHaveLength(3);
    expect(envOf(brokers[0])).toMatchObject({ KAFKA_DEFAULT_REPLICATION_FACTOR: "3", KAFKA_MIN_INSYNC_REPLICAS: "2" });
    expect(containerNamed(stacks.platform, "logpipe-kafka-topics").command?.[0]).toContain("--topic logs --partitions 6 --replication-factor 3");
    expect(containers(stacks.platform).filter((c) => c.name.startsWith("logpipe-spark-worker-"))).toHaveLength(2);
  });

  test("dev: one broker, replication 1, one Spark worker", () => {
    const stacks = synthApp({ LOGPIPE_PROFILE: "dev" });
    expect(containers(stacks.platform).filter((c) => /^logpipe-kafka-\d$/.test(c.name))).toHaveLength(1);
    expect(containerNamed(stacks.platform, "logpipe-kafka-topics").command?.[0]).toContain("--replication-factor 1");
    expect(containers(stacks.platform).filter((c) => c.name.startsWith("logpipe-spark-worker-"))).toHaveLength(1);
  });
});

describe("profile selection", () => {
  test("dev is the default", () => {
    expect(selectProfile({}).name).toBe("dev");
  });

  test("fails when LOGPIPE_PROFILE names no profile", () => {
    expect(() => selectProfile({ LOGPIPE_PROFILE: "prod" })).toThrow(/LOGPIPE_PROFILE must be one of dev, ha, but "prod" was provided/);
  });

  test("LOGPIPE_BIND_IP moves every published port, and only when set; Kafka still advertises a routable address", () => {
    const stacks = synthApp({ LOGPIPE_BIND_IP: "0.0.0.0" });
    const ips = [...containers(stacks.platform), ...containers(stacks.apps)].flatMap((c) => c.ports ?? []).map((p) => p.ip);
    expect(new Set(ips)).toEqual(new Set(["0.0.0.0"]));
    expect(envOf(containerNamed(stacks.platform, "logpipe-kafka-1")).KAFKA_ADVERTISED_LISTENERS).toContain("HOST://127.0.0.1:29092");
  });

  test("LOGPIPE_IMAGE_REGISTRY prefixes every pulled image and every base image of a build", () => {
    const stacks = synthApp({ LOGPIPE_IMAGE_REGISTRY: "mirror.internal/hub/" });
    const images = [stacks.platform, stacks.apps].flatMap((s) => Object.values(resources<{ name: string; build?: { build_args: Record<string, string> } }>(s, "docker_image")));
    const baseImages = images.flatMap((image) => Object.entries(image.build?.build_args ?? {}).filter(([arg]) => arg.endsWith("_IMAGE")).map(([, ref]) => ref));
    expect(baseImages.sort()).toEqual(
      ["node", "spark", "maven", "airflow", "maven"].map((role) => `mirror.internal/hub/${DEFAULT_IMAGES[role as keyof typeof DEFAULT_IMAGES]}`).sort(),
    );
    for (const image of images.filter((i) => !i.build)) expect(image.name).toMatch(/^mirror\.internal\/hub\//);
  });
});

describe("profile validation", () => {
  const dev = PROFILES.dev;

  test("fails when the replication factor is above the broker count", () => {
    expect(() => synthProfile({ ...dev, kafka: { ...dev.kafka, replicationFactor: 3 } })).toThrow(
      /platform\/kafka:[\s\S]*replicationFactor must be between 1 and brokers \(1\), but 3 was provided/,
    );
  });

  test("fails when min ISR is above the replication factor", () => {
    expect(() => synthProfile({ ...PROFILES.ha, kafka: { ...PROFILES.ha.kafka, minInSyncReplicas: 4 } })).toThrow(
      /minInSyncReplicas must be between 1 and replicationFactor \(3\), but 4 was provided/,
    );
  });

  test("fails when two services want the same host port", () => {
    expect(() => synthProfile({ ...dev, airflow: { webHostPort: dev.minio.consoleHostPort } })).toThrow(
      /host port 9001 is wanted by both platform\/minio\/server \(minio.consoleHostPort\) and apps\/airflow\/api-server \(airflow.webHostPort\)/,
    );
  });

  test("fails when a broker's host port collides with another service's", () => {
    expect(() => synthProfile({ ...PROFILES.ha, minio: { apiHostPort: 29094, consoleHostPort: 9001 } })).toThrow(
      /host port 29094 is wanted by both platform\/kafka\/broker-3 \(kafka.firstHostPort \(\+2, broker 3\)\) and platform\/minio\/server \(minio.apiHostPort\)/,
    );
  });

  test("fails when worker memory is below what Spark needs", () => {
    expect(() => synthProfile({ ...dev, spark: { ...dev.spark, workerMemoryMb: 768 } })).toThrow(
      /platform\/spark:[\s\S]*workerMemoryMb must be at least 1024/,
    );
  });

  test("fails when the lake bucket name is invalid", () => {
    expect(() => synthProfile({ ...dev, lake: { ...dev.lake, bucketName: "Lake_Zone" } })).toThrow(
      /lake\/lake:[\s\S]*bucketName "Lake_Zone" may contain only lowercase letters/,
    );
  });

  test("fails when raw retention is not a positive number of days", () => {
    expect(() => synthProfile({ ...dev, lake: { ...dev.lake, rawRetentionDays: 0 } })).toThrow(/expiration days for "raw\/" must be between 1 and 36500, but 0/);
  });
});
