"""Embedded tweets: each ``blockquote.twitter-tweet`` in an article or listing becomes its own post.

Outlets quote the army's or a ministry's tweet instead of retelling it, so the tweet is a report of
its own in the dedup stage. The article extractor calls ``extract_embedded_tweets`` first, records
the ids in the article's ``embeds`` and removes the blockquotes before it scores the body text.
The embed markup is Twitter's publishing snippet: ``<p>`` text, then ``— Name (@handle)`` and a
link to ``/status/<id>`` whose text is the date in the page's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract.dates import parse_date
from scraper.models import Post, tweet_post_id

# Rendered embeds become "twitter-tweet twitter-tweet-rendered" divs; video embeds use
# "twitter-video". The substring match finds every variant; nested matches are dropped below.
EMBED_SELECTOR = (
    'blockquote[class*="twitter-tweet"], [class~="twitter-tweet"], blockquote.twitter-video'
)
# The same embeds (blockquotes filtered in Python) plus the elements that can park them as text.
# Not <noscript>: parsed as a browser without scripting does (our parsers' default), its
# content is markup, and an embed in it is found like any other.
_HOLDER_TAGS = frozenset({"textarea", "template"})
_SCAN_SELECTOR = 'blockquote, [class~="twitter-tweet"], textarea, template'

_STATUS_RE = re.compile(
    r"^https?://(?:www\.|mobile\.|m\.)?(?:twitter|x)\.com/"
    r"(?:(?P<handle>\w{1,15})|i(?:/web)?)/status(?:es)?/(?P<id>\d{1,25})",
    re.I,
)
# "— Radu Oncescu (@oncescuradu)": em dash, en dash or hyphen, then the name and handle.
_FOOTER_RE = re.compile(r"[—–-]\s*(?P<name>[^\n]*?)\s*\(@(?P<handle>\w{1,15})\)")


def find_tweet_links(urls: Iterable[str]) -> list[tuple[str, str]]:
    """``(handle, status_id)`` for each distinct tweet URL; handle is "" for ``/i/web/status``."""
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for url in urls:
        if not url:
            continue
        match = _STATUS_RE.match(url.strip())
        if not match or match.group("id") in seen:
            continue
        seen.add(match.group("id"))
        found.append((match.group("handle") or "", match.group("id")))
    return found


def tweet_url(handle: str, status_id: str) -> str:
    return f"https://twitter.com/{handle or 'i/web'}/status/{status_id}"


def embed_nodes(root: LexborHTMLParser | LexborNode) -> list[LexborNode]:
    """Outermost embed elements, in document order (inner matches belong to their outer one)."""
    return _outermost(list(root.css(EMBED_SELECTOR)))


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """``nodes`` (document order) without repeats and without those nested in another."""
    if len(nodes) < 2:
        return nodes
    outer: list[LexborNode] = []
    ids: set[int] = set()
    for node in nodes:
        # A selector list can return one node twice; and a node nested in an embed is part of it.
        if node.mem_id in ids:
            continue
        parent = node.parent
        nested = False
        while parent is not None:
            if parent.mem_id in ids:
                nested = True
                break
            parent = parent.parent
        ids.add(node.mem_id)
        if not nested:
            outer.append(node)
    return outer


def _strip_tracking(url: str) -> str:
    """Drop ``?ref_src=twsrc...`` and the like: the embed snippet adds them to every link."""
    parts = urlsplit(url)
    if "twitter.com" in parts.netloc or "x.com" in parts.netloc:
        query = "&".join(q for q in parts.query.split("&") if q and not q.startswith("ref_"))
        return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
    return url


def _inline_text(node: LexborNode) -> str:
    """Text of a node with ``<br>`` kept as a line break and other whitespace collapsed."""
    pieces: list[str] = []
    for child in node.traverse(include_text=True):
        if child.is_text_node:
            pieces.append(child.text_content or "")
        elif child.tag == "br":
            pieces.append("\n")
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _is_footer(text: str) -> bool:
    return bool(_FOOTER_RE.match(text.lstrip()))


def _tweet_text(node: LexborNode) -> str:
    paragraphs = [_inline_text(p) for p in node.css("p")]
    kept = [p for p in paragraphs if p and not _is_footer(p)]
    if kept:
        return "\n".join(kept)
    if paragraphs:
        return ""
    # No <p> at all: the text sits directly in the blockquote, before the "— Name" footer.
    whole = _inline_text(node)
    footer = _FOOTER_RE.search(whole)
    return whole[: footer.start()].strip() if footer else whole


def _parse_embed(node: LexborNode, source: str, fetched_at: datetime | None) -> Post | None:
    anchors = [(a.attributes.get("href") or "", a) for a in node.css("a[href]")]
    statuses = [
        (match, anchor) for href, anchor in anchors if (match := _STATUS_RE.match(href.strip()))
    ]
    if not statuses:
        return None
    # The permalink is the last status link: earlier ones may be quoted tweets in the text.
    match, date_anchor = statuses[-1]
    status_id = match.group("id")
    whole = _inline_text(node)
    # The last "— Name (@handle)" is the footer; earlier ones may be quoted in the text.
    footers = list(_FOOTER_RE.finditer(whole))
    footer = footers[-1] if footers else None
    handle = match.group("handle") or (footer.group("handle") if footer else "")
    author = footer.group("name").strip() if footer else None
    date_text = " ".join((date_anchor.text() or "").split())
    text = _tweet_text(node)
    links: list[str] = []
    for href, anchor in anchors:
        if anchor.mem_id == date_anchor.mem_id or not href.startswith(("http://", "https://")):
            continue
        clean = _strip_tracking(href)
        if clean not in links:
            links.append(clean)
    lang = None
    for candidate in (node.css_first("p[lang]"), node):
        if candidate is not None:
            lang = candidate.attributes.get("lang") or candidate.attributes.get("data-lang")
            if lang:
                break
    return Post(
        id=tweet_post_id(status_id),
        source=source,
        kind="tweet",
        url=tweet_url(handle, status_id),
        text=text,
        published_at=parse_date(date_text),
        fetched_at=fetched_at,
        author=author or None,
        lang=lang or None,
        extra={"handle": handle, "links": links, "date_text": date_text},
    )


def extract_embedded_tweets(
    tree: LexborHTMLParser | LexborNode,
    *,
    source: str = "",
    fetched_at: datetime | None = None,
    remove: bool = False,
) -> list[Post]:
    """One post per distinct embedded tweet; with ``remove``, the embeds leave the tree."""
    posts: list[Post] = []
    seen: set[str] = set()
    for node in _embeds_with_deferred(tree):
        post = _parse_embed(node, source, fetched_at)
        if post is not None and post.id not in seen:
            seen.add(post.id)
            posts.append(post)
        if remove and node.parser is _tree_parser(tree):
            node.decompose()
    return posts


def _tree_parser(tree: LexborHTMLParser | LexborNode) -> LexborHTMLParser:
    return tree if isinstance(tree, LexborHTMLParser) else tree.parser


def _embeds_with_deferred(tree: LexborHTMLParser | LexborNode) -> list[LexborNode]:
    """Embeds in the tree, plus those a consent manager parked as raw text.

    Cookie-consent scripts keep third-party markup inside ``<textarea hidden>`` (or a
    ``<template>``) until the reader agrees (amnesty.de does this); the parser sees only text
    there, so that text is parsed on its own. Only done when it mentions the embed class: it
    costs a parse.

    Embeds and holders come from one selector pass over the page (every article page goes
    through here, most with no embed at all): blockquotes are told apart in Python.
    """
    found: list[LexborNode] = []
    deferred: list[LexborNode] = []
    for node in tree.css(_SCAN_SELECTOR):
        tag = node.tag
        if tag in _HOLDER_TAGS:
            raw = node.text() or ""
            if "twitter-tweet" in raw:
                deferred.extend(embed_nodes(LexborHTMLParser(raw)))
        elif tag != "blockquote" or _is_embed_quote(node.attributes.get("class") or ""):
            found.append(node)
    return _outermost(found) + deferred


def _is_embed_quote(classes: str) -> bool:
    return "twitter-tweet" in classes or "twitter-video" in classes.split()
