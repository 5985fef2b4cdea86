# Shared by the project's scripts: where caches live and how versions are read.
# Source it; it defines functions and variables only.

LOGPIPE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Heavy downloads and builds live outside the clone, keyed by version, so a second run is fast.
LOGPIPE_CACHE="${LOGPIPE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/logpipe}"

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
# need COMMAND REMEDY: fail with the remedy when COMMAND is not on PATH.
need() { command -v "$1" >/dev/null || die "$1 not found: $2"; }

# version NAME: a value of infra/config/versions.json, the one place versions are pinned.
version() {
  node -e 'const v = require(process.argv[1])[process.argv[2]]; if (!v) { console.error(`no "${process.argv[2]}" in versions.json`); process.exit(1); } console.log(v);' \
    "$LOGPIPE_ROOT/infra/config/versions.json" "$1"
}

# export_env_file FILE: exports the NAME=value lines of FILE (blank lines and # comments
# skipped); a variable already set in the environment wins over the file.
export_env_file() {
  local line name
  while IFS= read -r line; do
    case "$line" in '' | '#'*) continue ;; esac
    name="${line%%=*}"
    [ -n "${!name:-}" ] || export "$line"
  done <"$1"
}

# pinned_python: the path of python<versions.json:python>, or a failure naming the remedy.
pinned_python() {
  local minor
  minor="$(version python)"
  command -v "python$minor" || die "python$minor not found: install Python $minor (apt-get install python$minor python$minor-venv)"
}

# credentials_file FILE GENERATOR: sources FILE, first writing it (mode 600) with what the
# node script GENERATOR prints (NAME=value lines) when it does not exist yet.
credentials_file() {
  if [ ! -f "$1" ]; then
    mkdir -p "$(dirname "$1")"
    # Written aside and moved: a failed generator must not leave an empty file behind.
    (umask 077 && node -e "$2" >"$1.new") && mv "$1.new" "$1" || { rm -f "$1.new"; die "could not generate $1"; }
  fi
  # shellcheck disable=SC1090
  . "$1"
}

# version_at_least A B: true when dotted version A >= B.
version_at_least() {
  [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]
}
