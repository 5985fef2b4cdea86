#!/usr/bin/env bash
# The tests against real services: a real Kafka, MinIO and PostgreSQL (started with scripts/services.sh
# when they are not already running, and stopped again afterwards by PID), then
#   node    test/integration with Node's own test runner, one file at a time, with
#           terraform and the lake stack's provider (scripts/lib/terraform.sh) for the
#           deploy tests, and the venv (LOGPIPE_VENV) for the deployed Airflow's;
#   python  pytest over spark/tests and dags/tests in the project's venv
#           (scripts/python-env.sh): real Spark in local mode, real Airflow (`airflow dags test`).
#
#   test-integration.sh [node|python|all] [test files and runner options...]
# Arguments starting with "-" go to the runner (node: --test-name-pattern="Kafka stopped";
# pytest: -kdag_run), the others name test files or directories.
set -euo pipefail
. "$(dirname "$0")/lib/terraform.sh"
. "$(dirname "$0")/lib/node.sh"
cd "$LOGPIPE_ROOT"
provide_node

suite=all
case "${1:-}" in node | python | all) suite="$1"; shift ;; esac
args=("$@")
[ "$suite" != all ] || [ ${#args[@]} -eq 0 ] || die "name the suite (node or python) when passing test files or options: they go to one runner"

# Before the services start, so a broken install fails fast. The node suite runs Airflow from
# it too (the deployed configuration's test).
venv="$(bash scripts/python-env.sh)"
export LOGPIPE_VENV="$venv"

# The services this run starts, and only those, are stopped again when it ends.
started=()
while IFS=: read -r name state; do
  [ "${state# }" != stopped ] || started+=("$name")
done < <(bash scripts/services.sh status)
if [ ${#started[@]} -gt 0 ]; then
  log "integration: starting ${started[*]} on 127.0.0.1 (scripts/services.sh up): real servers"
else
  log "integration: reusing the running local Kafka, MinIO and PostgreSQL"
fi
# Process groups the tests start (the deployed Airflow's) are listed here, and stopped at the
# end even when a test file was killed before its own clean-up ran.
export LOGPIPE_TEST_PROCESS_GROUPS="${LOGPIPE_SERVICES_DIR:-$LOGPIPE_ROOT/.services}/test-process-groups"
mkdir -p "$(dirname "$LOGPIPE_TEST_PROCESS_GROUPS")" && : >"$LOGPIPE_TEST_PROCESS_GROUPS"
cleanup() {
  local name group
  while read -r group; do
    [ -z "$group" ] || ! kill -0 "-$group" 2>/dev/null || { log "stopping the test process group $group"; kill -KILL "-$group" 2>/dev/null || true; }
  done <"$LOGPIPE_TEST_PROCESS_GROUPS"
  for name in ${started[@]+"${started[@]}"}; do bash scripts/services.sh stop "$name"; done
}
trap cleanup EXIT
bash scripts/services.sh up
log "integration: $(grep -E '^(KAFKA_BROKERS|S3_ENDPOINT|POSTGRES_PORT)=' .services/services.env | tr '\n' ' ')(real servers, no mocks)"

# Spark drivers the tests start (their UI included) bind the loopback interface only.
export SPARK_LOCAL_IP=127.0.0.1

failed=0
if [ "$suite" != python ]; then
  files=() options=()
  for arg in "${args[@]}"; do
    case "$arg" in -*) options+=("$arg") ;; *) files+=("$arg") ;; esac
  done
  [ ${#files[@]} -gt 0 ] || files=(test/integration/*.test.ts)
  # The deploy and validation tests run terraform with the lake stack's provider.
  for file in "${files[@]}"; do
    case "$file" in *deploy.test.ts | *terraform-validate.test.ts | *deployed-*.test.ts) provide_terraform; break ;; esac
  done
  node --import tsx --test --test-concurrency=1 --test-reporter=spec "${options[@]}" "${files[@]}" || failed=1
fi

if [ "$suite" != node ]; then
  log "python: pytest with real Spark $("$venv/bin/python" -c 'import pyspark; print(pyspark.__version__)') (local mode, the jars of spark/jars: Kafka, S3A, logpipe-spark)" \
    "and real Airflow $("$venv/bin/python" -c 'from importlib.metadata import version; print(version("apache-airflow"))') (airflow dags test log_pipeline)"
  targets=() options=()
  for arg in "${args[@]}"; do
    case "$arg" in -*) options+=("$arg") ;; *) targets+=("$arg") ;; esac
  done
  [ ${#targets[@]} -gt 0 ] || targets=(spark/tests dags/tests)
  # Missing services fail these tests instead of skipping them.
  LOGPIPE_REQUIRE_SERVICES=1 "$venv/bin/python" -m pytest -p no:cacheprovider -ra "${options[@]}" "${targets[@]}" || failed=1
fi
exit "$failed"
