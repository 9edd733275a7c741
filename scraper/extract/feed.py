"""Feed extractor: RSS/Atom bytes (fetched by our own HTTP client) → one post per entry, plus the
entry links that lead to article pages. feedparser does the format work; it is given bytes only,
never a URL, so it never makes a request of its own.
"""

from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime
from typing import Any

import feedparser
from selectolax.lexbor import LexborHTMLParser

from scraper.extract import ExtractResult
from scraper.models import Post, web_post_id

# Feedparser flags these as bozo although the entries are fine (a declared encoding that was
# overridden, a non-XML media type): not worth a counted reason.
_BENIGN_BOZO: tuple[type[Exception], ...] = (
    feedparser.CharacterEncodingOverride,
    feedparser.NonXMLContentType,
)


def _entry_time(entry: Any) -> datetime | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value: time.struct_time | None = entry.get(name)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, OSError):
                continue
    return None


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, paragraph and line breaks kept."""
    if "<" not in fragment:
        return fragment.strip()
    tree = LexborHTMLParser(fragment)
    root = tree.body or tree.root
    if root is None:
        return ""
    for node in root.css("br"):
        node.replace_with("\n")
    for node in root.css("p, div, li, h1, h2, h3, h4"):
        node.insert_after("\n")
    lines = (" ".join(line.split()) for line in (root.text(deep=True) or "").splitlines())
    return "\n".join(line for line in lines if line)


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    best = ""
    for content in contents:
        value = content.get("value") or ""
        if len(value) > len(best):
            best = value
    summary = entry.get("summary") or ""
    return html_to_text(best if len(best) > len(summary) else summary)


def _entry_media(entry: Any) -> list[str]:
    urls: list[str] = []
    for item in entry.get("media_content") or []:
        if item.get("url"):
            urls.append(item["url"])
    for link in entry.get("links") or []:
        if link.get("rel") == "enclosure" and link.get("href"):
            urls.append(link["href"])
    return list(dict.fromkeys(urls))


def extract_feed(
    body: bytes,
    url: str,
    *,
    source: str = "",
    lang: str | None = None,
    fetched_at: datetime | None = None,
) -> ExtractResult:
    """Posts from feed entries (title + summary) and, in ``links``, the article URLs to follow."""
    result = ExtractResult()
    if not body.strip():
        result.skip("empty-feed")
        return result
    try:
        parsed = feedparser.parse(body, response_headers={"content-location": url})
    except Exception as exc:  # feedparser is lenient, but a hostile body must not escape
        result.skip(f"feed-unparsable: {type(exc).__name__}")
        return result
    bozo = parsed.get("bozo_exception")
    if bozo is not None and "amplification" in str(bozo):
        # expat refused an entity-expansion bomb (billion laughs); feedparser's loose fallback
        # would still hand back the entries with their entity references unexpanded as text.
        result.skip("feed-unparsable: entity expansion refused")
        return result
    entries = parsed.get("entries") or []
    if not entries:
        result.skip("feed-unparsable" if parsed.get("bozo") else "feed-empty")
        result.meta["bozo"] = str(parsed.get("bozo_exception", ""))[:200]
        return result
    if parsed.get("bozo") and bozo is not None and not isinstance(bozo, _BENIGN_BOZO):
        # A truncated or broken feed still yields the entries before the damage: keep them,
        # but count why, so a feed that is always broken shows in the metrics.
        result.skip(f"feed-malformed: {type(bozo).__name__}")
    feed_lang = lang or (parsed.get("feed", {}).get("language") or None)
    fetched = fetched_at or datetime.now(UTC)
    for entry in entries:
        link = (entry.get("link") or "").strip()
        if not link.startswith(("http://", "https://")):
            result.skip("entry-without-link")
            continue
        title = " ".join((entry.get("title") or "").split()) or None
        text = _entry_text(entry)
        if not title and not text:
            result.skip("entry-without-text")
            continue
        result.posts.append(
            Post(
                id=web_post_id(link),
                source=source,
                kind="article",
                url=link,
                title=title,
                text=text or title or "",
                published_at=_entry_time(entry),
                fetched_at=fetched,
                author=entry.get("author") or None,
                lang=(feed_lang or None),
                media=_entry_media(entry),
            )
        )
        result.links.append(link)
    return result
