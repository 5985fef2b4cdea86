# Provides terraform and the lake stack's provider (aminueza/minio) on a machine that cannot
# reach the Terraform registry: terraform from PATH when recent enough, else built with
# `go install`; the provider built from its Go module into a filesystem mirror, which a CLI
# config file (exported as TF_CLI_CONFIG_FILE) points terraform at. Any other provider placed
# in that mirror (kreuzwerker/docker, for an air-gapped deploy of the whole pipeline) is
# installed from it too; the rest come from the registry.
#
# The mirror is $LOGPIPE_TERRAFORM_MIRROR (default <cache>/terraform-mirror), laid out as
# terraform's unpacked filesystem mirrors are: <host>/<namespace>/<type>/<version>/<os>_<arch>/.
#
# Source it, then call `provide_terraform`. Users with registry access need none of this:
# LOGPIPE_PROVIDER_SOURCE=registry skips it.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

TERRAFORM_MIRROR="${LOGPIPE_TERRAFORM_MIRROR:-$LOGPIPE_CACHE/terraform-mirror}"
GO_REMEDY="install Go, or, on a machine that reaches the Terraform registry, export LOGPIPE_PROVIDER_SOURCE=registry"

# True (and TERRAFORM_BIN set) when PATH has a terraform >= versions.json:terraformMinimum.
terraform_on_path_is_recent() {
  local minimum found
  minimum="$(version terraformMinimum)"
  command -v terraform >/dev/null 2>&1 || return 1
  found="$(terraform version -json 2>/dev/null | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).terraform_version)}catch{console.log("0")}})')"
  if version_at_least "$found" "$minimum"; then
    TERRAFORM_BIN="$(command -v terraform)"
    log "terraform $found from PATH"
    return 0
  fi
  log "terraform $found on PATH is older than $minimum"
  return 1
}

ensure_terraform() {
  local from_source bin
  terraform_on_path_is_recent && return
  from_source="$(version terraformFromSource)"
  bin="$LOGPIPE_CACHE/go/terraform-$from_source"
  if [ ! -x "$bin/terraform" ]; then
    need go "$GO_REMEDY"
    log "building terraform $from_source with go install (a few minutes, once)"
    GOBIN="$bin" go install "github.com/hashicorp/terraform@v$from_source"
  fi
  TERRAFORM_BIN="$bin/terraform"
  export PATH="$bin:$PATH"
}

# The host part of a provider address as terraform spells it by default; asked of terraform
# itself so the mirror layout (<host>/<namespace>/<type>/<version>/<os>_<arch>) matches it.
default_provider_host() {
  local dir
  dir="$(mktemp -d)"
  printf 'terraform {\n  required_providers {\n    minio = { source = "aminueza/minio" }\n  }\n}\n' >"$dir/main.tf"
  (cd "$dir" && TF_CLI_CONFIG_FILE=/dev/null "$TERRAFORM_BIN" providers 2>/dev/null) |
    sed -n 's#.*provider\[\([^/]*\)/aminueza/minio\].*#\1#p' | head -n1
  rm -rf "$dir"
}

ensure_minio_provider() {
  local provider_version module_sum host target module_dir downloaded_sum
  provider_version="$(version minioProvider)"
  module_sum="$(version minioProviderModuleSum)"
  host="$(default_provider_host)"
  [ -n "$host" ] || die "could not ask terraform for its default provider host"
  target="$TERRAFORM_MIRROR/$host/aminueza/minio/$provider_version/$(terraform_platform)"
  if [ -x "$target/terraform-provider-minio_v$provider_version" ]; then
    log "aminueza/minio $provider_version from the cache"
    return
  fi
  need go "$GO_REMEDY"
  log "building aminueza/minio $provider_version from its Go module (about 2 minutes, once)"
  # The module is not in the Go checksum database, so the sum pinned in versions.json is
  # checked here instead; `go install pkg@version` would also ask for the version list,
  # which the proxy does not serve for this module, hence download + build.
  local info
  info="$(GOFLAGS=-mod=mod GONOSUMDB=github.com/aminueza go mod download -json \
    "github.com/aminueza/terraform-provider-minio/v3@v$provider_version")" ||
    die "the Go module proxy did not serve github.com/aminueza/terraform-provider-minio/v3@v$provider_version"
  module_dir="$(node -e 'console.log(JSON.parse(process.argv[1]).Dir)' "$info")"
  downloaded_sum="$(node -e 'console.log(JSON.parse(process.argv[1]).Sum)' "$info")"
  [ "$downloaded_sum" = "$module_sum" ] ||
    die "module sum mismatch for aminueza/minio $provider_version: expected $module_sum, got $downloaded_sum"
  mkdir -p "$target"
  (cd "$module_dir" && GOFLAGS=-mod=mod GONOSUMDB=github.com/aminueza \
    go build -trimpath -o "$target/terraform-provider-minio_v$provider_version" .)
}

# os_arch as terraform names this machine's platform, e.g. linux_amd64.
terraform_platform() {
  node -e 'console.log(`${process.platform}_${{ x64: "amd64", arm64: "arm64", ia32: "386" }[process.arch] ?? process.arch}`)'
}

# The providers the mirror holds a build of for this platform, one <host>/<namespace>/<type> a line.
mirrored_providers() {
  local platform
  platform="$(terraform_platform)"
  (cd "$TERRAFORM_MIRROR" && find . -mindepth 5 -maxdepth 5 -path "*/$platform" | cut -d/ -f2-4 | sort -u)
}

# Exports TF_CLI_CONFIG_FILE (and PATH, when terraform was built) for terraform and cdktf.
terraform_env() {
  ensure_terraform
  ensure_minio_provider
  local config="$TERRAFORM_MIRROR.terraformrc" providers=() provider list
  local own="${TF_CLI_CONFIG_FILE:-$HOME/.terraformrc}"
  [ ! -f "$own" ] || [ "$own" = "$config" ] ||
    log "note: terraform reads $config instead of $own for these commands (LOGPIPE_PROVIDER_SOURCE=registry keeps yours)"
  while IFS= read -r provider; do providers+=("$provider"); done < <(mirrored_providers)
  list="[]"
  if [ ${#providers[@]} -gt 0 ]; then
    list="$(printf '"%s", ' "${providers[@]}")"
    list="[${list%, }]"
  fi
  cat >"$config" <<CONFIG
# Written by scripts/lib/terraform.sh: the providers in the local mirror from there, the rest as usual.
provider_installation {
  filesystem_mirror {
    path    = "$TERRAFORM_MIRROR"
    include = $list
  }
  direct {
    exclude = $list
  }
}
CONFIG
  export TF_CLI_CONFIG_FILE="$config"
  log "terraform providers from the mirror $TERRAFORM_MIRROR: ${providers[*]-none}; any other from the registry (TF_CLI_CONFIG_FILE=$config)"
}

# Where terraform gets its providers, from LOGPIPE_PROVIDER_SOURCE:
#   mirror (default)  aminueza/minio from the local mirror above, for machines without the
#                     Terraform registry (terraform built with Go when PATH has none recent);
#   registry          terraform from PATH, providers downloaded by terraform as usual.
provide_terraform() {
  case "${LOGPIPE_PROVIDER_SOURCE:-mirror}" in
    mirror) terraform_env ;;
    registry)
      terraform_on_path_is_recent ||
        die "LOGPIPE_PROVIDER_SOURCE=registry needs terraform >= $(version terraformMinimum) on PATH: install it, or unset LOGPIPE_PROVIDER_SOURCE to have it built"
      ;;
    *) die "LOGPIPE_PROVIDER_SOURCE must be mirror or registry, but \"$LOGPIPE_PROVIDER_SOURCE\" was provided" ;;
  esac
}
