"""The entry points refuse bad settings with a message naming the setting, before Spark starts."""
import json

import pytest

import check_quality
import curate_logs


@pytest.fixture()
def bare_env(monkeypatch):
    for name in ("LOGPIPE_S3_ENDPOINT", "LOGPIPE_LAKE_BUCKET", "LOGPIPE_KAFKA_BOOTSTRAP_SERVERS"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def config_error(capsys) -> str:
    return json.loads(capsys.readouterr().err.strip().splitlines()[-1])["error"]


def test_the_job_exits_2_naming_a_missing_endpoint(bare_env, capsys):
    with pytest.raises(SystemExit) as exit_:
        curate_logs.main([])
    assert exit_.value.code == 2
    assert config_error(capsys).startswith("LOGPIPE_S3_ENDPOINT is not set")


def test_the_job_exits_2_naming_missing_credentials(bare_env, capsys):
    bare_env.setenv("LOGPIPE_S3_ENDPOINT", "http://127.0.0.1:1")
    bare_env.setenv("LOGPIPE_LAKE_BUCKET", "lake")
    bare_env.delenv("LOGPIPE_SPARK_ACCESS_KEY_ID", raising=False)
    with pytest.raises(SystemExit):
        curate_logs.main(["--credentials-env", "LOGPIPE_SPARK"])
    assert "LOGPIPE_SPARK_ACCESS_KEY_ID is not set" in config_error(capsys)


@pytest.mark.parametrize("args, message", [
    (["--dt", "24.11.2026", "--hour", "07"], "--dt must be YYYY-MM-DD, but '24.11.2026' was provided"),
    (["--dt", "2026-11-24", "--hour", "24"], "--hour must be between 00 and 23, but '24' was provided"),
])
def test_the_checks_refuse_a_malformed_hour(args, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        check_quality.parse_args(args)
    assert exit_.value.code == 2 and message in capsys.readouterr().err
