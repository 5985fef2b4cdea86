"""The data-quality checks on crafted hours: each check passes on a good hour and fails,
with a sentence naming the hour and the problem, on a bad one."""
import pytest
from pyspark.sql import functions as F

from logpipe_spark.contract import load_contract
from logpipe_spark.quality import violations
from logpipe_spark.transform import minute_metrics, parse_records, valid_events
from records import event, kafka_records

CONTRACT = load_contract()
WHERE = "dt=2026-11-24/hour=07"


@pytest.fixture(scope="module")
def hour(spark):
    values = [event(event_time=f"2026-11-24T07:{i:02d}:00Z", path=f"/p{i % 2}", user_id=f"u{i % 3}", latency_ms=i) for i in range(12)]
    events = valid_events(parse_records(kafka_records(spark, values), CONTRACT), CONTRACT).cache()
    reports = spark.createDataFrame([(12, 12, 0, "2026-11-24", "07")], "valid long, curated long, quarantined long, dt string, hour string")
    return events, minute_metrics(events), reports


def test_a_good_hour_passes(hour):
    events, metrics, reports = hour
    assert violations(events, metrics, reports, CONTRACT, WHERE) == []


def test_an_hour_nobody_wrote_to_passes(hour):
    assert violations(None, None, None, CONTRACT, WHERE) == []


def test_fails_when_consumed_events_were_not_curated(hour):
    _, _, reports = hour
    assert violations(None, None, reports, CONTRACT, WHERE) == [f"{WHERE}: no curated events, but 12 valid events for this hour were consumed"]


def test_fails_when_a_required_field_is_null(hour):
    events, metrics, reports = hour
    broken = events.withColumn("user_id", F.when(F.col("latency_ms") == 3, None).otherwise(F.col("user_id")))
    found = violations(broken, minute_metrics(broken.where(F.col("user_id").isNotNull())), reports, CONTRACT, WHERE)
    assert f"{WHERE}: 1 curated event(s) have no user_id, which the contract requires" in found


def test_fails_when_an_event_id_repeats_and_more_were_curated_than_consumed(hour):
    events, _, reports = hour
    doubled = events.union(events.limit(1))
    found = violations(doubled, minute_metrics(doubled), reports, CONTRACT, WHERE)
    assert any("1 event_id(s) curated more than once" in f for f in found)
    assert f"{WHERE}: 13 curated events but only 12 valid events consumed for this hour: rows were added outside the job" in found


def test_fails_when_the_metrics_disagree_with_the_events(hour):
    events, metrics, reports = hour
    wrong = metrics.withColumn("requests", F.when(F.col("route") == "/p1", F.col("requests") + 1).otherwise(F.col("requests")))
    found = violations(events, wrong, reports, CONTRACT, WHERE)
    assert len(found) == 1 and "6 metric row(s) disagree" in found[0] and "requests 2 (expected 1)" in found[0]
    missing = violations(events, metrics.where(F.col("route") == "/p0"), reports, CONTRACT, WHERE)
    assert len(missing) == 1 and "6 metric row(s) disagree" in missing[0]
    assert any("no metrics table" in f for f in violations(events, None, reports, CONTRACT, WHERE))
