import { Container, ContainerHealthcheck } from "@cdktf/provider-docker/lib/container";
import { Image } from "@cdktf/provider-docker/lib/image";
import { Network } from "@cdktf/provider-docker/lib/network";
import { Volume } from "@cdktf/provider-docker/lib/volume";
import { ITerraformDependable } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { isPinnedImage } from "../config/images";
import { isWholeNumberBetween, validate } from "../config/validation";

/** A port published on the host. */
export interface HostPortMapping {
  /** Port inside the container. */
  readonly containerPort: number;
  /** Port on the host. */
  readonly hostPort: number;
  /** Human name of the setting that chose hostPort, used in error messages (e.g. "minio.apiHostPort"). */
  readonly setting: string;
}

/** A named volume mounted into the container: state that must survive a container replacement. */
export interface VolumeMount {
  readonly volume: Volume;
  readonly containerPath: string;
}

/** A read-only bind mount of a folder of this repository (DAGs, job files). */
export interface RepoMount {
  /** Path relative to the repository root, e.g. "dags". */
  readonly repoPath: string;
  readonly containerPath: string;
}

export type RestartPolicy = "no" | "on-failure" | "always" | "unless-stopped";

export interface DockerServiceProps {
  /** Container name, also its DNS name on the network. */
  readonly containerName: string;
  readonly image: Image;
  readonly network: Network;
  /** Memory limit of the container; it gets no swap on top. */
  readonly memoryMb: number;
  /** @default - the image's entrypoint */
  readonly entrypoint?: string[];
  /** @default - the image's command */
  readonly command?: string[];
  /** Environment, as name → value. Values may be tokens (variables, other resources' attributes). @default {} */
  readonly environment?: Record<string, string>;
  /** @default [] - nothing published on the host */
  readonly hostPorts?: HostPortMapping[];
  /** Address host ports bind to. @default "127.0.0.1" */
  readonly hostBindIp?: string;
  /** @default [] */
  readonly volumes?: VolumeMount[];
  /** @default [] */
  readonly repoMounts?: RepoMount[];
  /** @default - none: the image's own healthcheck, if it has one */
  readonly healthcheck?: ContainerHealthcheck;
  /** @default "unless-stopped" */
  readonly restart?: RestartPolicy;
  /**
   * A one-shot job (topic creation, database migration) instead of a long-running service:
   * terraform starts it, waits for it to exit, and fails the deploy when it exits non-zero
   * (the provider itself only records the exit code). It is not restarted.
   * @default false
   */
  readonly runOnce?: boolean;
  /** Make terraform wait until the healthcheck passes before dependants are created. @default - true when a healthcheck is given */
  readonly waitUntilHealthy?: boolean;
  /** @default 180 */
  readonly waitTimeoutSeconds?: number;
  /** @default - the image's user */
  readonly user?: string;
  /** Resources that must exist before this container starts. @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

/** Depth of a synthesized stack's working directory (cdktf.out/stacks/<name>) below the repo root. */
const REPO_ROOT_FROM_STACK_DIR = "../../..";

/**
 * HCL expression for the absolute path of a repository folder ("." for the root), resolved at
 * plan time (no machine path in cdk.tf.json).
 */
export function repoPathHcl(repoPath: string): string {
  const below = repoPath === "." ? "" : `/${repoPath}`;
  return `abspath("\${path.module}/${REPO_ROOT_FROM_STACK_DIR}${below}")`;
}

/** The same, as a string attribute value. */
export function repoPathExpression(repoPath: string): string {
  return `\${${repoPathHcl(repoPath)}}`;
}

/**
 * One container with the policies every service of the platform shares: a pinned image,
 * a restart policy, a memory limit, host ports bound to 127.0.0.1, named volumes for
 * state, a healthcheck, and membership of the pipeline's network.
 */
export class DockerService extends Construct {
  public readonly container: Container;
  public readonly containerName: string;

  constructor(scope: Construct, id: string, props: DockerServiceProps) {
    super(scope, id);
    const hostPorts = props.hostPorts ?? [];
    validate(this.node.path, [
      {
        violated: !isWholeNumberBetween(props.memoryMb, 64, 1024 * 1024),
        message: `memoryMb must be a whole number between 64 and 1048576, but ${props.memoryMb} was provided`,
      },
      ...hostPorts.map((mapping) => ({
        violated: !isWholeNumberBetween(mapping.hostPort, 1, 65535),
        message: `${mapping.setting} must be a port between 1 and 65535, but ${mapping.hostPort} was provided`,
      })),
    ]);
    HostPortRegistry.of(this).claim(hostPorts, this.node.path);

    this.containerName = props.containerName;
    const runOnce = props.runOnce ?? false;
    const waitUntilHealthy = props.waitUntilHealthy ?? props.healthcheck !== undefined;
    const bindIp = props.hostBindIp ?? "127.0.0.1";

    this.container = new Container(this, "container", {
      name: props.containerName,
      image: props.image.imageId,
      entrypoint: props.entrypoint,
      command: props.command,
      env: Object.entries(props.environment ?? {}).map(([name, value]) => `${name}=${value}`),
      memory: props.memoryMb,
      // Left out, Docker stores 2 x memory and the provider reads it back, so every plan would
      // show a change. Equal to memory: no swap, the limit is the container's memory.
      memorySwap: props.memoryMb,
      restart: runOnce ? "no" : (props.restart ?? "unless-stopped"),
      mustRun: !runOnce,
      attach: runOnce ? true : undefined,
      logs: runOnce ? true : undefined,
      user: props.user,
      networksAdvanced: [{ name: props.network.name, aliases: [props.containerName] }],
      ports: hostPorts.map((mapping) => ({
        internal: mapping.containerPort,
        external: mapping.hostPort,
        ip: bindIp,
        protocol: "tcp",
      })),
      volumes: (props.volumes ?? []).map((mount) => ({
        volumeName: mount.volume.name,
        containerPath: mount.containerPath,
      })),
      mounts: (props.repoMounts ?? []).map((mount) => ({
        type: "bind",
        source: repoPathExpression(mount.repoPath),
        target: mount.containerPath,
        readOnly: true,
      })),
      healthcheck: props.healthcheck,
      wait: !runOnce && waitUntilHealthy ? true : undefined,
      waitTimeout: !runOnce && waitUntilHealthy ? (props.waitTimeoutSeconds ?? 180) : undefined,
      dependsOn: props.dependsOn,
      // Which construct declared this container: `docker ps --filter label=org.logpipe.construct`.
      labels: [{ label: "org.logpipe.construct", value: this.node.path }],
      lifecycle: runOnce
        ? {
            postcondition: [
              {
                condition: "${self.exit_code == 0}",
                errorMessage: `The one-shot job ${props.containerName} failed: read its output with \`docker logs ${props.containerName}\`.`,
              },
            ],
          }
        : undefined,
    });
  }
}

/**
 * Host ports claimed so far in one app. Two containers asking for the same host port would
 * only fail at `docker run`, half-way through a deploy; this makes it a synth error.
 */
class HostPortRegistry {
  static of(scope: IConstruct): HostPortRegistry {
    const root = scope.node.root;
    let registry = registries.get(root);
    if (!registry) {
      registry = new HostPortRegistry();
      registries.set(root, registry);
    }
    return registry;
  }

  private readonly owners = new Map<number, { path: string; setting: string }>();

  claim(mappings: readonly HostPortMapping[], path: string): void {
    const problems: string[] = [];
    for (const mapping of mappings) {
      const owner = this.owners.get(mapping.hostPort);
      if (owner) {
        problems.push(
          `host port ${mapping.hostPort} is wanted by both ${owner.path} (${owner.setting}) and ${path} (${mapping.setting}): give one of them another port in the profile (infra/config/profiles.ts)`,
        );
      } else {
        this.owners.set(mapping.hostPort, { path, setting: mapping.setting });
      }
    }
    validate(path, problems.map((message) => ({ violated: true, message })));
  }
}

const registries = new WeakMap<IConstruct, HostPortRegistry>();

/**
 * Healthcheck defaults: checked every 10 s, unhealthy after 6 failures, 30 s of grace at start.
 * Durations are written as Go prints them ("1m0s", not "60s"): the docker provider reads
 * them back that way, and any other spelling shows as a change in every diff.
 */
export function healthcheck(test: string[], overrides: Partial<ContainerHealthcheck> = {}): ContainerHealthcheck {
  return { test, interval: "10s", timeout: "5s", retries: 6, startPeriod: "30s", ...overrides };
}

/** A TCP-connect healthcheck for images without curl or wget: bash's /dev/tcp. */
export function tcpHealthcheck(port: number, overrides: Partial<ContainerHealthcheck> = {}): ContainerHealthcheck {
  return healthcheck(["CMD", "bash", "-c", `exec 3<>/dev/tcp/127.0.0.1/${port}`], overrides);
}

/**
 * A registry image, pulled once and kept when the stack is destroyed (so a re-deploy does
 * not pull again). Refuses `:latest` and untagged references: a deploy must be repeatable.
 */
export function pinnedImage(scope: Construct, id: string, ref: string): Image {
  validate(`${scope.node.path}/${id}`, [
    {
      violated: !isPinnedImage(ref),
      message: `image must be pinned to a tag other than "latest" or to a digest, but "${ref}" was provided`,
    },
  ]);
  return new Image(scope, id, { name: ref, keepLocally: true });
}
