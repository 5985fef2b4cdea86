/**
 * npm run images:build [-- runtime|spark|airflow ... --dry-run]
 *
 * Builds the images the stacks build (the runtime, Spark and Airflow images) with `docker
 * build`, showing the whole output: the docker provider reports a failed build only as
 * "exit code: 1". Every argument comes from the synthesized stacks, read here as a deploy
 * would see them (same environment: LOGPIPE_PROFILE, LOGPIPE_IMAGE_REGISTRY ...), so the
 * build is exactly the one `npm run deploy` runs: tag, context, Dockerfile, build arguments
 * and labels. Names select images by their org.logpipe.component label (default: all).
 * --dry-run prints the commands instead of running them.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { ConfigurationError } from "../../infra/config/validation";
import { resolve, resourcesOf, SynthesizedStack, variablesFromEnvironment, withSynthesized } from "../lib/synthesized";

interface ImageResource {
  name: string;
  build?: { context: string; dockerfile?: string; build_args?: Record<string, string>; label?: Record<string, string> };
}

export interface ImageBuild {
  readonly component: string;
  readonly tag: string;
  readonly argv: string[];
}

/** The `docker build` argument lists of every image the stacks build, in stack order. */
export function imageBuilds(env: NodeJS.ProcessEnv): ImageBuild[] {
  return withSynthesized(env, (stacks) => buildsOf(stacks, env));
}

function buildsOf(stacks: Record<string, SynthesizedStack>, env: NodeJS.ProcessEnv): ImageBuild[] {
  const context = { variables: variablesFromEnvironment(env), stacks };
  return Object.values(stacks).flatMap((stack) =>
    Object.values(resourcesOf<ImageResource>(stack, "docker_image")).flatMap((image) => {
      if (!image.build) return [];
      const buildContext = resolve(image.build.context, stack, context);
      const labels = image.build.label ?? {};
      return [
        {
          component: labels["org.logpipe.component"] ?? image.name,
          tag: image.name,
          argv: [
            "build",
            "--tag", image.name,
            "--file", path.join(buildContext, image.build.dockerfile ?? "Dockerfile"),
            ...Object.entries(image.build.build_args ?? {}).flatMap(([name, value]) => ["--build-arg", `${name}=${resolve(value, stack, context)}`]),
            ...Object.entries(labels).flatMap(([name, value]) => ["--label", `${name}=${value}`]),
            buildContext,
          ],
        },
      ];
    }),
  );
}

const quoted = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

function main(): number {
  const args = process.argv.slice(2);
  const dryRun = args.includes("--dry-run");
  const wanted = args.filter((arg) => arg !== "--dry-run");
  const builds = imageBuilds(process.env);
  const unknown = wanted.filter((name) => !builds.some((build) => build.component === name));
  if (unknown.length > 0) {
    console.error(`unknown image ${unknown.join(", ")}: choose among ${builds.map((build) => build.component).join(", ")} (or --dry-run)`);
    return 2;
  }
  for (const build of builds.filter((candidate) => wanted.length === 0 || wanted.includes(candidate.component))) {
    console.error(`images: ${build.component} as ${build.tag}`);
    console.log(["docker", ...build.argv].map(quoted).join(" "));
    if (dryRun) continue;
    // Plain progress shows every step's whole output (BuildKit); the classic builder always does.
    const result = spawnSync("docker", build.argv, { stdio: "inherit", env: { ...process.env, BUILDKIT_PROGRESS: "plain" } });
    if (result.error) {
      console.error(`images: cannot run docker: ${result.error.message} (install a Docker engine)`);
      return 1;
    }
    if (result.status !== 0) {
      console.error(`images: building ${build.tag} failed (exit ${result.status}): the step that failed is above`);
      return 1;
    }
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exit(main());
  } catch (error) {
    console.error(error instanceof ConfigurationError ? error.message : `images: ${(error as Error).message}`);
    process.exit(1);
  }
}
