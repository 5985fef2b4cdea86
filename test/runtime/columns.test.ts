import { CONTRACT_FIELDS, LogEvent } from "../../runtime/src/contract";
import { scanEvent, ScannedEvent } from "../../runtime/src/contract/scan";
import { EventColumns } from "../../runtime/src/sink/columns";
import { TrafficModel } from "../../runtime/src/simulator/generator";

const utf8 = new TextEncoder();

/** Every value of every field, as the encoders read them. */
function contents(columns: EventColumns): unknown[] {
  return CONTRACT_FIELDS.map((field, f) => {
    const presence = Array.from(columns.presence(f));
    if (field.kind !== "string") return { field: field.name, presence, numbers: Array.from(columns.numbersOf(f)) };
    const { offsets, bytes } = columns.textOf(f);
    return { field: field.name, presence, offsets: Array.from(offsets), text: Buffer.from(bytes).toString() };
  });
}

describe("event columns", () => {
  // Simulator events, some with non-ASCII text, nulls and strings of every length around 32 bytes (copied byte by byte below that, at once above).
  const model = new TrafficModel({ users: 300 });
  const events: LogEvent[] = Array.from({ length: 3000 }, (_, i) => {
    const event = model.next();
    if (i % 7 === 0) return { ...event, search_query: "ü".repeat(i % 40), referrer: null };
    // A leading U+FEFF is part of the value (JSON.parse keeps it), not a byte order mark to drop.
    if (i % 13 === 0) return { ...event, user_agent: "\ufeff" + event.user_agent };
    if (i % 11 === 0) return { ...event, path: "/" + "p".repeat(i % 64), product_id: null };
    return event;
  });

  test("hold the same bytes and numbers whether the scanner or JSON.parse read the events, growing from 16 rows", () => {
    // GIVEN the events as messages, read by the byte scanner into columns that start at 16 rows
    const scanned = new EventColumns(16);
    const out = new ScannedEvent();
    const now = Date.now();
    events.forEach((event, index) => {
      const bytes = utf8.encode(JSON.stringify(event));
      expect(scanEvent(bytes, 0, bytes.length, now, out)).toBe(true);
      scanned.appendScanned(bytes, out, index);
    });
    // THEN they equal columns of the decoded events, value for value, with their positions
    const decoded = EventColumns.of(events);
    expect(scanned.length).toBe(events.length);
    expect(contents(scanned)).toEqual(contents(decoded));
    expect(Array.from(scanned.positions)).toEqual(events.map((_, i) => i));
  });

  test("select rows in any order, as columns of their own", () => {
    const columns = EventColumns.of(events);
    const rows = [2999, 0, 1500, 7, 7, 42, 13];
    const selected = columns.select(rows);
    expect(contents(selected)).toEqual(contents(EventColumns.of(rows.map((row) => events[row]))));
    expect(Array.from(selected.positions)).toEqual(rows);
    expect(selected.valueAt(CONTRACT_FIELDS.findIndex((field) => field.name === "user_agent"), 6)).toBe(events[13].user_agent);
    expect(CONTRACT_FIELDS.map((_, f) => selected.valueAt(f, 2))).toEqual(CONTRACT_FIELDS.map((field) => (events[1500] as unknown as Record<string, unknown>)[field.name] ?? null).map((value, f) => (CONTRACT_FIELDS[f].kind === "timestamp_ms" ? Date.parse(value as string) : value)));
  });
});
