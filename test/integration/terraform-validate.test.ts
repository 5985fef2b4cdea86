import { App } from "cdktf";
import { spawnSync } from "child_process";
import * as fs from "fs";
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import * as os from "os";
import * as path from "path";
import { PROFILES } from "../../infra/config/profiles";
import { buildApp } from "../../infra/main";

/**
 * `terraform validate` of the lake stack as synthesized, against the schema of the real
 * aminueza/minio provider (from the mirror scripts/lib/terraform.sh builds, or the registry):
 * every attribute name, type and block the bindings wrote must be one the provider knows.
 * The platform and apps stacks need kreuzwerker/docker, which cannot be installed here; they
 * are checked against the schema recorded in its bindings instead (test/infra/provider-schema).
 */

interface Validation {
  valid: boolean;
  error_count: number;
  warning_count: number;
  diagnostics: { severity: string; summary: string; detail?: string; range?: { filename: string } }[];
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), "logpipe-validate-"));

function terraform(dir: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync("terraform", args, { cwd: dir, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1" }, maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw new Error(`could not run terraform (npm run test:integration provides it): ${result.error.message}`);
  return result;
}

/** Synthesizes the app for an environment and returns the lake stack's directory, initialized. */
function initializedLakeStack(label: string, env: NodeJS.ProcessEnv): string {
  const outdir = path.join(work, label);
  buildApp(env, new App({ outdir })).synth();
  const dir = path.join(outdir, "stacks", "lake");
  const init = terraform(dir, "init", "-backend=false", "-input=false", "-no-color");
  assert.equal(init.status, 0, `terraform init of the ${label} lake stack failed:\n${init.stdout}${init.stderr}`);
  return dir;
}

function validate(dir: string): Validation {
  const result = terraform(dir, "validate", "-json", "-no-color");
  return JSON.parse(result.stdout) as Validation;
}

const describeDiagnostics = (validation: Validation) =>
  validation.diagnostics.map((d) => `${d.severity}: ${d.summary}${d.detail ? ` (${d.detail})` : ""}`).join("\n");

describe("terraform validate of the lake stack with the aminueza/minio provider", () => {
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  const variants: [string, NodeJS.ProcessEnv][] = [
    ...Object.keys(PROFILES).map((name): [string, NodeJS.ProcessEnv] => [`profile-${name}`, { LOGPIPE_PROFILE: name }]),
    ["existing-minio", { LOGPIPE_MINIO_ENDPOINT: "127.0.0.1:9000", LOGPIPE_RAW_RETENTION_DAYS: "7" }],
  ];

  for (const [label, env] of variants) {
    test(`the lake stack of ${label} is valid, without a warning`, () => {
      const validation = validate(initializedLakeStack(label, env));
      assert.deepEqual(
        { valid: validation.valid, errors: validation.error_count, warnings: validation.warning_count },
        { valid: true, errors: 0, warnings: 0 },
        describeDiagnostics(validation),
      );
    });
  }

  test("validate rejects a misspelled attribute and a missing required one (the check can fail)", () => {
    const dir = initializedLakeStack("broken", { LOGPIPE_PROFILE: "dev" });
    const file = path.join(dir, "cdk.tf.json");
    const stack = JSON.parse(fs.readFileSync(file, "utf8")) as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const [bucket] = Object.values(stack.resource.minio_s3_bucket);
    bucket.bucket_acl = bucket.acl;
    delete bucket.acl;
    const [user] = Object.values(stack.resource.minio_iam_user);
    delete user.name;
    fs.writeFileSync(file, JSON.stringify(stack));

    const validation = validate(dir);
    assert.equal(validation.valid, false);
    const text = describeDiagnostics(validation);
    assert.match(text, /Extraneous JSON object property[^\n]*bucket_acl|"bucket_acl"/);
    assert.match(text, /Missing required argument[^\n]*"name"/);
  });
});
