import * as docker from "@cdktf/provider-docker";
import { Container } from "@cdktf/provider-docker/lib/container";
import { DockerProvider } from "@cdktf/provider-docker/lib/provider";
import { TerraformDataSource, TerraformResource, Testing } from "cdktf";
import * as path from "path";
import { PROFILES } from "../../infra/config/profiles";
import { checkAgainstSchema, loadJsiiProviderSchema, schemaProblems } from "./provider-schema";
import { parse, StackName, synthApp } from "./synth";

const schema = loadJsiiProviderSchema(path.join(path.dirname(require.resolve("@cdktf/provider-docker/package.json")), ".jsii"));

const PROFILE_NAMES = Object.keys(PROFILES);
/** The stacks on the docker provider; the lake stack is validated by terraform itself (test/integration). */
const DOCKER_STACKS: StackName[] = ["platform", "apps"];

/** One container, as the bindings write it, then broken by `breakIt`. */
function synthContainer(breakIt: (container: Container) => void = () => {}): string {
  return Testing.synthScope((scope) => {
    new DockerProvider(scope, "docker", {});
    const container = new Container(scope, "broken", {
      name: "broken",
      image: "alpine:3.20",
      memory: 512,
      ports: [{ internal: 80, external: 8080 }],
      healthcheck: { test: ["CMD", "true"] },
    });
    breakIt(container);
  });
}

function withJson(synthesized: string, edit: (stack: Record<string, any>) => void): string {
  const stack = JSON.parse(synthesized);
  edit(stack);
  return JSON.stringify(stack);
}

function dockerResourceCount(synthesized: string): number {
  const { resource = {}, data = {} } = parse(synthesized);
  return [...Object.entries(resource), ...Object.entries(data)]
    .filter(([type]) => type.startsWith("docker_"))
    .reduce((count, [, byName]) => count + Object.keys(byName).length, 0);
}

describe("the docker provider schema read from the bindings' jsii assembly", () => {
  test("knows docker_container's required image, its repeated ports block and its healthcheck block", () => {
    const container = schema.resources.docker_container.attributes;
    expect(container.image).toMatchObject({ required: true, kind: "string" });
    expect(container.memory).toMatchObject({ required: false, kind: "number" });
    expect(container.env).toMatchObject({ kind: "list", element: "string" });
    expect(container.ports).toMatchObject({ required: false, kind: "block", repeated: true });
    expect(container.ports.block?.attributes.internal).toMatchObject({ required: true, kind: "number" });
    expect(container.healthcheck).toMatchObject({ kind: "block", repeated: false });
    expect(container.healthcheck.block?.attributes.test).toMatchObject({ required: true, kind: "list" });
    // Computed-only attributes cannot be set, so they are not in the schema of what may be.
    expect(container.exit_code).toBeUndefined();
  });

  test("takes the terraform name from the registry anchor, where the binding renamed it", () => {
    // The bindings call these buildAttribute / nodeAttribute: build and node clash with their members.
    expect(schema.resources.docker_image.attributes.build).toMatchObject({ kind: "block", repeated: false });
    expect(schema.resources.docker_image.attributes.build.block?.attributes.build_args).toMatchObject({ kind: "map", element: "string" });
    expect(schema.resources.docker_buildx_builder.attributes.node).toMatchObject({ kind: "string" });
  });

  test("has the resource and data source types the bindings' classes declare", () => {
    // GIVEN the types the bindings write, from their classes at runtime rather than from the .jsii
    const classes = Object.values(docker).flatMap((namespace) => Object.values(namespace)) as { prototype: unknown; tfResourceType?: string }[];
    const typesOf = (base: abstract new (...args: any[]) => unknown) =>
      classes.filter((binding) => binding.prototype instanceof base).map((binding) => binding.tfResourceType).sort();
    // THEN
    expect(Object.keys(schema.resources).sort()).toEqual(typesOf(TerraformResource));
    expect(Object.keys(schema.dataSources).sort()).toEqual(typesOf(TerraformDataSource));
    expect(Object.keys(schema.resources)).toContain("docker_container");
  });
});

describe.each(PROFILE_NAMES)("the %s profile, checked against the docker provider schema", (profileName) => {
  const stacks = synthApp({ LOGPIPE_PROFILE: profileName });

  test.each(DOCKER_STACKS)("the %s stack sets only attributes the provider knows, every required one, with values of their types", (stackName) => {
    // WHEN
    const check = checkAgainstSchema(stacks[stackName], schema);
    // THEN
    expect(check.problems).toEqual([]);
    expect(check.resourcesChecked).toBe(dockerResourceCount(stacks[stackName]));
  });

  test("the check reaches the resources of both stacks, and their nested blocks", () => {
    const checks = DOCKER_STACKS.map((stackName) => checkAgainstSchema(stacks[stackName], schema));
    expect(checks.reduce((sum, check) => sum + check.resourcesChecked, 0)).toBeGreaterThan(10);
    expect(checks.reduce((sum, check) => sum + check.attributesChecked, 0)).toBeGreaterThan(200);
  });

  test.each(DOCKER_STACKS)("the %s stack pins the provider version the schema was generated from", (stackName) => {
    const { terraform } = JSON.parse(stacks[stackName]) as { terraform: { required_providers: { docker: { source: string; version: string } } } };
    expect(terraform.required_providers.docker).toEqual({ source: "kreuzwerker/docker", version: schema.providerVersion });
  });
});

describe("the schema check", () => {
  test("passes the container the negative controls start from", () => {
    expect(schemaProblems(synthContainer(), schema)).toEqual([]);
  });

  test("fails when an attribute name is misspelled", () => {
    const synthesized = synthContainer((container) => container.addOverride("memroy", 512));
    expect(schemaProblems(synthesized, schema)).toEqual(['docker_container.broken.memroy: unknown attribute (did you mean "memory"?)']);
  });

  test("fails when a key of a nested block is misspelled", () => {
    const synthesized = synthContainer((container) => container.addOverride("ports.0.extrnal", 8081));
    expect(schemaProblems(synthesized, schema)).toEqual(['docker_container.broken.ports[0].extrnal: unknown attribute (did you mean "external"?)']);
  });

  test("fails when a computed-only attribute is set", () => {
    const synthesized = synthContainer((container) => container.addOverride("exit_code", 0));
    expect(schemaProblems(synthesized, schema)).toEqual(["docker_container.broken.exit_code: unknown attribute"]);
  });

  test("fails when a required attribute is missing, at the top or in a nested block", () => {
    const synthesized = synthContainer((container) => {
      container.addOverride("image", undefined);
      container.addOverride("healthcheck.test", undefined);
    });
    expect(schemaProblems(synthesized, schema)).toEqual([
      "docker_container.broken.healthcheck.test: missing required attribute",
      "docker_container.broken.image: missing required attribute",
    ]);
  });

  test("fails when a value is not of the attribute's type", () => {
    const synthesized = synthContainer((container) => {
      container.addOverride("memory", "lots");
      container.addOverride("must_run", "yes");
      container.addOverride("command", "echo hello");
    });
    expect(schemaProblems(synthesized, schema)).toEqual([
      'docker_container.broken.command: expected a list, but got "echo hello"',
      'docker_container.broken.memory: expected a number, but got "lots"',
      'docker_container.broken.must_run: expected a boolean, but got "yes"',
    ]);
  });

  test("fails when a nested block is given as something else than an object", () => {
    const synthesized = withJson(synthContainer(), (stack) => {
      stack.resource.docker_container.broken.healthcheck = "CMD true";
    });
    expect(schemaProblems(synthesized, schema)).toEqual(['docker_container.broken.healthcheck: expected a block (an object), but got "CMD true"']);
  });

  test("fails when a docker resource or data source type does not exist", () => {
    const synthesized = withJson(synthContainer(), (stack) => {
      stack.resource.docker_contaner = { typo: { name: "typo", image: "alpine:3.20" } };
      stack.data = { docker_volume: { missing: { name: "missing" } } };
    });
    expect(schemaProblems(synthesized, schema)).toEqual([
      expect.stringMatching(/^docker_contaner\.typo: unknown resource type "docker_contaner"; the docker provider 3\.6\.2 has .*docker_container/),
      expect.stringMatching(/^data\.docker_volume\.missing: unknown data source type "docker_volume"/),
    ]);
  });

  test("fails when the provider block has an unknown argument", () => {
    const synthesized = withJson(synthContainer(), (stack) => {
      stack.provider.docker[0].hots = "unix:///var/run/docker.sock";
    });
    expect(schemaProblems(synthesized, schema)).toEqual(['provider.docker[0].hots: unknown attribute (did you mean "host"?)']);
  });

  test("accepts references, terraform's own conversions, meta-arguments and other providers' resources", () => {
    const synthesized = withJson(synthContainer(), (stack) => {
      Object.assign(stack.resource.docker_container.broken, {
        memory: "${var.memory_mb}",
        restart: "${var.restart}",
        must_run: "true",
        wait_timeout: "60",
        name: 7,
        depends_on: ["docker_image.x"],
        lifecycle: { replace_triggered_by: ["terraform_data.x"] },
      });
      stack.resource.terraform_data = { x: { input: "anything" } };
      stack.data = { terraform_remote_state: { platform: { backend: "local", config: {} } } };
    });
    expect(schemaProblems(synthesized, schema)).toEqual([]);
  });
});
