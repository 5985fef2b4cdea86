import { S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";

export interface LakeWriterConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  /** MinIO serves buckets by path, not by virtual host. */
  readonly forcePathStyle: boolean;
  /** Bodies above this are sent as a multipart upload, in parts of this size. */
  readonly partSizeBytes?: number; // default 8 MiB
  /** Longest one attempt may take before it is abandoned and retried. */
  readonly requestTimeoutMs?: number; // default 30_000
}

/** Writes objects to the lake; credentials come from the standard AWS environment variables. */
export class LakeWriter {
  private readonly client: S3Client;

  constructor(private readonly config: LakeWriterConfig) {
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.forcePathStyle,
      // The sink retries with its own backoff and never gives up on a batch; one attempt here.
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 3_000, requestTimeout: config.requestTimeoutMs ?? 30_000 },
    });
  }

  get bucket(): string {
    return this.config.bucket;
  }

  /** Puts one object (multipart when large). Resolves once the object is durably stored. */
  async put(key: string, body: Uint8Array, signal?: AbortSignal): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: key, Body: body, ContentType: "application/vnd.apache.parquet" },
      partSize: this.config.partSizeBytes ?? 8 * 1024 * 1024,
      queueSize: 2,
      leavePartsOnError: false,
    });
    const abort = () => void upload.abort();
    signal?.addEventListener("abort", abort, { once: true });
    try {
      await upload.done();
    } finally {
      signal?.removeEventListener("abort", abort);
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}
