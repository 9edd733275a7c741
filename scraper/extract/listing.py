"""Listing pages → the article links to fetch next (``page`` sources without a feed).

A configured CSS selector wins; otherwise every same-site link whose path looks like an article
(an id, a date or a long slug) is kept, in page order, once.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from scraper.extract import ExtractResult
from scraper.extract.article_html import (
    absolute_url,
    base_url,
    dedupe,
    parse_page,
    select_nodes,
    site_of,
)
from scraper.extract.embedded_tweets import extract_embedded_tweets

log = logging.getLogger(__name__)


def extract_listing(
    body: bytes,
    url: str,
    *,
    selector: str | None = None,
    source: str = "",
    content_type: str | None = None,
    fetched_at: datetime | None = None,
) -> ExtractResult:
    """Absolute article links in ``links`` (selector or heuristics), embedded tweets as posts."""
    result = ExtractResult()
    tree = parse_page(body, content_type, result)
    if tree is None:
        return result
    try:
        result.posts.extend(extract_embedded_tweets(tree, source=source, fetched_at=fetched_at))
        base = base_url(tree, url)
        if selector:
            anchors = select_nodes(tree, selector, result, "selector")
            # A selector may point at the teaser box rather than the <a>: take the links inside.
            nodes = [a for node in anchors for a in ([node] if node.tag == "a" else node.css("a"))]
            candidates = [absolute_url(base, a.attributes.get("href")) for a in nodes]
            result.links.extend(dedupe(link for link in candidates if link))
        else:
            result.links.extend(_article_links(tree, base, url))
        if not result.links:
            result.skip("no-links")
    except Exception as exc:  # see extract_article: never raise
        log.warning("listing extraction failed for %s: %r", url, exc)
        result.skip("parse-error")
    return result


_NOT_ARTICLE_PATH = re.compile(
    r"/(?:tag|tags|category|categories|section|author|authors|page|search|login|signin|"
    r"register|subscribe|account|about|contact|privacy|terms|feed|rss|wp-admin|wp-login|"
    r"cdn-cgi|topics?)(?:/|$)|\.(?:jpe?g|png|gif|webp|svg|pdf|zip|mp[34]|css|js|xml)$",
    re.I,
)


def _looks_like_article(path: str) -> bool:
    """Paths of articles carry an id, a date or a long slug; section pages do not."""
    if _NOT_ARTICLE_PATH.search(path):
        return False
    segments = [s for s in path.split("/") if s]
    if not segments:
        return False
    last = max(segments, key=len)
    if re.search(r"\d{4,}", path):
        return True
    if last.count("-") + last.count("_") >= 3:
        return True
    # Arabic, CJK... slugs are percent-encoded or raw non-ASCII: a long one is an article.
    return len(segments) >= 2 and len(last) >= 30


def _article_links(tree: LexborHTMLParser, base: str, page_url: str) -> list[str]:
    site = site_of(page_url)
    page = absolute_url(page_url, page_url)
    links: list[str] = []
    for anchor in tree.css("a[href]"):
        link = absolute_url(base, anchor.attributes.get("href"))
        if not link or link == page or site_of(link) != site:
            continue
        if _looks_like_article(urlsplit(link).path):
            links.append(link)
    return dedupe(links)
