import * as fs from "fs";

/** Removes the run's temporary directory (global-setup.ts) and gives TMPDIR back. */
export default function globalTeardown(): void {
  const runDir = process.env.LOGPIPE_JEST_TMPDIR;
  if (runDir) fs.rmSync(runDir, { recursive: true, force: true });
  if (process.env.LOGPIPE_JEST_OUTER_TMPDIR) process.env.TMPDIR = process.env.LOGPIPE_JEST_OUTER_TMPDIR;
  else delete process.env.TMPDIR;
}
