"""The command line: help and exit codes, sources listing and checks, tail, extract, dedup."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import redis
from click.testing import CliRunner

from scraper.cli import cli
from scraper.tail import format_entry, show_rtl
from tests.pages import STRIKES, article_html, config_toml, serve_outlets
from tests.support.webserver import LocalWeb

COMMANDS = ["run", "once", "sources", "tail", "backfill", "extract", "dedup"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_unknown_source_and_usage_errors_exit_2(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[[sources]]\nname = "a"\nkind = "feed"\nurl = "https://example.org/f"\n')
    runner = CliRunner()
    assert runner.invoke(cli, ["once", "--config", str(config), "--source", "zz"]).exit_code == 2
    assert runner.invoke(cli, ["backfill", "zz", "--config", str(config)]).exit_code == 2
    assert runner.invoke(cli, ["extract"]).exit_code == 2


def test_sources_lists_without_secrets_and_check_tries_each(tmp_path: Path, web: LocalWeb) -> None:
    sources = serve_outlets(web)
    web.route("/dead.xml", status=404)
    config = tmp_path / "c.toml"
    config.write_text(
        config_toml(
            redis_url="redis://app:t0psecret@127.0.0.1:1/0",
            prefix="x",
            data_dir=str(tmp_path),
            sources=[*sources, ("dead", web.url("/dead.xml"))],
        )
    )
    result = CliRunner().invoke(cli, ["sources", "--config", str(config)])
    assert result.exit_code == 0
    assert "outlet-a" in result.output and "dead" in result.output
    assert "t0psecret" not in result.output and "***" in result.output

    checked = CliRunner().invoke(cli, ["sources", "--config", str(config), "--check"])
    assert checked.exit_code == 1  # one source is broken
    assert "ok outlet-a" in checked.output.replace("  ", " ")
    assert "FAIL dead: http 404" in checked.output


def test_extract_prints_the_article_then_its_tweets(tmp_path: Path) -> None:
    title, body = STRIKES["bukamal"]
    from tests.pages import BASE_TIME

    page = tmp_path / "article.html"
    page.write_bytes(article_html(title, body, BASE_TIME, tweet=True))
    result = CliRunner().invoke(
        cli, ["extract", str(page), "--kind", "article", "--url", "https://www.syria.tv/x"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [p["kind"] for p in lines] == ["article", "tweet"]
    article, tweet = lines
    assert article["title"] == title
    assert "البوكمال" in article["text"] and "غارات على البوكمال الآن" not in article["text"]
    assert tweet["id"] == "tweet:1861234567890123456"
    assert article["embeds"] == [tweet["id"]] and tweet["embedded_in"] == [article["id"]]


def test_extract_of_an_empty_file_fails_cleanly(tmp_path: Path) -> None:
    page = tmp_path / "empty.html"
    page.write_bytes(b"")
    result = CliRunner().invoke(cli, ["extract", str(page)])
    assert result.exit_code == 1


def test_dedup_command_writes_one_line_per_input_in_input_order(tmp_path: Path) -> None:
    b_body = STRIKES["bukamal"][1]
    i_body = STRIKES["idlib"][1]
    rows = [
        {"id": "c", "text": i_body, "published_at": "2026-11-20T10:00:00Z"},
        {"id": "a", "text": b_body, "published_at": "2026-11-20T08:00:00Z"},
        {"id": "b", "text": b_body, "published_at": "2026-11-20T09:00:00Z"},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["dedup", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["c", "a", "b"]
    by_id = {line["id"]: line for line in lines}
    assert by_id["a"]["event_id"] == by_id["b"]["event_id"] != by_id["c"]["event_id"]
    assert by_id["a"]["canonical"] is True and by_id["b"]["canonical"] is False


async def test_tail_prints_events_readably(
    tmp_path: Path, web: LocalWeb, redis_url: str, prefix: str
) -> None:
    from scraper.config import load_settings
    from scraper.daemon import run_once

    config = tmp_path / "c.toml"
    config.write_text(
        config_toml(
            redis_url=redis_url, prefix=prefix, data_dir=str(tmp_path), sources=serve_outlets(web)
        )
    )
    await run_once(load_settings(config))
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    entries = client.xrange(f"{prefix}:events")
    lines = [format_entry("events", i, f, visual=False) for i, f in entries]
    assert len(lines) == 2
    assert all(line.split()[2] == "NEW" for line in lines)
    assert any("\u2068" in line and "البوكمال" in line for line in lines)


@pytest.mark.parametrize(
    ("text", "visual", "expected"),
    [
        ("strike in Deir ez-Zor", False, "strike in Deir ez-Zor"),
        ("غارة", False, "\u2068غارة\u2069"),
        ("outlet: غارة على البوكمال", False, "outlet: \u2068غارة على البوكمال\u2069"),
        ("غارة", True, "ةراغ"),
    ],
)
def test_rtl_text_is_isolated_or_reordered(text: str, visual: bool, expected: str) -> None:
    assert show_rtl(text, visual=visual) == expected
