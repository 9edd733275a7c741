"""What the publisher states about an article: JSON-LD, OpenGraph/meta, ``<time>``, bylines.

Title, publish time, author, language, lead image and canonical URL come from here; every finder
takes the parsed tree plus the page's meta tags and JSON-LD article object, and returns a value
or an empty one, never raises.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract import ExtractResult
from scraper.extract.article_html import absolute_url, note_miss, select_nodes, site_of
from scraper.extract.dates import parse_date, search_date

_ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "blogposting",
        "backgroundnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "liveblogposting",
        "scholarlyarticle",
        "techarticle",
        "report",
    }
)
_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "article:published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "published_time",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "cxenseparse:recs:publishtime",
    "datecreated",
    "article:modified_time",
)
_AUTHOR_META = ("author", "article:author", "dc.creator", "sailthru.author", "parsely-author")
# Meta tags and JSON-LD scripts are read in one pass over the page (both can sit in the body).
_METADATA_SELECTOR = 'meta[content], script[type*="ld+json"]'
_TITLE_SEPARATORS = re.compile(r"\s+[|–—:·»-]\s+")


def page_metadata(tree: LexborHTMLParser) -> tuple[dict[str, str], dict[str, Any]]:
    """The page's meta tags and its JSON-LD article object, from one pass over the page.

    Meta tags: ``<meta name|property|itemprop=... content=...>``, lower-cased keys, first one
    wins. JSON-LD: the article object (an article type over a WebPage), or an empty dict.
    """
    meta: dict[str, str] = {}
    best: dict[str, Any] = {}
    best_rank = 0
    for node in tree.css(_METADATA_SELECTOR):
        attrs = node.attributes
        if node.tag == "meta":
            content = (attrs.get("content") or "").strip()
            if not content:
                continue
            for key in ("property", "name", "itemprop", "http-equiv"):
                name = attrs.get(key)
                if name:
                    meta.setdefault(name.strip().lower(), content)
            continue
        for item in _ld_objects(_load_json(node.text())):
            types = item.get("@type")
            names = [types] if isinstance(types, str) else types if isinstance(types, list) else []
            lowered = {str(t).lower() for t in names}
            rank = 2 if lowered & _ARTICLE_TYPES else 1 if "webpage" in lowered else 0
            if rank > best_rank:
                best, best_rank = item, rank
    return meta, best


def _load_json(raw: str) -> Any:
    raw = raw.strip()
    if not raw:
        return None
    try:
        return json.loads(raw, strict=False)
    except ValueError:
        pass
    # Hand-written JSON-LD breaks in a few usual ways: trailing commas, HTML comments or CDATA
    # wrappers, two objects back to back. Repair those; give up otherwise.
    fixed = re.sub(
        r"^\s*(?:<!--|/\*<!\[CDATA\[\*/|//<!\[CDATA\[)|(?:-->|/\*\]\]>\*/|//\]\]>)\s*$", "", raw
    )
    fixed = re.sub(r",\s*([}\]])", r"\1", fixed)
    try:
        return json.loads(fixed, strict=False)
    except ValueError:
        pass
    try:
        return json.loads("[" + re.sub(r"}\s*{", "},{", fixed) + "]", strict=False)
    except ValueError:
        return None


def _ld_objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every dict that could be the article: top level, lists and ``@graph``, not too deep."""
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data[:50]:
            yield from _ld_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if isinstance(graph, list | dict):
            yield from _ld_objects(graph, depth + 1)
        entity = data.get("mainEntity")
        if isinstance(entity, dict):
            yield from _ld_objects(entity, depth + 1)


def ld_str(ld: Mapping[str, Any], key: str) -> str:
    value = ld.get(key)
    if isinstance(value, list) and value:
        value = value[0]
    if isinstance(value, dict):
        value = value.get("name") or value.get("url") or value.get("@id")
    return (
        " ".join(value.split())
        if key != "articleBody" and isinstance(value, str)
        else (value if isinstance(value, str) else "")
    )


def find_title(tree: LexborHTMLParser, meta: Mapping[str, str], ld: Mapping[str, Any]) -> str:
    h1 = node_text(tree.css_first("h1"))
    for candidate in (ld_str(ld, "headline"), meta.get("og:title"), meta.get("twitter:title")):
        if candidate:
            candidate = " ".join(candidate.split())
            # og:title often carries the outlet's name ("Headline - S A N A"); the page's <h1>
            # is the same headline without it.
            if h1 and h1 != candidate and h1 in candidate:
                return h1
            return candidate
    if h1:
        return h1
    raw = node_text(head_first(tree, "title"))
    # "Headline | Outlet": keep the longest part, which is the headline on nearly every site.
    parts = _TITLE_SEPARATORS.split(raw)
    return max(parts, key=len).strip() if parts else ""


def find_published(
    tree: LexborHTMLParser,
    selector: str | None,
    meta: Mapping[str, str],
    ld: Mapping[str, Any],
    result: ExtractResult,
) -> datetime | None:
    if selector:
        for node in select_nodes(tree, selector, result, "time"):
            found = parse_date(node.attributes.get("datetime") or "") or parse_date(
                node.attributes.get("content") or ""
            )
            found = found or parse_date(node_text(node)) or search_date(node_text(node))
            if found:
                return found
    for key in ("datePublished", "dateCreated", "uploadDate", "dateModified"):
        found = parse_date(ld_str(ld, key))
        if found:
            return found
    for key in _PUBLISHED_META:
        found = parse_date(meta.get(key))
        if found:
            return found
    for node in tree.css("time[datetime], [itemprop=datePublished]"):
        attrs = node.attributes
        found = parse_date(attrs.get("datetime") or attrs.get("content") or "")
        if found is None:
            found = parse_date(node_text(node))
        if found:
            return found
    for node in tree.css("time, .date, .published, .post-date, .entry-date, .article-date"):
        found = search_date(node_text(node), limit=200)
        if found:
            return found
    return None


def find_author(tree: LexborHTMLParser, meta: Mapping[str, str], ld: Mapping[str, Any]) -> str:
    value = ld.get("author")
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict) and isinstance(item.get("name"), str):
            names.append(item["name"])
        elif isinstance(item, str):
            names.append(item)
    names = [" ".join(n.split()) for n in names if n and not n.startswith("http")]
    if names:
        return ", ".join(dict.fromkeys(names))
    for key in _AUTHOR_META:
        candidate = meta.get(key)
        # article:author is often a profile URL, which is not a name.
        if candidate and not candidate.startswith(("http://", "https://")):
            return " ".join(candidate.split())
    for node in tree.css("[rel=author], [itemprop=author], .byline, .author-name, .author"):
        text = node_text(node)
        if 2 < len(text) < 80:
            return re.sub(r"^(?:by|von|par|por|di|بقلم)\s+", "", text, flags=re.I)
    return ""


def find_lang(tree: LexborHTMLParser, meta: Mapping[str, str], ld: Mapping[str, Any]) -> str | None:
    html = tree.root
    for candidate in (
        ld_str(ld, "inLanguage"),
        html.attributes.get("lang") if html is not None else None,
        meta.get("og:locale"),
        meta.get("content-language"),
        meta.get("language"),
    ):
        if candidate:
            primary = re.split(r"[-_,\s]", candidate.strip())[0].lower()
            if re.fullmatch(r"[a-z]{2,3}", primary):
                return primary
    return None


def lead_image(meta: Mapping[str, str], ld: Mapping[str, Any], base: str) -> str | None:
    for candidate in (
        meta.get("og:image"),
        meta.get("og:image:url"),
        meta.get("og:image:secure_url"),
        ld_str(ld, "image"),
        meta.get("twitter:image"),
        meta.get("twitter:image:src"),
    ):
        absolute = absolute_url(base, candidate)
        if absolute:
            return absolute
    return None


def canonical_url(
    tree: LexborHTMLParser,
    meta: Mapping[str, str],
    ld: Mapping[str, Any],
    url: str,
    base: str,
) -> str:
    """The page's own canonical URL, if it stays on the fetched site; else the fetched URL.

    The post id is a hash of this URL, so a page must not be able to claim another site's
    address (and collide with, or shadow, that site's article) by declaring it canonical.
    """
    link = head_first(tree, 'link[rel~="canonical"][href]')
    candidates = [
        link.attributes.get("href") if link is not None else None,
        meta.get("og:url"),
        ld_str(ld, "mainEntityOfPage"),
        ld_str(ld, "url"),
    ]
    fetched = site_of(url)
    for candidate in candidates:
        absolute = absolute_url(base, candidate)
        if absolute and site_of(absolute) == fetched:
            return absolute
    return absolute_url(url, url) or url


def node_text(node: LexborNode | None) -> str:
    if node is None:
        return ""
    return " ".join((node.text(separator=" ") or "").split())


def selected_text(
    tree: LexborHTMLParser, selector: str | None, result: ExtractResult, key: str
) -> str:
    if not selector:
        return ""
    for node in select_nodes(tree, selector, result, key):
        text = node_text(node)
        if text:
            return text
    note_miss(result, "selector_miss", key)
    return ""


def head_first(tree: LexborHTMLParser, selector: str) -> LexborNode | None:
    """The first match in the head, else in the whole page.

    The head is a tenth of the page to search; but an element the head does not allow (a
    tracking ``<img>``, a ``<div>``) ends it early in the parser, and what follows lands in the
    body, so the rest of the page is searched when the head has no match.
    """
    head = tree.head
    found = head.css_first(selector) if head is not None else None
    return found if found is not None else tree.css_first(selector)
