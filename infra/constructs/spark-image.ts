import { Image } from "@cdktf/provider-docker/lib/image";
import { Construct } from "constructs";
import { DEFAULT_IMAGES } from "../config/images";
import versions from "../config/versions.json";
import { BaseImageArgument, builtImage } from "./built-image";

/**
 * The build arguments of the Maven stage that builds spark/jars (resolves the pom's jars and
 * compiles logpipe-spark.jar from its src/). The Spark and the Airflow image both pass these,
 * so executors and the driver load the same jars.
 */
export const SPARK_JARS_BUILD_ARGS: Readonly<Record<string, string>> = {
  SPARK_VERSION: versions.spark,
  HADOOP_VERSION: versions.hadoop,
  MAVEN_DEPENDENCY_PLUGIN_VERSION: versions.mavenDependencyPlugin,
};

/** The Maven image of that stage, as a build argument. */
export function mavenImageArgument(ref: string | undefined): BaseImageArgument {
  return { buildArg: "MAVEN_IMAGE", ref: ref ?? DEFAULT_IMAGES.maven, setting: "mavenImage" };
}

export interface SparkImageProps {
  /** Image name and tag given to the build. @default "logpipe/spark:<spark version>" */
  readonly tag?: string;
  /**
   * Image the build adds the jars to (a mirror of apache/spark:<spark>-scala2.13-java17-python3-ubuntu).
   * @default - spark pinned in infra/config/versions.json
   */
  readonly baseImage?: string;
  /** Image of the build stage that resolves the jars with Maven. @default - maven pinned in infra/config/versions.json */
  readonly mavenImage?: string;
}

/**
 * The image the Spark master and workers run: apache/spark plus the jars of spark/jars
 * (Kafka source, S3A, logpipe-spark.jar) at the Spark and Hadoop versions of versions.json,
 * and the Python of versions.json for the executors' Python workers (the driver's, in Airflow),
 * built from spark/Dockerfile. The context is spark/, cut down by spark/.dockerignore to the
 * files the build reads; it is rebuilt when one of them changes. The job's Python files
 * are not part of it: spark-submit ships them from Airflow.
 */
export class SparkImage extends Construct {
  public readonly image: Image;

  constructor(scope: Construct, id: string, props: SparkImageProps = {}) {
    super(scope, id);
    this.image = builtImage(this, "image", {
      tag: props.tag ?? `logpipe/spark:${versions.spark}`,
      contextPath: "spark",
      baseImages: [
        { buildArg: "BASE_IMAGE", ref: props.baseImage ?? DEFAULT_IMAGES.spark, setting: "baseImage" },
        mavenImageArgument(props.mavenImage),
      ],
      buildArgs: { ...SPARK_JARS_BUILD_ARGS, PYTHON_VERSION: versions.python },
      sourceGlobs: ["Dockerfile", "jars/pom.xml", "jars/src/**"],
      component: "spark",
    });
  }
}
