#!/usr/bin/env bash
# Regenerates the typed bindings of the aminueza/minio provider in infra/.gen with `cdktf get`.
# The bindings are committed, so synth and tests need neither terraform nor Go; run this
# after changing minioProvider in infra/config/versions.json (and cdktf.json's constraint).
set -euo pipefail
. "$(dirname "$0")/lib/terraform.sh"
. "$(dirname "$0")/lib/node.sh"
terraform_env
provide_node cdktf
cd "$LOGPIPE_ROOT"
npx cdktf get --force
# The generator links every class to the provider's page on its registry; this project
# names no registry host in its files, so the links become plain "aminueza/minio <v> docs"
# references, and the per-host version map (only a cache for `cdktf get`) is dropped.
find infra/.gen -type f \( -name '*.ts' -o -name '*.md' \) -exec \
  sed -i -E 's#https://[A-Za-z0-9.-]+/providers/aminueza/minio/([0-9.]+)/docs#aminueza/minio \1 docs#g' {} +
rm -f infra/.gen/versions.json
log "bindings written to infra/.gen; review the diff and commit it"
