import { Network } from "@cdktf/provider-docker/lib/network";
import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import * as fs from "fs";
import * as path from "path";
import { PinnedImages } from "../../infra/config/images";
import { Profile } from "../../infra/config/profiles";
import { buildApp, declareStacks } from "../../infra/main";

export type StackName = "platform" | "lake" | "apps";

/**
 * cdk.tf.json of every stack, as `cdktf synth` writes them: the whole app is synthesized,
 * so cross-stack references are resolved into remote-state lookups (Testing.synth of a
 * single stack would leave them as same-stack references).
 */
export function synthApp(env: NodeJS.ProcessEnv = {}): Record<StackName, string> {
  return synthesizeWholeApp((app) => buildApp(env, app));
}

export function synthProfile(profile: Profile, images: PinnedImages): Record<StackName, string> {
  return synthesizeWholeApp((app) => declareStacks(app, profile, images));
}

function synthesizeWholeApp(declare: (app: App) => void): Record<StackName, string> {
  const app = Testing.app();
  declare(app);
  app.synth();
  const stacks = stacksOf(app).map((stack) => {
    const file = path.join(app.outdir, "stacks", stack.node.id, "cdk.tf.json");
    return [stack.node.id, fs.readFileSync(file, "utf8")];
  });
  fs.rmSync(app.outdir, { recursive: true, force: true });
  return Object.fromEntries(stacks) as Record<StackName, string>;
}

export function stacksOf(app: App): TerraformStack[] {
  return app.node.children.filter((child): child is TerraformStack => child instanceof TerraformStack);
}

export interface SynthesizedStack {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  variable?: Record<string, Record<string, unknown>>;
  output?: Record<string, Record<string, unknown>>;
  provider?: Record<string, Record<string, unknown>[]>;
}

export function parse(synthesized: string): SynthesizedStack {
  return JSON.parse(synthesized) as SynthesizedStack;
}

/** All resources of one type, keyed by their terraform name. */
export function resources<T = Record<string, unknown>>(synthesized: string, type: string): Record<string, T> {
  return (parse(synthesized).resource?.[type] ?? {}) as Record<string, T>;
}

/** A container's env list as a name → value map. */
export function envOf(container: { env?: string[] }): Record<string, string> {
  return Object.fromEntries((container.env ?? []).map((entry) => {
    const at = entry.indexOf("=");
    return [entry.slice(0, at), entry.slice(at + 1)];
  }));
}

export interface SynthesizedContainer {
  name: string;
  image?: string;
  labels?: { label: string; value: string }[];
  env?: string[];
  command?: string[];
  entrypoint?: string[];
  memory?: number;
  memory_swap?: number;
  restart?: string;
  must_run?: boolean;
  healthcheck?: { test: string[] };
  ports?: { internal: number; external: number; ip: string }[];
  volumes?: { volume_name: string; container_path: string }[];
  mounts?: { source: string; target: string; read_only?: boolean }[];
  depends_on?: string[];
  wait?: boolean;
}

export interface SynthesizedImage {
  name: string;
  build?: { context: string; dockerfile: string; build_args?: Record<string, string>; label?: Record<string, string> };
  triggers?: Record<string, string>;
}

/** The images a stack builds (rather than pulls), keyed by their terraform name. */
export function builtImages(synthesized: string): Record<string, SynthesizedImage> {
  const all = resources<SynthesizedImage>(synthesized, "docker_image");
  return Object.fromEntries(Object.entries(all).filter(([, image]) => image.build !== undefined));
}

/** The built image with this name, and the reference a container uses to run it. */
export function builtImageNamed(synthesized: string, name: string): SynthesizedImage & { idReference: string } {
  const found = Object.entries(builtImages(synthesized)).find(([, image]) => image.name === name);
  if (!found) throw new Error(`no image built as ${name}; have ${Object.values(builtImages(synthesized)).map((i) => i.name).join(", ")}`);
  const [key, image] = found;
  return { ...image, idReference: `\${docker_image.${key}.image_id}` };
}

/** The file globs an image's rebuild trigger hashes, in order. */
export function triggerGlobs(image: SynthesizedImage): string[] {
  return [...(image.triggers?.source_sha1 ?? "").matchAll(/fileset\(abspath\("[^"]*"\), "([^"]+)"\)/g)].map((match) => match[1]);
}

export function containers(synthesized: string): SynthesizedContainer[] {
  return Object.values(resources<SynthesizedContainer>(synthesized, "docker_container"));
}

export function containerNamed(synthesized: string, name: string): SynthesizedContainer {
  const found = containers(synthesized).find((container) => container.name === name);
  if (!found) throw new Error(`no container named ${name}; have ${containers(synthesized).map((c) => c.name).join(", ")}`);
  return found;
}

/** Synthesizes one construct inside a stack that has a docker network to join. */
export function synthWithNetwork(build: (scope: Construct, network: Network) => void): string {
  return Testing.synthScope((scope) => {
    const network = new Network(scope, "network", { name: "test-net" });
    build(scope, network);
  });
}
