import { LogEvent } from "../../runtime/src/contract";
import { encodeMessages, encoderFor, packValues } from "../../runtime/src/sink/codec";
import { ENCODER_NAMES } from "../../runtime/src/sink/encoders";
import { TrafficModel } from "../../runtime/src/simulator/generator";

const now = Date.parse("2026-11-23T10:30:00Z");
const model = new TrafficModel({ users: 20, now: () => now });
const event = (overrides: Partial<LogEvent> = {}): LogEvent => ({ ...model.next(), ...overrides });
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

  test("checks the event-time window against each message's own timestamp, the time of receipt", async () => {
    const late = event({ event_time: "2026-11-20T10:00:00Z" });
    const values = [bytes(late), bytes(late)];
    const received = Float64Array.from([now, Date.parse("2026-11-28T10:00:00Z")]);
    const reply = await encodeMessages(encoder, { values: packValues(values), timestamps: received });
    expect(reply.rejected.map((r) => r.index)).toEqual([1]);
    expect(reply.files.map((f) => [...f.rows])).toEqual([[0]]);
  });
});
