import * as fs from "fs";

/**
 * The kreuzwerker/docker provider's schema, and a check of synthesized stacks against it.
 *
 * Why the .jsii: terraform reads a provider's schema from the provider binary, which cannot
 * be had here (no Terraform registry; the provider does not build from the Go module proxy).
 * The jsii assembly of @cdktf/provider-docker was generated from that schema: every resource,
 * data source and the provider itself has a `<Name>Config` struct whose properties are the
 * configurable attributes and blocks, each documented with a registry link whose anchor is
 * the terraform name; `optional` marks what is not required. Computed-only attributes are not
 * in those structs, so setting one is reported as unknown, as terraform would reject it.
 *
 * What it cannot catch: drift after the provider version the bindings were generated from
 * (`providerVersion`; the stacks pin the same one); what a value means (allowed values,
 * ranges, formats); rules between attributes (conflicts_with, exactly_one_of, max_items).
 */

export type AttributeKind = "string" | "number" | "boolean" | "list" | "map" | "any" | "block";

export interface Attribute {
  readonly required: boolean;
  readonly kind: AttributeKind;
  /** The kind of each element of a list or map. */
  readonly element?: AttributeKind;
  /** The attributes of a nested block (kind "block"). */
  readonly block?: Block;
  /** A block that may be given more than once: jsii types it as an array of its struct. */
  readonly repeated?: boolean;
}

export interface Block {
  readonly attributes: Record<string, Attribute>;
}

export interface ProviderSchema {
  /** The provider version the bindings were generated from, e.g. "3.6.2". */
  readonly providerVersion: string;
  readonly providerConfig: Block;
  /** Keyed by terraform type, e.g. docker_container. */
  readonly resources: Record<string, Block>;
  readonly dataSources: Record<string, Block>;
}

interface JsiiTypeReference {
  primitive?: string;
  fqn?: string;
  collection?: { kind: "array" | "map"; elementtype: JsiiTypeReference };
  union?: { types: JsiiTypeReference[] };
}

interface JsiiDocs {
  summary?: string;
  remarks?: string;
}

interface JsiiType {
  kind: string;
  base?: string;
  datatype?: boolean;
  docs?: JsiiDocs;
  properties?: { name: string; optional?: boolean; type: JsiiTypeReference; docs?: JsiiDocs }[];
  initializer?: { parameters?: { name: string; type: JsiiTypeReference }[] };
}

type JsiiTypes = Record<string, JsiiType>;

const PRIMITIVE_KINDS: Record<string, AttributeKind> = { string: "string", number: "number", boolean: "boolean", any: "any", json: "any" };

/** `Represents a {@link https://<registry>/providers/kreuzwerker/docker/3.6.2/docs/resources/container docker_container}.` */
const CLASS_LINK = /\{@link https:\/\/[^/]+\/providers\/[^/]+\/[^/]+\/([^/]+)\/docs\S* (\w+)\}/;
/** `{@link https://.../docs/resources/container#ports Container#ports}`: the anchor is the terraform name. */
const ATTRIBUTE_ANCHOR = /\{@link \S+#(\w+) /;

export function loadJsiiProviderSchema(jsiiPath: string): ProviderSchema {
  const types = (JSON.parse(fs.readFileSync(jsiiPath, "utf8")) as { types: JsiiTypes }).types;
  const resources: Record<string, Block> = {};
  const dataSources: Record<string, Block> = {};
  let provider: { version: string; config: Block } | undefined;
  for (const [fqn, type] of Object.entries(types)) {
    if (type.kind !== "class" || !["cdktf.TerraformResource", "cdktf.TerraformDataSource", "cdktf.TerraformProvider"].includes(type.base ?? "")) continue;
    const link = CLASS_LINK.exec(type.docs?.summary ?? "");
    if (!link) throw new Error(`${fqn}: no registry link naming its terraform type in its docs: ${type.docs?.summary}`);
    const [, version, terraformType] = link;
    const config = blockOf(types, configStructOf(types, fqn, type));
    if (type.base === "cdktf.TerraformResource") resources[terraformType] = config;
    else if (type.base === "cdktf.TerraformDataSource") dataSources[terraformType] = config;
    else provider = { version, config };
  }
  if (!provider) throw new Error(`${jsiiPath}: no class extending cdktf.TerraformProvider`);
  return { providerVersion: provider.version, providerConfig: provider.config, resources, dataSources };
}

function configStructOf(types: JsiiTypes, fqn: string, type: JsiiType): string {
  const config = type.initializer?.parameters?.find((parameter) => parameter.name === "config")?.type.fqn;
  if (!config || !types[config]?.datatype) throw new Error(`${fqn}: its constructor takes no config struct`);
  return config;
}

function blockOf(types: JsiiTypes, structFqn: string): Block {
  const attributes: Record<string, Attribute> = {};
  for (const property of types[structFqn].properties ?? []) {
    // cdktf documents the `id` it adds to every config without a registry link.
    const anchor = ATTRIBUTE_ANCHOR.exec(`${property.docs?.summary ?? ""} ${property.docs?.remarks ?? ""}`)?.[1];
    const name = anchor ?? property.name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
    attributes[name] = attributeOf(types, withoutResolvable(property.type), !property.optional, `${structFqn}.${property.name}`);
  }
  return { attributes };
}

function attributeOf(types: JsiiTypes, type: JsiiTypeReference, required: boolean, where: string): Attribute {
  if (type.fqn && types[type.fqn]?.datatype) return { required, kind: "block", block: blockOf(types, type.fqn), repeated: false };
  const collection = type.collection;
  if (!collection) return { required, kind: primitiveKind(type, where) };
  const element = withoutResolvable(collection.elementtype);
  if (collection.kind === "array" && element.fqn && types[element.fqn]?.datatype) {
    return { required, kind: "block", block: blockOf(types, element.fqn), repeated: true };
  }
  return { required, kind: collection.kind === "array" ? "list" : "map", element: primitiveKind(element, where) };
}

function primitiveKind(type: JsiiTypeReference, where: string): AttributeKind {
  const kind = PRIMITIVE_KINDS[type.primitive ?? ""];
  if (!kind) throw new Error(`${where}: unsupported jsii type ${JSON.stringify(type)}; extend attributeOf to read it`);
  return kind;
}

/** Booleans and blocks are typed `T | cdktf.IResolvable`; the schema is T. */
function withoutResolvable(type: JsiiTypeReference): JsiiTypeReference {
  if (!type.union) return type;
  const alternatives = type.union.types.filter((alternative) => alternative.fqn !== "cdktf.IResolvable");
  if (alternatives.length !== 1) throw new Error(`unsupported jsii union ${JSON.stringify(type)}`);
  return alternatives[0];
}

/** Allowed on every resource and data source besides its schema's attributes. */
const META_ARGUMENTS = new Set([
  "depends_on", "count", "for_each", "provider", "lifecycle", "provisioner", "connection",
  // cdktf's metadata comment (construct path, unique id); terraform ignores "//" keys in JSON.
  "//",
]);

type JsonObject = Record<string, unknown>;

export interface SchemaCheck {
  readonly problems: string[];
  /** Docker resources and data sources checked. */
  readonly resourcesChecked: number;
  /** Values checked: attributes, those of nested blocks and of the provider, and each element of lists and maps. */
  readonly attributesChecked: number;
}

/** Problems of the docker provider, resources and data sources in a synthesized cdk.tf.json. */
export function schemaProblems(synthesizedJson: string, schema: ProviderSchema): string[] {
  return checkAgainstSchema(synthesizedJson, schema).problems;
}

export function checkAgainstSchema(synthesizedJson: string, schema: ProviderSchema): SchemaCheck {
  const stack = JSON.parse(synthesizedJson) as {
    provider?: Record<string, JsonObject[]>;
    resource?: Record<string, Record<string, JsonObject>>;
    data?: Record<string, Record<string, JsonObject>>;
  };
  const tally: Tally = { problems: [], attributesChecked: 0 };
  let resourcesChecked = 0;
  for (const [index, config] of (stack.provider?.docker ?? []).entries()) {
    checkBlock(config, schema.providerConfig, `provider.docker[${index}]`, new Set(), tally);
  }
  const sections = [
    { declared: stack.resource, known: schema.resources, prefix: "", what: "resource type" },
    { declared: stack.data, known: schema.dataSources, prefix: "data.", what: "data source type" },
  ];
  for (const { declared, known, prefix, what } of sections) {
    for (const [type, byName] of Object.entries(declared ?? {})) {
      if (!type.startsWith("docker_")) continue;
      for (const [name, value] of Object.entries(byName)) {
        const path = `${prefix}${type}.${name}`;
        if (!known[type]) {
          tally.problems.push(`${path}: unknown ${what} "${type}"; the docker provider ${schema.providerVersion} has ${Object.keys(known).join(", ")}`);
          continue;
        }
        resourcesChecked++;
        checkBlock(value, known[type], path, META_ARGUMENTS, tally);
      }
    }
  }
  return { ...tally, resourcesChecked };
}

interface Tally {
  problems: string[];
  attributesChecked: number;
}

function checkBlock(value: JsonObject, block: Block, path: string, allowed: Set<string>, tally: Tally): void {
  for (const [key, given] of Object.entries(value)) {
    if (allowed.has(key)) continue;
    if (key === "dynamic") {
      checkDynamicBlocks(given, block, `${path}.dynamic`, tally);
      continue;
    }
    const attribute = block.attributes[key];
    if (attribute) checkValue(given, attribute, `${path}.${key}`, tally);
    else tally.problems.push(`${path}.${key}: unknown attribute${suggestion(key, Object.keys(block.attributes))}`);
  }
  const generated = Object.keys((value.dynamic ?? {}) as JsonObject);
  for (const [name, attribute] of Object.entries(block.attributes)) {
    if (attribute.required && value[name] == null && !generated.includes(name)) tally.problems.push(`${path}.${name}: missing required attribute`);
  }
}

/** ` (did you mean "memory"?)` when a known name is within two edits of the unknown one. */
function suggestion(unknown: string, known: string[]): string {
  const closest = known.map((name) => ({ name, distance: editDistance(unknown, name) })).sort((a, b) => a.distance - b.distance)[0];
  return closest && closest.distance <= 2 ? ` (did you mean "${closest.name}"?)` : "";
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** cdktf writes blocks built from an iterator as `dynamic: { <block>: { for_each, content } }`. */
function checkDynamicBlocks(given: unknown, block: Block, path: string, tally: Tally): void {
  for (const [name, generator] of Object.entries(given as Record<string, { content?: JsonObject }>)) {
    const nested = block.attributes[name]?.block;
    if (!nested) tally.problems.push(`${path}.${name}: unknown block${suggestion(name, Object.keys(block.attributes))}`);
    else checkBlock(generator.content ?? {}, nested, `${path}.${name}.content`, new Set(), tally);
  }
}

function checkValue(given: unknown, attribute: Attribute, path: string, tally: Tally): void {
  tally.attributesChecked++;
  if (given === null) return; // null in terraform JSON leaves the attribute unset
  if (attribute.kind === "block") {
    // Terraform's JSON syntax takes a block as one object or as an array of them.
    const blocks = Array.isArray(given) ? given.map((each, index) => [each, `${path}[${index}]`] as const) : [[given, path] as const];
    for (const [each, at] of blocks) {
      if (isObject(each)) checkBlock(each, attribute.block!, at, new Set(), tally);
      else tally.problems.push(`${at}: expected a block (an object), but got ${JSON.stringify(each)}`);
    }
    return;
  }
  if (isToken(given)) return;
  if (attribute.kind === "list" && Array.isArray(given)) {
    given.forEach((element, index) => checkValue(element, { required: false, kind: attribute.element! }, `${path}[${index}]`, tally));
  } else if (attribute.kind === "map" && isObject(given)) {
    for (const [key, element] of Object.entries(given)) checkValue(element, { required: false, kind: attribute.element! }, `${path}.${key}`, tally);
  } else if (!convertsTo(given, attribute.kind)) {
    tally.problems.push(`${path}: expected ${attribute.kind === "any" ? "a value" : `a ${attribute.kind}`}, but got ${JSON.stringify(given)}`);
  }
}

/** Terraform's own conversions: a number or bool where a string goes, "512" or "true" the other way. */
function convertsTo(given: unknown, kind: AttributeKind): boolean {
  switch (kind) {
    case "any": return true;
    case "string": return ["string", "number", "boolean"].includes(typeof given);
    case "number": return typeof given === "number" || (typeof given === "string" && given.trim() !== "" && Number.isFinite(Number(given)));
    case "boolean": return typeof given === "boolean" || given === "true" || given === "false";
    default: return false;
  }
}

/** A terraform expression: numbers and booleans that come from references are strings too. */
function isToken(given: unknown): boolean {
  return typeof given === "string" && given.includes("${");
}

function isObject(given: unknown): given is JsonObject {
  return typeof given === "object" && given !== null && !Array.isArray(given);
}
