"""The job's view of the event contract is derived from runtime/src/contract/event.schema.json."""
import json
import subprocess

import pytest
from pyspark.sql.types import IntegerType, LongType, StringType, TimestampType

from fixtures import REPO
from logpipe_spark.contract import DEFAULT_CONTRACT_PATH, ContractError, contract_from_schema, java_pattern, load_contract


def test_every_field_of_the_schema_is_a_column_of_the_curated_schema():
    document = json.loads(DEFAULT_CONTRACT_PATH.read_text())
    contract = load_contract()
    assert contract.curated_schema.fieldNames() == list(document["properties"])


def test_types_follow_the_same_rule_as_the_sink():
    schema = {f.name: f for f in load_contract().curated_schema.fields}
    assert schema["event_time"].dataType == TimestampType()
    assert schema["status"].dataType == IntegerType()  # 100..599 fits 32 bits
    assert schema["revenue_cents"].dataType == IntegerType()  # 0..100000000 fits too
    assert schema["user_id"].dataType == StringType()
    assert not schema["event_id"].nullable
    assert schema["referrer"].nullable and schema["search_query"].nullable


def test_an_integer_beyond_32_bits_becomes_long():
    contract = contract_from_schema({"properties": {"n": {"type": "integer", "maximum": 2**40}}, "required": ["n"]})
    assert contract.curated_schema["n"].dataType == LongType()


def test_a_field_added_to_the_schema_appears_without_code_changes(tmp_path):
    document = json.loads(DEFAULT_CONTRACT_PATH.read_text())
    document["properties"]["experiment"] = {"type": ["string", "null"], "maxLength": 8}
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(document))
    contract = load_contract(path)
    assert "experiment" in contract.curated_schema.fieldNames()
    assert any(rule.field == "experiment" and "longer than 8" in rule.reason for rule in contract.rules())


def test_fails_when_the_contract_file_is_missing(tmp_path):
    with pytest.raises(ContractError, match=r"event contract not found at .*missing\.json: pass --contract"):
        load_contract(tmp_path / "missing.json")


def test_fails_when_a_type_cannot_be_mapped():
    with pytest.raises(ContractError, match=r"field 'tags': type 'array'"):
        contract_from_schema({"properties": {"tags": {"type": "array"}}})


@pytest.mark.parametrize("keyword, value", [("multipleOf", 5), ("exclusiveMinimum", 0), ("const", "x"), ("format", "email")])
def test_fails_when_a_keyword_cannot_be_translated(keyword, value):
    with pytest.raises(ContractError, match=r"field 'n'"):
        contract_from_schema({"properties": {"n": {"type": "string", keyword: value}}})


def test_fails_when_a_document_keyword_cannot_be_translated():
    with pytest.raises(ContractError, match=r"allOf"):
        contract_from_schema({"properties": {}, "allOf": []})


def test_end_anchors_become_absolute_in_java_patterns():
    assert java_pattern("^[A-Z]{2}$") == r"^[A-Z]{2}\z"
    assert java_pattern(r"^(a|b\$)$") == r"^(a|b\$)\z"
    assert java_pattern("^[$]x$") == r"^[$]x\z"


def test_the_curated_types_agree_with_the_sinks_parquet_types():
    """The sink's field kinds (runtime/src/contract, TypeScript) and the job's types come from the same rule."""
    script = "console.log(JSON.stringify(require('./runtime/src/contract').CONTRACT_FIELDS))"
    result = subprocess.run(["node", "--import", "tsx", "-e", script], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    sink = {f["name"]: (f["kind"], f["nullable"]) for f in json.loads(result.stdout)}
    spark_kind = {"TimestampType()": "timestamp_ms", "IntegerType()": "int32", "LongType()": "int64", "StringType()": "string"}
    ours = {f.name: (spark_kind[repr(f.dataType)], f.nullable) for f in load_contract().curated_schema.fields}
    assert ours == sink
