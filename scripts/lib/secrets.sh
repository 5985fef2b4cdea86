# The deployment's secrets as TF_VAR_* variables: read from the environment when set, else
# from .logpipe.secrets.env at the repo root (git-ignored, mode 600), which is generated
# with random values on first use. Terraform state also holds them: keep both private.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

LOGPIPE_SECRETS_FILE="${LOGPIPE_SECRETS_FILE:-$LOGPIPE_ROOT/.logpipe.secrets.env}"

load_secrets() {
  if [ ! -f "$LOGPIPE_SECRETS_FILE" ]; then
    log "generating secrets into $LOGPIPE_SECRETS_FILE (keep it; the deployed services use these)"
    (umask 077 && node -e '
      const { randomBytes } = require("crypto");
      const token = (n) => randomBytes(n).toString("base64url");
      const secrets = {
        minio_root_user: "logpipe-root",
        minio_root_password: token(24),
        airflow_admin_password: token(18),
        airflow_db_password: token(24),
        airflow_fernet_key: randomBytes(32).toString("base64").replace(/\+/g, "-").replace(/\//g, "_"),
        airflow_api_secret_key: token(32),
      };
      for (const [name, value] of Object.entries(secrets)) console.log(`TF_VAR_${name}=${value}`);
    ' >"$LOGPIPE_SECRETS_FILE")
  fi
  local line name
  while IFS= read -r line; do
    name="${line%%=*}"
    # A value already in the environment wins over the file.
    [ -n "${!name:-}" ] || export "$line"
  done <"$LOGPIPE_SECRETS_FILE"
}
