import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * cdktf's Testing helpers synthesize into fresh folders under the temporary directory and never
 * remove them (dozens per run). The run gets a temporary directory of its own, which the
 * workers inherit through TMPDIR and global-teardown.ts removes.
 */
export default function globalSetup(): void {
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), "logpipe-jest-"));
  process.env.LOGPIPE_JEST_OUTER_TMPDIR = process.env.TMPDIR ?? "";
  process.env.LOGPIPE_JEST_TMPDIR = runDir;
  process.env.TMPDIR = runDir;
}
