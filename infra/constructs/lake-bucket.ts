import { Construct } from "constructs";
import { IlmPolicy } from "../.gen/providers/minio/ilm-policy";
import { S3Bucket } from "../.gen/providers/minio/s3-bucket";
import { S3BucketVersioning } from "../.gen/providers/minio/s3-bucket-versioning";
import { bucketNameProblem, isWholeNumberBetween, validate } from "../config/validation";

/** Objects under a prefix that expire after a number of days. */
export interface ExpirationRule {
  /** Key prefix, ending in "/", e.g. "raw/". */
  readonly prefix: string;
  readonly days: number;
}

export interface LakeBucketProps {
  readonly bucketName: string;
  /** Lifecycle: what expires, and when. @default [] - nothing expires */
  readonly expirations?: ExpirationRule[];
  /** Keep every version of every object (undo for overwrites and deletes). @default false */
  readonly versioned?: boolean;
  /** Let `destroy` delete a bucket that still holds objects. @default false - a destroy keeps your data and fails instead */
  readonly forceDestroy?: boolean;
}

/** A bucket of the lake, with its lifecycle and versioning. */
export class LakeBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  /** ARN of the bucket, for policy documents. */
  public readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: LakeBucketProps) {
    super(scope, id);
    const expirations = props.expirations ?? [];
    const nameProblem = bucketNameProblem(props.bucketName);
    validate(this.node.path, [
      {
        violated: nameProblem !== undefined,
        message: `bucketName "${props.bucketName}" ${nameProblem}: choose another lake.bucketName`,
      },
      ...expirations.flatMap((rule) => [
        {
          violated: !isWholeNumberBetween(rule.days, 1, 36500),
          message: `expiration days for "${rule.prefix}" must be between 1 and 36500, but ${rule.days} was provided`,
        },
        {
          violated: !/^[^/].*\/$/.test(rule.prefix),
          message: `expiration prefix must end with "/" and not start with one, but "${rule.prefix}" was provided`,
        },
      ]),
    ]);

    this.bucketName = props.bucketName;
    this.bucketArn = `arn:aws:s3:::${props.bucketName}`;
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      acl: "private",
      forceDestroy: props.forceDestroy ?? false,
    });

    if (expirations.length > 0) {
      new IlmPolicy(this, "lifecycle", {
        bucket: this.bucket.bucket,
        rule: expirations.map((rule) => ({
          id: `expire-${rule.prefix.replace(/\/$/, "").replace(/[^A-Za-z0-9-]/g, "-")}`,
          status: "Enabled",
          filter: rule.prefix,
          expiration: `${rule.days}d`,
        })),
      });
    }

    if (props.versioned) {
      new S3BucketVersioning(this, "versioning", {
        bucket: this.bucket.bucket,
        versioningConfiguration: { status: "Enabled" },
      });
    }
  }
}
