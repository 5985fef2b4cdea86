import { spawnSync } from "child_process";
import * as fs from "fs";
import assert from "node:assert/strict";
import * as os from "os";
import * as path from "path";
import { externalMinioFrom } from "../../infra/config/external-minio";
import { Connection, REPO_ROOT, uniqueName } from "./services";

export interface CommandResult {
  readonly status: number | null;
  readonly output: string;
  readonly seconds: number;
}

export interface StateResource {
  type: string;
  name: string;
  instances: { attributes: Record<string, unknown> }[];
}

/** The environment, without the LOGPIPE_* settings a developer may have exported (the cache location kept). */
function developerEnvironmentWithoutLakeSettings(): NodeJS.ProcessEnv {
  const kept = new Set(["LOGPIPE_CACHE", "LOGPIPE_PROVIDER_SOURCE"]);
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("LOGPIPE_") || kept.has(name)));
}

export const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");

/**
 * The lake stack deployed with `npm run deploy|diff|destroy` on the real MinIO of `npm run
 * services:up`, pointed at it with LOGPIPE_MINIO_ENDPOINT and the server's admin credentials as
 * TF_VAR_minio_root_user/password, as the README tells a user with their own MinIO to do. The
 * synth output and the state go to a temporary directory (--output), and the bucket and the
 * users have names of their own (MinIO's user names are server-wide, and creating an existing
 * user takes it over), so nothing of a developer's deployment or of the other tests is touched.
 */
export class LakeDeployment {
  readonly work = fs.mkdtempSync(path.join(os.tmpdir(), "logpipe-deploy-"));
  readonly outdir = path.join(this.work, "cdktf.out");
  readonly bucket = uniqueName("lake");
  readonly userPrefix = uniqueName("lp");
  /** The lake settings, as a user sets them; a synth of the whole app with them declares the same lake. */
  readonly settings = { LOGPIPE_LAKE_BUCKET: this.bucket, LOGPIPE_LAKE_USER_PREFIX: this.userPrefix };
  readonly environment: Record<string, string>;
  readonly stateFile: string;
  readonly timings: string[] = [];

  constructor(readonly connection: Connection) {
    this.environment = {
      LOGPIPE_MINIO_ENDPOINT: new URL(connection.S3_ENDPOINT).host,
      LOGPIPE_MINIO_REGION: connection.S3_REGION,
      ...this.settings,
      TF_VAR_minio_root_user: connection.AWS_ACCESS_KEY_ID,
      TF_VAR_minio_root_password: connection.AWS_SECRET_ACCESS_KEY,
    };
    this.stateFile = path.join(this.work, `terraform.${externalMinioFrom(this.environment)!.stateName}.tfstate`);
  }

  userName(component: string): string {
    return `${this.userPrefix}-${component}`;
  }

  /** `npm run <script> -- <args>` as a user types it, into the deployment's own output directory. */
  run(script: "deploy" | "diff" | "destroy", args: string[], extraEnv: Record<string, string> = {}): CommandResult {
    const started = process.hrtime.bigint();
    const result = spawnSync("npm", ["run", "--silent", script, "--", ...args, "--no-color", "--output", this.outdir], {
      cwd: REPO_ROOT,
      env: { ...developerEnvironmentWithoutLakeSettings(), ...this.environment, ...extraEnv, CI: "true" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.timings.push(`${script}${extraEnv.LOGPIPE_RAW_RETENTION_DAYS ? ` (raw retention ${extraEnv.LOGPIPE_RAW_RETENTION_DAYS} days)` : ""}: ${seconds.toFixed(1)} s`);
    return { status: result.status, output: stripAnsi(`${result.stdout}${result.stderr}`), seconds };
  }

  /** The same, failing the test with the command's output when it fails. */
  mustRun(script: "deploy" | "diff" | "destroy", args: string[], extraEnv: Record<string, string> = {}): string {
    const result = this.run(script, args, extraEnv);
    assert.equal(result.status, 0, `npm run ${script} ${args.join(" ")} failed (exit ${result.status}):\n${result.output.slice(-6000)}`);
    return result.output;
  }

  stateResources(): StateResource[] {
    return (JSON.parse(fs.readFileSync(this.stateFile, "utf8")) as { resources: StateResource[] }).resources;
  }

  /** Each component's credentials, as the deploy created them (read from its state). */
  credentials(component: string): { accessKeyId: string; secretAccessKey: string } {
    const users = this.stateResources()
      .filter((resource) => resource.type === "minio_iam_user")
      .map((resource) => resource.instances[0].attributes as { name: string; secret: string });
    const user = users.find((candidate) => candidate.name === this.userName(component));
    assert.ok(user, `no ${this.userName(component)} in the state; users there: ${users.map((u) => u.name).join(", ")}`);
    return { accessKeyId: user.name, secretAccessKey: user.secret };
  }

  removeWorkDirectory(): void {
    fs.rmSync(this.work, { recursive: true, force: true });
  }
}
