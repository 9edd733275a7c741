"""The Telegram source end to end: polling, edits, backfill and channel problems, served by a
local stand-in for t.me and published to a real redis-server."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import redis
from rich.console import Console

from scraper.backfill import backfill_source
from scraper.config import Settings, settings_from_dict
from scraper.daemon import run_once
from tests.support.webserver import LocalWeb
from tests.telegram_pages import preview_page

NOW = datetime.now(UTC).replace(microsecond=0)


def _settings(web: LocalWeb, redis_url: str, prefix: str, tmp_path: Path) -> Settings:
    return settings_from_dict(
        {
            "redis": {"url": redis_url, "prefix": prefix},
            "daemon": {"data_dir": str(tmp_path), "metrics": "off", "lease_ms": 5000},
            "http": {"allow_private_networks": True, "per_host_delay": 0, "retries": 0},
            "telegram": {"base_url": web.url("")},
            "twitter": {"resolve": False},
            "sources": [
                {"name": "furat", "kind": "telegram", "channel": "furatpost", "every": "2m"}
            ],
        },
        environ={},
    )


def _posts(client: redis.Redis, prefix: str) -> list[dict[str, object]]:
    return [json.loads(f["post"]) for _i, f in client.xrange(f"{prefix}:posts")]


MESSAGES = [
    (10, "غارة جوية على مستودعات في البوكمال\nمقتل 6 عناصر", NOW - timedelta(hours=3)),
    (11, "قصف مدفعي على كفرنبل في ريف إدلب", NOW - timedelta(hours=2)),
    (12, "انفجار في مدينة الميادين", NOW - timedelta(hours=1)),
]


async def test_polling_appends_new_posts_and_republishes_edits_as_versions(
    web: LocalWeb, redis_url: str, prefix: str, tmp_path: Path
) -> None:
    settings = _settings(web, redis_url, prefix, tmp_path)
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    web.route("/s/furatpost", body=preview_page("furatpost", MESSAGES))

    first = await run_once(settings)
    assert first.summaries[0].new == 3
    posts = _posts(client, prefix)
    assert [p["id"] for p in posts] == [f"telegram:furatpost/{n}" for n in (10, 11, 12)]
    assert posts[0]["text"] == "غارة جوية على مستودعات في البوكمال\nمقتل 6 عناصر"
    assert posts[0]["url"] == "https://t.me/furatpost/10"
    assert client.get(f"{prefix}:cursor:furat") == "12"
    events_before = client.xlen(f"{prefix}:events")
    assert events_before == 3

    edited = [*MESSAGES[:2], (12, "انفجار عنيف في مدينة الميادين، مقتل 2", MESSAGES[2][2])]
    web.route("/s/furatpost", body=preview_page("furatpost", edited, edited=frozenset({12})))
    second = await run_once(settings)
    assert second.summaries[0].new == 0 and second.summaries[0].versions == 1
    posts = _posts(client, prefix)
    assert len(posts) == 4
    assert posts[-1]["id"] == "telegram:furatpost/12"
    assert posts[-1]["version"] == 2 and posts[-1]["edited"] is True
    # An edit is a new version of a known post, never a new event.
    assert client.xlen(f"{prefix}:events") == events_before

    third = await run_once(settings)
    assert third.summaries[0].new == 0 and third.summaries[0].versions == 0


async def test_backfill_follows_the_pages_own_links_stops_at_since_and_resumes(
    web: LocalWeb, redis_url: str, prefix: str, tmp_path: Path
) -> None:
    settings = _settings(web, redis_url, prefix, tmp_path)
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    day = timedelta(days=1)
    newest = [(n, f"خبر رقم {n} عن غارة", NOW - (30 - n) * timedelta(hours=6)) for n in (28, 29)]
    # Ids have gaps (deleted messages): 27, 21-22 and 14 are missing. Only links are followed.
    middle = [
        (n, f"خبر رقم {n} عن قصف", NOW - (30 - n) * timedelta(hours=6)) for n in (23, 24, 25, 26)
    ]
    oldest = [(n, f"خبر قديم {n}", NOW - 9 * day + n * timedelta(minutes=1)) for n in (15, 16, 20)]
    web.route("/s/furatpost", body=preview_page("furatpost", newest, before=28))
    web.route("/s/furatpost?before=28", body=preview_page("furatpost", middle, before=23))
    web.route("/s/furatpost?before=23", status=500, body=b"oops")
    web.route("/s/furatpost?before=15", body=preview_page("furatpost", [], before=None))

    quiet = Console(file=open("/dev/null", "w"))  # noqa: SIM115
    ok = await backfill_source(
        settings, settings.source("furat"), 7 * 86400, redis_url=redis_url, console=quiet
    )
    assert ok is False  # the third page failed; progress so far is kept
    assert {p["id"] for p in _posts(client, prefix)} == {
        f"telegram:furatpost/{n}" for n in (23, 24, 25, 26, 28, 29)
    }
    state = json.loads(client.get(f"{prefix}:cursor:furat:backfill"))
    assert state["before"] == "23"

    web.route("/s/furatpost?before=23", body=preview_page("furatpost", oldest, before=15))
    ok = await backfill_source(
        settings, settings.source("furat"), 7 * 86400, redis_url=redis_url, console=quiet
    )
    assert ok is True
    assert web.hits["/s/furatpost"] == 1  # resumed: the newest page was not fetched again
    assert web.hits["/s/furatpost?before=23"] == 2
    # Posts older than --since are not appended and the page beyond them is never asked for.
    assert web.hits["/s/furatpost?before=15"] == 0
    ids = [p["id"] for p in _posts(client, prefix)]
    assert len(ids) == len(set(ids)) == 6
    assert client.xlen(f"{prefix}:events") >= 1


async def test_channel_without_preview_or_rate_limited_is_reported(
    web: LocalWeb, redis_url: str, prefix: str, tmp_path: Path
) -> None:
    settings = _settings(web, redis_url, prefix, tmp_path)
    landing = (
        b'<html><body><div class="tgme_page"><div class="tgme_page_title"><span>Furat</span>'
        b'</div><div class="tgme_page_extra">1 234 members</div></div></body></html>'
    )
    web.route("/s/furatpost", status=302, headers={"Location": "/furatpost"})
    web.route("/furatpost", body=landing)
    result = await run_once(settings)
    summary = result.summaries[0]
    assert summary.status == "failed" and summary.permanent
    assert any("no_preview" in reason for reason in summary.errors)

    web.route("/s/furatpost", status=429, headers={"Retry-After": "3600"})
    result = await run_once(settings)
    summary = result.summaries[0]
    assert summary.status == "rate-limited" and summary.retry_after == 3600

    web.route("/s/furatpost", status=200, body=preview_page("furatpost", []))
    result = await run_once(settings)
    assert result.summaries[0].status == "ok" and result.summaries[0].new == 0
