#!/usr/bin/env bash
# The integration tests: real Kafka and MinIO (started with scripts/services.sh when they
# are not already running, and stopped again afterwards by PID), then the tests in
# test/integration with Node's own test runner, one file at a time.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"
cd "$LOGPIPE_ROOT"

started=""
status="$(bash scripts/services.sh status)"
if ! grep -q "kafka: running" <<<"$status" || ! grep -q "minio: running" <<<"$status"; then
  log "integration: starting a real Kafka broker and a real MinIO on 127.0.0.1 (scripts/services.sh up)"
  started=1
else
  log "integration: reusing the running local Kafka and MinIO"
fi
cleanup() { [ -z "$started" ] || bash scripts/services.sh down; }
trap cleanup EXIT
bash scripts/services.sh up
log "integration: $(grep -E '^(KAFKA_BROKERS|S3_ENDPOINT)=' .services/services.env | tr '\n' ' ')(real servers, no mocks)"

# Arguments: test files and/or node --test options (e.g. --test-name-pattern="Kafka stopped").
files=()
options=()
for arg in "$@"; do
  case "$arg" in --*) options+=("$arg") ;; *) files+=("$arg") ;; esac
done
[ ${#files[@]} -gt 0 ] || files=(test/integration/*.test.ts)
node --import tsx --test --test-concurrency=1 --test-reporter=spec "${options[@]}" "${files[@]}"
