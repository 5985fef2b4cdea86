import { spawnSync } from "child_process";
import * as path from "path";
import { builtImages, synthApp } from "./synth";

/**
 * npm run images:build runs the `docker build` a deploy runs, with the whole output the docker
 * provider hides. Its commands (--dry-run) must carry exactly what the synthesized stacks
 * declare for each built image, under the same settings.
 */
const REPO_ROOT = path.resolve(__dirname, "../..");

function dryRun(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync("npm", ["run", "--silent", "images:build", "--", ...args, "--dry-run"], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  return { status: result.status, commands: result.stdout.trim().split("\n").filter(Boolean).map(splitWords), stderr: result.stderr };
}

/** The words of a command line as the script quotes them ('...' around words with other characters). */
function splitWords(line: string): string[] {
  return [...line.matchAll(/'((?:[^']|'\\'')*)'|(\S+)/g)].map((match) => (match[1] !== undefined ? match[1].replace(/'\\''/g, "'") : match[2]));
}

/** `--flag value` pairs of a command, as name → values. */
function flagValues(words: string[], flag: string): string[] {
  return words.flatMap((word, at) => (word === flag ? [words[at + 1]] : []));
}

describe("npm run images:build", () => {
  test.each([
    ["the default settings", {}],
    ["a private registry and the ha profile", { LOGPIPE_IMAGE_REGISTRY: "mirror.internal/hub", LOGPIPE_PROFILE: "ha" }],
  ])("builds every image the stacks build with exactly their arguments, under %s", (_label, env: Record<string, string>) => {
    // GIVEN the images the synthesized stacks build
    const stacks = synthApp(env);
    const declared = Object.values(stacks).flatMap((synthesized) => Object.values(builtImages(synthesized)));
    expect(declared.map((image) => image.name).sort()).toEqual(["logpipe/airflow:3.1.0", "logpipe/runtime:0.1.0", "logpipe/spark:4.1.1"].sort());

    // WHEN the command prints its builds
    const { status, commands, stderr } = dryRun([], env);

    // THEN there is one docker build per image, with its tag, Dockerfile, context, build arguments and labels
    expect({ status, stderr: status === 0 ? "" : stderr }).toEqual({ status: 0, stderr: "" });
    expect(commands).toHaveLength(declared.length);
    for (const image of declared) {
      const command = commands.find((words) => flagValues(words, "--tag")[0] === image.name);
      expect({ image: image.name, found: command !== undefined }).toEqual({ image: image.name, found: true });
      const words = command!;
      const context = path.resolve(REPO_ROOT, /\.\.\/\.\.\/\.\.\/?([^"]*)"\)\}$/.exec(image.build!.context)![1]);
      expect(words.slice(0, 2)).toEqual(["docker", "build"]);
      expect(words[words.length - 1]).toBe(context);
      expect(flagValues(words, "--file")).toEqual([path.join(context, image.build!.dockerfile)]);
      expect(flagValues(words, "--build-arg").sort()).toEqual(Object.entries(image.build!.build_args ?? {}).map(([name, value]) => `${name}=${value}`).sort());
      expect(flagValues(words, "--label")).toEqual(Object.entries(image.build!.label ?? {}).map(([name, value]) => `${name}=${value}`));
    }
  });

  test("builds only the images named by their component", () => {
    const { status, commands } = dryRun(["airflow"]);
    expect(status).toBe(0);
    expect(commands.map((words) => flagValues(words, "--tag")[0])).toEqual(["logpipe/airflow:3.1.0"]);
  });

  test("fails when an image name is unknown, naming the choices", () => {
    const result = spawnSync("npm", ["run", "--silent", "images:build", "--", "sparks", "--dry-run"], { cwd: REPO_ROOT, encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/unknown image sparks: choose among airflow, runtime, spark/);
  });
});
