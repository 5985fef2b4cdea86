import versions from "./versions.json";

/**
 * Every image the platform runs or builds its own images on, pinned by tag from versions.json.
 *
 * Each is overridable twice over: per construct with its `image` (or, for a built image,
 * `baseImage`/`mavenImage`) prop, and for all of them at once with LOGPIPE_IMAGE_REGISTRY (a private mirror such as
 * `registry.example.internal/dockerhub`), which is prefixed to every reference here.
 */
export interface PinnedImages {
  readonly kafka: string;
  readonly minio: string;
  /** Base image of the Spark image built from spark/Dockerfile. */
  readonly spark: string;
  /** Base image of the Airflow image built from dags/Dockerfile. */
  readonly airflow: string;
  readonly postgres: string;
  /** Base image of the runtime image built from runtime/. */
  readonly node: string;
  /**
   * Base image of the build stage that builds spark/jars (the Kafka source and S3A jars, and
   * logpipe-spark.jar) for the Spark and Airflow images. Only the builds use it; no container runs it.
   */
  readonly maven: string;
}

export const DEFAULT_IMAGES: PinnedImages = {
  kafka: `apache/kafka:${versions.kafka}`,
  // MinIO's images left Docker Hub in 2026; its own registry still serves the releases.
  minio: `quay.io/minio/minio:${versions.minio}`,
  spark: `apache/spark:${versions.spark}-scala2.13-java17-python3-ubuntu`,
  airflow: `apache/airflow:${versions.airflow}-python${versions.python}`,
  postgres: `postgres:${versions.postgres}-bookworm`,
  node: `node:${versions.node}-bookworm-slim`,
  // Its JDK matches the Spark image's Java 17, which the resolved jars run on.
  maven: `maven:${versions.maven}-eclipse-temurin-17`,
};

/** Prefixes every image with a mirror, e.g. `mirror.internal/library` → `mirror.internal/library/postgres:17.6-bookworm`. */
export function imagesFromRegistry(registry: string | undefined, images: PinnedImages = DEFAULT_IMAGES): PinnedImages {
  if (!registry) return images;
  const prefix = registry.replace(/\/+$/, "");
  const entries = Object.entries(images).map(([role, ref]) => [role, `${prefix}/${ref}`]);
  return Object.fromEntries(entries) as unknown as PinnedImages;
}

/** True when an image reference names a tag or digest other than `latest`. */
export function isPinnedImage(ref: string): boolean {
  if (ref.includes("@sha256:")) return true;
  const lastSegment = ref.slice(ref.lastIndexOf("/") + 1);
  const colon = lastSegment.indexOf(":");
  return colon > 0 && lastSegment.slice(colon + 1) !== "latest" && lastSegment.slice(colon + 1) !== "";
}
