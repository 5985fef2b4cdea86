import { Network } from "@cdktf/provider-docker/lib/network";
import { Construct } from "constructs";
import { validate } from "../config/validation";
import { DockerService, healthcheck } from "./docker-service";
import { IKafkaEndpoint } from "./kafka-cluster";
import { IS3Endpoint } from "./minio-server";
import { RuntimeImage } from "./runtime-image";

export type RuntimeRole = "simulator" | "sink";

/** S3 credentials of one component, as the lake stack issues them. */
export interface LakeCredentials {
  readonly accessKeyId: string;
  /** Secret key: a reference to the lake stack's output, never a literal. */
  readonly secretAccessKey: string;
}

/** Where and as whom a component writes to the lake. */
export interface LakeWriter {
  readonly endpoint: IS3Endpoint;
  readonly bucketName: string;
  readonly credentials: LakeCredentials;
}

export interface RuntimeServiceProps {
  readonly role: RuntimeRole;
  readonly image: RuntimeImage;
  readonly network: Network;
  readonly namePrefix: string;
  readonly kafka: IKafkaEndpoint;
  /** Required for the sink, which lands Parquet in the lake. @default - no lake access */
  readonly lake?: LakeWriter;
  /** Host port of the service's HTTP endpoint (API, /healthz, /metrics). */
  readonly hostPort: number;
  /** @default "127.0.0.1" */
  readonly hostBindIp?: string;
  /** @default DEFAULT_RUNTIME_MEMORY_MB (512) */
  readonly memoryMb?: number;
  /** Extra environment (tuning such as batch sizes). @default {} */
  readonly environment?: Record<string, string>;
}

/** Port the services listen on inside their container. */
const HTTP_PORT = 8080;
/** A runtime container's memory unless `memoryMb` says otherwise; the sink's defaults are sized for it (runtime/src/sink/main.ts). */
export const DEFAULT_RUNTIME_MEMORY_MB = 512;

/**
 * Node's own flags per role, given before the script. Inside a memory limit Node shrinks its
 * heaps' young generation; the simulator allocates every request's events and drops them
 * milliseconds later, so in its 512 MB it spent its time in scavenges: 1,000-event batches
 * went at 32,000 events/s against 61,000 without a limit. 16 MB semi-spaces bring it to about
 * 50,000, at a peak of 192 MB in its cgroup. The sink's threads (its consumer and two codec
 * threads) had 1 MB semi-spaces in 512 MB: the consumer scavenged about 70 times a second
 * under a backlog and its GC took a third of its time. 8 MB semi-spaces cut the sink's CPU per
 * 1M events by about a sixth, at a peak near 390 MB in its cgroup; 16 MB saved no more and
 * peaked near 435 MB (and got it killed for memory when its codec threads still held events as
 * objects). Its consumer then ran about 9 mark-compacts a second with an old generation of 25 to
 * 45 MB, each started because the old space had reached a limit that begins small and grows
 * slowly; an initial heap of 48 MB cut the sink's CPU per 1M events by about a tenth again
 * (alternating drains: 15.9-18.3 CPU-s against 18.5-20.1) at a cgroup peak of 389-426 MB
 * (against 370-396). 64 MB saved more but peaked near 460 MB; 32 MB saved no more than the noise.
 */
export const RUNTIME_NODE_FLAGS: Record<RuntimeRole, readonly string[]> = {
  simulator: ["--max-semi-space-size=16"],
  sink: ["--max-semi-space-size=8", "--initial-heap-size=48"],
};

/** One role of the runtime image (the Express simulator or the Kafka-to-Parquet sink) as a container. */
export class RuntimeService extends Construct {
  public readonly service: DockerService;
  /** URL of the service on the host. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: RuntimeServiceProps) {
    super(scope, id);
    validate(this.node.path, [
      {
        violated: props.role === "sink" && props.lake === undefined,
        message: "the sink writes Parquet to the lake, so lake (endpoint, bucket, credentials) must be provided",
      },
    ]);
    const hostBindIp = props.hostBindIp ?? "127.0.0.1";
    this.url = `http://${hostBindIp}:${props.hostPort}`;

    const lakeEnvironment: Record<string, string> = props.lake
      ? {
          S3_ENDPOINT: props.lake.endpoint.s3Endpoint,
          S3_REGION: props.lake.endpoint.region,
          S3_BUCKET: props.lake.bucketName,
          S3_FORCE_PATH_STYLE: "true",
          AWS_ACCESS_KEY_ID: props.lake.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: props.lake.credentials.secretAccessKey,
        }
      : {};

    this.service = new DockerService(this, "service", {
      containerName: `${props.namePrefix}-${props.role}`,
      image: props.image.image,
      network: props.network,
      memoryMb: props.memoryMb ?? DEFAULT_RUNTIME_MEMORY_MB,
      hostBindIp,
      hostPorts: [{ containerPort: HTTP_PORT, hostPort: props.hostPort, setting: `runtime.${props.role}HostPort` }],
      command: ["node", ...RUNTIME_NODE_FLAGS[props.role], `dist/${props.role}/main.js`],
      environment: {
        NODE_ENV: "production",
        PORT: String(HTTP_PORT),
        KAFKA_BROKERS: props.kafka.bootstrapServers,
        KAFKA_TOPIC: props.kafka.logsTopic.name,
        KAFKA_DLQ_TOPIC: props.kafka.deadLetterTopic.name,
        ...lakeEnvironment,
        ...props.environment,
      },
      // The slim node image has no curl; node itself asks the service's health endpoint.
      healthcheck: healthcheck([
        "CMD", "node", "-e",
        `fetch('http://127.0.0.1:${HTTP_PORT}/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
      ]),
    });
  }
}
