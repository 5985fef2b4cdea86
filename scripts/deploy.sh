#!/usr/bin/env bash
# npm run deploy [-- cdktf deploy options, e.g. --auto-approve]
# Stands the whole pipeline up on the local Docker engine: platform → lake → apps.
set -euo pipefail
. "$(dirname "$0")/lib/secrets.sh"
cd "$LOGPIPE_ROOT"

command -v docker >/dev/null || die "docker not found: install a Docker engine (the stacks run containers on it)"
docker info >/dev/null 2>&1 || die "the Docker engine is not answering: start it (dockerd, or Docker Desktop) and retry"
command -v terraform >/dev/null || die "terraform not found: install terraform >= $(version terraformMinimum)"
[ -n "${CI:-}" ] || log "profile: ${LOGPIPE_PROFILE:-dev}"

load_secrets
export CHECKPOINT_DISABLE=1
npx cdktf deploy platform lake apps "$@"
