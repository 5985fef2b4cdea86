import { CONTRACT_FIELDS, ContractField, LogEvent } from "../contract";
import type { ScannedEvent } from "../contract/scan";

const FIELD_COUNT = CONTRACT_FIELDS.length;
const IS_TEXT = CONTRACT_FIELDS.map((field) => field.kind === "string");
const UTF8_ENCODER = new TextEncoder();
/** A leading U+FEFF is a character of the value (JSON.parse keeps it), which TextDecoder would drop as a byte order mark. */
const UTF8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** One string column as Arrow lays it out: value i is bytes[offsets[i], offsets[i + 1]), as UTF-8. */
export interface TextColumn {
  readonly offsets: Int32Array;
  readonly bytes: Uint8Array;
}

/**
 * Events, column by column, in the contract's field order: what an encoder writes. Strings
 * are kept as the UTF-8 bytes they arrived as (copied out of the message, never turned into
 * JavaScript strings on the fast path), numbers and instants (ms) as doubles, and each row
 * remembers its position in the flush it came from (`positions`).
 */
export class EventColumns {
  readonly fields: readonly ContractField[] = CONTRACT_FIELDS;
  private rows = 0;
  private capacity: number;
  private positionList: Uint32Array;
  /** Per field and row: 1 when the value is present, 0 when it is null or absent. */
  private readonly present: Uint8Array[] = [];
  /** Per number or instant field: the values (0 where absent). */
  private readonly numbers: Float64Array[] = [];
  /** Per string field: offsets[row + 1] is where the row's value ends in text. */
  private readonly offsets: Int32Array[] = [];
  private readonly text: Uint8Array[] = [];

  constructor(expectedRows = 1024) {
    this.capacity = Math.max(16, expectedRows);
    this.positionList = new Uint32Array(this.capacity);
    for (let field = 0; field < FIELD_COUNT; field++) {
      this.present.push(new Uint8Array(this.capacity));
      this.numbers.push(IS_TEXT[field] ? new Float64Array(0) : new Float64Array(this.capacity));
      this.offsets.push(IS_TEXT[field] ? new Int32Array(this.capacity + 1) : new Int32Array(0));
      this.text.push(new Uint8Array(IS_TEXT[field] ? this.capacity * 16 : 0));
    }
  }

  /** Columns of whole events (tests, benchmarks, and the encoders' own checks); positions are the events' indexes. */
  static of(events: readonly LogEvent[]): EventColumns {
    const columns = new EventColumns(events.length);
    events.forEach((event, index) => columns.appendEvent(event, index));
    return columns;
  }

  get length(): number {
    return this.rows;
  }

  /** Each row's position in the flush (or list) it came from. */
  get positions(): Uint32Array {
    return this.positionList.subarray(0, this.rows);
  }

  /** 1 where the field has a value, 0 where it is null or absent. */
  presence(field: number): Uint8Array {
    return this.present[field].subarray(0, this.rows);
  }

  /** An integer or instant (ms) field's values; 0 where absent. */
  numbersOf(field: number): Float64Array {
    if (IS_TEXT[field]) throw new TypeError(`${CONTRACT_FIELDS[field].name} is a string field`);
    return this.numbers[field].subarray(0, this.rows);
  }

  textOf(field: number): TextColumn {
    if (!IS_TEXT[field]) throw new TypeError(`${CONTRACT_FIELDS[field].name} is not a string field`);
    const offsets = this.offsets[field].subarray(0, this.rows + 1);
    return { offsets, bytes: this.text[field].subarray(0, offsets[this.rows]) };
  }

  /** One value as JavaScript (null where absent): for encoders that take rows. */
  valueAt(field: number, row: number): string | number | null {
    if (this.present[field][row] === 0) return null;
    if (!IS_TEXT[field]) return this.numbers[field][row];
    const offsets = this.offsets[field];
    return UTF8.decode(this.text[field].subarray(offsets[row], offsets[row + 1]));
  }

  /** The event the byte scanner read from `bytes` (the fast path: bytes are copied, nothing is decoded). */
  appendScanned(bytes: Uint8Array, event: ScannedEvent, position: number): void {
    const row = this.nextRow(position);
    const { state, starts, ends, numbers } = event;
    for (let field = 0; field < FIELD_COUNT; field++) {
      const present = state[field] === 2;
      this.present[field][row] = present ? 1 : 0;
      if (!IS_TEXT[field]) {
        this.numbers[field][row] = present ? numbers[field] : 0;
        continue;
      }
      const offsets = this.offsets[field];
      let end = offsets[row];
      if (present) {
        const start = starts[field];
        const length = ends[field] - start;
        const text = this.roomFor(field, end, length);
        if (length <= 32) for (let i = 0; i < length; i++) text[end + i] = bytes[start + i];
        else text.set(bytes.subarray(start, start + length), end);
        end += length;
      }
      offsets[row + 1] = end;
    }
  }

  /** An event the slow path decoded (JSON.parse and the contract's validation). */
  appendEvent(event: LogEvent, position: number): void {
    const row = this.nextRow(position);
    for (let field = 0; field < FIELD_COUNT; field++) {
      const spec = CONTRACT_FIELDS[field];
      const value = (event as unknown as Record<string, unknown>)[spec.name];
      const present = value !== null && value !== undefined;
      this.present[field][row] = present ? 1 : 0;
      if (!IS_TEXT[field]) {
        this.numbers[field][row] = !present ? 0 : spec.kind === "timestamp_ms" ? Date.parse(value as string) : (value as number);
        continue;
      }
      const offsets = this.offsets[field];
      let end = offsets[row];
      if (present) {
        const string = value as string;
        end += UTF8_ENCODER.encodeInto(string, this.roomFor(field, end, string.length * 3).subarray(end)).written;
      }
      offsets[row + 1] = end;
    }
  }

  /** The given rows (by their place in these columns), in that order, as columns of their own. */
  select(rows: readonly number[]): EventColumns {
    const selected = new EventColumns(rows.length);
    for (const row of rows) {
      const to = selected.nextRow(this.positionList[row]);
      for (let field = 0; field < FIELD_COUNT; field++) {
        selected.present[field][to] = this.present[field][row];
        if (!IS_TEXT[field]) {
          selected.numbers[field][to] = this.numbers[field][row];
          continue;
        }
        const [from, until] = [this.offsets[field][row], this.offsets[field][row + 1]];
        const end = selected.offsets[field][to];
        selected.roomFor(field, end, until - from).set(this.text[field].subarray(from, until), end);
        selected.offsets[field][to + 1] = end + until - from;
      }
    }
    return selected;
  }

  private nextRow(position: number): number {
    if (this.rows === this.capacity) this.grow();
    this.positionList[this.rows] = position;
    return this.rows++;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const widen = <T extends Uint8Array | Uint32Array | Float64Array | Int32Array>(array: T, length: number): T => {
      const wider = new (array.constructor as new (length: number) => T)(length);
      wider.set(array);
      return wider;
    };
    this.positionList = widen(this.positionList, capacity);
    for (let field = 0; field < FIELD_COUNT; field++) {
      this.present[field] = widen(this.present[field], capacity);
      if (IS_TEXT[field]) this.offsets[field] = widen(this.offsets[field], capacity + 1);
      else this.numbers[field] = widen(this.numbers[field], capacity);
    }
    this.capacity = capacity;
  }

  /** The field's text buffer, with room for `length` more bytes after `used`. */
  private roomFor(field: number, used: number, length: number): Uint8Array {
    let text = this.text[field];
    if (used + length > text.length) {
      const wider = new Uint8Array(Math.max(text.length * 2, used + length));
      wider.set(text.subarray(0, used));
      this.text[field] = text = wider;
    }
    return text;
  }
}
