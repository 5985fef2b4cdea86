#!/usr/bin/env bash
# npm run destroy [-- stack... --profile NAME cdktf-options]: removes what the stacks declared,
# in reverse order (apps → lake → platform), named volumes and their data included. Pulled
# images are kept (keepLocally). The lake bucket refuses to go while it holds objects, which
# stops the destroy before the platform (and MinIO's volume) is touched: empty the bucket
# first. With LOGPIPE_MINIO_ENDPOINT set, destroys only the lake stack on that MinIO.
set -euo pipefail
. "$(dirname "$0")/lib/stacks.sh"
cd "$LOGPIPE_ROOT"

parse_stack_arguments apps lake platform -- "$@"
prepare_stacks
npx cdktf destroy "${STACKS[@]}" ${CDKTF_ARGS[@]+"${CDKTF_ARGS[@]}"}
