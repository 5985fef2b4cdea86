import { SignatureV4 } from "@smithy/signature-v4";
import { createHash, createHmac, Hash, Hmac } from "crypto";
import { request } from "./services";

/** What MinIO's admin API says about one user. */
export interface MinioUserInfo {
  readonly status: "enabled" | "disabled";
  readonly policyName?: string;
}

type Bytes = string | ArrayBuffer | ArrayBufferView;

const toBuffer = (data: Bytes): Buffer =>
  typeof data === "string" ? Buffer.from(data, "utf8") : ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data);

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape SignatureV4 expects. */
class Sha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: Bytes) {
    this.hash = this.fresh();
  }
  update(data: Bytes): void {
    this.hash.update(toBuffer(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", toBuffer(this.secret));
  }
}

/**
 * The read side of MinIO's admin API (/minio/admin/v3), signed like S3 requests (SigV4,
 * service "s3"). Only calls whose answers MinIO sends as plain JSON: user-info and
 * info-canned-policy. Listing users would need madmin's encryption, which nothing here needs.
 */
export class MinioAdmin {
  private readonly signer: SignatureV4;
  private readonly url: URL;

  constructor(endpoint: string, region: string, credentials: { accessKeyId: string; secretAccessKey: string }) {
    this.url = new URL(endpoint);
    this.signer = new SignatureV4({ service: "s3", region, credentials, sha256: Sha256 });
  }

  /** The user, or undefined when MinIO does not know it. */
  async userInfo(name: string): Promise<MinioUserInfo | undefined> {
    const response = await this.get("user-info", { accessKey: name });
    if (response.status === 404 || /XMinioAdminNoSuchUser/.test(response.text)) return undefined;
    return JSON.parse(this.ok(response, `user-info ${name}`)) as MinioUserInfo;
  }

  /** The policy document of a named policy, or undefined when MinIO does not know it. */
  async cannedPolicy(name: string): Promise<Record<string, unknown> | undefined> {
    const response = await this.get("info-canned-policy", { name });
    if (response.status === 404 || /XMinioAdminNoSuchPolicy/.test(response.text)) return undefined;
    return JSON.parse(this.ok(response, `info-canned-policy ${name}`)) as Record<string, unknown>;
  }

  private async get(call: string, query: Record<string, string>) {
    const path = `/minio/admin/v3/${call}`;
    const signed = await this.signer.sign({
      method: "GET",
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: Number(this.url.port),
      path,
      query,
      headers: { host: this.url.host, "x-amz-content-sha256": createHash("sha256").update("").digest("hex") },
    });
    const search = new URLSearchParams(query).toString();
    return request(`${this.url.origin}${path}?${search}`, { headers: signed.headers as Record<string, string> });
  }

  private ok(response: { status: number; text: string }, what: string): string {
    if (response.status !== 200) throw new Error(`MinIO admin ${what} answered ${response.status}: ${response.text}`);
    return response.text;
  }
}
