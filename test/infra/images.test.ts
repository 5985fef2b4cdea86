import * as fs from "fs";
import * as path from "path";
import { DEFAULT_IMAGES } from "../../infra/config/images";
import versions from "../../infra/config/versions.json";
import { lockedPackages, normalizedPackageName } from "../python-lock";
import { builtImageNamed, StackName, synthApp, triggerGlobs } from "./synth";

const REPO_ROOT = path.resolve(__dirname, "../..");

/** What a Dockerfile declares and reads, as far as the constructs must agree with it. */
interface Dockerfile {
  readonly args: string[];
  readonly fromLines: string[];
  /** Sources of COPY instructions that read the build context (not another stage). */
  readonly contextSources: string[];
  readonly text: string;
}

function readDockerfile(repoPath: string): Dockerfile {
  const text = fs.readFileSync(path.join(REPO_ROOT, repoPath), "utf8");
  // Continuation lines joined, comments dropped: one instruction per line.
  const instructions = text.replace(/\\\n/g, " ").split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
  const contextSources = instructions
    .filter((line) => /^COPY\s/i.test(line) && !/--from=/.test(line))
    .flatMap((line) => line.split(/\s+/).slice(1).filter((word) => !word.startsWith("--")).slice(0, -1));
  return {
    args: [...new Set(instructions.flatMap((line) => /^ARG\s+(\w+)/i.exec(line)?.[1] ?? []))].sort(),
    fromLines: instructions.filter((line) => /^FROM\s/i.test(line)),
    contextSources,
    text,
  };
}

interface ImageCase {
  readonly image: string;
  readonly stack: StackName;
  /** Build context, relative to the repository root. */
  readonly context: string;
  readonly dockerfile: string;
}

const IMAGES_WITH_SPARK_JARS: ImageCase[] = [
  { image: `logpipe/spark:${versions.spark}`, stack: "platform", context: "spark", dockerfile: "spark/Dockerfile" },
  { image: `logpipe/airflow:${versions.airflow}`, stack: "apps", context: ".", dockerfile: "dags/Dockerfile" },
];
const stacks = synthApp();

describe.each(IMAGES_WITH_SPARK_JARS)("$dockerfile, as $image is built from it", ({ image, stack, context, dockerfile }) => {
  const built = builtImageNamed(stacks[stack], image);
  const file = readDockerfile(dockerfile);
  const relativeToContext = (repoPath: string) => path.posix.relative(context, repoPath);

  test("declares exactly the build arguments the construct passes", () => {
    expect(file.args).toEqual(Object.keys(built.build?.build_args ?? {}).sort());
  });

  test("takes every base image from a build argument, so versions.json and LOGPIPE_IMAGE_REGISTRY decide it", () => {
    expect(file.fromLines.length).toBeGreaterThan(0);
    for (const from of file.fromLines) expect(from).toMatch(/^FROM \$\{[A-Z_]+_IMAGE\}( AS \w+)?$/);
  });

  test("builds spark/jars (its pom and sources) in a Maven stage with the pinned plugin and versions, keeping logpipe-spark.jar", () => {
    expect(file.contextSources).toEqual(expect.arrayContaining([relativeToContext("spark/jars/pom.xml"), relativeToContext("spark/jars/src")]));
    expect(file.text).toContain('mvn -B -ntp -f pom.xml package \\\n      "org.apache.maven.plugins:maven-dependency-plugin:${MAVEN_DEPENDENCY_PLUGIN_VERSION}:copy-dependencies"');
    expect(file.text).toContain("cp target/logpipe-spark.jar /build/jars/");
    expect(file.text).toContain('-Dspark.version="${SPARK_VERSION}" -Dhadoop.version="${HADOOP_VERSION}"');
  });

  test("its context lets through only the Dockerfile and the files it copies, which exist", () => {
    const ignoreFile = fs.readFileSync(path.join(REPO_ROOT, context, ".dockerignore"), "utf8");
    const rules = ignoreFile.split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
    expect(rules[0]).toBe("*");
    const letThrough = rules.slice(1).map((rule) => rule.replace(/^!/, "")).sort();
    expect(letThrough).toEqual([relativeToContext(dockerfile), ...file.contextSources].sort());
    for (const source of file.contextSources) expect({ source, exists: fs.existsSync(path.join(REPO_ROOT, context, source)) }).toEqual({ source, exists: true });
  });

  test("is built for the Python of versions.json, and its build fails when python<version> is another", () => {
    // Driver (Airflow) and executors (Spark) must run one Python minor version.
    expect(built.build?.build_args?.PYTHON_VERSION).toBe(versions.python);
    const check = file.text.replace(/\\\n\s*/g, " ");
    // The interpreter that name gives must import the image's pyspark, and be that minor version.
    expect(check).toMatch(/python_minor="\$\(.*?"python\$\{PYTHON_VERSION\}" -c 'import sys, [\w, ]*pyspark; print\("%d\.%d" % sys\.version_info\[:2\]\)'\)"/);
    expect(check).toContain('{ [ "${python_minor}" = "${PYTHON_VERSION}" ] || { echo "python${PYTHON_VERSION} is Python ${python_minor}" >&2; exit 1; }; }');
  });

  test("the rebuild trigger watches the Dockerfile and every file it copies", () => {
    // A folder it copies is watched as everything beneath it.
    const watched = file.contextSources.map((source) => (fs.statSync(path.join(REPO_ROOT, context, source)).isDirectory() ? `${source}/**` : source));
    expect(triggerGlobs(built).sort()).toEqual([relativeToContext(dockerfile), ...watched].sort());
  });
});

describe("dags/Dockerfile", () => {
  const file = readDockerfile("dags/Dockerfile");

  test("installs a Java 17 runtime for spark-submit and names it in JAVA_HOME", () => {
    expect(file.text).toMatch(/apt-get install -y --no-install-recommends openjdk-17-jre-headless/);
    expect(file.text).toMatch(/^ENV JAVA_HOME=\/usr\/lib\/jvm\/java-17$/m);
  });

  const install = /pip install --no-cache-dir --constraint \/requirements\.lock ([^&]+)&&/.exec(file.text.replace(/\\\n\s*/g, ""))?.[1] ?? "";
  const installed = install.trim().split(/\s+/);

  test("installs Airflow, the providers the stack configures, the Spark provider and pyspark, constrained by requirements.lock", () => {
    expect(installed).toEqual([
      '"apache-airflow==${AIRFLOW_VERSION}"',
      "apache-airflow-providers-fab",
      "apache-airflow-providers-postgres",
      '"apache-airflow-providers-apache-spark==${SPARK_PROVIDER_VERSION}"',
      '"pyspark==${SPARK_VERSION}"',
    ]);
  });

  test("every package it installs is pinned by requirements.lock, at the version versions.json gives where it gives one", () => {
    const lock = lockedPackages();
    const buildArgs: Record<string, string> = { AIRFLOW_VERSION: versions.airflow, SPARK_PROVIDER_VERSION: versions.airflowSparkProvider, SPARK_VERSION: versions.spark };
    for (const requirement of installed) {
      const [name, version] = requirement.replace(/"/g, "").split("==");
      expect({ name, locked: lock.get(normalizedPackageName(name)) }).toEqual({ name, locked: expect.any(String) });
      if (version) expect({ name, locked: lock.get(normalizedPackageName(name)) }).toEqual({ name, locked: buildArgs[version.replace(/^\$\{(\w+)\}$/, "$1")] });
    }
  });

  test("puts the resolved jars on pyspark's classpath and switches back to the airflow user", () => {
    expect(file.text).toMatch(/ln -s \/opt\/spark-extra-jars\/\*\.jar "\$\{pyspark_dir\}\/jars\/"/);
    const users = file.text.match(/^USER \w+$/gm);
    expect(users?.[users.length - 1]).toBe("USER airflow");
  });
});

describe("the Node versions the project runs on", () => {
  /** End of life of each Node LTS line (nodejs.org release schedule); odd majors are never LTS. */
  const LTS_END_OF_LIFE: Record<string, string> = { "20": "2026-04-30", "22": "2027-04-30", "24": "2028-04-30", "26": "2029-04-30" };

  test.each([
    ["node", "the runtime image, the services and every test"],
    ["cdktfNode", "the cdktf CLI"],
  ] as const)("versions.json:%s (%s) is an LTS line that is still supported", (key, _runs) => {
    const major = versions[key].split(".")[0];
    expect({ key, major, lts: major in LTS_END_OF_LIFE }).toEqual({ key, major, lts: true });
    // Fails the day the line reaches its end of life: move to the next LTS then.
    expect({ key, supportedUntil: LTS_END_OF_LIFE[major], supported: Date.parse(`${LTS_END_OF_LIFE[major]}T23:59:59Z`) > Date.now() }).toEqual({ key, supportedUntil: LTS_END_OF_LIFE[major], supported: true });
  });

  test("the runtime image is built on versions.json:node, and the runtime declares that major", () => {
    expect(DEFAULT_IMAGES.node).toBe(`node:${versions.node}-bookworm-slim`);
    const runtime = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "runtime/package.json"), "utf8")) as { engines: { node: string } };
    expect(runtime.engines.node).toBe(`>=${versions.node.split(".")[0]}`);
  });
});
