# Provides the Node.js the project runs on: the major version of versions.json:node, the one
# the runtime image is built on, so the services and their tests never run on another (or on
# an end-of-life Node). A node on PATH of that major is used as it is; otherwise the official
# binaries of versions.json:node, from npm's node-<os>-<arch> package, are installed once into
# the cache, and put first on PATH (npm and npx then run on it too).
#
# Source it, then call `provide_node`.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

provide_node() {
  local wanted major found platform home
  wanted="$(version node)"
  major="${wanted%%.*}"
  found="$(node --version 2>/dev/null || true)"
  if [ "${found#v}" != "$found" ] && [ "$(printf '%s' "${found#v}" | cut -d. -f1)" = "$major" ]; then
    return
  fi
  platform="$(node -e 'console.log(`${process.platform}-${process.arch}`)')"
  home="$LOGPIPE_CACHE/node-$wanted"
  if [ ! -x "$home/node_modules/node-$platform/bin/node" ]; then
    log "installing Node $wanted (node-$platform from npm; ${found:-no node} on PATH) into $home"
    npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error --prefix "$home" "node-$platform@$wanted" >&2 ||
      die "could not install node-$platform@$wanted from npm: install Node $major yourself"
  fi
  export PATH="$home/node_modules/node-$platform/bin:$PATH"
  log "Node $(node --version) from $home (the runtime image's major version)"
}
