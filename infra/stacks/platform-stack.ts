import { Network } from "@cdktf/provider-docker/lib/network";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { PinnedImages } from "../config/images";
import { Profile } from "../config/profiles";
import versions from "../config/versions.json";
import { KafkaCluster } from "../constructs/kafka-cluster";
import { MinioServer } from "../constructs/minio-server";
import { SparkCluster } from "../constructs/spark-cluster";
import { SparkImage } from "../constructs/spark-image";
import { keepStateAtRepoRoot } from "./state";
import { secret } from "./variables";

export interface PlatformStackProps {
  readonly profile: Profile;
  readonly images: PinnedImages;
  /** Prefix of every container, volume and network name. @default "logpipe" */
  readonly namePrefix?: string;
}

/** The shared services: the Docker network, Kafka, MinIO and the Spark cluster (on an image built here). */
export class PlatformStack extends TerraformStack {
  public readonly namePrefix: string;
  public readonly network: Network;
  public readonly kafka: KafkaCluster;
  public readonly minio: MinioServer;
  public readonly spark: SparkCluster;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    keepStateAtRepoRoot(this);
    const { profile, images } = props;
    this.namePrefix = props.namePrefix ?? "logpipe";
    new DockerProvider(this, "docker", {});

    this.network = new Network(this, "network", { name: `${this.namePrefix}-net`, driver: "bridge" });

    this.kafka = new KafkaCluster(this, "kafka", {
      network: this.network,
      namePrefix: this.namePrefix,
      image: images.kafka,
      hostBindIp: profile.hostBindIp,
      ...profile.kafka,
    });

    this.minio = new MinioServer(this, "minio", {
      network: this.network,
      namePrefix: this.namePrefix,
      image: images.minio,
      hostBindIp: profile.hostBindIp,
      rootUser: secret(this, "minio_root_user"),
      rootPassword: secret(this, "minio_root_password"),
      ...profile.minio,
    });

    this.spark = new SparkCluster(this, "spark", {
      network: this.network,
      namePrefix: this.namePrefix,
      image: new SparkImage(this, "spark-image", {
        tag: `${this.namePrefix}/spark:${versions.spark}`,
        baseImage: images.spark,
        mavenImage: images.maven,
      }),
      hostBindIp: profile.hostBindIp,
      ...profile.spark,
    });

    new TerraformOutput(this, "kafka_bootstrap_servers_host", { value: this.kafka.hostBootstrapServers });
    new TerraformOutput(this, "minio_console_url", { value: this.minio.consoleUrl });
    new TerraformOutput(this, "spark_master_ui_url", { value: this.spark.masterUiUrl });
  }
}
