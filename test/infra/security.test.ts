import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { isPinnedImage } from "../../infra/config/images";
import { PROFILES } from "../../infra/config/profiles";
import { containers, parse, resources, synthApp } from "./synth";

/** Names of settings that hold secrets; their values must be references, never literals. */
const SECRET_NAME = /(PASSWORD|SECRET|TOKEN|FERNET|PRIVATE|CREDENTIAL|(^|_)KEY$)/i;
/** A value terraform resolves at plan time: a variable, a remote state, another resource's attribute (not a quoted literal). */
const REFERENCE = /^\$\{(var\.|data\.|urlencode\(var\.|[a-z][a-z0-9_]*\.[A-Za-z0-9_-]+\.)[^}"]*\}$/;

/** Every "name=value" / "name": value pair in a synthesized stack whose name looks secret but whose value is a literal. */
export function secretLiterals(synthesized: string): string[] {
  const found: string[] = [];
  const visit = (value: unknown, key: string): void => {
    if (Array.isArray(value)) return value.forEach((item) => visit(item, key));
    if (value && typeof value === "object") return Object.entries(value).forEach(([k, v]) => visit(v, k));
    if (typeof value !== "string") return;
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(value);
    const [name, literal] = assignment ? [assignment[1], assignment[2]] : [key, value];
    if (!SECRET_NAME.test(name) || REFERENCE.test(literal)) return;
    // A URL may carry a password only as a reference: scheme://user:${...}@host.
    found.push(`${name}=${literal}`);
  };
  const stack = JSON.parse(synthesized) as Record<string, unknown>;
  for (const section of ["resource", "data", "provider", "output", "locals", "variable"]) visit(stack[section] ?? {}, "");
  const userinfo = synthesized.match(/[a-z+]+:\/\/[^:/"\s]+:[^@"\s]+@/g) ?? [];
  found.push(...userinfo.filter((url) => !/:\/\/[^:]+:\$\{[^}]+\}@$/.test(url)));
  return found;
}

describe.each(Object.keys(PROFILES))("what the %s profile synthesizes", (profileName) => {
  const stacks = synthApp({ LOGPIPE_PROFILE: profileName });

  test.each(Object.keys(stacks))("%s: no secret appears as a literal", (stackName) => {
    expect(secretLiterals(stacks[stackName as keyof typeof stacks])).toEqual([]);
  });

  test.each(Object.keys(stacks))("%s: secrets are sensitive variables with no default", (stackName) => {
    for (const [name, variable] of Object.entries(parse(stacks[stackName as keyof typeof stacks]).variable ?? {})) {
      expect({ name, sensitive: variable.sensitive, default: variable.default }).toEqual({ name, sensitive: true, default: undefined });
    }
  });

  test.each(["platform", "apps"] as const)("%s: every image is pinned, none is latest", (stackName) => {
    const images = Object.values(resources<{ name: string; build?: { build_args?: Record<string, string> } }>(stacks[stackName], "docker_image"));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      expect({ image: image.name, pinned: isPinnedImage(image.name) }).toEqual({ image: image.name, pinned: true });
      for (const [arg, ref] of Object.entries(image.build?.build_args ?? {}).filter(([name]) => name.endsWith("_IMAGE"))) {
        expect({ image: image.name, arg, ref, pinned: isPinnedImage(ref) }).toEqual({ image: image.name, arg, ref, pinned: true });
      }
    }
    expect(stacks[stackName]).not.toMatch(/:latest"/);
  });

  test.each(["platform", "apps"] as const)("%s: every host port is bound to 127.0.0.1", (stackName) => {
    const ports = containers(stacks[stackName]).flatMap((c) => c.ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) expect(port.ip).toBe("127.0.0.1");
  });

  test.each(["platform", "apps"] as const)("%s: every long-running container has a healthcheck, a memory limit and a restart policy", (stackName) => {
    for (const container of containers(stacks[stackName]).filter((c) => c.must_run !== false)) {
      expect({ name: container.name, healthcheck: Boolean(container.healthcheck), memory: (container.memory ?? 0) > 0, restart: container.restart }).toEqual({
        name: container.name, healthcheck: true, memory: true, restart: "unless-stopped",
      });
    }
  });

  test.each(["platform", "lake", "apps"] as const)("%s: no machine path appears", (stackName) => {
    expect(stacks[stackName]).not.toMatch(/"(\/home|\/root|\/tmp|\/work|\/Users|\/var\/folders|[A-Z]:\\\\)[^"]*"/);
  });

  test("every folder a container bind-mounts is in the repository", () => {
    const sources = [...containers(stacks.platform), ...containers(stacks.apps)].flatMap((c) => c.mounts ?? []).map((m) => m.source);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      const repoPath = /\.\.\/\.\.\/\.\.\/([^"]+)"\)\}$/.exec(source)?.[1];
      expect({ source, inRepo: repoPath !== undefined && fs.existsSync(path.resolve(__dirname, "../..", repoPath)) }).toEqual({ source, inRepo: true });
    }
  });

  test("state lives in named volumes, so replacing a container keeps its data", () => {
    const stateful: Record<string, string> = {
      "logpipe-kafka-1": "/var/lib/kafka/data",
      "logpipe-minio": "/data",
    };
    for (const [name, dataPath] of Object.entries(stateful)) {
      const container = containers(stacks.platform).find((c) => c.name === name);
      expect(container?.volumes?.map((v) => v.container_path)).toEqual([dataPath]);
    }
    expect(containers(stacks.apps).find((c) => c.name === "logpipe-airflow-db")?.volumes?.map((v) => v.container_path)).toEqual(["/var/lib/postgresql/data"]);
  });
});

describe("the secret scanner", () => {
  // A scanner that finds nothing proves nothing: it must catch what it is meant to catch.
  test.each([
    ["an env password", { resource: { docker_container: { c: { env: ["MINIO_ROOT_PASSWORD=hunter22"] } } } }, "MINIO_ROOT_PASSWORD=hunter22"],
    ["a provider password", { provider: { minio: [{ minio_password: "hunter22" }] } }, "minio_password=hunter22"],
    ["a key", { resource: { docker_container: { c: { env: ["AIRFLOW__CORE__FERNET_KEY=abc"] } } } }, "AIRFLOW__CORE__FERNET_KEY=abc"],
    ["a password in a URL", { resource: { docker_container: { c: { env: ["DB_URL=postgresql://u:hunter22@db/x"] } } } }, "postgresql://u:hunter22@"],
  ])("finds %s", (_, stack, expected) => {
    expect(secretLiterals(JSON.stringify(stack))).toContain(expected);
  });

  test("finds a literal dressed as an expression, and secrets in outputs", () => {
    expect(secretLiterals(JSON.stringify({ resource: { c: { x: { env: ['MINIO_ROOT_PASSWORD=${"hunter22"}'] } } } }))).toHaveLength(1);
    expect(secretLiterals(JSON.stringify({ output: { o: { value: "x", db_password: "hunter22" } } }))).toEqual(["db_password=hunter22"]);
  });

  test("accepts references", () => {
    const stack = { resource: { docker_container: { c: { env: ["MINIO_ROOT_PASSWORD=${var.minio_root_password}", "DB_URL=postgresql://u:${urlencode(var.p)}@db/x"] } } } };
    expect(secretLiterals(JSON.stringify(stack))).toEqual([]);
  });
});

describe("npm run synth", () => {
  const repoRoot = path.resolve(__dirname, "../..");
  const tsx = path.join(repoRoot, "node_modules/.bin/tsx");

  test("writes cdk.tf.json for the platform, lake and apps stacks", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "logpipe-synth-"));
    try {
      execFileSync(tsx, ["infra/main.ts"], { cwd: repoRoot, env: { ...process.env, CDKTF_OUTDIR: outdir, LOGPIPE_PROFILE: "ha" } });
      for (const stack of ["platform", "lake", "apps"]) {
        expect(fs.existsSync(path.join(outdir, "stacks", stack, "cdk.tf.json"))).toBe(true);
      }
      const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { dependencies: string[] }> };
      expect(manifest.stacks.lake.dependencies).toEqual(["platform"]);
      expect(manifest.stacks.apps.dependencies.sort()).toEqual(["lake", "platform"]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  test("fails with a clear message, and no stack trace, for an unknown profile", () => {
    const result = spawnSync(tsx, ["infra/main.ts"], { cwd: repoRoot, env: { ...process.env, LOGPIPE_PROFILE: "prod", CDKTF_OUTDIR: os.tmpdir() }, encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/LOGPIPE_PROFILE must be one of dev, ha, but "prod" was provided/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
