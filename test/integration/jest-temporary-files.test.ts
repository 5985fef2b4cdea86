import { spawnSync } from "child_process";
import * as fs from "fs";
import assert from "node:assert/strict";
import { test } from "node:test";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "./services";

/**
 * cdktf's Testing helpers synthesize into folders under the temporary directory and leave
 * them there; the Jest run must clean up after itself. One suite that synthesizes dozens of
 * stacks runs with a temporary directory of its own, which must hold nothing of it afterwards
 * but the caches the tools keep there on purpose (Jest's transforms, Node's compile cache).
 */
test("a Jest run leaves no synthesized stacks in the temporary directory", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "logpipe-tmpdir-check-"));
  try {
    const result = spawnSync("npx", ["jest", "test/infra/lake.test.ts"], { cwd: REPO_ROOT, env: { ...process.env, TMPDIR: tmp }, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr.slice(-3000));
    assert.match(result.stderr, /Tests:\s+\d+ passed/);
    const left = fs.readdirSync(tmp).filter((name) => !/^(jest_.*|node-compile-cache)$/.test(name));
    assert.deepEqual(left, [], `the Jest run left ${left.length} entries in TMPDIR, e.g. ${left.slice(0, 3).join(", ")}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
