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
  const groups = new Map<string, HourGroup<T>>();
  const unconvertible: T[] = [];
  for (const row of rows) {
    const instant = new Date(eventOf(row).event_time);
    if (Number.isNaN(instant.getTime())) {
      unconvertible.push(row);
      continue;
    }
    const iso = instant.toISOString();
    const dt = iso.slice(0, 10);
    const hour = iso.slice(11, 13);
    const id = `${dt}T${hour}`;
    let group = groups.get(id);
    if (!group) {
      group = { dt, hour, rows: [] };
      groups.set(id, group);
    }
    group.rows.push(row);
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, group]) => group);
  return Object.assign(sorted, { unconvertible });
}
