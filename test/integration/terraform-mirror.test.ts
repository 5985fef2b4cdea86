import { spawnSync } from "child_process";
import * as fs from "fs";
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import * as os from "os";
import * as path from "path";
import { stripAnsi } from "./lake-deployment";
import { REPO_ROOT } from "./services";

/**
 * An air-gapped user places the providers the registry would give (kreuzwerker/docker for the
 * platform and apps stacks) in the same filesystem mirror scripts/lib/terraform.sh builds
 * aminueza/minio into; terraform must then install them from there, and only the providers
 * the mirror lacks from the registry. A mirror of the test's own (LOGPIPE_TERRAFORM_MIRROR)
 * holds the real minio provider (linked from the cache) and a stand-in docker provider: the
 * real one cannot be had here, and `terraform init` only installs and hashes the file.
 */

const DOCKER_PROVIDER_VERSION = "3.6.2";

/** `provide_terraform`, then a command, in one bash with the test's environment. */
function withProvidedTerraform(command: string, env: NodeJS.ProcessEnv, cwd: string) {
  const script = `. ${JSON.stringify(path.join(REPO_ROOT, "scripts/lib/terraform.sh"))} && provide_terraform && ${command}`;
  const result = spawnSync("bash", ["-c", script], { cwd, env: { ...process.env, ...env }, encoding: "utf8" });
  return { status: result.status, output: stripAnsi(`${result.stdout}${result.stderr}`) };
}

describe("terraform providers from the local mirror", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "logpipe-mirror-"));
  const mirror = path.join(work, "mirror");
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  test("every provider placed in the mirror is installed from it, any other from the registry", () => {
    // GIVEN the cache's mirror (the minio provider, built by provide_terraform)
    const cacheMirror = path.join(process.env.LOGPIPE_CACHE ?? path.join(os.homedir(), ".cache/logpipe"), "terraform-mirror");
    const built = withProvidedTerraform("true", {}, REPO_ROOT);
    assert.equal(built.status, 0, built.output);
    const [host] = fs.readdirSync(cacheMirror);
    const platform = `${process.platform}_${{ x64: "amd64", arm64: "arm64" }[process.arch as string] ?? process.arch}`;
    // AND a mirror of the test's own with that provider and a docker provider placed by hand
    // (copied: terraform does not follow a linked provider directory)
    fs.cpSync(path.join(cacheMirror, host, "aminueza/minio"), path.join(mirror, host, "aminueza/minio"), { recursive: true });
    const dockerDir = path.join(mirror, host, "kreuzwerker/docker", DOCKER_PROVIDER_VERSION, platform);
    fs.mkdirSync(dockerDir, { recursive: true });
    fs.writeFileSync(path.join(dockerDir, `terraform-provider-docker_v${DOCKER_PROVIDER_VERSION}`), "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    // AND configurations that need the providers the mirror holds, and one it does not hold
    const configuration = (name: string, providers: string) => {
      const dir = path.join(work, name);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "main.tf"), `terraform {\n  required_providers {\n${providers}  }\n}\n`);
      return dir;
    };
    const config = configuration("mirrored", `    docker = { source = "kreuzwerker/docker", version = "${DOCKER_PROVIDER_VERSION}" }\n    minio = { source = "aminueza/minio" }\n`);
    const elsewhere = configuration("elsewhere", '    null = { source = "hashicorp/null" }\n');

    // WHEN terraform init runs with the CLI config the scripts write
    const init = withProvidedTerraform("terraform init -input=false -no-color && cat \"$TF_CLI_CONFIG_FILE\"", { LOGPIPE_TERRAFORM_MIRROR: mirror }, config);
    const other = withProvidedTerraform("terraform init -input=false -no-color", { LOGPIPE_TERRAFORM_MIRROR: mirror }, elsewhere);

    // THEN both come from the mirror, without asking the registry
    assert.equal(init.status, 0, `terraform init failed:\n${init.output.slice(-4000)}`);
    assert.match(init.output, new RegExp(`Installing kreuzwerker/docker v${DOCKER_PROVIDER_VERSION.replace(/\./g, "\\.")}`));
    assert.match(init.output, /Installing aminueza\/minio v/);
    const lock = fs.readFileSync(path.join(config, ".terraform.lock.hcl"), "utf8");
    assert.match(lock, new RegExp(`provider "${host}/kreuzwerker/docker" \\{\\n\\s+version\\s+= "${DOCKER_PROVIDER_VERSION}"`));
    // AND a provider the mirror does not hold is asked of the registry: installed where it is
    // reachable, refused for want of it here, never looked for in the mirror alone
    assert.match(init.output, new RegExp(`include = \\["${host}/aminueza/minio", "${host}/kreuzwerker/docker"\\]`));
    assert.doesNotMatch(other.output, /not found\s+in any of the search locations/, other.output);
    if (other.status !== 0) assert.match(other.output, new RegExp(`hashicorp/null: could not connect to ${host.replace(/\./g, "\\.")}`), other.output);
  });
});
