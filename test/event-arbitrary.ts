import fc from "fast-check";
import { EVENT_SCHEMA, EVENT_TIME_WINDOW, INGEST_WINDOW_KEYWORD } from "../runtime/src/contract";

/**
 * Candidate events for property tests, derived from the contract (event.schema.json), not
 * from a hand-written list: every property of the schema gets values from its own keywords
 * (type, enum, format, pattern, lengths, range, nullability, required), mostly inside the
 * rules and sometimes just outside them, so both what the contract accepts and what it
 * refuses are generated, edges included. A field added to the schema is generated too.
 */

interface PropertySpec {
  type: string | string[];
  enum?: readonly (string | number)[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  [INGEST_WINDOW_KEYWORD]?: { maxAgeSeconds: number; maxAheadSeconds: number };
}

/** Classes of event_time a run must reach: the edges the contract must refuse, and ordinary times. */
export type EventTimeClass = "inside" | "leap second" | "year 0000" | "too far ahead" | "too old" | "not a date-time";

/** An event_time as the property tests generate it: made relative to the time it is sent. */
export interface EventTimeCandidate {
  readonly kind: EventTimeClass;
  readonly render: (nowMs: number) => string;
}

const ZONES = ["Z", "+00:00", "+05:30", "-08:00", "+14:00"];

/** An instant as RFC 3339 in a zone, with 0, 3 or 6 fractional digits (0 digits: the second, truncated). */
function rfc3339(instantMs: number, zone: string, digits: 0 | 3 | 6): string {
  const offsetMinutes = zone === "Z" ? 0 : (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const local = new Date(instantMs + offsetMinutes * 60_000).toISOString(); // YYYY-MM-DDTHH:MM:SS.mmmZ
  // Microseconds beyond the millisecond are stored truncated: any three digits will do.
  const fraction = digits === 0 ? "" : digits === 3 ? local.slice(19, 23) : `${local.slice(19, 23)}${String((instantMs * 7919) % 1000).padStart(3, "0")}`;
  return `${local.slice(0, 19)}${fraction}${zone}`;
}

function eventTimeArbitrary(window: { maxAgeSeconds: number; maxAheadSeconds: number }): fc.Arbitrary<EventTimeCandidate> {
  const [age, ahead] = [window.maxAgeSeconds * 1000, window.maxAheadSeconds * 1000];
  const at = (kind: EventTimeClass, offsetMs: fc.Arbitrary<number>) =>
    fc.tuple(offsetMs, fc.constantFrom(...ZONES), fc.constantFrom(0 as const, 3 as const, 6 as const)).map(([offset, zone, digits]) => ({
      kind,
      render: (now: number) => rfc3339(now + offset, zone, digits),
    }));
  return fc.oneof(
    // Well inside the window (a second of margin on each side for the time between render and receipt).
    { weight: 12, arbitrary: at("inside", fc.integer({ min: -age + 1000, max: ahead - 1000 })) },
    { weight: 1, arbitrary: at("too old", fc.integer({ min: -age - 30 * 86_400_000, max: -age - 1000 })) },
    { weight: 1, arbitrary: at("too far ahead", fc.integer({ min: ahead + 1000, max: ahead + 2 * 86_400_000 })) },
    { weight: 1, arbitrary: fc.constantFrom("2016-12-31T23:59:60Z", "2016-12-31T23:59:60.5Z").map((text) => ({ kind: "leap second" as const, render: () => text })) },
    { weight: 1, arbitrary: fc.constantFrom("0000-01-01T00:00:00Z", "0000-12-31T23:59:59.999Z").map((text) => ({ kind: "year 0000" as const, render: () => text })) },
    { weight: 1, arbitrary: fc.constantFrom("yesterday", "2026-11-29T10:00:00", "2026-02-30T00:00:00Z", "").map((text) => ({ kind: "not a date-time" as const, render: () => text })) },
  );
}

const types = (spec: PropertySpec) => (Array.isArray(spec.type) ? spec.type : [spec.type]);

/** Values for one property: mostly within its keywords, sometimes just outside them. */
function valueArbitrary(spec: PropertySpec): fc.Arbitrary<unknown> {
  const base = types(spec).find((type) => type !== "null");
  let inside: fc.Arbitrary<unknown>;
  let outside: fc.Arbitrary<unknown>;
  if (base === "integer") {
    const [min, max] = [spec.minimum ?? -(2 ** 31), spec.maximum ?? 2 ** 31 - 1];
    inside = fc.oneof(fc.integer({ min, max }), fc.constantFrom(min, max));
    outside = fc.oneof(fc.constantFrom(min - 1, max + 1), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constant(String(min)));
  } else if (spec.enum) {
    inside = fc.constantFrom(...spec.enum);
    outside = fc.oneof(fc.string({ maxLength: 12 }), fc.constant(String(spec.enum[0]).toLowerCase() + "!"));
  } else if (spec.format === "uuid") {
    inside = fc.uuid();
    outside = fc.oneof(fc.string({ maxLength: 40 }), fc.uuid().map((id) => `${id}\n`));
  } else if (spec.pattern) {
    const max = spec.maxLength ?? 64;
    inside = fc.stringMatching(new RegExp(spec.pattern)).filter((s) => [...s].length <= max);
    outside = fc.oneof(fc.string({ maxLength: 12 }), fc.stringMatching(new RegExp(spec.pattern)).map((s) => `${s}\n`));
  } else {
    const [min, max] = [spec.minLength ?? 0, spec.maxLength ?? 256];
    // Full Unicode (astral characters, combining marks) as well as ASCII, up to the limit.
    inside = fc.oneof(
      fc.string({ minLength: min, maxLength: Math.min(max, 80) }),
      fc.string({ unit: "grapheme", minLength: min, maxLength: Math.min(max, 40) }),
      fc.string({ unit: "binary", minLength: min, maxLength: Math.min(max, 40) }),
      fc.constant("x".repeat(max)),
    ).filter((s) => [...s].length >= min && [...s].length <= max);
    outside = fc.oneof(fc.constant("y".repeat(max + 1)), fc.integer(), ...(min > 0 ? [fc.constant("")] : []));
  }
  const value = fc.oneof({ weight: 19, arbitrary: inside }, { weight: 1, arbitrary: outside });
  return types(spec).includes("null") ? fc.oneof({ weight: 4, arbitrary: value }, { weight: 1, arbitrary: fc.constant(null) }) : value;
}

/** A candidate event: its fields, with event_time still to be rendered at the time it is sent. */
export interface EventCandidate {
  readonly fields: Record<string, unknown>;
  readonly eventTime: EventTimeCandidate | undefined;
}

export function eventCandidateArbitrary(): fc.Arbitrary<EventCandidate> {
  const properties = EVENT_SCHEMA.properties as unknown as Record<string, PropertySpec>;
  const required = new Set<string>(EVENT_SCHEMA.required);
  const entries = Object.entries(properties).map(([name, spec]) => {
    const value = spec[INGEST_WINDOW_KEYWORD] ? eventTimeArbitrary(spec[INGEST_WINDOW_KEYWORD]!) : valueArbitrary(spec);
    // A required field is missing now and then; an optional one is often absent.
    const present = required.has(name) ? fc.oneof({ weight: 49, arbitrary: value }, { weight: 1, arbitrary: fc.constant(undefined) }) : fc.option(value, { nil: undefined, freq: 2 });
    return [name, present] as const;
  });
  // Now and then a field the contract does not have.
  const extra = fc.oneof({ weight: 59, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constant({ not_in_the_contract: 1 }) });
  return fc.tuple(fc.record(Object.fromEntries(entries)), extra).map(([record, unknown]) => {
    const fields = Object.fromEntries(Object.entries(record).filter(([name, value]) => value !== undefined && name !== "event_time"));
    const eventTime = (record as Record<string, unknown>).event_time as EventTimeCandidate | undefined;
    return { fields: { ...fields, ...unknown }, eventTime };
  });
}

/** The event as sent at nowMs: its event_time rendered relative to that moment. */
export function materialize(candidate: EventCandidate, nowMs: number): Record<string, unknown> {
  return candidate.eventTime ? { ...candidate.fields, event_time: candidate.eventTime.render(nowMs) } : { ...candidate.fields };
}

export { EVENT_TIME_WINDOW };
