"""Outlet sources end to end: feeds leading to article pages, listing pages with a link
selector, and bad entries that are counted while the rest continue."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import redis

from scraper.config import Settings, settings_from_dict
from scraper.daemon import run_once
from tests.pages import BASE_TIME, STRIKES, article_html, rss
from tests.support.webserver import LocalWeb


def _settings(
    redis_url: str, prefix: str, tmp_path: Path, sources: list[dict[str, object]]
) -> Settings:
    return settings_from_dict(
        {
            "redis": {"url": redis_url, "prefix": prefix},
            "daemon": {"data_dir": str(tmp_path), "metrics": "off", "lease_ms": 5000},
            "http": {"allow_private_networks": True, "per_host_delay": 0, "retries": 0},
            "twitter": {"resolve": False},
            "sources": sources,
        },
        environ={},
    )


def _posts(redis_url: str, prefix: str) -> list[dict[str, object]]:
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    return [json.loads(f["post"]) for _i, f in client.xrange(f"{prefix}:posts")]


async def test_feed_entries_lead_to_articles_and_bad_entries_are_counted(
    web: LocalWeb, redis_url: str, prefix: str, tmp_path: Path
) -> None:
    base = web.url("")
    b_title, b_body = STRIKES["bukamal"]
    i_title, i_body = STRIKES["idlib"]
    web.route("/a/1", body=article_html(b_title, b_body, BASE_TIME, tweet=True))
    web.route("/a/2", status=404, body=b"gone")
    feed = rss(
        base,
        [
            ("/a/1", b_title, "ملخص قصير", BASE_TIME),
            ("/a/2", i_title, i_body, BASE_TIME + timedelta(hours=1)),
        ],
    ).replace(b"</channel>", b"<item><title>no link here</title></item></channel>")
    url = web.route("/feed.xml", body=feed, content_type="application/rss+xml")
    settings = _settings(
        redis_url, prefix, tmp_path, [{"name": "syria-tv", "kind": "feed", "url": url}]
    )

    result = await run_once(settings)

    summary = result.summaries[0]
    assert summary.status == "ok"
    assert summary.errors["skip: entry-without-link"] == 1
    assert summary.errors["article: http 404"] == 1
    posts = {p["kind"] + ":" + str(p["url"]): p for p in _posts(redis_url, prefix)}
    article = posts[f"article:{base}/a/1"]
    # The article page, not the feed's short summary, is what was published.
    assert "مستودعات أسلحة" in str(article["text"]) and "ملخص قصير" not in str(article["text"])
    assert article["source"] == "syria-tv"
    assert article["embeds"] == ["tweet:1861234567890123456"]
    tweet = posts["tweet:https://twitter.com/DeirEzzore24/status/1861234567890123456"]
    assert tweet["embedded_in"] == [article["id"]]
    # The 404 article falls back to its feed entry: the report is not lost.
    fallback = posts[f"article:{base}/a/2"]
    assert "كفرنبل" in str(fallback["text"])
    assert len(posts) == 3


async def test_listing_page_source_follows_selected_links_once(
    web: LocalWeb, redis_url: str, prefix: str, tmp_path: Path
) -> None:
    b_title, b_body = STRIKES["bukamal"]
    i_title, i_body = STRIKES["idlib"]
    web.route("/news/bukamal", body=article_html(b_title, b_body, BASE_TIME))
    web.route("/news/idlib", body=article_html(i_title, i_body, BASE_TIME + timedelta(hours=2)))
    listing = (
        b"<html><body><nav><a href='/about'>about</a></nav><main>"
        b"<h2 class='title'><a href='/news/bukamal'>1</a></h2>"
        b"<h2 class='title'><a href='/news/idlib'>2</a></h2></main></body></html>"
    )
    url = web.route("/news/", body=listing)
    settings = _settings(
        redis_url,
        prefix,
        tmp_path,
        [{"name": "enab", "kind": "page", "url": url, "selectors": {"links": "h2.title a"}}],
    )

    first = await run_once(settings)
    assert first.summaries[0].new == 2
    assert web.hits["/about"] == 0
    titles = {p["title"] for p in _posts(redis_url, prefix)}
    assert titles == {b_title, i_title}

    await run_once(settings)
    assert web.hits["/news/bukamal"] == 1  # a known article is not fetched again
    assert len(_posts(redis_url, prefix)) == 2
