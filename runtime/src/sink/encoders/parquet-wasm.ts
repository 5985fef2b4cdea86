import { Data, DataType, Field, Int32, Int64, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, TimestampMillisecond, Utf8 } from "apache-arrow";
import { Compression, Table as WasmTable, writeParquet, WriterPropertiesBuilder } from "parquet-wasm/node";
import { FieldKind } from "../../contract";
import type { EventColumns } from "../columns";
import type { EncoderOptions, ParquetEncoder } from "./index";

const ARROW_TYPES: Record<FieldKind, () => DataType> = {
  string: () => new Utf8(),
  int32: () => new Int32(),
  int64: () => new Int64(),
  timestamp_ms: () => new TimestampMillisecond("UTC"),
};

const TWO_TO_32 = 2 ** 32;

/** Arrow's validity bitmap (1 = present) from one byte per row, and the null count; no bitmap when nothing is null. */
function validity(present: Uint8Array): { nullBitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  const bitmap = new Uint8Array((present.length + 7) >> 3);
  for (let i = 0; i < present.length; i++) {
    if (present[i] === 0) nullCount++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  }
  return { nullBitmap: nullCount > 0 ? bitmap : undefined, nullCount };
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
 * One column straight into Arrow buffers: the columns already hold UTF-8 with Arrow's
 * offsets, and numbers, so nothing is inferred, boxed or encoded again.
 */
function column(columns: EventColumns, field: number, type: DataType): Data {
  const { nullBitmap, nullCount } = validity(columns.presence(field));
  const length = columns.length;
  switch (columns.fields[field].kind) {
    case "string": {
      const { offsets, bytes } = columns.textOf(field);
      return makeData({ type: type as Utf8, length, nullCount, nullBitmap, valueOffsets: offsets, data: bytes });
    }
    case "int32":
      return makeData({ type: type as Int32, length, nullCount, nullBitmap, data: Int32Array.from(columns.numbersOf(field)) });
    case "int64":
      return makeData({ type: type as Int64, length, nullCount, nullBitmap, data: int64Column(columns.numbersOf(field)) });
    case "timestamp_ms":
      return makeData({ type: type as TimestampMillisecond, length, nullCount, nullBitmap, data: int64Column(columns.numbersOf(field)) });
  }
}

/** parquet-rs compiled to WebAssembly, fed Arrow IPC built directly from the rows. */
export class ParquetWasmEncoder implements ParquetEncoder {
  readonly name = "parquet-wasm" as const;
  private readonly arrowFields: Field[];
  private readonly schema: Schema;
  private readonly rowGroupRows: number;
  private readonly withoutDictionary: readonly string[];

  constructor(options: EncoderOptions) {
    this.rowGroupRows = options.rowGroupRows ?? 50_000;
    this.withoutDictionary = options.withoutDictionary ?? [];
    this.arrowFields = options.fields.map((field) => new Field(field.name, ARROW_TYPES[field.kind](), field.nullable));
    this.schema = new Schema(this.arrowFields);
  }

  async encode(columns: EventColumns): Promise<Uint8Array> {
    const children = this.arrowFields.map((field, i) => column(columns, i, field.type));
    const batch = new RecordBatch(this.schema, makeData({ type: new Struct(this.arrowFields), length: columns.length, nullCount: 0, children }));
    const ipc = tableToIPC(new Table(this.schema, [batch]), "stream");
    const wasmTable = WasmTable.fromIPCStream(ipc);
    let builder = new WriterPropertiesBuilder()
      .setCompression(Compression.SNAPPY)
      .setMaxRowGroupSize(this.rowGroupRows)
      .setCreatedBy("logpipe sink (parquet-wasm)");
    for (const name of this.withoutDictionary) builder = builder.setColumnDictionaryEnabled(name, false);
    return writeParquet(wasmTable, builder.build());
  }
}
