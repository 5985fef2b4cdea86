"""The curate job's batch report, built from the per-partition counts of a batch's writes."""
from logpipe_spark.curate import REPORT_SCHEMA, batch_report


def test_the_report_has_a_row_per_partition_any_count_names_with_zeros_elsewhere(spark):
    # GIVEN a batch with valid events in 07 and 08, of which only those in 07 were new, and
    # malformed records received in 10
    valid = {("2026-11-24", "07"): 5, ("2026-11-24", "08"): 2}
    curated = {("2026-11-24", "07"): 4}
    quarantined = {("2026-11-24", "10"): 3}
    # WHEN its report is built
    report = batch_report(spark, valid, curated, quarantined, batch_id=7, run_id="run-1")
    # THEN it has the table's columns and one row per partition, the counts it lacks as 0
    assert report.schema == REPORT_SCHEMA
    rows = report.collect()
    assert [(r.dt, r.hour, r.valid, r.curated, r.quarantined) for r in rows] == [
        ("2026-11-24", "07", 5, 4, 0), ("2026-11-24", "08", 2, 0, 0), ("2026-11-24", "10", 0, 0, 3),
    ]
    assert {(r.run_id, r.batch_id) for r in rows} == {("run-1", 7)}
    # AND every row of the batch carries the same report time
    assert len({r.reported_at for r in rows}) == 1
