#!/usr/bin/env bash
# with-node.sh [--cdktf] COMMAND...: runs COMMAND on the Node the project runs on
# (scripts/lib/node.sh): the runtime image's major version, or with --cdktf the one the cdktf
# CLI runs on. E.g. `bash scripts/with-node.sh npx jest`.
set -euo pipefail
. "$(dirname "$0")/lib/node.sh"
if [ "${1:-}" = --cdktf ]; then
  shift
  provide_node cdktf
else
  provide_node
fi
exec "$@"
