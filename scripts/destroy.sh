#!/usr/bin/env bash
# npm run destroy [-- stack... --profile NAME --delete-lake-data cdktf-options]: removes what
# the stacks declared, in reverse order (apps → lake → platform), named volumes and their
# data included. Pulled and built images are kept (keepLocally). With LOGPIPE_MINIO_ENDPOINT
# set, destroys only the lake stack on that MinIO.
#
# The lake's data is never deleted by accident: before terraform touches anything, a destroy
# that includes the lake stack checks the lake bucket and, if it holds objects, refuses,
# naming the bucket and how many; after the apps stack (whatever writes to the lake) is gone,
# it checks again before the lake and the platform go. --delete-lake-data deletes the
# objects instead, once nothing writes any more, and then everything.
set -euo pipefail
. "$(dirname "$0")/lib/stacks.sh"
cd "$LOGPIPE_ROOT"

delete_lake_data=()
arguments=()
for argument in "$@"; do
  case "$argument" in
    --delete-lake-data) delete_lake_data=(--delete-lake-data) ;;
    *) arguments+=("$argument") ;;
  esac
done
parse_stack_arguments apps lake platform -- ${arguments[@]+"${arguments[@]}"}
prepare_stacks

destroys() { local stack; for stack in "${STACKS[@]}"; do [ "$stack" != "$1" ] || return 0; done; return 1; }
check_lake() { npx tsx scripts/lake/before-destroy.ts "$(cdktf_output_dir)" "$@"; }
cdktf_destroy() { npx cdktf destroy "$@" ${CDKTF_ARGS[@]+"${CDKTF_ARGS[@]}"}; }

if ! destroys lake; then
  [ ${#delete_lake_data[@]} -eq 0 ] ||
    die "--delete-lake-data deletes the lake bucket's objects before destroying the lake stack, which this destroy does not include (${STACKS[*]})"
  cdktf_destroy "${STACKS[@]}"
  exit 0
fi
# Refuse before touching anything, unless the data is to go too.
[ ${#delete_lake_data[@]} -gt 0 ] || check_lake
if destroys apps; then
  # The sink, the simulator and Airflow write to the lake until they are gone: destroy them
  # first, then look at the bucket again (or empty it), then destroy the rest.
  cdktf_destroy apps
  rest=()
  for stack in "${STACKS[@]}"; do [ "$stack" = apps ] || rest+=("$stack"); done
  check_lake ${delete_lake_data[@]+"${delete_lake_data[@]}"} ||
    die "the apps stack is destroyed, but the lake bucket received objects while it went (see above); the lake and platform are untouched"
  # cdktf would refuse to destroy the lake without the apps stack that depends on it, which is gone now.
  cdktf_destroy "${rest[@]}" --ignore-missing-stack-dependencies
else
  check_lake ${delete_lake_data[@]+"${delete_lake_data[@]}"}
  cdktf_destroy "${STACKS[@]}"
fi
