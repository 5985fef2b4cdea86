import { isUtf8 } from "buffer";
import schema from "./event.schema.json";
import { CONTRACT_FIELDS, EVENT_TIME_WINDOW, INGEST_WINDOW_KEYWORD, WELL_FORMED_UNICODE_KEYWORD } from "./index";

/**
 * The contract checked on a message's bytes, without building a JavaScript object: the fast
 * path for the events the pipeline nearly always carries (the simulator's JSON.stringify
 * output). It accepts only what JSON.parse followed by validateEvent accepts, with the same
 * values, and answers "not sure" (false) for everything else: an escape in a string, a number
 * that is not a plain integer, a duplicate or unknown key, a leap second, any rule broken.
 * The caller then decodes the message the slow way, which also words the reason for a
 * rejection; so this path never rejects anything, and a bug in it can only cost speed or,
 * were it to accept what the contract refuses, correctness: the differential tests
 * (test/runtime/contract-scan.test.ts) compare it with the slow path on generated and mutated
 * messages.
 *
 * The rules are derived from event.schema.json: a keyword this file does not know fails
 * at load time, naming it, rather than being skipped.
 */

type Check = (bytes: Uint8Array, start: number, end: number, ascii: boolean, receivedAtMs: number, out: ScannedEvent, field: number) => boolean;

interface FieldRule {
  readonly name: Uint8Array;
  readonly type: "string" | "integer";
  readonly nullable: boolean;
  readonly required: boolean;
  /** Integers: the range. Strings: the length, in characters. */
  readonly minimum: number;
  readonly maximum: number;
  /** Strings: the allowed values, as UTF-8, when the field has an enum. */
  readonly oneOf: readonly Uint8Array[] | undefined;
  /** Strings: a literal prefix the pattern asks for ("^/"), compared as bytes. */
  readonly prefix: Uint8Array | undefined;
  /** Strings: what else the field's keywords ask (a pattern that is more than a prefix, a format). */
  readonly checks: readonly Check[];
}

/**
 * Where each field of a scanned event is, by its position in CONTRACT_FIELDS: `state` 0 absent,
 * 1 null, 2 a value. A string's value is bytes[starts[f], ends[f]) of the message (raw UTF-8,
 * no escapes); an integer's, and an event_time's instant in ms, are in numbers[f].
 */
export class ScannedEvent {
  readonly state = new Uint8Array(CONTRACT_FIELDS.length);
  readonly starts = new Int32Array(CONTRACT_FIELDS.length);
  readonly ends = new Int32Array(CONTRACT_FIELDS.length);
  readonly numbers = new Float64Array(CONTRACT_FIELDS.length);
  private viewed: Uint8Array | undefined;
  private view: Buffer = Buffer.alloc(0);

  /**
   * bytes[start, end) as the string JSON.parse reads from it (valid UTF-8 without escapes):
   * through one Buffer view of the messages' bytes, not a new view and a TextDecoder call per
   * value (which cost a regular-expression check twice as much), and with a leading U+FEFF
   * kept, which TextDecoder drops.
   */
  text(bytes: Uint8Array, start: number, end: number, ascii: boolean): string {
    if (bytes !== this.viewed) {
      this.viewed = bytes;
      this.view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    }
    return this.view.toString(ascii ? "latin1" : "utf8", start, end);
  }
}

const KNOWN_EVENT_KEYWORDS = new Set(["$schema", "$id", "title", "description", "type", "additionalProperties", "required", "properties", WELL_FORMED_UNICODE_KEYWORD]);
const KNOWN_FIELD_KEYWORDS = new Set(["description", "type", "format", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum", INGEST_WINDOW_KEYWORD]);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const UTF8_ENCODER = new TextEncoder();

function equalBytes(bytes: Uint8Array, start: number, end: number, expected: Uint8Array): boolean {
  if (end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[start + i] !== expected[i]) return false;
  return true;
}

/** Code points of valid UTF-8: every byte that does not continue a character starts one. */
function codePoints(bytes: Uint8Array, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) if ((bytes[i] & 0xc0) !== 0x80) count++;
  return count;
}

function isHex(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66);
}

/** ajv-formats' uuid without its optional "urn:uuid:" prefix (that one is left to the slow path). */
function uuidCheck(): Check {
  return (bytes, start, end) => {
    if (end - start !== 36) return false;
    for (let i = 0; i < 36; i++) {
      const byte = bytes[start + i];
      if (i === 8 || i === 13 || i === 18 || i === 23 ? byte !== 0x2d : !isHex(byte)) return false;
    }
    return true;
  };
}

function digits(bytes: Uint8Array, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const digit = bytes[i] - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const DAYS_IN_MONTH = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * The instant of `YYYY-MM-DDTHH:MM:SS[.fraction]` followed by `Z` or `±HH:MM`, in ms (the
 * fraction truncated to milliseconds, as Date.parse does), or NaN for anything else: other
 * spellings RFC 3339 allows (a lower-case t or z, a space, a leap second) go the slow way.
 */
export function scanDateTime(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  if (length < 20 || bytes[start + 4] !== 0x2d || bytes[start + 7] !== 0x2d || bytes[start + 10] !== 0x54 || bytes[start + 13] !== 0x3a || bytes[start + 16] !== 0x3a) return NaN;
  const year = digits(bytes, start, 4);
  const month = digits(bytes, start + 5, 2);
  const day = digits(bytes, start + 8, 2);
  const hour = digits(bytes, start + 11, 2);
  const minute = digits(bytes, start + 14, 2);
  const second = digits(bytes, start + 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month])) return NaN;
  let at = start + 19;
  let millis = 0;
  if (bytes[at] === 0x2e) {
    const first = ++at;
    while (at < end && bytes[at] >= 0x30 && bytes[at] <= 0x39) at++;
    const count = at - first;
    if (count < 1 || count > 9) return NaN;
    for (let i = 0; i < 3; i++) millis = millis * 10 + (i < count ? bytes[first + i] - 0x30 : 0);
  }
  let offsetMinutes = 0;
  if (at === end - 1 && bytes[at] === 0x5a) {
    // Z
  } else if (at === end - 6 && (bytes[at] === 0x2b || bytes[at] === 0x2d) && bytes[at + 3] === 0x3a) {
    const offsetHours = digits(bytes, at + 1, 2);
    const offsetMins = digits(bytes, at + 4, 2);
    if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59) return NaN;
    offsetMinutes = (bytes[at] === 0x2d ? -1 : 1) * (offsetHours * 60 + offsetMins);
  } else return NaN;
  return (daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60) * 1000 + millis;
}

/** date-time with the ingest window: the instant is kept in numbers[field] for the columns. */
function dateTimeCheck(window: { maxAgeSeconds: number; maxAheadSeconds: number } | undefined): Check {
  const [before, after] = window ? [window.maxAgeSeconds * 1000, window.maxAheadSeconds * 1000] : [Infinity, Infinity];
  return (bytes, start, end, ascii, receivedAtMs, out, field) => {
    if (!ascii) return false;
    const instant = scanDateTime(bytes, start, end);
    if (!(instant >= receivedAtMs - before && instant <= receivedAtMs + after)) return false;
    out.numbers[field] = instant;
    return true;
  };
}

function fieldRule(name: string, property: Record<string, unknown>, required: boolean): FieldRule {
  for (const keyword of Object.keys(property)) {
    if (!KNOWN_FIELD_KEYWORDS.has(keyword)) throw new Error(`event.schema.json: ${name} uses the keyword ${keyword}, which the byte scanner (contract/scan.ts) does not check yet; teach it there`);
  }
  const types = Array.isArray(property.type) ? (property.type as string[]) : [property.type as string];
  const base = types.filter((type) => type !== "null");
  if (base.length !== 1 || (base[0] !== "string" && base[0] !== "integer")) throw new Error(`event.schema.json: ${name} has type ${types.join(", ")}, which the byte scanner does not check yet`);
  const type = base[0];
  const checks: Check[] = [];
  let oneOf: Uint8Array[] | undefined;
  let prefix: Uint8Array | undefined;
  if (type === "string") {
    if (property.enum) {
      oneOf = (property.enum as unknown[]).map((value) => {
        if (typeof value !== "string") throw new Error(`event.schema.json: ${name} is a string with a non-string enum value ${JSON.stringify(value)}`);
        return UTF8_ENCODER.encode(value);
      });
    }
    if (property.pattern !== undefined) {
      const pattern = property.pattern as string;
      // A literal prefix (such as "^/") is compared as bytes; anything else runs the pattern as ajv does (with the u flag).
      if (/^\^[A-Za-z0-9/_-]+$/.test(pattern)) prefix = UTF8_ENCODER.encode(pattern.slice(1));
      else {
        const regex = new RegExp(pattern, "u");
        checks.push((bytes, start, end, ascii, _receivedAtMs, out) => regex.test(out.text(bytes, start, end, ascii)));
      }
    }
    if (property.format === "uuid") checks.push(uuidCheck());
    else if (property.format === "date-time") checks.push(dateTimeCheck(property[INGEST_WINDOW_KEYWORD] as { maxAgeSeconds: number; maxAheadSeconds: number } | undefined));
    else if (property.format !== undefined) throw new Error(`event.schema.json: ${name} has format ${String(property.format)}, which the byte scanner does not check yet`);
  } else {
    for (const keyword of ["format", "enum", "pattern", "minLength", "maxLength", INGEST_WINDOW_KEYWORD]) {
      if (keyword in property) throw new Error(`event.schema.json: ${name} is an integer with ${keyword}, which the byte scanner does not check yet`);
    }
  }
  return {
    name: UTF8_ENCODER.encode(name),
    type,
    nullable: types.includes("null"),
    required,
    minimum: type === "string" ? ((property.minLength as number | undefined) ?? 0) : ((property.minimum as number | undefined) ?? -Number.MAX_SAFE_INTEGER),
    maximum: type === "string" ? ((property.maxLength as number | undefined) ?? Infinity) : ((property.maximum as number | undefined) ?? Number.MAX_SAFE_INTEGER),
    oneOf,
    prefix,
    checks,
  };
}

function compileRules(): FieldRule[] {
  for (const keyword of Object.keys(schema)) {
    if (!KNOWN_EVENT_KEYWORDS.has(keyword)) throw new Error(`event.schema.json uses the keyword ${keyword} on the event, which the byte scanner (contract/scan.ts) does not check yet; teach it there`);
  }
  if (schema.type !== "object" || schema.additionalProperties !== false) throw new Error("event.schema.json: the byte scanner expects an object without additional properties");
  if ((schema as Record<string, unknown>)[WELL_FORMED_UNICODE_KEYWORD] !== true) throw new Error("event.schema.json: the byte scanner expects well-formed Unicode to be required");
  const properties = schema.properties as Record<string, Record<string, unknown>>;
  const rules = CONTRACT_FIELDS.map((field) => fieldRule(field.name, properties[field.name], (schema.required as string[]).includes(field.name)));
  if (rules.length !== Object.keys(properties).length) throw new Error("event.schema.json: the byte scanner's fields differ from the contract's");
  return rules;
}

const RULES = compileRules();
/** The position of event_time in CONTRACT_FIELDS: its instant, in ms, is in ScannedEvent.numbers. */
export const EVENT_TIME_FIELD = CONTRACT_FIELDS.findIndex((field) => field.name === "event_time");
if (EVENT_TIME_FIELD < 0 || !EVENT_TIME_WINDOW) throw new Error("event.schema.json: the byte scanner expects an event_time with an ingest window");

/** What a byte inside a JSON string is to the scanner: 0 plain ASCII, 1 the closing quote, 2 an escape or a control character (the slow path's), 3 part of a non-ASCII character. */
const STRING_BYTE = new Uint8Array(256).map((_, byte) => (byte === QUOTE ? 1 : byte === BACKSLASH || byte < 0x20 ? 2 : byte >= 0x80 ? 3 : 0));

function oneOf(bytes: Uint8Array, start: number, end: number, values: readonly Uint8Array[]): boolean {
  for (let i = 0; i < values.length; i++) if (equalBytes(bytes, start, end, values[i])) return true;
  return false;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function fieldAt(bytes: Uint8Array, start: number, end: number, guess: number): number {
  if (guess < RULES.length && equalBytes(bytes, start, end, RULES[guess].name)) return guess;
  for (let field = 0; field < RULES.length; field++) if (equalBytes(bytes, start, end, RULES[field].name)) return field;
  return -1;
}

/**
 * Scans one message, bytes[start, end), received at receivedAtMs (the record's timestamp).
 * True: the contract accepts the event, and `out` says where its values are. False: the
 * caller must decode the message the slow way (decodeEvent), which accepts or rejects it.
 */
export function scanEvent(bytes: Uint8Array, start: number, end: number, receivedAtMs: number, out: ScannedEvent): boolean {
  const state = out.state;
  state.fill(0);
  let at = start;
  while (at < end && isSpace(bytes[at])) at++;
  if (bytes[at] !== 0x7b || at >= end) return false; // {
  at++;
  let field = -1;
  for (;;) {
    while (at < end && isSpace(bytes[at])) at++;
    if (at >= end || bytes[at] !== QUOTE) return false;
    const keyStart = ++at;
    while (at < end && bytes[at] !== QUOTE) at++;
    if (at >= end) return false;
    field = fieldAt(bytes, keyStart, at, field + 1);
    // An unknown key, or a repeated one (JSON.parse keeps the last value): the slow path decides.
    if (field < 0 || state[field] !== 0) return false;
    at++;
    while (at < end && isSpace(bytes[at])) at++;
    if (at >= end || bytes[at] !== 0x3a) return false; // :
    at++;
    while (at < end && isSpace(bytes[at])) at++;
    if (at >= end) return false;
    const rule = RULES[field];
    const first = bytes[at];
    if (first === QUOTE) {
      if (rule.type !== "string") return false;
      const valueStart = ++at;
      let ascii = true;
      let kind = 0;
      while (at < end && (kind = STRING_BYTE[bytes[at]]) !== 1) {
        if (kind === 2) return false;
        if (kind === 3) ascii = false;
        at++;
      }
      if (at >= end) return false;
      // Raw UTF-8 (no escapes) that is valid is well-formed Unicode: only an escape can spell an unpaired surrogate.
      if (!ascii && !isUtf8(bytes.subarray(valueStart, at))) return false;
      const length = ascii ? at - valueStart : codePoints(bytes, valueStart, at);
      if (length < rule.minimum || length > rule.maximum) return false;
      if (rule.oneOf !== undefined && !oneOf(bytes, valueStart, at, rule.oneOf)) return false;
      if (rule.prefix !== undefined && (at - valueStart < rule.prefix.length || !equalBytes(bytes, valueStart, valueStart + rule.prefix.length, rule.prefix))) return false;
      const checks = rule.checks;
      for (let c = 0; c < checks.length; c++) if (!checks[c](bytes, valueStart, at, ascii, receivedAtMs, out, field)) return false;
      out.starts[field] = valueStart;
      out.ends[field] = at;
      state[field] = 2;
      at++;
    } else if (first === 0x6e) {
      // null
      if (!rule.nullable || end - at < 4 || bytes[at + 1] !== 0x75 || bytes[at + 2] !== 0x6c || bytes[at + 3] !== 0x6c) return false;
      state[field] = 1;
      at += 4;
    } else {
      if (rule.type !== "integer") return false;
      const negative = first === 0x2d;
      if (negative) at++;
      const digitsStart = at;
      let value = 0;
      while (at < end && bytes[at] >= 0x30 && bytes[at] <= 0x39) value = value * 10 + (bytes[at++] - 0x30);
      const count = at - digitsStart;
      // Plain integers only, exact in a double (a fraction or an exponent ends the digits, and then the object); a leading zero is not JSON.
      if (count === 0 || count > 15 || (count > 1 && bytes[digitsStart] === 0x30)) return false;
      if (negative) value = -value;
      if (value < rule.minimum || value > rule.maximum) return false;
      out.numbers[field] = value;
      state[field] = 2;
    }
    while (at < end && isSpace(bytes[at])) at++;
    if (at >= end) return false;
    if (bytes[at] === 0x2c) {
      at++;
      continue;
    }
    if (bytes[at] !== 0x7d) return false; // }
    at++;
    break;
  }
  while (at < end && isSpace(bytes[at])) at++;
  if (at !== end) return false;
  for (let f = 0; f < RULES.length; f++) if (state[f] === 0 && RULES[f].required) return false;
  return true;
}
