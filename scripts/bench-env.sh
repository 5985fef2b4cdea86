#!/usr/bin/env bash
# The benchmark peers' environment (bench/peers/): a venv with bench/requirements.txt
# (confluent-kafka, pyarrow, Flask, gunicorn). Separate from scripts/python-env.sh's venv,
# whose lock is Airflow's and pins an older Flask.
#
# Lives in the cache, keyed by what defines it, so a second run only checks it:
#   $LOGPIPE_CACHE/pip                      pip's wheel cache (shared with python-env.sh)
#   $LOGPIPE_CACHE/bench-venv/<hash>        the venv; <hash> covers bench/requirements.txt
#                                           and the Python minor version
# Prints the venv's path on stdout. Also makes sure wrk, the HTTP load generator of the
# ingest bench, is installed (from the distribution's packages).
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
cd "$LOGPIPE_ROOT"

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "bench-env: installing wrk (apt-get install wrk)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2 || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >&2; }
  fi
  need wrk "install wrk (apt-get install wrk): the ingest bench's load generator"
fi

python_version="$(version python)"
python="$(pinned_python)"

key="$( { cat bench/requirements.txt; echo "$python_version"; } | sha256sum | cut -c1-16)"
venv="$LOGPIPE_CACHE/bench-venv/$key"
if [ ! -f "$venv/.complete" ]; then
  log "bench-env: creating $venv from bench/requirements.txt"
  rm -rf "$venv"
  "$python" -m venv "$venv"
  export PIP_CACHE_DIR="$LOGPIPE_CACHE/pip" PIP_DISABLE_PIP_VERSION_CHECK=1
  # The file pins every package, so no resolution is needed (or wanted): --no-deps.
  "$venv/bin/pip" install --quiet --no-deps -r bench/requirements.txt >&2
  "$venv/bin/pip" check >&2
  touch "$venv/.complete"
else
  log "bench-env: reusing $venv"
fi
echo "$venv"
