import { TerraformVariable } from "cdktf";
import { Construct } from "constructs";

/**
 * Every secret the stacks need, as sensitive terraform variables: set them as
 * TF_VAR_<name> (scripts/deploy.sh generates them on first use). Nothing here has a
 * default, so no secret ever appears in cdk.tf.json.
 */
export const SECRET_VARIABLES = {
  minio_root_user: { description: "MinIO root user (the lake stack manages buckets and users as this user)", minLength: 3 },
  minio_root_password: { description: "MinIO root password", minLength: 8 },
  airflow_admin_password: { description: "Password of Airflow's admin user", minLength: 8 },
  airflow_db_password: { description: "Password of Airflow's PostgreSQL metadata database", minLength: 12 },
  airflow_fernet_key: { description: "Fernet key (32 url-safe base64 bytes, 44 characters) that encrypts Airflow connections", minLength: 44 },
  airflow_api_secret_key: { description: "Key that signs Airflow's UI session cookies", minLength: 32 },
  airflow_jwt_secret: { description: "Key that signs the JWTs Airflow's API server issues to the UI and to tasks", minLength: 32 },
} as const;

export type SecretName = keyof typeof SECRET_VARIABLES;

/** Declares one of SECRET_VARIABLES in a stack and returns its value as a token. */
export function secret(scope: Construct, name: SecretName): string {
  const { description, minLength } = SECRET_VARIABLES[name];
  const variable = new TerraformVariable(scope, name, {
    type: "string",
    sensitive: true,
    nullable: false,
    description: `${description}. Set TF_VAR_${name}.`,
    validation: [
      {
        condition: `\${length(var.${name}) >= ${minLength}}`,
        errorMessage: `${name} must be at least ${minLength} characters long: set TF_VAR_${name}, or let scripts/deploy.sh generate it.`,
      },
    ],
  });
  return variable.stringValue;
}
