#!/usr/bin/env bash
# npm run diff [-- stack...]: what a change to infra/ would do, stack by stack.
# Stacks that depend on another read its state, so diff after that stack is deployed.
set -euo pipefail
. "$(dirname "$0")/lib/secrets.sh"
cd "$LOGPIPE_ROOT"
command -v terraform >/dev/null || die "terraform not found: install terraform >= $(version terraformMinimum)"
load_secrets
export CHECKPOINT_DISABLE=1
stacks=("$@")
[ ${#stacks[@]} -gt 0 ] || stacks=(platform lake apps)
for stack in "${stacks[@]}"; do
  log "diff of the $stack stack (profile ${LOGPIPE_PROFILE:-dev})"
  npx cdktf diff "$stack"
done
