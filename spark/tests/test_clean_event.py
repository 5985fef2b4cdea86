"""The compiled check of clean values (logpipe.CleanEvent in logpipe-spark.jar), on a local
SparkSession: which values it takes, and that parsing with it gives exactly the rows that
parsing everything as a VARIANT gives."""
import json
import random

import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.sql import functions as F

import logpipe_spark.transform as transform
from logpipe_spark.contract import load_contract
from logpipe_spark.transform import clean_event, parse_records, single_json_value
from records import event, kafka_records

CONTRACT = load_contract()
PARSED_COLUMNS = ["kafka_offset", "event", "reason", "raw_value", "dt", "hour"]


def text(**overrides: object) -> str:
    """An event as producers write it: text beyond ASCII as UTF-8, not as \\u escapes."""
    return json.dumps(event(**overrides), ensure_ascii=False)


BASE = text(event_id="0b7f3c1e-3a52-4d0e-9a8e-2f1d6c4b5a79")

CLEAN = {
    "an event as the simulator writes it": BASE,
    "whitespace around and inside": " \n" + BASE.replace(", ", ",\n  ").replace(": ", " : ") + "\t\r\n",
    "no whitespace at all": BASE.replace(", ", ",").replace(": ", ":"),
    "the escapes of two characters": text(user_agent='q " \\ / \b \f \n \r \t'),
    "text beyond ASCII, in UTF-8": text(user_agent="é ✓ 😀"),
    "an optional field that is null": text(search_query=None, revenue_cents=None),
    "optional fields given": text(product_id="p-1", revenue_cents=1999),
    "a negative and a zero integer": BASE.replace('"status": 200', '"status": -0')[:-1] + ', "revenue_cents": -5}',
    "an integer of 18 digits": BASE.replace('"status": 200', '"status": 123456789012345678'),
    "a null that breaks a rule later": text(user_id=None),
}

NOT_CLEAN = {
    "a \\u escape": BASE.replace('"u-1"', '"\\u0075-1"'),
    "an escaped surrogate pair": BASE.replace('"u-1"', '"\\ud83d\\ude00"'),
    "an integer with an exponent": BASE.replace('"status": 200', '"status": 2e2'),
    "an integer with a fraction": BASE.replace('"status": 200', '"status": 200.0'),
    "an integer of 19 digits": BASE.replace('"status": 200', '"status": 1234567890123456789'),
    "a leading zero": BASE.replace('"status": 200', '"status": 007'),
    "an integer given as text": text(status="200"),
    "text given as an integer": text(user_id=42),
    "a boolean": text(status=True),
    "an object as a value": text(device={"a": 1}),
    "an array as a value": text(device=[1]),
    "a key twice": BASE[:-1] + ', "user_id": "dup"}',
    "a key beyond the contract": BASE[:-1] + ', "extra": 1}',
    "a required field missing": text(user_id=...),
    "a required nullable field missing": text(referrer=...),
    "text after the object": BASE + "x",
    "a vertical tab after the object": BASE + "\x0b",
    "a byte order mark": "\ufeff" + BASE,
    "a control character in a string": BASE.replace('"u-1"', '"a\x01b"'),
    "an unterminated object": BASE[:-1],
    "empty": "",
    "JSON null": "null",
    "an array": "[]",
    "an empty object": "{}",
    "invalid UTF-8": BASE.replace('"u-1"', '"\xe9"').encode("latin-1"),
    "an overlong UTF-8 encoding": BASE.encode().replace(b'"u-1"', b'"\xc0\xaf"'),
    "a surrogate in UTF-8": BASE.encode().replace(b'"u-1"', b'"\xed\xa0\x80"'),
    "NaN": BASE.replace('"status": 200', '"status": NaN'),
    "a truncated null": BASE.replace('"referrer": null', '"referrer": nul'),
    "single quotes": BASE.replace('"u-1"', "'u-1'"),
    "larger than 1 MiB": text(search_query="q" * (1 << 20)),
}


def is_clean(spark, values: list[object]) -> list[bool]:
    records = kafka_records(spark, values)
    rows = records.select("offset", clean_event(spark, CONTRACT, F.col("value")).isNotNull().alias("clean")).collect()
    return [row.clean for row in sorted(rows, key=lambda row: row.offset)]


def parsed_both_ways(spark, values: list[object]):
    records = kafka_records(spark, values)
    general = {r.kafka_offset: r for r in parse_records(records, CONTRACT, compiled_check=False).select(*PARSED_COLUMNS).collect()}
    compiled = {r.kafka_offset: r for r in parse_records(records, CONTRACT).select(*PARSED_COLUMNS).collect()}
    return general, compiled


def mutations(count: int, seed: int) -> list[bytes]:
    """Valid events with one to three random bytes replaced, deleted or inserted, biased
    towards JSON's own characters so that many stay almost JSON."""
    rnd = random.Random(seed)
    values = []
    for _ in range(count):
        b = bytearray(text(user_agent=rnd.choice(["ok", "é", 'a\\"b', "x"]), status=rnd.choice([200, 404, 500])).encode())
        for _ in range(rnd.randint(1, 3)):
            k, op = rnd.randrange(len(b)), rnd.random()
            if op < 0.4:
                b[k] = rnd.choice(b'{}[]":,0123456789-.eE \\nutrfalse\x00\x7f\xff\xc3')
            elif op < 0.7:
                del b[k]
            else:
                b.insert(k, rnd.choice(b'{}[]":,0123456789-.eE \\n\xe9'))
        values.append(bytes(b))
    return values


class TestWhichValuesAreClean:
    def test_the_events_producers_write_are_clean(self, spark):
        # GIVEN values the compiled check is meant to type: valid events, and a few that break
        # a rule the contract applies to values (which both ways apply later)
        # WHEN the check runs on them
        # THEN each is clean
        assert dict(zip(CLEAN, is_clean(spark, list(CLEAN.values())))) == {name: True for name in CLEAN}

    def test_what_the_general_parse_must_decide_is_not_clean(self, spark):
        # GIVEN values with escapes, number forms, keys or bytes the check leaves to the
        # VARIANT parse, and values that are no event at all
        # WHEN the check runs on them
        # THEN none is clean
        assert dict(zip(NOT_CLEAN, is_clean(spark, list(NOT_CLEAN.values())))) == {name: False for name in NOT_CLEAN}


class TestBothWaysAgree:
    def test_crafted_values_give_the_same_rows_either_way(self, spark):
        # GIVEN every crafted value, clean or not
        values = list(CLEAN.values()) + list(NOT_CLEAN.values())
        # WHEN they are parsed with the compiled check and without it
        general, compiled = parsed_both_ways(spark, values)
        # THEN each record gives the same event, reason, raw value and partition
        assert {o: compiled[o] for o in general if compiled[o] != general[o]} == {}
        # AND the clean ones that break no rule are valid (the agreement is not all rejects)
        assert sum(1 for row in general.values() if row.reason == "") >= len(CLEAN) - 1

    def test_random_mutations_of_events_give_the_same_rows_either_way(self, spark):
        # GIVEN 3,000 events each with a few random bytes replaced, deleted or inserted
        values = mutations(3000, seed=7)
        # WHEN they are parsed with the compiled check and without it
        general, compiled = parsed_both_ways(spark, values)
        # THEN every record gives the same row either way
        differ = [(values[o], general[o], compiled[o]) for o in general if compiled[o] != general[o]]
        assert differ[:5] == []
        # AND both kinds were exercised: some mutations stayed clean, most did not
        clean = sum(is_clean(spark, values))
        assert 100 < clean < 2000, clean


class TestSingleJsonValue:
    @pytest.mark.parametrize("text, single", [
        ('{"a": [1, -0.5, 2E+3, true, false, null, "\\u00e9\\n", {}, []]}', True),
        ("[]", True), ('"text"', True), ("0", True), ("-12.5e-3", True), ("null", True), (" \t\r\n{} \t\r\n", True),
        ("[" * 1000 + "]" * 1000, True),
        ("[" * 1001 + "]" * 1001, False),  # deeper than Spark's parser allows
        ("", False), (" ", False), ("{} {}", False), ("{}]", False), ("{} x", False), ("[1] [2]", False),
        ("{}\x0b", False), ("\x0c{}", False), ("\ufeff{}", False),
        ("01", False), ("1.", False), (".5", False), ("+1", False), ("1e", False), ("-", False), ("--1", False), ("0x10", False),
        ("NaN", False), ("nul", False), ("truex", False), ("True", False),
        ('"\\x"', False), ('"\\u12G4"', False), ('"\\u12"', False), ('"a\x01b"', False), ('"open', False), ("'single'", False),
        ('{"a" 1}', False), ('{"a": 1,}', False), ("[1,]", False), ("[,1]", False), ("{,}", False), ('{1: 2}', False),
        ('{"a": 1 "b": 2}', False), ("[1 2]", False), ("{]", False), ("[}", False), ('{"a"}', False), ("[", False), ("]", False),
    ])
    def test_one_json_value_and_only_whitespace_around_it(self, spark, text, single):
        records = kafka_records(spark, [text])
        assert records.select(single_json_value(spark, F.col("value"))).first()[0] is single

    def test_bytes_beyond_ascii_are_taken_as_they_are_inside_strings_only(self, spark):
        records = kafka_records(spark, [b'["\xff\xc3"]', b'[\xc3\xa9]'])
        assert [r[0] for r in records.orderBy("offset").select(single_json_value(spark, F.col("value"))).collect()] == [True, False]


class TestRegistration:
    def test_a_driver_without_the_jar_is_told_where_it_comes_from(self, spark, monkeypatch):
        # GIVEN a check class the driver cannot load
        monkeypatch.setattr(transform, "CLEAN_EVENT_CLASS", "logpipe.NoSuchCheck")
        # WHEN records are parsed
        # THEN the error names the class and how the jar gets onto the classpath
        with pytest.raises(RuntimeError, match=r"logpipe\.NoSuchCheck is not on the Spark driver's classpath.*python-env\.sh"):
            parse_records(kafka_records(spark, [BASE]), CONTRACT)

    def test_the_check_refuses_a_field_type_it_cannot_check(self, spark):
        # GIVEN a field list with a JSON type the check does not know
        # WHEN the check is made
        # THEN the JVM refuses it, naming the field
        with pytest.raises(IllegalArgumentException, match="field 2 is 'b:number:required'"):
            spark.sparkContext._jvm.logpipe.CleanEvent("a:string:required,b:number:required")
