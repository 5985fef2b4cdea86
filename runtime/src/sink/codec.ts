import { CONTRACT_FIELDS, LogEvent, validateEvent } from "../contract";
import { createEncoder, EncoderName, ParquetEncoder } from "./encoders";
import { encodeIsolatingBadRows } from "./isolate";
import { groupByEventHour } from "./keys";

/**
 * The sink's CPU work on message contents, as a pure function of bytes: a flush's messages
 * decoded, checked against the contract and encoded as Parquet. It runs in worker threads
 * (codec-pool.ts) so that both cores work while the main thread consumes from Kafka and
 * uploads; its input and output are flat buffers, which move between threads without copying.
 */

/** Message values side by side: value i is bytes[ends[i - 1] ?? 0, ends[i]). An absent value is empty. */
export interface PackedValues {
  readonly bytes: Uint8Array;
  readonly ends: Uint32Array;
}

export function packValues(values: readonly (Uint8Array | null)[]): PackedValues {
  let total = 0;
  for (const value of values) total += value?.length ?? 0;
  const bytes = new Uint8Array(total);
  const ends = new Uint32Array(values.length);
  let position = 0;
  values.forEach((value, i) => {
    if (value) {
      bytes.set(value, position);
      position += value.length;
    }
    ends[i] = position;
  });
  return { bytes, ends };
}

function valueAt(packed: PackedValues, index: number): Uint8Array {
  return packed.bytes.subarray(index === 0 ? 0 : packed.ends[index - 1], packed.ends[index]);
}

/** A row that cannot go to the lake, by its position in the request, and why. */
export interface RowRejection {
  readonly index: number;
  readonly reason: string;
}

/** Refuses bytes that are not UTF-8, rather than replacing them (the contract's well-formed Unicode). */
const UTF8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The event in a message, or why there is none. The event-time window is checked against
 * the record's timestamp, the time the simulator received the event: the same check the
 * simulator made, and the same answer on every replay.
 */
export function decodeEvent(value: Uint8Array, receivedAtMs: number): { event: LogEvent } | { reason: string } {
  if (value.length === 0) return { reason: "empty message" };
  let text: string;
  try {
    text = UTF8.decode(value);
  } catch {
    return { reason: "not valid UTF-8" };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { reason: `not valid JSON: ${(error as Error).message}` };
  }
  const result = validateEvent(parsed, receivedAtMs);
  if (!result.ok) return { reason: `violates the event contract: ${result.errors.map((e) => `${e.field} ${e.reason}`).join("; ")}` };
  return { event: result.event };
}

export interface EncodeRequest {
  /** A flush's messages, in offset order. */
  readonly values: PackedValues;
  /** Each message's record timestamp (ms): the time of receipt the event-time window is checked against. */
  readonly timestamps: Float64Array;
}

/** One Parquet object: the rows of one event hour, by their positions in the request. */
export interface EncodedHour {
  readonly dt: string;
  readonly hour: string;
  readonly body: Uint8Array;
  readonly rows: Uint32Array;
}

export interface EncodeReply {
  readonly files: EncodedHour[];
  /** The messages that go to the dead-letter topic instead; every other one is in a file. */
  readonly rejected: RowRejection[];
}

/**
 * One Parquet body per event hour of a flush, and the messages that cannot be written: those
 * that are no acceptable event, those whose event_time is no instant, and those the encoder
 * refuses. All are the content's doing, so the answer is the same on every attempt.
 */
export async function encodeMessages(encoder: ParquetEncoder, { values, timestamps }: EncodeRequest): Promise<EncodeReply> {
  const rows: { index: number; event: LogEvent }[] = [];
  const rejected: RowRejection[] = [];
  for (let index = 0; index < values.ends.length; index++) {
    const decoded = decodeEvent(valueAt(values, index), timestamps[index]);
    if ("event" in decoded) rows.push({ index, event: decoded.event });
    else rejected.push({ index, reason: decoded.reason });
  }
  const groups = groupByEventHour(rows, (row) => row.event);
  rejected.push(...groups.unconvertible.map((row) => ({ index: row.index, reason: `event_time ${row.event.event_time} is no instant that can be stored` })));
  const files: EncodedHour[] = [];
  for (const group of groups) {
    const result = await encodeIsolatingBadRows(group.rows, (part) => encoder.encode(part.map((row) => row.event)));
    rejected.push(...result.rejected.map(({ row, reason }) => ({ index: row.index, reason })));
    if (result.body) files.push({ dt: group.dt, hour: group.hour, body: result.body, rows: Uint32Array.from(result.written, (row) => row.index) });
  }
  rejected.sort((a, b) => a.index - b.index);
  return { files, rejected };
}

/** What a codec (in this thread or in workers) is built from. */
export interface CodecSettings {
  readonly encoder: EncoderName;
  readonly rowGroupRows?: number; // default 50_000
}

export function encoderFor(settings: CodecSettings): ParquetEncoder {
  return createEncoder(settings.encoder, { fields: CONTRACT_FIELDS, rowGroupRows: settings.rowGroupRows });
}
