/**
 * What a process and its descendants cost, from /proc (Linux): CPU seconds and resident
 * memory. Sampled, so a peak between two samples can be missed; every system of the bench
 * is sampled the same way.
 */
import * as fs from "fs";

const CLOCK_TICKS = 100; // USER_HZ on Linux
const PAGE_BYTES = 4096;

interface Stat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, plus what its reaped children used (cutime + cstime), in seconds. */
  readonly cpuSeconds: number;
  readonly rssBytes: number;
}

/**
 * A /proc stat file (a process's or a thread's): its command name, and the fields after it
 * (which may hold spaces) from field 3 (state) on; undefined once the process or thread is gone.
 */
function readStat(file: string): { name: string; fields: string[] } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined; // gone
  }
  const nameEnd = text.lastIndexOf(")");
  return { name: text.slice(text.indexOf("(") + 1, nameEnd), fields: text.slice(nameEnd + 2).split(" ") };
}

/** utime + stime of a stat file's fields (see readStat), in seconds. */
function ownCpuSeconds(fields: string[]): number {
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function stat(pid: number): Stat | undefined {
  const read = readStat(`/proc/${pid}/stat`);
  if (!read) return undefined;
  const { fields } = read;
  const children = (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  return { pid, ppid: Number(fields[1]), cpuSeconds: ownCpuSeconds(fields) + children, rssBytes: Number(fields[21]) * PAGE_BYTES };
}

/** The process and every live descendant. */
export function processTree(root: number): Stat[] {
  const all = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map((name) => stat(Number(name))).filter((s): s is Stat => s !== undefined);
  const children = new Map<number, Stat[]>();
  for (const s of all) children.set(s.ppid, [...(children.get(s.ppid) ?? []), s]);
  const tree: Stat[] = [];
  const visit = (pid: number) => {
    const self = all.find((s) => s.pid === pid);
    if (self) tree.push(self);
    for (const child of children.get(pid) ?? []) visit(child.pid);
  };
  visit(root);
  return tree;
}

export interface Usage {
  readonly cpuSeconds: number;
  readonly rssBytes: number;
}

export function treeUsage(root: number): Usage {
  const tree = processTree(root);
  return { cpuSeconds: tree.reduce((n, s) => n + s.cpuSeconds, 0), rssBytes: tree.reduce((n, s) => n + s.rssBytes, 0) };
}

/** Samples a process tree every intervalMs: its peak resident memory and its latest CPU seconds. */
export class UsageSampler {
  peakRssBytes = 0;
  cpuSeconds = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly root: number, intervalMs = 100) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  sample(): Usage {
    const usage = treeUsage(this.root);
    if (usage.rssBytes > 0) {
      this.peakRssBytes = Math.max(this.peakRssBytes, usage.rssBytes);
      this.cpuSeconds = Math.max(this.cpuSeconds, usage.cpuSeconds);
    }
    return usage;
  }

  stop(): { peakRssBytes: number; cpuSeconds: number } {
    clearInterval(this.timer);
    return { peakRssBytes: this.peakRssBytes, cpuSeconds: this.cpuSeconds };
  }
}

/** Per thread name: how many live threads have it and the CPU seconds they used. */
export type CpuByThread = Record<string, { threads: number; cpuSeconds: number }>;

/**
 * CPU seconds of a process tree's threads, summed by thread name (Node's "MainThread",
 * "WorkerThread" for worker_threads, "V8Worker" for V8's helpers: garbage collection and
 * compilation, "libuv-worker" for its thread pool), with how many threads of each name are
 * live. "(exited threads)" is what the processes used in threads that are gone: the
 * difference between each process's total and its live threads'.
 */
export function cpuByThread(root: number): CpuByThread {
  const split: CpuByThread = {};
  const add = (name: string, cpuSeconds: number, threads: number) => {
    const entry = (split[name] ??= { threads: 0, cpuSeconds: 0 });
    entry.threads += threads;
    entry.cpuSeconds += cpuSeconds;
  };
  for (const process of processTree(root)) {
    let live = 0;
    let tasks: string[] = [];
    try {
      tasks = fs.readdirSync(`/proc/${process.pid}/task`);
    } catch {
      continue; // gone
    }
    for (const task of tasks) {
      const thread = readStat(`/proc/${process.pid}/task/${task}/stat`);
      if (!thread) continue;
      const cpuSeconds = ownCpuSeconds(thread.fields);
      live += cpuSeconds;
      add(thread.name, cpuSeconds, 1);
    }
    // A process's own utime + stime (without its children's) covers its exited threads too.
    const own = readStat(`/proc/${process.pid}/stat`);
    const ownSeconds = own ? ownCpuSeconds(own.fields) : 0;
    if (ownSeconds > live) add("(exited threads)", ownSeconds - live, 0);
  }
  for (const entry of Object.values(split)) entry.cpuSeconds = Math.round(entry.cpuSeconds * 100) / 100;
  return split;
}
