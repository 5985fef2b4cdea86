# What deploy.sh, diff.sh and destroy.sh share: which stacks, which profile, the secrets,
# and terraform with its providers. Source it, then:
#   parse_stack_arguments DEFAULT_STACK... -- "$@"   sets STACKS and CDKTF_ARGS
#   prepare_stacks                                  secrets + terraform, in the environment
# shellcheck source=secrets.sh
. "$(dirname "${BASH_SOURCE[0]}")/secrets.sh"
# shellcheck source=terraform.sh
. "$(dirname "${BASH_SOURCE[0]}")/terraform.sh"
# shellcheck source=node.sh
. "$(dirname "${BASH_SOURCE[0]}")/node.sh"

# True when LOGPIPE_MINIO_ENDPOINT names an existing MinIO (blank counts as unset, as at synth).
lake_only() {
  [[ "${LOGPIPE_MINIO_ENDPOINT:-}" =~ [^[:space:]] ]]
}

# The words platform, lake and apps select stacks (default: the given order); --profile NAME
# (or --profile=NAME) sets LOGPIPE_PROFILE; everything else goes to cdktf as it is
# (--auto-approve, --output DIR, --no-color ...), the values of cdktf's options included. With
# LOGPIPE_MINIO_ENDPOINT set, the app has only the lake stack (infra/config/external-minio.ts),
# so that is the only one selected. Arrays are expanded as ${a[@]+"${a[@]}"}: an empty one
# is an unbound variable under `set -u` on bash before 4.4.
parse_stack_arguments() {
  local defaults=() stack
  while [ $# -gt 0 ] && [ "$1" != -- ]; do defaults+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  STACKS=() CDKTF_ARGS=()
  while [ $# -gt 0 ]; do
    case "$1" in
      platform | lake | apps) STACKS+=("$1") ;;
      --profile)
        [ $# -ge 2 ] || die "--profile needs a profile name (dev or ha)"
        export LOGPIPE_PROFILE="$2"
        shift
        ;;
      --profile=*) export LOGPIPE_PROFILE="${1#--profile=}" ;;
      # cdktf options that take a value: the value is never a stack name.
      --output | -o | --app | -a | --var | --var-file | --parallelism | --terraform-parallelism | --outputs-file)
        CDKTF_ARGS+=("$1")
        [ $# -lt 2 ] || { CDKTF_ARGS+=("$2"); shift; }
        ;;
      *) CDKTF_ARGS+=("$1") ;;
    esac
    shift
  done
  if lake_only; then
    for stack in ${STACKS[@]+"${STACKS[@]}"}; do
      [ "$stack" = lake ] || die "LOGPIPE_MINIO_ENDPOINT is set, so the app declares only the lake stack (on that MinIO), not $stack: unset it to work on the whole pipeline"
    done
    STACKS=(lake)
  elif [ ${#STACKS[@]} -eq 0 ]; then
    STACKS=("${defaults[@]}")
  fi
}

# The directory cdktf synthesizes into: the value of --output (or -o) among CDKTF_ARGS, else cdktf.out.
cdktf_output_dir() {
  local i
  for ((i = 0; i < ${#CDKTF_ARGS[@]}; i++)); do
    case "${CDKTF_ARGS[$i]}" in
      --output | -o) echo "${CDKTF_ARGS[$((i + 1))]:-cdktf.out}"; return ;;
      --output=* | -o=*) echo "${CDKTF_ARGS[$i]#*=}"; return ;;
    esac
  done
  echo cdktf.out
}

# True when the selected stacks run containers, so a Docker engine must answer.
stacks_need_docker() {
  local stack
  for stack in "${STACKS[@]}"; do [ "$stack" = lake ] || return 0; done
  return 1
}

# The secrets as TF_VAR_* (scripts/lib/secrets.sh). On an existing MinIO only its admin
# credentials are needed, and never generated: they must be that server's.
load_stack_secrets() {
  if lake_only; then
    [ -n "${TF_VAR_minio_root_user:-}" ] && [ -n "${TF_VAR_minio_root_password:-}" ] ||
      die "LOGPIPE_MINIO_ENDPOINT is set: set TF_VAR_minio_root_user and TF_VAR_minio_root_password to an admin of $LOGPIPE_MINIO_ENDPOINT (the generated $(basename "$LOGPIPE_SECRETS_FILE") is for the platform's own MinIO)"
    return
  fi
  load_secrets
}

prepare_stacks() {
  provide_node cdktf
  load_stack_secrets
  provide_terraform
  # cdktf's provider lock step asks the registry for every platform's checksums; terraform
  # init still locks what it installed from the mirror.
  [ "${LOGPIPE_PROVIDER_SOURCE:-mirror}" != mirror ] || CDKTF_ARGS+=(--skip-provider-lock)
  export CHECKPOINT_DISABLE=1
  if lake_only; then
    log "stacks: ${STACKS[*]} on the MinIO at $LOGPIPE_MINIO_ENDPOINT (profile ${LOGPIPE_PROFILE:-dev})"
  else
    log "stacks: ${STACKS[*]} (profile ${LOGPIPE_PROFILE:-dev})"
  fi
}
