import { execFileSync, spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { resources, synthApp } from "./synth";

/**
 * The HCL the stacks embed in strings (the runtime image's rebuild trigger) is evaluated
 * by terraform itself: a regex on the synthesized JSON cannot tell valid HCL from invalid.
 */
const terraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0 ? "terraform" : undefined;
const describeWithTerraform = terraform ? describe : describe.skip;
if (!terraform) console.warn("terraform is not on PATH: skipping the evaluation of embedded HCL");

function sha1(data: string | Buffer): string {
  return createHash("sha1").update(data).digest("hex");
}

describeWithTerraform("the runtime image's rebuild trigger, evaluated by terraform", () => {
  const trigger = Object.values(resources<{ triggers?: Record<string, string> }>(synthApp().apps, "docker_image")).find((i) => i.triggers)!.triggers!.source_sha1;
  let repo: string;

  beforeEach(() => {
    // A repository layout with the stack's working directory at its usual depth.
    repo = fs.mkdtempSync(path.join(os.tmpdir(), "logpipe-hcl-"));
    fs.mkdirSync(path.join(repo, "cdktf.out/stacks/apps"), { recursive: true });
    fs.mkdirSync(path.join(repo, "runtime/src/simulator"), { recursive: true });
    fs.mkdirSync(path.join(repo, "runtime/node_modules/x"), { recursive: true });
    fs.writeFileSync(path.join(repo, "runtime/Dockerfile"), "FROM scratch\n");
    fs.writeFileSync(path.join(repo, "runtime/package.json"), "{}\n");
    fs.writeFileSync(path.join(repo, "runtime/src/simulator/main.ts"), "console.log(1)\n");
    fs.writeFileSync(path.join(repo, "runtime/node_modules/x/index.js"), "ignored\n");
  });

  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  const evaluate = () => {
    const expression = trigger.replace(/^\$\{/, "").replace(/\}$/, "");
    const output = execFileSync("terraform", ["console"], { cwd: path.join(repo, "cdktf.out/stacks/apps"), input: expression, encoding: "utf8", env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } });
    return JSON.parse(output.trim()) as string;
  };

  test("is the sha1 of the sorted source files' sha1s, ignoring node_modules", () => {
    const files = ["Dockerfile", "package.json", "src/simulator/main.ts"];
    const expected = sha1(files.map((f) => sha1(fs.readFileSync(path.join(repo, "runtime", f)))).join(""));
    expect(evaluate()).toBe(expected);
  });

  test("changes when a source file changes, and not when node_modules does", () => {
    const before = evaluate();
    fs.writeFileSync(path.join(repo, "runtime/node_modules/x/index.js"), "still ignored\n");
    expect(evaluate()).toBe(before);
    fs.writeFileSync(path.join(repo, "runtime/src/simulator/main.ts"), "console.log(2)\n");
    expect(evaluate()).not.toBe(before);
  });
});
