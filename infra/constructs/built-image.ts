import { Image } from "@cdktf/provider-docker/lib/image";
import { Construct } from "constructs";
import { isPinnedImage } from "../config/images";
import { validate } from "../config/validation";
import { repoPathExpression, repoPathHcl } from "./docker-service";

/** A base image of a build, handed to its Dockerfile as a build argument. */
export interface BaseImageArgument {
  /** Build argument the Dockerfile's FROM reads, e.g. "BASE_IMAGE". */
  readonly buildArg: string;
  readonly ref: string;
  /** Name of the prop that chose ref, used in error messages (e.g. "baseImage"). */
  readonly setting: string;
}

export interface BuiltImageProps {
  /** Image name and tag given to the build; a version, never "latest". */
  readonly tag: string;
  /** Folder of this repository sent as the build context, "." for the root. */
  readonly contextPath: string;
  /** Dockerfile, relative to the context. @default "Dockerfile" */
  readonly dockerfile?: string;
  /** Base images, each pinned. */
  readonly baseImages: readonly BaseImageArgument[];
  /** Other build arguments (versions). @default {} */
  readonly buildArgs?: Record<string, string>;
  /**
   * Globs, relative to the context, of the files the image is made of: it is rebuilt when one
   * of them changes, and only then. Terraform's glob rejects a "/" inside {...}, so a file
   * in a subfolder is a glob of its own.
   */
  readonly sourceGlobs: readonly string[];
  /** Value of the image's org.logpipe.component label. */
  readonly component: string;
}

/**
 * An image built by the docker provider from a Dockerfile of this repository, kept when the
 * stack is destroyed. Its rebuild trigger is a hash of its source files that terraform
 * computes at plan time, so cdk.tf.json stays free of machine paths.
 */
export function builtImage(scope: Construct, id: string, props: BuiltImageProps): Image {
  validate(`${scope.node.path}/${id}`, [
    { violated: !isPinnedImage(props.tag), message: `tag must name a version, not "latest", but "${props.tag}" was provided` },
    ...props.baseImages.map((base) => ({
      violated: !isPinnedImage(base.ref),
      message: `${base.setting} must be pinned to a tag other than "latest" or to a digest, but "${base.ref}" was provided`,
    })),
  ]);
  const baseImageArgs = Object.fromEntries(props.baseImages.map((base) => [base.buildArg, base.ref]));
  return new Image(scope, id, {
    name: props.tag,
    keepLocally: true,
    buildAttribute: {
      context: repoPathExpression(props.contextPath),
      dockerfile: props.dockerfile ?? "Dockerfile",
      buildArgs: { ...baseImageArgs, ...props.buildArgs },
      label: { "org.logpipe.component": props.component },
    },
    triggers: { source_sha1: sourceFilesSha1(props.contextPath, props.sourceGlobs) },
  });
}

/**
 * Terraform expression for one sha1 over the files matched by globs under a repository folder:
 * the sha1 of their sorted paths' file hashes, evaluated at plan time.
 */
export function sourceFilesSha1(repoPath: string, globs: readonly string[]): string {
  const dir = repoPathHcl(repoPath);
  const filesets = globs.map((glob) => `fileset(${dir}, "${glob}")`);
  const files = filesets.length === 1 ? filesets[0] : `setunion(${filesets.join(", ")})`;
  return `\${sha1(join("", [for f in sort(${files}) : filesha1("\${${dir}}/\${f}")]))}`;
}
