"""Telegram public preview pages (``https://t.me/s/<channel>``) → posts: the pure half of the
Telegram source, no I/O. The source runner fetches a page, asks ``classify_channel_page`` what it
got, turns a preview into posts with ``parse_preview_page`` and pages back with ``backfill_next``.

Public API:

- ``parse_preview_page(body, url, *, source="", fetched_at=None) -> ExtractResult``: one ``Post``
  per message (service messages skipped), page facts in ``result.meta`` (see ``PAGE_META``).
- ``classify_channel_page(body, final_url, status) -> PageClass``: ``(kind, reason)`` with kind
  ``preview | no_preview | not_found | empty | unknown``.
- ``backfill_next(meta, since, oldest_seen, *, current=None) -> str | None``: the next ``?before=``.
- ``parse_views("3.1K") -> 3100``.

The keys a ``Post.extra`` may carry are listed in ``telegram_message``, which reads one message;
``telegram_text`` holds the value helpers (views, links, times, message text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Literal, NamedTuple
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from scraper.extract import ExtractResult
from scraper.extract.telegram_message import PERMALINK_BASE, build_post, scan_messages
from scraper.extract.telegram_text import (
    clean,
    parse_views,
    plain_text,
    tweet_status_id,
    undo_double_escape,
)

__all__ = [
    "PAGE_META",
    "PERMALINK_BASE",
    "PageClass",
    "PageKind",
    "backfill_next",
    "classify_channel_page",
    "parse_preview_page",
    "parse_views",
    "tweet_status_id",
    "undo_double_escape",
]


# Keys ``parse_preview_page`` may set in ``ExtractResult.meta``; absent when the page lacks them.
PAGE_META = (
    "channel",  # str: lower-case username
    "title",  # str: channel title
    "before",  # str: the page's own "load older" cursor (its ?before= value)
    "after",  # str: the page's own "load newer" cursor (its ?after= value)
    "newest_id",  # int: highest message number on the page (service messages and albums too)
    "oldest_id",  # int: lowest message number on the page
    "newest_published_at",  # datetime: newest post time
    "oldest_published_at",  # datetime: oldest post time, what backfill compares with --since
)

PageKind = Literal["preview", "no_preview", "not_found", "empty", "unknown"]


class PageClass(NamedTuple):
    """What a fetched channel page turned out to be, and why, in words fit for a log line."""

    kind: PageKind
    reason: str


_BEFORE_PARAM = re.compile(r"[?&]before=(\d+)")
_AFTER_PARAM = re.compile(r"[?&]after=(\d+)")

# --------------------------------------------------------------------------- one page


def _channel_from_url(url: str) -> str | None:
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    match = re.match(r"^/(?:s/)?([A-Za-z0-9_]{3,64})/?$", path)
    return match.group(1).lower() if match else None


def _page_meta(tree: LexborHTMLParser, result: ExtractResult, url: str) -> None:
    meta = result.meta
    username = tree.css_first(".tgme_channel_info_header_username")
    if username is not None:
        name = plain_text(username).lstrip("@")
        if re.fullmatch(r"[A-Za-z0-9_]{3,64}", name):
            meta["channel"] = name.lower()
    title = tree.css_first(".tgme_channel_info_header_title")
    if title is None:
        title = tree.css_first(".tgme_header_title")
    if title is not None and plain_text(title):
        meta["title"] = plain_text(title)
    else:
        og_title = tree.css_first('meta[property="og:title"]')
        if og_title is not None and og_title.attributes.get("content"):
            meta["title"] = clean(og_title.attributes.get("content") or "")

    # The page's own "load more" links are the only safe cursors: ids have gaps (deleted
    # messages, albums), so ``oldest_id - 20`` style paging skips or loops.
    for more in tree.css("a.tme_messages_more"):
        attrs = more.attributes
        for key in ("before", "after"):
            value = (attrs.get(f"data-{key}") or "").strip()
            if value.isdigit() and key not in meta:
                meta[key] = value
    head = tree.head
    for link in head.css('link[rel="prev"], link[rel="next"]') if head is not None else ():
        attrs = link.attributes
        key, pattern = (
            ("before", _BEFORE_PARAM) if attrs.get("rel") == "prev" else ("after", _AFTER_PARAM)
        )
        match = pattern.search(undo_double_escape(attrs.get("href") or ""))
        if match and key not in meta:
            meta[key] = match.group(1)


def parse_preview_page(
    body: bytes | str,
    url: str,
    *,
    source: str = "",
    fetched_at: datetime | None = None,
) -> ExtractResult:
    """Every message of a ``t.me/s/<channel>`` page (or a fragment of one) as a ``Post``.

    ``url`` is the page's final URL; relative links resolve against it. Posts come in page order
    (oldest first, as Telegram lists them). Service messages (channel created, pinned, photo
    changed…) are counted in ``skipped["service"]``, not returned; a block without a usable
    ``data-post`` in ``skipped["no_id"]``; a block that broke the parser in ``skipped["error"]``.
    Never raises: broken, truncated or binary input gives whatever parsed.
    """
    result = ExtractResult()
    base = url or PERMALINK_BASE + "/s/"
    try:
        tree = LexborHTMLParser(body)
        messages = scan_messages(tree, result, base)
    except Exception:  # lexbor rejects some inputs (e.g. wrong types); the contract is no raise
        result.skip("unparseable")
        return result

    ids: list[int] = []
    times: list[datetime] = []
    for fields in messages:
        ids.append(fields.number)
        if fields.dropped:
            continue
        post = build_post(fields, source=source, fetched_at=fetched_at)
        ids.extend(int(i.rsplit("/", 1)[1]) for i in post.extra.get("album_ids", ()))
        if post.published_at is not None:
            times.append(post.published_at)
        result.posts.append(post)

    try:
        _page_meta(tree, result, url)
    except Exception:
        result.skip("meta_error")
    if ids:
        result.meta["newest_id"] = max(ids)
        result.meta["oldest_id"] = min(ids)
    if "channel" not in result.meta:
        # The page header is missing from fragments; the messages' own data-post is the next
        # best witness, the URL we were given the last.
        channel = messages[0].channel if messages else _channel_from_url(url)
        if channel:
            result.meta["channel"] = channel.lower()
    if times:
        result.meta["newest_published_at"] = max(times)
        result.meta["oldest_published_at"] = min(times)
    return result


# --------------------------------------------------------------------------- page kinds


def classify_channel_page(body: bytes | str, final_url: str, status: int) -> PageClass:
    """Tell a preview page from the cases the source must report instead of parsing.

    - ``preview``: a t.me/s page with messages;
    - ``empty``: a t.me/s page of an existing channel with no messages;
    - ``no_preview``: Telegram sent the ``t.me/<name>`` landing page instead (it redirects there
      for groups, users, bots and channels without a public preview);
    - ``not_found``: the landing page of a username nobody holds (no title), or HTTP 404/410;
    - ``unknown``: anything else (an error page, a captcha, garbage); worth a retry, not a
      verdict on the channel.

    Rate limiting (429) and server errors are fetch outcomes, decided before this is called.
    """
    if status in (404, 410):
        return PageClass("not_found", f"HTTP {status}")
    if status >= 400:
        return PageClass("unknown", f"HTTP {status}")
    try:
        tree = LexborHTMLParser(body)
        messages = tree.css(".tgme_widget_message[data-post]")
        if messages:
            return PageClass("preview", f"{len(messages)} messages")
        preview_marker = ".tgme_channel_history, .tgme_channel_info, .tme_no_messages_found"
        if tree.css_first(preview_marker) is not None:
            return PageClass("empty", "preview page has no messages")
        landing = tree.css_first(".tgme_page")
        title = tree.css_first(".tgme_page_title")
        extra_node = tree.css_first(".tgme_page_extra")
        preview_link = tree.css_first("a.tgme_page_context_link")
    except Exception:
        return PageClass("unknown", "unparseable page")

    redirected = "/s/" not in (final_url or "")
    if landing is not None:
        if title is None or not plain_text(title):
            return PageClass("not_found", "landing page without a title: no such username")
        what = plain_text(extra_node) if extra_node is not None else ""
        if "member" in what:
            kind = "a group"
        elif "subscriber" in what:
            kind = "a channel"
        else:
            kind = "a user or bot"
        how = "redirected to the landing page" if redirected else "landing page"
        hint = ", which links a preview" if preview_link is not None else ""
        return PageClass("no_preview", f"{how}: {kind}{hint}, no public preview served")
    return PageClass("unknown", "neither a preview nor a landing page")


# --------------------------------------------------------------------------- backfill


def backfill_next(
    meta: Mapping[str, object],
    since: datetime,
    oldest_seen: datetime | None,
    *,
    current: str | None = None,
) -> str | None:
    """The ``?before=`` value of the next older page, or None to stop.

    ``meta`` is ``ExtractResult.meta`` of the page just parsed, ``oldest_seen`` the oldest post
    time on it (``meta["oldest_published_at"]`` is used when None), ``current`` the ``before``
    value that fetched it (None for the newest page). Stops when the page reached ``since``, when
    it has no "load older" link, or when that link does not move back from ``current`` (a loop
    guard). Only the page's own link is followed, never arithmetic on ids.
    """
    if oldest_seen is None:
        seen = meta.get("oldest_published_at")
        oldest_seen = seen if isinstance(seen, datetime) else None
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    if oldest_seen is not None:
        if oldest_seen.tzinfo is None:
            oldest_seen = oldest_seen.replace(tzinfo=UTC)
        if oldest_seen <= since:
            return None
    before = meta.get("before")
    if not isinstance(before, str) or not before.isdigit():
        return None
    if current is not None:
        if before == current:
            return None
        if current.isdigit() and int(before) >= int(current):
            return None
    return before
