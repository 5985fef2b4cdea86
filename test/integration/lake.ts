import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { Connection } from "./services";

/** One Parquet object of the lake, read back with hyparquet (an implementation independent of both writers). */
export interface LakeObject {
  readonly key: string;
  readonly bytes: number;
  readonly rows: Record<string, unknown>[];
  readonly schema: { name: string; type?: string; logicalType?: unknown; convertedType?: string; repetition?: string }[];
  readonly createdBy?: string;
}

export function s3Client(connection: Connection): S3Client {
  return new S3Client({
    endpoint: connection.S3_ENDPOINT,
    region: connection.S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: connection.AWS_ACCESS_KEY_ID, secretAccessKey: connection.AWS_SECRET_ACCESS_KEY },
  });
}

export async function listKeys(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((object) => object.Key!));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

/** Deletes every object under a prefix; returns how many there were. */
export async function deletePrefix(s3: S3Client, bucket: string, prefix: string): Promise<number> {
  const keys = await listKeys(s3, bucket, prefix);
  // DeleteObjects takes at most 1,000 keys a request.
  for (let i = 0; i < keys.length; i += 1000) {
    const result = await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
    if (result.Errors?.length) throw new Error(`deleting under ${prefix}: ${result.Errors.length} objects not deleted, e.g. ${result.Errors[0].Key}: ${result.Errors[0].Message}`);
  }
  return keys.length;
}

export async function readLake(s3: S3Client, bucket: string, prefix: string): Promise<LakeObject[]> {
  // hyparquet ships ES modules only.
  const { parquetMetadata, parquetReadObjects, parquetSchema } = await import("hyparquet");
  const objects: LakeObject[] = [];
  // Spark leaves markers (_SUCCESS) and its file sink's log (_spark_metadata/) in a table's folder.
  const sparkBookkeeping = /(^|\/)(_SUCCESS$|_spark_metadata\/)/;
  for (const key of (await listKeys(s3, bucket, prefix)).filter((name) => !sparkBookkeeping.test(name))) {
    const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const body = await response.Body!.transformToByteArray();
    const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
    const metadata = parquetMetadata(file);
    const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    const schema = parquetSchema(metadata).children.map((child) => ({
      name: child.element.name,
      type: child.element.type,
      logicalType: child.element.logical_type,
      convertedType: child.element.converted_type,
      repetition: child.element.repetition_type,
    }));
    objects.push({ key, bytes: body.byteLength, rows, schema, createdBy: metadata.created_by });
  }
  return objects;
}

/** event_ids in the lake under a prefix, with how often each appears. */
export async function eventIdCounts(s3: S3Client, bucket: string, prefix: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const object of await readLake(s3, bucket, prefix)) {
    for (const row of object.rows) counts.set(String(row.event_id), (counts.get(String(row.event_id)) ?? 0) + 1);
  }
  return counts;
}
