import { CONTRACT_FIELDS, LogEvent } from "../runtime/src/contract";

/**
 * An accepted event as the raw zone stores it, field by field: every contract field (absent
 * ones as null), event_time as the UTC instant at millisecond precision (finer digits are
 * truncated, as the contract says).
 */
export function expectedRow(event: LogEvent): Record<string, unknown> {
  return Object.fromEntries(CONTRACT_FIELDS.map((field) => {
    const value = (event as unknown as Record<string, unknown>)[field.name];
    return [field.name, field.kind === "timestamp_ms" && typeof value === "string" ? new Date(Date.parse(value)).toISOString() : (value ?? null)];
  }));
}

/** A row as hyparquet reads it, in the same terms: timestamps as ISO strings, 64-bit integers as numbers, absent as null. */
export function storedRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(CONTRACT_FIELDS.map((field) => {
    const value = row[field.name];
    return [field.name, value instanceof Date ? value.toISOString() : typeof value === "bigint" ? Number(value) : (value ?? null)];
  }));
}
