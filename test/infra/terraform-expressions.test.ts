import { execFileSync, spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import versions from "../../infra/config/versions.json";
import { builtImageNamed, StackName, synthApp } from "./synth";

/**
 * The HCL the stacks embed in strings (the built images' rebuild triggers) is evaluated
 * by terraform itself: a regex on the synthesized JSON cannot tell valid HCL from invalid.
 */
const terraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0 ? "terraform" : undefined;
const describeWithTerraform = terraform ? describe : describe.skip;
if (!terraform) console.warn("terraform is not on PATH: skipping the evaluation of embedded HCL");

function sha1(data: string | Buffer): string {
  return createHash("sha1").update(data).digest("hex");
}

interface TriggerCase {
  readonly image: string;
  readonly stack: StackName;
  /** Folder of the build context, "." for the repository root. */
  readonly context: string;
  /** Files the image is made of, relative to the context, in sorted order. */
  readonly sources: string[];
  /** A file in the context that must not cause a rebuild. */
  readonly ignored: string;
}

const stacks = synthApp();
const CASES: TriggerCase[] = [
  { image: "logpipe/runtime:0.1.0", stack: "apps", context: "runtime", sources: ["Dockerfile", "package.json", "src/simulator/main.ts"], ignored: "node_modules/x/index.js" },
  // The job's Python files reach Spark through spark-submit, not through the image.
  { image: `logpipe/spark:${versions.spark}`, stack: "platform", context: "spark", sources: ["Dockerfile", "jars/pom.xml", "jars/src/main/java/logpipe/CleanEvent.java"], ignored: "log_job.py" },
  { image: `logpipe/airflow:${versions.airflow}`, stack: "apps", context: ".", sources: ["dags/Dockerfile", "requirements.lock", "spark/jars/pom.xml", "spark/jars/src/main/java/logpipe/CleanEvent.java"], ignored: "dags/log_pipeline.py" },
];

describeWithTerraform.each(CASES)("the rebuild trigger of $image, evaluated by terraform", ({ image, stack, context, sources, ignored }) => {
  const trigger = builtImageNamed(stacks[stack], image).triggers!.source_sha1;
  let repo: string;
  const inContext = (file: string) => path.join(repo, context, file);

  beforeEach(() => {
    // GIVEN a repository layout with the stack's working directory at its usual depth
    repo = fs.mkdtempSync(path.join(os.tmpdir(), "logpipe-hcl-"));
    fs.mkdirSync(path.join(repo, "cdktf.out/stacks", stack), { recursive: true });
    for (const file of [...sources, ignored]) {
      fs.mkdirSync(path.dirname(inContext(file)), { recursive: true });
      fs.writeFileSync(inContext(file), `${file}\n`);
    }
  });

  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  const evaluate = () => {
    const expression = trigger.replace(/^\$\{/, "").replace(/\}$/, "");
    const output = execFileSync("terraform", ["console"], { cwd: path.join(repo, "cdktf.out/stacks", stack), input: expression, encoding: "utf8", env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null" } });
    return JSON.parse(output.trim()) as string;
  };

  test("is the sha1 of the sorted source files' sha1s", () => {
    const expected = sha1(sources.map((f) => sha1(fs.readFileSync(inContext(f)))).join(""));
    expect(evaluate()).toBe(expected);
  });

  test.each(sources)("changes when %s changes", (source) => {
    const before = evaluate();
    fs.appendFileSync(inContext(source), "changed\n");
    expect(evaluate()).not.toBe(before);
  });

  test(`does not change when ${ignored} does`, () => {
    const before = evaluate();
    fs.appendFileSync(inContext(ignored), "changed\n");
    expect(evaluate()).toBe(before);
  });
});
