"""Tweet resolver responses → ``TweetData``: pure parsers for the two keyless embed endpoints.

The syndication ``tweet-result`` JSON (the one react-tweet reads) gives the full text with its
entities, the exact ``created_at``, author, language, media, quoted tweet and counts. oEmbed only
gives the publishing snippet (text, name, handle, a date in words); the status id itself, a
Twitter snowflake, then supplies the exact time. No I/O here: bytes in, a value out, and
``TweetParseError`` for a body that is not what the endpoint promises.
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from selectolax.lexbor import LexborHTMLParser

from scraper.extract.embedded_tweets import extract_embedded_tweets
from scraper.models import iso, parse_iso

TweetStatus = Literal["ok", "tombstone", "not_found"]

# Twitter's snowflake epoch (2010-11-04T01:42:54.657Z): ids since then carry their time in ms.
SNOWFLAKE_EPOCH_MS = 1288834974657
# Ids below this are pre-snowflake sequential numbers, whose bits mean nothing.
SNOWFLAKE_MIN_ID = 1 << 40
# How far an oEmbed date in words may sit from the snowflake time and still be the same day
# (the words are in the embedding page's time zone, not UTC).
_DATE_WORDS_SLACK = timedelta(hours=36)
_DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_TWITTER_TIME = "%a %b %d %H:%M:%S %z %Y"  # the v1.1 format, seen in older syndication answers
_COUNT_FIELDS = (
    "favorite_count",
    "conversation_count",
    "retweet_count",
    "reply_count",
    "quote_count",
)
# Twitter's pseudo-languages: undetermined, no text, and "only media/hashtags/mentions" (q*).
_NO_LANGUAGE = re.compile(r"^(?:und|zxx|q[a-z]{2})$")
_LEADING_MENTIONS = re.compile(r"^(?:\s*@\w{1,15})+\s*$")
_SPACES = re.compile(r"[ \t]+")


class TweetParseError(ValueError):
    """The endpoint answered 200 with a body that is not a tweet, tombstone or empty result."""


@dataclass(slots=True)
class TweetData:
    """What one endpoint told us about one status id; cached as JSON in Redis."""

    status_id: str
    status: TweetStatus
    via: str  # "syndication" | "oembed"
    text: str = ""
    published_at: datetime | None = None
    exact_time: bool = False
    author: str | None = None
    handle: str | None = None
    lang: str | None = None
    media: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    quoted: str | None = None
    reply_to: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    reason: str | None = None  # why a tombstone / not_found is one

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_json(self) -> str:
        data = asdict(self)
        data["published_at"] = iso(self.published_at)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, raw: str | bytes) -> TweetData:
        """Decode a cached value; ``TweetParseError`` when it is not one of ours."""
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or data.get("status") not in (
                "ok",
                "tombstone",
                "not_found",
            ):
                raise TweetParseError("not a cached tweet")
            data["published_at"] = parse_iso(data.get("published_at"))
            return cls(**data)
        except (ValueError, TypeError) as exc:
            raise TweetParseError(f"bad cached tweet: {exc}") from exc


# the syndication token ---------------------------------------------------------------------


def js_number_to_string(value: float, radix: int) -> str:
    """``Number.prototype.toString(radix)`` as V8 prints it, fraction digits included.

    V8 writes fraction digits only up to the precision of the double (half the gap to the next
    double), rounding the last one half-to-even with carry into earlier digits; integer digits
    beyond 2**53 are zeros. Reproducing that exactly is what makes the token match the browser's.
    """
    if not 2 <= radix <= 36:
        raise ValueError("radix must be between 2 and 36")
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    negative = value < 0
    value = -value if negative else value
    integer = math.floor(value)
    fraction = value - integer
    delta = max(0.5 * (math.nextafter(value, math.inf) - value), math.ulp(0.0))
    fraction_digits: list[int] = []
    carry = False
    if fraction >= delta:
        while True:
            fraction *= radix
            delta *= radix
            digit = int(fraction)
            fraction_digits.append(digit)
            fraction -= digit
            if (fraction > 0.5 or (fraction == 0.5 and digit & 1)) and fraction + delta > 1:
                # Round up: bump the last digit that is not radix-1, dropping those after it.
                while fraction_digits:
                    last = fraction_digits.pop()
                    if last + 1 < radix:
                        fraction_digits.append(last + 1)
                        break
                else:
                    carry = True
                break
            if fraction < delta:
                break
    integer_value = float(integer) + (1.0 if carry else 0.0)
    integer_digits: list[str] = []
    # Digits below the double's precision are printed as zeros, as V8 does.
    while math.frexp(integer_value / radix)[1] - 53 > 0:
        integer_value /= radix
        integer_digits.append("0")
    while True:
        remainder = math.fmod(integer_value, radix)
        integer_digits.append(_DIGITS36[int(remainder)])
        integer_value = (integer_value - remainder) / radix
        if integer_value <= 0:
            break
    text = "".join(reversed(integer_digits))
    if fraction_digits:
        text += "." + "".join(_DIGITS36[d] for d in fraction_digits)
    return "-" + text if negative else text


def syndication_token(status_id: str | int) -> str:
    """The ``token`` query parameter the syndication endpoint expects for a status id.

    react-tweet: ``((Number(id) / 1e15) * Math.PI).toString(36).replace(/(0+|\\.)/g, '')``.
    Python's float() of a decimal string and its / and * are the same IEEE operations as JS's.
    """
    value = (float(str(status_id)) / 1e15) * math.pi
    return re.sub(r"0+|\.", "", js_number_to_string(value, 36))


def snowflake_time(status_id: str | int) -> datetime | None:
    """The creation time encoded in a snowflake status id (ms precision), or None."""
    try:
        number = int(status_id)
    except (TypeError, ValueError):
        return None
    if number < SNOWFLAKE_MIN_ID:
        return None
    return datetime.fromtimestamp(((number >> 22) + SNOWFLAKE_EPOCH_MS) / 1000, UTC)


# syndication -------------------------------------------------------------------------------


def _load_object(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise TweetParseError(f"not JSON: {exc}") from exc


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _language(value: Any) -> str | None:
    if not isinstance(value, str) or not value or _NO_LANGUAGE.match(value):
        return None
    return value


def _created_at(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return parse_iso(value)
    except ValueError:
        pass
    try:
        return datetime.strptime(value, _TWITTER_TIME).astimezone(UTC)
    except ValueError:
        return None


def _replace_link(text: str, short: str, replacement: str) -> str:
    # A t.co link is replaced only as a whole token, never as the prefix of a longer link.
    return re.sub(re.escape(short) + r"(?![\w/])", lambda _m: replacement, text)


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()


def expand_text(tweet: dict[str, Any]) -> tuple[str, list[str]]:
    """The tweet's text with t.co links expanded and media links removed, and its link targets.

    Links are replaced by their t.co string rather than by ``indices``: the text carries HTML
    escapes (``&amp;``) that the indices do not count, so string replacement is the robust way.
    """
    text = tweet.get("text")
    if not isinstance(text, str):
        raise TweetParseError("tweet has no text")
    entities = _as_dict(tweet.get("entities"))
    span = tweet.get("display_text_range")
    if (
        isinstance(span, list)
        and len(span) == 2
        and isinstance(span[0], int)
        and 0 < span[0] <= len(text)
        and _LEADING_MENTIONS.match(text[: span[0]])
    ):
        # A reply starts with the @handles it answers; they sit outside the displayed range.
        text = text[span[0] :]
    links: list[str] = []
    for entity in _as_list(entities.get("urls")):
        entity = _as_dict(entity)
        short, expanded = entity.get("url"), entity.get("expanded_url")
        if isinstance(short, str) and short and isinstance(expanded, str) and expanded:
            text = _replace_link(text, short, expanded)
            if expanded not in links:
                links.append(expanded)
    media_links = [_as_dict(m).get("url") for m in _as_list(entities.get("media"))]
    media_links += [_as_dict(m).get("url") for m in _as_list(tweet.get("mediaDetails"))]
    for short in media_links:
        if isinstance(short, str) and short:
            text = _replace_link(text, short, "")
    return _tidy(html.unescape(text)), links


def _best_mp4(variants: list[Any], url_key: str, type_key: str) -> str | None:
    best: tuple[int, int, str] | None = None
    for index, variant in enumerate(variants):
        variant = _as_dict(variant)
        url = variant.get(url_key)
        if not isinstance(url, str) or variant.get(type_key) != "video/mp4":
            continue
        bitrate = variant.get("bitrate")
        # Without bitrates (the top-level "video" object) later variants are the larger ones.
        rank = (bitrate if isinstance(bitrate, int) else -1, index, url)
        if best is None or rank > best:
            best = rank
    return best[2] if best else None


def media_urls(tweet: dict[str, Any]) -> list[str]:
    """Photo URLs and the best mp4 of each video or GIF, in the tweet's order, deduplicated."""
    found: list[str] = []

    def add(url: Any) -> None:
        if isinstance(url, str) and url and url not in found:
            found.append(url)

    details = _as_list(tweet.get("mediaDetails"))
    for item in details:
        item = _as_dict(item)
        if item.get("type") == "photo":
            add(item.get("media_url_https"))
        else:
            variants = _as_list(_as_dict(item.get("video_info")).get("variants"))
            add(_best_mp4(variants, "url", "content_type") or item.get("media_url_https"))
    if not details:
        # Older answers carry only the simplified "photos" / "video" objects.
        for photo in _as_list(tweet.get("photos")):
            add(_as_dict(photo).get("url"))
        video = _as_dict(tweet.get("video"))
        add(_best_mp4(_as_list(video.get("variants")), "src", "type") or video.get("poster"))
    return found


def _counts(tweet: dict[str, Any]) -> dict[str, int]:
    counts = {
        name: value
        for name in _COUNT_FIELDS
        if isinstance(value := tweet.get(name), int) and not isinstance(value, bool)
    }
    views = _as_dict(tweet.get("video")).get("viewCount")
    if isinstance(views, int) and not isinstance(views, bool):
        counts["view_count"] = views
    return counts


def _tombstone_reason(data: dict[str, Any]) -> str:
    text = _as_dict(_as_dict(data.get("tombstone")).get("text")).get("text")
    if isinstance(text, str) and text:
        return text
    reason = data.get("reason")
    return reason if isinstance(reason, str) and reason else str(data.get("__typename"))


def _ids_of(tweet: dict[str, Any]) -> set[str]:
    ids = {str(tweet.get("id_str") or "")}
    edits = _as_dict(tweet.get("edit_control"))
    ids.update(str(i) for i in _as_list(edits.get("edit_tweet_ids")))
    initial = _as_dict(edits.get("edit_control_initial"))
    ids.update(str(i) for i in _as_list(initial.get("edit_tweet_ids")))
    ids.discard("")
    return ids


def parse_syndication(body: bytes, status_id: str) -> TweetData:
    """A ``tweet-result`` body → TweetData (ok, tombstone, or not_found for an empty answer)."""
    data = _load_object(body) if body.strip() else {}
    if not isinstance(data, dict):
        raise TweetParseError(f"expected a JSON object, got {type(data).__name__}")
    typename = data.get("__typename")
    if not data:
        # The endpoint answers an empty object for ids it does not know.
        return TweetData(status_id, "not_found", "syndication", reason="empty result")
    if typename in ("TweetTombstone", "TweetUnavailable"):
        return TweetData(status_id, "tombstone", "syndication", reason=_tombstone_reason(data))
    if typename not in (None, "Tweet"):
        raise TweetParseError(f"unknown __typename {typename!r}")
    ids = _ids_of(data)
    if not ids:
        raise TweetParseError("tweet has no id_str")
    if status_id not in ids:
        raise TweetParseError(f"answer is for tweet {sorted(ids)[0]}, not {status_id}")
    text, links = expand_text(data)
    user = _as_dict(data.get("user"))
    created = _created_at(data.get("created_at"))
    exact = created is not None
    if created is None:
        created = snowflake_time(status_id)
        exact = created is not None
    quoted = _str_or_none(_as_dict(data.get("quoted_tweet")).get("id_str"))
    reply_to = _str_or_none(data.get("in_reply_to_status_id_str")) or _str_or_none(
        _as_dict(data.get("parent")).get("id_str")
    )
    return TweetData(
        status_id=status_id,
        status="ok",
        via="syndication",
        text=text,
        published_at=created,
        exact_time=exact,
        author=_str_or_none(user.get("name")),
        handle=_str_or_none(user.get("screen_name")),
        lang=_language(data.get("lang")),
        media=media_urls(data),
        links=links,
        quoted=quoted,
        reply_to=reply_to,
        counts=_counts(data),
    )


# oEmbed ------------------------------------------------------------------------------------


def _handle_from_url(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    match = re.match(r"^https?://(?:www\.)?(?:twitter|x)\.com/(\w{1,15})/?$", url.strip(), re.I)
    return match.group(1) if match else None


def reconcile_time(status_id: str, stated: datetime | None) -> tuple[datetime | None, bool]:
    """The best creation time from a date in words and the id; True when it is exact.

    The snowflake is exact; a date in words only confirms it (or stands in for a non-snowflake
    id). A snowflake far from the stated date means the id is not what it seems: keep the words.
    """
    exact = snowflake_time(status_id)
    if exact is None:
        return stated, False
    if stated is None or abs(exact - stated) <= _DATE_WORDS_SLACK:
        return exact, True
    return stated, False


def parse_oembed(body: bytes, status_id: str) -> TweetData:
    """A ``publish.twitter.com/oembed`` body → TweetData from its blockquote snippet."""
    data = _load_object(body)
    if not isinstance(data, dict):
        raise TweetParseError(f"expected a JSON object, got {type(data).__name__}")
    snippet = data.get("html")
    if not isinstance(snippet, str) or "twitter-tweet" not in snippet:
        raise TweetParseError("oEmbed answer has no tweet blockquote")
    posts = extract_embedded_tweets(LexborHTMLParser(snippet))
    if not posts:
        raise TweetParseError("oEmbed blockquote has no status link")
    post = next((p for p in posts if p.id == f"tweet:{status_id}"), posts[0])
    if post.id != f"tweet:{status_id}":
        raise TweetParseError(f"oEmbed answer is for {post.id}, not tweet:{status_id}")
    published, exact = reconcile_time(status_id, post.published_at)
    handle = _handle_from_url(data.get("author_url")) or post.extra.get("handle") or None
    links = [link for link in post.extra.get("links", []) if isinstance(link, str)]
    return TweetData(
        status_id=status_id,
        status="ok",
        via="oembed",
        text=post.text,
        published_at=published,
        exact_time=exact,
        author=_str_or_none(data.get("author_name")) or post.author,
        handle=handle,
        lang=post.lang,
        links=links,
    )
