#!/usr/bin/env bash
# npm run destroy [-- stack... --profile NAME --delete-lake-data cdktf-options]: removes what
# the stacks declared, in reverse order (apps → lake → platform), named volumes and their
# data included. Pulled and built images are kept (keepLocally). With LOGPIPE_MINIO_ENDPOINT
# set, destroys only the lake stack on that MinIO.
#
# The lake's data is never deleted by accident: before terraform touches anything, a destroy
# that includes the lake stack checks the lake bucket and, if it holds objects, refuses,
# naming the bucket and how many. --delete-lake-data deletes them first, and then everything.
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

destroys_lake=""
for stack in "${STACKS[@]}"; do [ "$stack" != lake ] || destroys_lake=1; done
if [ -n "$destroys_lake" ]; then
  npx tsx scripts/lake/before-destroy.ts "$(cdktf_output_dir)" ${delete_lake_data[@]+"${delete_lake_data[@]}"}
elif [ ${#delete_lake_data[@]} -gt 0 ]; then
  die "--delete-lake-data deletes the lake bucket's objects before destroying the lake stack, which this destroy does not include (${STACKS[*]})"
fi
npx cdktf destroy "${STACKS[@]}" ${CDKTF_ARGS[@]+"${CDKTF_ARGS[@]}"}
