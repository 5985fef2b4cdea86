/**
 * Deployment profiles: the sizes and host ports of one environment.
 *
 * Pick one without editing code: `LOGPIPE_PROFILE=ha npm run synth` (default `dev`);
 * LOGPIPE_BIND_IP publishes host ports on another address than 127.0.0.1;
 * LOGPIPE_SIMULATOR_HOST_PORT and LOGPIPE_SINK_HOST_PORT move the runtime services' host ports;
 * LOGPIPE_LAKE_BUCKET, LOGPIPE_RAW_RETENTION_DAYS and LOGPIPE_LAKE_USER_PREFIX override the
 * lake's settings.
 * The constructs validate what they are given, so an inconsistent profile fails at synth
 * with a message that names the setting and the fix.
 */
import { ConfigurationError, validate } from "./validation";

export type ProfileName = "dev" | "ha";

export interface KafkaSettings {
  readonly brokers: number;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly minInSyncReplicas: number;
  readonly retentionHours: number;
  /** The `logs` topic's max.message.bytes (see KafkaClusterProps.maxMessageBytes). */
  readonly maxMessageBytes: number;
  /** Broker i (0-based) is reachable from the host on firstHostPort + i. */
  readonly firstHostPort: number;
}

export interface SparkSettings {
  readonly workers: number;
  readonly workerCores: number;
  readonly workerMemoryMb: number;
  readonly masterHostPort: number;
  readonly masterUiHostPort: number;
  /** Worker i (0-based) serves its UI on firstWorkerUiHostPort + i. */
  readonly firstWorkerUiHostPort: number;
}

export interface Profile {
  readonly name: ProfileName;
  /** Address host ports are published on. 127.0.0.1 keeps every service off the network. */
  readonly hostBindIp: string;
  readonly kafka: KafkaSettings;
  readonly spark: SparkSettings;
  readonly minio: { readonly apiHostPort: number; readonly consoleHostPort: number };
  readonly airflow: { readonly webHostPort: number };
  readonly runtime: { readonly simulatorHostPort: number; readonly sinkHostPort: number };
  readonly lake: {
    readonly bucketName: string;
    readonly rawRetentionDays: number;
    /** Prefix of the lake's MinIO user and policy names: <prefix>-sink, <prefix>-sink-policy ... */
    readonly userPrefix: string;
  };
}

const shared = {
  hostBindIp: "127.0.0.1",
  minio: { apiHostPort: 9000, consoleHostPort: 9001 },
  airflow: { webHostPort: 8088 },
  runtime: { simulatorHostPort: 3000, sinkHostPort: 3001 },
  lake: { bucketName: "lake", rawRetentionDays: 30, userPrefix: "logpipe" },
} as const;

export const PROFILES: Readonly<Record<ProfileName, Profile>> = {
  dev: {
    ...shared,
    name: "dev",
    kafka: {
      brokers: 1,
      partitions: 3,
      replicationFactor: 1,
      minInSyncReplicas: 1,
      retentionHours: 72,
      maxMessageBytes: 1024 * 1024,
      firstHostPort: 29092,
    },
    spark: {
      workers: 1,
      workerCores: 2,
      workerMemoryMb: 2048,
      masterHostPort: 7077,
      masterUiHostPort: 8080,
      firstWorkerUiHostPort: 8081,
    },
  },
  ha: {
    ...shared,
    name: "ha",
    kafka: {
      brokers: 3,
      partitions: 6,
      replicationFactor: 3,
      minInSyncReplicas: 2,
      retentionHours: 168,
      maxMessageBytes: 1024 * 1024,
      firstHostPort: 29092,
    },
    spark: {
      workers: 2,
      workerCores: 2,
      workerMemoryMb: 4096,
      masterHostPort: 7077,
      masterUiHostPort: 8080,
      firstWorkerUiHostPort: 8081,
    },
  },
};

/** The profile named by LOGPIPE_PROFILE (default dev), or a clear error naming the choices. */
export function selectProfile(env: NodeJS.ProcessEnv = process.env): Profile {
  const requested = env.LOGPIPE_PROFILE?.trim() || "dev";
  if (!(requested in PROFILES)) {
    const known = Object.keys(PROFILES).join(", ");
    throw new ConfigurationError("the environment", [`LOGPIPE_PROFILE must be one of ${known}, but "${requested}" was provided`]);
  }
  const profile = PROFILES[requested as ProfileName];
  return {
    ...profile,
    // Publishing beyond the loopback interface is a deliberate choice, never a default.
    hostBindIp: env.LOGPIPE_BIND_IP || profile.hostBindIp,
    runtime: runtimeSettingsFrom(env, profile.runtime),
    lake: lakeSettingsFrom(env, profile.lake),
  };
}

/** The simulator's and the sink's host ports, as LOGPIPE_SIMULATOR_HOST_PORT and LOGPIPE_SINK_HOST_PORT override them. */
function runtimeSettingsFrom(env: NodeJS.ProcessEnv, defaults: Profile["runtime"]): Profile["runtime"] {
  const ports = {
    LOGPIPE_SIMULATOR_HOST_PORT: env.LOGPIPE_SIMULATOR_HOST_PORT?.trim() || String(defaults.simulatorHostPort),
    LOGPIPE_SINK_HOST_PORT: env.LOGPIPE_SINK_HOST_PORT?.trim() || String(defaults.sinkHostPort),
  };
  // A port another service holds is refused at synth too, naming both (DockerService).
  validate(
    "the environment",
    Object.entries(ports).map(([name, port]) => ({
      violated: !/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535,
      message: `${name} must be a port between 1 and 65535, but "${port}" was provided`,
    })),
  );
  return { simulatorHostPort: Number(ports.LOGPIPE_SIMULATOR_HOST_PORT), sinkHostPort: Number(ports.LOGPIPE_SINK_HOST_PORT) };
}

/** The lake's settings, as LOGPIPE_LAKE_BUCKET, LOGPIPE_RAW_RETENTION_DAYS and LOGPIPE_LAKE_USER_PREFIX override them. */
function lakeSettingsFrom(env: NodeJS.ProcessEnv, defaults: Profile["lake"]): Profile["lake"] {
  const bucketName = env.LOGPIPE_LAKE_BUCKET?.trim() || defaults.bucketName;
  const days = env.LOGPIPE_RAW_RETENTION_DAYS?.trim() || String(defaults.rawRetentionDays);
  const userPrefix = env.LOGPIPE_LAKE_USER_PREFIX?.trim() || defaults.userPrefix;
  // The ranges are the constructs' rules (LakeBucket, LakeAccess); these refuse what cannot be one.
  validate("the environment", [
    { violated: !/^\d+$/.test(days), message: `LOGPIPE_RAW_RETENTION_DAYS must be a whole number of days, but "${days}" was provided` },
    {
      violated: !/^[A-Za-z0-9][A-Za-z0-9._-]{0,54}$/.test(userPrefix),
      message: `LOGPIPE_LAKE_USER_PREFIX must be 1 to 55 of A-Z a-z 0-9 . _ - (starting with a letter or digit), but "${userPrefix}" was provided`,
    },
  ]);
  return { bucketName, rawRetentionDays: Number(days), userPrefix };
}
