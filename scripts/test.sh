#!/usr/bin/env bash
# npm test: the type check, the Jest suites (constructs, snapshots, the runtime's pure parts)
# and the integration tests against real services (scripts/test-integration.sh), all on the
# Node major version the runtime image is built on (scripts/lib/node.sh).
set -euo pipefail
. "$(dirname "$0")/lib/node.sh"
cd "$LOGPIPE_ROOT"

provide_node
log "tests on Node $(node --version)"
npm run --silent build
npx jest
bash scripts/test-integration.sh
