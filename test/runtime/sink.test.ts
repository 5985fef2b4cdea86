import { CONTRACT_FIELDS, LogEvent } from "../../runtime/src/contract";
import { PartitionBuffer } from "../../runtime/src/sink/buffer";
import { createEncoder, ENCODER_NAMES } from "../../runtime/src/sink/encoders";
import { encodeIsolatingBadRows } from "../../runtime/src/sink/isolate";
import { groupByEventHour, objectKey } from "../../runtime/src/sink/keys";
import { TrafficModel } from "../../runtime/src/simulator/generator";

const model = new TrafficModel({ users: 20 });
const at = (iso: string): LogEvent => ({ ...model.next(), event_time: iso });
const policy = { maxRows: 3, maxBytes: 1000, maxAgeMs: 5000 };

describe("object keys", () => {
  test("are a pure function of the consumed range and the event hour", () => {
    const range = { topic: "logs", partition: 2, firstOffset: "100", lastOffset: "199" };
    expect(objectKey("raw", range, { dt: "2026-11-23", hour: "07" })).toBe("raw/logs/dt=2026-11-23/hour=07/logs-2-100-199.parquet");
    expect(objectKey("it-x/raw/", range, { dt: "2026-11-23", hour: "07" })).toBe("it-x/raw/logs/dt=2026-11-23/hour=07/logs-2-100-199.parquet");
  });

  test("group rows by UTC event hour, oldest hour first, keeping order within an hour", () => {
    const rows = [at("2026-11-23T10:59:59.999Z"), at("2026-11-23T12:00:00+01:00"), at("2026-11-23T09:30:00Z"), at("2026-11-23T11:00:00Z")];
    const groups = groupByEventHour(rows);
    expect(groups.map((g) => `${g.dt} ${g.hour} ${g.rows.length}`)).toEqual(["2026-11-23 09 1", "2026-11-23 10 1", "2026-11-23 11 2"]);
    expect(groups[2].rows).toEqual([rows[1], rows[3]]);
  });
});

describe("PartitionBuffer", () => {
  const message = (value = JSON.stringify(model.next())) => ({ key: null, value: Buffer.from(value), timestamp: Date.now() });
  const add = (buffer: PartitionBuffer, offset: number) => buffer.add(BigInt(offset), message(), 100);

  test("ignores offsets it already holds or that are committed (redelivery after a rebalance)", () => {
    const buffer = new PartitionBuffer(10n);
    expect(add(buffer, 9)).toBe(false);
    expect(add(buffer, 10)).toBe(true);
    expect(add(buffer, 11)).toBe(true);
    expect(add(buffer, 10)).toBe(false);
    expect(buffer.rows).toBe(2);
  });

  test("flushes on rows, on bytes and on age", () => {
    let now = 0;
    const byRows = new PartitionBuffer(0n, () => now);
    [0, 1].forEach((o) => add(byRows, o));
    expect(byRows.flushReason(policy)).toBeUndefined();
    add(byRows, 2);
    expect(byRows.flushReason(policy)).toBe("rows");

    const byBytes = new PartitionBuffer(0n, () => now);
    byBytes.add(0n, message(), 1500);
    expect(byBytes.flushReason(policy)).toBe("bytes");

    const byAge = new PartitionBuffer(0n, () => now);
    add(byAge, 0);
    now = 4999;
    expect(byAge.flushReason(policy)).toBeUndefined();
    now = 5000;
    expect(byAge.flushReason(policy)).toBe("age");
  });

  test("takes at most maxRows per flush, and drops only what was flushed", () => {
    const buffer = new PartitionBuffer(0n);
    [0, 1, 2, 3, 4].forEach((o) => add(buffer, o));
    const plan = buffer.nextFlush(3)!;
    expect([plan.firstOffset, plan.lastOffset, plan.messages.length]).toEqual([0n, 2n, 3]);
    buffer.dropThrough(plan.lastOffset);
    expect([buffer.rows, buffer.firstOffset, buffer.bytes]).toEqual([2, 3n, 200]);
  });

  test("after a crash, replays exactly the range an interrupted flush had recorded", () => {
    const buffer = new PartitionBuffer(100n);
    buffer.pendingLastOffset = 104n;
    [100, 101, 102].forEach((o) => add(buffer, o));
    // Not before the whole recorded range is back, whatever the other thresholds say.
    expect(buffer.flushReason({ ...policy, maxRows: 1 })).toBeUndefined();
    [103, 104, 105, 106].forEach((o) => add(buffer, o));
    expect(buffer.flushReason(policy)).toBe("pending");
    const plan = buffer.nextFlush(2)!;
    expect([plan.firstOffset, plan.lastOffset, plan.messages.length]).toEqual([100n, 104n, 5]);
    buffer.dropThrough(104n);
    expect(buffer.pendingLastOffset).toBeUndefined();
    expect(buffer.rows).toBe(2);
  });

  test("keeps every message of the range as consumed, in offset order, whatever it holds", () => {
    const buffer = new PartitionBuffer(0n);
    add(buffer, 0);
    buffer.add(1n, message("not json"), 10);
    add(buffer, 2);
    const plan = buffer.nextFlush(10)!;
    expect([plan.firstOffset, plan.lastOffset, plan.messages.map((m) => m.offset)]).toEqual([0n, 2n, [0n, 1n, 2n]]);
    expect(plan.messages[1].value?.toString()).toBe("not json");
  });

  test("advancing to an offset another member committed forgets what is below it", () => {
    const buffer = new PartitionBuffer(0n);
    [0, 1, 2, 3].forEach((o) => add(buffer, o));
    buffer.advanceTo(2n);
    expect([buffer.firstOffset, buffer.rows]).toEqual([2n, 2]);
    expect(add(buffer, 1)).toBe(false);
  });
});

describe.each(ENCODER_NAMES)("the %s encoder", (name) => {
  test("writes Parquet that an independent reader reads back, value for value", async () => {
    // Jest transforms hyparquet (ES modules only) to CommonJS; see jest.config.js.
    const { parquetReadObjects, parquetMetadata } = require("hyparquet") as typeof import("hyparquet", { with: { "resolution-mode": "import" } });
    const rows = Array.from({ length: 3000 }, () => model.next());
    rows[1] = { ...rows[1], referrer: null, revenue_cents: null, search_query: "ünïcödé ✓" };
    const bytes = await createEncoder(name, { fields: CONTRACT_FIELDS, rowGroupRows: 1000 }).encode(rows);
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    expect(parquetMetadata(file).row_groups).toHaveLength(3);
    const back = (await parquetReadObjects({ file })) as Record<string, unknown>[];
    expect(back).toHaveLength(rows.length);
    back.forEach((row, i) => {
      for (const field of CONTRACT_FIELDS) {
        const sent = (rows[i] as unknown as Record<string, unknown>)[field.name] ?? null;
        const read = row[field.name] instanceof Date ? (row[field.name] as Date).toISOString() : (row[field.name] ?? null);
        expect([field.name, read]).toEqual([field.name, sent]);
      }
    });
  });
});

describe("a flush's rows the encoder refuses", () => {
  const rows = Array.from({ length: 37 }, (_, i) => ({ offset: BigInt(i), event: model.next() }));
  const poison = new Set([5, 6, 30]);
  // An encoder that fails whenever one of the poison rows is among those it is given, as a
  // content-dependent failure does.
  const encode = async (part: readonly { offset: bigint }[]) => {
    const bad = part.find((row) => poison.has(Number(row.offset)));
    if (bad) throw new RangeError(`row ${bad.offset} cannot be encoded`);
    return new Uint8Array(part.length);
  };

  test("are found, rejected one by one with the encoder's reason, and the rest is written as one file", async () => {
    const result = await encodeIsolatingBadRows(rows, encode);
    expect(result.rejected.map((r) => Number(r.row.offset)).sort((a, b) => a - b)).toEqual([5, 6, 30]);
    expect(result.rejected[0].reason).toMatch(/^could not be encoded as Parquet: row \d+ cannot be encoded$/);
    expect(result.written.map((r) => Number(r.offset))).toEqual(rows.filter((r) => !poison.has(Number(r.offset))).map((r) => Number(r.offset)));
    expect(result.body?.length).toBe(34);
  });

  test("cost nothing when there are none: one encoding", async () => {
    let calls = 0;
    const result = await encodeIsolatingBadRows(rows, async (part) => (calls++, new Uint8Array(part.length)));
    expect([calls, result.rejected, result.written.length]).toEqual([1, [], 37]);
  });

  test("leave no file when every row is refused", async () => {
    const result = await encodeIsolatingBadRows(rows.slice(5, 7), encode);
    expect([result.body, result.rejected.length, result.written]).toEqual([undefined, 2, []]);
  });

  test("a failure no single row causes is the encoder's own, and is thrown", async () => {
    // fails whenever more than 10 rows are encoded together
    await expect(encodeIsolatingBadRows(rows, async (part) => {
      if (part.length > 10) throw new Error("too many rows at once");
      return new Uint8Array(part.length);
    })).rejects.toThrow("too many rows at once");
  });
});

describe("grouping by event hour", () => {
  test("returns rows whose event_time is no instant apart, instead of failing the batch", () => {
    const rows = [at("2026-11-23T10:00:00Z"), at("2016-12-31T23:59:60Z"), at("2026-11-23T10:30:00Z")];
    const groups = groupByEventHour(rows, (row) => row);
    expect(groups.map((g) => g.rows.length)).toEqual([2]);
    expect(groups.unconvertible).toEqual([rows[1]]);
  });
});
