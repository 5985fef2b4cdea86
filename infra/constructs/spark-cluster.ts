import { Network } from "@cdktf/provider-docker/lib/network";
import { Construct } from "constructs";
import { DEFAULT_IMAGES } from "../config/images";
import { isWholeNumberBetween, validate } from "../config/validation";
import { DockerService, pinnedImage, tcpHealthcheck } from "./docker-service";

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
  /** Memory each worker offers to executors; the container gets 512 MB more for the worker daemon. @default 2048 */
  readonly workerMemoryMb?: number;
  /** Host port of the master's RPC endpoint (spark-submit from the host). @default 7077 */
  readonly masterHostPort?: number;
  /** @default 8080 */
  readonly masterUiHostPort?: number;
  /** Worker i (0-based) serves its UI on the host at firstWorkerUiHostPort + i. @default 8081 */
  readonly firstWorkerUiHostPort?: number;
  /** @default "127.0.0.1" */
  readonly hostBindIp?: string;
  /** @default - apache/spark pinned in infra/config/versions.json */
  readonly image?: string;
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
const WORKER_DAEMON_OVERHEAD_MB = 512;

/** A standalone Spark cluster: one master and N workers. */
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

    const image = pinnedImage(this, "image", props.image ?? DEFAULT_IMAGES.spark);
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
        memoryMb: workerMemoryMb + WORKER_DAEMON_OVERHEAD_MB,
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
