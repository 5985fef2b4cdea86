/**
 * Reading settings from the environment: the containers (infra/constructs/runtime-service.ts)
 * and the local runs (scripts/run-runtime.sh) set the same variables.
 */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export type Env = Record<string, string | undefined>;

export function requiredString(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} must be set`);
  return value;
}

export function optionalString(env: Env, name: string, fallback: string): string {
  return env[name]?.trim() || fallback;
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number between ${min} and ${max}, but "${raw}" was provided`);
  }
  return value;
}

export function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (["1", "true", "yes"].includes(raw)) return true;
  if (["0", "false", "no"].includes(raw)) return false;
  throw new ConfigError(`${name} must be true or false, but "${raw}" was provided`);
}

export function brokerList(env: Env, name: string): string[] {
  const brokers = requiredString(env, name).split(",").map((b) => b.trim()).filter(Boolean);
  for (const broker of brokers) {
    if (!/^[^:\s]+:\d+$/.test(broker)) throw new ConfigError(`${name} must be host:port[,host:port...], but "${broker}" is not host:port`);
  }
  return brokers;
}
