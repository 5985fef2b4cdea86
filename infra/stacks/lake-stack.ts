import { TerraformOutput, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { MinioProvider } from "../.gen/providers/minio/provider";
import { Profile } from "../config/profiles";
import { LakeAccess } from "../constructs/lake-access";
import { LakeBucket } from "../constructs/lake-bucket";
import { IS3Endpoint } from "../constructs/minio-server";
import { keepStateAtRepoRoot } from "./state";
import { secret } from "./variables";

/** Where the lake's MinIO answers, as seen from the machine that runs terraform. */
export interface ILakeServer extends IS3Endpoint {
  /** host:port of the S3 API on the host (a reference to the platform's container when it has one). */
  readonly hostEndpoint: string;
  /** Whether the S3 API is served over TLS. @default false */
  readonly ssl?: boolean;
}

export interface LakeStackProps {
  readonly profile: Profile;
  readonly server: ILakeServer;
  /** Prefix of every user and policy name. @default profile.lake.userPrefix */
  readonly namePrefix?: string;
  /**
   * Name of the stack's state file, terraform.<stateName>.tfstate: one per MinIO server, so
   * pointing the lake at another server never reuses the first one's state.
   * @default the stack's id
   */
  readonly stateName?: string;
}

/** Lake zones, as key prefixes of the lake bucket. */
export const LAKE_ZONES = {
  raw: "raw/",
  curated: "curated/",
  quarantine: "quarantine/",
  checkpoints: "checkpoints/",
} as const;

/**
 * The lake: the bucket and its lifecycle, and one least-privilege identity per component.
 * - sink: writes raw/, nothing else (no read, no delete)
 * - spark: reads raw/, owns curated/, quarantine/ and its checkpoints/
 * - airflow: reads raw/ and curated/ for its data-quality checks
 */
export class LakeStack extends TerraformStack {
  public readonly server: ILakeServer;
  public readonly lake: LakeBucket;
  public readonly sinkAccess: LakeAccess;
  public readonly sparkAccess: LakeAccess;
  public readonly airflowAccess: LakeAccess;

  constructor(scope: Construct, id: string, props: LakeStackProps) {
    super(scope, id);
    keepStateAtRepoRoot(this, props.stateName);
    const { profile } = props;
    const namePrefix = props.namePrefix ?? profile.lake.userPrefix;
    this.server = props.server;

    new MinioProvider(this, "minio", {
      minioServer: props.server.hostEndpoint,
      minioRegion: props.server.region,
      minioUser: secret(this, "minio_root_user"),
      minioPassword: secret(this, "minio_root_password"),
      minioSsl: props.server.ssl ?? false,
    });

    this.lake = new LakeBucket(this, "lake", {
      bucketName: profile.lake.bucketName,
      expirations: [{ prefix: LAKE_ZONES.raw, days: profile.lake.rawRetentionDays }],
    });

    this.sinkAccess = new LakeAccess(this, "sink", {
      bucket: this.lake,
      userName: `${namePrefix}-sink`,
      grants: [{ prefix: LAKE_ZONES.raw, access: "write" }],
    });
    this.sparkAccess = new LakeAccess(this, "spark", {
      bucket: this.lake,
      userName: `${namePrefix}-spark`,
      grants: [
        { prefix: LAKE_ZONES.raw, access: "read" },
        { prefix: LAKE_ZONES.curated, access: "readWrite" },
        { prefix: LAKE_ZONES.quarantine, access: "readWrite" },
        { prefix: LAKE_ZONES.checkpoints, access: "readWrite" },
      ],
    });
    this.airflowAccess = new LakeAccess(this, "airflow", {
      bucket: this.lake,
      userName: `${namePrefix}-airflow`,
      grants: [
        { prefix: LAKE_ZONES.raw, access: "read" },
        { prefix: LAKE_ZONES.curated, access: "read" },
      ],
    });

    new TerraformOutput(this, "lake_bucket", { value: this.lake.bucket.bucket });
  }
}
