"""Article and listing pages → posts: the extract step for outlets (``feed`` and ``page`` sources).

``extract_article`` turns one fetched article page into the article post followed by a post per
embedded tweet; ``extract_listing`` (in ``listing``, re-exported here) turns a listing page into
the article links to fetch next. Pure functions: bytes and a URL in, an ``ExtractResult`` out,
never an exception for bad input.

Metadata comes from what the publisher states (``article_meta``), the body from scoring blocks of
text (``article_body``); per-source CSS selectors from config replace any of these guesses.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import datetime

from selectolax.lexbor import LexborHTMLParser

from scraper.extract import ExtractResult
from scraper.extract.article_body import main_text
from scraper.extract.article_html import base_url, note_miss, parse_page, select_nodes
from scraper.extract.article_meta import (
    canonical_url,
    find_author,
    find_lang,
    find_published,
    find_title,
    ld_str,
    lead_image,
    page_metadata,
    selected_text,
)
from scraper.extract.article_text import render_text
from scraper.extract.dates import search_date
from scraper.extract.embedded_tweets import extract_embedded_tweets
from scraper.extract.listing import extract_listing
from scraper.models import Post, web_post_id

__all__ = ["extract_article", "extract_listing", "main_text", "render_text"]

log = logging.getLogger(__name__)


def extract_article(
    body: bytes,
    url: str,
    *,
    source: str = "",
    content_type: str | None = None,
    selectors: Mapping[str, str] | None = None,
    fetched_at: datetime | None = None,
) -> ExtractResult:
    """The article post, then one post per embedded tweet; reasons in ``skipped`` otherwise."""
    # Pages that say (or imply) UTF-8 are parsed without checking the whole page first; if what
    # comes out holds a replacement character the page was mislabelled (cp1252 sent as UTF-8,
    # say), and it is parsed again with the full check and the detector behind it.
    result = _extract(body, url, source, content_type, selectors or {}, fetched_at, trust=True)
    article = result.posts[0] if result.posts and result.posts[0].kind == "article" else None
    if article is not None and "\ufffd" in f"{article.text}{article.title or ''}":
        result = _extract(body, url, source, content_type, selectors or {}, fetched_at, trust=False)
    return result


def _extract(
    body: bytes,
    url: str,
    source: str,
    content_type: str | None,
    selectors: Mapping[str, str],
    fetched_at: datetime | None,
    *,
    trust: bool,
) -> ExtractResult:
    result = ExtractResult()
    tree = parse_page(body, content_type, result, trust_utf8=trust)
    if tree is None:
        return result
    try:
        _extract_article(tree, url, source, selectors, fetched_at, result)
    except Exception as exc:  # the contract is "never raise": a parser bug must not stop a source
        log.warning("article extraction failed for %s: %r", url, exc)
        result.skip("parse-error")
    return result


def _extract_article(
    tree: LexborHTMLParser,
    url: str,
    source: str,
    selectors: Mapping[str, str],
    fetched_at: datetime | None,
    result: ExtractResult,
) -> None:
    base = base_url(tree, url)
    meta, ld = page_metadata(tree)
    canonical = canonical_url(tree, meta, ld, url, base)
    article_id = web_post_id(canonical)

    tweets = extract_embedded_tweets(tree, source=source, fetched_at=fetched_at, remove=True)

    title = selected_text(tree, selectors.get("title"), result, "title") or find_title(
        tree, meta, ld
    )
    published = find_published(tree, selectors.get("time"), meta, ld, result)
    author = selected_text(tree, selectors.get("author"), result, "author") or find_author(
        tree, meta, ld
    )
    lang = find_lang(tree, meta, ld)
    image = lead_image(meta, ld, base)

    text = ""
    body_selector = selectors.get("body")
    if body_selector:
        nodes = select_nodes(tree, body_selector, result, "body")
        text = "\n\n".join(filter(None, (render_text(n) for n in nodes)))
        if not text:
            note_miss(result, "selector_miss", "body")
    if not text:
        text = main_text(tree, title=title)
    ld_body = ld_str(ld, "articleBody")
    if ld_body and len(ld_body) > 2 * len(text):
        # The publisher's own copy of the body beats a guess that found much less of it.
        text = "\n\n".join(p.strip() for p in re.split(r"\n\s*\n|\r\n", ld_body) if p.strip())
    if not text:
        result.skip("no-body")
        if tweets:
            # The page is empty around its embeds (a tweet-only liveblog entry): keep the tweets.
            result.posts.extend(tweets)
        return
    if published is None:
        published = search_date(text[:600])

    article = Post(
        id=article_id,
        source=source,
        kind="article",
        url=canonical,
        text=text,
        published_at=published,
        fetched_at=fetched_at,
        title=title or None,
        author=author or None,
        lang=lang,
        media=[image] if image else [],
        embeds=[t.id for t in tweets],
    )
    for tweet in tweets:
        tweet.embedded_in = [article_id]
    result.posts.append(article)
    result.posts.extend(tweets)
