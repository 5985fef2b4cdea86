import { ContractField } from "../../contract";
import type { EventColumns } from "../columns";
import { ParquetjsLiteEncoder } from "./parquetjs-lite";
import { ParquetWasmEncoder } from "./parquet-wasm";

/**
 * Turns a batch of events, given column by column (EventColumns), into one Parquet file. Both
 * implementations write the contract's fields in schema order with the same logical types
 * (strings as UTF8, event_time as a UTC-adjusted millisecond timestamp), SNAPPY-compressed, in
 * row groups of at most rowGroupRows rows so memory stays bounded while encoding.
 */
export interface ParquetEncoder {
  readonly name: EncoderName;
  encode(columns: EventColumns): Promise<Uint8Array>;
}

export const ENCODER_NAMES = ["parquet-wasm", "parquetjs-lite"] as const;
export type EncoderName = (typeof ENCODER_NAMES)[number];
/** The default, chosen by `npm run bench` (see README): parquet-wasm is several times faster and writes smaller files. */
export const DEFAULT_ENCODER: EncoderName = "parquet-wasm";

export interface EncoderOptions {
  readonly fields: readonly ContractField[];
  readonly rowGroupRows?: number; // default 50_000
  /**
   * Columns whose values do not repeat (an event's own id): their dictionary would hold every
   * value once more, and each row an index into it. parquet-wasm writes every other column
   * with one; parquetjs-lite writes no dictionaries.
   */
  readonly withoutDictionary?: readonly string[];
}

export function createEncoder(name: EncoderName, options: EncoderOptions): ParquetEncoder {
  const unknown = (options.withoutDictionary ?? []).filter((column) => !options.fields.some((field) => field.name === column));
  if (unknown.length > 0) throw new Error(`withoutDictionary names no column of the schema: ${unknown.join(", ")}`);
  switch (name) {
    case "parquet-wasm":
      return new ParquetWasmEncoder(options);
    case "parquetjs-lite":
      return new ParquetjsLiteEncoder(options);
  }
}

export function isEncoderName(value: string): value is EncoderName {
  return (ENCODER_NAMES as readonly string[]).includes(value);
}
