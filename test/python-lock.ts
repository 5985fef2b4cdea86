import * as fs from "fs";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "..");

/** PEP 503: package names compare lower-case, with runs of "-", "_" and "." as one "-". */
export function normalizedPackageName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** name → version of every `name==version` pin of requirements.lock (comments ignored), names normalized. */
export function lockedPackages(lock: string = fs.readFileSync(path.join(REPO_ROOT, "requirements.lock"), "utf8")): Map<string, string> {
  const pins = [...lock.matchAll(/^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s#]+)/gm)];
  return new Map(pins.map(([, name, version]) => [normalizedPackageName(name), version]));
}
