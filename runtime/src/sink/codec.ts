import { CONTRACT_FIELDS, LogEvent, validateEvent } from "../contract";
import { EVENT_TIME_FIELD, scanEvent, ScannedEvent } from "../contract/scan";
import { EventColumns } from "./columns";
import { createEncoder, EncoderName, ParquetEncoder } from "./encoders";
import { encodeIsolatingBadRows } from "./isolate";
import { EventHours } from "./keys";

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
 *
 * Each message is first read by the contract's byte scanner (contract/scan.ts), which copies
 * an acceptable event's values straight into its hour's columns; only a message it is not sure
 * of is decoded as JSON and validated, which accepts it or words the reason it is refused.
 */
export async function encodeMessages(encoder: ParquetEncoder, { values, timestamps }: EncodeRequest): Promise<EncodeReply> {
  const { bytes, ends } = values;
  // Each hour's columns start small and double as they fill: a flush may hold events of every
  // hour of the event-time window (a week of them), and sizing each for the whole flush took
  // 896 MB for 16,384 messages over 168 hours.
  const hours = new EventHours(() => new EventColumns(1024));
  const rejected: RowRejection[] = [];
  const scanned = new ScannedEvent();
  for (let index = 0; index < ends.length; index++) {
    const start = index === 0 ? 0 : ends[index - 1];
    if (scanEvent(bytes, start, ends[index], timestamps[index], scanned)) {
      // The scanner only accepts an event_time inside the ingest window: always an hour.
      hours.at(scanned.numbers[EVENT_TIME_FIELD])!.appendScanned(bytes, scanned, index);
      continue;
    }
    const decoded = decodeEvent(bytes.subarray(start, ends[index]), timestamps[index]);
    if (!("event" in decoded)) {
      rejected.push({ index, reason: decoded.reason });
      continue;
    }
    const columns = hours.at(Date.parse(decoded.event.event_time));
    if (columns) columns.appendEvent(decoded.event, index);
    else rejected.push({ index, reason: `event_time ${decoded.event.event_time} is no instant that can be stored` });
  }
  const files: EncodedHour[] = [];
  for (const { dt, hour, rows: columns } of hours.sorted()) {
    const rows = Array.from({ length: columns.length }, (_, row) => row);
    const result = await encodeIsolatingBadRows(rows, (part) => encoder.encode(part.length === columns.length ? columns : columns.select(part)));
    rejected.push(...result.rejected.map(({ row, reason }) => ({ index: columns.positions[row], reason })));
    if (result.body) files.push({ dt, hour, body: result.body, rows: Uint32Array.from(result.written, (row) => columns.positions[row]) });
  }
  rejected.sort((a, b) => a.index - b.index);
  return { files, rejected };
}

/** What a codec (in this thread or in workers) is built from. */
export interface CodecSettings {
  readonly encoder: EncoderName;
  readonly rowGroupRows?: number; // default 50_000
}

/**
 * The event's id: unique per event, so its column has no dictionary, which would hold every id
 * once more besides an index per row: in 14,000-row files, 58.9 bytes per row with it, 57.1
 * without, and no slower to encode.
 */
const EVENT_ID_FIELD = "event_id";

export function encoderFor(settings: CodecSettings): ParquetEncoder {
  return createEncoder(settings.encoder, { fields: CONTRACT_FIELDS, rowGroupRows: settings.rowGroupRows, withoutDictionary: [EVENT_ID_FIELD] });
}
