/**
 * Synth-time validation shared by the constructs and the profile checks.
 *
 * Each construct states its rules as a table; every violated rule is reported at once,
 * so a user fixes a profile in one pass instead of one error per synth.
 */
export interface Rule {
  /** True when the configuration breaks this rule. */
  readonly violated: boolean;
  /** What is wrong, with the field, the allowed range, the value given and the fix. */
  readonly message: string;
}

export class ConfigurationError extends Error {
  constructor(
    /** Where the problem is: a construct path or a profile name. */
    readonly subject: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid configuration in ${subject}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigurationError";
  }
}

export function validate(subject: string, rules: readonly Rule[]): void {
  const problems = rules.filter((rule) => rule.violated).map((rule) => rule.message);
  if (problems.length > 0) throw new ConfigurationError(subject, problems);
}

export function isWholeNumberBetween(value: number, min: number, max: number): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** S3 bucket naming rules, as MinIO enforces them. Returns the broken rule, or undefined. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `must be 3 to 63 characters long, but has ${name.length}`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return "may contain only lowercase letters, digits, dots and hyphens, and must start and end with a letter or digit";
  }
  if (name.includes("..")) return "must not contain two adjacent dots";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "must not look like an IP address";
  return undefined;
}
