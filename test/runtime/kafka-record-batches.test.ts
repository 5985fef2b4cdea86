import * as fc from "fast-check";
import { createRequire } from "node:module";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { BatchDecoder, fastBatchDecoder } from "../../runtime/src/sink/kafka-record-batches";

// kafkajs as the sink loads it (the runtime's own packages): its encoders make the batches, and
// its decoders are what the sink's decoder must agree with on every input.
const runtime = createRequire(path.join(__dirname, "../../runtime/package.json"));
const Decoder = runtime("kafkajs/src/protocol/decoder.js");
const kafkajsBatch = runtime("kafkajs/src/protocol/recordBatch/v0/decoder.js");
const kafkajsRecord = runtime("kafkajs/src/protocol/recordBatch/record/v0/decoder.js");
const { RecordBatch } = runtime("kafkajs/src/protocol/recordBatch/v0/index.js");
const Record = runtime("kafkajs/src/protocol/recordBatch/record/v0/index.js");
const { Types: Compression } = runtime("kafkajs/src/protocol/message/compression/index.js");
const fast = fastBatchDecoder(Decoder, kafkajsBatch, kafkajsRecord);

const INT64_MAX = 2n ** 63n - 1n;
/** Offsets and timestamps around where numbers stop being exact (2^53), and beyond. */
const int64 = fc.oneof(
  fc.bigInt({ min: 0n, max: 10_000_000n }),
  fc.bigInt({ min: 2n ** 53n - 1_000n, max: 2n ** 53n + 1_000n }),
  fc.bigInt({ min: -(2n ** 53n) - 1_000n, max: -(2n ** 53n) + 1_000n }),
  fc.bigInt({ min: 1_700_000_000_000n, max: 1_800_000_000_000n }),
  fc.constant(-1n),
  fc.bigInt({ min: -INT64_MAX - 1n, max: INT64_MAX }),
);
const bytes = fc.option(fc.uint8Array({ maxLength: 40 }).map((array) => Buffer.from(array)), { nil: null });
const header = fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.oneof(
  fc.uint8Array({ maxLength: 8 }).map((array) => Buffer.from(array)),
  fc.array(fc.uint8Array({ maxLength: 8 }).map((array) => Buffer.from(array)), { minLength: 2, maxLength: 3 }),
), { maxKeys: 2 });
const record = fc.record({
  // Deltas of up to 7 varint bytes are read as numbers, longer ones as kafkajs reads them.
  timestampDelta: fc.oneof(fc.integer({ min: -1_000, max: 1_000 }).map(BigInt), fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n })),
  offsetDelta: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  key: bytes,
  value: bytes,
  headers: fc.oneof({ weight: 4, arbitrary: fc.constant({}) }, { weight: 1, arbitrary: header }),
});
const batch = fc.record({
  firstOffset: int64,
  firstTimestamp: int64,
  maxTimestamp: int64,
  compressed: fc.boolean(),
  transactional: fc.boolean(),
  // Attribute bits kafkajs's encoder never sets, set in the encoded bytes.
  logAppendTime: fc.boolean(),
  control: fc.boolean(),
  records: fc.array(record, { maxLength: 12 }),
});

/** Bytes from a batch's start to its attributes (first offset, length, leader epoch, magic, CRC). */
const ATTRIBUTES_AT = 21;

type BatchSpec = typeof batch extends fc.Arbitrary<infer T> ? T : never;

async function encode(spec: BatchSpec): Promise<Buffer> {
  const encoded: Buffer = (await RecordBatch({
    compression: spec.compressed ? Compression.GZIP : Compression.None,
    firstOffset: spec.firstOffset,
    firstTimestamp: spec.firstTimestamp,
    maxTimestamp: spec.maxTimestamp,
    transactional: spec.transactional,
    lastOffsetDelta: Math.max(0, spec.records.length - 1),
    records: spec.records.map((r) => Record(r)),
  })).buffer;
  const attributes = encoded.readInt16BE(ATTRIBUTES_AT) | (spec.logAppendTime ? 0x08 : 0) | (spec.control ? 0x20 : 0);
  encoded.writeInt16BE(attributes, ATTRIBUTES_AT);
  return encoded;
}

/** A fetch's record batches decoded as kafkajs's fetch does (v4 decodeMessages): a batch cut off at the end ends it. */
async function decodeFetch(decodeBatch: BatchDecoder, fetched: Buffer) {
  const decoder = new Decoder(fetched);
  const batches: unknown[] = [];
  while (decoder.canReadBytes(49)) {
    try {
      batches.push(await decodeBatch(decoder));
    } catch (error) {
      if ((error as Error).name === "KafkaJSPartialMessageError") return { batches, end: (error as Error).message };
      throw error;
    }
  }
  return { batches, end: "complete" };
}

/** Where each key and value of the decoded records lies in the fetched bytes ("elsewhere": decompressed). */
const places = (decoded: { batches: unknown[] }, fetched: Buffer) =>
  (decoded.batches as { records: { key: Buffer | null; value: Buffer | null }[] }[]).flatMap((b) => b.records.flatMap((r) =>
    [r.key, r.value].map((part) => part && (part.buffer === fetched.buffer ? [part.byteOffset, part.length] : ["elsewhere", part.length]))));

describe("record batches decoded without a BigInt per record (kafka-record-batches.ts)", () => {
  test("decode every fetch exactly as kafkajs decodes it: offsets and timestamps past 2^53, long deltas, headers, compressed, transactional, control and cut-off batches", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(batch, { minLength: 1, maxLength: 4 }), fc.option(fc.nat(), { nil: undefined }), async (batches, cut) => {
        const encoded = Buffer.concat(await Promise.all(batches.map(encode)));
        // Fetches end where maxBytes did, often inside the last batch. (Buffer.alloc: memory of
        // the fetch's own, which no decompressed batch shares, as small buffers share Node's pool.)
        const fetched = Buffer.alloc(cut === undefined ? encoded.length : encoded.length - 1 - (cut % Math.min(encoded.length, 200)));
        encoded.copy(fetched, 0, 0, fetched.length);
        const expected = await decodeFetch(kafkajsBatch, fetched);
        const actual = await decodeFetch(fast, fetched);
        expect(isDeepStrictEqual(actual, expected)).toBe(true);
        expect(places(actual, fetched)).toEqual(places(expected, fetched));
      }),
      { numRuns: 500 },
    );
  });

  test("a plain batch's records are made without kafkajs's record decoder", async () => {
    // GIVEN a batch as the simulator's producer writes them: no compression, no headers, offsets and timestamps well below 2^53
    const fetched = await encode({
      firstOffset: 41_000n, firstTimestamp: 1_764_500_000_000n, maxTimestamp: 1_764_500_000_009n, compressed: false, transactional: false, logAppendTime: false, control: false,
      records: Array.from({ length: 10 }, (_, i) => ({ timestampDelta: BigInt(i), offsetDelta: i, key: Buffer.from(`user-${i}`), value: Buffer.from(`{"n":${i}}`), headers: {} })),
    });
    // WHEN it is decoded with a record decoder that counts its calls
    let calls = 0;
    const counted = fastBatchDecoder(Decoder, kafkajsBatch, (decoder, context) => (calls++, kafkajsRecord(decoder, context)));
    const { batches } = await decodeFetch(counted, fetched);
    // THEN every record is there, with kafkajs's strings, and kafkajs's record decoder made none of them
    const records = (batches[0] as { records: { offset: string; timestamp: string; value: Buffer }[] }).records;
    expect(records.map((r) => [r.offset, r.timestamp, r.value.toString()])).toEqual(Array.from({ length: 10 }, (_, i) => [String(41_000 + i), String(1_764_500_000_000 + i), `{"n":${i}}`]));
    expect(calls).toBe(0);
  });
});
