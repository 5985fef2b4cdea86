/**
 * Run by `npm run destroy` before terraform touches anything: the lake bucket the lake stack's
 * state holds must be empty, or terraform would remove the users, policies and lifecycle rule
 * first and then refuse on the bucket, leaving the deployment half destroyed.
 *
 *   tsx scripts/lake/before-destroy.ts <cdktf output dir> [--delete-lake-data]
 *
 * Without the flag it refuses (exit 3) when the bucket holds objects, naming the bucket and how
 * many. With it, it deletes every object (every version) first, so the destroy removes all.
 * Reads the same environment as cdktf: the settings (LOGPIPE_*) and TF_VAR_minio_root_*.
 */
import { DeleteObjectsCommand, ListObjectVersionsCommand, ObjectIdentifier, S3Client } from "@aws-sdk/client-s3";
import { ConfigurationError } from "../../infra/config/validation";
import { readState, resolve, resourcesOf, stateFileOf, synthesize, variablesFromEnvironment } from "../lib/synthesized";

const REFUSED = 3;

interface LakeObjects {
  readonly objects: number;
  readonly versions: ObjectIdentifier[];
}

async function objectsIn(s3: S3Client, bucket: string): Promise<LakeObjects> {
  const versions: ObjectIdentifier[] = [];
  let objects = 0;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
    for (const version of page.Versions ?? []) {
      if (version.IsLatest) objects++;
      versions.push({ Key: version.Key!, VersionId: version.VersionId });
    }
    for (const marker of page.DeleteMarkers ?? []) versions.push({ Key: marker.Key!, VersionId: marker.VersionId });
    [keyMarker, versionIdMarker] = page.IsTruncated ? [page.NextKeyMarker, page.NextVersionIdMarker] : [undefined, undefined];
  } while (keyMarker !== undefined);
  return { objects, versions };
}

async function deleteAll(s3: S3Client, bucket: string, versions: ObjectIdentifier[]): Promise<void> {
  for (let at = 0; at < versions.length; at += 1000) {
    const batch = versions.slice(at, at + 1000);
    const result = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch, Quiet: true } }));
    const failed = result.Errors ?? [];
    if (failed.length > 0) throw new Error(`${failed.length} object(s) of ${bucket} could not be deleted, e.g. ${failed[0].Key}: ${failed[0].Message}`);
  }
}

async function main(): Promise<number> {
  const [outdir, ...flags] = process.argv.slice(2);
  const unknown = flags.filter((flag) => flag !== "--delete-lake-data");
  if (!outdir || unknown.length > 0) throw new Error("usage: before-destroy.ts <cdktf output dir> [--delete-lake-data]");
  const deleteData = flags.includes("--delete-lake-data");

  const stacks = synthesize(process.env, outdir);
  const lake = stacks.lake;
  const state = readState(stateFileOf(lake));
  const buckets = Object.keys(resourcesOf(lake, "minio_s3_bucket")).flatMap((name) => {
    const resource = state?.resources?.find((r) => r.type === "minio_s3_bucket" && r.name === name);
    return resource ? [String(resource.instances[0].attributes.bucket)] : [];
  });
  if (buckets.length === 0) {
    console.error("lake: no bucket in the lake stack's state, nothing to check before the destroy");
    return 0;
  }

  const provider = lake.json.provider?.minio?.[0] as { minio_server: string; minio_ssl?: boolean; minio_region?: string; minio_user: string; minio_password: string };
  const context = { variables: variablesFromEnvironment(process.env), stacks };
  const server = resolve(provider.minio_server, lake, context);
  const endpoint = `${provider.minio_ssl ? "https" : "http"}://${server}`;
  const s3 = new S3Client({
    endpoint,
    region: provider.minio_region ?? "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: resolve(provider.minio_user, lake, context), secretAccessKey: resolve(provider.minio_password, lake, context) },
    maxAttempts: 2,
  });
  try {
    for (const bucket of buckets) {
      let found: LakeObjects;
      try {
        found = await objectsIn(s3, bucket);
      } catch (error) {
        if ((error as { name?: string }).name === "NoSuchBucket") continue;
        console.error(`lake: cannot check the lake bucket "${bucket}" on the MinIO at ${endpoint}: ${(error as Error).message}`);
        console.error("lake: nothing was destroyed. The lake stack cannot be destroyed while its MinIO does not answer: start it (npm run deploy) and retry.");
        return REFUSED;
      }
      if (found.versions.length === 0) continue;
      if (!deleteData) {
        console.error(`lake: the lake bucket "${bucket}" on ${endpoint} holds ${found.objects} object(s) (${found.versions.length} version(s)): nothing was destroyed.`);
        console.error("lake: copy out what you want to keep, then remove everything including the data with: npm run destroy -- --delete-lake-data");
        return REFUSED;
      }
      await deleteAll(s3, bucket, found.versions);
      console.error(`lake: deleted ${found.objects} object(s) (${found.versions.length} version(s)) from the lake bucket "${bucket}" (--delete-lake-data)`);
    }
    return 0;
  } finally {
    s3.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigurationError ? error.message : `lake: the check before the destroy failed: ${(error as Error).message}`);
    process.exit(1);
  },
);
