"""The curate job's batch report, built from the per-partition counts of a batch's writes, and
how it runs a batch's two writes at once."""
import threading

import pytest

from logpipe_spark.curate import REPORT_SCHEMA, batch_report, run_at_once


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


def test_writes_run_at_once_with_the_callers_spark_properties_and_every_failure_is_reported(spark, capsys):
    # GIVEN a caller whose thread carries a Spark property (as the streaming query's job group)
    # and a job tag
    spark.sparkContext.setLocalProperty("logpipe.test", "batch-7")
    spark.addTag("logpipe-test")
    seen, both_started = [], threading.Barrier(2, timeout=30)

    def action():
        both_started.wait()  # neither ends before the other has started: they run at once
        seen.append((spark.sparkContext.getLocalProperty("logpipe.test"), "logpipe-test" in spark.getTags()))

    # WHEN two actions run at once THEN both see them
    run_at_once(spark, action, action)
    assert seen == [("batch-7", True), ("batch-7", True)]

    # AND when both fail, the first one's error is raised once both have ended, the other's logged
    def fails(message):
        def action():
            both_started.wait()
            raise ValueError(message)
        return action

    both_started.reset()
    with pytest.raises(ValueError, match="the append"):
        run_at_once(spark, fails("the append"), fails("the metrics"))
    assert "the metrics" in capsys.readouterr().err
    spark.sparkContext.setLocalProperty("logpipe.test", None)
    spark.removeTag("logpipe-test")
