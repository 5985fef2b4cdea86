import { Network } from "@cdktf/provider-docker/lib/network";
import { Volume } from "@cdktf/provider-docker/lib/volume";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { DEFAULT_IMAGES } from "../config/images";
import { DockerService, healthcheck, pinnedImage } from "./docker-service";

/** What an S3 client of the lake needs to reach it. */
export interface IS3Endpoint {
  /** URL as seen from containers on the pipeline's network, e.g. http://logpipe-minio:9000. */
  readonly s3Endpoint: string;
  readonly region: string;
}

export interface MinioServerProps {
  readonly network: Network;
  readonly namePrefix: string;
  /** Root user. Pass a sensitive variable, never a literal. */
  readonly rootUser: string;
  /** Root password (at least 8 characters). Pass a sensitive variable, never a literal. */
  readonly rootPassword: string;
  /** @default 9000 */
  readonly apiHostPort?: number;
  /** @default 9001 */
  readonly consoleHostPort?: number;
  /** @default "127.0.0.1" */
  readonly hostBindIp?: string;
  /** @default "us-east-1" */
  readonly region?: string;
  /** @default 1024 */
  readonly memoryMb?: number;
  /** @default - minio/minio pinned in infra/config/versions.json */
  readonly image?: string;
}

const API_PORT = 9000;
const CONSOLE_PORT = 9001;

/** A single-node MinIO server: the lake's object store, data on a named volume. */
export class MinioServer extends Construct implements IS3Endpoint {
  public readonly s3Endpoint: string;
  public readonly region: string;
  /**
   * host:port of the S3 API as published on the host, read from the container's port
   * binding: a stack that manages MinIO from the host (the lake stack) refers to it, and
   * that reference is what orders its deploy after this one.
   */
  public readonly hostEndpoint: string;
  /** URL of the web console on the host. */
  public readonly consoleUrl: string;
  public readonly service: DockerService;

  constructor(scope: Construct, id: string, props: MinioServerProps) {
    super(scope, id);
    const containerName = `${props.namePrefix}-minio`;
    const apiHostPort = props.apiHostPort ?? 9000;
    const consoleHostPort = props.consoleHostPort ?? 9001;
    const hostBindIp = props.hostBindIp ?? "127.0.0.1";
    this.region = props.region ?? "us-east-1";
    this.s3Endpoint = `http://${containerName}:${API_PORT}`;
    this.consoleUrl = `http://${hostBindIp}:${consoleHostPort}`;

    const data = new Volume(this, "data", { name: `${containerName}-data` });
    this.service = new DockerService(this, "server", {
      containerName,
      image: pinnedImage(this, "image", props.image ?? DEFAULT_IMAGES.minio),
      network: props.network,
      memoryMb: props.memoryMb ?? 1024,
      hostBindIp,
      hostPorts: [
        { containerPort: API_PORT, hostPort: apiHostPort, setting: "minio.apiHostPort" },
        { containerPort: CONSOLE_PORT, hostPort: consoleHostPort, setting: "minio.consoleHostPort" },
      ],
      command: ["server", "/data", "--address", `:${API_PORT}`, "--console-address", `:${CONSOLE_PORT}`],
      environment: {
        MINIO_ROOT_USER: props.rootUser,
        MINIO_ROOT_PASSWORD: props.rootPassword,
        MINIO_REGION: this.region,
      },
      volumes: [{ volume: data, containerPath: "/data" }],
      // `mc` ships in the image; `mc ready local` asks the server's own health API.
      healthcheck: healthcheck(["CMD", "mc", "ready", "local"]),
    });

    const apiPort = this.service.container.ports.get(0);
    this.hostEndpoint = `${apiPort.ip}:${Token.asString(apiPort.external)}`;
  }
}
