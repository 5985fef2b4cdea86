import * as fs from "fs";
import * as path from "path";
import { uniqueName } from "./services";

/**
 * A container's memory limit, applied to local processes as Docker applies it: a memory
 * cgroup whose limit is the container's `memory` (and, as `memory_swap` equal to it says, no
 * swap beyond it). A process that outgrows it is killed by the kernel's OOM killer, as its
 * container would be, and Node sizes its heaps from the limit (process.constrainedMemory()),
 * as it does in the container.
 *
 * cgroup v2 (a unified hierarchy with the memory controller) or v1 (the memory hierarchy).
 * Creating one needs root, as Docker does; `available()` says why when it cannot.
 */
export class MemoryLimit {
  private constructor(
    readonly dir: string,
    readonly version: 1 | 2,
    readonly limitBytes: number,
  ) {}

  /** Why no memory cgroup can be created here, or undefined when one can. */
  static unavailable(): string | undefined {
    const root = MemoryLimit.root();
    if (!root) return "no memory cgroup controller is mounted (cgroup v2 with memory, or v1 memory)";
    try {
      fs.accessSync(root.dir, fs.constants.W_OK);
    } catch {
      return `${root.dir} is not writable: creating a memory cgroup needs root`;
    }
    return undefined;
  }

  private static root(): { dir: string; version: 1 | 2 } | undefined {
    const unified = "/sys/fs/cgroup";
    if (fs.existsSync(path.join(unified, "cgroup.controllers")) && fs.readFileSync(path.join(unified, "cgroup.controllers"), "utf8").split(/\s+/).includes("memory")) {
      return { dir: unified, version: 2 };
    }
    const v1 = "/sys/fs/cgroup/memory";
    if (fs.existsSync(path.join(v1, "memory.limit_in_bytes"))) return { dir: v1, version: 1 };
    return undefined;
  }

  /** A new cgroup limited to `limitBytes` of memory, swap included. */
  static create(label: string, limitBytes: number): MemoryLimit {
    const root = MemoryLimit.root();
    if (!root) throw new Error(MemoryLimit.unavailable());
    const dir = path.join(root.dir, uniqueName(label));
    fs.mkdirSync(dir);
    const limit = new MemoryLimit(dir, root.version, limitBytes);
    if (root.version === 2) {
      limit.write("memory.max", String(limitBytes));
      if (fs.existsSync(path.join(dir, "memory.swap.max"))) limit.write("memory.swap.max", "0");
    } else {
      limit.write("memory.limit_in_bytes", String(limitBytes));
      // memory + swap, as Docker's memory_swap; absent when the kernel does not account swap.
      if (fs.existsSync(path.join(dir, "memory.memsw.limit_in_bytes"))) limit.write("memory.memsw.limit_in_bytes", String(limitBytes));
    }
    return limit;
  }

  private write(file: string, value: string): void {
    fs.writeFileSync(path.join(this.dir, file), value);
  }

  private read(file: string): string {
    return fs.readFileSync(path.join(this.dir, file), "utf8");
  }

  /** A shell command prefix that moves the shell into this cgroup and then execs the command: `sh -c '<prefix> exec "$@"' sh cmd...`. */
  get enterScript(): string {
    return `echo $$ > ${path.join(this.dir, "cgroup.procs")} &&`;
  }

  /** Processes the kernel's OOM killer killed in this cgroup. */
  oomKills(): number {
    const events = this.version === 2 ? this.read("memory.events") : this.read("memory.oom_control");
    return Number(/^oom_kill (\d+)$/m.exec(events)?.[1] ?? 0);
  }

  /** The most memory the cgroup's processes held at once (page cache included, as Docker counts it). */
  peakBytes(): number | undefined {
    const file = this.version === 2 ? "memory.peak" : "memory.max_usage_in_bytes";
    return fs.existsSync(path.join(this.dir, file)) ? Number(this.read(file).trim()) : undefined;
  }

  /** Removes the cgroup; its processes must have exited. */
  remove(): void {
    fs.rmdirSync(this.dir);
  }
}
