import { externalMinioFrom } from "../../infra/config/external-minio";
import { PROFILES, selectProfile } from "../../infra/config/profiles";
import { parse, resources, synthApp } from "./synth";

describe("the lake on an existing MinIO (LOGPIPE_MINIO_ENDPOINT)", () => {
  test("declares the lake stack alone, its provider pointed at that server", () => {
    // GIVEN a MinIO that something else runs
    const stacks = synthApp({ LOGPIPE_MINIO_ENDPOINT: "minio.example.internal:9000" });

    // THEN only the lake stack exists, and it manages that server with the admin variables
    expect(Object.keys(stacks)).toEqual(["lake"]);
    const provider = parse(stacks.lake).provider?.minio?.[0];
    expect(provider).toEqual({
      minio_server: "minio.example.internal:9000",
      minio_region: "us-east-1",
      minio_ssl: false,
      minio_user: "${var.minio_root_user}",
      minio_password: "${var.minio_root_password}",
    });
    expect(parse(stacks.lake).data?.terraform_remote_state).toBeUndefined();
  });

  test("declares the same lake as the whole pipeline does", () => {
    const alone = synthApp({ LOGPIPE_MINIO_ENDPOINT: "127.0.0.1:9000" }).lake;
    const inPipeline = synthApp({}).lake;
    for (const type of ["minio_s3_bucket", "minio_ilm_policy", "minio_iam_user", "minio_iam_policy", "minio_iam_user_policy_attachment"]) {
      expect({ type, resources: resources(alone, type) }).toEqual({ type, resources: resources(inPipeline, type) });
    }
  });

  test("keeps its state per server, next to the output directory", () => {
    const stacks = synthApp({ LOGPIPE_MINIO_ENDPOINT: "[::1]:9000" });
    expect((parse(stacks.lake) as { terraform?: { backend?: unknown } }).terraform?.backend).toEqual({
      local: { path: "../../../terraform.lake.___1__9000.tfstate" },
    });
    expect((parse(synthApp({}).lake) as { terraform?: { backend?: unknown } }).terraform?.backend).toEqual({ local: { path: "../../../terraform.lake.tfstate" } });
  });

  test("LOGPIPE_MINIO_SSL and LOGPIPE_MINIO_REGION reach the provider", () => {
    const minio = externalMinioFrom({ LOGPIPE_MINIO_ENDPOINT: "s3.example.internal:443", LOGPIPE_MINIO_SSL: "true", LOGPIPE_MINIO_REGION: "eu-west-1" });
    expect(minio).toMatchObject({ s3Endpoint: "https://s3.example.internal:443", ssl: true, region: "eu-west-1" });
    const provider = parse(synthApp({ LOGPIPE_MINIO_ENDPOINT: "s3.example.internal:443", LOGPIPE_MINIO_SSL: "true", LOGPIPE_MINIO_REGION: "eu-west-1" }).lake).provider?.minio?.[0];
    expect(provider).toMatchObject({ minio_ssl: true, minio_region: "eu-west-1" });
  });

  test("is off unless the endpoint is set", () => {
    expect(externalMinioFrom({})).toBeUndefined();
    expect(externalMinioFrom({ LOGPIPE_MINIO_ENDPOINT: "  " })).toBeUndefined();
  });

  test.each([
    ["http://127.0.0.1:9000", /must be host:port without a scheme \(LOGPIPE_MINIO_SSL=true selects https\), but "http:\/\/127.0.0.1:9000"/],
    ["127.0.0.1", /must be host:port with a port between 1 and 65535 \(e.g. 127.0.0.1:9000\), but "127.0.0.1" was provided/],
    ["127.0.0.1:0", /port between 1 and 65535/],
    ["127.0.0.1:70000", /port between 1 and 65535/],
    ["minio_host:9000", /must be host:port/],
    [":9000", /must be host:port/],
  ])("fails when the endpoint is %s", (endpoint, reason) => {
    expect(() => externalMinioFrom({ LOGPIPE_MINIO_ENDPOINT: endpoint })).toThrow(reason);
  });

  test("fails with every problem at once", () => {
    expect(() => externalMinioFrom({ LOGPIPE_MINIO_ENDPOINT: "127.0.0.1", LOGPIPE_MINIO_SSL: "yes", LOGPIPE_MINIO_REGION: "EU West" })).toThrow(
      /LOGPIPE_MINIO_ENDPOINT[\s\S]*LOGPIPE_MINIO_SSL must be true or false, but "yes" was provided[\s\S]*LOGPIPE_MINIO_REGION must be a region name/,
    );
  });
});

describe("lake settings from the environment", () => {
  const TEAM_LAKE = { LOGPIPE_LAKE_BUCKET: "team-lake", LOGPIPE_RAW_RETENTION_DAYS: "7", LOGPIPE_LAKE_USER_PREFIX: "team" };

  test("LOGPIPE_LAKE_BUCKET, LOGPIPE_RAW_RETENTION_DAYS and LOGPIPE_LAKE_USER_PREFIX override the profile's lake, and only it", () => {
    const profile = selectProfile({ LOGPIPE_PROFILE: "ha", ...TEAM_LAKE });
    expect(profile.lake).toEqual({ bucketName: "team-lake", rawRetentionDays: 7, userPrefix: "team" });
    expect({ ...profile, lake: PROFILES.ha.lake }).toEqual(PROFILES.ha);
  });

  test("reach the bucket, its lifecycle rule, and the users and policies", () => {
    const { lake } = synthApp(TEAM_LAKE);
    expect(lake).toHaveResourceWithProperties({ tfResourceType: "minio_s3_bucket" }, { bucket: "team-lake" });
    const [lifecycle] = Object.values(resources<{ rule: { expiration: string }[] }>(lake, "minio_ilm_policy"));
    expect(lifecycle.rule[0].expiration).toBe("7d");
    expect(Object.values(resources<{ name: string }>(lake, "minio_iam_user")).map((user) => user.name).sort()).toEqual(["team-airflow", "team-sink", "team-spark"]);
    expect(Object.values(resources<{ name: string }>(lake, "minio_iam_policy")).map((policy) => policy.name).sort()).toEqual(["team-airflow-policy", "team-sink-policy", "team-spark-policy"]);
  });

  test.each(["7x", "-1", "1.5", "seven"])("fails when the raw retention is %s", (days) => {
    expect(() => selectProfile({ LOGPIPE_RAW_RETENTION_DAYS: days })).toThrow(`LOGPIPE_RAW_RETENTION_DAYS must be a whole number of days, but "${days}" was provided`);
  });

  test.each(["team lake", "-team", "x".repeat(56), "team/ops"])("fails when the user prefix is %s", (prefix) => {
    expect(() => selectProfile({ LOGPIPE_LAKE_USER_PREFIX: prefix })).toThrow(`LOGPIPE_LAKE_USER_PREFIX must be 1 to 55 of A-Z a-z 0-9 . _ - (starting with a letter or digit), but "${prefix}" was provided`);
  });

  test("fails at synth when the retention is out of the bucket's range, or the bucket name is invalid", () => {
    expect(() => synthApp({ LOGPIPE_RAW_RETENTION_DAYS: "0" })).toThrow(/expiration days for "raw\/" must be between 1 and 36500, but 0 was provided/);
    expect(() => synthApp({ LOGPIPE_LAKE_BUCKET: "Team_Lake" })).toThrow(/bucketName "Team_Lake" may contain only lowercase letters/);
  });
});
