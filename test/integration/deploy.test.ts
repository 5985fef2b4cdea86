import {
  DeleteObjectCommand,
  GetBucketLifecycleConfigurationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { spawnSync } from "child_process";
import * as fs from "fs";
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import * as path from "path";
import { PROFILES } from "../../infra/config/profiles";
import { listKeys, s3Client } from "./lake";
import { LakeDeployment } from "./lake-deployment";
import { MinioAdmin } from "./minio-admin";
import { Connection, readConnection, request } from "./services";

/**
 * `npm run deploy|diff|destroy` of the lake stack on the real MinIO of `npm run services:up`
 * (LakeDeployment: its own bucket, users and output directory).
 */

const COMPONENTS = ["sink", "spark", "airflow"] as const;
type Component = (typeof COMPONENTS)[number];

/** A policy document with its lists sorted: MinIO keeps actions, resources and statements as sets. */
function policyAsSets(document: unknown): unknown {
  if (Array.isArray(document)) return document.map(policyAsSets).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (document !== null && typeof document === "object") {
    return Object.fromEntries(Object.entries(document).map(([key, value]) => [key, policyAsSets(value)]));
  }
  return document;
}

describe("cdktf deploy, diff and destroy of the lake stack on the real MinIO", () => {
  const connection: Connection = readConnection();
  const lake = new LakeDeployment(connection);
  const { bucket, outdir } = lake;
  const userName = (component: Component) => lake.userName(component);
  const npmRun = lake.run.bind(lake);
  const mustSucceed = (result: { status: number | null; output: string }, what: string): string => {
    assert.equal(result.status, 0, `${what} failed (exit ${result.status}):\n${result.output.slice(-6000)}`);
    return result.output;
  };
  const stateResources = () => lake.stateResources();
  const root = s3Client(connection);
  const admin = new MinioAdmin(connection.S3_ENDPOINT, connection.S3_REGION, {
    accessKeyId: connection.AWS_ACCESS_KEY_ID,
    secretAccessKey: connection.AWS_SECRET_ACCESS_KEY,
  });
  let deployed = false;

  /** The plan the last `cdktf diff` saved, as terraform's JSON: what would change, resource by resource. */
  function savedPlanChanges(): { address: string; actions: string[]; before: unknown; after: unknown }[] {
    const stackDir = path.join(outdir, "stacks", "lake");
    const shown = spawnSync("terraform", ["show", "-json", "plan"], { cwd: stackDir, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    assert.equal(shown.status, 0, `terraform show -json plan failed: ${shown.stderr}`);
    const plan = JSON.parse(shown.stdout) as { resource_changes?: { address: string; change: { actions: string[]; before: unknown; after: unknown } }[] };
    return (plan.resource_changes ?? [])
      .filter((resource) => resource.change.actions.join() !== "no-op")
      .map((resource) => ({ address: resource.address, ...resource.change }));
  }

  /** Each component's S3 client, with the credentials the lake stack created (read from its state). */
  function componentClients(): Record<Component, S3Client> {
    const clientOf = (component: Component) => {
      const { accessKeyId, secretAccessKey } = lake.credentials(component);
      return s3Client({ ...connection, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey });
    };
    return { sink: clientOf("sink"), spark: clientOf("spark"), airflow: clientOf("airflow") };
  }

  async function lifecycleRules() {
    const lifecycle = await root.send(new GetBucketLifecycleConfigurationCommand({ Bucket: bucket }));
    return (lifecycle.Rules ?? []).map((rule) => ({ id: rule.ID, status: rule.Status, prefix: rule.Filter?.Prefix, days: rule.Expiration?.Days }));
  }

  async function allowed(action: () => Promise<unknown>): Promise<boolean> {
    try {
      await action();
      return true;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === "AccessDenied" || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403) return false;
      throw error;
    }
  }

  const put = (client: S3Client, key: string) => () => client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `written to ${key}` }));
  const get = (client: S3Client, key: string) => async () => (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToString();
  const remove = (client: S3Client, key: string) => () => client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  const list = (client: S3Client, prefix: string) => () => client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));

  before(() => {
    console.log(`deploying the lake stack as bucket ${bucket} on ${lake.environment.LOGPIPE_MINIO_ENDPOINT}, output in ${outdir}`);
  });

  after(async () => {
    // Whatever failed above, leave the shared MinIO as it was: empty the bucket, destroy.
    if (deployed) {
      for (const key of await listKeys(root, bucket, "").catch(() => [])) await remove(root, key)();
      const result = npmRun("destroy", ["--auto-approve"]);
      if (result.status !== 0) console.error(`clean-up destroy failed:\n${result.output.slice(-3000)}`);
    }
    lake.removeWorkDirectory();
    console.log(`deploy/diff/destroy times (one run each): ${lake.timings.join("; ")}`);
  });

  test("npm run deploy creates the bucket, its lifecycle, and each component's user with its policy", async () => {
    for (const component of COMPONENTS) assert.equal(await admin.userInfo(userName(component)), undefined, `${userName(component)} exists before the deploy`);
    deployed = true;
    const output = mustSucceed(npmRun("deploy", ["--auto-approve"]), "npm run deploy");
    assert.match(output, /Apply complete! Resources: 11 added, 0 changed, 0 destroyed\./);
    assert.ok(fs.existsSync(lake.stateFile), `the state should be kept next to the output directory, as ${lake.stateFile}`);

    await root.send(new HeadBucketCommand({ Bucket: bucket }));
    assert.deepEqual(await lifecycleRules(), [{ id: "expire-raw", status: "Enabled", prefix: "raw/", days: PROFILES.dev.lake.rawRetentionDays }]);

    const synthesized = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "lake", "cdk.tf.json"), "utf8")) as {
      resource: { minio_iam_policy: Record<string, { name: string; policy: string }> };
    };
    const declaredPolicies = Object.values(synthesized.resource.minio_iam_policy);
    assert.equal(declaredPolicies.length, COMPONENTS.length);
    for (const component of COMPONENTS) {
      const user = await admin.userInfo(userName(component));
      assert.deepEqual({ component, status: user?.status, policyName: user?.policyName }, { component, status: "enabled", policyName: `${userName(component)}-policy` });
      const declared = declaredPolicies.find((policy) => policy.name === `${userName(component)}-policy`);
      assert.ok(declared, `no policy declared for ${component}`);
      assert.deepEqual(policyAsSets(await admin.cannedPolicy(declared.name)), policyAsSets(JSON.parse(declared.policy)), `MinIO's ${declared.name} differs from the declared document`);
    }
  });

  test("the sink's credentials put objects under raw/ but cannot read, list, delete, or write elsewhere", async () => {
    const { sink } = componentClients();
    await put(root, "curated/events/dt=2026-11-24/hour=04/part-0.parquet")();
    assert.equal(await allowed(put(sink, "raw/dt=2026-11-24/hour=05/part-0.parquet")), true, "sink: put raw/");
    assert.deepEqual(
      {
        "get raw/": await allowed(get(sink, "raw/dt=2026-11-24/hour=05/part-0.parquet")),
        "list raw/": await allowed(list(sink, "raw/")),
        "delete raw/": await allowed(remove(sink, "raw/dt=2026-11-24/hour=05/part-0.parquet")),
        "put curated/": await allowed(put(sink, "curated/events/x.parquet")),
        "get curated/": await allowed(get(sink, "curated/events/dt=2026-11-24/hour=04/part-0.parquet")),
      },
      { "get raw/": false, "list raw/": false, "delete raw/": false, "put curated/": false, "get curated/": false },
    );
    assert.equal(await get(root, "raw/dt=2026-11-24/hour=05/part-0.parquet")(), "written to raw/dt=2026-11-24/hour=05/part-0.parquet", "the sink's denied delete must leave its object");
  });

  test("Spark's credentials read raw/ and own curated/, but cannot change raw/", async () => {
    const { spark } = componentClients();
    await put(root, "raw/dt=2026-11-24/hour=05/part-1.parquet")();
    assert.deepEqual(
      {
        "get raw/": await allowed(get(spark, "raw/dt=2026-11-24/hour=05/part-1.parquet")),
        "list raw/": await allowed(list(spark, "raw/")),
        "put curated/": await allowed(put(spark, "curated/events/dt=2026-11-24/hour=05/part-0.parquet")),
        "get curated/": await allowed(get(spark, "curated/events/dt=2026-11-24/hour=05/part-0.parquet")),
        "delete curated/": await allowed(remove(spark, "curated/events/dt=2026-11-24/hour=05/part-0.parquet")),
        "put checkpoints/": await allowed(put(spark, "checkpoints/curate/commits/0")),
        "put raw/": await allowed(put(spark, "raw/dt=2026-11-24/hour=05/forged.parquet")),
        "delete raw/": await allowed(remove(spark, "raw/dt=2026-11-24/hour=05/part-1.parquet")),
      },
      {
        "get raw/": true,
        "list raw/": true,
        "put curated/": true,
        "get curated/": true,
        "delete curated/": true,
        "put checkpoints/": true,
        "put raw/": false,
        "delete raw/": false,
      },
    );
  });

  test("Airflow's credentials only read raw/ and curated/", async () => {
    const { airflow } = componentClients();
    await put(root, "curated/events/dt=2026-11-24/hour=05/part-9.parquet")();
    assert.deepEqual(
      {
        "get raw/": await allowed(get(airflow, "raw/dt=2026-11-24/hour=05/part-1.parquet")),
        "get curated/": await allowed(get(airflow, "curated/events/dt=2026-11-24/hour=05/part-9.parquet")),
        "put curated/": await allowed(put(airflow, "curated/events/forged.parquet")),
        "delete curated/": await allowed(remove(airflow, "curated/events/dt=2026-11-24/hour=05/part-9.parquet")),
        "get checkpoints/": await allowed(get(airflow, "checkpoints/curate/commits/0")),
      },
      { "get raw/": true, "get curated/": true, "put curated/": false, "delete curated/": false, "get checkpoints/": false },
    );
  });

  test("anonymous requests are denied", async () => {
    const url = `${connection.S3_ENDPOINT}/${bucket}`;
    const answers = {
      "get an object": (await request(`${url}/raw/dt=2026-11-24/hour=05/part-1.parquet`)).status,
      "list the bucket": (await request(`${url}?list-type=2`)).status,
      "put an object": (await request(`${url}/raw/anonymous.parquet`, { method: "PUT", body: "x" })).status,
    };
    assert.deepEqual(answers, { "get an object": 403, "list the bucket": 403, "put an object": 403 });
  });

  test("a second npm run diff right after the deploy reports no changes", () => {
    const output = mustSucceed(npmRun("diff", []), "npm run diff");
    assert.match(output, /No changes\. Your infrastructure matches the configuration\./);
    assert.deepEqual(savedPlanChanges(), []);
  });

  test("changing the raw retention makes the diff show exactly that change, which deploys in place", async () => {
    const days = { LOGPIPE_RAW_RETENTION_DAYS: "7" };
    const output = mustSucceed(npmRun("diff", [], days), "npm run diff with raw retention 7 days");
    assert.match(output, /expiration = "30d" -> "7d"/);
    assert.match(output, /Plan: 0 to add, 1 to change, 0 to destroy\./);

    const changes = savedPlanChanges();
    assert.deepEqual(changes.map(({ address, actions }) => ({ address, actions })), [{ address: changes[0]?.address, actions: ["update"] }]);
    assert.match(changes[0].address, /^minio_ilm_policy\./);
    const [before, after] = [changes[0].before, changes[0].after] as { rule: Record<string, unknown>[] }[];
    assert.deepEqual(after, { ...before, rule: [{ ...before.rule[0], expiration: "7d" }] }, "only the expiration may change");
    assert.equal((await lifecycleRules())[0].days, 30, "a diff must not change anything");

    mustSucceed(npmRun("deploy", ["--auto-approve"], days), "npm run deploy with raw retention 7 days");
    assert.equal((await lifecycleRules())[0].days, 7);
    assert.match(mustSucceed(npmRun("diff", [], days), "npm run diff after the change"), /No changes\./);
  });

  test("npm run destroy refuses a lake that holds data before touching anything, naming the bucket and its objects", async () => {
    const before = await listKeys(root, bucket, "");
    assert.ok(before.length >= 3, `the bucket should hold the objects written above, has ${before.length}`);
    const resourcesBefore = stateResources().map((resource) => resource.type).sort();
    const result = npmRun("destroy", ["--auto-approve"], { LOGPIPE_RAW_RETENTION_DAYS: "7" });
    assert.notEqual(result.status, 0, "destroy of a non-empty lake must fail");
    assert.match(result.output, new RegExp(`the lake bucket "${bucket}" on http://[^ ]+ holds ${before.length} object\\(s\\)`), result.output.slice(-4000));
    assert.match(result.output, /nothing was destroyed/);
    assert.match(result.output, /npm run destroy -- --delete-lake-data/);
    // Nothing was touched: the objects, every resource in the state, and the users on the server.
    assert.deepEqual(await listKeys(root, bucket, ""), before);
    assert.deepEqual(stateResources().map((resource) => resource.type).sort(), resourcesBefore);
    assert.equal(resourcesBefore.length, 11);
    for (const component of COMPONENTS) assert.equal((await admin.userInfo(userName(component)))?.status, "enabled", `${userName(component)} must survive a refused destroy`);
    assert.equal((await lifecycleRules())[0].days, 7);
  });

  test("npm run destroy -- --delete-lake-data deletes the objects, then the bucket, the users and their policies", async () => {
    const objects = (await listKeys(root, bucket, "")).length;
    const output = mustSucceed(npmRun("destroy", ["--auto-approve", "--delete-lake-data"], { LOGPIPE_RAW_RETENTION_DAYS: "7" }), "npm run destroy -- --delete-lake-data");
    assert.match(output, new RegExp(`deleted ${objects} object\\(s\\) \\(${objects} version\\(s\\)\\) from the lake bucket "${bucket}"`));
    deployed = false;

    await assert.rejects(root.send(new HeadBucketCommand({ Bucket: bucket })), (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode === 404);
    for (const component of COMPONENTS) {
      assert.equal(await admin.userInfo(userName(component)), undefined, `user ${userName(component)} should be gone`);
      assert.equal(await admin.cannedPolicy(`${userName(component)}-policy`), undefined, `policy ${userName(component)}-policy should be gone`);
    }
    assert.deepEqual(stateResources(), []);
  });

  test("npm run destroy of a lake that is gone has nothing to check and succeeds", () => {
    mustSucceed(npmRun("destroy", ["--auto-approve"], { LOGPIPE_RAW_RETENTION_DAYS: "7" }), "npm run destroy of an empty state");
  });
});
