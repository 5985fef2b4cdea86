import { CONTRACT_FIELDS, LogEvent } from "../../runtime/src/contract";
import { PartitionBuffer, PER_MESSAGE_BYTES } from "../../runtime/src/sink/buffer";
import { packValues } from "../../runtime/src/sink/codec";
import { createEncoder, ENCODER_NAMES } from "../../runtime/src/sink/encoders";
import { encodeIsolatingBadRows } from "../../runtime/src/sink/isolate";
import { EventColumns } from "../../runtime/src/sink/columns";
import { EventHours, objectKey } from "../../runtime/src/sink/keys";
import { TrafficModel } from "../../runtime/src/simulator/generator";

const model = new TrafficModel({ users: 20 });
const at = (iso: string): LogEvent => ({ ...model.next(), event_time: iso });
const policy = { maxRows: 3, maxBytes: 100_000, maxAgeMs: 5000 };

describe("object keys", () => {
  test("are a pure function of the consumed range and the event hour", () => {
    const range = { topic: "logs", partition: 2, firstOffset: "100", lastOffset: "199" };
    expect(objectKey("raw", range, { dt: "2026-11-23", hour: "07" })).toBe("raw/logs/dt=2026-11-23/hour=07/logs-2-100-199.parquet");
    expect(objectKey("it-x/raw/", range, { dt: "2026-11-23", hour: "07" })).toBe("it-x/raw/logs/dt=2026-11-23/hour=07/logs-2-100-199.parquet");
  });

  test("group rows by UTC event hour, oldest hour first, keeping order within an hour", () => {
    const rows = [at("2026-11-23T10:59:59.999Z"), at("2026-11-23T12:00:00+01:00"), at("2026-11-23T09:30:00Z"), at("2026-11-23T11:00:00Z")];
    const hours = new EventHours<LogEvent[]>(() => []);
    for (const row of rows) hours.at(Date.parse(row.event_time))!.push(row);
    const groups = hours.sorted();
    expect(groups.map((g) => `${g.dt} ${g.hour} ${g.rows.length}`)).toEqual(["2026-11-23 09 1", "2026-11-23 10 1", "2026-11-23 11 2"]);
    expect(groups[2].rows).toEqual([rows[1], rows[3]]);
  });
});

describe("PartitionBuffer", () => {
  const message = (offset: number, value: string | null = JSON.stringify(model.next()), key: string | null = null) => ({
    offset: String(offset),
    timestamp: String(1_700_000_000_000 + offset),
    key: key === null ? null : Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
  });
  const add = (buffer: PartitionBuffer, ...offsets: number[]) => buffer.add(offsets.map((offset) => message(offset)));

  test("ignores offsets it already holds or that are committed (redelivery after a rebalance)", () => {
    const buffer = new PartitionBuffer(10n);
    expect(add(buffer, 9)).toBe(0);
    expect(add(buffer, 10, 11)).toBe(2);
    expect(add(buffer, 10)).toBe(0);
    // A batch that starts before the buffer's end and goes past it: only the new part is kept.
    expect(add(buffer, 11, 12, 13)).toBe(2);
    expect([buffer.rows, buffer.firstOffset, buffer.lastOffset]).toEqual([4, 10n, 13n]);
  });

  test("flushes on rows, on bytes and on age", () => {
    let now = 0;
    const byRows = new PartitionBuffer(0n, () => now);
    add(byRows, 0, 1);
    expect(byRows.flushReason(policy)).toBeUndefined();
    add(byRows, 2);
    expect(byRows.flushReason(policy)).toBe("rows");

    const byBytes = new PartitionBuffer(0n, () => now);
    byBytes.add([message(0, "x".repeat(40_000))]);
    expect(byBytes.flushReason(policy)).toBeUndefined();
    byBytes.add([message(1, "x".repeat(60_000))]);
    expect(byBytes.flushReason(policy)).toBe("bytes");

    const byAge = new PartitionBuffer(0n, () => now);
    add(byAge, 0);
    now = 4999;
    expect(byAge.flushReason(policy)).toBeUndefined();
    now = 5000;
    expect(byAge.flushReason(policy)).toBe("age");

    // What a flush leaves behind waits its own age, counted from the flush.
    add(byAge, 1, 2);
    now = 6000;
    byAge.dropThrough(0n);
    now = 10_999;
    expect(byAge.flushReason(policy)).toBeUndefined();
    now = 11_000;
    expect(byAge.flushReason(policy)).toBe("age");
  });

  describe("a backlog's tail", () => {
    // Rows are received (record timestamps) at 1_700_000_000_000 + offset ms.
    const received = 1_700_000_000_000;
    const roomy = { ...policy, maxRows: 100 };

    test("is flushed once the partition catches up, when its oldest row was received a flush age ago", () => {
      // GIVEN rows read while the partition was behind, the first of them flushed already
      let now = received + 60_000;
      const tail = new PartitionBuffer(0n, () => now);
      add(tail, 0, 1, 2);
      tail.noteCaughtUp(false);
      tail.dropThrough(0n);
      // WHEN more of the topic is still to be read THEN the rows wait, as any rows would
      expect(tail.flushReason(roomy)).toBeUndefined();
      // WHEN the partition has read all its topic holds THEN it flushes at once
      add(tail, 10);
      tail.noteCaughtUp(true);
      expect(tail.flushReason(roomy)).toBe("caught-up");
      // Timed by the oldest row still buffered (offset 1), not by the newest batch (offset 10).
      now = received + 1 + 4_999;
      expect(tail.flushReason(roomy)).toBeUndefined();
      now = received + 1 + 5_000;
      expect(tail.flushReason(roomy)).toBe("caught-up");
    });

    test("is flushed once caught up when the topic held it at assignment, though one batch read all of it", () => {
      // GIVEN a partition assigned when its log ended at offset 3
      const now = received + 60_000;
      const tail = new PartitionBuffer(0n, () => now);
      tail.noteAssigned(3n);
      // WHEN one batch reads the whole backlog and reaches the high watermark
      add(tail, 0, 1, 2);
      tail.noteCaughtUp(true);
      // THEN it flushes at once
      expect(tail.flushReason(roomy)).toBe("caught-up");
      // AND what arrived after the assignment, while the backlog's flush ran, is steady state
      // again once the backlog is flushed: it waits its own age, though its record timestamps are old
      add(tail, 3, 4);
      tail.noteCaughtUp(true);
      tail.dropThrough(2n);
      expect(tail.rows).toBe(2);
      expect(tail.flushReason(roomy)).toBeUndefined();
    });

    test("stops hastening flushes once the rows read behind are flushed, though new rows kept the buffer from emptying", () => {
      // GIVEN rows read while behind, and more read (caught up) while their flush ran
      const now = received + 60_000;
      const tail = new PartitionBuffer(0n, () => now);
      add(tail, 0, 1);
      tail.noteCaughtUp(false);
      add(tail, 2);
      tail.noteCaughtUp(true);
      expect(tail.flushReason(roomy)).toBe("caught-up");
      add(tail, 3);
      tail.noteCaughtUp(true);
      // WHEN the rows read behind are flushed (the buffer never emptied)
      tail.dropThrough(1n);
      // THEN the rest waits its age: record timestamps no longer count
      expect(tail.flushReason(roomy)).toBeUndefined();
    });

    test("is not a reason in steady state, however old the record timestamps (skewed clocks, kept CreateTime)", () => {
      const now = received + 3_600_000;
      const steady = new PartitionBuffer(0n, () => now);
      for (let offset = 0; offset < 3; offset++) {
        add(steady, offset);
        steady.noteCaughtUp(true);
        expect(steady.flushReason(roomy)).toBeUndefined();
      }
      // Nor once a backlog's rows are all flushed: what comes next is steady state again.
      steady.noteCaughtUp(false);
      steady.dropThrough(2n);
      add(steady, 3);
      steady.noteCaughtUp(true);
      expect(steady.flushReason(roomy)).toBeUndefined();
    });
  });

  test("flushes its share when the sink's buffer is half full, and whatever it has when it is full", () => {
    const buffer = new PartitionBuffer(0n);
    add(buffer, 0);
    const share = buffer.bytes + 1;
    expect(buffer.flushReason(policy, { full: false })).toBeUndefined();
    expect(buffer.flushReason(policy, { full: false, shareBytes: share })).toBeUndefined();
    expect(buffer.flushReason(policy, { full: false, shareBytes: share - 1 })).toBe("pressure");
    add(buffer, 1);
    expect(buffer.flushReason(policy, { full: false, shareBytes: share })).toBe("pressure");
    expect(buffer.flushReason(policy, { full: true })).toBe("full");
    // An interrupted flush's range is still rewritten whole, whatever the pressure.
    const replaying = new PartitionBuffer(0n);
    replaying.pendingLastOffset = 5n;
    add(replaying, 0, 1);
    expect(replaying.flushReason(policy, { full: true, shareBytes: 1 })).toBeUndefined();
  });

  test("counts what a message costs: its key, its value and a fixed share, until it is dropped", () => {
    const buffer = new PartitionBuffer(0n);
    expect(buffer.bytes).toBe(0);
    buffer.add([message(0, "abc", "k1"), message(1, null, null)]);
    const two = buffer.bytes;
    expect(two).toBeGreaterThanOrEqual(5 + 2 * PER_MESSAGE_BYTES);
    buffer.add([message(2, "defgh")]);
    expect(buffer.bytes - two).toBeGreaterThanOrEqual(5 + PER_MESSAGE_BYTES);
    buffer.dropThrough(2n);
    expect([buffer.rows, buffer.bytes]).toEqual([0, 0]);
  });

  test("takes at most maxRows per flush, across consumed batches, and drops only what was flushed", () => {
    const buffer = new PartitionBuffer(0n);
    add(buffer, 0, 1);
    add(buffer, 2, 3, 4);
    const bytesOfFive = buffer.bytes;
    const plan = buffer.nextFlush(3)!;
    expect([plan.firstOffset, plan.lastOffset, plan.rows]).toEqual([0n, 2n, 3]);
    buffer.dropThrough(plan.lastOffset);
    expect([buffer.rows, buffer.firstOffset]).toEqual([2, 3n]);
    expect(buffer.bytes).toBeLessThan(bytesOfFive);
    const rest = buffer.nextFlush(3)!;
    expect([rest.firstOffset, rest.lastOffset, rest.rows]).toEqual([3n, 4n, 2]);
  });

  test("after a crash, replays exactly the range an interrupted flush had recorded", () => {
    const buffer = new PartitionBuffer(100n);
    buffer.pendingLastOffset = 104n;
    add(buffer, 100, 101, 102);
    // Not before the whole recorded range is back, whatever the other thresholds say.
    expect(buffer.flushReason({ ...policy, maxRows: 1 })).toBeUndefined();
    add(buffer, 103, 104, 105, 106);
    expect(buffer.flushReason(policy)).toBe("pending");
    const plan = buffer.nextFlush(2)!;
    expect([plan.firstOffset, plan.lastOffset, plan.rows]).toEqual([100n, 104n, 5]);
    buffer.dropThrough(104n);
    expect(buffer.pendingLastOffset).toBeUndefined();
    expect(buffer.rows).toBe(2);
  });

  test("replays a recorded range up to its recorded end, even when its last messages are gone (compaction)", () => {
    const buffer = new PartitionBuffer(100n);
    buffer.pendingLastOffset = 104n;
    add(buffer, 100, 101, 102, 106);
    expect(buffer.flushReason(policy)).toBe("pending");
    const plan = buffer.nextFlush(10)!;
    // The keys of the objects name the recorded range, so the replay overwrites what the crash left.
    expect([plan.firstOffset, plan.lastOffset, plan.rows]).toEqual([100n, 104n, 3]);
  });

  test("forgets a recorded range it starts past (retention deleted it, or its flush already committed), and flushes as usual", () => {
    const buffer = new PartitionBuffer(100n);
    buffer.pendingLastOffset = 104n;
    add(buffer, 200, 201, 202);
    // Pending, it would ask for a flush that finds nothing to flush, again and again.
    expect(buffer.flushReason(policy)).toBe("rows");
    expect(buffer.pendingLastOffset).toBeUndefined();
    const plan = buffer.nextFlush(2)!;
    expect([plan.firstOffset, plan.lastOffset, plan.rows]).toEqual([200n, 201n, 2]);
  });

  test("reads a flush's messages back by index after earlier ones were dropped, within and across consumed batches", () => {
    const buffer = new PartitionBuffer(0n);
    add(buffer, 0, 1, 2);
    add(buffer, 3, 4);
    buffer.dropThrough(1n);
    const plan = buffer.nextFlush(10)!;
    expect([0, 1, 2].map((i) => plan.message(i).offset)).toEqual([2n, 3n, 4n]);
    expect(Array.from(plan.timestamps)).toEqual([2, 3, 4].map((o) => 1_700_000_000_000 + o));
  });

  test("keeps every message of the range as consumed, in offset order, whatever it holds", () => {
    const buffer = new PartitionBuffer(0n);
    const first = message(0);
    buffer.add([first]);
    buffer.add([message(1, "not json", "user-7"), message(2, null)]);
    // Offsets may have gaps (compaction, transaction markers).
    add(buffer, 5);
    const plan = buffer.nextFlush(10)!;
    expect([plan.firstOffset, plan.lastOffset, plan.rows]).toEqual([0n, 5n, 4]);
    expect([0, 1, 2, 3].map((i) => plan.message(i).offset)).toEqual([0n, 1n, 2n, 5n]);
    expect(plan.message(0).value).toEqual(first.value);
    expect([plan.message(1).key?.toString(), plan.message(1).value?.toString()]).toEqual(["user-7", "not json"]);
    expect([plan.message(2).key, plan.message(2).value]).toEqual([null, null]);
    // The codec's copy: values side by side (an absent one is empty), and the record timestamps.
    const { bytes, ends } = plan.values;
    expect(Buffer.from(bytes.subarray(ends[0], ends[1])).toString()).toBe("not json");
    expect(ends[2]).toBe(ends[1]);
    expect(Array.from(plan.timestamps)).toEqual([0, 1, 2, 5].map((o) => 1_700_000_000_000 + o));
    expect(() => plan.message(4)).toThrow(/message 4 is not in this flush of 4/);
  });

  test("hands the codec exactly the flush's values, from wherever in their batches they start and end", () => {
    // GIVEN batches with keys, a null value and values of different lengths, the first partly flushed already
    const buffer = new PartitionBuffer(0n);
    buffer.add([message(0, "a", "k0"), message(1, "bb", "k1"), message(2, null, "k2"), message(3, "dddd")]);
    buffer.add([message(4, "eeeee", "k4"), message(5, "ff"), message(6, "g", "k6")]);
    buffer.dropThrough(1n);
    // WHEN a flush of 4 rows is planned (it ends inside the second batch)
    const plan = buffer.nextFlush(4)!;
    // THEN its values are those of offsets 2 to 5, side by side
    expect([plan.firstOffset, plan.lastOffset]).toEqual([2n, 5n]);
    expect(plan.values).toEqual(packValues([0, 1, 2, 3].map((i) => plan.message(i).value)));
    expect(Buffer.from(plan.values.bytes).toString()).toBe("ddddeeeeeff");
  });

  test("advancing to an offset another member committed forgets what is below it", () => {
    const buffer = new PartitionBuffer(0n);
    add(buffer, 0, 1, 2, 3);
    buffer.advanceTo(2n);
    expect([buffer.firstOffset, buffer.rows]).toEqual([2n, 2]);
    expect(add(buffer, 1)).toBe(0);
    // Past everything it holds: what it holds, and what is redelivered below it, is committed.
    const behind = new PartitionBuffer(0n);
    add(behind, 0, 1);
    behind.advanceTo(10n);
    expect([behind.rows, behind.bytes]).toEqual([0, 0]);
    expect(add(behind, 5)).toBe(0);
    expect(add(behind, 10)).toBe(1);
  });
});

describe.each(ENCODER_NAMES)("the %s encoder", (name) => {
  test("writes Parquet that an independent reader reads back, value for value", async () => {
    // Jest transforms hyparquet (ES modules only) to CommonJS; see jest.config.js.
    const { parquetReadObjects, parquetMetadata } = require("hyparquet") as typeof import("hyparquet", { with: { "resolution-mode": "import" } });
    const rows = Array.from({ length: 3000 }, () => model.next());
    rows[1] = { ...rows[1], referrer: null, revenue_cents: null, search_query: "ünïcödé ✓" };
    const bytes = await createEncoder(name, { fields: CONTRACT_FIELDS, rowGroupRows: 1000 }).encode(EventColumns.of(rows));
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
  test("has no hour for a time that is no instant an object key can name, so that row alone is refused", () => {
    const hours = new EventHours(() => []);
    expect([hours.at(Date.parse("2016-12-31T23:59:60Z")), hours.at(8.64e15 + 1), hours.at(-8.64e15 - 1)]).toEqual([undefined, undefined, undefined]);
    expect(hours.at(8.64e15)).toEqual([]);
    expect(hours.sorted().map((g) => `${g.dt} ${g.hour}`)).toEqual(["+275760-09-13 00"]);
  });
});
