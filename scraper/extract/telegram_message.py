"""One message block of a t.me/s page → the fields of a ``Post``: the per-message half of
``scraper.extract.telegram``. ``scan_messages`` reads every block of a parsed page in one pass,
``build_post`` turns what it read into a ``Post``.

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

import re
from collections.abc import Callable
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from selectolax.lexbor import LexborAttributes, LexborHTMLParser, LexborNode

from scraper.extract import ExtractResult
from scraper.extract.telegram_text import (
    message_text,
    parse_time,
    parse_views,
    plain_text,
    post_ref,
    resolve,
    style_url,
    tweet_status_id,
)
from scraper.models import Post, telegram_post_id

__all__ = ["PERMALINK_BASE", "build_post", "scan_messages"]

# Where permalinks point. The preview host the fetcher uses is configurable (tests point it at a
# local server), but a post's public identity is always its t.me link.
PERMALINK_BASE = "https://t.me"


# One query for the whole page: every element whose class mentions tgme_widget_message, the
# message blocks themselves included, in document order (lexbor's selector engine walks the tree
# once). A block's parts follow it until the next block starts, so one linear pass reads every
# message. Per-field ``css_first`` calls would cost ~2 µs each (the selector is compiled every
# call) times a dozen fields times 20 messages; a class-name dict dispatch in Python is cheaper.
_PARTS_SELECTOR = '[class*="tgme_widget_message"]'
_MESSAGE_CLASS = "tgme_widget_message"

_DATA_POST = re.compile(r"^([A-Za-z0-9_]{1,64})/(\d{1,12})$")
_FORWARDED_PREFIX = re.compile(r"^Forwarded from\s*")
_EDITED = re.compile(r"\bedited\b", re.IGNORECASE)


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
        # Duplicates are removed once, in build_post: a membership test here would make a
        # hostile page with thousands of items quadratic.
        self.media_types.append(kind)
        if url:
            self.media.append(url)


def _edited_in_meta(meta: LexborNode) -> bool:
    # The flag is a bare word among the meta line's own text nodes ("Name, edited 12:00"), with
    # no class. Only direct text children count, so a signature or date reading "edited" does not.
    child = meta.child
    while child is not None:
        if child.is_text_node and _EDITED.search(child.text_content or ""):
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
# (accent_color, js-*, blured…) cost nothing after the first message. Handlers read attributes
# through lexbor's live view (``node.attrs``), one lookup per attribute they need: building the
# full ``node.attributes`` dict cost more than most handlers' own work.
_Attrs = LexborAttributes
_Handler = Callable[[_Fields, LexborNode, _Attrs, str], None]


def _on_text(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    # Albums nest a second text div inside the first: the outermost (first met) is the text.
    if f.text is None:
        f.text, f.links = message_text(node, base)


def _on_date(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    # The permalink is rebuilt from data-post; the date link only holds the time.
    child = node.child
    while child is not None:  # the <time> is a direct child; cheaper than a css query
        if child.tag == "time":
            f.published_at = parse_time(child.attrs.get("datetime"))
            break
        child = child.next


def _on_views(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.views = parse_views(node.text())


def _on_meta(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.edited = f.edited or _edited_in_meta(node)


def _on_signature(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.author = plain_text(node) or None


def _on_forwarded(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    # "Forwarded from <name>": the name element, handled next, refines this when present.
    if f.forwarded_from is None:
        f.forwarded_from = _FORWARDED_PREFIX.sub("", plain_text(node)) or None


def _on_forwarded_name(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.forwarded_from = plain_text(node) or f.forwarded_from
    f.forwarded_url = resolve(attrs.get("href"), base)


def _on_reply(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    ref = post_ref(resolve(attrs.get("href"), base))
    if ref is not None:
        f.reply_to = telegram_post_id(*ref)


def _media(kind: str, attr: str | None) -> _Handler:
    """A handler recording media of ``kind``, its URL read from ``attr`` (``style`` for a
    background image, ``src`` for a video or voice note, None when there is no URL to read)."""

    def handler(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
        if attr == "style":
            f.add_media(kind, style_url(attrs.get("style"), base))
        else:
            f.add_media(kind, resolve(attrs.get(attr), base) if attr else None)

    return handler


def _on_thumb(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    thumb = style_url(attrs.get("style"), base)
    if thumb:
        f.thumbnails.append(thumb)


def _on_document(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.add_media("document", None)
    f.document = {}


def _on_document_part(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    if f.document is not None:
        for cls in (attrs.get("class") or "").split():
            if cls.startswith("tgme_widget_message_document_"):
                f.document[cls.rsplit("_", 1)[1]] = plain_text(node)


def _on_location(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.add_media("location", None)
    href = resolve(attrs.get("href"), base)
    if href:
        f.location = _location(href)


def _on_poll(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.add_media("poll", None)
    f.poll = {"question": "", "options": []}


def _on_poll_part(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    if f.poll is None:
        return
    if "tgme_widget_message_poll_question" in (attrs.get("class") or ""):
        f.poll["question"] = plain_text(node)
    elif isinstance(options := f.poll["options"], list):
        options.append(plain_text(node))


def _on_sticker(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    f.add_media("sticker", None)
    if f.sticker is None:
        # Static stickers carry the image in data-webp, animated ones in <source srcset>,
        # video stickers in src.
        url = attrs.get("data-webp") or attrs.get("src")
        if not url:
            source = node.css_first("source[srcset]")
            url = (source.attrs.get("srcset") or "").split(" ")[0] if source else None
        f.sticker = resolve(url, base)


def _on_album_item(f: _Fields, node: LexborNode, attrs: _Attrs, base: str) -> None:
    ref = post_ref(resolve(attrs.get("href"), base))
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
    url = resolve(attrs.get("href"), base)
    if url:
        preview["url"] = url
    # Its parts are link_preview_* classes, outside the page query: walk the few nodes inside.
    for child in node.traverse():
        for cls in (child.attrs.get("class") or "").split():
            key = _PREVIEW_FIELDS.get(cls)
            if key == "image":
                image = style_url(child.attrs.get("style"), base)
                if image:
                    preview[key] = image
            elif key == "description":  # may hold several lines
                preview[key] = message_text(child, base)[0]
            elif key is not None:
                preview[key] = plain_text(child)


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


# What the scan does with a node, by its class attribute: None (nothing: most nodes), or
# (message block?, service message?, handlers).
_ClassInfo = tuple[bool, bool, tuple[_Handler, ...]] | None
_CLASS_INFO: dict[str, _ClassInfo] = {}
# Telegram repeats the same few dozen class strings on every page; a few (photo wraps) embed
# media ids and are new each time. Past this many entries the cache starts over, so a stream of
# such strings cannot grow it without bound.
_CLASS_INFO_MAX = 4096
_UNSEEN: _ClassInfo = (False, False, ())  # a cache miss, told apart by identity


def _class_info(class_attr: str) -> _ClassInfo:
    """Split and look up a class attribute once; ``scan_messages`` caches the answer."""
    classes = class_attr.split()
    handlers = tuple(_HANDLERS[cls] for cls in classes if cls in _HANDLERS)
    is_message = _MESSAGE_CLASS in classes
    info: _ClassInfo = (is_message, "service_message" in classes, handlers)
    if not (is_message or handlers):
        info = None
    if len(_CLASS_INFO) >= _CLASS_INFO_MAX:
        _CLASS_INFO.clear()
    _CLASS_INFO[class_attr] = info
    return info


def scan_messages(tree: LexborHTMLParser, result: ExtractResult, base: str) -> list[_Fields]:
    """Read every message block of the page in one pass (see ``_PARTS_SELECTOR``).

    Blocks without a usable ``data-post`` are counted in ``result.skipped`` and left out.
    Service messages and blocks a handler choked on are counted too, and returned flagged
    ``dropped``: they yield no post, but their ids still count for the page's id range.
    """
    messages: list[_Fields] = []
    current: _Fields | None = None
    cached = _CLASS_INFO.get
    # This loop body runs for every matched node (~19 per message), so it does the least it can:
    # one attribute read and one dict hit for the nodes that have no handler.
    for node in tree.css(_PARTS_SELECTOR):
        attrs = node.attrs
        class_attr = attrs.get("class") or ""
        info = cached(class_attr, _UNSEEN)
        if info is _UNSEEN:
            info = _class_info(class_attr)
        if info is None:
            continue
        is_message, is_service, handlers = info
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


def build_post(f: _Fields, *, source: str, fetched_at: datetime | None) -> Post:
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
        ref = post_ref(f.forwarded_url)
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
