"""Values and text read out of Telegram's preview HTML: view counts, links (with the preview's
double escaping undone), times, and a message's text with its line breaks. Pure helpers for
``telegram_message``; the first three are public through ``scraper.extract.telegram``."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

__all__ = [
    "clean",
    "message_text",
    "parse_time",
    "parse_views",
    "plain_text",
    "post_ref",
    "resolve",
    "style_url",
    "tweet_status_id",
    "undo_double_escape",
]

_POST_URL = re.compile(
    r"^(?:https?:)?//(?:www\.)?(?:t|telegram)\.me/(?:s/)?([A-Za-z0-9_]{1,64})/(\d{1,12})(?:[/?#]|$)",
    re.IGNORECASE,
)
_TWEET_URL = re.compile(
    r"^https?://(?:www\.|mobile\.|m\.)?"
    r"(?:twitter|x|fxtwitter|vxtwitter|fixupx|fixvx|twittpr|nitter)\.(?:com|net)/"
    r"(?:[A-Za-z0-9_]{1,32}|i(?:/web)?)/status(?:es)?/(\d{1,25})",
    re.IGNORECASE,
)
_SOURCE_NEWLINE = re.compile(r"\n[ \t\n]*")
_VIEWS_SCALE = {"K": 1_000, "M": 1_000_000, "B": 1_000_000_000}

# Tags that start a new line in the text when they open or close (Telegram uses them for quotes
# and code blocks since 2023; older pages only have <br>).
_BLOCK_TAGS = ("div", "p", "blockquote", "pre", "li", "ul", "ol", "h1", "h2", "h3")


def _tag_id(name: str) -> int:
    """lexbor's numeric id of a tag (or of ``-text``), read from the parser itself rather than
    copied from its headers. The text walk compares these ints: ``node.tag`` builds a new str
    on every call, ``node.tag_id`` does not."""
    if name == "-text":
        node = LexborHTMLParser("<p>x</p>").css_first("p")
        node = node.child if node is not None else None
    else:
        node = LexborHTMLParser(f"<body><{name}></{name}></body>").css_first(name)
    if node is None:
        raise RuntimeError(f"lexbor parsed no {name}")
    return node.tag_id


_TEXT_ID = _tag_id("-text")
_BR_ID = _tag_id("br")
_A_ID = _tag_id("a")
_PRE_ID = _tag_id("pre")
_BLOCK_IDS = frozenset(_tag_id(tag) for tag in _BLOCK_TAGS)


def parse_views(text: str | None) -> int | None:
    """``"3.1K"`` → 3100, ``"1.2M"`` → 1_200_000, ``"436.6K"`` → 436_600, ``"17"`` → 17.

    Integer arithmetic on the digits, not float: 436.6 × 1000 in binary floating point is
    436599.99…. Returns None for anything that is not a count (never raises).
    """
    if not text:
        return None
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text) if len(text) <= 18 else None  # the common case on small channels
    scale = _VIEWS_SCALE.get(text[-1:])
    if scale is not None and text.isascii():  # "33.6K", "1.2M", "850K": the other common case
        whole, dot, fraction = text[:-1].partition(".")
        digits_ok = whole.isdigit() and (not dot or fraction.isdigit())
        if digits_ok and len(whole) <= 18 and len(fraction) <= 18:
            return int(whole) * scale + (
                int(fraction) * scale // 10 ** len(fraction) if fraction else 0
            )
    scale = _VIEWS_SCALE.get(text[-1:].upper())
    number = text[:-1] if scale is not None else text
    for space in (" ", "\u00a0", "\u202f"):
        number = number.replace(space, "")
    if scale is not None and "," in number and "." not in number:
        number = number.replace(",", ".")  # "1,2K" in locales with a decimal comma
    else:
        number = number.replace(",", "")  # "1,234" thousands separator
    scale = scale or 1
    whole, _, fraction = number.partition(".")
    if not (whole.isascii() and whole.isdigit() and (fraction == "" or fraction.isdigit())):
        return None
    # Past 18 digits it is not a view count, and int() refuses strings over 4300 digits.
    if not fraction.isascii() or len(whole) > 18 or len(fraction) > 18:
        return None
    return int(whole) * scale + (int(fraction) * scale // 10 ** len(fraction) if fraction else 0)


def undo_double_escape(href: str) -> str:
    """Since 2024 the preview escapes ``&`` twice in hrefs (``&amp;amp;``): after the HTML parser
    has removed one level, ``&amp;`` is left in the URL. Only ``&amp;`` is undone, never other
    entities, so a query such as ``?a=1&copy=2`` survives."""
    while "&amp;" in href:
        href = href.replace("&amp;", "&")
    return href


def resolve(href: str | None, base: str) -> str | None:
    if not href:
        return None
    href = undo_double_escape(href.strip())
    if href.startswith(("https://", "http://")):
        return href  # nearly every link; urljoin would only re-split and re-join it
    if not href or href.startswith(("javascript:", "#")):
        return None
    try:
        return urljoin(base, href)
    except ValueError:  # e.g. a malformed IPv6 netloc
        return None


def style_url(style: str | None, base: str) -> str | None:
    """The URL of ``background-image:url('…')`` in a style attribute. String search, not a
    regex: these URLs are long tokens and this runs for every photo."""
    if not style:
        return None
    start = style.find("url(")
    if start < 0:
        return None
    start += 4
    end = style.find(")", start)
    if end < 0:
        return None
    value = style[start:end].strip().strip("'\"").strip()
    if not value or value.startswith("data:"):
        return None
    return resolve(value, base)


def post_ref(href: str | None) -> tuple[str, int] | None:
    """``https://t.me/chan/15?single`` → ``("chan", 15)``; None for any other link."""
    match = _POST_URL.match(href) if href else None
    return (match.group(1), int(match.group(2))) if match else None


def tweet_status_id(url: str) -> str | None:
    """The status id of a link to a tweet (twitter.com, x.com and the usual mirrors)."""
    match = _TWEET_URL.match(url)
    return match.group(1) if match else None


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def clean(text: str) -> str:
    """One line, whitespace runs folded: for names, titles and other short fields."""
    return " ".join(text.split())


def _fold_source_newlines(value: str) -> str:
    """A literal newline in the HTML source is layout whitespace, not a line break (Telegram
    marks real breaks with <br>): fold it and the indentation after it into one space. The
    pattern starts with the newline itself so the regex engine can skip to it; one that began
    with optional spaces crawled through the long indentation runs of pretty-printed pages.
    Spaces before the newline stay; lines are stripped once the text is assembled."""
    return _SOURCE_NEWLINE.sub(" ", value.replace("\r", "\n") if "\r" in value else value)


def plain_text(node: LexborNode) -> str:
    """Text of a small node on one line (names, titles), layout whitespace folded."""
    return clean(node.text(deep=True))


def _after_block(block: LexborNode, root_id: int) -> int | None:
    """mem_id of the first node the walk meets after ``block``'s subtree, inside ``root``.

    The climb stops at an enclosing block: its own end was registered when it was entered and
    is where this one ends too. That keeps nested blocks linear, not quadratic, in their depth.
    """
    node = block
    while True:
        following = node.next
        if following is not None:
            return following.mem_id
        parent = node.parent
        if parent is None or parent.mem_id == root_id or parent.tag_id in _BLOCK_IDS:
            return None
        node = parent


def _in_pre(node: LexborNode, root_id: int) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != root_id:
        if parent.tag_id == _PRE_ID:
            return True
        parent = parent.parent
    return False


def message_text(node: LexborNode, base: str) -> tuple[str, list[str]]:
    """The text of a message with its line breaks (``<br>`` → newline, block boundaries →
    newline) and the hrefs of its links, in order.

    Most messages are plain text with ``<br>``s: their nodes are all direct children, read by a
    sibling walk with nothing to track. Anything else (links, formatting, quotes, code) takes
    the full walk, ``_message_text_walk``.
    """
    out: list[str] = []
    child = node.child
    while child is not None:
        tag = child.tag_id
        if tag == _TEXT_ID:
            value = child.text_content or ""
            out.append(_fold_source_newlines(value) if "\n" in value or "\r" in value else value)
        elif tag == _BR_ID:
            out.append("\n")
        else:
            return _message_text_walk(node, base)
        child = child.next
    return _assemble(out), []


def _assemble(out: list[str]) -> str:
    text = "".join(out)
    if "\n" in text:
        text = "\n".join(map(str.strip, text.split("\n")))
    return text.strip()


def _message_text_walk(node: LexborNode, base: str) -> tuple[str, list[str]]:
    """``message_text`` for any message: built on lexbor's own traversal (C speed, entering
    events only). A block's end is found by remembering the node that follows it, which costs
    something only in the rare message that has blocks (quotes, code) at all."""
    out: list[str] = []
    links: list[str] = []
    root_id = node.mem_id
    block_ends: set[int] | None = None  # created on the first block: most messages have none
    has_pre = False
    for child in node.traverse(include_text=True):
        if block_ends is not None and child.mem_id in block_ends and out and out[-1] != "\n":
            out.append("\n")
        tag = child.tag_id
        if tag == _TEXT_ID:
            value = child.text_content or ""
            if ("\n" in value or "\r" in value) and not (has_pre and _in_pre(child, root_id)):
                value = _fold_source_newlines(value)
            out.append(value)
        elif tag == _BR_ID:
            out.append("\n")
        elif tag == _A_ID:
            link = resolve(child.attrs.get("href"), base)
            if link is not None:
                links.append(link)
        elif tag in _BLOCK_IDS and child.mem_id != root_id:
            if out and out[-1] != "\n":
                out.append("\n")
            has_pre = has_pre or tag == _PRE_ID
            after = _after_block(child, root_id)
            if after is not None:
                if block_ends is None:
                    block_ends = set()
                block_ends.add(after)
    if len(links) > 1:
        links = list(dict.fromkeys(links))  # unique, in order, linear
    return _assemble(out), links
