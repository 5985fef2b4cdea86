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

/**
 * The keyword of event.schema.json that requires every string to be well-formed Unicode: JSON
 * can escape an unpaired surrogate (\ud800), which no UTF-8 store keeps (it is replaced).
 */
export const WELL_FORMED_UNICODE_KEYWORD = "x-logpipe-well-formed-unicode";

/** The keyword of event.schema.json that bounds event_time around the time the pipeline received the event. */
export const INGEST_WINDOW_KEYWORD = "x-logpipe-ingest-window";

/**
 * How far event_time may lie before and after the time the pipeline received the event (the
 * simulator's receipt, which is also the Kafka record's timestamp): late events are welcome
 * for a week (they land in their own hour), clocks may run a quarter of an hour fast.
 */
export const EVENT_TIME_WINDOW: { readonly maxAgeSeconds: number; readonly maxAheadSeconds: number } = schema.properties.event_time[INGEST_WINDOW_KEYWORD];

function duration(seconds: number): string {
  const units: [number, string][] = [[86400, "day"], [3600, "hour"], [60, "minute"], [1, "second"]];
  const [size, unit] = units.find(([size]) => seconds % size === 0)!;
  const count = seconds / size;
  return `${count} ${unit}${count === 1 ? "" : "s"}`;
}

/** The window, as people read it: "between 7 days before and 15 minutes after ...". */
export const EVENT_TIME_WINDOW_TEXT = `between ${duration(EVENT_TIME_WINDOW.maxAgeSeconds)} before and ${duration(EVENT_TIME_WINDOW.maxAheadSeconds)} after the time the pipeline received the event`;

/**
 * Why an RFC 3339 event_time (already checked for its format) is not acceptable for an event
 * received at receivedAtMs, or undefined. A time JavaScript cannot turn into an instant (a leap
 * second, 23:59:60) is refused: it could not be stored, grouped or read back as a timestamp.
 */
export function eventTimeProblem(eventTime: string, receivedAtMs: number): string | undefined {
  const instant = Date.parse(eventTime);
  const earliest = receivedAtMs - EVENT_TIME_WINDOW.maxAgeSeconds * 1000;
  const latest = receivedAtMs + EVENT_TIME_WINDOW.maxAheadSeconds * 1000;
  if (instant >= earliest && instant <= latest) return undefined;
  // Only a refused time pays for the message (every event passes through here).
  const allowed = `a real instant ${EVENT_TIME_WINDOW_TEXT} (${new Date(earliest).toISOString()} to ${new Date(latest).toISOString()})`;
  if (Number.isNaN(instant)) return `must be ${allowed}; a leap second (23:59:60) is not one, but was ${eventTime}`;
  return `must be ${allowed}, but was ${eventTime}`;
}

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
// Checked by eventTimeProblem, which needs the time of receipt; ajv only has to know the word.
ajv.addKeyword({ keyword: INGEST_WINDOW_KEYWORD, schemaType: "object" });
// Checked below, on every string of the event.
ajv.addKeyword({ keyword: WELL_FORMED_UNICODE_KEYWORD, schemaType: "boolean" });
const WELL_FORMED_UNICODE = (schema as Record<string, unknown>)[WELL_FORMED_UNICODE_KEYWORD] === true;
const validateAgainstSchema = ajv.compile<LogEvent>(schema);

function toFieldError(error: ErrorObject): FieldError {
  const path = error.instancePath.replace(/^\//, "").replace(/\//g, ".");
  if (error.keyword === "required") return { field: String(error.params.missingProperty), reason: "is required" };
  if (error.keyword === "additionalProperties") return { field: String(error.params.additionalProperty), reason: "is not a field of the event contract" };
  return { field: path || "(event)", reason: error.message ?? error.keyword };
}

/**
 * Validates one decoded JSON value against the contract for an event the pipeline received at
 * receivedAtMs (the simulator's receipt; in Kafka, the record's timestamp), reporting every
 * failing field.
 */
export function validateEvent(value: unknown, receivedAtMs: number = Date.now()): ValidationResult {
  const valid = validateAgainstSchema(value);
  const errors = (validateAgainstSchema.errors ?? []).map(toFieldError);
  if (WELL_FORMED_UNICODE && value !== null && typeof value === "object" && !Array.isArray(value)) {
    const notText: FieldError[] = [];
    for (const field in value) {
      const text = (value as Record<string, unknown>)[field];
      if (typeof text === "string" && !text.isWellFormed()) notText.push({ field, reason: "must be Unicode text, but holds an unpaired surrogate (\\ud800-\\udfff), which no UTF-8 store can keep" });
    }
    if (notText.length > 0) errors.unshift(...notText);
  }
  const eventTime = (value as { event_time?: unknown } | null)?.event_time;
  if (typeof eventTime === "string" && !errors.some((e) => e.field === "event_time")) {
    const problem = eventTimeProblem(eventTime, receivedAtMs);
    if (problem) errors.unshift({ field: "event_time", reason: problem });
  }
  if (valid && errors.length === 0) return { ok: true, event: value as LogEvent };
  // One line per field is enough for a person: ajv may report several keywords for one field.
  const seen = new Set<string>();
  return { ok: false, errors: errors.filter((e) => !seen.has(e.field) && seen.add(e.field)) };
}
