"""Configuration: durations, environment overrides, validation errors and secret redaction."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.config import load_settings, parse_duration, redact_url, settings_from_dict
from scraper.errors import ConfigError

EXAMPLE = Path(__file__).resolve().parents[1] / "config" / "strikefeed.toml"


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("5m", 300), ("1h", 3600), ("7d", 604800), ("250ms", 0.25), (30, 30), ("2", 2)],
)
def test_durations(text: str | int, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("bad", ["", "5 minutes", "-1s", "0", "1w", True])
def test_bad_durations(bad: object) -> None:
    with pytest.raises(ValueError):
        parse_duration(bad)  # type: ignore[arg-type]


def test_the_annotated_example_is_valid() -> None:
    settings = load_settings(EXAMPLE, environ={})
    assert settings.redis.url is None  # the embedded default
    assert {s.kind for s in settings.sources} == {"feed", "telegram", "page"}
    assert settings.source("furat-post").every == 120


def test_environment_overrides_file_values() -> None:
    settings = load_settings(
        EXAMPLE,
        environ={
            "STRIKEFEED_REDIS__URL": "redis://:hunter2@db:6379/1",
            "STRIKEFEED_HTTP__TIMEOUT": "45s",
            "STRIKEFEED_HTTP__ALLOW_PRIVATE_NETWORKS": "true",
            "STRIKEFEED_DAEMON__LEASE_MS": "9000",
            "OTHER_VAR": "ignored",
        },
    )
    assert settings.redis.url == "redis://:hunter2@db:6379/1"
    assert settings.http.timeout == 45
    assert settings.http.allow_private_networks is True
    assert settings.daemon.lease_ms == 9000


@pytest.mark.parametrize(
    ("data", "key", "reason"),
    [
        (
            {"sources": [{"name": "x", "kind": "rss", "url": "https://a/"}]},
            "sources[0] (x).kind",
            "'feed'",
        ),
        ({"sources": [{"name": "x", "kind": "feed"}]}, "sources[0] (x)", "needs 'url'"),
        (
            {"sources": [{"name": "x", "kind": "feed", "url": "ftp://a/f"}]},
            "sources[0] (x).url",
            "http(s)",
        ),
        (
            {"sources": [{"name": "x", "kind": "telegram", "channel": "a b"}]},
            "sources[0] (x)",
            "Telegram username",
        ),
        (
            {"sources": [{"name": "x", "kind": "feed", "url": "https://a/", "every": "1s"}]},
            "sources[0] (x).every",
            "polite",
        ),
        ({"http": {"timeout": "soon"}}, "http.timeout", "not a duration"),
        ({"redis": {"url": "http://db"}}, "redis.url", "redis://"),
        ({"daemon": {"metrics": "9464"}}, "daemon.metrics", "HOST:PORT"),
        ({"telegram": {"base_url": "https://t.me", "token": "x"}}, "telegram.token", "unknown key"),
        ({"dedup": {"window_hour": 72}}, "dedup.window_hour", "unknown key"),
        ({"dedup": {"window_hours": "3d"}}, "dedup.window_hours", "must be a number"),
    ],
)
def test_errors_name_file_key_and_reason(data: dict[str, object], key: str, reason: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from_dict(data, path="my.toml", environ={})
    assert caught.value.file == "my.toml"
    assert caught.value.key == key
    assert reason in caught.value.reason


def test_duplicate_source_names_are_refused() -> None:
    row = {"name": "x", "kind": "feed", "url": "https://a/"}
    with pytest.raises(ConfigError, match="duplicate source name"):
        settings_from_dict({"sources": [row, row]}, environ={})


def test_syntax_errors_and_missing_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[redis\n")
    with pytest.raises(ConfigError, match="line 1"):
        load_settings(bad, environ={})
    with pytest.raises(ConfigError, match="No such file"):
        load_settings(tmp_path / "missing.toml", environ={})


def test_secrets_never_reach_reprs() -> None:
    settings = settings_from_dict(
        {
            "redis": {"url": "redis://user:s3cret@db:6379/0"},
            "http": {"proxy": "http://u:pw@p:3128"},
        },
        environ={},
    )
    for text in (
        repr(settings.redis),
        str(settings.redis),
        repr(settings.http),
        str(settings.http),
    ):
        assert "s3cret" not in text and ":pw@" not in text
    assert redact_url("rediss://:pw@h:6380/0") == "rediss://:***@h:6380/0"
    assert redact_url("redis://h:6379") == "redis://h:6379"


def test_every_bad_line_is_reported_with_its_line_number(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(
        '[[sources]]\nname = "ok"\nkind = "feed"\nurl = "https://example.org/feed"\n\n'
        '[[sources]]\nname = "furat"\nkind = "telegram"\nchannel = "FuratPost"\n'
        'every = "often"\n\n[http]\ntimeout = "soon"\n'
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    problems = {key: (reason, line) for key, reason, line in caught.value.problems}
    assert problems["sources[1] (furat).every"][1] == 10
    assert problems["http.timeout"][1] == 13
    assert "'soon' is not a duration" in problems["http.timeout"][0]
    assert str(caught.value).startswith(f"{config}:")
