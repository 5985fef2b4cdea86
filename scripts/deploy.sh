#!/usr/bin/env bash
# npm run deploy [-- stack... --profile NAME cdktf-options]
# Stands the whole pipeline up on the local Docker engine: platform → lake → apps. With
# LOGPIPE_MINIO_ENDPOINT set, deploys only the lake stack onto that existing MinIO (no Docker).
#   npm run deploy -- --auto-approve               everything, without asking per stack
#   LOGPIPE_MINIO_ENDPOINT=127.0.0.1:9000 npm run deploy
set -euo pipefail
. "$(dirname "$0")/lib/stacks.sh"
cd "$LOGPIPE_ROOT"

parse_stack_arguments platform lake apps -- "$@"
if stacks_need_docker; then
  need docker "install a Docker engine (the platform and apps stacks run containers on it)"
  docker info >/dev/null 2>&1 || die "the Docker engine is not answering: start it (dockerd, or Docker Desktop) and retry"
fi
prepare_stacks
npx cdktf deploy "${STACKS[@]}" ${CDKTF_ARGS[@]+"${CDKTF_ARGS[@]}"}
