#!/usr/bin/env bash
# The Python side's environment: a venv with requirements.lock (Spark, Airflow with its
# Spark provider, pytest) whose pyspark also carries the jars of spark/jars (the Kafka source,
# S3A, and logpipe-spark.jar built from spark/jars/src), i.e. the same Spark the platform's
# images run.
#
# Both live in the cache, keyed by what defines them, so a second run only checks them:
#   $LOGPIPE_CACHE/pip                         pip's wheel cache (pyspark is built once)
#   $LOGPIPE_CACHE/spark-jars/<spark>-<hadoop>-<hash>  the jars; <hash> covers the pom and src/
#   $LOGPIPE_CACHE/venv/<hash>                 the venv; <hash> covers the lock, the versions
#                                              and the Python minor version
# The jars are linked into the venv's pyspark/jars on every run (links into an older jars
# folder are replaced), so a change to spark/jars needs no new venv.
# .venv in the clone is a symlink to the venv. Prints the venv's path on stdout.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
cd "$LOGPIPE_ROOT"

python_version="$(version python)"
spark_version="$(version spark)"
hadoop_version="$(version hadoop)"
python="$(pinned_python)"
need java "install a JDK 17 (apt-get install openjdk-17-jdk-headless): Spark runs on it"
need mvn "install Maven (apt-get install maven): it resolves Spark's Kafka and S3A jars and builds logpipe-spark.jar"

jars_key="$( (cd spark/jars && find pom.xml src -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-12)"
jars_dir="$LOGPIPE_CACHE/spark-jars/$spark_version-$hadoop_version-$jars_key"
if [ ! -f "$jars_dir/.complete" ]; then
  log "python-env: building spark/jars (spark $spark_version, hadoop $hadoop_version) into $jars_dir"
  rm -rf "$jars_dir" && mkdir -p "$jars_dir"
  # Built from a copy, so no target/ folder is left in the clone.
  build="$(mktemp -d)"
  trap 'rm -rf "$build"' EXIT
  cp -r spark/jars/pom.xml spark/jars/src "$build/"
  mvn -q -B -f "$build/pom.xml" package \
    "org.apache.maven.plugins:maven-dependency-plugin:$(version mavenDependencyPlugin):copy-dependencies" \
    -DincludeScope=runtime -DoutputDirectory="$jars_dir" \
    -Dspark.version="$spark_version" -Dhadoop.version="$hadoop_version" >&2
  cp "$build/target/logpipe-spark.jar" "$jars_dir/"
  touch "$jars_dir/.complete"
fi

key="$( { cat requirements.lock; echo "$python_version $spark_version $hadoop_version"; } | sha256sum | cut -c1-16)"
venv="$LOGPIPE_CACHE/venv/$key"
if [ ! -f "$venv/.complete" ]; then
  log "python-env: creating $venv from requirements.lock (first run: a few minutes, pyspark is large)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  export PIP_CACHE_DIR="$LOGPIPE_CACHE/pip" PIP_DISABLE_PIP_VERSION_CHECK=1
  # The lock is complete, so no resolution is needed (or wanted): --no-deps.
  "$venv/bin/pip" install --quiet --no-deps -r requirements.lock >&2
  "$venv/bin/pip" check >&2
  installed="$("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)')"
  [ "$installed" = "$spark_version" ] || die "the lock installs pyspark $installed but versions.json pins spark $spark_version: regenerate requirements.lock"
  touch "$venv/.complete"
else
  log "python-env: reusing $venv"
fi
pyspark_jars="$("$venv/bin/python" -c 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "jars"))')"
if [ "$(readlink "$pyspark_jars/logpipe-spark.jar" || true)" != "$jars_dir/logpipe-spark.jar" ]; then
  find "$pyspark_jars" -maxdepth 1 -type l -lname "$LOGPIPE_CACHE/spark-jars/*" -delete
  ln -s "$jars_dir"/*.jar "$pyspark_jars/"
fi
ln -sfn "$venv" .venv
echo "$venv"
