import { LogEvent } from "../contract";

/** A flushed range of one partition: the consumed offsets [firstOffset, lastOffset], both inclusive. */
export interface OffsetRange {
  readonly topic: string;
  readonly partition: number;
  readonly firstOffset: string;
  readonly lastOffset: string;
}

export interface HourGroup<T = LogEvent> {
  /** Event date, YYYY-MM-DD (UTC). */
  readonly dt: string;
  /** Event hour, HH (UTC). */
  readonly hour: string;
  readonly rows: T[];
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
export function objectKey(prefix: string, range: OffsetRange, group: Pick<HourGroup, "dt" | "hour">): string {
  const root = prefix.replace(/\/+$/, "");
  return `${root}/${range.topic}/dt=${group.dt}/hour=${group.hour}/${range.topic}-${range.partition}-${range.firstOffset}-${range.lastOffset}.parquet`;
}

/**
 * Splits rows by the UTC hour of their event_time, keeping consumption order within each
 * hour and ordering the groups by hour. A late event lands in its own (older) hour. Rows
 * whose event_time is no instant JavaScript can represent are returned apart, as
 * `unconvertible`, rather than failing the whole batch.
 */
export function groupByEventHour(rows: readonly LogEvent[]): HourGroup[];
export function groupByEventHour<T>(rows: readonly T[], eventOf: (row: T) => LogEvent): HourGroup<T>[] & { unconvertible: T[] };
export function groupByEventHour<T>(rows: readonly T[], eventOf: (row: T) => LogEvent = (row) => row as unknown as LogEvent): HourGroup<T>[] & { unconvertible: T[] } {
  // Keyed by the hour's number since the epoch: a flush's rows fall in a handful of hours,
  // so only a new hour pays for formatting its date.
  const groups = new Map<number, HourGroup<T>>();
  const unconvertible: T[] = [];
  for (const row of rows) {
    const instant = Date.parse(eventOf(row).event_time);
    // Date.parse accepts more than toISOString can print (years beyond 275760 are NaN either way).
    if (!Number.isFinite(instant) || Math.abs(instant) > MAX_DATE_MS) {
      unconvertible.push(row);
      continue;
    }
    const hourNumber = Math.floor(instant / HOUR_MS);
    let group = groups.get(hourNumber);
    if (!group) {
      const iso = new Date(hourNumber * HOUR_MS).toISOString();
      group = { dt: iso.slice(0, 10), hour: iso.slice(11, 13), rows: [] };
      groups.set(hourNumber, group);
    }
    group.rows.push(row);
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
  return Object.assign(sorted, { unconvertible });
}
