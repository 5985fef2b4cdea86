/** A row a flush could not write, and why: it goes to the dead-letter topic instead. */
export interface RejectedRow<T> {
  readonly row: T;
  readonly reason: string;
}

/**
 * Encodes rows as one file, or, when encoding fails, finds the rows that make it fail by
 * encoding halves (a failure that depends on the content fails again on the same rows),
 * rejects each row that fails alone with the encoder's message, and encodes the rest
 * together. So one bad row costs its dead letter, never the batch: the flush moves on.
 * `body` is undefined when every row was rejected.
 */
export async function encodeIsolatingBadRows<T>(
  rows: readonly T[],
  encode: (rows: readonly T[]) => Promise<Uint8Array>,
): Promise<{ body: Uint8Array | undefined; written: T[]; rejected: RejectedRow<T>[] }> {
  try {
    return { body: await encode(rows), written: [...rows], rejected: [] };
  } catch (error) {
    if (rows.length === 1) return { body: undefined, written: [], rejected: [{ row: rows[0], reason: `could not be encoded as Parquet: ${(error as Error).message}` }] };
  }
  const rejected: RejectedRow<T>[] = [];
  const findBad = async (part: readonly T[]): Promise<T[]> => {
    try {
      await encode(part);
      return [...part];
    } catch (error) {
      if (part.length === 1) {
        rejected.push({ row: part[0], reason: `could not be encoded as Parquet: ${(error as Error).message}` });
        return [];
      }
      const middle = Math.ceil(part.length / 2);
      return [...(await findBad(part.slice(0, middle))), ...(await findBad(part.slice(middle)))];
    }
  };
  const good = await findBad(rows);
  if (good.length === 0) return { body: undefined, written: [], rejected };
  // Rows that encode in parts but not together are not one row's doing: that failure is the encoder's, and is thrown.
  return { body: await encode(good), written: good, rejected };
}
