"""What the spark-submit entry points share: their common options and their start-up."""
from __future__ import annotations

import argparse
import os
import time
from typing import Callable, TypeVar

from .config import ConfigError, LakeConfig, lake_from_env
from .contract import Contract, ContractError, load_contract
from .log import log

T = TypeVar("T")
CONFIG_ERROR_EXIT = 2


def job_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--credentials-env", default="AWS", help="prefix of <PREFIX>_ACCESS_KEY_ID / <PREFIX>_SECRET_ACCESS_KEY (default AWS)")
    parser.add_argument("--contract", help="path of event.schema.json (default: $LOGPIPE_EVENT_CONTRACT, else the repository's)")
    parser.add_argument("--lake-prefix", help="key prefix of the zones in the bucket (default: $LOGPIPE_LAKE_PREFIX, else none)")
    parser.add_argument("--master", help="Spark master when not run by spark-submit, e.g. local[2]; the JVM then starts without "
                        "the options of spark-defaults.conf")
    return parser


def configure(job: str, args: argparse.Namespace, more: Callable[[], T] = lambda: None) -> tuple[Contract, LakeConfig, T]:
    """Loads the contract, the lake settings and `more`; a bad setting is logged and exits 2."""
    # Times collected into Python (logs, messages) are naive local times: make local UTC.
    os.environ["TZ"] = "UTC"
    time.tzset()
    try:
        return load_contract(args.contract), lake_from_env(credentials_prefix=args.credentials_env, prefix=args.lake_prefix), more()
    except (ConfigError, ContractError) as error:
        log(f"{job}.config_error", level="error", error=str(error))
        raise SystemExit(CONFIG_ERROR_EXIT) from error
