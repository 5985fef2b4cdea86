"""The pure transformations, on a local SparkSession with crafted records."""
import json
import uuid
from datetime import datetime, timezone

import pytest
from pyspark.sql import functions as F

from logpipe_spark.contract import load_contract
from logpipe_spark.transform import (
    first_per_event_id,
    in_partitions,
    minute_metrics,
    not_yet_curated,
    parse_records,
    partitions_of,
    quarantine_records,
    records_per_partition,
    rows_per_partition,
    valid_events,
)
from records import event, kafka_records

CONTRACT = load_contract()


def curate(spark, values, **kwargs):
    parsed = parse_records(kafka_records(spark, values, **kwargs), CONTRACT)
    return valid_events(parsed, CONTRACT), quarantine_records(parsed)


class TestParsing:
    def test_a_valid_event_becomes_a_curated_row_with_the_contract_types(self, spark):
        # GIVEN one valid event
        e = event(status=201, latency_ms=12, referrer="https://example.org/")
        # WHEN it is parsed
        valid, bad = curate(spark, [e])
        # THEN it is one curated row, typed as the contract says, and nothing is quarantined
        assert bad.count() == 0
        row = valid.collect()[0]
        assert row.event_id == e["event_id"]
        assert row.event_time == datetime(2026, 11, 24, 7, 15, 30, 250000)  # UTC: the tests run with TZ=UTC
        assert (row.status, row.latency_ms, row.referrer) == (201, 12, "https://example.org/")
        assert (row.dt, row.hour, row.kafka_offset) == ("2026-11-24", "07", 0)

    @pytest.mark.parametrize(
        "value, reason",
        [
            ("{oops", "value: not a JSON object"),
            ("[1, 2]", "value: not a JSON object"),
            ('"just text"', "value: not a JSON object"),
            (event(event_id=...), "event_id: missing, null or not a string"),
            (event(event_id="not-a-uuid"), "event_id: not a UUID"),
            (event(method="FETCH"), "method: not one of GET"),
            (event(status=700), "status: above the maximum 599"),
            (event(status="200"), "status: not an integer"),
            (event(status=12.5), "status: not an integer"),
            (event(user_id=42), "user_id: not a string"),
            (event(referrer={"url": "x"}), "referrer: not a string"),
            (event(revenue_cents="1999"), "revenue_cents: not an integer"),
            (event(revenue_cents=True), "revenue_cents: not an integer"),
            (event(revenue_cents=10**20), "revenue_cents: beyond 64-bit integers"),
            (event(country="DE\n"), "country: does not match"),
            (event(event_id=str(uuid.uuid4()) + "\n"), "event_id: not a UUID"),
            (event(event_time="2026-11-24T07:15:30Z\n"), "event_time: not an RFC 3339 date-time with a zone"),
            (event(latency_ms=-1), "latency_ms: below the minimum 0"),
            (event(country="Germany"), "country: does not match"),
            (event(user_id=""), "user_id: shorter than 1 characters"),
            (event(path="/" + "x" * 2048), "path: longer than 2048 characters"),
            (event(event_time="2026-11-24T07:15:30"), "event_time: not an RFC 3339 date-time with a zone"),
            (event(event_time="yesterday"), "event_time: not an RFC 3339 date-time with a zone"),
            # received 2026-11-24T07:30Z (records.kafka_records): the window is [-7 days, +15 minutes]
            (event(event_time="2016-12-31T23:59:60Z"), "event_time: not an RFC 3339 date-time with a zone"),
            (event(event_time="0000-01-01T00:00:00Z"), "event_time: not between 7 days before and 15 minutes after the time the pipeline received the event"),
            (event(event_time="2026-11-17T07:29:59Z"), "event_time: not between 7 days before and 15 minutes after"),
            (event(event_time="2026-11-24T07:45:01Z"), "event_time: not between 7 days before and 15 minutes after"),
            (event(event_time="2026-11-25T07:30:00Z"), "event_time: not between 7 days before and 15 minutes after"),
            (event(referrer=...), "referrer: missing"),
            (event(admin=True), "unexpected field(s): admin"),
        ],
    )
    def test_a_malformed_record_is_quarantined_with_its_reason(self, spark, value, reason):
        valid, bad = curate(spark, [value])
        assert valid.count() == 0
        rows = bad.collect()
        assert len(rows) == 1 and reason in rows[0].reason, rows
        # The record is kept whole, with where Kafka had it.
        assert rows[0].raw_value.startswith(value if isinstance(value, str) else "{")
        assert (rows[0].kafka_topic, rows[0].kafka_offset) == ("logs", 0)

    def test_strings_must_be_unicode_text_and_the_message_utf8(self, spark):
        # JSON can escape half a surrogate pair; Spark would store it as "?"
        lone_high, lone_low = json.dumps(event(user_agent="a\ud800b")), json.dumps(event(path="/\udc00"))
        escaped_text = json.dumps(event(user_agent="a\\ud800b"))  # a backslash, then the text "ud800"
        paired = json.dumps(event(user_agent="a\U0001F600b"))  # an emoji, as its surrogate pair
        not_utf8 = json.dumps(event()).encode().replace(b"Mozilla", b"Moz\xffla")
        valid, bad = curate(spark, [lone_high, lone_low, escaped_text, paired, not_utf8])
        reasons = {r.kafka_offset: r.reason for r in bad.collect()}
        assert set(reasons) == {0, 1, 4}, reasons
        assert "value: a string holds an unpaired surrogate" in reasons[0] and "value: a string holds an unpaired surrogate" in reasons[1]
        assert "value: not valid UTF-8" in reasons[4]
        assert sorted(r.user_agent for r in valid.collect()) == ["a\\ud800b", "a\U0001F600b"]

    def test_the_edges_of_the_event_time_window_are_inside_it(self, spark):
        # received 2026-11-24T07:30Z: exactly 7 days before and 15 minutes after are accepted
        valid, bad = curate(spark, [event(event_time="2026-11-17T07:30:00Z"), event(event_time="2026-11-24T07:45:00Z"),
                                    event(event_time="2026-11-24T13:00:00.123456+05:30")])
        assert bad.count() == 0 and valid.count() == 3

    def test_text_after_the_object_is_refused(self, spark):
        # GIVEN events followed by text, by another JSON value, or by whitespace JSON does not
        # have; the parser stops after the first value, so some of them end with a "}" too
        text = json.dumps(event())
        values = [text + " trailing", text + " trailing }", text + '{"x": 1}', text + ", {}", text + "], [1]", text + "\x0b", text + "\x0c"]
        # WHEN they are curated
        valid, bad = curate(spark, values)
        # THEN none is valid, and each is refused as what it is
        assert valid.count() == 0 and [r.reason for r in bad.collect()] == ["value: not a JSON object"] * len(values)

    def test_json_whitespace_around_the_object_is_allowed(self, spark):
        valid, bad = curate(spark, [" \t\r\n" + json.dumps(event()) + " \t\r\n", json.dumps(event(), indent=2)])
        assert bad.count() == 0 and valid.count() == 2

    def test_integers_written_as_integral_numbers_are_integers(self, spark):
        # JSON Schema: 200.0 and 2e2 are the integer 200 (the simulator's validator agrees)
        valid, bad = curate(spark, ['{"status": 200.0, ' + json.dumps(event())[1:].replace('"status": 200, ', ""),
                                    '{"status": 2e2, ' + json.dumps(event())[1:].replace('"status": 200, ', "")])
        assert bad.count() == 0 and [r.status for r in valid.collect()] == [200, 200]

    def test_every_broken_rule_is_reported(self, spark):
        _, bad = curate(spark, [event(method="FETCH", status=99, extra=1)])
        reason = bad.collect()[0].reason
        for part in ("unexpected field(s): extra", "method: not one of", "status: below the minimum 100"):
            assert part in reason

    def test_null_is_accepted_where_the_contract_allows_it(self, spark):
        valid, bad = curate(spark, [event(referrer=None, search_query=None, revenue_cents=None)])
        assert (valid.count(), bad.count()) == (1, 0)

    def test_a_batch_of_good_and_bad_records_splits_without_losing_any(self, spark):
        values = [event() for _ in range(7)] + ["{", event(status=1000), event(device="fridge")]
        valid, bad = curate(spark, values)
        assert (valid.count(), bad.count()) == (7, 3)
        assert sorted(r.kafka_offset for r in valid.collect()) == list(range(7))
        assert sorted(r.kafka_offset for r in bad.collect()) == [7, 8, 9]


class TestPartitions:
    def test_hours_are_the_utc_hours_of_the_event_time(self, spark):
        values = [
            event(event_time="2026-11-24T07:59:59.999Z"),
            event(event_time="2026-11-24T08:00:00.000Z"),
            event(event_time="2026-11-24T09:30:00+02:00"),  # 07:30 UTC
            event(event_time="2026-11-24T23:59:59Z"),
            event(event_time="2026-11-25T00:00:00Z"),
        ]
        # Received after the last of them: all are inside the event-time window.
        valid, _ = curate(spark, values, received=datetime(2026, 11, 25, 0, 10, tzinfo=timezone.utc))
        got = [(r.dt, r.hour) for r in valid.orderBy("kafka_offset").collect()]
        assert got == [("2026-11-24", "07"), ("2026-11-24", "08"), ("2026-11-24", "07"), ("2026-11-24", "23"), ("2026-11-25", "00")]
        assert partitions_of(valid) == [("2026-11-24", "07"), ("2026-11-24", "08"), ("2026-11-24", "23"), ("2026-11-25", "00")]

    def test_a_late_event_lands_in_the_hour_it_happened_and_bad_records_in_the_hour_received(self, spark):
        received = datetime(2026, 11, 24, 10, 5, tzinfo=timezone.utc)
        valid, bad = curate(spark, [event(event_time="2026-11-24T07:01:00Z"), "{"], received=received)
        assert [(r.dt, r.hour) for r in valid.collect()] == [("2026-11-24", "07")]
        assert [(r.dt, r.hour) for r in bad.collect()] == [("2026-11-24", "10")]

    def test_records_are_counted_per_partition_valid_and_malformed_apart(self, spark):
        # GIVEN two valid events in 07:xx, one in 08:xx and two malformed records, received at 10:05
        received = datetime(2026, 11, 24, 10, 5, tzinfo=timezone.utc)
        values = [event(event_time="2026-11-24T07:01:00Z"), event(event_time="2026-11-24T07:59:00Z"),
                  event(event_time="2026-11-24T08:30:00Z"), "{", event(status=1000)]
        # WHEN they are counted in one pass
        valid, malformed = records_per_partition(parse_records(kafka_records(spark, values, received=received), CONTRACT))
        # THEN valid events count in the hour they happened, malformed records in the hour received
        assert valid == {("2026-11-24", "07"): 2, ("2026-11-24", "08"): 1}
        assert malformed == {("2026-11-24", "10"): 2}

    def test_rows_per_partition_counts_what_it_is_given(self, spark):
        valid, _ = curate(spark, [event(event_time=f"2026-11-24T0{h}:00:00Z") for h in (1, 1, 3)])
        assert rows_per_partition(valid) == {("2026-11-24", "01"): 2, ("2026-11-24", "03"): 1}
        assert rows_per_partition(valid.limit(0)) == {}

    def test_in_partitions_keeps_only_the_named_hours(self, spark):
        valid, _ = curate(spark, [event(event_time=f"2026-11-24T{h:02d}:00:00Z") for h in range(5)])
        assert sorted(r.hour for r in in_partitions(valid, [("2026-11-24", "01"), ("2026-11-24", "03")]).collect()) == ["01", "03"]
        assert in_partitions(valid, []).count() == 0


class TestDeduplication:
    def test_the_first_offset_of_an_event_id_wins(self, spark):
        original = event(latency_ms=10)
        resent = dict(original, latency_ms=99)  # same event_id, sent again later
        other = event()
        valid, _ = curate(spark, [resent, original, other], first_offset=0)
        # offsets: resent 0, original 1: the row Kafka saw first is kept
        kept = {r.event_id: r for r in first_per_event_id(valid).collect()}
        assert len(kept) == 2 and kept[original["event_id"]].kafka_offset == 0

    def test_rows_the_lake_already_has_are_not_added_again(self, spark):
        a, b, c = event(), event(), event()
        existing, _ = curate(spark, [a, b])
        batch, _ = curate(spark, [b, c, a], first_offset=10)
        new = not_yet_curated(batch, existing, ["event_id"])
        assert [r.event_id for r in new.collect()] == [c["event_id"]]


class TestMinuteMetrics:
    def test_values_per_minute_and_route(self, spark):
        # GIVEN five requests to /a in 07:15 and one to /b, and one to /a in 07:16
        at = "2026-11-24T07:15:{:02d}Z"
        values = [
            event(path="/a", event_time=at.format(1), latency_ms=10, status=200, user_id="u1"),
            event(path="/a", event_time=at.format(2), latency_ms=20, status=500, user_id="u1"),
            event(path="/a", event_time=at.format(3), latency_ms=30, status=200, user_id="u2"),
            event(path="/a", event_time=at.format(4), latency_ms=40, status=503, user_id="u3"),
            event(path="/a", event_time=at.format(59), latency_ms=100, status=404, user_id="u3"),
            event(path="/b", event_time=at.format(5), latency_ms=7, status=200, user_id="u4"),
            event(path="/a", event_time="2026-11-24T07:16:00Z", latency_ms=5, status=200, user_id="u1"),
        ]
        valid, _ = curate(spark, values)
        # WHEN the metrics are computed
        rows = {(r.minute.strftime("%H:%M"), r.route): r for r in minute_metrics(valid).collect()}
        # THEN each (minute, route) has exact values; 4xx are not errors of the service
        a = rows[("07:15", "/a")]
        assert (a.requests, a.errors, a.error_rate) == (5, 2, 0.4)
        # exact percentiles with linear interpolation over 10, 20, 30, 40, 100
        assert (a.latency_p50_ms, a.latency_p95_ms, a.latency_p99_ms) == (30.0, pytest.approx(88.0), pytest.approx(97.6))
        assert (a.active_users, a.minute_active_users) == (3, 4)
        b = rows[("07:15", "/b")]
        assert (b.requests, b.errors, b.active_users, b.minute_active_users) == (1, 0, 1, 4)
        later = rows[("07:16", "/a")]
        assert (later.requests, later.latency_p99_ms, later.minute_active_users) == (1, 5.0, 1)
        assert len(rows) == 3
        assert {(r.dt, r.hour) for r in minute_metrics(valid).select("dt", "hour").collect()} == {("2026-11-24", "07")}

    def test_the_sum_of_requests_equals_the_number_of_events(self, spark):
        values = [event(path=f"/p{i % 3}", event_time=f"2026-11-24T07:{i % 60:02d}:00Z") for i in range(200)]
        valid, _ = curate(spark, values, received=datetime(2026, 11, 24, 8, 0, tzinfo=timezone.utc))
        assert minute_metrics(valid).agg(F.sum("requests")).first()[0] == 200
