"""The event contract (runtime/src/contract/event.schema.json) as Spark sees it.

The JSON Schema is the single source of truth: the simulator validates against it, the
sink derives its Parquet schema from it, and this module derives from it

- the type each field is read as from a Kafka value (`Field.parse_type`),
- the curated table's StructType (`curated_schema`), with the same type rule as the sink:
  string + format date-time → timestamp; string → string; integer → int when its declared
  range fits 32 bits, else long; a "null" in the type, or not required → nullable,
- one validation rule per constraint of the schema (`rules`), each with the reason a
  malformed record is quarantined with.

A field added to the schema shows up here without a change to this file.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql.types import (
    DataType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
    TimestampType,
)

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
# JSON Schema "format"s the contract uses, as Java regular expressions (Spark's rlike). \\z,
# not $: Java's $ also matches before a final line break, ECMA's (the simulator's) does not.
UUID_PATTERN = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\z"
# RFC 3339: a date, a "T", a time and a zone (Z or an offset) are all required.
DATE_TIME_PATTERN = r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})\z"
# What this module translates; any other keyword is refused rather than silently ignored.
# Every string must be well-formed Unicode and the message valid UTF-8 (transform.parse_records checks it).
WELL_FORMED_UNICODE = "x-logpipe-well-formed-unicode"
DOCUMENT_KEYWORDS = {"$schema", "$id", "title", "description", "type", "additionalProperties", "required", "properties", WELL_FORMED_UNICODE}
# The window a date-time must lie in around the time the pipeline received the record (the
# Kafka record's timestamp, which the simulator sets to the time of receipt).
INGEST_WINDOW = "x-logpipe-ingest-window"
PROPERTY_KEYWORDS = {"description", "type", "enum", "minimum", "maximum", "minLength", "maxLength", "pattern", "format", INGEST_WINDOW}
# The column of the record's timestamp in the parsed records (transform.parse_records).
RECEIVED_AT_COLUMN = "kafka_timestamp"
FORMATS = {"uuid", "date-time"}

DEFAULT_CONTRACT_PATH = Path(__file__).resolve().parents[2] / "runtime" / "src" / "contract" / "event.schema.json"
CONTRACT_ENV = "LOGPIPE_EVENT_CONTRACT"


class ContractError(ValueError):
    """The contract file is missing or uses a construct this module cannot translate."""


@dataclass(frozen=True)
class Field:
    name: str
    json_type: str  # "string" | "integer"
    nullable: bool
    required: bool
    spec: dict[str, Any]

    @property
    def is_timestamp(self) -> bool:
        return self.json_type == "string" and self.spec.get("format") == "date-time"

    @property
    def curated_type(self) -> DataType:
        if self.is_timestamp:
            return TimestampType()
        if self.json_type == "integer":
            fits_int32 = self.spec.get("minimum", float("-inf")) >= INT32_MIN and self.spec.get("maximum", float("inf")) <= INT32_MAX
            return IntegerType() if fits_int32 else LongType()
        return StringType()

    @property
    def parse_type(self) -> DataType:
        # Integers parse as long so an out-of-range value is reported as out of range
        # rather than silently becoming null; timestamps parse as text and are checked.
        return LongType() if self.json_type == "integer" else StringType()


@dataclass(frozen=True)
class Rule:
    """A constraint of the contract: `violated` is a Column that is true for a bad record."""

    field: str
    reason: str
    violated: Callable[[Column], Column]


@dataclass(frozen=True)
class Contract:
    schema_id: str
    fields: tuple[Field, ...]
    additional_properties: bool
    well_formed_unicode: bool = False

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def curated_schema(self) -> StructType:
        return StructType([StructField(f.name, f.curated_type, f.nullable) for f in self.fields])

    def field(self, name: str) -> Field:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(f"the contract has no field {name!r}; it has {', '.join(self.field_names)}")

    def rules(self) -> list[Rule]:
        """One rule per constraint, in the contract's field order."""
        rules: list[Rule] = []
        for f in self.fields:
            rules.extend(_field_rules(f))
        return rules


def load_contract(path: str | os.PathLike[str] | None = None) -> Contract:
    """Reads the contract from `path`, else $LOGPIPE_EVENT_CONTRACT, else the repository's file."""
    location = Path(path or os.environ.get(CONTRACT_ENV) or DEFAULT_CONTRACT_PATH)
    try:
        document = json.loads(location.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ContractError(
            f"event contract not found at {location}: pass --contract or set {CONTRACT_ENV} "
            "to runtime/src/contract/event.schema.json"
        ) from error
    return contract_from_schema(document)


def contract_from_schema(document: dict[str, Any]) -> Contract:
    unknown = set(document) - DOCUMENT_KEYWORDS
    if unknown:
        raise ContractError(f"the contract uses {', '.join(sorted(unknown))}, which the Spark job cannot translate: extend logpipe_spark/contract.py first")
    required = set(document.get("required", []))
    fields = []
    for name, spec in document["properties"].items():
        unknown = set(spec) - PROPERTY_KEYWORDS
        if unknown:
            raise ContractError(f"field {name!r}: {', '.join(sorted(unknown))} cannot be translated to a Spark rule: extend logpipe_spark/contract.py first")
        if "format" in spec and spec["format"] not in FORMATS:
            raise ContractError(f"field {name!r}: format {spec['format']!r} is not one of {', '.join(sorted(FORMATS))}")
        types = spec["type"] if isinstance(spec["type"], list) else [spec["type"]]
        base = [t for t in types if t != "null"]
        if len(base) != 1 or base[0] not in ("string", "integer"):
            raise ContractError(f"field {name!r}: type {spec['type']!r} is not one the Spark job can map (string or integer, optionally with null)")
        fields.append(Field(name, base[0], nullable="null" in types or name not in required, required=name in required, spec=spec))
    return Contract(
        schema_id=document.get("$id", "?"),
        fields=tuple(fields),
        additional_properties=document.get("additionalProperties", True) is not False,
        well_formed_unicode=document.get(WELL_FORMED_UNICODE) is True,
    )


def _field_rules(f: Field) -> list[Rule]:
    spec, name = f.spec, f.name
    rules: list[Rule] = []
    if f.required and not f.nullable:
        rules.append(Rule(name, f"{name}: missing, null or not {'an integer' if f.json_type == 'integer' else 'a string'}", lambda c: c.isNull()))
    elif f.required:
        # Present-but-null is allowed; absence is checked against the record's keys.
        pass
    if "enum" in spec:
        allowed = spec["enum"]
        rules.append(Rule(name, f"{name}: not one of {', '.join(map(str, allowed))}", lambda c, allowed=allowed: c.isNotNull() & ~c.isin(allowed)))
    if "minimum" in spec:
        low = spec["minimum"]
        rules.append(Rule(name, f"{name}: below the minimum {low}", lambda c, low=low: c < F.lit(low)))
    if "maximum" in spec:
        high = spec["maximum"]
        rules.append(Rule(name, f"{name}: above the maximum {high}", lambda c, high=high: c > F.lit(high)))
    if "minLength" in spec:
        n = spec["minLength"]
        rules.append(Rule(name, f"{name}: shorter than {n} characters", lambda c, n=n: F.char_length(c) < F.lit(n)))
    if "maxLength" in spec:
        n = spec["maxLength"]
        rules.append(Rule(name, f"{name}: longer than {n} characters", lambda c, n=n: F.char_length(c) > F.lit(n)))
    if "pattern" in spec:
        pattern = java_pattern(spec["pattern"])
        rules.append(Rule(name, f"{name}: does not match {spec['pattern']}", lambda c, p=pattern: ~c.rlike(p)))
    if spec.get("format") == "uuid":
        rules.append(Rule(name, f"{name}: not a UUID", lambda c: ~c.rlike(UUID_PATTERN)))
    if f.is_timestamp:
        rules.append(Rule(name, f"{name}: not an RFC 3339 date-time with a zone", lambda c: ~c.rlike(DATE_TIME_PATTERN) | F.try_to_timestamp(c).isNull()))
    if INGEST_WINDOW in spec:
        window = spec[INGEST_WINDOW]
        if not f.is_timestamp or set(window) != {"maxAgeSeconds", "maxAheadSeconds"}:
            raise ContractError(f"field {name!r}: {INGEST_WINDOW} needs a date-time field and exactly maxAgeSeconds and maxAheadSeconds")
        age, ahead = int(window["maxAgeSeconds"]), int(window["maxAheadSeconds"])
        # Columns are built when the rule is applied: building one needs a running Spark.
        rules.append(Rule(
            name,
            f"{name}: not between {_duration(age)} before and {_duration(ahead)} after the time the pipeline received the event",
            lambda c, age=age, ahead=ahead: (F.try_to_timestamp(c) < F.col(RECEIVED_AT_COLUMN) - F.make_dt_interval(F.lit(0), F.lit(0), F.lit(0), F.lit(age)))
            | (F.try_to_timestamp(c) > F.col(RECEIVED_AT_COLUMN) + F.make_dt_interval(F.lit(0), F.lit(0), F.lit(0), F.lit(ahead))),
        ))
    return rules


def _duration(seconds: int) -> str:
    """7 days, 15 minutes: as the simulator says it (runtime/src/contract)."""
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    raise AssertionError("unreachable")


def java_pattern(ecma: str) -> str:
    """An ECMA-262 pattern (JSON Schema's dialect) for Java's regex engine: every end anchor
    `$` outside a character class becomes \\z, so a trailing line break does not match."""
    out, in_class, escaped = [], False, False
    for ch in ecma:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch == "[":
            in_class = True
            out.append(ch)
        elif ch == "]":
            in_class = False
            out.append(ch)
        elif ch == "$" and not in_class:
            out.append("\\z")
        else:
            out.append(ch)
    return "".join(out)
