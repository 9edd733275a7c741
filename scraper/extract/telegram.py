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

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
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


# One selector per message, run once: css_first per field costs ~2 µs a call (the selector is
# compiled every time), and a message needs a dozen fields, so we fetch every interesting node
# in one pass and dispatch on class names in Python instead. ``*=`` rather than ``.class``
# because a single attribute selector is the cheapest lexbor query that catches all of them.
_PARTS_SELECTOR = (
    '[class*="tgme_widget_message_"], [class*="link_preview_"], time[datetime], source[srcset]'
)
_MESSAGE_SELECTOR = ".tgme_widget_message"

_STYLE_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""")
_POST_PATH = re.compile(r"^/(?:s/)?([A-Za-z0-9_]{1,64})/(\d{1,12})(?:/|$)")
_DATA_POST = re.compile(r"^([A-Za-z0-9_]{1,64})/(\d{1,12})$")
_TWEET_URL = re.compile(
    r"^https?://(?:www\.|mobile\.|m\.)?"
    r"(?:twitter|x|fxtwitter|vxtwitter|fixupx|fixvx|twittpr|nitter)\.(?:com|net)/"
    r"(?:[A-Za-z0-9_]{1,32}|i(?:/web)?)/status(?:es)?/(\d{1,25})",
    re.IGNORECASE,
)
_BEFORE_PARAM = re.compile(r"[?&]before=(\d+)")
_AFTER_PARAM = re.compile(r"[?&]after=(\d+)")
_EDITED = re.compile(r"\bedited\b", re.IGNORECASE)
# A literal newline in the HTML source is layout whitespace, not a line break: Telegram marks
# real breaks with <br>. Fold it (and the indentation around it) into one space.
_SOURCE_NEWLINE = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_VIEWS = re.compile(r"^([\d.,\s\u00a0\u202f]+?)\s*([KMB]?)$", re.IGNORECASE)
_VIEWS_SCALE = {"": 1, "K": 1_000, "M": 1_000_000, "B": 1_000_000_000}

# Tags that start a new line in the text when they open or close (Telegram uses them for quotes
# and code blocks since 2023; older pages only have <br>).
_BLOCK_TAGS = frozenset({"div", "p", "blockquote", "pre", "li", "ul", "ol", "h1", "h2", "h3"})


# --------------------------------------------------------------------------- small helpers


def parse_views(text: str | None) -> int | None:
    """``"3.1K"`` → 3100, ``"1.2M"`` → 1_200_000, ``"436.6K"`` → 436_600, ``"17"`` → 17.

    Decimal, not float: 436.6 × 1000 in binary floating point is 436599.99…. Returns None for
    anything that is not a count (never raises).
    """
    if not text:
        return None
    match = _VIEWS.match(text.strip())
    if not match:
        return None
    number, suffix = match.group(1), match.group(2).upper()
    number = re.sub(r"[\s\u00a0\u202f]", "", number)
    if suffix and "," in number and "." not in number:
        number = number.replace(",", ".")  # "1,2K" in locales with a decimal comma
    else:
        number = number.replace(",", "")  # "1,234" thousands separator
    try:
        value = Decimal(number) * _VIEWS_SCALE[suffix]
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or value < 0:
        return None
    return int(value)


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
    if not href or href.startswith(("javascript:", "#")):
        return None
    try:
        return urljoin(base, href)
    except ValueError:  # e.g. a malformed IPv6 netloc
        return None


def _style_url(style: str | None, base: str) -> str | None:
    if not style:
        return None
    match = _STYLE_URL.search(style)
    if not match or not match.group(2) or match.group(2).startswith("data:"):
        return None
    return _resolve(match.group(2), base)


def _post_ref(href: str | None) -> tuple[str, int] | None:
    """``https://t.me/chan/15?single`` → ``("chan", 15)``; None for any other link."""
    if not href:
        return None
    try:
        parts = urlsplit(href)
    except ValueError:
        return None
    if parts.netloc and parts.netloc.lower() not in ("t.me", "telegram.me", "www.t.me"):
        return None
    match = _POST_PATH.match(parts.path)
    if not match:
        return None
    return match.group(1), int(match.group(2))


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
    return _SOURCE_NEWLINE.sub(" ", text).strip()


def _plain_text(node: LexborNode) -> str:
    """Text of a small node on one line (names, titles), layout whitespace folded."""
    return _clean(node.text(deep=True))


def _walk(root: LexborNode) -> Iterator[tuple[LexborNode, bool]]:
    """Depth-first (node, entering) events under ``root``; iterative, so deeply nested garbage
    cannot hit the recursion limit."""
    stack: list[tuple[LexborNode, bool]] = []
    child = root.child
    while child is not None:
        stack.append((child, True))
        child = child.next
    stack.reverse()
    while stack:
        node, entering = stack.pop()
        yield node, entering
        if not entering or node.tag == "-text":
            continue
        stack.append((node, False))
        kids: list[LexborNode] = []
        child = node.child
        while child is not None:
            kids.append(child)
            child = child.next
        stack.extend((kid, True) for kid in reversed(kids))


def _message_text(node: LexborNode, base: str) -> tuple[str, list[str]]:
    """The text of a message with its line breaks (``<br>`` → newline, block boundaries →
    newline) and the hrefs of its links, in order."""
    out: list[str] = []
    links: list[str] = []
    in_pre = 0

    def newline() -> None:
        if out and not out[-1].endswith("\n"):
            out.append("\n")

    for child, entering in _walk(node):
        tag = child.tag
        if tag == "-text":
            value = child.text_content or ""
            out.append(value if in_pre else _SOURCE_NEWLINE.sub(" ", value))
        elif tag == "br":
            if entering:
                out.append("\n")
        elif tag in _BLOCK_TAGS:
            newline()
            if tag == "pre":
                in_pre += 1 if entering else -1
        elif tag == "a" and entering:
            link = _resolve(child.attributes.get("href"), base)
            if link is not None and link not in links:
                links.append(link)
    lines = [line.strip() for line in "".join(out).split("\n")]
    return "\n".join(lines).strip("\n"), links


# --------------------------------------------------------------------------- one message


class _Fields:
    """What one message block yields, filled by one pass over its nodes."""

    __slots__ = (
        "album_ids",
        "author",
        "document",
        "edited",
        "forwarded_from",
        "forwarded_url",
        "link_preview",
        "links",
        "location",
        "media",
        "media_types",
        "permalink",
        "poll",
        "published_at",
        "reply_to",
        "sticker",
        "text",
        "thumbnails",
        "views",
    )

    def __init__(self) -> None:
        self.text: str | None = None
        self.links: list[str] = []
        self.published_at: datetime | None = None
        self.permalink: str | None = None
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
        if kind not in self.media_types:
            self.media_types.append(kind)
        if url and url not in self.media:
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


def _read_message(message: LexborNode, base: str) -> _Fields:
    f = _Fields()
    poll_options: list[str] = []
    # Nodes come in document order; the outermost text block is the message text (albums nest a
    # second text div inside the first), and link-preview children follow their preview.
    for node in message.css(_PARTS_SELECTOR):
        attrs = node.attributes
        classes = (attrs.get("class") or "").split()
        tag = node.tag
        if tag == "time":
            if f.published_at is None:
                f.published_at = _parse_time(attrs.get("datetime"))
            continue
        if tag == "source":
            if "sticker" in f.media_types and f.sticker is None:
                f.sticker = _resolve((attrs.get("srcset") or "").split(" ")[0], base)
            continue
        for cls in classes:
            if cls == "tgme_widget_message_text":
                if f.text is None:
                    f.text, f.links = _message_text(node, base)
            elif cls == "tgme_widget_message_date":
                f.permalink = _resolve(attrs.get("href"), base)
            elif cls == "tgme_widget_message_views":
                f.views = parse_views(node.text())
            elif cls == "tgme_widget_message_meta":
                f.edited = f.edited or _edited_in_meta(node)
            elif cls == "tgme_widget_message_from_author":
                f.author = _plain_text(node) or None
            elif cls == "tgme_widget_message_forwarded_from":
                if f.forwarded_from is None:
                    text = _plain_text(node)
                    f.forwarded_from = re.sub(r"^Forwarded from\s*", "", text) or None
            elif cls == "tgme_widget_message_forwarded_from_name":
                f.forwarded_from = _plain_text(node) or f.forwarded_from
                f.forwarded_url = _resolve(attrs.get("href"), base)
            elif cls == "tgme_widget_message_reply":
                ref = _post_ref(_resolve(attrs.get("href"), base))
                if ref is not None:
                    f.reply_to = telegram_post_id(*ref)
            elif cls == "tgme_widget_message_photo_wrap":
                f.add_media("photo", _style_url(attrs.get("style"), base))
            elif cls == "tgme_widget_message_video":
                f.add_media("video", _resolve(attrs.get("src"), base))
            elif cls in ("tgme_widget_message_video_player", "tgme_widget_message_video_wrap"):
                # A video "too big" for the preview has a player but no <video>: still a video.
                f.add_media("video", None)
            elif cls in ("tgme_widget_message_video_thumb", "tgme_widget_message_roundvideo_thumb"):
                thumb = _style_url(attrs.get("style"), base)
                if thumb and thumb not in f.thumbnails:
                    f.thumbnails.append(thumb)
            elif cls == "tgme_widget_message_roundvideo":
                f.add_media("round_video", _resolve(attrs.get("src"), base))
            elif cls == "tgme_widget_message_voice":
                f.add_media("voice", _resolve(attrs.get("src"), base))
            elif cls == "tgme_widget_message_document_wrap":
                f.add_media("document", None)
                f.document = {}
            elif cls in (
                "tgme_widget_message_document_title",
                "tgme_widget_message_document_extra",
            ):
                if f.document is not None:
                    f.document[cls.rsplit("_", 1)[1]] = _plain_text(node)
            elif cls == "tgme_widget_message_location_wrap":
                href = _resolve(attrs.get("href"), base)
                f.add_media("location", None)
                if href:
                    f.location = _location(href)
            elif cls == "tgme_widget_message_poll":
                f.add_media("poll", None)
                f.poll = {"question": "", "options": poll_options}
            elif cls == "tgme_widget_message_poll_question":
                if f.poll is not None:
                    f.poll["question"] = _plain_text(node)
            elif cls == "tgme_widget_message_poll_option_text":
                poll_options.append(_plain_text(node))
            elif cls in ("tgme_widget_message_sticker", "tgme_widget_message_tgsticker"):
                f.add_media("sticker", None)
                if f.sticker is None:
                    f.sticker = _resolve(attrs.get("data-webp"), base)
            elif cls == "tgme_widget_message_videosticker":
                f.add_media("sticker", None)
                f.sticker = f.sticker or _resolve(attrs.get("src"), base)
            elif cls == "grouped_media_wrap":
                ref = _post_ref(_resolve(attrs.get("href"), base))
                if ref is not None:
                    post_id = telegram_post_id(*ref)
                    if post_id not in f.album_ids:
                        f.album_ids.append(post_id)
            elif cls == "tgme_widget_message_link_preview":
                url = _resolve(attrs.get("href"), base)
                if url:
                    f.link_preview["url"] = url
            elif cls == "link_preview_site_name":
                f.link_preview["site"] = _plain_text(node)
            elif cls == "link_preview_title":
                f.link_preview["title"] = _plain_text(node)
            elif cls == "link_preview_description":
                f.link_preview["description"] = _message_text(node, base)[0]
            elif cls in ("link_preview_image", "link_preview_right_image"):
                image = _style_url(attrs.get("style"), base)
                if image:
                    f.link_preview["image"] = image
    return f


def _build_post(
    channel: str,
    number: int,
    f: _Fields,
    *,
    source: str,
    fetched_at: datetime | None,
) -> Post:
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
        extra["album_ids"] = [post_id, *(i for i in f.album_ids if i != post_id)]
    for key, value in (
        ("media_types", f.media_types),
        ("thumbnails", f.thumbnails),
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
        media=f.media,
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
    title = tree.css_first(".tgme_channel_info_header_title") or tree.css_first(
        ".tgme_header_title"
    )
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
    for rel, key, pattern in (("prev", "before", _BEFORE_PARAM), ("next", "after", _AFTER_PARAM)):
        if key in meta:
            continue
        link = tree.css_first(f'link[rel="{rel}"]')
        match = (
            pattern.search(undo_double_escape(link.attributes.get("href") or "")) if link else None
        )
        if match:
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
        messages = tree.css(_MESSAGE_SELECTOR)
    except Exception:  # lexbor rejects some inputs (e.g. wrong types); the contract is no raise
        result.skip("unparseable")
        return result

    ids: list[int] = []
    channels: list[str] = []
    times: list[datetime] = []
    for message in messages:
        try:
            ref = _DATA_POST.match((message.attributes.get("data-post") or "").strip())
            if ref is None:
                result.skip("no_id")
                continue
            channel, number = ref.group(1), int(ref.group(2))
            ids.append(number)
            channels.append(channel)
            classes = (message.attributes.get("class") or "").split()
            if "service_message" in classes:
                result.skip("service")
                continue
            fields = _read_message(message, base)
            post = _build_post(channel, number, fields, source=source, fetched_at=fetched_at)
        except Exception:  # one odd block must not cost the rest of the page
            result.skip("error")
            continue
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
        channel = channels[0] if channels else _channel_from_url(url)
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
        is_preview = bool(messages) or (
            tree.css_first(".tgme_channel_history, .tgme_channel_info, .tme_no_messages_found")
            is not None
        )
        landing = tree.css_first(".tgme_page")
        title = tree.css_first(".tgme_page_title")
        extra_node = tree.css_first(".tgme_page_extra")
        preview_link = tree.css_first("a.tgme_page_context_link")
    except Exception:
        return PageClass("unknown", "unparseable page")

    if messages:
        return PageClass("preview", f"{len(messages)} messages")
    if is_preview:
        return PageClass("empty", "preview page has no messages")
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
