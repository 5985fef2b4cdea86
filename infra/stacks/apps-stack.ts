import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import packageJson from "../../package.json";
import { PinnedImages } from "../config/images";
import { Profile } from "../config/profiles";
import versions from "../config/versions.json";
import { Airflow } from "../constructs/airflow";
import { AirflowImage } from "../constructs/airflow-image";
import { RuntimeImage } from "../constructs/runtime-image";
import { RuntimeService } from "../constructs/runtime-service";
import { LakeStack } from "./lake-stack";
import { PlatformStack } from "./platform-stack";
import { keepStateAtRepoRoot } from "./state";
import { secret } from "./variables";

export interface AppsStackProps {
  readonly profile: Profile;
  readonly images: PinnedImages;
  readonly platform: PlatformStack;
  readonly lake: LakeStack;
}

/**
 * What consumes the lake's credentials: the runtime containers (simulator, sink) and
 * Airflow. A stack of its own keeps the graph acyclic (platform → lake → apps): the lake
 * needs MinIO from the platform, and these containers need users from the lake.
 */
export class AppsStack extends TerraformStack {
  public readonly simulator: RuntimeService;
  public readonly sink: RuntimeService;
  public readonly airflow: Airflow;

  constructor(scope: Construct, id: string, props: AppsStackProps) {
    super(scope, id);
    keepStateAtRepoRoot(this);
    const { profile, images, platform, lake } = props;
    const namePrefix = platform.namePrefix;
    new DockerProvider(this, "docker", {});

    const runtimeImage = new RuntimeImage(this, "runtime-image", {
      tag: `${namePrefix}/runtime:${packageJson.version}`,
      baseImage: images.node,
    });
    const shared = { image: runtimeImage, network: platform.network, namePrefix, kafka: platform.kafka, hostBindIp: profile.hostBindIp };

    this.simulator = new RuntimeService(this, "simulator", {
      ...shared,
      role: "simulator",
      hostPort: profile.runtime.simulatorHostPort,
    });
    this.sink = new RuntimeService(this, "sink", {
      ...shared,
      role: "sink",
      hostPort: profile.runtime.sinkHostPort,
      lake: { endpoint: lake.server, bucketName: lake.lake.bucketName, credentials: lake.sinkAccess.credentials },
    });

    this.airflow = new Airflow(this, "airflow", {
      network: platform.network,
      namePrefix,
      image: new AirflowImage(this, "airflow-image", {
        tag: `${namePrefix}/airflow:${versions.airflow}`,
        baseImage: images.airflow,
        mavenImage: images.maven,
      }),
      databaseImage: images.postgres,
      hostBindIp: profile.hostBindIp,
      webHostPort: profile.airflow.webHostPort,
      spark: platform.spark,
      secrets: {
        adminPassword: secret(this, "airflow_admin_password"),
        databasePassword: secret(this, "airflow_db_password"),
        fernetKey: secret(this, "airflow_fernet_key"),
        apiSecretKey: secret(this, "airflow_api_secret_key"),
        jwtSecret: secret(this, "airflow_jwt_secret"),
      },
      environment: {
        LOGPIPE_KAFKA_BOOTSTRAP_SERVERS: platform.kafka.bootstrapServers,
        LOGPIPE_KAFKA_TOPIC: platform.kafka.logsTopic.name,
        LOGPIPE_S3_ENDPOINT: lake.server.s3Endpoint,
        LOGPIPE_LAKE_BUCKET: lake.lake.bucketName,
      },
      // Only the scheduler runs tasks (LocalExecutor); the API server never holds lake keys.
      taskEnvironment: {
        // The Spark job runs as its own lake user; the DAG hands these to spark-submit.
        LOGPIPE_SPARK_ACCESS_KEY_ID: lake.sparkAccess.credentials.accessKeyId,
        LOGPIPE_SPARK_SECRET_ACCESS_KEY: lake.sparkAccess.credentials.secretAccessKey,
        // Airflow's own, read-only identity for its data-quality checks.
        LOGPIPE_AIRFLOW_ACCESS_KEY_ID: lake.airflowAccess.credentials.accessKeyId,
        LOGPIPE_AIRFLOW_SECRET_ACCESS_KEY: lake.airflowAccess.credentials.secretAccessKey,
      },
    });

    new TerraformOutput(this, "simulator_url", { value: this.simulator.url });
    new TerraformOutput(this, "sink_url", { value: this.sink.url });
    new TerraformOutput(this, "airflow_url", { value: this.airflow.webUrl });
  }
}
