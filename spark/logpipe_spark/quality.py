"""Data-quality checks of one hour of the curated zone.

`violations` is pure: given the hour's curated events, its metrics rows and the batch
reports for it, it returns what is wrong, as sentences a person can act on. The DAG's
last task runs them (check_quality.py) and fails the run when the list is not empty.
"""
from __future__ import annotations

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from .contract import Contract
from .transform import LATENCY_PERCENTILES, minute_metrics

METRIC_COLUMNS = ["requests", "errors", "active_users", "minute_active_users", *LATENCY_PERCENTILES.keys()]
MAX_EXAMPLES = 5


def violations(events: DataFrame | None, metrics: DataFrame | None, reports: DataFrame | None, contract: Contract, where: str) -> list[str]:
    """Checks, for the hour named by `where` (e.g. "dt=2026-11-24/hour=07"):

    1. the hour has curated events when valid events for it were consumed;
    2. no curated event lacks a field the contract requires to be non-null;
    3. event_id is unique;
    4. there are no more curated events than were consumed;
    5. the metrics equal the metrics recomputed from the curated events, row for row.

    A table that has never been written is None: no reports means nothing was consumed yet.
    """
    problems: list[str] = []
    curated = events.count() if events is not None else 0
    consumed = reports.agg(F.coalesce(F.sum("valid"), F.lit(0))).first()[0] if reports is not None else 0

    if consumed > 0 and curated == 0:
        problems.append(f"{where}: no curated events, but {consumed} valid events for this hour were consumed")

    required = [f.name for f in contract.fields if not f.nullable]
    if events is not None and curated:
        nulls = events.agg(*[F.count(F.when(F.col(name).isNull(), True)).alias(name) for name in required]).first()
        for name in required:
            if nulls[name]:
                problems.append(f"{where}: {nulls[name]} curated event(s) have no {name}, which the contract requires")

        duplicated = events.groupBy("event_id").count().where(F.col("count") > 1)
        examples = [row.event_id for row in duplicated.limit(MAX_EXAMPLES).collect()]
        if examples:
            problems.append(f"{where}: {duplicated.count()} event_id(s) curated more than once, e.g. {', '.join(map(str, examples))}")

    if curated > consumed:
        problems.append(f"{where}: {curated} curated events but only {consumed} valid events consumed for this hour: rows were added outside the job")

    if events is not None and curated:
        if metrics is None:
            problems.append(f"{where}: {curated} curated events but no metrics table")
        else:
            problems.extend(metric_mismatches(events, metrics, where))
    return problems


def metric_mismatches(events: DataFrame, metrics: DataFrame, where: str) -> list[str]:
    """Rows of `metrics` that differ from (or are missing in, or extra to) the metrics
    recomputed from `events`."""
    keys = ["minute", "route"]
    expected = minute_metrics(events).select(*keys, *[F.col(c).alias(f"expected_{c}") for c in METRIC_COLUMNS])
    actual = metrics.select(*keys, *[F.col(c).alias(f"actual_{c}") for c in METRIC_COLUMNS])
    joined = expected.join(actual, keys, "full_outer")
    differs = [~F.col(f"expected_{c}").eqNullSafe(F.col(f"actual_{c}")) for c in METRIC_COLUMNS]
    bad = joined.where(F.greatest(*[d.cast("int") for d in differs]) == 1)
    count = bad.count()
    if not count:
        return []
    examples = []
    for row in bad.orderBy(*keys).limit(MAX_EXAMPLES).collect():
        diffs = [f"{c} {row[f'actual_{c}']} (expected {row[f'expected_{c}']})" for c in METRIC_COLUMNS if row[f"actual_{c}"] != row[f"expected_{c}"]]
        examples.append(f"{row.minute:%H:%M} {row.route}: {', '.join(diffs)}")
    return [f"{where}: {count} metric row(s) disagree with the metrics recomputed from the curated events, e.g. {'; '.join(examples)}"]
