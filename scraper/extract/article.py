"""Article and listing pages → posts: the extract step for outlets (``feed`` and ``page`` sources).

``extract_article`` turns one fetched article page into the article post followed by a post per
embedded tweet; ``extract_listing`` turns a listing page into the article links to fetch next.
Pure functions: bytes and a URL in, an ``ExtractResult`` out, never an exception for bad input.

Metadata comes from what the publisher states (JSON-LD, OpenGraph/meta, ``<time>``), then from
the visible text. The body is found by scoring blocks of text (long, few links, not in a nav,
sidebar, share bar or comments) and taking the element that gathers most of that score; per-source
CSS selectors from config replace any of these guesses.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract import ExtractResult
from scraper.extract.charset import decode_html, detect_encoding, looks_binary, strip_bom
from scraper.extract.dates import parse_date, search_date
from scraper.extract.embedded_tweets import extract_embedded_tweets
from scraper.models import Post, web_post_id

log = logging.getLogger(__name__)

# Removed before scoring: never article text, and their text would dilute the density signal.
_JUNK_TAGS = (
    "script, style, noscript, template, svg, canvas, iframe, object, embed, button, select, "
    "input, textarea, nav, aside, footer, header, menu, dialog, link, meta, figcaption"
)
# class/id words of page furniture. Matched as whole words (``-``/``_`` separate words) so that
# "headline" does not hit "ad" and "main-content" does not hit "nav".
_BOILERPLATE_WORDS = (  # noqa: SIM905
    "nav navbar navigation menu submenu footer sidebar side-bar widget widgets related "
    "recommended recommendations more-stories read-more readmore share shares sharing social "
    "comment comments disqus breadcrumb breadcrumbs tags tag-list taglist newsletter "
    "subscribe subscription promo promotion advert advertisement ads ad adsense banner "
    "sponsored sponsor cookie cookies consent popup modal paywall signup login author-bio "
    "bio byline dateline pagination pager toolbar print caption credits masthead topbar "
    "outbrain taboola jp-relatedposts most-popular popular trending visually-hidden "
    "sr-only skip-link share-buttons social-share post-meta entry-meta article-meta meta "
    "author relatedposts copyright"
).split()
# Reader comments can outweigh the article in paragraphs; they go whatever their size.
_COMMENTS_RE = re.compile(r"comment|disqus|respond|reply|replies")
_BOILERPLATE_SET = frozenset(_BOILERPLATE_WORDS)
_TOKEN_SPLIT = re.compile(r"[-_]+")
# Only containers are judged: spans, links and list items with classes are many (a third of
# the extraction time went to them) and are dropped with their container or by link density.
_FURNITURE_CANDIDATES = (
    "div[class], div[id], section[class], section[id], ul[class], ul[id], ol[class], "
    "table[class], form[class], form[id], figure[class], article[class], p[class]"
)
# ...unless the same attribute also says it is the article: "article-body has-share-bar".
_CONTENT_RE = re.compile(
    r"(?<![a-z])(?:article-?body|articlebody|article-?content|entry-?content|post-?content|"
    r"post-?body|story-?body|story-?content|main-?content|article-?text|body-?text|rich-?text)"
    r"(?![a-z])"
)

# Elements that end a paragraph when rendering text; anything else is inline.
_BLOCK_TAGS = frozenset(
    (  # noqa: SIM905
        "address article blockquote dd details div dl dt fieldset figcaption figure h1 h2 h3 h4 "
        "h5 h6 hgroup hr li main ol p pre section summary table tbody thead tfoot tr ul center"
    ).split()
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Blocks whose text is scored: the paragraph carriers of articles.
_SCORED_SELECTOR = "p, pre, dd, tr"
_DIRECT_TEXT_SELECTOR = "div, section, article, main, font, span, td, blockquote"
_LEAF_BLOCKS = frozenset({"p", "pre", "li", "dd", "dt", "tr", "h2", "h3", "h4", "h5", "h6"})
# Weight of link text against a container: a menu of 40 links should outweigh a short caption
# but not a real article that has a "related" box inside it.
_LINK_PENALTY = 0.5
_SHARES = (1.0, 1.0, 0.5, 0.25)
_SIBLING_SHARE = 0.2
# Lines that ad and widget slots leave in the text flow, in the languages we read.
_FILLER_LINES = frozenset(
    {
        "advertisement",
        "anzeige",
        "publicité",
        "publicidad",
        "pubblicità",
        "إعلان",
        "اعلان",
        "sponsored",
        "loading",
        "read more",
        "اقرأ أيضاً",
        "اقرأ أيضا",
        "continue reading",
        "story continues below",
    }
)
# Containers tried in score order when the best one renders to nothing (all links, say).
_CANDIDATES = 3
_MIN_BLOCK_CHARS = 25
# Share of the page's text an element may hold and still be removed as furniture: a wrapper of
# the whole article that happens to have "share" in its class must survive.
_MAX_REMOVED_SHARE = 0.4

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
_TITLE_SEPARATORS = re.compile(r"\s+[|–—:·»-]\s+")


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
    result = ExtractResult()
    tree = _parse(body, content_type, result)
    if tree is None:
        return result
    try:
        _extract_article(tree, url, source, selectors or {}, fetched_at, result)
    except Exception as exc:  # the contract is "never raise": a parser bug must not stop a source
        log.warning("article extraction failed for %s: %r", url, exc)
        result.skip("parse-error")
    return result


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
    tree = _parse(body, content_type, result)
    if tree is None:
        return result
    try:
        result.posts.extend(extract_embedded_tweets(tree, source=source, fetched_at=fetched_at))
        base = _base_url(tree, url)
        if selector:
            anchors = _select(tree, selector, result, "selector")
            # A selector may point at the teaser box rather than the <a>: take the links inside.
            nodes = [a for node in anchors for a in ([node] if node.tag == "a" else node.css("a"))]
            candidates = [_absolute(base, a.attributes.get("href")) for a in nodes]
            result.links.extend(_dedupe(link for link in candidates if link))
        else:
            result.links.extend(_article_links(tree, base, url))
        if not result.links:
            result.skip("no-links")
    except Exception as exc:  # see extract_article: never raise
        log.warning("listing extraction failed for %s: %r", url, exc)
        result.skip("parse-error")
    return result


# --- parsing -------------------------------------------------------------------------------


def _parse(body: bytes, content_type: str | None, result: ExtractResult) -> LexborHTMLParser | None:
    if not body or not body.strip():
        result.skip("empty")
        return None
    if looks_binary(body):
        result.skip("binary")
        return None
    try:
        encoding = detect_encoding(body, content_type)
        if encoding == "utf-8":
            # Lexbor reads UTF-8 bytes itself: handing it a str would cost a decode here and
            # an encode inside the parser, a third of the extraction time.
            raw = strip_bom(body)
            tree = LexborHTMLParser(raw.replace(b"\x00", b"") if b"\x00" in raw else raw)
        else:
            text, _encoding = decode_html(body, content_type)
            # HTML never legitimately contains NUL; lexbor would keep it in text.
            tree = LexborHTMLParser(text.replace("\x00", ""))
    except Exception as exc:  # decoding/parsing must not take the source down with it
        log.warning("unparseable page: %r", exc)
        result.skip("unparseable")
        return None
    if tree.body is None and tree.head is None:
        result.skip("unparseable")
        return None
    return tree


def _note(result: ExtractResult, what: str, key: str) -> None:
    """Record a configured selector that failed, for ``strikefeed sources --check`` to show."""
    listed = result.meta.setdefault(what, [])
    if isinstance(listed, list):
        listed.append(key)


def _select(
    tree: LexborHTMLParser | LexborNode, selector: str, result: ExtractResult, key: str
) -> list[LexborNode]:
    """Nodes for a configured selector; a bad selector is reported, never raised."""
    try:
        return list(tree.css(selector))
    except Exception:  # lexbor raises on selector syntax errors: that is config, not input
        _note(result, "bad_selectors", key)
        return []


def _extract_article(
    tree: LexborHTMLParser,
    url: str,
    source: str,
    selectors: Mapping[str, str],
    fetched_at: datetime | None,
    result: ExtractResult,
) -> None:
    base = _base_url(tree, url)
    meta = _meta_tags(tree)
    ld = _json_ld(tree)
    canonical = _canonical(tree, meta, ld, url, base)
    article_id = web_post_id(canonical)

    tweets = extract_embedded_tweets(tree, source=source, fetched_at=fetched_at, remove=True)

    title = _selected_text(tree, selectors.get("title"), result, "title") or _title(tree, meta, ld)
    published = _published(tree, selectors.get("time"), meta, ld, result)
    author = _selected_text(tree, selectors.get("author"), result, "author") or _author(
        tree, meta, ld
    )
    lang = _lang(tree, meta, ld)
    image = _lead_image(meta, ld, base)

    text = ""
    body_selector = selectors.get("body")
    if body_selector:
        nodes = _select(tree, body_selector, result, "body")
        text = "\n\n".join(filter(None, (render_text(n) for n in nodes)))
        if not text:
            _note(result, "selector_miss", "body")
    if not text:
        text = main_text(tree, title=title)
    ld_body = _ld_str(ld, "articleBody")
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


# --- metadata ------------------------------------------------------------------------------


def _meta_tags(tree: LexborHTMLParser) -> dict[str, str]:
    """``<meta name|property|itemprop=... content=...>``, lower-cased keys, first one wins."""
    found: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        content = (attrs.get("content") or "").strip()
        if not content:
            continue
        for key in ("property", "name", "itemprop", "http-equiv"):
            name = attrs.get(key)
            if name:
                found.setdefault(name.strip().lower(), content)
    return found


def _json_ld(tree: LexborHTMLParser) -> dict[str, Any]:
    """The page's article object from JSON-LD, or an empty dict."""
    best: dict[str, Any] = {}
    best_rank = 0
    for script in tree.css('script[type*="ld+json"]'):
        raw = script.text() or ""
        for item in _ld_objects(_load_json(raw)):
            types = item.get("@type")
            names = [types] if isinstance(types, str) else types if isinstance(types, list) else []
            lowered = {str(t).lower() for t in names}
            rank = 2 if lowered & _ARTICLE_TYPES else 1 if "webpage" in lowered else 0
            if rank > best_rank:
                best, best_rank = item, rank
    return best


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


def _ld_str(ld: Mapping[str, Any], key: str) -> str:
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


def _title(tree: LexborHTMLParser, meta: Mapping[str, str], ld: Mapping[str, Any]) -> str:
    h1 = _node_text(tree.css_first("h1"))
    for candidate in (_ld_str(ld, "headline"), meta.get("og:title"), meta.get("twitter:title")):
        if candidate:
            candidate = " ".join(candidate.split())
            # og:title often carries the outlet's name ("Headline - S A N A"); the page's <h1>
            # is the same headline without it.
            if h1 and h1 != candidate and h1 in candidate:
                return h1
            return candidate
    if h1:
        return h1
    raw = _node_text(tree.css_first("title"))
    # "Headline | Outlet": keep the longest part, which is the headline on nearly every site.
    parts = _TITLE_SEPARATORS.split(raw)
    return max(parts, key=len).strip() if parts else ""


def _published(
    tree: LexborHTMLParser,
    selector: str | None,
    meta: Mapping[str, str],
    ld: Mapping[str, Any],
    result: ExtractResult,
) -> datetime | None:
    if selector:
        for node in _select(tree, selector, result, "time"):
            found = parse_date(node.attributes.get("datetime") or "") or parse_date(
                node.attributes.get("content") or ""
            )
            found = found or parse_date(_node_text(node)) or search_date(_node_text(node))
            if found:
                return found
    for key in ("datePublished", "dateCreated", "uploadDate", "dateModified"):
        found = parse_date(_ld_str(ld, key))
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
            found = parse_date(_node_text(node))
        if found:
            return found
    for node in tree.css("time, .date, .published, .post-date, .entry-date, .article-date"):
        found = search_date(_node_text(node), limit=200)
        if found:
            return found
    return None


def _author(tree: LexborHTMLParser, meta: Mapping[str, str], ld: Mapping[str, Any]) -> str:
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
        text = _node_text(node)
        if 2 < len(text) < 80:
            return re.sub(r"^(?:by|von|par|por|di|بقلم)\s+", "", text, flags=re.I)
    return ""


def _lang(tree: LexborHTMLParser, meta: Mapping[str, str], ld: Mapping[str, Any]) -> str | None:
    html = tree.css_first("html")
    for candidate in (
        _ld_str(ld, "inLanguage"),
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


def _lead_image(meta: Mapping[str, str], ld: Mapping[str, Any], base: str) -> str | None:
    for candidate in (
        meta.get("og:image"),
        meta.get("og:image:url"),
        meta.get("og:image:secure_url"),
        _ld_str(ld, "image"),
        meta.get("twitter:image"),
        meta.get("twitter:image:src"),
    ):
        absolute = _absolute(base, candidate)
        if absolute:
            return absolute
    return None


def _base_url(tree: LexborHTMLParser, url: str) -> str:
    node = tree.css_first("base[href]")
    href = node.attributes.get("href") if node is not None else None
    return _absolute(url, href) or url


def _canonical(
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
    link = tree.css_first('link[rel~="canonical"][href]')
    candidates = [
        link.attributes.get("href") if link is not None else None,
        meta.get("og:url"),
        _ld_str(ld, "mainEntityOfPage"),
        _ld_str(ld, "url"),
    ]
    fetched = _site(url)
    for candidate in candidates:
        absolute = _absolute(base, candidate)
        if absolute and _site(absolute) == fetched:
            return absolute
    return _absolute(url, url) or url


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return re.sub(r"^(?:www\d?|m|mobile|amp)\.", "", host)


def _absolute(base: str, href: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("javascript:", "mailto:", "data:", "tel:", "#")):
        return None
    try:
        joined = urljoin(base, href)
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def _node_text(node: LexborNode | None) -> str:
    if node is None:
        return ""
    return " ".join((node.text(separator=" ") or "").split())


def _selected_text(
    tree: LexborHTMLParser, selector: str | None, result: ExtractResult, key: str
) -> str:
    if not selector:
        return ""
    for node in _select(tree, selector, result, key):
        text = _node_text(node)
        if text:
            return text
    _note(result, "selector_miss", key)
    return ""


# --- body ----------------------------------------------------------------------------------


def _attr_words(node: LexborNode) -> str:
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()


def _is_boilerplate(node: LexborNode) -> bool:
    """Whether class/id name page furniture: a furniture word at either end of one token.

    Only the ends count: "share-bar", "post-comments" and "main-nav" are furniture, while
    "content-with-sidebar-wrap" is the wrapper of the article and must stay.
    """
    words = _attr_words(node)
    if len(words) < 3:
        return False
    # Set lookups per token rather than one big alternation regex: this runs on every
    # container of the page and the regex was the slowest part of the whole extraction.
    for token in words.split():
        if token in _BOILERPLATE_SET:
            return not _CONTENT_RE.search(words)
        # BEM names ("c-nav-list__main", "share--large"): judge the block name.
        parts = _TOKEN_SPLIT.split(token.split("__", 1)[0].split("--", 1)[0])
        if parts[0] in _BOILERPLATE_SET or parts[-1] in _BOILERPLATE_SET:
            return not _CONTENT_RE.search(words)
    return False


def _remove_furniture(root: LexborNode) -> None:
    """Drop scripts, navigation, sidebars, share bars, comments... but never the article itself.

    ``remove()`` (unlink) rather than ``decompose()`` (free): the matched nodes can be nested,
    and a descendant of an already freed node must not be touched again.
    """
    total = len(root.text() or "") or 1
    for node in root.css(_JUNK_TAGS):
        if node.tag in ("header", "footer", "aside", "nav") and len(node.text() or "") > (
            _MAX_REMOVED_SHARE * total
        ):
            continue  # a site that wraps its whole content in <header> still has an article
        node.remove()
    # Protection is measured in paragraph text, not raw text: a Blogger "widget Blog" or a
    # "field-label-hidden" wrapper holds the article's paragraphs, a sidebar widget holds links.
    total = _paragraph_chars(root) or 1
    root_id = root.mem_id
    for node in root.css(_FURNITURE_CANDIDATES):
        if node.mem_id == root_id or not _is_boilerplate(node):
            continue
        if (
            _COMMENTS_RE.search(_attr_words(node))
            or len(node.text() or "") < 0.5 * total  # cheap bound before counting paragraphs
            or _paragraph_chars(node) < 0.5 * total
        ):
            node.remove()


def _paragraph_chars(node: LexborNode) -> int:
    return sum(n for p in node.css("p") if (n := len(p.text() or "")) >= _MIN_BLOCK_CHARS)


def _link_chars(node: LexborNode) -> int:
    return sum(len(a.text() or "") for a in node.css("a"))


def _block_value(block: LexborNode) -> float:
    """What one paragraph says about its container: prose counts for, link lists against."""
    text = block.text() or ""
    length = len(text.strip())
    if length == 0:
        return 0.0
    links = _link_chars(block)
    if links > 0.5 * length:
        return -_LINK_PENALTY * links
    if length < _MIN_BLOCK_CHARS:
        return 0.0
    return float(length - links)


def _candidates(root: LexborNode) -> list[list[LexborNode]]:
    """The element whose subtree gathers the most prose net of link lists.

    Each block's value is added to every ancestor, so the winner is the smallest element that
    holds the article's paragraphs together: going one level higher only adds sidebars and
    menus (negative), one level lower loses paragraphs. Parents are looked up once per element
    (memoised) because every wrapper object costs a call into the parser.
    """
    own: dict[int, float] = {}
    nodes: dict[int, LexborNode] = {}
    parent_of: dict[int, int | None] = {}
    depth: dict[int, int] = {}
    root_id = root.mem_id

    def register(node: LexborNode) -> int:
        """Record node and its ancestors up to root; returns its key."""
        chain: list[LexborNode] = []
        current: LexborNode | None = node
        while current is not None and current.mem_id not in nodes:
            chain.append(current)
            if current.mem_id == root_id:
                break
            current = current.parent
        above = current.mem_id if current is not None and current.mem_id in nodes else None
        base = depth[above] + 1 if above is not None else 0
        for offset, item in enumerate(reversed(chain)):
            key = item.mem_id
            nodes[key] = item
            parent_of[key] = above
            depth[key] = base + offset
            above = key
        return node.mem_id

    for block in root.css(_SCORED_SELECTOR):
        value = _block_value(block)
        if value:
            key = register(block)
            own[key] = own.get(key, 0.0) + value
    # Paragraphs written as text directly in a <div> separated by <br>: the div is the paragraph.
    for div in root.css(_DIRECT_TEXT_SELECTOR):
        length = len((div.text(deep=False) or "").strip())
        if length >= _MIN_BLOCK_CHARS:
            key = register(div)
            own[key] = own.get(key, 0.0) + length
    if not own:
        return []
    total: dict[int, float] = {}
    for key, value in own.items():
        up: int | None = key
        for share in _SHARES:
            if up is None:
                break
            total[up] = total.get(up, 0.0) + value * share
            up = parent_of[up]
    ranked = sorted(total, key=total.__getitem__, reverse=True)[:_CANDIDATES]
    return [_with_siblings(nodes[key], total) for key in ranked if total[key] > 0]


def _with_siblings(best: LexborNode, total: dict[int, float]) -> list[LexborNode]:
    """The winner plus siblings that carry a fair share of prose themselves.

    A lead paragraph or the second half of a body often sits beside the main block, split by
    an ad slot or a photo. A single paragraph that won (a one-paragraph brief) stands for its
    parent.
    """
    if best.tag in _LEAF_BLOCKS and best.parent is not None:
        best = best.parent
    # Climb through wrappers that add nothing ("<div><div><p>..."): the siblings that matter
    # (NYT splits its body into several "StoryBodyCompanionColumn" divs) sit above them.
    size = len(best.text() or "")
    parent = best.parent
    while parent is not None and parent.tag not in ("body", "html"):
        if len(parent.text() or "") > size * 1.05 + 20:
            break
        best, parent = parent, parent.parent
    if parent is None or best.tag in ("body", "html"):
        return [best]
    best_chars = _paragraph_chars(best)
    chosen: list[LexborNode] = []
    for sibling in parent.iter():
        if sibling.mem_id == best.mem_id:
            chosen.append(sibling)
            continue
        if _is_boilerplate(sibling):
            continue
        chars = _paragraph_chars(sibling)
        if chars >= _SIBLING_SHARE * best_chars or (
            total.get(sibling.mem_id, 0.0) >= _SIBLING_SHARE * total.get(best.mem_id, 0.0) > 0
        ):
            if chars or _link_chars(sibling) < 0.25 * len(sibling.text() or "x"):
                chosen.append(sibling)
        elif sibling.tag == "p":
            text = sibling.text() or ""
            if len(text) > 80 and _link_chars(sibling) < 0.25 * len(text):
                chosen.append(sibling)
    return chosen


def render_text(node: LexborNode) -> str:
    """Text of a subtree with paragraph breaks ("\\n\\n") and line breaks ("\\n")."""
    return "\n\n".join(_paragraphs(node))


def _paragraphs(root: LexborNode, *, filter_links: bool = False) -> list[str]:
    """Paragraph strings of a subtree; iterative so that hostile nesting cannot recurse deep."""
    paragraphs: list[str] = []
    lines: list[str] = []
    current: list[str] = []
    link_depth = 0
    link_chars = 0
    total_chars = 0

    def end_line() -> None:
        if current:
            line = " ".join("".join(current).split())
            if line:
                lines.append(line)
            current.clear()

    def end_paragraph() -> None:
        nonlocal link_chars, total_chars
        end_line()
        if lines:
            dense = filter_links and total_chars and link_chars > 0.5 * total_chars
            if not dense:
                paragraphs.append("\n".join(lines))
            lines.clear()
        link_chars = total_chars = 0

    # Stack of (node, entering): a node is pushed once to enter and once to leave.
    stack: list[tuple[LexborNode, bool]] = [(root, True)]
    while stack:
        node, entering = stack.pop()
        if node.is_text_node:
            text = node.text_content or ""
            current.append(text)
            size = len(text.strip())
            total_chars += size
            if link_depth:
                link_chars += size
            continue
        tag = node.tag
        if not entering:
            if tag == "a":
                link_depth -= 1
            if tag in _BLOCK_TAGS:
                end_paragraph()
            continue
        if tag == "br":
            end_line()
            continue
        if not node.is_element_node:
            continue
        if tag in _BLOCK_TAGS:
            end_paragraph()
        if tag == "a":
            link_depth += 1
        stack.append((node, False))
        children = list(node.iter(include_text=True))
        stack.extend((child, True) for child in reversed(children))
    end_paragraph()
    return paragraphs


def main_text(tree: LexborHTMLParser, *, title: str = "") -> str:
    """The article body of a page with tweets already removed: heuristics only."""
    root = tree.body
    if root is None:
        return ""
    _remove_furniture(root)
    paragraphs: list[str] = []
    for group in _candidates(root):
        paragraphs = [p for node in group for p in _paragraphs(node, filter_links=True)]
        if paragraphs:
            break
    norm_title = " ".join(title.split()).lower()
    kept = [
        p
        for p in paragraphs
        if p.lower() != norm_title and p.strip(" .:…").lower() not in _FILLER_LINES
    ]
    return "\n\n".join(kept)


# --- listing pages -------------------------------------------------------------------------

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
    site = _site(page_url)
    page = _absolute(page_url, page_url)
    links: list[str] = []
    for anchor in tree.css("a[href]"):
        link = _absolute(base, anchor.attributes.get("href"))
        if not link or link == page or _site(link) != site:
            continue
        if _looks_like_article(urlsplit(link).path):
            links.append(link)
    return _dedupe(links)


def _dedupe(links: Iterator[str] | list[str]) -> list[str]:
    return list(dict.fromkeys(links))
