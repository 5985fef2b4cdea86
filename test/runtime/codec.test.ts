import { CONTRACT_FIELDS, LogEvent } from "../../runtime/src/contract";
import { encodeMessages, encoderFor, packValues } from "../../runtime/src/sink/codec";
import { EventColumns } from "../../runtime/src/sink/columns";
import { createEncoder, ENCODER_NAMES } from "../../runtime/src/sink/encoders";
import { TrafficModel } from "../../runtime/src/simulator/generator";

const now = Date.parse("2026-11-23T10:30:00Z");
const model = new TrafficModel({ users: 20, now: () => now });
const event = (overrides: Partial<LogEvent> = {}): LogEvent => ({ ...model.next(), ...overrides });
const EVENT_ID = CONTRACT_FIELDS.findIndex((field) => field.name === "event_id");
const bytes = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value));

async function rowsOf(body: Uint8Array): Promise<Record<string, unknown>[]> {
  // Jest transforms hyparquet (ES modules only) to CommonJS; see jest.config.js.
  const { parquetReadObjects } = require("hyparquet") as typeof import("hyparquet", { with: { "resolution-mode": "import" } });
  const file = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
  return (await parquetReadObjects({ file })) as Record<string, unknown>[];
}

describe("packed message values", () => {
  test("keep each value, an absent one as empty, side by side", () => {
    const packed = packValues([Buffer.from("ab"), null, Buffer.from("cde")]);
    expect(Buffer.from(packed.bytes).toString()).toBe("abcde");
    expect([...packed.ends]).toEqual([2, 2, 5]);
  });
});

describe.each(ENCODER_NAMES)("a flush encoded with %s", (name) => {
  const encoder = encoderFor({ encoder: name });

  test("writes one object per event hour with every acceptable event, and rejects the rest by position with the reason", async () => {
    // GIVEN a flush mixing good events of two hours with every kind of bad message
    const good = [event({ event_time: "2026-11-23T09:59:59.000Z" }), event({ event_time: "2026-11-23T10:00:00.000Z" }), event({ event_time: "2026-11-23T10:15:00+01:00" })];
    const values = [
      bytes(good[0]),
      null,
      Buffer.from([0xff, 0xfe]),
      bytes("{ not json"),
      bytes({ ...good[1], status: "200" }),
      bytes(good[1]),
      bytes({ ...event(), event_time: "2026-11-10T10:00:00Z" }),
      bytes(good[2]),
    ];
    // WHEN it is encoded
    const reply = await encodeMessages(encoder, { values: packValues(values), timestamps: Float64Array.from(values, () => now) });
    // THEN the bad ones are named with their reason, the good ones are in their hour's object
    expect(reply.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4, 6]);
    expect(reply.rejected.map((r) => r.reason)).toEqual([
      "empty message",
      "not valid UTF-8",
      expect.stringMatching(/^not valid JSON: /),
      expect.stringMatching(/^violates the event contract: status must be integer/),
      expect.stringMatching(/^violates the event contract: event_time must be a real instant between 7 days before/),
    ]);
    expect(reply.files.map((f) => [f.dt, f.hour, [...f.rows]])).toEqual([
      ["2026-11-23", "09", [0, 7]],
      ["2026-11-23", "10", [5]],
    ]);
    const stored = await rowsOf(reply.files[0].body);
    expect(stored.map((row) => row.event_id)).toEqual([good[0].event_id, good[2].event_id]);
  });

  test("stores an event the same whether the byte scanner read it or JSON.parse did", async () => {
    // GIVEN events written plainly (the scanner reads them) and with escapes and a repeated key (left to JSON.parse)
    const events = [event({ search_query: "ünïcödé ✓", referrer: null }), event({ user_agent: 'quote " and backslash \\' }), event({ revenue_cents: 1234, product_id: "p-1" })];
    const plain = events.map((e) => bytes(e));
    const escaped = events.map((e) => bytes(JSON.stringify(e).replace(/"([a-z])/g, (_, letter: string) => `"\\u00${letter.charCodeAt(0).toString(16)}`).replace("{", `{"status":999,`)));
    // WHEN both are encoded in one flush
    const values = [...plain, ...escaped];
    const reply = await encodeMessages(encoder, { values: packValues(values), timestamps: Float64Array.from(values, () => now) });
    // THEN all six are stored, in order, and each pair reads back the same
    expect(reply.rejected).toEqual([]);
    expect(reply.files.map((f) => [...f.rows])).toEqual([[0, 1, 2, 3, 4, 5]]);
    const stored = await rowsOf(reply.files[0].body);
    expect(stored.slice(3)).toEqual(stored.slice(0, 3));
    expect(stored.map((row) => row.user_agent)).toContain('quote " and backslash \\');
  });

  test("refuses only the rows the encoder cannot write, and maps every row back to its message", async () => {
    // GIVEN an encoder that refuses any batch holding one particular event
    const poison = event();
    const picky = { name, encode: async (columns: EventColumns) => {
      const ids = Array.from({ length: columns.length }, (_, row) => columns.valueAt(EVENT_ID, row));
      if (ids.includes(poison.event_id)) throw new RangeError("cannot write this one");
      return encoder.encode(columns);
    } };
    const values = [bytes(event()), bytes(poison), bytes(event()), bytes(event())];
    // WHEN a flush holding it is encoded
    const reply = await encodeMessages(picky, { values: packValues(values), timestamps: Float64Array.from(values, () => now) });
    // THEN that message alone is refused with the encoder's reason, and the others are written
    expect(reply.rejected).toEqual([{ index: 1, reason: "could not be encoded as Parquet: cannot write this one" }]);
    expect(reply.files.map((f) => [...f.rows])).toEqual([[0, 2, 3]]);
    expect((await rowsOf(reply.files[0].body)).map((row) => row.event_id)).toEqual([0, 2, 3].map((i) => JSON.parse(values[i].toString()).event_id));
  });

  test("checks the event-time window against each message's own timestamp, the time of receipt", async () => {
    const late = event({ event_time: "2026-11-20T10:00:00Z" });
    const values = [bytes(late), bytes(late)];
    const received = Float64Array.from([now, Date.parse("2026-11-28T10:00:00Z")]);
    const reply = await encodeMessages(encoder, { values: packValues(values), timestamps: received });
    expect(reply.rejected.map((r) => r.index)).toEqual([1]);
    expect(reply.files.map((f) => [...f.rows])).toEqual([[0]]);
  });
});

describe("the sink's parquet-wasm files", () => {
  test("store the event id without a dictionary, and the columns whose values repeat with one", async () => {
    // GIVEN a flush of events from 20 users
    const values = Array.from({ length: 2_000 }, () => bytes(event()));
    // WHEN the sink's encoder writes it
    const reply = await encodeMessages(encoderFor({ encoder: "parquet-wasm" }), { values: packValues(values), timestamps: Float64Array.from(values, () => now) });
    // THEN, read by an independent reader, event_id's column chunks have no dictionary page
    // (it would hold every value once more), and user_id's have one
    const { parquetMetadata } = require("hyparquet") as typeof import("hyparquet", { with: { "resolution-mode": "import" } });
    const body = reply.files[0].body;
    const metadata = parquetMetadata(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer);
    const dictionaryPages = (column: string) => metadata.row_groups.map((group) => {
      const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.join(".") === column);
      if (!chunk?.meta_data) throw new Error(`no column ${column} in the file`);
      return chunk.meta_data.dictionary_page_offset !== undefined;
    });
    expect(dictionaryPages("event_id")).toEqual(metadata.row_groups.map(() => false));
    expect(dictionaryPages("user_id")).toEqual(metadata.row_groups.map(() => true));
    for (const other of ENCODER_NAMES) expect(() => createEncoder(other, { fields: CONTRACT_FIELDS, withoutDictionary: ["event_ids"] })).toThrow(/names no column of the schema: event_ids/);
    expect((await rowsOf(body)).map((row) => row.event_id)).toEqual(values.map((v) => JSON.parse(v.toString()).event_id));
  });
});
