import { Network } from "@cdktf/provider-docker/lib/network";
import { Construct } from "constructs";
import { isWholeNumberBetween, validate } from "../config/validation";
import versions from "../config/versions.json";
import { DockerService, tcpHealthcheck } from "./docker-service";
import { SparkImage } from "./spark-image";

/** What a Spark client (spark-submit, Airflow's Spark connection) needs. */
export interface ISparkMaster {
  /** spark://host:port as seen from containers on the pipeline's network. */
  readonly masterUrl: string;
}

export interface SparkClusterProps {
  readonly network: Network;
  readonly namePrefix: string;
  /** @default 1 */
  readonly workers?: number;
  /** Cores each worker offers to executors. @default 2 */
  readonly workerCores?: number;
  /**
   * Memory each worker offers to executors; the container gets WORKER_CONTAINER_OVERHEAD_MB
   * more for what runs beside the executors' heap. @default 2048
   */
  readonly workerMemoryMb?: number;
  /** Host port of the master's RPC endpoint (spark-submit from the host). @default 7077 */
  readonly masterHostPort?: number;
  /** @default 8080 */
  readonly masterUiHostPort?: number;
  /** Worker i (0-based) serves its UI on the host at firstWorkerUiHostPort + i. @default 8081 */
  readonly firstWorkerUiHostPort?: number;
  /** @default "127.0.0.1" */
  readonly hostBindIp?: string;
  /**
   * The image the master and workers run; it must hold the jars the job needs (Kafka
   * source, S3A). @default - a SparkImage built from spark/Dockerfile on the pinned apache/spark
   */
  readonly image?: SparkImage;
}

const MASTER_PORT = 7077;
const MASTER_UI_PORT = 8080;
const WORKER_UI_PORT = 8081;
const SPARK_CLASS = "/opt/spark/bin/spark-class";
/**
 * Spark refuses executors below 450 MB of system memory (1.5 × its 300 MB reserve); with
 * room for one real task, 1 GB is the smallest worker worth declaring.
 */
export const MIN_WORKER_MEMORY_MB = 1024;
/**
 * Memory a worker's container gets beyond what it offers to executors. Standalone mode, unlike
 * YARN or Kubernetes, adds no spark.executor.memoryOverhead to a container's limit, yet the
 * container holds the worker daemon (256 MB heap plus ~150 MB of metaspace and threads), the
 * executor JVM's off-heap memory (metaspace, code cache, Netty's direct buffers for shuffle
 * and block transfer: ~300-400 MB) and any PySpark Python worker. At 512 MB, an executor
 * using its whole heap gets the container OOM-killed; 1 GB leaves room for all of it.
 */
export const WORKER_CONTAINER_OVERHEAD_MB = 1024;

/** A standalone Spark cluster: one master and N workers, all running one image with the job's jars. */
export class SparkCluster extends Construct implements ISparkMaster {
  public readonly masterUrl: string;
  public readonly masterUiUrl: string;
  public readonly master: DockerService;
  public readonly workers: DockerService[];

  constructor(scope: Construct, id: string, props: SparkClusterProps) {
    super(scope, id);
    const workerCount = props.workers ?? 1;
    const workerCores = props.workerCores ?? 2;
    const workerMemoryMb = props.workerMemoryMb ?? 2048;
    const hostBindIp = props.hostBindIp ?? "127.0.0.1";
    const firstWorkerUiHostPort = props.firstWorkerUiHostPort ?? 8081;

    validate(this.node.path, [
      {
        violated: !isWholeNumberBetween(workerCount, 1, 32),
        message: `workers must be between 1 and 32, but ${workerCount} was provided`,
      },
      {
        violated: !isWholeNumberBetween(workerCores, 1, 256),
        message: `workerCores must be between 1 and 256, but ${workerCores} was provided`,
      },
      {
        violated: !(Number.isInteger(workerMemoryMb) && workerMemoryMb >= MIN_WORKER_MEMORY_MB),
        message: `workerMemoryMb must be at least ${MIN_WORKER_MEMORY_MB} (Spark needs 450 MB per executor before any work), but ${workerMemoryMb} was provided: raise spark.workerMemoryMb`,
      },
    ]);

    const image = (props.image ?? new SparkImage(this, "image", { tag: `${props.namePrefix}/spark:${versions.spark}` })).image;
    const masterName = `${props.namePrefix}-spark-master`;
    this.masterUrl = `spark://${masterName}:${MASTER_PORT}`;
    this.masterUiUrl = `http://${hostBindIp}:${props.masterUiHostPort ?? 8080}`;

    this.master = new DockerService(this, "master", {
      containerName: masterName,
      image,
      network: props.network,
      memoryMb: 1024,
      hostBindIp,
      hostPorts: [
        { containerPort: MASTER_PORT, hostPort: props.masterHostPort ?? 7077, setting: "spark.masterHostPort" },
        { containerPort: MASTER_UI_PORT, hostPort: props.masterUiHostPort ?? 8080, setting: "spark.masterUiHostPort" },
      ],
      environment: { SPARK_NO_DAEMONIZE: "true", SPARK_DAEMON_MEMORY: "512m" },
      command: [
        SPARK_CLASS, "org.apache.spark.deploy.master.Master",
        "--host", masterName, "--port", String(MASTER_PORT), "--webui-port", String(MASTER_UI_PORT),
      ],
      healthcheck: tcpHealthcheck(MASTER_UI_PORT),
    });

    this.workers = Array.from({ length: workerCount }, (_, i) => {
      const workerName = `${props.namePrefix}-spark-worker-${i + 1}`;
      return new DockerService(this, `worker-${i + 1}`, {
        containerName: workerName,
        image,
        network: props.network,
        memoryMb: workerMemoryMb + WORKER_CONTAINER_OVERHEAD_MB,
        hostBindIp,
        hostPorts: [
          {
            containerPort: WORKER_UI_PORT,
            hostPort: firstWorkerUiHostPort + i,
            setting: `spark.firstWorkerUiHostPort (+${i}, worker ${i + 1})`,
          },
        ],
        environment: { SPARK_NO_DAEMONIZE: "true", SPARK_DAEMON_MEMORY: "256m" },
        command: [
          SPARK_CLASS, "org.apache.spark.deploy.worker.Worker", this.masterUrl,
          "--host", workerName, "--cores", String(workerCores), "--memory", `${workerMemoryMb}m`,
          "--webui-port", String(WORKER_UI_PORT),
        ],
        healthcheck: tcpHealthcheck(WORKER_UI_PORT),
        dependsOn: [this.master.container],
      });
    });
  }
}
