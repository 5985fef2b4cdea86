/**
 * Record batches decoded for kafkajs without a BigInt per record.
 *
 * kafkajs 2.2.4 gives each record its offset and timestamp as decimal strings, made for every
 * record from the batch's first offset and first timestamp: parsed from a string into a BigInt,
 * the record's delta added, printed back to a string, twice per record; its timestamp delta is
 * read as a 64-bit varint through BigInt too. On the sink's consumer thread that took 1.1-1.5 s
 * per 1M simulator events (a scratch bench of kafkajs's decoder on 200,000 of them), against
 * 0.3-0.7 s with this one, and left that much more garbage to collect.
 *
 * This decoder makes the same objects (the same fields and strings, the same views of the
 * fetched bytes) with plain numbers, which are exact below 2^53. A record they cannot make
 * exactly (an offset or timestamp beyond 2^53, a timestamp delta longer than 7 varint bytes,
 * headers) is made by kafkajs's own record decoder; a batch that is compressed, transactional,
 * a control batch, or cut off at the end of the fetch, by kafkajs's own batch decoder. So every
 * fetch decodes exactly as kafkajs decodes it: test/runtime/kafka-record-batches.test.ts
 * compares the two on generated batches.
 *
 * kafkajs has no way to plug a decoder in: `useFastRecordBatches()` replaces the module that
 * decodes a record batch in the module cache, before kafkajs first loads it. kafkajs is pinned
 * to 2.2.4 (runtime/package.json), and no longer released.
 */

/** kafkajs's protocol Decoder: the parts of it used here. */
export interface KafkajsDecoder {
  buffer: Buffer;
  offset: number;
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readInt64(): bigint;
  readVarInt(): number;
  readVarIntBytes(): Buffer | null;
  slice(size: number): KafkajsDecoder;
  forward(size: number): void;
}

type DecoderClass = new (buffer: Buffer) => KafkajsDecoder;
type RecordContext = Record<string, unknown> & { firstOffset: string; firstTimestamp: string; maxTimestamp: string; timestampType: number; isControlBatch: boolean; magicByte: number };
type RecordDecoder = (decoder: KafkajsDecoder, context: RecordContext) => unknown;
export type BatchDecoder = (fetchDecoder: KafkajsDecoder) => Promise<Record<string, unknown> & { records: unknown[] }>;

/** Where kafkajs keeps what is replaced, relative to its package. */
const BATCH_DECODER = "kafkajs/src/protocol/recordBatch/v0/decoder.js";
const RECORD_DECODER = "kafkajs/src/protocol/recordBatch/record/v0/decoder.js";
const DECODER = "kafkajs/src/protocol/decoder.js";

// RecordBatch attributes (the Kafka protocol's record batch format, magic 2).
const COMPRESSION_MASK = 0x07;
const TIMESTAMP_TYPE_MASK = 0x08;
const TRANSACTIONAL_MASK = 0x10;
const CONTROL_MASK = 0x20;
const LOG_APPEND_TIME = 1;
const CREATE_TIME = 0;
/** Bytes from a batch's start (its first offset) to its attributes: firstOffset, length, leader epoch, magic, CRC. */
const ATTRIBUTES_AT = 8 + 4 + 4 + 1 + 4;
/** Bytes of a batch's first offset and length, which its length does not count. */
const BATCH_PREFIX = 8 + 4;

/** A decimal string's value as a number when the number is exactly it, else undefined. */
function exactNumber(decimal: string): number | undefined {
  const value = Number(decimal);
  return Number.isSafeInteger(value) && String(value) === decimal ? value : undefined;
}

/**
 * A zigzag varint of at most 7 bytes (49 bits: exact as a number) at `decoder`'s position,
 * or undefined, with the position unchanged, for a longer one.
 */
function readShortVarLong(decoder: KafkajsDecoder): number | undefined {
  const { buffer } = decoder;
  let at = decoder.offset;
  let unsigned = 0;
  let scale = 1;
  for (let i = 0; i < 7; i++) {
    const byte = buffer[at++];
    unsigned += (byte & 0x7f) * scale;
    if (byte < 0x80) {
      decoder.offset = at;
      return unsigned % 2 === 0 ? unsigned / 2 : -(unsigned + 1) / 2;
    }
    scale *= 128;
  }
  return undefined;
}

/** The batch decoder that replaces kafkajs's, given kafkajs's own decoders to fall back on. */
export function fastBatchDecoder(Decoder: DecoderClass, kafkajsBatch: BatchDecoder, kafkajsRecord: RecordDecoder): BatchDecoder {
  return async (fetchDecoder) => {
    const start = fetchDecoder.offset;
    const { buffer } = fetchDecoder;
    // Compressed, control or transactional batches, and a batch the fetch cut off: kafkajs's own
    // decoder (which throws KafkaJSPartialMessageError for the last, as the fetch expects).
    if (start + ATTRIBUTES_AT + 2 > buffer.length) return kafkajsBatch(fetchDecoder);
    const declared = buffer.readInt32BE(start + 8);
    const attributes = buffer.readInt16BE(start + ATTRIBUTES_AT);
    if (declared < 0 || start + BATCH_PREFIX + declared > buffer.length || (attributes & (COMPRESSION_MASK | CONTROL_MASK | TRANSACTIONAL_MASK)) !== 0) {
      return kafkajsBatch(fetchDecoder);
    }

    // The batch's header, read as kafkajs reads it.
    const firstOffset = fetchDecoder.readInt64().toString();
    const length = fetchDecoder.readInt32();
    const decoder = fetchDecoder.slice(length);
    fetchDecoder.forward(length);
    const partitionLeaderEpoch = decoder.readInt32();
    const magicByte = decoder.readInt8();
    decoder.readInt32(); // CRC, which kafkajs does not check either
    decoder.readInt16(); // attributes, read above
    const lastOffsetDelta = decoder.readInt32();
    const firstTimestamp = decoder.readInt64().toString();
    const maxTimestamp = decoder.readInt64().toString();
    const producerId = decoder.readInt64().toString();
    const producerEpoch = decoder.readInt16();
    const firstSequence = decoder.readInt32();
    const timestampType = (attributes & TIMESTAMP_TYPE_MASK) !== 0 ? LOG_APPEND_TIME : CREATE_TIME;
    const recordContext = {
      firstOffset,
      firstTimestamp,
      partitionLeaderEpoch,
      inTransaction: false,
      isControlBatch: false,
      lastOffsetDelta,
      producerId,
      producerEpoch,
      firstSequence,
      maxTimestamp,
      timestampType,
    };
    const batchContext: RecordContext = { ...recordContext, magicByte };

    const baseOffset = exactNumber(firstOffset);
    const appendTime = timestampType === LOG_APPEND_TIME && maxTimestamp ? maxTimestamp : undefined;
    const baseTimestamp = exactNumber(firstTimestamp);
    const count = decoder.readInt32();
    const records: unknown[] = new Array(Math.max(0, count));
    for (let i = 0; i < count; i++) {
      const size = decoder.readVarInt();
      const recordStart = decoder.offset;
      const recordEnd = recordStart + size;
      const record = baseOffset === undefined ? undefined : fastRecord(decoder, batchContext, baseOffset, appendTime, baseTimestamp);
      records[i] = record ?? kafkajsRecord(new Decoder(decoder.buffer.slice(recordStart, recordEnd)), batchContext);
      decoder.offset = recordEnd;
    }
    return { ...recordContext, records };
  };
}

/** One record, as kafkajs's record decoder makes it, or undefined when numbers cannot make it exactly. */
function fastRecord(decoder: KafkajsDecoder, batchContext: RecordContext, baseOffset: number, appendTime: string | undefined, baseTimestamp: number | undefined) {
  const attributes = decoder.readInt8();
  const timestampDelta = readShortVarLong(decoder);
  if (timestampDelta === undefined) return undefined;
  let timestamp = appendTime;
  if (timestamp === undefined) {
    if (baseTimestamp === undefined || !Number.isSafeInteger(baseTimestamp + timestampDelta)) return undefined;
    timestamp = String(baseTimestamp + timestampDelta);
  }
  const offset = baseOffset + decoder.readVarInt();
  if (!Number.isSafeInteger(offset)) return undefined;
  const key = decoder.readVarIntBytes();
  const value = decoder.readVarIntBytes();
  const headers = decoder.readVarInt();
  if (headers > 0) return undefined;
  return {
    magicByte: batchContext.magicByte,
    attributes,
    timestamp,
    offset: String(offset),
    key,
    value,
    headers: {},
    isControlRecord: false,
    batchContext,
  };
}

const FAST = Symbol.for("logpipe.fastRecordBatches");

/**
 * Which decoder kafkajs's fetches use in this process: "logpipe" once `useFastRecordBatches()`
 * has replaced kafkajs's, "kafkajs" when it could not (a fetch had already loaded kafkajs's own).
 */
export type RecordBatchDecoding = "logpipe" | "kafkajs";

/**
 * Makes kafkajs decode record batches with `fastBatchDecoder`. kafkajs loads its batch decoder
 * at its first fetch and keeps it, so this must run before any consumer in the process has
 * fetched: sink.ts calls it when it is loaded. Where that is too late it changes nothing and
 * says so ("kafkajs"): kafkajs then decodes as it always does.
 */
export function useFastRecordBatches(): RecordBatchDecoding {
  const batchPath = require.resolve(BATCH_DECODER);
  const loaded = require.cache[batchPath];
  if (loaded) return (loaded.exports as { [FAST]?: boolean })[FAST] ? "logpipe" : "kafkajs";
  const kafkajsBatch = require(BATCH_DECODER) as BatchDecoder;
  const module = require.cache[batchPath];
  if (!module) return "kafkajs";
  module.exports = Object.assign(fastBatchDecoder(require(DECODER) as DecoderClass, kafkajsBatch, require(RECORD_DECODER) as RecordDecoder), { [FAST]: true });
  return "logpipe";
}
