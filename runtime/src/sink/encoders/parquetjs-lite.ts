import { Writable } from "stream";
// parquetjs-lite ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parquet = require("parquetjs-lite") as {
  ParquetSchema: new (fields: Record<string, unknown>) => unknown;
  ParquetWriter: { openStream(schema: unknown, stream: Writable, options: Record<string, unknown>): Promise<{ appendRow(row: Record<string, unknown>): Promise<void>; close(): Promise<void> }> };
};
import { ContractField, FieldKind } from "../../contract";
import type { EventColumns } from "../columns";
import type { EncoderOptions, ParquetEncoder } from "./index";

const PARQUET_TYPES: Record<FieldKind, string> = {
  string: "UTF8",
  int32: "INT32",
  int64: "INT64",
  timestamp_ms: "TIMESTAMP_MILLIS",
};

/** The pure-JavaScript writer the design names. */
export class ParquetjsLiteEncoder implements ParquetEncoder {
  readonly name = "parquetjs-lite" as const;
  private readonly schema: unknown;
  private readonly fields: readonly ContractField[];
  private readonly rowGroupRows: number;

  constructor(options: EncoderOptions) {
    this.fields = options.fields;
    this.rowGroupRows = options.rowGroupRows ?? 50_000;
    this.schema = new parquet.ParquetSchema(
      Object.fromEntries(
        options.fields.map((field) => [field.name, { type: PARQUET_TYPES[field.kind], optional: field.nullable, compression: "SNAPPY" }]),
      ),
    );
  }

  async encode(columns: EventColumns): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
    });
    const writer = await parquet.ParquetWriter.openStream(this.schema, sink, { rowGroupSize: this.rowGroupRows, useDataPageV2: false });
    for (let index = 0; index < columns.length; index++) {
      const row: Record<string, unknown> = {};
      this.fields.forEach((field, f) => {
        const value = columns.valueAt(f, index);
        if (value === null) return;
        row[field.name] = field.kind === "timestamp_ms" ? new Date(value) : field.kind === "int64" ? BigInt(value) : value;
      });
      await writer.appendRow(row);
    }
    await writer.close();
    return Buffer.concat(chunks);
  }
}
