import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { DEFAULT_IMAGES } from "../../infra/config/images";
import versions from "../../infra/config/versions.json";
import { Airflow, AirflowProps } from "../../infra/constructs/airflow";
import { AirflowImage } from "../../infra/constructs/airflow-image";
import { DockerService, pinnedImage } from "../../infra/constructs/docker-service";
import { KafkaCluster } from "../../infra/constructs/kafka-cluster";
import { MinioServer } from "../../infra/constructs/minio-server";
import { RuntimeImage } from "../../infra/constructs/runtime-image";
import { RuntimeService } from "../../infra/constructs/runtime-service";
import { SparkCluster, SparkClusterProps, WORKER_CONTAINER_OVERHEAD_MB } from "../../infra/constructs/spark-cluster";
import { SparkImage } from "../../infra/constructs/spark-image";
import { builtImageNamed, builtImages, containerNamed, containers, envOf, resources, synthWithNetwork, triggerGlobs } from "./synth";

/** The build arguments of the Maven stage both the Spark and the Airflow image run. */
const JARS_BUILD_ARGS = {
  MAVEN_IMAGE: DEFAULT_IMAGES.maven,
  SPARK_VERSION: versions.spark,
  HADOOP_VERSION: versions.hadoop,
  MAVEN_DEPENDENCY_PLUGIN_VERSION: versions.mavenDependencyPlugin,
};

describe("MinioServer", () => {
  const synthMinio = () =>
    synthWithNetwork((scope, network) => {
      const user = new TerraformVariable(scope, "user", { sensitive: true });
      const password = new TerraformVariable(scope, "password", { sensitive: true });
      new MinioServer(scope, "minio", { network, namePrefix: "lp", rootUser: user.stringValue, rootPassword: password.stringValue });
    });

  test("takes its root credentials from variables and keeps data on a named volume", () => {
    const minio = containerNamed(synthMinio(), "lp-minio");
    expect(envOf(minio).MINIO_ROOT_USER).toBe("${var.user}");
    expect(envOf(minio).MINIO_ROOT_PASSWORD).toBe("${var.password}");
    expect(minio.volumes?.[0].container_path).toBe("/data");
    expect(minio.command).toEqual(["server", "/data", "--address", ":9000", "--console-address", ":9001"]);
  });

  test("publishes the API and the console on 127.0.0.1 and checks its health", () => {
    const minio = containerNamed(synthMinio(), "lp-minio");
    expect(minio.ports).toEqual([
      { internal: 9000, external: 9000, ip: "127.0.0.1", protocol: "tcp" },
      { internal: 9001, external: 9001, ip: "127.0.0.1", protocol: "tcp" },
    ]);
    expect(minio.healthcheck?.test).toEqual(["CMD", "mc", "ready", "local"]);
  });
});

describe("SparkCluster", () => {
  const synthSpark = (props: Partial<SparkClusterProps> = {}) =>
    synthWithNetwork((scope, network) => new SparkCluster(scope, "spark", { network, namePrefix: "lp", ...props }));

  test("one master and N workers that register with it, sized by props", () => {
    // WHEN
    const synthesized = synthSpark({ workers: 2, workerCores: 3, workerMemoryMb: 3072 });
    // THEN
    const master = containerNamed(synthesized, "lp-spark-master");
    expect(master.command).toEqual([
      "/opt/spark/bin/spark-class", "org.apache.spark.deploy.master.Master", "--host", "lp-spark-master", "--port", "7077", "--webui-port", "8080",
    ]);
    for (const i of [1, 2]) {
      const worker = containerNamed(synthesized, `lp-spark-worker-${i}`);
      expect(worker.command).toEqual([
        "/opt/spark/bin/spark-class", "org.apache.spark.deploy.worker.Worker", "spark://lp-spark-master:7077",
        "--host", `lp-spark-worker-${i}`, "--cores", "3", "--memory", "3072m", "--webui-port", "8081",
      ]);
      expect(worker.memory).toBe(3072 + WORKER_CONTAINER_OVERHEAD_MB);
      expect(worker.ports).toEqual([{ internal: 8081, external: 8080 + i, ip: "127.0.0.1", protocol: "tcp" }]);
      expect(worker.healthcheck?.test).toEqual(["CMD", "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8081"]);
    }
    expect(containers(synthesized)).toHaveLength(3);
  });

  test("gives each worker's container at least 1 GB beyond the executors' memory, for the daemon and the JVMs' off-heap", () => {
    expect(WORKER_CONTAINER_OVERHEAD_MB).toBeGreaterThanOrEqual(1024);
    expect(containerNamed(synthSpark({ workerMemoryMb: 2048 }), "lp-spark-worker-1").memory).toBe(2048 + WORKER_CONTAINER_OVERHEAD_MB);
  });

  describe("image", () => {
    test("builds spark/Dockerfile on the pinned apache/spark and Maven images, with the jars' versions from versions.json", () => {
      // WHEN
      const image = builtImageNamed(synthSpark(), `lp/spark:${versions.spark}`);
      // THEN
      expect(image.build).toMatchObject({
        context: '${abspath("${path.module}/../../../spark")}',
        dockerfile: "Dockerfile",
        build_args: { BASE_IMAGE: DEFAULT_IMAGES.spark, ...JARS_BUILD_ARGS },
      });
      expect(DEFAULT_IMAGES.spark).toBe(`apache/spark:${versions.spark}-scala2.13-java17-python3-ubuntu`);
    });

    test("runs the master and every worker from the built image", () => {
      // WHEN
      const synthesized = synthSpark({ workers: 2 });
      // THEN
      const { idReference } = builtImageNamed(synthesized, `lp/spark:${versions.spark}`);
      for (const name of ["lp-spark-master", "lp-spark-worker-1", "lp-spark-worker-2"]) {
        expect({ name, image: containerNamed(synthesized, name).image }).toEqual({ name, image: idReference });
      }
      const pulled = Object.values(resources<{ name: string; build?: unknown }>(synthesized, "docker_image")).filter((image) => !image.build);
      expect(pulled.map((image) => image.name)).not.toContain(DEFAULT_IMAGES.spark);
    });

    test("is rebuilt when its Dockerfile or the jars' pom or sources change, and not for the job's Python files", () => {
      const image = builtImageNamed(synthSpark(), `lp/spark:${versions.spark}`);
      expect(triggerGlobs(image)).toEqual(["Dockerfile", "jars/pom.xml", "jars/src/**"]);
    });

    test("runs a given SparkImage instead of building its own", () => {
      // GIVEN
      const synthesized = synthWithNetwork((scope, network) => {
        const image = new SparkImage(scope, "mirrored", { tag: "lp/spark:mirrored", baseImage: "mirror.internal/apache/spark:4.1.1-x", mavenImage: "mirror.internal/maven:3.9.11-y" });
        // WHEN
        new SparkCluster(scope, "spark", { network, namePrefix: "lp", image });
      });
      // THEN
      expect(Object.values(builtImages(synthesized)).map((image) => image.name)).toEqual(["lp/spark:mirrored"]);
      const image = builtImageNamed(synthesized, "lp/spark:mirrored");
      expect(image.build?.build_args).toMatchObject({ BASE_IMAGE: "mirror.internal/apache/spark:4.1.1-x", MAVEN_IMAGE: "mirror.internal/maven:3.9.11-y" });
      expect(containerNamed(synthesized, "lp-spark-worker-1").image).toBe(image.idReference);
    });

    test("fails when a base image is not pinned, naming the prop", () => {
      expect(() => synthWithNetwork((scope) => new SparkImage(scope, "image", { baseImage: "apache/spark:latest" }))).toThrow(
        /baseImage must be pinned to a tag other than "latest" or to a digest, but "apache\/spark:latest" was provided/,
      );
      expect(() => synthWithNetwork((scope) => new SparkImage(scope, "image", { mavenImage: "maven" }))).toThrow(/mavenImage must be pinned .* but "maven" was provided/);
    });
  });

  test("fails when worker memory is below what Spark needs", () => {
    expect(() => synthSpark({ workerMemoryMb: 512 })).toThrow(
      /workerMemoryMb must be at least 1024 .* but 512 was provided: raise spark.workerMemoryMb/,
    );
  });

  test("fails when workers or cores are not positive", () => {
    expect(() => synthSpark({ workers: 0 })).toThrow(/workers must be between 1 and 32, but 0 was provided/);
    expect(() => synthSpark({ workerCores: 0 })).toThrow(/workerCores must be between 1 and 256, but 0 was provided/);
  });
});

describe("Airflow", () => {
  const AIRFLOW_COMPONENTS = ["init", "api-server", "scheduler", "dag-processor"];
  const synthAirflow = (props: (scope: Construct) => Partial<AirflowProps> = () => ({})) =>
    synthWithNetwork((scope, network) => {
      const spark = new SparkCluster(scope, "spark", { network, namePrefix: "lp" });
      const v = (name: string) => new TerraformVariable(scope, name, { sensitive: true }).stringValue;
      new Airflow(scope, "airflow", {
        network,
        namePrefix: "lp",
        spark,
        secrets: { adminPassword: v("admin"), databasePassword: v("db"), fernetKey: v("fernet"), apiSecretKey: v("api"), jwtSecret: v("jwt") },
        environment: { LOGPIPE_LAKE_BUCKET: "lake" },
        taskEnvironment: { LOGPIPE_SPARK_SECRET_ACCESS_KEY: v("spark_secret") },
        ...props(scope),
      });
    });

  describe("image", () => {
    test("builds dags/Dockerfile from the repository root on the pinned apache/airflow, with the versions of versions.json", () => {
      // WHEN
      const image = builtImageNamed(synthAirflow(), `lp/airflow:${versions.airflow}`);
      // THEN
      expect(image.build).toMatchObject({
        context: '${abspath("${path.module}/../../..")}',
        dockerfile: "dags/Dockerfile",
        build_args: {
          BASE_IMAGE: DEFAULT_IMAGES.airflow,
          AIRFLOW_VERSION: versions.airflow,
          SPARK_PROVIDER_VERSION: versions.airflowSparkProvider,
          ...JARS_BUILD_ARGS,
        },
      });
      expect(DEFAULT_IMAGES.airflow).toBe(`apache/airflow:${versions.airflow}-python${versions.python}`);
    });

    test("builds the same jars as the Spark image: same Maven image, pom, sources and versions", () => {
      const synthesized = synthAirflow();
      const airflow = builtImageNamed(synthesized, `lp/airflow:${versions.airflow}`);
      const spark = builtImageNamed(synthesized, `lp/spark:${versions.spark}`);
      const jarsArgs = (args: Record<string, string> = {}) => Object.fromEntries(Object.keys(JARS_BUILD_ARGS).map((name) => [name, args[name]]));
      expect(jarsArgs(airflow.build?.build_args)).toEqual(jarsArgs(spark.build?.build_args));
      expect(triggerGlobs(airflow)).toEqual(expect.arrayContaining(["spark/jars/pom.xml", "spark/jars/src/**"]));
      expect(triggerGlobs(spark)).toEqual(expect.arrayContaining(["jars/pom.xml", "jars/src/**"]));
    });

    test("is rebuilt when its Dockerfile, the Python lock or the jars' pom or sources change", () => {
      const image = builtImageNamed(synthAirflow(), `lp/airflow:${versions.airflow}`);
      expect(triggerGlobs(image)).toEqual(["dags/Dockerfile", "requirements.lock", "spark/jars/pom.xml", "spark/jars/src/**"]);
    });

    test("runs the init job, the API server, the scheduler and the DAG processor from it; the database from postgres", () => {
      // WHEN
      const synthesized = synthAirflow();
      // THEN
      const { idReference } = builtImageNamed(synthesized, `lp/airflow:${versions.airflow}`);
      for (const name of AIRFLOW_COMPONENTS) {
        expect({ name, image: containerNamed(synthesized, `lp-airflow-${name}`).image }).toEqual({ name, image: idReference });
      }
      expect(containerNamed(synthesized, "lp-airflow-db").image).not.toBe(idReference);
      expect(synthesized).toHaveResourceWithProperties({ tfResourceType: "docker_image" }, { name: DEFAULT_IMAGES.postgres });
    });

    test("runs a given AirflowImage instead of building its own", () => {
      // GIVEN
      const synthesized = synthAirflow((scope) => ({ image: new AirflowImage(scope, "mirrored", { tag: "lp/airflow:mirrored", baseImage: "mirror.internal/apache/airflow:3.1.0-python3.11" }) }));
      // THEN
      const image = builtImageNamed(synthesized, "lp/airflow:mirrored");
      expect(image.build?.build_args?.BASE_IMAGE).toBe("mirror.internal/apache/airflow:3.1.0-python3.11");
      expect(containerNamed(synthesized, "lp-airflow-scheduler").image).toBe(image.idReference);
      expect(Object.values(builtImages(synthesized)).map((i) => i.name).sort()).toEqual(["lp/airflow:mirrored", `lp/spark:${versions.spark}`]);
    });

    test("fails when the base image is latest or the tag is not a version", () => {
      expect(() => synthWithNetwork((scope) => new AirflowImage(scope, "image", { baseImage: "apache/airflow:latest" }))).toThrow(
        /baseImage must be pinned .* but "apache\/airflow:latest" was provided/,
      );
      expect(() => synthWithNetwork((scope) => new AirflowImage(scope, "image", { tag: "lp/airflow" }))).toThrow(/tag must name a version, not "latest", but "lp\/airflow" was provided/);
    });
  });

  test("has a PostgreSQL metadata database on a named volume, password from a variable", () => {
    const db = containerNamed(synthAirflow(), "lp-airflow-db");
    expect(envOf(db).POSTGRES_PASSWORD).toBe("${var.db}");
    expect(db.volumes?.[0].container_path).toBe("/var/lib/postgresql/data");
    expect(db.healthcheck?.test).toEqual(["CMD", "pg_isready", "-U", "airflow", "-d", "airflow"]);
  });

  test("migrates and creates the admin in a one-shot job that fails the deploy when it fails", () => {
    const synthesized = synthAirflow();
    const init = containerNamed(synthesized, "lp-airflow-init") as ReturnType<typeof containerNamed> & { lifecycle?: { postcondition: { condition: string }[] } };
    expect(envOf(init).LOGPIPE_AIRFLOW_ADMIN_PASSWORD).toBe("${var.admin}");
    const script = init.command?.join(" ") ?? "";
    // --option=value: a password starting with "-" (base64url, one time in 64) stays a value.
    expect(script).toMatch(/^bash -c set -eu\nairflow db migrate\nairflow users create --username="\$LOGPIPE_AIRFLOW_ADMIN_USER" --password="\$LOGPIPE_AIRFLOW_ADMIN_PASSWORD" --role Admin .* \|\| airflow users reset-password --username="\$LOGPIPE_AIRFLOW_ADMIN_USER" --password="\$LOGPIPE_AIRFLOW_ADMIN_PASSWORD"$/);
    // A "${" in a command would be read by terraform as its own interpolation.
    expect(script).not.toContain("${");
    expect(init.restart).toBe("no");
    expect(init.lifecycle?.postcondition[0].condition).toBe("${self.exit_code == 0}");
  });

  test("runs Airflow 3 with LocalExecutor, the FAB auth manager and the execution API on the API server", () => {
    const env = envOf(containerNamed(synthAirflow(), "lp-airflow-dag-processor"));
    expect(env).toMatchObject({
      AIRFLOW__CORE__EXECUTOR: "LocalExecutor",
      AIRFLOW__CORE__AUTH_MANAGER: "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager",
      AIRFLOW__CORE__EXECUTION_API_SERVER_URL: "http://lp-airflow-api-server:8080/execution/",
      AIRFLOW__API__SECRET_KEY: "${var.api}",
      AIRFLOW__API_AUTH__JWT_SECRET: "${var.jwt}",
      AIRFLOW__CORE__LOAD_EXAMPLES: "False",
    });
  });

  test("signs and checks its JWTs with one explicit issuer in every Airflow process", () => {
    // Unset, Airflow 3.1.0 signs with an empty issuer, which PyJWT >= 2.11 rejects at login.
    const issuers = containers(synthAirflow())
      .filter((container) => /^lp-airflow-/.test(container.name) && container.name !== "lp-airflow-db")
      .map((container) => ({ name: container.name, issuer: envOf(container).AIRFLOW__API_AUTH__JWT_ISSUER }));
    expect(issuers).toHaveLength(4);
    for (const { name, issuer } of issuers) expect({ name, issuer }).toEqual({ name, issuer: "lp-airflow" });
  });

  test("names the Python of versions.json as the job's interpreter, which the Spark image has too", () => {
    for (const name of ["api-server", "scheduler", "dag-processor"]) {
      expect({ name, python: envOf(containerNamed(synthAirflow(), `lp-airflow-${name}`)).PYSPARK_PYTHON }).toEqual({ name, python: `python${versions.python}` });
    }
  });

  test("only the scheduler, which runs the tasks, gets the task credentials", () => {
    const synthesized = synthAirflow();
    expect(envOf(containerNamed(synthesized, "lp-airflow-scheduler")).LOGPIPE_SPARK_SECRET_ACCESS_KEY).toBe("${var.spark_secret}");
    for (const name of ["api-server", "dag-processor", "init"]) {
      expect(envOf(containerNamed(synthesized, `lp-airflow-${name}`)).LOGPIPE_SPARK_SECRET_ACCESS_KEY).toBeUndefined();
    }
  });

  test("writes healthcheck durations as the provider reads them back, so diffs stay clean", () => {
    for (const container of containers(synthAirflow())) {
      const check = (container as { healthcheck?: Record<string, string> }).healthcheck;
      for (const key of ["interval", "timeout", "start_period"]) {
        if (check?.[key]) expect(check[key]).toMatch(/^(\d+h)?([1-9]\d*m)?\d+s$|^\d+m0s$/);
      }
      expect(JSON.stringify(check ?? {})).not.toMatch(/"(60|[6-9]\d|\d{3,})s"/);
    }
  });

  test("starts the API server, scheduler and DAG processor after the init job, each with a healthcheck", () => {
    const synthesized = synthAirflow();
    for (const name of ["api-server", "scheduler", "dag-processor"]) {
      const component = containerNamed(synthesized, `lp-airflow-${name}`);
      expect(component.command).toEqual([name]);
      expect(component.depends_on?.[0]).toMatch(/docker_container\.airflow_init/);
      expect(component.healthcheck).toBeDefined();
    }
  });

  test("connects to the database and to Spark through its environment, secrets as references", () => {
    const env = envOf(containerNamed(synthAirflow(), "lp-airflow-scheduler"));
    expect(env.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN).toBe("postgresql+psycopg2://airflow:${urlencode(var.db)}@lp-airflow-db:5432/airflow");
    // The provider's SparkSubmitHook joins host and port into the master URL spark://lp-spark-master:7077.
    expect(JSON.parse(env.AIRFLOW_CONN_SPARK_DEFAULT)).toEqual({ conn_type: "spark", host: "spark://lp-spark-master", port: 7077, extra: { "deploy-mode": "client" } });
    expect(env.AIRFLOW__CORE__FERNET_KEY).toBe("${var.fernet}");
    expect(env.LOGPIPE_LAKE_BUCKET).toBe("lake");
  });

  test("mounts dags/, spark/ and the event contract read-only, resolved at plan time rather than as a machine path", () => {
    const synthesized = synthAirflow();
    for (const name of ["api-server", "scheduler", "dag-processor"]) {
      expect(containerNamed(synthesized, `lp-airflow-${name}`).mounts).toEqual([
        expect.objectContaining({ source: '${abspath("${path.module}/../../../dags")}', target: "/opt/airflow/dags", read_only: true }),
        expect.objectContaining({ source: '${abspath("${path.module}/../../../spark")}', target: "/opt/airflow/spark", read_only: true }),
        // The job reads ../runtime/src/contract/event.schema.json relative to spark/.
        expect.objectContaining({ source: '${abspath("${path.module}/../../../runtime/src/contract")}', target: "/opt/airflow/runtime/src/contract", read_only: true }),
      ]);
    }
  });

  test("the scheduler hosts the Spark driver: executors reach it by its name, and it has memory for it", () => {
    // WHEN
    const synthesized = synthAirflow();
    // THEN
    const scheduler = containerNamed(synthesized, "lp-airflow-scheduler");
    expect(envOf(scheduler).LOGPIPE_SPARK_DRIVER_HOST).toBe("lp-airflow-scheduler");
    expect(scheduler.memory).toBe(2048 + 1024);
    for (const name of ["api-server", "dag-processor", "init"]) {
      expect(envOf(containerNamed(synthesized, `lp-airflow-${name}`)).LOGPIPE_SPARK_DRIVER_HOST).toBeUndefined();
    }
  });

  test("publishes only the UI, on 127.0.0.1:8088", () => {
    const published = containers(synthAirflow()).filter((c) => c.name.includes("airflow")).flatMap((c) => c.ports ?? []);
    expect(published).toEqual([{ internal: 8080, external: 8088, ip: "127.0.0.1", protocol: "tcp" }]);
  });
});

describe("RuntimeService", () => {
  const synthRuntime = (withLake = true) =>
    synthWithNetwork((scope, network) => {
      const kafka = new KafkaCluster(scope, "kafka", { network, namePrefix: "lp" });
      const image = new RuntimeImage(scope, "runtime-image", { tag: "lp/runtime:1.2.3" });
      new RuntimeService(scope, "simulator", { role: "simulator", image, network, namePrefix: "lp", kafka, hostPort: 3000 });
      const secretKey = new TerraformVariable(scope, "sink_secret", { sensitive: true }).stringValue;
      new RuntimeService(scope, "sink", {
        role: "sink",
        image,
        network,
        namePrefix: "lp",
        kafka,
        hostPort: 3001,
        lake: withLake
          ? { endpoint: { s3Endpoint: "http://lp-minio:9000", region: "us-east-1" }, bucketName: "lake", credentials: { accessKeyId: "lp-sink", secretAccessKey: secretKey } }
          : undefined,
      });
    });

  test("builds one image from runtime/ and rebuilds it when its sources change", () => {
    const images = Object.values(resources<{ name: string; build?: { context: string }; triggers?: Record<string, string> }>(synthRuntime(), "docker_image"))
      .filter((image) => image.build);
    expect(images).toHaveLength(1);
    expect(images[0].name).toBe("lp/runtime:1.2.3");
    expect(images[0].build?.context).toBe('${abspath("${path.module}/../../../runtime")}');
    expect(images[0].triggers?.source_sha1).toMatch(/^\$\{sha1\(join\(.*filesha1/);
  });

  test("runs one container per role from the same image, wired to Kafka", () => {
    const synthesized = synthRuntime();
    const simulator = containerNamed(synthesized, "lp-simulator");
    const sink = containerNamed(synthesized, "lp-sink");
    expect(simulator.image).toBe(sink.image);
    // Both with larger young generations than Node picks inside 512 MB (RUNTIME_NODE_FLAGS).
    expect(simulator.command).toEqual(["node", "--max-semi-space-size=16", "dist/simulator/main.js"]);
    expect(sink.command).toEqual(["node", "--max-semi-space-size=8", "--initial-heap-size=48", "dist/sink/main.js"]);
    expect(envOf(simulator)).toMatchObject({ KAFKA_BROKERS: "lp-kafka-1:9092", KAFKA_TOPIC: "logs", KAFKA_DLQ_TOPIC: "logs.dlq" });
    expect(envOf(simulator).AWS_SECRET_ACCESS_KEY).toBeUndefined();
  });

  test("gives the sink its lake endpoint and credentials, the secret as a reference", () => {
    const env = envOf(containerNamed(synthRuntime(), "lp-sink"));
    expect(env).toMatchObject({ S3_ENDPOINT: "http://lp-minio:9000", S3_BUCKET: "lake", S3_FORCE_PATH_STYLE: "true", AWS_ACCESS_KEY_ID: "lp-sink" });
    expect(env.AWS_SECRET_ACCESS_KEY).toBe("${var.sink_secret}");
  });

  test("fails when the sink is given no lake", () => {
    expect(() => synthRuntime(false)).toThrow(/the sink writes Parquet to the lake, so lake .* must be provided/);
  });

  test("fails when the image tag is latest", () => {
    expect(() =>
      synthWithNetwork((scope) => new RuntimeImage(scope, "runtime-image", { tag: "lp/runtime:latest" })),
    ).toThrow(/tag must name a version, not "latest"/);
  });
});

describe("DockerService", () => {
  test("fails when two containers want the same host port, naming both and the settings", () => {
    expect(() =>
      synthWithNetwork((scope, network) => {
        new MinioServer(scope, "minio", { network, namePrefix: "lp", rootUser: "u", rootPassword: "p", apiHostPort: 8080 });
        new SparkCluster(scope, "spark", { network, namePrefix: "lp", masterUiHostPort: 8080 });
      }),
    ).toThrow(/host port 8080 is wanted by both .*minio\/server \(minio.apiHostPort\) and .*spark\/master \(spark.masterUiHostPort\): give one of them another port/);
  });

  test("fails when a host port is out of range", () => {
    expect(() =>
      synthWithNetwork((scope, network) => new MinioServer(scope, "minio", { network, namePrefix: "lp", rootUser: "u", rootPassword: "p", consoleHostPort: 70000 })),
    ).toThrow(/minio.consoleHostPort must be a port between 1 and 65535, but 70000 was provided/);
  });

  test("binds to another address only when asked", () => {
    const synthesized = synthWithNetwork((scope, network) => {
      new DockerService(scope, "svc", {
        containerName: "svc",
        image: pinnedImage(scope, "image", "busybox:1.36"),
        network,
        memoryMb: 64,
        hostBindIp: "0.0.0.0",
        hostPorts: [{ containerPort: 80, hostPort: 8000, setting: "test.port" }],
      });
    });
    expect(containerNamed(synthesized, "svc").ports?.[0].ip).toBe("0.0.0.0");
  });

  test("fails when the memory limit is not sensible", () => {
    expect(() =>
      synthWithNetwork((scope, network) => new DockerService(scope, "svc", { containerName: "svc", image: pinnedImage(scope, "image", "busybox:1.36"), network, memoryMb: 0 })),
    ).toThrow(/memoryMb must be a whole number between 64 and 1048576, but 0 was provided/);
  });
});
