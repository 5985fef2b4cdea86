# The deployment's secrets as TF_VAR_* variables: read from the environment when set, else
# from .logpipe.secrets.env at the repo root (git-ignored, mode 600), into which missing
# ones are generated with random values. Terraform state also holds them: keep both private.
# shellcheck source=common.sh
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

LOGPIPE_SECRETS_FILE="${LOGPIPE_SECRETS_FILE:-$LOGPIPE_ROOT/.logpipe.secrets.env}"

# The names are those of infra/stacks/variables.ts (SECRET_VARIABLES).
generate_missing_secrets() {
  (umask 077 && touch "$LOGPIPE_SECRETS_FILE")
  node -e '
    const fs = require("fs");
    const { randomBytes } = require("crypto");
    const file = process.argv[1];
    const token = (n) => randomBytes(n).toString("base64url");
    const generators = {
      minio_root_user: () => "logpipe-root",
      minio_root_password: () => token(24),
      airflow_admin_password: () => token(18),
      airflow_db_password: () => token(24),
      // Fernet: 32 bytes, url-safe base64 with padding (44 characters).
      airflow_fernet_key: () => randomBytes(32).toString("base64").replace(/\+/g, "-").replace(/\//g, "_"),
      airflow_api_secret_key: () => token(32),
      // Airflow signs with HS512, whose key should be 64 bytes (RFC 7518 3.2).
      airflow_jwt_secret: () => token(64),
    };
    const present = new Set(fs.readFileSync(file, "utf8").split("\n").map((line) => line.split("=")[0]));
    const missing = Object.keys(generators).filter((name) => !present.has(`TF_VAR_${name}`));
    for (const name of missing) fs.appendFileSync(file, `TF_VAR_${name}=${generators[name]()}\n`);
    if (missing.length > 0) console.error(`generated ${missing.join(", ")} into ${file}`);
  ' "$LOGPIPE_SECRETS_FILE"
}

load_secrets() {
  generate_missing_secrets
  export_env_file "$LOGPIPE_SECRETS_FILE"
}
