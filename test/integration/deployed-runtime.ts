import { spawnSync } from "child_process";
import assert from "node:assert/strict";
import * as path from "path";
import { ResolveContext, SynthesizedStack, withSynthesized } from "../../scripts/lib/synthesized";
import { SynthesizedContainer } from "../infra/synth";
import { constructOf, containersOf, DeployedContainer, deployedContainer, LocalAddress, LocalProcess } from "./deployed";
import { MemoryLimit } from "./memory-limit";
import { Connection, REPO_ROOT } from "./services";

/**
 * A runtime service of the apps stack (simulator or sink) as its container runs it: the
 * command (the compiled runtime), the environment and the memory limit read from the
 * synthesized stacks, with the containers' addresses mapped to the local Kafka and MinIO.
 */
export interface DeployedRuntime {
  readonly container: DeployedContainer;
  /** The container's memory limit; the stack also forbids swap beyond it (asserted). */
  readonly memoryMb: number;
}

/** The image's build step (runtime/Dockerfile): tsc into runtime/dist. */
export function buildRuntime(): void {
  const build = spawnSync("npm", ["run", "build", "--prefix", "runtime"], { cwd: REPO_ROOT, encoding: "utf8" });
  assert.equal(build.status, 0, `npm run build --prefix runtime failed:\n${build.stdout}${build.stderr}`);
}

/** Synthesizes the stacks with `settings` (dev profile) and resolves the apps stack's `role` container. */
export function deployedRuntime(role: "simulator" | "sink", connection: Connection, settings: Record<string, string>, context: Omit<ResolveContext, "stacks">): DeployedRuntime {
  const kafka = new URL(`kafka://${connection.KAFKA_BROKERS.split(",")[0]}`);
  const minio = new URL(connection.S3_ENDPOINT);
  let found: SynthesizedContainer | undefined;
  const container = withSynthesized({ ...settings, LOGPIPE_PROFILE: "dev" }, (stacks) => {
    const apps = stacks.apps as SynthesizedStack;
    const all = [...containersOf(stacks.platform), ...containersOf(apps)];
    found = all.find((candidate) => new RegExp(`^apps/${role}\\b`).test(constructOf(candidate)));
    assert.ok(found, `the apps stack declares no container of a construct apps/${role}`);
    const minioContainer = all.find((candidate) => /^platform\/minio\b/.test(constructOf(candidate)));
    const addresses: Record<string, LocalAddress> = {
      ...Object.fromEntries(all.filter((c) => /^platform\/kafka\/broker/.test(constructOf(c))).map((c) => [c.name, { host: kafka.hostname, ports: { 9092: kafka.host } }])),
      ...(minioContainer ? { [minioContainer.name]: { host: minio.hostname, ports: { 9000: minio.host } } } : {}),
    };
    return deployedContainer(found, apps, { context: { ...context, stacks }, addresses, networkNames: all.map((c) => c.name) });
  });
  const memoryMb = found!.memory ?? 0;
  assert.ok(memoryMb > 0, `the ${role}'s container has no memory limit in the stack (memory: ${found!.memory})`);
  assert.equal(found!.memory_swap, found!.memory, `the ${role}'s container may swap beyond its memory limit`);
  assert.deepEqual(container.command.slice(0, 1), ["node"], `the ${role}'s command is ${container.command.join(" ")}`);
  return { container, memoryMb };
}

/** Starts the container's command in the runtime's folder (the image's WORKDIR) inside `limit`, with `env`. */
export function startInLimit(runtime: DeployedRuntime, limit: MemoryLimit, env: NodeJS.ProcessEnv, logDir: string): LocalProcess {
  const argv = ["sh", "-c", `cd ${JSON.stringify(path.join(REPO_ROOT, "runtime"))} && ${limit.enterScript} exec "$@"`, "sh", ...runtime.container.command];
  return LocalProcess.start(runtime.container.construct.split("/")[1] ?? "runtime", argv, { PATH: process.env.PATH, ...runtime.container.env, ...env }, logDir);
}
