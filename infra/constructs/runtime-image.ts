import { Image } from "@cdktf/provider-docker/lib/image";
import { Construct } from "constructs";
import { DEFAULT_IMAGES, isPinnedImage } from "../config/images";
import { validate } from "../config/validation";
import { repoPathExpression, repoPathHcl } from "./docker-service";

export interface RuntimeImageProps {
  /** Image name and tag given to the build. @default "logpipe/runtime:<package version>" */
  readonly tag: string;
  /** Folder of this repository that holds the Dockerfile. @default "runtime" */
  readonly repoPath?: string;
  /** Base image of the build (a mirror of node:<version>-bookworm-slim). @default - node pinned in infra/config/versions.json */
  readonly baseImage?: string;
}

/**
 * The image of the TypeScript services (simulator and sink), built from runtime/ by the
 * docker provider. It is rebuilt whenever a file under runtime/ changes: the trigger is a
 * hash that terraform computes at plan time, so cdk.tf.json stays free of machine paths.
 */
export class RuntimeImage extends Construct {
  public readonly image: Image;

  constructor(scope: Construct, id: string, props: RuntimeImageProps) {
    super(scope, id);
    const baseImage = props.baseImage ?? DEFAULT_IMAGES.node;
    validate(this.node.path, [
      { violated: !isPinnedImage(props.tag), message: `tag must name a version, not "latest", but "${props.tag}" was provided` },
      { violated: !isPinnedImage(baseImage), message: `baseImage must be pinned, but "${baseImage}" was provided` },
    ]);
    const repoPath = props.repoPath ?? "runtime";
    const dir = repoPathHcl(repoPath);
    // Two filesets: a "/" inside {...} is a syntax error for terraform's glob.
    const sourceFiles = `setunion(fileset(${dir}, "{Dockerfile,package.json,package-lock.json,tsconfig.json}"), fileset(${dir}, "src/**"))`;
    this.image = new Image(this, "image", {
      name: props.tag,
      keepLocally: true,
      buildAttribute: {
        context: repoPathExpression(repoPath),
        dockerfile: "Dockerfile",
        buildArgs: { BASE_IMAGE: baseImage },
        label: { "org.logpipe.component": "runtime" },
      },
      triggers: {
        source_sha1: `\${sha1(join("", [for f in sort(${sourceFiles}) : filesha1("\${${dir}}/\${f}")]))}`,
      },
    });
  }
}
