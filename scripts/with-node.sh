#!/usr/bin/env bash
# with-node.sh COMMAND...: runs COMMAND on the Node major version of the runtime image
# (scripts/lib/node.sh), e.g. `bash scripts/with-node.sh npx jest`.
set -euo pipefail
. "$(dirname "$0")/lib/node.sh"
provide_node
exec "$@"
