#!/usr/bin/env bash
# npm run simulator | npm run sink: one runtime service on the host, against the local
# services (npm run services:up), with the same code and variables its container uses.
# Variables already set in the environment win over .services/services.env.
set -euo pipefail
. "$(dirname "$0")/lib/node.sh"
role="${1:?usage: run-runtime.sh simulator|sink}"
settings="${LOGPIPE_SERVICES_DIR:-$LOGPIPE_ROOT/.services}/services.env"
[ -f "$settings" ] || die "no $settings: start the local services first (npm run services:up)"
export_env_file "$settings"
# On the host the services listen on loopback only (in their containers they need all interfaces).
export HOST="${HOST:-127.0.0.1}"
case "$role" in
  simulator) export PORT="${PORT:-3000}" ;;
  sink) export PORT="${PORT:-3001}" ;;
  *) die "unknown role $role: simulator or sink" ;;
esac
cd "$LOGPIPE_ROOT"
provide_node
# LOGPIPE_MEMORY_CGROUP: a memory cgroup's folder to start the service in (the bench runs the
# sink under its container's memory limit, as Docker would: test/integration/memory-limit.ts).
[ -z "${LOGPIPE_MEMORY_CGROUP:-}" ] || echo $$ >"$LOGPIPE_MEMORY_CGROUP/cgroup.procs"
# LOGPIPE_NODE_FLAGS: Node's own flags, put before the script as its container puts them
# (RUNTIME_NODE_FLAGS in infra/constructs/runtime-service.ts); NODE_OPTIONS would refuse some
# of them (--initial-heap-size).
read -r -a node_flags <<<"${LOGPIPE_NODE_FLAGS:-}"
# One process (no wrapper), so signals reach the service itself.
# LOGPIPE_RUNTIME_BUILD=dist: the compiled runtime (npm run build --prefix runtime), as its
# image runs it; by default the sources, compiled as they load.
if [ "${LOGPIPE_RUNTIME_BUILD:-src}" = dist ]; then
  [ -f "runtime/dist/$role/main.js" ] || die "no runtime/dist/$role/main.js: npm run build --prefix runtime first"
  exec node ${node_flags[@]+"${node_flags[@]}"} "runtime/dist/$role/main.js"
fi
exec node ${node_flags[@]+"${node_flags[@]}"} --enable-source-maps --import tsx "runtime/src/$role/main.ts"
