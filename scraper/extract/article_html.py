"""Page parsing and URL helpers shared by article and listing extraction.

Bytes become a lexbor tree here (charset, BOM, NUL bytes handled once), and links are made
absolute and kept on the fetched site here, so both extractors judge pages and URLs the same way.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract import ExtractResult
from scraper.extract.charset import decode_html, looks_binary, sniff, strip_bom

log = logging.getLogger(__name__)


def parse_page(
    body: bytes, content_type: str | None, result: ExtractResult, *, trust_utf8: bool = False
) -> LexborHTMLParser | None:
    """The page's tree, or None with the reason counted in ``result.skipped``.

    ``trust_utf8`` skips checking that a page declared (or not declared) as UTF-8 really is,
    for callers that check their output for replacement characters instead (see ``sniff``).
    """
    # isspace() stops at the first non-space byte; strip() would copy the whole page.
    if not body or body.isspace():
        result.skip("empty")
        return None
    if looks_binary(body):
        result.skip("binary")
        return None
    try:
        encoding, text = sniff(body, content_type, check_utf8=not trust_utf8)
        if encoding == "utf-8" or (text is None and body.isascii()):
            # Lexbor reads UTF-8 bytes itself: handing it a str would cost an encode inside
            # the parser, a third of the extraction time.
            raw = strip_bom(body)
            tree = LexborHTMLParser(raw.replace(b"\x00", b"") if b"\x00" in raw else raw)
        else:
            if text is None:
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


def note_miss(result: ExtractResult, what: str, key: str) -> None:
    """Record a configured selector that failed, for ``strikefeed sources --check`` to show."""
    listed = result.meta.setdefault(what, [])
    if isinstance(listed, list):
        listed.append(key)


def select_nodes(
    tree: LexborHTMLParser | LexborNode, selector: str, result: ExtractResult, key: str
) -> list[LexborNode]:
    """Nodes for a configured selector; a bad selector is reported, never raised."""
    try:
        return list(tree.css(selector))
    except Exception:  # lexbor raises on selector syntax errors: that is config, not input
        note_miss(result, "bad_selectors", key)
        return []


def base_url(tree: LexborHTMLParser, url: str) -> str:
    """What relative links resolve against: ``<base href>`` when the page sets one."""
    # Looked for in the head only, where the standard puts it: searching the whole page for
    # an element almost no page has costs as much as reading its metadata.
    head = tree.head
    node = head.css_first("base[href]") if head is not None else None
    href = node.attributes.get("href") if node is not None else None
    return absolute_url(url, href) or url


def site_of(url: str) -> str:
    """The host without its www/mobile/AMP prefix: what "the same site" compares."""
    host = (urlsplit(url).hostname or "").lower()
    return re.sub(r"^(?:www\d?|m|mobile|amp)\.", "", host)


def absolute_url(base: str, href: str | None) -> str | None:
    """An http(s) URL without fragment, or None for script, mail, data and bare-anchor links."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("javascript:", "mailto:", "data:", "tel:", "#")):
        return None
    try:
        # Most links in metadata are absolute already; urljoin is pure Python and several
        # times the cost of the split that follows.
        joined = href if href.startswith(("https://", "http://")) else urljoin(base, href)
        parts = urlsplit(joined)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", parts.query, ""))


def dedupe(links: Iterable[str]) -> list[str]:
    """Links in first-seen order, once each."""
    return list(dict.fromkeys(links))
