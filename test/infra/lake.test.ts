import { Testing } from "cdktf";
import { LakeAccess, LakeGrant, lakePolicyDocument } from "../../infra/constructs/lake-access";
import { LakeBucket, LakeBucketProps } from "../../infra/constructs/lake-bucket";
import { resources } from "./synth";

const BUCKET_ARN = "arn:aws:s3:::lake";

function synthLake(bucketProps: Partial<LakeBucketProps> = {}, grants: LakeGrant[] = [{ prefix: "raw/", access: "write" }]): string {
  return Testing.synthScope((scope) => {
    const bucket = new LakeBucket(scope, "lake", { bucketName: "lake", ...bucketProps });
    new LakeAccess(scope, "sink", { bucket, userName: "lp-sink", grants });
  });
}

/** The actions a policy allows on one object key or on the bucket, with the s3:prefix a listing would use. */
function allowed(policy: ReturnType<typeof lakePolicyDocument>, action: string, resource: string, listPrefix?: string): boolean {
  return policy.Statement.some((statement) => {
    if (!statement.Action.includes(action)) return false;
    const matches = statement.Resource.some((pattern) => new RegExp(`^${pattern.replace(/[.]/g, "\\.").replace(/\*/g, ".*")}$`).test(resource));
    if (!matches) return false;
    const prefixes = statement.Condition?.StringLike?.["s3:prefix"];
    if (!prefixes) return true;
    return listPrefix !== undefined && prefixes.some((p) => new RegExp(`^${p.replace(/\*/g, ".*")}$`).test(listPrefix));
  });
}

describe("LakeBucket", () => {
  test("is private and kept on destroy unless asked", () => {
    expect(synthLake()).toHaveResourceWithProperties({ tfResourceType: "minio_s3_bucket" }, { bucket: "lake", acl: "private", force_destroy: false });
  });

  test("expires raw objects after the configured days", () => {
    const synthesized = synthLake({ expirations: [{ prefix: "raw/", days: 30 }] });
    const [policy] = Object.values(resources<{ rule: unknown[] }>(synthesized, "minio_ilm_policy"));
    expect(policy.rule).toEqual([{ id: "expire-raw", status: "Enabled", filter: "raw/", expiration: "30d" }]);
  });

  test("declares no lifecycle and no versioning when none is asked for", () => {
    const synthesized = synthLake();
    expect(synthesized).not.toHaveResource({ tfResourceType: "minio_ilm_policy" });
    expect(synthesized).not.toHaveResource({ tfResourceType: "minio_s3_bucket_versioning" });
  });

  test("enables versioning when asked", () => {
    expect(synthLake({ versioned: true })).toHaveResourceWithProperties(
      { tfResourceType: "minio_s3_bucket_versioning" },
      { versioning_configuration: { status: "Enabled" } },
    );
  });

  test.each([
    ["ab", /must be 3 to 63 characters long, but has 2/],
    ["Lake", /may contain only lowercase letters/],
    ["lake_raw", /may contain only lowercase letters/],
    ["-lake", /must start and end with a letter or digit/],
    ["la..ke", /must not contain two adjacent dots/],
    ["192.168.1.10", /must not look like an IP address/],
  ])("fails when the bucket name is %s", (bucketName, reason) => {
    expect(() => synthLake({ bucketName })).toThrow(reason);
    expect(() => synthLake({ bucketName })).toThrow(/choose another lake.bucketName/);
  });

  test("fails when an expiration is not a positive number of days", () => {
    expect(() => synthLake({ expirations: [{ prefix: "raw/", days: 0 }] })).toThrow(/expiration days for "raw\/" must be between 1 and 36500, but 0 was provided/);
  });
});

describe("LakeAccess", () => {
  test("creates a user, a policy and the attachment between them", () => {
    const synthesized = synthLake();
    expect(synthesized).toHaveResourceWithProperties({ tfResourceType: "minio_iam_user" }, { name: "lp-sink" });
    expect(synthesized).toHaveResourceWithProperties({ tfResourceType: "minio_iam_policy" }, { name: "lp-sink-policy" });
    const [attachment] = Object.values(resources<{ user_name: string; policy_name: string }>(synthesized, "minio_iam_user_policy_attachment"));
    expect(attachment.user_name).toMatch(/^\$\{minio_iam_user\.sink_user_\w+\.name\}$/);
    expect(attachment.policy_name).toMatch(/^\$\{minio_iam_policy\.sink_policy_\w+\.name\}$/);
  });

  test("never declares the user's secret: MinIO generates it", () => {
    const [user] = Object.values(resources<Record<string, unknown>>(synthLake(), "minio_iam_user"));
    expect(user.secret).toBeUndefined();
  });

  describe("policy documents", () => {
    test("write access puts objects under the prefix and nothing else", () => {
      const policy = lakePolicyDocument(BUCKET_ARN, [{ prefix: "raw/", access: "write" }]);
      expect(allowed(policy, "s3:PutObject", "arn:aws:s3:::lake/raw/logs/dt=2026-11-23/hour=10/x.parquet")).toBe(true);
      expect(allowed(policy, "s3:PutObject", "arn:aws:s3:::lake/curated/x.parquet")).toBe(false);
      expect(allowed(policy, "s3:GetObject", "arn:aws:s3:::lake/raw/x.parquet")).toBe(false);
      expect(allowed(policy, "s3:DeleteObject", "arn:aws:s3:::lake/raw/x.parquet")).toBe(false);
      expect(allowed(policy, "s3:ListBucket", BUCKET_ARN, "raw/")).toBe(false);
    });

    test("read access lists and gets under the prefix only", () => {
      const policy = lakePolicyDocument(BUCKET_ARN, [{ prefix: "curated/", access: "read" }]);
      expect(allowed(policy, "s3:GetObject", "arn:aws:s3:::lake/curated/events/a.parquet")).toBe(true);
      expect(allowed(policy, "s3:GetObject", "arn:aws:s3:::lake/curated")).toBe(true);
      expect(allowed(policy, "s3:GetObject", "arn:aws:s3:::lake/curatedX")).toBe(false);
      expect(allowed(policy, "s3:ListBucket", BUCKET_ARN, "curated/events/")).toBe(true);
      expect(allowed(policy, "s3:ListBucket", BUCKET_ARN, "curated")).toBe(true);
      expect(allowed(policy, "s3:ListBucket", BUCKET_ARN, "raw/")).toBe(false);
      expect(allowed(policy, "s3:GetObject", "arn:aws:s3:::lake/raw/a.parquet")).toBe(false);
      expect(allowed(policy, "s3:PutObject", "arn:aws:s3:::lake/curated/a.parquet")).toBe(false);
    });

    test("readWrite access may also delete, under its prefix only", () => {
      const policy = lakePolicyDocument(BUCKET_ARN, [
        { prefix: "raw/", access: "read" },
        { prefix: "curated/", access: "readWrite" },
      ]);
      expect(allowed(policy, "s3:DeleteObject", "arn:aws:s3:::lake/curated/a.parquet")).toBe(true);
      expect(allowed(policy, "s3:PutObject", "arn:aws:s3:::lake/curated/a.parquet")).toBe(true);
      expect(allowed(policy, "s3:DeleteObject", "arn:aws:s3:::lake/raw/a.parquet")).toBe(false);
      expect(allowed(policy, "s3:PutObject", "arn:aws:s3:::lake/raw/a.parquet")).toBe(false);
      expect(allowed(policy, "s3:ListBucketMultipartUploads", BUCKET_ARN)).toBe(true);
    });

    test("only readWrite grants may list pending multipart uploads", () => {
      expect(allowed(lakePolicyDocument(BUCKET_ARN, [{ prefix: "raw/", access: "write" }]), "s3:ListBucketMultipartUploads", BUCKET_ARN)).toBe(false);
      expect(allowed(lakePolicyDocument(BUCKET_ARN, [{ prefix: "raw/", access: "read" }]), "s3:ListBucketMultipartUploads", BUCKET_ARN)).toBe(false);
    });

    test("no statement allows everything", () => {
      const policy = lakePolicyDocument(BUCKET_ARN, [{ prefix: "curated/", access: "readWrite" }]);
      for (const statement of policy.Statement) {
        expect(statement.Action.some((action) => action.includes("*"))).toBe(false);
        expect(statement.Resource).not.toContain("*");
      }
    });
  });

  test("fails when no grant is given", () => {
    expect(() => synthLake({}, [])).toThrow(/grants must name at least one prefix/);
  });

  test("fails when a prefix does not end with a slash", () => {
    expect(() => synthLake({}, [{ prefix: "raw", access: "read" }])).toThrow(/grant prefix must end with "\/" .* but "raw" was provided/);
  });
});
