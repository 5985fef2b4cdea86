import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { resolve, ResolveContext, resourcesOf, SynthesizedStack } from "../../scripts/lib/synthesized";
import { SynthesizedContainer } from "../infra/synth";

/**
 * A container of the synthesized stacks, run as local processes with the programs of the
 * image (here: from the project's venv) and the settings the stack gives it. CI cannot apply
 * the platform and apps stacks (no Docker Hub, no registry), so this is how what they
 * configure at run time gets run: environment, command, mounts and healthcheck are read from
 * cdk.tf.json and resolved as a deploy would resolve them; the only changes are the
 * addresses, mapped from the containers' network names to the local services.
 */
/** Where a container of the stacks is reached locally: its host:port (by container port) or host. */
export interface LocalAddress {
  /** Replaces the container's name wherever it appears alone (e.g. a driver host). */
  readonly host: string;
  /** container port → local host:port, for `<name>:<port>` and `http://<name>:<port>`. */
  readonly ports?: Record<number, string>;
}

export interface DeployedContainer {
  readonly name: string;
  readonly construct: string;
  readonly env: Record<string, string>;
  readonly command: string[];
  readonly healthcheck?: string[];
  readonly mounts: { source: string; target: string }[];
}

export function containersOf(stack: SynthesizedStack): SynthesizedContainer[] {
  return Object.values(resourcesOf<SynthesizedContainer>(stack, "docker_container"));
}

/** The construct that declared a container (its org.logpipe.construct label), e.g. apps/airflow/scheduler. */
export function constructOf(container: SynthesizedContainer): string {
  return container.labels?.find((label) => label.label === "org.logpipe.construct")?.value ?? "";
}

export interface LocalMapping {
  /** How terraform expressions resolve (variables, other stacks' state). */
  readonly context: ResolveContext;
  /** Local addresses of the containers that have a local stand-in, by network name. */
  readonly addresses: Record<string, LocalAddress>;
  /** Every container's network name in the stacks: none may be left in a value. */
  readonly networkNames: string[];
  /** Rewrites one variable before the addresses are mapped (for values that are not host:port). */
  readonly rewrite?: (name: string, value: string) => string;
}

const nameIn = (name: string) => new RegExp(`(?<![\\w.-])${name.replace(/[.-]/g, "\\$&")}(?![\\w.-])`, "g");

/**
 * A container's settings with every terraform expression resolved, and every reference to
 * another container of the stacks (by its network name) replaced by its local address. A name
 * left unmapped is an error naming the variable: the process would try to reach a host that
 * only exists on the Docker network.
 */
export function deployedContainer(container: SynthesizedContainer, stack: SynthesizedStack, mapping: LocalMapping): DeployedContainer {
  const mapAddresses = (value: string) => {
    let mapped = value;
    for (const [name, address] of Object.entries(mapping.addresses)) {
      for (const [port, local] of Object.entries(address.ports ?? {})) mapped = mapped.split(`${name}:${port}`).join(local);
      mapped = mapped.replace(nameIn(name), address.host);
    }
    return mapped;
  };
  const env: Record<string, string> = {};
  for (const entry of container.env ?? []) {
    const at = entry.indexOf("=");
    const name = entry.slice(0, at);
    const resolved = resolve(entry.slice(at + 1), stack, mapping.context);
    const value = mapAddresses(mapping.rewrite ? mapping.rewrite(name, resolved) : resolved);
    const unmapped = mapping.networkNames.find((network) => nameIn(network).test(value));
    if (unmapped) throw new Error(`${container.name}: ${name} still names ${unmapped}, which only resolves on the Docker network: map it to a local service`);
    env[name] = value;
  }
  return {
    name: container.name,
    construct: constructOf(container),
    env,
    command: container.command ?? [],
    healthcheck: container.healthcheck?.test.map(mapAddresses),
    mounts: (container.mounts ?? []).map((mount) => ({ source: resolve(mount.source, stack, mapping.context), target: mount.target })),
  };
}

/** A long-running local process of a deployed container, in its own process group, its output in a file. */
export class LocalProcess {
  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly logFile: string,
  ) {}

  static start(name: string, argv: string[], env: NodeJS.ProcessEnv, logDir: string): LocalProcess {
    const logFile = path.join(logDir, `${name}.log`);
    const out = fs.openSync(logFile, "a");
    // Detached: a process group of its own, so stop() reaches the workers it forks too.
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ["ignore", out, out], detached: true });
    fs.closeSync(out);
    // Named for scripts/test-integration.sh, which stops these groups even when the test file is killed.
    if (process.env.LOGPIPE_TEST_PROCESS_GROUPS) fs.appendFileSync(process.env.LOGPIPE_TEST_PROCESS_GROUPS, `${child.pid}\n`);
    return new LocalProcess(name, child, logFile);
  }

  get pid(): number {
    return this.child.pid!;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  tail(lines = 60): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, "utf8").split("\n").slice(-lines).join("\n") : "";
  }

  /** SIGTERM to the process group by the leader's PID, SIGKILL after the grace period, and to what outlived the leader. */
  async stop(graceMs = 30_000): Promise<void> {
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-this.pid, signal);
      } catch {
        // the group is gone already
      }
    };
    if (!this.exited) {
      const exited = new Promise<void>((done) => this.child.once("exit", () => done()));
      signalGroup("SIGTERM");
      const timer = setTimeout(() => signalGroup("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    }
    signalGroup("SIGKILL"); // workers that outlived their parent
  }
}

/** Runs a healthcheck test (["CMD", ...] as in the stack) once; true when it exits 0. */
export function healthy(test: string[], env: NodeJS.ProcessEnv): boolean {
  const argv = test[0] === "CMD" ? test.slice(1) : ["sh", "-c", test.slice(1).join(" ")];
  return spawnSync(argv[0], argv.slice(1), { env, stdio: "ignore", timeout: 60_000 }).status === 0;
}
