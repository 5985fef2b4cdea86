import { Data, DataType, Field, Int32, Int64, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, TimestampMillisecond, Utf8 } from "apache-arrow";
import { Compression, Table as WasmTable, writeParquet, WriterPropertiesBuilder } from "parquet-wasm/node";
import { ContractField, FieldKind, LogEvent } from "../../contract";
import type { EncoderOptions, ParquetEncoder } from "./index";

const ARROW_TYPES: Record<FieldKind, () => DataType> = {
  string: () => new Utf8(),
  int32: () => new Int32(),
  int64: () => new Int64(),
  timestamp_ms: () => new TimestampMillisecond("UTC"),
};

const encoder = new TextEncoder();
const TWO_TO_32 = 2 ** 32;

/** Validity bitmap (1 = present) and null count of one column. */
function validity(values: readonly unknown[]): { nullBitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) nullCount++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  return { nullBitmap: nullCount > 0 ? bitmap : undefined, nullCount };
}

/**
 * A field's values, read by a function compiled for that field: a named property read stays
 * fast where `row[name]` with a name that varies is a slow lookup on every row.
 */
function fieldReader(name: string): (rows: readonly LogEvent[]) => unknown[] {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`field name ${JSON.stringify(name)} is not an identifier`);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function("rows", `const values = new Array(rows.length); for (let i = 0; i < rows.length; i++) values[i] = rows[i].${name}; return values;`) as (rows: readonly LogEvent[]) => unknown[];
}

/**
 * UTF-8 bytes and Arrow offsets of a string column. The values are encoded together, in one
 * call, when they are ASCII (one byte per character, so the offsets are the lengths), which
 * text events nearly always are; otherwise one by one.
 */
function utf8Column(values: readonly unknown[]): { valueOffsets: Int32Array; data: Uint8Array } {
  const length = values.length;
  const valueOffsets = new Int32Array(length + 1);
  const texts = new Array<string>(length);
  let units = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    const text = typeof value === "string" ? value : "";
    texts[i] = text;
    units += text.length;
    valueOffsets[i + 1] = units;
  }
  // Each UTF-16 unit takes at least one byte of UTF-8, and only an ASCII one takes exactly one.
  const joined = Buffer.from(texts.join(""), "utf8");
  if (joined.length === units) return { valueOffsets, data: new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength) };
  // Sized for the worst case: strings are encoded one by one, so none borrows a surrogate from the next.
  let data = new Uint8Array(units * 3);
  let position = 0;
  for (let i = 0; i < length; i++) {
    position += encoder.encodeInto(texts[i], data.subarray(position)).written;
    valueOffsets[i + 1] = position;
  }
  data = data.subarray(0, position);
  return { valueOffsets, data };
}

/** Whole numbers (within ±2^53) as Arrow int64: each written as its two 32-bit halves, no BigInt per value. */
function int64Column(numbers: Float64Array): BigInt64Array {
  const words = new Int32Array(numbers.length * 2);
  for (let i = 0; i < numbers.length; i++) {
    const value = numbers[i];
    const high = Math.floor(value / TWO_TO_32);
    words[2 * i] = value - high * TWO_TO_32; // the low half, as unsigned bits
    words[2 * i + 1] = high;
  }
  return new BigInt64Array(words.buffer);
}

/**
 * One column straight into Arrow buffers. apache-arrow's generic vectorFromArray spends
 * most of parquet-wasm's encoding time inferring and boxing; the contract already says
 * every type, so this builds offsets and values directly.
 */
function column(field: ContractField, type: DataType, values: readonly unknown[]): Data {
  const { nullBitmap, nullCount } = validity(values);
  const length = values.length;
  switch (field.kind) {
    case "string":
      return makeData({ type: type as Utf8, length, nullCount, nullBitmap, ...utf8Column(values) });
    case "int32":
      return makeData({ type: type as Int32, length, nullCount, nullBitmap, data: Int32Array.from(values, (v) => (typeof v === "number" ? v : 0)) });
    case "int64":
      return makeData({ type: type as Int64, length, nullCount, nullBitmap, data: int64Column(Float64Array.from(values, (v) => (typeof v === "number" ? v : 0))) });
    case "timestamp_ms":
      return makeData({
        type: type as TimestampMillisecond,
        length,
        nullCount,
        nullBitmap,
        data: int64Column(Float64Array.from(values, (v) => (typeof v === "string" ? Date.parse(v) : 0))),
      });
  }
}

/** parquet-rs compiled to WebAssembly, fed Arrow IPC built directly from the rows. */
export class ParquetWasmEncoder implements ParquetEncoder {
  readonly name = "parquet-wasm" as const;
  private readonly fields: readonly ContractField[];
  private readonly arrowFields: Field[];
  private readonly readers: ((rows: readonly LogEvent[]) => unknown[])[];
  private readonly schema: Schema;
  private readonly rowGroupRows: number;

  constructor(options: EncoderOptions) {
    this.fields = options.fields;
    this.rowGroupRows = options.rowGroupRows ?? 50_000;
    this.arrowFields = options.fields.map((field) => new Field(field.name, ARROW_TYPES[field.kind](), field.nullable));
    this.schema = new Schema(this.arrowFields);
    this.readers = options.fields.map((field) => fieldReader(field.name));
  }

  async encode(rows: readonly LogEvent[]): Promise<Uint8Array> {
    const children = this.fields.map((field, i) => column(field, this.arrowFields[i].type, this.readers[i](rows)));
    const batch = new RecordBatch(this.schema, makeData({ type: new Struct(this.arrowFields), length: rows.length, nullCount: 0, children }));
    const ipc = tableToIPC(new Table(this.schema, [batch]), "stream");
    const wasmTable = WasmTable.fromIPCStream(ipc);
    const properties = new WriterPropertiesBuilder()
      .setCompression(Compression.SNAPPY)
      .setMaxRowGroupSize(this.rowGroupRows)
      .setCreatedBy("logpipe sink (parquet-wasm)")
      .build();
    return writeParquet(wasmTable, properties);
  }
}
