#!/usr/bin/env bash
# The Python side's environment: a venv with requirements.lock (Spark, Airflow with its
# Spark provider, pytest) whose pyspark also carries the jars of spark/jars/pom.xml (Kafka
# source, S3A), i.e. the same Spark the platform's images run.
#
# Both live in the cache, keyed by what defines them, so a second run only checks them:
#   $LOGPIPE_CACHE/pip                         pip's wheel cache (pyspark is built once)
#   $LOGPIPE_CACHE/spark-jars/<spark>-<hadoop>-<pom hash>  the resolved jars
#   $LOGPIPE_CACHE/venv/<hash>                 the venv; <hash> covers the lock, the pom,
#                                              the versions and the Python minor version
# .venv in the clone is a symlink to the venv. Prints the venv's path on stdout.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
cd "$LOGPIPE_ROOT"

python_version="$(version python)"
spark_version="$(version spark)"
hadoop_version="$(version hadoop)"
python="$(pinned_python)"
need java "install a JDK 17 (apt-get install openjdk-17-jdk-headless): Spark runs on it"
need mvn "install Maven (apt-get install maven): it resolves Spark's Kafka and S3A jars"

jars_dir="$LOGPIPE_CACHE/spark-jars/$spark_version-$hadoop_version-$(sha256sum spark/jars/pom.xml | cut -c1-12)"
if [ ! -f "$jars_dir/.complete" ]; then
  log "python-env: resolving Spark's Kafka and S3A jars (spark $spark_version, hadoop $hadoop_version) into $jars_dir"
  rm -rf "$jars_dir" && mkdir -p "$jars_dir"
  mvn -q -B -f spark/jars/pom.xml dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$jars_dir" -Dspark.version="$spark_version" -Dhadoop.version="$hadoop_version" >&2
  touch "$jars_dir/.complete"
fi

key="$( { cat requirements.lock spark/jars/pom.xml; echo "$python_version $spark_version $hadoop_version"; } | sha256sum | cut -c1-16)"
venv="$LOGPIPE_CACHE/venv/$key"
if [ ! -f "$venv/.complete" ]; then
  log "python-env: creating $venv from requirements.lock (first run: a few minutes, pyspark is large)"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  export PIP_CACHE_DIR="$LOGPIPE_CACHE/pip" PIP_DISABLE_PIP_VERSION_CHECK=1
  # The lock is complete, so no resolution is needed (or wanted): --no-deps.
  "$venv/bin/pip" install --quiet --no-deps -r requirements.lock >&2
  "$venv/bin/pip" check >&2
  pyspark_jars="$("$venv/bin/python" -c 'import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), "jars"))')"
  installed="$("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)')"
  [ "$installed" = "$spark_version" ] || die "the lock installs pyspark $installed but versions.json pins spark $spark_version: regenerate requirements.lock"
  ln -sf "$jars_dir"/*.jar "$pyspark_jars/"
  touch "$venv/.complete"
else
  log "python-env: reusing $venv"
fi
ln -sfn "$venv" .venv
echo "$venv"
