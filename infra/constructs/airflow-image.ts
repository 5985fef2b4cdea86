import { Image } from "@cdktf/provider-docker/lib/image";
import { Construct } from "constructs";
import { DEFAULT_IMAGES } from "../config/images";
import versions from "../config/versions.json";
import { builtImage } from "./built-image";
import { mavenImageArgument, SPARK_JARS_BUILD_ARGS } from "./spark-image";

export interface AirflowImageProps {
  /** Image name and tag given to the build. @default "logpipe/airflow:<airflow version>" */
  readonly tag?: string;
  /**
   * Image the build adds to (a mirror of apache/airflow:<airflow>-python<python>).
   * @default - airflow pinned in infra/config/versions.json
   */
  readonly baseImage?: string;
  /** Image of the build stage that resolves the Spark jars with Maven. @default - maven pinned in infra/config/versions.json */
  readonly mavenImage?: string;
}

/**
 * The image every Airflow container runs: apache/airflow plus what the DAG needs to submit
 * the Spark job from the scheduler — the Spark provider, pyspark (spark-submit) pinned by
 * requirements.lock, a Java 17 runtime for the driver, and the same jars as the Spark image.
 * Built from dags/Dockerfile with the repository root as context, which the root
 * .dockerignore cuts down to the files the build reads; rebuilt when one of them changes.
 */
export class AirflowImage extends Construct {
  public readonly image: Image;

  constructor(scope: Construct, id: string, props: AirflowImageProps = {}) {
    super(scope, id);
    this.image = builtImage(this, "image", {
      tag: props.tag ?? `logpipe/airflow:${versions.airflow}`,
      contextPath: ".",
      dockerfile: "dags/Dockerfile",
      baseImages: [
        { buildArg: "BASE_IMAGE", ref: props.baseImage ?? DEFAULT_IMAGES.airflow, setting: "baseImage" },
        mavenImageArgument(props.mavenImage),
      ],
      buildArgs: {
        ...SPARK_JARS_BUILD_ARGS,
        AIRFLOW_VERSION: versions.airflow,
        SPARK_PROVIDER_VERSION: versions.airflowSparkProvider,
        PYTHON_VERSION: versions.python,
      },
      sourceGlobs: ["dags/Dockerfile", "requirements.lock", "spark/jars/pom.xml", "spark/jars/src/**"],
      component: "airflow",
    });
  }
}
