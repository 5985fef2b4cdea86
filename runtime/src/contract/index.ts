import Ajv2020, { ErrorObject } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import schema from "./event.schema.json";

/** One event, as the contract (event.schema.json) defines it. */
export interface LogEvent {
  schema_version: number;
  event_id: string;
  event_time: string;
  user_id: string;
  session_id: string;
  event_type: EventType;
  method: string;
  path: string;
  status: number;
  latency_ms: number;
  user_agent: string;
  ip: string;
  country: string;
  device: string;
  referrer: string | null;
  search_query?: string | null;
  product_id?: string | null;
  revenue_cents?: number | null;
}

export type EventType = "page_view" | "click" | "search" | "add_to_cart" | "purchase" | "login" | "logout" | "error";

export const EVENT_SCHEMA = schema;
export const SCHEMA_VERSION = schema.properties.schema_version.maximum;

/** Storage type of a field, derived from the schema; the sink's Parquet schema and Spark's StructType use the same mapping. */
export type FieldKind = "string" | "int32" | "int64" | "timestamp_ms";

export interface ContractField {
  readonly name: string;
  readonly kind: FieldKind;
  /** May be null or absent. */
  readonly nullable: boolean;
  readonly description: string;
}

interface PropertySchema {
  type: string | string[];
  format?: string;
  minimum?: number;
  maximum?: number;
  description: string;
}

const INT32_MAX = 2 ** 31 - 1;

/**
 * The contract's fields in schema order, with their storage kind:
 * string + format date-time → timestamp_ms (UTC); string → string;
 * integer → int32 when its declared range fits, else int64; a "null" type → nullable.
 */
export const CONTRACT_FIELDS: readonly ContractField[] = Object.entries(schema.properties as Record<string, PropertySchema>).map(
  ([name, property]) => {
    const types = Array.isArray(property.type) ? property.type : [property.type];
    const base = types.filter((type) => type !== "null");
    if (base.length !== 1) throw new Error(`event.schema.json: ${name} must have exactly one non-null type, but has ${types.join(", ")}`);
    const nullable = types.includes("null") || !schema.required.includes(name);
    let kind: FieldKind;
    if (base[0] === "string") kind = property.format === "date-time" ? "timestamp_ms" : "string";
    else if (base[0] === "integer") kind = (property.maximum ?? Infinity) <= INT32_MAX && (property.minimum ?? -Infinity) >= -INT32_MAX - 1 ? "int32" : "int64";
    else throw new Error(`event.schema.json: ${name} has type ${base[0]}, which the pipeline does not map to storage yet`);
    return { name, kind, nullable, description: property.description };
  },
);

/** Why one field of one event was rejected. */
export interface FieldError {
  /** The field (dotted path), or "(event)" for the event as a whole. */
  readonly field: string;
  readonly reason: string;
}

export type ValidationResult = { ok: true; event: LogEvent } | { ok: false; errors: FieldError[] };

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv, ["uuid", "date-time"]);
const validateAgainstSchema = ajv.compile<LogEvent>(schema);

function toFieldError(error: ErrorObject): FieldError {
  const path = error.instancePath.replace(/^\//, "").replace(/\//g, ".");
  if (error.keyword === "required") return { field: String(error.params.missingProperty), reason: "is required" };
  if (error.keyword === "additionalProperties") return { field: String(error.params.additionalProperty), reason: "is not a field of the event contract" };
  return { field: path || "(event)", reason: error.message ?? error.keyword };
}

/** Validates one decoded JSON value against the contract, reporting every failing field. */
export function validateEvent(value: unknown): ValidationResult {
  if (validateAgainstSchema(value)) return { ok: true, event: value };
  const errors = (validateAgainstSchema.errors ?? []).map(toFieldError);
  // One line per field is enough for a person: ajv may report several keywords for one field.
  const seen = new Set<string>();
  return { ok: false, errors: errors.filter((e) => !seen.has(e.field) && seen.add(e.field)) };
}
