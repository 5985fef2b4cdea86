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

/** Validity bitmap (1 = present) and null count of one column. */
function validity(values: readonly unknown[]): { nullBitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  const bitmap = new Uint8Array((values.length + 7) >> 3);
  values.forEach((value, i) => {
    if (value === null || value === undefined) nullCount++;
    else bitmap[i >> 3] |= 1 << (i & 7);
  });
  return { nullBitmap: nullCount > 0 ? bitmap : undefined, nullCount };
}

/**
 * One column straight into Arrow buffers. apache-arrow's generic vectorFromArray spends
 * most of parquet-wasm's encoding time inferring and boxing; the contract already says
 * every type, so this builds offsets and values directly.
 */
function column(field: ContractField, type: DataType, rows: readonly LogEvent[]): Data {
  const values = rows.map((row) => (row as unknown as Record<string, unknown>)[field.name]);
  const { nullBitmap, nullCount } = validity(values);
  const length = values.length;
  switch (field.kind) {
    case "string": {
      const valueOffsets = new Int32Array(length + 1);
      // Sized for ASCII (one byte per UTF-16 unit) plus one worst-case value; grown when text is not.
      let units = 0;
      let longest = 0;
      for (const value of values) {
        if (typeof value !== "string") continue;
        units += value.length;
        if (value.length > longest) longest = value.length;
      }
      let capacity = units + 3 * longest + 16;
      let bytes = new Uint8Array(capacity);
      let position = 0;
      for (let i = 0; i < length; i++) {
        const value = values[i];
        if (typeof value === "string") {
          // UTF-8 needs at most 3 bytes per UTF-16 unit.
          const needed = position + value.length * 3;
          if (needed > capacity) {
            capacity = Math.max(needed, capacity * 2);
            const grown = new Uint8Array(capacity);
            grown.set(bytes.subarray(0, position));
            bytes = grown;
          }
          position += encoder.encodeInto(value, bytes.subarray(position)).written;
        }
        valueOffsets[i + 1] = position;
      }
      return makeData({ type: type as Utf8, length, nullCount, nullBitmap, valueOffsets, data: bytes.subarray(0, position) });
    }
    case "int32":
      return makeData({ type: type as Int32, length, nullCount, nullBitmap, data: Int32Array.from(values, (v) => (typeof v === "number" ? v : 0)) });
    case "int64":
      return makeData({ type: type as Int64, length, nullCount, nullBitmap, data: BigInt64Array.from(values, (v) => BigInt(typeof v === "number" ? v : 0)) });
    case "timestamp_ms":
      return makeData({
        type: type as TimestampMillisecond,
        length,
        nullCount,
        nullBitmap,
        data: BigInt64Array.from(values, (v) => BigInt(typeof v === "string" ? Date.parse(v) : 0)),
      });
  }
}

/** parquet-rs compiled to WebAssembly, fed Arrow IPC built directly from the rows. */
export class ParquetWasmEncoder implements ParquetEncoder {
  readonly name = "parquet-wasm" as const;
  private readonly fields: readonly ContractField[];
  private readonly arrowFields: Field[];
  private readonly schema: Schema;
  private readonly rowGroupRows: number;

  constructor(options: EncoderOptions) {
    this.fields = options.fields;
    this.rowGroupRows = options.rowGroupRows ?? 50_000;
    this.arrowFields = options.fields.map((field) => new Field(field.name, ARROW_TYPES[field.kind](), field.nullable));
    this.schema = new Schema(this.arrowFields);
  }

  async encode(rows: readonly LogEvent[]): Promise<Uint8Array> {
    const children = this.fields.map((field, i) => column(field, this.arrowFields[i].type, rows));
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
