import { PROFILES, ProfileName } from "../../infra/config/profiles";
import { DEFAULT_IMAGES } from "../../infra/config/images";
import { containers, StackName, synthProfile, SynthesizedContainer } from "./synth";

/**
 * `npm run diff` right after a deploy must say "No changes". Terraform compares what a stack
 * declares with what the docker provider reads back from Docker; an attribute that the
 * schema makes optional but not computed, left out of the stack, and filled in by Docker on
 * its own, differs on every plan forever. The real deploy found the first one (memory_swap);
 * this is the list for kreuzwerker/docker 3.6.2, each with the reason and the rule that keeps
 * it converged.
 */
interface ReadBackAttribute {
  readonly attribute: string;
  readonly reason: string;
  /** Problems with one container, empty when it converges. */
  readonly problems: (container: SynthesizedContainer) => string[];
}

/** A whole number of seconds as Go's time.Duration prints it, which is how Docker returns it. */
function goDuration(seconds: number): string {
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor((seconds % 3600) / 60), seconds % 60];
  return h > 0 ? `${h}h${m}m${s}s` : m > 0 ? `${m}m${s}s` : `${s}s`;
}

/** True when a duration is written exactly as Docker will read it back, and is not zero. */
function isDockerSpelling(value: unknown): boolean {
  const parts = typeof value === "string" ? /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value) : null;
  if (!parts || value === "") return false;
  const seconds = Number(parts[1] ?? 0) * 3600 + Number(parts[2] ?? 0) * 60 + Number(parts[3] ?? 0);
  return seconds > 0 && goDuration(seconds) === value;
}

const READ_BACK_ATTRIBUTES: readonly ReadBackAttribute[] = [
  {
    attribute: "memory_swap",
    reason:
      "Docker stores swap = 2 x memory when only memory is set, and the provider reads it back into an attribute the stack left null: `memory_swap = 2048 -> null` on every plan. Declared equal to memory (no swap: a memory limit is the container's memory).",
    problems: (container) =>
      container.memory === undefined
        ? []
        : container.memory_swap === container.memory
          ? []
          : [`memory ${container.memory} MB but memory_swap ${container.memory_swap ?? "not declared"}`],
  },
  {
    attribute: "healthcheck.interval, timeout, start_period, retries",
    reason:
      "A declared healthcheck block sends the provider's zero defaults for the fields it leaves out, Docker fills zero fields from the image's HEALTHCHECK, and Docker returns durations as Go prints them (1m0s, not 60s or 1m): each field is declared, in Go's spelling.",
    problems: (container) => {
      const check = container.healthcheck as Record<string, unknown> | undefined;
      if (!check) return [];
      const durations = ["interval", "timeout", "start_period"].filter((field) => !isDockerSpelling(check[field]));
      const retries = typeof check.retries === "number" && check.retries > 0 ? [] : ["retries"];
      return [...durations, ...retries].map((field) => `healthcheck.${field} is ${JSON.stringify(check[field])}`);
    },
  },
  {
    attribute: "network_mode",
    reason:
      'Optional with the provider\'s default "bridge", which a Linux Docker stores as given; a declared mode other than bridge, host or none (container:<name>) is stored as container:<id> and would differ on every plan.',
    problems: (container) => {
      const mode = (container as { network_mode?: string }).network_mode;
      return mode === undefined || ["bridge", "host", "none"].includes(mode) ? [] : [`network_mode ${mode}`];
    },
  },
];

/**
 * Attributes Docker also fills in that need nothing from the stacks, and why; left out of
 * every container (a reviewer adding one should know what it costs):
 * - log_opts: Docker copies dockerd's own log-opts (daemon.json) into a container that uses
 *   the default log driver, and 3.6.2 reads them back (fixed in the provider's 4.1.0): on a
 *   daemon with log-opts every plan replaces every container. Declared options would not
 *   help (the daemon's are merged in); the README says so.
 * - user, working_dir: the provider suppresses the diff while the stack leaves them empty.
 * Not read back at all: env and labels (Docker merges the image's own into them). Computed,
 * so Docker's values are accepted: shm_size, log_driver, ipc_mode, runtime, stop_signal,
 * stop_timeout, init, hostname, command, entrypoint.
 */
const LEFT_TO_DOCKER = ["log_opts", "user", "working_dir"];

const cases = (["dev", "ha"] as ProfileName[]).flatMap((profile) => {
  const stacks = synthProfile(PROFILES[profile], DEFAULT_IMAGES);
  return (["platform", "apps"] as StackName[]).map((stack) => ({ profile, stack, containers: containers(stacks[stack]) }));
});

describe("plans converge after a deploy: attributes Docker fills in are declared", () => {
  test.each(cases)("$profile/$stack: every container declares what Docker would fill in", ({ containers }) => {
    expect(containers.length).toBeGreaterThan(0);
    const problems = containers.flatMap((container) =>
      READ_BACK_ATTRIBUTES.flatMap((rule) => rule.problems(container).map((problem) => `${container.name}: ${problem} (${rule.attribute}: see its reason in this file)`)),
    );
    expect(problems).toEqual([]);
  });

  test.each(cases)("$profile/$stack: every container has a memory limit", ({ containers }) => {
    for (const container of containers) expect({ name: container.name, memory: container.memory }).toEqual({ name: container.name, memory: expect.any(Number) });
  });

  test("no container declares an attribute left to Docker", () => {
    for (const { containers } of cases) {
      for (const container of containers) {
        const declared = LEFT_TO_DOCKER.filter((attribute) => (container as unknown as Record<string, unknown>)[attribute] !== undefined);
        expect({ name: container.name, declared }).toEqual({ name: container.name, declared: [] });
      }
    }
  });

  test("fails when a container leaves its swap to Docker", () => {
    const swapRule = READ_BACK_ATTRIBUTES[0];
    expect(swapRule.problems({ name: "x", image: "i", memory: 512 })).toEqual(["memory 512 MB but memory_swap not declared"]);
    expect(swapRule.problems({ name: "x", image: "i", memory: 512, memory_swap: 1024 })).toEqual(["memory 512 MB but memory_swap 1024"]);
  });

  test("fails when a healthcheck duration is spelt otherwise than Docker returns it", () => {
    const healthRule = READ_BACK_ATTRIBUTES[1];
    const container = { name: "x", image: "i", healthcheck: { test: ["CMD", "true"], interval: "60s", timeout: "1m", start_period: "30s", retries: 3 } };
    expect(healthRule.problems(container as SynthesizedContainer)).toEqual(['healthcheck.interval is "60s"', 'healthcheck.timeout is "1m"']);
  });
});
