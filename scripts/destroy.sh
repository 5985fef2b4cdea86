#!/usr/bin/env bash
# npm run destroy [-- cdktf destroy options]: removes what the stacks declared, in reverse
# order (apps → lake → platform), named volumes and their data included. Pulled images are
# kept (keepLocally). The lake bucket refuses to go while it holds objects, which stops the
# destroy before the platform (and MinIO's volume) is touched: empty the bucket first.
set -euo pipefail
. "$(dirname "$0")/lib/secrets.sh"
cd "$LOGPIPE_ROOT"
load_secrets
export CHECKPOINT_DISABLE=1
npx cdktf destroy apps lake platform "$@"
