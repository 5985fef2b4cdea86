#!/usr/bin/env bash
# npm run diff [-- stack... --profile NAME cdktf-options]: what a change to infra/ would do,
# stack by stack (all three by default; only lake when LOGPIPE_MINIO_ENDPOINT is set).
# Stacks that depend on another read its state, so diff after that stack is deployed.
set -euo pipefail
. "$(dirname "$0")/lib/stacks.sh"
cd "$LOGPIPE_ROOT"

parse_stack_arguments platform lake apps -- "$@"
prepare_stacks
for stack in "${STACKS[@]}"; do
  log "diff of the $stack stack (profile ${LOGPIPE_PROFILE:-dev})"
  npx cdktf diff "$stack" ${CDKTF_ARGS[@]+"${CDKTF_ARGS[@]}"}
done
