/**
 * An existing MinIO for the lake stack to manage, instead of the platform's container.
 *
 * `LOGPIPE_MINIO_ENDPOINT=minio.example.internal:9000 npm run deploy` declares the lake stack
 * alone (bucket, lifecycle, users, policies) on that server: no Docker, no platform stack.
 * The server's admin credentials are the same variables as always (TF_VAR_minio_root_user,
 * TF_VAR_minio_root_password). The tests use this to deploy the lake on the MinIO of
 * `npm run services:up`.
 */
import { ConfigurationError } from "./validation";

export interface ExternalMinio {
  /** host:port of the S3 API, as reached from where terraform runs. */
  readonly hostEndpoint: string;
  /** URL of the S3 API, for clients of the lake. */
  readonly s3Endpoint: string;
  readonly region: string;
  /** Whether the API is served over TLS. */
  readonly ssl: boolean;
  /** The lake stack's state file is terraform.<stateName>.tfstate: one per server. */
  readonly stateName: string;
}

const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])$/;

/**
 * The MinIO named by LOGPIPE_MINIO_ENDPOINT (with LOGPIPE_MINIO_SSL and LOGPIPE_MINIO_REGION),
 * or undefined when it is not set; every problem with the three is reported at once.
 */
export function externalMinioFrom(env: NodeJS.ProcessEnv): ExternalMinio | undefined {
  const endpoint = env.LOGPIPE_MINIO_ENDPOINT?.trim();
  if (!endpoint) return undefined;
  const ssl = (env.LOGPIPE_MINIO_SSL?.trim() || "false").toLowerCase();
  const region = env.LOGPIPE_MINIO_REGION?.trim() || "us-east-1";

  const problems: string[] = [];
  const scheme = /^([a-z]+):\/\//i.exec(endpoint);
  if (scheme) {
    problems.push(`LOGPIPE_MINIO_ENDPOINT must be host:port without a scheme (LOGPIPE_MINIO_SSL=true selects https), but "${endpoint}" was provided`);
  } else {
    const at = endpoint.lastIndexOf(":");
    const host = at > 0 ? endpoint.slice(0, at) : "";
    const port = at > 0 ? endpoint.slice(at + 1) : "";
    if (!HOST.test(host) || !/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      problems.push(`LOGPIPE_MINIO_ENDPOINT must be host:port with a port between 1 and 65535 (e.g. 127.0.0.1:9000), but "${endpoint}" was provided`);
    }
  }
  if (ssl !== "true" && ssl !== "false") {
    problems.push(`LOGPIPE_MINIO_SSL must be true or false, but "${env.LOGPIPE_MINIO_SSL}" was provided`);
  }
  if (!/^[a-z0-9-]{1,63}$/.test(region)) {
    problems.push(`LOGPIPE_MINIO_REGION must be a region name such as us-east-1, but "${region}" was provided`);
  }
  if (problems.length > 0) throw new ConfigurationError("the environment", problems);

  return {
    hostEndpoint: endpoint,
    s3Endpoint: `${ssl === "true" ? "https" : "http"}://${endpoint}`,
    region,
    ssl: ssl === "true",
    stateName: `lake.${endpoint.replace(/[^A-Za-z0-9.-]/g, "_")}`,
  };
}
