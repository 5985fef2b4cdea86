/**
 * The stacks as `cdktf synth` writes them (cdk.tf.json per stack), and the terraform
 * expressions in them resolved to the values a deploy would give them: variables, other
 * stacks' outputs through their state, and repository paths. The tools that must act on
 * exactly what the stacks declare read them from here: the image build command, the
 * pre-destroy check of the lake, and the tests that run the deployed configuration.
 */
import { App } from "cdktf";
import * as fs from "fs";
import * as path from "path";
import { buildApp } from "../../infra/main";

export interface SynthesizedStack {
  readonly name: string;
  /** <outdir>/stacks/<name>: terraform's working directory, which relative paths start from. */
  readonly dir: string;
  readonly json: StackJson;
}

export interface StackJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: { terraform_remote_state?: Record<string, { config: { path: string } }> };
  output?: Record<string, { value: string }>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: { backend?: { local?: { path: string } } };
}

interface TerraformState {
  outputs?: Record<string, { value: unknown }>;
  resources?: { mode?: string; type: string; name: string; instances: { attributes: Record<string, unknown> }[] }[];
}

const REPO_ROOT = path.resolve(__dirname, "../..");

/** Synthesizes the app as `cdktf synth` would for this environment, into outdir. */
export function synthesize(env: NodeJS.ProcessEnv, outdir: string): Record<string, SynthesizedStack> {
  const app = buildApp(env, new App({ outdir }));
  app.synth();
  return readSynthesized(outdir);
}

/**
 * Synthesizes into a folder of its own, removed afterwards, and returns what use() makes of the
 * stacks. The folder is directly under the repository root (git-ignored .synth-*), where the
 * stacks' repository paths (abspath("${path.module}/../../../dags")) resolve as they do for
 * a deploy from cdktf.out, which stays untouched.
 */
export function withSynthesized<T>(env: NodeJS.ProcessEnv, use: (stacks: Record<string, SynthesizedStack>) => T): T {
  const outdir = fs.mkdtempSync(path.join(REPO_ROOT, ".synth-"));
  try {
    return use(synthesize(env, outdir));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The stacks the synth into outdir wrote, as its manifest lists them. */
export function readSynthesized(outdir: string): Record<string, SynthesizedStack> {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as {
    stacks: Record<string, { name: string; workingDirectory: string; synthesizedStackPath: string }>;
  };
  return Object.fromEntries(
    Object.values(manifest.stacks).map(({ name, workingDirectory, synthesizedStackPath }) => [
      name,
      { name, dir: path.join(outdir, workingDirectory), json: JSON.parse(fs.readFileSync(path.join(outdir, synthesizedStackPath), "utf8")) as StackJson },
    ]),
  );
}

/** All resources of one type in a stack, keyed by their terraform name. */
export function resourcesOf<T = Record<string, unknown>>(stack: SynthesizedStack, type: string): Record<string, T> {
  return (stack.json.resource?.[type] ?? {}) as Record<string, T>;
}

/** The state file of a stack with a local backend (which exists once the stack was deployed). */
export function stateFileOf(stack: SynthesizedStack): string {
  const relative = stack.json.terraform?.backend?.local?.path;
  if (!relative) throw new Error(`stack ${stack.name} has no local backend`);
  return path.resolve(stack.dir, relative);
}

export function readState(file: string): TerraformState | undefined {
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as TerraformState) : undefined;
}

/** An attribute of a resource in a state, by `type.name.attribute`. */
export function stateAttribute(state: TerraformState, address: string): unknown {
  const [type, name, attribute] = address.split(".");
  const resource = (state.resources ?? []).find((r) => (r.mode ?? "managed") === "managed" && r.type === type && r.name === name);
  return resource?.instances[0]?.attributes[attribute];
}

export interface ResolveContext {
  /** Terraform variables by name (what TF_VAR_<name> gives a deploy). */
  readonly variables: Record<string, string | undefined>;
  /** The synthesized stacks, for the outputs the remote-state lookups read. */
  readonly stacks: Record<string, SynthesizedStack>;
  /**
   * State files to read instead of those the remote-state blocks name, by data source name
   * (e.g. the lake stack deployed on its own, whose state holds the resources but not the
   * cross-stack outputs: those are then evaluated from the producing stack's output block).
   */
  readonly stateFiles?: Record<string, string>;
}

const REMOTE_OUTPUT = /^data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)$/;
const VARIABLE = /^var\.(\w+)$/;
const URL_ENCODED_VARIABLE = /^urlencode\(var\.(\w+)\)$/;
const REPO_PATH = /^abspath\("\$\{path\.module\}\/([^"]*)"\)$/;

/**
 * A string attribute of a stack with every `${...}` in it replaced by its value. Throws,
 * naming the expression, on one it does not know: the caller must never act on a half-resolved
 * value.
 */
export function resolve(value: string, stack: SynthesizedStack, context: ResolveContext): string {
  let out = "";
  let at = 0;
  while (at < value.length) {
    const start = value.indexOf("${", at);
    if (start < 0) {
      out += value.slice(at);
      break;
    }
    out += value.slice(at, start);
    const end = closingBrace(value, start + 2);
    out += evaluate(value.slice(start + 2, end), stack, context);
    at = end + 1;
  }
  return out;
}

function closingBrace(value: string, from: number): number {
  let depth = 1;
  for (let i = from; i < value.length; i++) {
    if (value.startsWith("${", i)) {
      depth++;
      i++;
    } else if (value[i] === "}" && --depth === 0) {
      return i;
    }
  }
  throw new Error(`unterminated expression in ${value}`);
}

function evaluate(expression: string, stack: SynthesizedStack, context: ResolveContext): string {
  const variable = VARIABLE.exec(expression) ?? URL_ENCODED_VARIABLE.exec(expression);
  if (variable) {
    const found = context.variables[variable[1]];
    if (found === undefined) throw new Error(`variable ${variable[1]} has no value (TF_VAR_${variable[1]})`);
    // terraform's urlencode is Go's url.QueryEscape
    return expression.startsWith("urlencode(") ? encodeURIComponent(found).replace(/%20/g, "+").replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : found;
  }
  const repoPath = REPO_PATH.exec(expression);
  if (repoPath) return path.resolve(stack.dir, repoPath[1]);
  const remote = REMOTE_OUTPUT.exec(expression);
  if (remote) return String(remoteOutput(remote[1], remote[2], stack, context));
  throw new Error(`cannot resolve \${${expression}} in stack ${stack.name}`);
}

function remoteOutput(source: string, output: string, stack: SynthesizedStack, context: ResolveContext): unknown {
  const config = stack.json.data?.terraform_remote_state?.[source]?.config;
  if (!config) throw new Error(`stack ${stack.name} has no remote state ${source}`);
  const file = context.stateFiles?.[source] ?? path.resolve(stack.dir, config.path);
  const state = readState(file);
  if (!state) throw new Error(`${source}: no state at ${file}: deploy that stack first`);
  if (state.outputs?.[output]) return state.outputs[output].value;
  // The producing stack's output is an attribute of one of its resources: read it from the state.
  const producer = Object.values(context.stacks).find((candidate) => candidate.json.output?.[output]);
  const expression = /^\$\{([\w-]+\.[\w-]+\.\w+)\}$/.exec(producer?.json.output?.[output]?.value ?? "");
  const value = expression ? stateAttribute(state, expression[1]) : undefined;
  if (value === undefined) throw new Error(`${source}: output ${output} is neither in ${file} nor an attribute of a resource there`);
  return value;
}

/** The terraform variables a deploy gets from the environment: TF_VAR_<name>. */
export function variablesFromEnvironment(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith("TF_VAR_")).map(([name, value]) => [name.slice("TF_VAR_".length), value]));
}
