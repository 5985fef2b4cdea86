"""Structured logs: one JSON object per line on stderr, like the runtime's services."""
from __future__ import annotations

import json
import sys
from datetime import datetime, timezone


def log(event: str, level: str = "info", **fields: object) -> None:
    record = {"time": datetime.now(timezone.utc).isoformat(timespec="milliseconds"), "level": level, "logger": "logpipe.spark", "event": event, **fields}
    print(json.dumps(record, default=str), file=sys.stderr, flush=True)
