# Provides the Node.js a part of the project runs on, both supported LTS lines:
#   provide_node            the major version of versions.json:node, the one the runtime image is
#                           built on: the simulator, the sink, their tests, every test run;
#   provide_node cdktf      the major version of versions.json:cdktfNode, for the cdktf CLI
#                           (synth, deploy, diff, destroy): cdktf-cli 0.21 loads a native module
#                           (node-pty) shipped prebuilt only up to Node 22.
# A node on PATH of that major is used as it is; otherwise the official binaries of that
# version, from npm's node-<os>-<arch> package, are installed once into the cache and put first
# on PATH (npm and npx then run on them too).
#
# Source it, then call `provide_node [cdktf]`.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

provide_node() {
  local role="${1:-runtime}" wanted major found platform home
  case "$role" in
    runtime) wanted="$(version node)" ;;
    cdktf) wanted="$(version cdktfNode)" ;;
    *) die "provide_node: runtime or cdktf, not $role" ;;
  esac
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
  log "Node $(node --version) from $home (for the $role)"
}
