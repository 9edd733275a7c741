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

Keys a ``Post.extra`` may carry (always present: ``channel``, ``message_id``, ``links``,
``tweet_links``; the rest only when the message has them):

=======================  ==================================================================
``channel``              lower-case username of the channel that posted it
``message_id``           the message number (int)
``links``                every href of the message text, absolute, double-escaping undone
``tweet_links``          status ids (str) of links to twitter.com / x.com ``/status/<id>``
``reply_to``             post id (``telegram:<channel>/<n>``) of the message replied to
``forwarded_from_url``   link of the forwarded-from chat or message
``forwarded_from_post``  post id of the original message when the link points at one
``link_preview``         ``{url, site, title, description, image}`` (missing parts omitted)
``album_ids``            post ids of every item of an album (grouped media), first is ``id``
``media_types``          kinds of media, in order: photo video round_video voice document
                         location poll sticker
``thumbnails``           video thumbnails (also the only image of a video "too big" to play)
``document``             ``{title, extra}`` of an attached file
``location``             ``{url, lat, lon}`` of a shared location
``poll``                 ``{question, options}``
``sticker``              image URL of a sticker
=======================  ==================================================================
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Literal, NamedTuple
from urllib.parse import parse_qs, urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scraper.extract import ExtractResult
from scraper.models import Post, telegram_post_id

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

# Where permalinks point. The preview host the fetcher uses is configurable (tests point it at a
# local server), but a post's public identity is always its t.me link.
PERMALINK_BASE = "https://t.me"

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


# One query for the whole page: every element whose class mentions tgme_widget_message, the
# message blocks themselves included, in document order (lexbor's selector engine walks the tree
# once). A block's parts follow it until the next block starts, so one linear pass reads every
# message. Per-field ``css_first`` calls would cost ~2 µs each (the selector is compiled every
# call) times a dozen fields times 20 messages; a class-name dict dispatch in Python is cheaper.
_PARTS_SELECTOR = '[class*="tgme_widget_message"]'
_MESSAGE_CLASS = "tgme_widget_message"

_POST_URL = re.compile(
    r"^(?:https?:)?//(?:www\.)?(?:t|telegram)\.me/(?:s/)?([A-Za-z0-9_]{1,64})/(\d{1,12})(?:[/?#]|$)",
    re.IGNORECASE,
)
_DATA_POST = re.compile(r"^([A-Za-z0-9_]{1,64})/(\d{1,12})$")
_TWEET_URL = re.compile(
    r"^https?://(?:www\.|mobile\.|m\.)?"
    r"(?:twitter|x|fxtwitter|vxtwitter|fixupx|fixvx|twittpr|nitter)\.(?:com|net)/"
    r"(?:[A-Za-z0-9_]{1,32}|i(?:/web)?)/status(?:es)?/(\d{1,25})",
    re.IGNORECASE,
)
_BEFORE_PARAM = re.compile(r"[?&]before=(\d+)")
_AFTER_PARAM = re.compile(r"[?&]after=(\d+)")
_SOURCE_NEWLINE = re.compile(r"\n[ \t\n]*")
_FORWARDED_PREFIX = re.compile(r"^Forwarded from\s*")
_EDITED = re.compile(r"\bedited\b", re.IGNORECASE)
_VIEWS_SCALE = {"K": 1_000, "M": 1_000_000, "B": 1_000_000_000}

# Tags that start a new line in the text when they open or close (Telegram uses them for quotes
# and code blocks since 2023; older pages only have <br>).
_BLOCK_TAGS = frozenset({"div", "p", "blockquote", "pre", "li", "ul", "ol", "h1", "h2", "h3"})


# --------------------------------------------------------------------------- small helpers


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


def _resolve(href: str | None, base: str) -> str | None:
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


def _style_url(style: str | None, base: str) -> str | None:
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
    return _resolve(value, base)


def _post_ref(href: str | None) -> tuple[str, int] | None:
    """``https://t.me/chan/15?single`` → ``("chan", 15)``; None for any other link."""
    match = _POST_URL.match(href) if href else None
    return (match.group(1), int(match.group(2))) if match else None


def tweet_status_id(url: str) -> str | None:
    """The status id of a link to a tweet (twitter.com, x.com and the usual mirrors)."""
    match = _TWEET_URL.match(url)
    return match.group(1) if match else None


def _parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def _clean(text: str) -> str:
    """One line, whitespace runs folded: for names, titles and other short fields."""
    return " ".join(text.split())


def _fold_source_newlines(value: str) -> str:
    """A literal newline in the HTML source is layout whitespace, not a line break (Telegram
    marks real breaks with <br>): fold it and the indentation after it into one space. The
    pattern starts with the newline itself so the regex engine can skip to it; one that began
    with optional spaces crawled through the long indentation runs of pretty-printed pages.
    Spaces before the newline stay; lines are stripped once the text is assembled."""
    return _SOURCE_NEWLINE.sub(" ", value.replace("\r", "\n") if "\r" in value else value)


def _plain_text(node: LexborNode) -> str:
    """Text of a small node on one line (names, titles), layout whitespace folded."""
    return _clean(node.text(deep=True))


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
        if parent is None or parent.mem_id == root_id or parent.tag in _BLOCK_TAGS:
            return None
        node = parent


def _in_pre(node: LexborNode, root_id: int) -> bool:
    parent = node.parent
    while parent is not None and parent.mem_id != root_id:
        if parent.tag == "pre":
            return True
        parent = parent.parent
    return False


def _message_text(node: LexborNode, base: str) -> tuple[str, list[str]]:
    """The text of a message with its line breaks (``<br>`` → newline, block boundaries →
    newline) and the hrefs of its links, in order.

    Built on lexbor's own traversal (C speed, entering events only): a block's end is found by
    remembering the node that follows it, which costs something only in the rare message that
    has blocks (quotes, code) at all.
    """
    out: list[str] = []
    links: list[str] = []
    root_id = node.mem_id
    block_ends: set[int] | None = None  # created on the first block: most messages have none
    has_pre = False
    for child in node.traverse(include_text=True):
        if block_ends is not None and child.mem_id in block_ends and out and out[-1] != "\n":
            out.append("\n")
        tag = child.tag
        if tag == "-text":
            value = child.text_content or ""
            if ("\n" in value or "\r" in value) and not (has_pre and _in_pre(child, root_id)):
                value = _fold_source_newlines(value)
            out.append(value)
        elif tag == "br":
            out.append("\n")
        elif tag == "a":
            link = _resolve(child.attributes.get("href"), base)
            if link is not None:
                links.append(link)
        elif tag in _BLOCK_TAGS and child.mem_id != root_id:
            if out and out[-1] != "\n":
                out.append("\n")
            has_pre = has_pre or tag == "pre"
            after = _after_block(child, root_id)
            if after is not None:
                if block_ends is None:
                    block_ends = set()
                block_ends.add(after)
    text = "".join(out)
    if "\n" in text:
        text = "\n".join(map(str.strip, text.split("\n")))
    if len(links) > 1:
        links = list(dict.fromkeys(links))  # unique, in order, linear
    return text.strip(), links


class _Fields:
    """What one message block yields, filled by one pass over its nodes."""

    __slots__ = (
        "album_ids",
        "author",
        "channel",
        "document",
        "dropped",
        "edited",
        "forwarded_from",
        "forwarded_url",
        "link_preview",
        "links",
        "location",
        "media",
        "media_types",
        "number",
        "poll",
        "published_at",
        "reply_to",
        "sticker",
        "text",
        "thumbnails",
        "views",
    )

    def __init__(self, channel: str, number: int) -> None:
        self.channel = channel
        self.number = number
        self.dropped = False  # a service message, or a block that broke a handler
        self.text: str | None = None
        self.links: list[str] = []
        self.published_at: datetime | None = None
        self.views: int | None = None
        self.author: str | None = None
        self.edited = False
        self.forwarded_from: str | None = None
        self.forwarded_url: str | None = None
        self.reply_to: str | None = None
        self.media: list[str] = []
        self.media_types: list[str] = []
        self.thumbnails: list[str] = []
        self.album_ids: list[str] = []
        self.link_preview: dict[str, str] = {}
        self.document: dict[str, str] | None = None
        self.location: dict[str, object] | None = None
        self.poll: dict[str, object] | None = None
        self.sticker: str | None = None

    def add_media(self, kind: str, url: str | None) -> None:
        # Duplicates are removed once, in _build_post: a membership test here would make a
        # hostile page with thousands of items quadratic.
        self.media_types.append(kind)
        if url:
            self.media.append(url)


def _edited_in_meta(meta: LexborNode) -> bool:
    # The flag is a bare word among the meta line's own text nodes ("Name, edited 12:00"), with
    # no class. Only direct text children count, so a signature or date reading "edited" does not.
    child = meta.child
    while child is not None:
        if child.tag == "-text" and _EDITED.search(child.text_content or ""):
            return True
        child = child.next
    return False


def _location(href: str) -> dict[str, object]:
    location: dict[str, object] = {"url": href}
    try:
        query = parse_qs(urlsplit(href).query)
    except ValueError:
        return location
    for key in ("q", "ll"):
        for value in query.get(key, []):
            lat, _, lon = value.partition(",")
            try:
                location["lat"], location["lon"] = float(lat), float(lon)
                return location
            except ValueError:
                continue
    return location


# One handler per Telegram class name (see _HANDLERS). ``_class_info`` maps a whole class
# attribute to its handlers once and caches it, so the many classes we do not care about
# (accent_color, js-*, blured…) cost nothing after the first message.
_Attrs = dict[str, str | None]
_Handler = Callable[[_Fields, LexborNode, _Attrs, str], None]


def _on_text(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    # Albums nest a second text div inside the first: the outermost (first met) is the text.
    if f.text is None:
        f.text, f.links = _message_text(node, base)


def _on_date(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    # The permalink is rebuilt from data-post; the date link only holds the time.
    child = node.child
    while child is not None:  # the <time> is a direct child; cheaper than a css query
        if child.tag == "time":
            f.published_at = _parse_time(child.attributes.get("datetime"))
            break
        child = child.next


def _on_views(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.views = parse_views(node.text())


def _on_meta(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.edited = f.edited or _edited_in_meta(node)


def _on_signature(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.author = _plain_text(node) or None


def _on_forwarded(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    # "Forwarded from <name>": the name element, handled next, refines this when present.
    if f.forwarded_from is None:
        f.forwarded_from = _FORWARDED_PREFIX.sub("", _plain_text(node)) or None


def _on_forwarded_name(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.forwarded_from = _plain_text(node) or f.forwarded_from
    f.forwarded_url = _resolve(attrs.get("href"), base)


def _on_reply(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    ref = _post_ref(_resolve(attrs.get("href"), base))
    if ref is not None:
        f.reply_to = telegram_post_id(*ref)


def _media(kind: str, attr: str | None) -> _Handler:
    """A handler recording media of ``kind``, its URL read from ``attr`` (``style`` for a
    background image, ``src`` for a video or voice note, None when there is no URL to read)."""

    def handler(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
        if attr == "style":
            f.add_media(kind, _style_url(attrs.get("style"), base))
        else:
            f.add_media(kind, _resolve(attrs.get(attr), base) if attr else None)

    return handler


def _on_thumb(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    thumb = _style_url(attrs.get("style"), base)
    if thumb:
        f.thumbnails.append(thumb)


def _on_document(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.add_media("document", None)
    f.document = {}


def _on_document_part(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    if f.document is not None:
        for cls in (attrs.get("class") or "").split():
            if cls.startswith("tgme_widget_message_document_"):
                f.document[cls.rsplit("_", 1)[1]] = _plain_text(node)


def _on_location(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.add_media("location", None)
    href = _resolve(attrs.get("href"), base)
    if href:
        f.location = _location(href)


def _on_poll(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.add_media("poll", None)
    f.poll = {"question": "", "options": []}


def _on_poll_part(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    if f.poll is None:
        return
    if "tgme_widget_message_poll_question" in (attrs.get("class") or ""):
        f.poll["question"] = _plain_text(node)
    elif isinstance(options := f.poll["options"], list):
        options.append(_plain_text(node))


def _on_sticker(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.add_media("sticker", None)
    if f.sticker is None:
        # Static stickers carry the image in data-webp, animated ones in <source srcset>,
        # video stickers in src.
        url = attrs.get("data-webp") or attrs.get("src")
        if not url:
            source = node.css_first("source[srcset]")
            url = (source.attributes.get("srcset") or "").split(" ")[0] if source else None
        f.sticker = _resolve(url, base)


def _on_album_item(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    ref = _post_ref(_resolve(attrs.get("href"), base))
    if ref is not None:
        f.album_ids.append(telegram_post_id(*ref))


_PREVIEW_FIELDS = {
    "link_preview_site_name": "site",
    "link_preview_title": "title",
    "link_preview_description": "description",
    "link_preview_image": "image",
    "link_preview_right_image": "image",
}


def _on_preview(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    preview = f.link_preview
    url = _resolve(attrs.get("href"), base)
    if url:
        preview["url"] = url
    # Its parts are link_preview_* classes, outside the page query: walk the few nodes inside.
    for child in node.traverse():
        for cls in (child.attrs.get("class") or "").split():
            key = _PREVIEW_FIELDS.get(cls)
            if key == "image":
                image = _style_url(child.attributes.get("style"), base)
                if image:
                    preview[key] = image
            elif key == "description":  # may hold several lines
                preview[key] = _message_text(child, base)[0]
            elif key is not None:
                preview[key] = _plain_text(child)


# Class names are distinct for the message's own media and for look-alikes that are not its
# media: the reply thumbnail (tgme_widget_message_reply_thumb) and a link preview's video
# (link_preview_video) have no handler on purpose.
_HANDLERS: dict[str, _Handler] = {
    "tgme_widget_message_text": _on_text,
    "tgme_widget_message_date": _on_date,
    "tgme_widget_message_views": _on_views,
    "tgme_widget_message_meta": _on_meta,
    "tgme_widget_message_from_author": _on_signature,
    "tgme_widget_message_forwarded_from": _on_forwarded,
    "tgme_widget_message_forwarded_from_name": _on_forwarded_name,
    "tgme_widget_message_reply": _on_reply,
    "tgme_widget_message_photo_wrap": _media("photo", "style"),
    "tgme_widget_message_video": _media("video", "src"),
    # A video "too big" for the preview has a player but no <video>: still a video.
    "tgme_widget_message_video_player": _media("video", None),
    "tgme_widget_message_video_thumb": _on_thumb,
    "tgme_widget_message_roundvideo": _media("round_video", "src"),
    "tgme_widget_message_roundvideo_thumb": _on_thumb,
    "tgme_widget_message_voice": _media("voice", "src"),
    "tgme_widget_message_document_wrap": _on_document,
    "tgme_widget_message_document_title": _on_document_part,
    "tgme_widget_message_document_extra": _on_document_part,
    "tgme_widget_message_location_wrap": _on_location,
    "tgme_widget_message_poll": _on_poll,
    "tgme_widget_message_poll_question": _on_poll_part,
    "tgme_widget_message_poll_option_text": _on_poll_part,
    "tgme_widget_message_sticker": _on_sticker,
    "tgme_widget_message_tgsticker": _on_sticker,
    "tgme_widget_message_videosticker": _on_sticker,
    "grouped_media_wrap": _on_album_item,
    "tgme_widget_message_link_preview": _on_preview,
}


@functools.lru_cache(maxsize=4096)
def _class_info(class_attr: str) -> tuple[bool, bool, tuple[_Handler, ...]]:
    """(is a message block, is a service message, handlers) for a class attribute. Cached:
    Telegram repeats the same class strings on every message, so one cache hit replaces a split
    and a dict lookup per class token; the bound keeps strings that embed ids from piling up."""
    classes = class_attr.split()
    handlers = tuple(_HANDLERS[cls] for cls in classes if cls in _HANDLERS)
    return _MESSAGE_CLASS in classes, "service_message" in classes, handlers


def _scan(tree: LexborHTMLParser, result: ExtractResult, base: str) -> list[_Fields]:
    """Read every message block of the page in one pass (see ``_PARTS_SELECTOR``).

    Blocks without a usable ``data-post`` are counted in ``result.skipped`` and left out.
    Service messages and blocks a handler choked on are counted too, and returned flagged
    ``dropped``: they yield no post, but their ids still count for the page's id range.
    """
    messages: list[_Fields] = []
    current: _Fields | None = None
    for node in tree.css(_PARTS_SELECTOR):
        # Only the class first: most matched nodes (bubble, footer, user photo…) have no
        # handler, and building their full attribute dict would be wasted.
        is_message, is_service, handlers = _class_info(node.attrs.get("class") or "")
        if not (is_message or (handlers and current is not None)):
            continue
        attrs = node.attributes
        if is_message:
            current = None
            ref = _DATA_POST.match((attrs.get("data-post") or "").strip())
            if ref is None:
                result.skip("no_id")
                continue
            fields = _Fields(ref.group(1), int(ref.group(2)))
            messages.append(fields)
            if is_service:
                # Channel created, renamed, photo changed, pinned…: not reports. The flag is
                # the block's class; a text post saying "Channel photo updated" has none.
                fields.dropped = True
                result.skip("service")
            else:
                current = fields
            continue
        if current is None:
            continue
        try:
            for handler in handlers:
                handler(current, node, attrs, base)
        except Exception:  # one odd block must not cost the rest of the page
            current.dropped = True
            result.skip("error")
            current = None
    return messages


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items)) if len(items) > 1 else items


def _build_post(f: _Fields, *, source: str, fetched_at: datetime | None) -> Post:
    channel, number = f.channel, f.number
    post_id = telegram_post_id(channel, number)
    tweet_ids: list[str] = []
    candidates = list(f.links)
    if "url" in f.link_preview:
        candidates.append(f.link_preview["url"])
    for link in candidates:
        status = tweet_status_id(link)
        if status is not None and status not in tweet_ids:
            tweet_ids.append(status)

    extra: dict[str, object] = {
        "channel": channel.lower(),
        "message_id": number,
        "links": f.links,
        "tweet_links": tweet_ids,
    }
    if f.reply_to:
        extra["reply_to"] = f.reply_to
    if f.forwarded_url:
        extra["forwarded_from_url"] = f.forwarded_url
        ref = _post_ref(f.forwarded_url)
        if ref is not None:
            extra["forwarded_from_post"] = telegram_post_id(*ref)
    if f.link_preview:
        extra["link_preview"] = f.link_preview
    if f.album_ids:
        # The block's data-post is the album's first item; keep it first even if the page
        # lists the items in another order, so ``album_ids[0] == post.id``.
        extra["album_ids"] = list(dict.fromkeys([post_id, *f.album_ids]))
    for key, value in (
        ("media_types", _unique(f.media_types)),
        ("thumbnails", _unique(f.thumbnails)),
        ("document", f.document),
        ("location", f.location),
        ("poll", f.poll),
        ("sticker", f.sticker),
    ):
        if value:
            extra[key] = value

    return Post(
        id=post_id,
        source=source,
        kind="telegram",
        url=f"{PERMALINK_BASE}/{channel}/{number}",
        text=f.text or "",
        published_at=f.published_at,
        fetched_at=fetched_at,
        author=f.author,
        media=_unique(f.media),
        views=f.views,
        edited=f.edited,
        forwarded_from=f.forwarded_from,
        extra=extra,
    )


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
        name = _plain_text(username).lstrip("@")
        if re.fullmatch(r"[A-Za-z0-9_]{3,64}", name):
            meta["channel"] = name.lower()
    title = tree.css_first(".tgme_channel_info_header_title")
    if title is None:
        title = tree.css_first(".tgme_header_title")
    if title is not None and _plain_text(title):
        meta["title"] = _plain_text(title)
    else:
        og_title = tree.css_first('meta[property="og:title"]')
        if og_title is not None and og_title.attributes.get("content"):
            meta["title"] = _clean(og_title.attributes.get("content") or "")

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
        messages = _scan(tree, result, base)
    except Exception:  # lexbor rejects some inputs (e.g. wrong types); the contract is no raise
        result.skip("unparseable")
        return result

    ids: list[int] = []
    times: list[datetime] = []
    for fields in messages:
        ids.append(fields.number)
        if fields.dropped:
            continue
        post = _build_post(fields, source=source, fetched_at=fetched_at)
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
        if title is None or not _plain_text(title):
            return PageClass("not_found", "landing page without a title: no such username")
        what = _plain_text(extra_node) if extra_node is not None else ""
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
