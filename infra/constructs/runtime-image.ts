import { Image } from "@cdktf/provider-docker/lib/image";
import { Construct } from "constructs";
import { DEFAULT_IMAGES } from "../config/images";
import { builtImage } from "./built-image";

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
    this.image = builtImage(this, "image", {
      tag: props.tag,
      contextPath: props.repoPath ?? "runtime",
      baseImages: [{ buildArg: "BASE_IMAGE", ref: props.baseImage ?? DEFAULT_IMAGES.node, setting: "baseImage" }],
      sourceGlobs: ["{Dockerfile,package.json,package-lock.json,tsconfig.json}", "src/**"],
      component: "runtime",
    });
  }
}
