import { spawnSync } from "child_process";
import * as path from "path";

const STACKS_LIB = path.resolve(__dirname, "../../scripts/lib/stacks.sh");

/** What scripts/lib/stacks.sh makes of a command line: the stacks, the options for cdktf, the profile. */
function parsed(defaults: string[], args: string[], env: Record<string, string> = {}) {
  const script = `. "${STACKS_LIB}"; parse_stack_arguments "$@"; printf '%s\\n' "stacks=\${STACKS[*]}" "cdktf=\${CDKTF_ARGS[*]:-}" "profile=\${LOGPIPE_PROFILE:-}"`;
  const result = spawnSync("bash", ["-c", script, "stacks-test", ...defaults, "--", ...args], {
    encoding: "utf8",
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
  const lines = Object.fromEntries(result.stdout.split("\n").filter(Boolean).map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
  return { status: result.status, stderr: result.stderr, ...lines };
}

describe("npm run deploy|diff|destroy arguments (scripts/lib/stacks.sh)", () => {
  const ORDER = ["platform", "lake", "apps"];

  test("with no arguments, every stack in the script's order", () => {
    expect(parsed(ORDER, [])).toMatchObject({ status: 0, stacks: "platform lake apps", cdktf: "", profile: "" });
    expect(parsed(["apps", "lake", "platform"], [])).toMatchObject({ stacks: "apps lake platform" });
  });

  test("stack names select stacks, --profile sets the profile, the rest goes to cdktf in order", () => {
    expect(parsed(ORDER, ["lake", "--profile", "ha", "--auto-approve", "--output", "/tmp/out/cdktf.out"])).toMatchObject({
      status: 0,
      stacks: "lake",
      cdktf: "--auto-approve --output /tmp/out/cdktf.out",
      profile: "ha",
    });
    expect(parsed(ORDER, ["--profile=ha", "apps"])).toMatchObject({ stacks: "apps", profile: "ha" });
  });

  test("the value of a cdktf option is never taken for a stack", () => {
    expect(parsed(ORDER, ["--output", "lake", "-o", "apps", "--var-file", "platform", "--output=x"])).toMatchObject({
      stacks: "platform lake apps",
      cdktf: "--output lake -o apps --var-file platform --output=x",
    });
  });

  test("on an existing MinIO, only the lake stack", () => {
    expect(parsed(ORDER, ["--auto-approve"], { LOGPIPE_MINIO_ENDPOINT: "127.0.0.1:9000" })).toMatchObject({ status: 0, stacks: "lake", cdktf: "--auto-approve" });
    expect(parsed(ORDER, [], { LOGPIPE_MINIO_ENDPOINT: "127.0.0.1:9000" })).toMatchObject({ status: 0, stacks: "lake", cdktf: "" });
  });

  test("a blank LOGPIPE_MINIO_ENDPOINT counts as unset, as it does at synth", () => {
    expect(parsed(ORDER, [], { LOGPIPE_MINIO_ENDPOINT: "  " })).toMatchObject({ status: 0, stacks: "platform lake apps" });
  });

  test("fails when a Docker stack is named on an existing MinIO", () => {
    const result = parsed(ORDER, ["platform"], { LOGPIPE_MINIO_ENDPOINT: "127.0.0.1:9000" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/LOGPIPE_MINIO_ENDPOINT is set, so the app declares only the lake stack \(on that MinIO\), not platform/);
  });

  test("fails when --profile has no name", () => {
    const result = parsed(ORDER, ["--profile"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/--profile needs a profile name \(dev or ha\)/);
  });
});
