import { Network } from "@cdktf/provider-docker/lib/network";
import { Volume } from "@cdktf/provider-docker/lib/volume";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { DEFAULT_IMAGES } from "../config/images";
import versions from "../config/versions.json";
import { AirflowImage } from "./airflow-image";
import { DockerService, healthcheck, pinnedImage, RepoMount } from "./docker-service";
import { ISparkMaster } from "./spark-cluster";

/** Airflow's secrets. Pass sensitive variables, never literals. */
export interface AirflowSecrets {
  readonly adminPassword: string;
  readonly databasePassword: string;
  /** Fernet key that encrypts connections and variables in the metadata database (32 url-safe base64 bytes). */
  readonly fernetKey: string;
  /** Signs the UI's session cookies. */
  readonly apiSecretKey: string;
  /** Signs the JWTs the API server issues to the UI and to running tasks. */
  readonly jwtSecret: string;
}

export interface AirflowProps {
  readonly network: Network;
  readonly namePrefix: string;
  readonly secrets: AirflowSecrets;
  /** The Spark cluster the DAG submits to, exposed to Airflow as connection `spark_default`. */
  readonly spark: ISparkMaster;
  /** Extra environment for every Airflow process: endpoints the DAG reads. No secrets here. @default {} */
  readonly environment?: Record<string, string>;
  /**
   * Environment only the process that runs tasks gets (the scheduler, with LocalExecutor):
   * credentials the tasks use, kept away from the web-facing API server. @default {}
   */
  readonly taskEnvironment?: Record<string, string>;
  /** @default 8088 */
  readonly webHostPort?: number;
  /** @default "127.0.0.1" */
  readonly hostBindIp?: string;
  /** @default "admin" */
  readonly adminUser?: string;
  /**
   * The image of every Airflow container; it must hold what the DAG's tasks run (the Spark
   * provider, spark-submit, a Java runtime, the Spark jars).
   * @default - an AirflowImage built from dags/Dockerfile on the pinned apache/airflow
   */
  readonly image?: AirflowImage;
  /** @default - postgres pinned in infra/config/versions.json */
  readonly databaseImage?: string;
}

const API_PORT = 8080;
const DB_NAME = "airflow";
const DB_USER = "airflow";
const FAB_AUTH_MANAGER = "airflow.providers.fab.auth_manager.fab_auth_manager.FabAuthManager";
/**
 * The scheduler runs the tasks (LocalExecutor), and with them the Spark driver: client is the
 * only deploy mode a standalone cluster offers Python applications. Its memory covers
 * Airflow's own ~2 GB plus the driver's JVM (spark.driver.memory defaults to 1 GB).
 */
const SCHEDULER_MEMORY_MB = 2048 + 1024;
/** Where the repository's folders appear in every Airflow container, read-only. */
const REPO_MOUNTS: readonly RepoMount[] = [
  { repoPath: "dags", containerPath: "/opt/airflow/dags" },
  { repoPath: "spark", containerPath: "/opt/airflow/spark" },
  // The event contract the job validates against, at ../runtime/src/contract from spark/.
  { repoPath: "runtime/src/contract", containerPath: "/opt/airflow/runtime/src/contract" },
];
/**
 * `$NAME`, never `${NAME}`: terraform would read the braces as its own interpolation. Values
 * as `--option=value`: a generated password (base64url) starts with "-" one time in 64, and
 * the CLI's parser reads `--password -x...` as a missing value followed by another option.
 */
const AIRFLOW_INIT_SCRIPT = [
  "set -eu",
  "airflow db migrate",
  'airflow users create --username="$LOGPIPE_AIRFLOW_ADMIN_USER" --password="$LOGPIPE_AIRFLOW_ADMIN_PASSWORD" --role Admin --firstname Pipeline --lastname Admin --email admin@logpipe.invalid' +
    ' || airflow users reset-password --username="$LOGPIPE_AIRFLOW_ADMIN_USER" --password="$LOGPIPE_AIRFLOW_ADMIN_PASSWORD"',
].join("\n");

/**
 * Airflow 3 with LocalExecutor: a PostgreSQL metadata database, a one-shot init job
 * (migrate, create the admin), the API server (UI), the scheduler and the DAG processor.
 * DAGs from dags/, the job from spark/ and the event contract from runtime/src/contract are
 * mounted read-only from the repository; the job runs with its driver in the scheduler.
 */
export class Airflow extends Construct {
  public readonly webUrl: string;
  public readonly database: DockerService;
  public readonly apiServer: DockerService;
  public readonly scheduler: DockerService;
  public readonly dagProcessor: DockerService;

  constructor(scope: Construct, id: string, props: AirflowProps) {
    super(scope, id);
    const hostBindIp = props.hostBindIp ?? "127.0.0.1";
    const webHostPort = props.webHostPort ?? 8088;
    const dbName = `${props.namePrefix}-airflow-db`;
    const apiName = `${props.namePrefix}-airflow-api-server`;
    this.webUrl = `http://${hostBindIp}:${webHostPort}`;

    const dbData = new Volume(this, "db-data", { name: `${dbName}-data` });
    this.database = new DockerService(this, "db", {
      containerName: dbName,
      image: pinnedImage(this, "db-image", props.databaseImage ?? DEFAULT_IMAGES.postgres),
      network: props.network,
      memoryMb: 512,
      environment: {
        POSTGRES_DB: DB_NAME,
        POSTGRES_USER: DB_USER,
        POSTGRES_PASSWORD: props.secrets.databasePassword,
        PGDATA: "/var/lib/postgresql/data/pgdata",
      },
      volumes: [{ volume: dbData, containerPath: "/var/lib/postgresql/data" }],
      healthcheck: healthcheck(["CMD", "pg_isready", "-U", DB_USER, "-d", DB_NAME]),
    });

    const [sparkHost, sparkPort] = props.spark.masterUrl.replace(/^spark:\/\//, "").split(":");
    const common: Record<string, string> = {
      AIRFLOW__CORE__EXECUTOR: "LocalExecutor",
      AIRFLOW__CORE__AUTH_MANAGER: FAB_AUTH_MANAGER,
      AIRFLOW__CORE__LOAD_EXAMPLES: "False",
      // The DAG is declared here to run; paused-at-creation would leave a deploy silently idle.
      AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION: "False",
      AIRFLOW__CORE__FERNET_KEY: props.secrets.fernetKey,
      AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `http://${apiName}:${API_PORT}/execution/`,
      AIRFLOW__API__SECRET_KEY: props.secrets.apiSecretKey,
      AIRFLOW__API_AUTH__JWT_SECRET: props.secrets.jwtSecret,
      // Airflow 3.1.0 signs with no issuer when this is unset, which PyJWT from 2.11 refuses
      // ("Issuer (iss) must be a string"): login and every REST token would fail. The lock
      // holds the PyJWT Airflow was released with; an explicit issuer keeps tokens valid
      // under a newer one too. Every process that signs or checks tokens reads the same.
      AIRFLOW__API_AUTH__JWT_ISSUER: `${props.namePrefix}-airflow`,
      AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `postgresql+psycopg2://${DB_USER}:${Fn.urlencode(props.secrets.databasePassword)}@${dbName}:5432/${DB_NAME}`,
      // The interpreter of the job's Python workers, named by the driver (here) for the
      // executors too: the Spark image has the same minor version under this name.
      PYSPARK_PYTHON: `python${versions.python}`,
      // The Spark provider builds the master URL as host:port when host holds a scheme.
      AIRFLOW_CONN_SPARK_DEFAULT: JSON.stringify({
        conn_type: "spark",
        host: `spark://${sparkHost}`,
        port: Number(sparkPort),
        extra: { "deploy-mode": "client" },
      }),
      ...props.environment,
    };
    const image = (props.image ?? new AirflowImage(this, "image", { tag: `${props.namePrefix}/airflow:${versions.airflow}` })).image;
    const schedulerName = `${props.namePrefix}-airflow-scheduler`;

    // Migrate, then create the admin or (on a re-deploy) set its password to the variable's.
    // Explicit rather than the image's _AIRFLOW_DB_MIGRATE, whose failures are ignored.
    const init = new DockerService(this, "init", {
      containerName: `${props.namePrefix}-airflow-init`,
      image,
      network: props.network,
      memoryMb: 1024,
      runOnce: true,
      command: ["bash", "-c", AIRFLOW_INIT_SCRIPT],
      environment: {
        ...common,
        LOGPIPE_AIRFLOW_ADMIN_USER: props.adminUser ?? "admin",
        LOGPIPE_AIRFLOW_ADMIN_PASSWORD: props.secrets.adminPassword,
      },
      dependsOn: [this.database.container],
    });

    const component = (componentId: string, name: string, command: string[], memoryMb: number, extra: Partial<{ hostPort: number; check: string[]; runsTasks: boolean }> = {}) =>
      new DockerService(this, componentId, {
        containerName: name,
        image,
        network: props.network,
        memoryMb,
        hostBindIp,
        hostPorts: extra.hostPort ? [{ containerPort: API_PORT, hostPort: extra.hostPort, setting: "airflow.webHostPort" }] : [],
        command,
        environment: extra.runsTasks
          ? {
              ...common,
              ...props.taskEnvironment,
              // Executors connect back to the driver, so it must advertise a name they can
              // resolve: the scheduler's on the network. The DAG hands it to spark-submit as
              // spark.driver.host.
              LOGPIPE_SPARK_DRIVER_HOST: schedulerName,
            }
          : common,
        repoMounts: [...REPO_MOUNTS],
        healthcheck: extra.check ? healthcheck(extra.check, { interval: "30s", timeout: "20s", startPeriod: "1m0s" }) : undefined,
        dependsOn: [init.container],
      });

    this.apiServer = component("api-server", apiName, ["api-server"], 1536, {
      hostPort: webHostPort,
      check: ["CMD", "curl", "--fail", `http://localhost:${API_PORT}/api/v2/monitor/health`],
    });
    this.scheduler = component("scheduler", schedulerName, ["scheduler"], SCHEDULER_MEMORY_MB, {
      check: ["CMD", "airflow", "jobs", "check", "--job-type", "SchedulerJob", "--local"],
      runsTasks: true,
    });
    this.dagProcessor = component("dag-processor", `${props.namePrefix}-airflow-dag-processor`, ["dag-processor"], 1024, {
      check: ["CMD", "airflow", "jobs", "check", "--job-type", "DagProcessorJob", "--local"],
    });
  }
}
