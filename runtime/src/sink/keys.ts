/** A flushed range of one partition: the consumed offsets [firstOffset, lastOffset], both inclusive. */
export interface OffsetRange {
  readonly topic: string;
  readonly partition: number;
  readonly firstOffset: string;
  readonly lastOffset: string;
}

/** The partition of one event hour. */
export interface EventHour {
  /** Event date, YYYY-MM-DD (UTC). */
  readonly dt: string;
  /** Event hour, HH (UTC). */
  readonly hour: string;
}

const HOUR_MS = 3_600_000;
/** The largest time a JavaScript Date holds (±100,000,000 days around 1970). */
const MAX_DATE_MS = 8.64e15;

/**
 * The object key of one hour's rows of a flushed range:
 * raw/<topic>/dt=YYYY-MM-DD/hour=HH/<topic>-<partition>-<firstOffset>-<lastOffset>.parquet
 *
 * A pure function of what was consumed: a retried or replayed flush of the same range
 * writes the same keys, so it overwrites instead of duplicating.
 */
export function objectKey(prefix: string, range: OffsetRange, group: EventHour): string {
  const root = prefix.replace(/\/+$/, "");
  return `${root}/${range.topic}/dt=${group.dt}/hour=${group.hour}/${range.topic}-${range.partition}-${range.firstOffset}-${range.lastOffset}.parquet`;
}

/**
 * Rows split by the UTC hour of their event_time, each hour's rows in a collection of its own
 * (made by `create`), in the order they are added. A late event lands in its own (older) hour.
 */
export class EventHours<T> {
  // Keyed by the hour's number since the epoch: a flush's rows fall in a handful of hours,
  // and consecutive rows nearly always in the same one.
  private readonly groups = new Map<number, T>();
  private lastHour = NaN;
  private last: T | undefined;

  constructor(private readonly create: () => T) {}

  /**
   * The collection for the hour of instantMs, or undefined when instantMs is no instant an
   * object key can name (Date.parse accepts more than toISOString can print): such a row is
   * refused rather than failing the whole flush.
   */
  at(instantMs: number): T | undefined {
    if (!Number.isFinite(instantMs) || Math.abs(instantMs) > MAX_DATE_MS) return undefined;
    const hourNumber = Math.floor(instantMs / HOUR_MS);
    if (hourNumber !== this.lastHour) {
      let group = this.groups.get(hourNumber);
      if (group === undefined) this.groups.set(hourNumber, (group = this.create()));
      this.lastHour = hourNumber;
      this.last = group;
    }
    return this.last;
  }

  /** Every hour with its collection, oldest hour first. */
  sorted(): (EventHour & { readonly rows: T })[] {
    return [...this.groups.entries()]
      .sort(([a], [b]) => a - b)
      .map(([hourNumber, rows]) => {
        // Years past 9999 print with a sign and six digits (+275760-09-13T00:...).
        const [dt, time] = new Date(hourNumber * HOUR_MS).toISOString().split("T");
        return { dt, hour: time.slice(0, 2), rows };
      });
  }
}
