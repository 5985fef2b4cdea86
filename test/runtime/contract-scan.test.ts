import fc from "fast-check";
import { CONTRACT_FIELDS, EVENT_TIME_WINDOW, LogEvent } from "../../runtime/src/contract";
import { EVENT_TIME_FIELD, scanDateTime, scanEvent, ScannedEvent } from "../../runtime/src/contract/scan";
import { decodeEvent } from "../../runtime/src/sink/codec";
import { TrafficModel } from "../../runtime/src/simulator/generator";
import { eventCandidateArbitrary, materialize } from "../event-arbitrary";

/**
 * The byte scanner (contract/scan.ts) against the slow path it stands in for (TextDecoder,
 * JSON.parse, validateEvent): on generated events, the same events spelled other ways, and
 * byte-level mutations of them, whatever the scanner accepts the slow path accepts with the
 * same values. The scanner may say "not sure" (false) to anything; the last tests hold it to
 * accepting what the pipeline actually carries, which is what makes it worth having.
 */
const RUNS = Number(process.env.LOGPIPE_PROPERTY_RUNS ?? 2000);
const SEED = Number(process.env.LOGPIPE_PROPERTY_SEED ?? 20261130);
const utf8 = new TextEncoder();
/** As JSON.parse reads text: a leading U+FEFF is a character of the value, not a mark to drop. */
const text = new TextDecoder("utf-8", { ignoreBOM: true });

/** What the scanner says about a message: undefined (not sure), or the event's values as the slow path's event would hold them. */
function scanned(bytes: Uint8Array, receivedAtMs: number): Record<string, unknown> | undefined {
  const out = new ScannedEvent();
  if (!scanEvent(bytes, 0, bytes.length, receivedAtMs, out)) return undefined;
  const values: Record<string, unknown> = {};
  CONTRACT_FIELDS.forEach((field, f) => {
    if (out.state[f] !== 2) values[field.name] = null;
    else if (field.kind === "string" || f === EVENT_TIME_FIELD) values[field.name] = text.decode(bytes.subarray(out.starts[f], out.ends[f]));
    else values[field.name] = out.numbers[f];
  });
  values.event_time_ms = out.numbers[EVENT_TIME_FIELD];
  return values;
}

function slowValues(event: LogEvent): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of CONTRACT_FIELDS) values[field.name] = (event as unknown as Record<string, unknown>)[field.name] ?? null;
  values.event_time_ms = Date.parse(event.event_time);
  return values;
}

/** Holds the scanner to the slow path on one message; true when the scanner was sure. */
function agrees(bytes: Uint8Array, receivedAtMs: number): boolean {
  const fast = scanned(bytes, receivedAtMs);
  if (fast === undefined) return false;
  const slow = decodeEvent(bytes, receivedAtMs);
  if (!("event" in slow)) throw new Error(`the scanner accepted what the contract refuses (${slow.reason}): ${Buffer.from(bytes).toString("latin1")}`);
  expect(fast).toEqual(slowValues(slow.event));
  return true;
}

/** The same event spelled other ways JSON allows, or nearly allows. */
const SPELLINGS: Record<string, (event: Record<string, unknown>) => string> = {
  compact: (event) => JSON.stringify(event),
  indented: (event) => JSON.stringify(event, null, "\t") + "\r\n",
  reversed: (event) => JSON.stringify(Object.fromEntries(Object.entries(event).reverse())),
  "a repeated key": (event) => JSON.stringify(event).replace(/^\{("[a-z_]+":(?:"[^"]*"|[^,}]*)),/, "{$1,$1,"),
  // JSON.parse keeps the last value of a repeated key: a scanner keeping the first would differ.
  "a repeated key with another valid value": (event) => JSON.stringify(event).replace(/^\{/, '{"status":404,"method":"DELETE",'),
  "numbers with a leading zero": (event) => JSON.stringify(event).replace(/:(-?)(\d+)([,}])/g, ":$10$2$3"),
  "escaped characters": (event) => JSON.stringify(event).replace(/"([a-z])/g, (_, letter: string) => `"\\u00${letter.charCodeAt(0).toString(16)}`),
  "a byte order mark": (event) => "\ufeff" + JSON.stringify(event),
  "numbers written as decimals": (event) => JSON.stringify(event).replace(/:(\d+)([,}])/g, ":$1.0$2"),
};

describe("the contract's byte scanner", () => {
  test.each(Object.keys(SPELLINGS))(`accepts only what the slow path accepts, with the same values: generated events, spelled %s (${RUNS} runs, seed ${SEED})`, (spelling) => {
    fc.assert(
      fc.property(eventCandidateArbitrary(), (candidate) => {
        const now = Date.now();
        agrees(utf8.encode(SPELLINGS[spelling](materialize(candidate, now))), now);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  test(`accepts only what the slow path accepts: byte-level mutations of acceptable events (${RUNS * 5} runs)`, () => {
    const model = new TrafficModel({ users: 50 });
    // Bytes JSON and the contract care about, and some they do not.
    const interesting = [..."{}[]\":,\\ \t\n0123456789-+.eEnulltrfa/Z:Tg"].map((c) => c.charCodeAt(0)).concat([0x00, 0x0b, 0x0c, 0x1f, 0x7f, 0x80, 0xc3, 0xa9, 0xed, 0xa0, 0xff]);
    let sure = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.constantFrom("replace", "insert", "delete"), fc.constantFrom(...interesting)), { minLength: 1, maxLength: 3 }),
        (edits) => {
          const now = Date.now();
          const bytes = [...utf8.encode(JSON.stringify(model.next()))];
          for (const [at, edit, byte] of edits) {
            const i = at % bytes.length;
            if (edit === "replace") bytes[i] = byte;
            else if (edit === "insert") bytes.splice(i, 0, byte);
            else bytes.splice(i, 1);
          }
          if (agrees(Uint8Array.from(bytes), now)) sure++;
        },
      ),
      { seed: SEED, numRuns: RUNS * 5 },
    );
    // Some mutations leave an acceptable event (a digit for a digit inside a string): the comparison above ran on those.
    expect(sure).toBeGreaterThan(0);
  });

  test("is sure of every event the simulator sends, and reads its values exactly", () => {
    const model = new TrafficModel({ users: 200 });
    const now = Date.now();
    for (let i = 0; i < 5000; i++) {
      const event = model.next();
      expect(scanned(utf8.encode(JSON.stringify(event)), now)).toEqual(slowValues(event));
    }
  });

  test.each(CONTRACT_FIELDS.map((field) => field.name))("agrees with the slow path on %s set to null", (name) => {
    const event = { ...new TrafficModel().next(), [name]: null };
    const sure = agrees(utf8.encode(JSON.stringify(event)), Date.now());
    expect(sure).toBe(CONTRACT_FIELDS.find((field) => field.name === name)!.nullable);
  });

  test("takes the event-time window's edges to the millisecond", () => {
    const event = new TrafficModel().next();
    const received = Date.parse("2026-11-30T12:00:00.000Z");
    const at = (offsetMs: number) => scanned(utf8.encode(JSON.stringify({ ...event, event_time: new Date(received + offsetMs).toISOString() })), received);
    const [before, after] = [EVENT_TIME_WINDOW.maxAgeSeconds * 1000, EVENT_TIME_WINDOW.maxAheadSeconds * 1000];
    expect([at(-before), at(-before - 1), at(after), at(after + 1)].map((values) => values !== undefined)).toEqual([true, false, true, false]);
  });

  test("leaves an event_id that is no uuid to the slow path", () => {
    const event = new TrafficModel().next();
    for (const id of [event.event_id.replace(/^./, "g"), event.event_id.replace(/-/g, ""), `urn:uuid:${event.event_id}`]) {
      expect(scanned(utf8.encode(JSON.stringify({ ...event, event_id: id })), Date.now())).toBeUndefined();
    }
  });

  test("checks a pattern on the value as JSON.parse reads it, a leading byte order mark included", () => {
    // TextDecoder drops a leading U+FEFF by default: a pattern tested on its output saw "JP" in "\ufeffJP".
    const event = new TrafficModel().next();
    for (const change of [{ country: "\ufeffJP" }, { ip: "\ufeff10.1.2.0" }, { country: "J\ufeffP" }]) {
      const bytes = utf8.encode(JSON.stringify({ ...event, ...change }));
      expect("event" in decodeEvent(bytes, Date.now())).toBe(false);
      expect(scanned(bytes, Date.now())).toBeUndefined();
    }
  });

  test("is sure of non-ASCII text and counts its length in characters, as the contract does", () => {
    const event = { ...new TrafficModel().next(), search_query: "é".repeat(512), referrer: "https://例え.jp/🙂" };
    expect(agrees(utf8.encode(JSON.stringify(event)), Date.now())).toBe(true);
    // 513 characters (1,026 bytes): one too many, which the slow path refuses with the reason.
    expect(scanned(utf8.encode(JSON.stringify({ ...event, search_query: "é".repeat(513) })), Date.now())).toBeUndefined();
  });
});

describe("the byte scanner's date-time", () => {
  const bytesOf = (value: string) => utf8.encode(value);
  const zones = ["Z", "+00:00", "-00:00", "+05:30", "-08:00", "+14:00", "+23:59", "-23:59"];

  test(`gives Date.parse's instant for RFC 3339 times with 0 to 9 fractional digits and any zone (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse("0000-01-01T00:00:00Z"), max: Date.parse("9999-12-31T23:59:59Z") }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 9 }),
        fc.nat(999_999_999),
        (instant, zone, digits, fraction) => {
          const iso = new Date(instant).toISOString().slice(0, 19);
          const value = `${iso}${digits > 0 ? "." + String(fraction).padStart(9, "0").slice(0, digits) : ""}${zone}`;
          const parsed = Date.parse(value);
          const fast = scanDateTime(bytesOf(value), 0, value.length);
          if (Number.isNaN(parsed)) expect(fast).toBeNaN();
          else expect(fast).toBe(parsed);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  test.each([
    ["2016-12-31T23:59:60Z", "a leap second"],
    ["2026-02-29T00:00:00Z", "a day the month does not have"],
    ["2100-02-29T00:00:00Z", "29 February of a century year"],
    ["1900-02-29T00:00:00Z", "29 February of another century year"],
    ["2024-13-01T00:00:00Z", "month 13"],
    ["2026-11-30T24:00:00Z", "hour 24"],
    ["2026-11-30t10:00:00z", "lower-case letters"],
    ["2026-11-30 10:00:00Z", "a space"],
    ["2026-11-30T10:00:00", "no zone"],
    ["2026-11-30T10:00:00.Z", "an empty fraction"],
    ["2026-11-30T10:00:00.1234567890Z", "ten fractional digits"],
    ["2026-11-30T10:00:00+0100", "a zone without its colon"],
    ["2026-11-30T10:00:00+24:00", "a zone of 24 hours"],
  ])("leaves %s (%s) to the slow path", (value) => {
    expect(scanDateTime(bytesOf(value), 0, value.length)).toBeNaN();
  });

  test("reads 29 February of a leap year (2000 too), and year 0000", () => {
    expect(scanDateTime(bytesOf("2024-02-29T12:00:00Z"), 0, 20)).toBe(Date.parse("2024-02-29T12:00:00Z"));
    expect(scanDateTime(bytesOf("2000-02-29T12:00:00Z"), 0, 20)).toBe(Date.parse("2000-02-29T12:00:00Z"));
    expect(scanDateTime(bytesOf("0000-03-01T00:00:00Z"), 0, 20)).toBe(Date.parse("0000-03-01T00:00:00Z"));
  });
});
