import * as fs from "fs";
import * as path from "path";
import { CONTRACT_FIELDS, EVENT_SCHEMA, EVENT_TIME_WINDOW, validateEvent } from "../../runtime/src/contract";
import { TrafficModel } from "../../runtime/src/simulator/generator";
import { backoffDelayMs, retry } from "../../runtime/src/common/retry";

describe("the event contract", () => {
  test("maps every schema property to a storage kind, in schema order", () => {
    expect(CONTRACT_FIELDS.map((f) => f.name)).toEqual(Object.keys(EVENT_SCHEMA.properties));
    const kinds = Object.fromEntries(CONTRACT_FIELDS.map((f) => [f.name, `${f.kind}${f.nullable ? "?" : ""}`]));
    expect(kinds).toMatchObject({
      event_id: "string", event_time: "timestamp_ms", status: "int32", latency_ms: "int32",
      referrer: "string?", search_query: "string?", revenue_cents: "int32?", schema_version: "int32",
    });
  });

  test("the schema file is the one the runtime image ships (no second copy)", () => {
    const copies = [] as string[];
    const walk = (dir: string) => fs.readdirSync(dir, { withFileTypes: true }).forEach((e) => {
      if (e.name === "node_modules" || e.name.startsWith(".")) return;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name === "event.schema.json") copies.push(path.relative(path.resolve(__dirname, "../.."), full));
    });
    walk(path.resolve(__dirname, "../.."));
    // Build outputs (synth, and the runtime compiled by `npm run build --prefix runtime`) copy the one source.
    expect(copies.filter((c) => !c.startsWith("cdktf.out") && !c.startsWith(path.join("runtime", "dist")))).toEqual(["runtime/src/contract/event.schema.json"]);
  });

  test("accepts what the generator makes, thousands of times over", () => {
    const model = new TrafficModel({ users: 100, errorBurstChance: 0.01 });
    for (let i = 0; i < 5000; i++) {
      const result = validateEvent(model.next());
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
    }
  });

  test("reports every failing field with a reason", () => {
    const event = new TrafficModel().next();
    const result = validateEvent({ ...event, status: 42, country: "usa", extra: 1, event_id: undefined });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual(expect.arrayContaining([
      { field: "status", reason: "must be >= 100" },
      { field: "country", reason: 'must match pattern "^[A-Z]{2}$"' },
      { field: "extra", reason: "is not a field of the event contract" },
      { field: "event_id", reason: "is required" },
    ]));
  });
});

describe("Unicode text", () => {
  const event = new TrafficModel().next();

  test("refuses a string with half a surrogate pair, which no UTF-8 store can keep", () => {
    const result = validateEvent({ ...event, user_agent: "a\ud800b", path: "/\udc00" });
    expect(result.ok ? [] : result.errors.filter((e) => e.field === "user_agent" || e.field === "path")).toEqual([
      { field: "path", reason: "must be Unicode text, but holds an unpaired surrogate (\\ud800-\\udfff), which no UTF-8 store can keep" },
      { field: "user_agent", reason: "must be Unicode text, but holds an unpaired surrogate (\\ud800-\\udfff), which no UTF-8 store can keep" },
    ]);
  });

  test("accepts every other character, emoji included", () => {
    expect(validateEvent({ ...event, user_agent: "a😀b\u0000\uffff" }).ok).toBe(true);
  });
});

describe("the event-time window", () => {
  const received = Date.parse("2026-11-29T12:00:00Z");
  const event = { ...new TrafficModel().next() };
  const problem = (eventTime: string) => {
    const result = validateEvent({ ...event, event_time: eventTime }, received);
    return result.ok ? undefined : result.errors.find((e) => e.field === "event_time")?.reason;
  };

  test.each([
    ["exactly 7 days before the receipt", "2026-11-22T12:00:00Z"],
    ["exactly 15 minutes after it", "2026-11-29T12:15:00Z"],
    ["in another zone, with microseconds", "2026-11-29T17:29:59.999999+05:30"],
  ])("accepts a time %s", (_label, eventTime) => {
    expect(problem(eventTime)).toBeUndefined();
  });

  test.each([
    ["a leap second", "2016-12-31T23:59:60Z"],
    ["year 0000", "0000-01-01T00:00:00Z"],
    ["a millisecond too old", "2026-11-22T11:59:59.999Z"],
    ["a millisecond too far ahead", "2026-11-29T12:15:00.001Z"],
    ["a day ahead", "2026-11-30T12:00:00Z"],
  ])("refuses %s, naming the window", (_label, eventTime) => {
    expect(problem(eventTime)).toBe(
      `must be a real instant between 7 days before and 15 minutes after the time the pipeline received the event (2026-11-22T12:00:00.000Z to 2026-11-29T12:15:00.000Z)${eventTime.includes(":60") ? "; a leap second (23:59:60) is not one" : ""}, but was ${eventTime}`,
    );
  });

  test("is the one in the contract, read by every component", () => {
    expect(EVENT_SCHEMA.properties.event_time["x-logpipe-ingest-window"]).toEqual(EVENT_TIME_WINDOW);
    expect(EVENT_TIME_WINDOW).toEqual({ maxAgeSeconds: 7 * 86400, maxAheadSeconds: 15 * 60 });
  });
});

describe("the traffic model", () => {
  test("is deterministic for a seeded random source and id generator", () => {
    const seeded = () => {
      let state = 42;
      let ids = 0;
      return new TrafficModel({
        users: 10,
        random: () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31),
        now: () => Date.parse("2026-01-01T00:00:00Z"),
        newId: () => `00000000-0000-4000-8000-${String(ids++).padStart(12, "0")}`,
      });
    };
    const a = seeded();
    const b = seeded();
    expect(Array.from({ length: 50 }, () => a.next())).toEqual(Array.from({ length: 50 }, () => b.next()));
  });

  test("makes sessions with page flows, errors and purchases", () => {
    const model = new TrafficModel({ users: 50, errorBurstChance: 0.01 });
    const events = Array.from({ length: 20_000 }, () => model.next());
    const types = new Set(events.map((e) => e.event_type));
    for (const type of ["page_view", "click", "search", "add_to_cart", "purchase", "login", "logout", "error"]) expect(types).toContain(type);
    expect(events.filter((e) => e.status >= 500).length / events.length).toBeGreaterThan(0.005);
    expect(events.filter((e) => e.status >= 500).length / events.length).toBeLessThan(0.2);
    const sessions = new Set(events.map((e) => e.session_id));
    expect(sessions.size).toBeLessThan(events.length / 3);
  });
});

describe("retry", () => {
  test("backs off exponentially with full jitter, capped", () => {
    expect(backoffDelayMs(0, 200, 10_000, () => 1)).toBe(200);
    expect(backoffDelayMs(3, 200, 10_000, () => 1)).toBe(1600);
    expect(backoffDelayMs(20, 200, 10_000, () => 1)).toBe(10_000);
    expect(backoffDelayMs(5, 200, 10_000, () => 0)).toBe(0);
  });

  test("retries failures until success, but never a programming error", async () => {
    let calls = 0;
    await expect(retry(async () => { if (++calls < 3) throw new Error("flaky"); return "ok"; }, { operation: "t", initialDelayMs: 1 })).resolves.toBe("ok");
    expect(calls).toBe(3);
    calls = 0;
    await expect(retry(async () => { calls++; throw new TypeError("bug"); }, { operation: "t", initialDelayMs: 1 })).rejects.toThrow("bug");
    expect(calls).toBe(1);
  });

  test("stops when aborted", async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 20);
    await expect(retry(async () => { throw new Error("down"); }, { operation: "upload", initialDelayMs: 5, signal: abort.signal })).rejects.toThrow(/upload was aborted/);
  });
});
