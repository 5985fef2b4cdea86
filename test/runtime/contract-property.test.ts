import fc from "fast-check";
import { CONTRACT_FIELDS, LogEvent, validateEvent } from "../../runtime/src/contract";
import { EventColumns } from "../../runtime/src/sink/columns";
import { createEncoder, ENCODER_NAMES } from "../../runtime/src/sink/encoders";
import { eventCandidateArbitrary, materialize } from "../event-arbitrary";
import { expectedRow, storedRow } from "../stored-event";

/**
 * The contract's promise, without services (the integration suite runs it against the real
 * ones): whatever a client sends, validation answers without throwing, and every event it
 * accepts is encoded by both encoders and read back equal by an independent Parquet reader.
 * LOGPIPE_PROPERTY_RUNS and LOGPIPE_PROPERTY_SEED run more cases, or others, locally.
 */
const RUNS = Number(process.env.LOGPIPE_PROPERTY_RUNS ?? 300);
const SEED = Number(process.env.LOGPIPE_PROPERTY_SEED ?? 20261129);

describe.each(ENCODER_NAMES)("any event the contract accepts, through the %s encoder", (name) => {
  const encoder = createEncoder(name, { fields: CONTRACT_FIELDS });

  test(`is written and read back equal (${RUNS} batches, seed ${SEED})`, async () => {
    const { parquetReadObjects } = require("hyparquet") as typeof import("hyparquet", { with: { "resolution-mode": "import" } });
    await fc.assert(
      fc.asyncProperty(fc.array(eventCandidateArbitrary(), { minLength: 1, maxLength: 12 }), async (candidates) => {
        const now = Date.now();
        const accepted = candidates.map((candidate) => validateEvent(materialize(candidate, now), now)).flatMap((result) => (result.ok ? [result.event] : []));
        if (accepted.length === 0) return;
        const bytes = await encoder.encode(EventColumns.of(accepted));
        const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
        expect(rows.map(storedRow)).toEqual(accepted.map((event: LogEvent) => expectedRow(event)));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});
