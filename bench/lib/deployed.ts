/**
 * The simulator or the sink as its container runs it, for the benches: compiled
 * (runtime/dist), with the Node flags of its container's command, and under its container's
 * memory limit when this machine lets the bench create a memory cgroup (Node sizes its heaps
 * from the limit, as it does in the container; without one, V8 sizes them for the whole
 * machine).
 */
import * as fs from "fs";
import { DEFAULT_RUNTIME_MEMORY_MB, RUNTIME_NODE_FLAGS } from "../../infra/constructs/runtime-service";
import { MemoryLimit } from "../../test/integration/memory-limit";
import { RuntimeProcess } from "../../test/integration/services";

export interface DeployedProcess {
  readonly process: RuntimeProcess;
  /** The container's memory limit, when one could be created: its OOM kills, its peak. */
  readonly limit: MemoryLimit | undefined;
  /** Stops the process (once) and removes its memory cgroup: its exit code, and how many processes the kernel killed in it for memory. */
  stop(): Promise<{ code: number | null; oomKills: number }>;
}

/** What a runtime system's label says of its memory limit. */
export function inContainerMemory(): string {
  return MemoryLimit.unavailable() ? "" : `, in its container's ${DEFAULT_RUNTIME_MEMORY_MB} MB`;
}

/** Starts `role` as deployed (npm run build --prefix runtime first: see buildRuntime). */
export async function startDeployed(role: "simulator" | "sink", env: Record<string, string>): Promise<DeployedProcess> {
  const limit = MemoryLimit.unavailable() ? undefined : MemoryLimit.create(`logpipe-bench-${role}`, DEFAULT_RUNTIME_MEMORY_MB * 2 ** 20);
  let started: RuntimeProcess | undefined;
  let stopped: Promise<{ code: number | null; oomKills: number }> | undefined;
  const stop = () => (stopped ??= (async () => {
    const code = (await started?.stop()) ?? null;
    const oomKills = limit?.oomKills() ?? 0;
    limit?.remove();
    return { code, oomKills };
  })());
  try {
    started = await RuntimeProcess.start(role, {
      ...env, LOGPIPE_NODE_FLAGS: RUNTIME_NODE_FLAGS[role].join(" "), LOGPIPE_RUNTIME_BUILD: "dist",
      ...(limit ? { LOGPIPE_MEMORY_CGROUP: limit.dir } : {}),
    });
    assertNodeFlags(started.child.pid!, RUNTIME_NODE_FLAGS[role]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { process: started, limit, stop };
}

/** Refuses to measure a runtime process that is not running with its container's Node flags. */
function assertNodeFlags(pid: number, flags: readonly string[]): void {
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  const missing = flags.filter((flag) => !argv.includes(flag));
  if (missing.length > 0) throw new Error(`process ${pid} runs without its container's Node flags ${missing.join(" ")}: ${argv.join(" ")}`);
}
