"""The messages that flow through strikefeed: Post, Event and Update (DESIGN.md, contract v1).

Plain slotted dataclasses rather than pydantic: the linker handles thousands of posts a second and
construction cost matters there; validation happens once, when a post is decoded from outside.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, Literal

SCHEMA_VERSION = 1

PostKind = Literal["article", "telegram", "tweet"]
POST_KINDS: frozenset[str] = frozenset({"article", "telegram", "tweet"})


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime | None) -> str | None:
    """ISO 8601 in UTC with a trailing Z, the wire format of every time field."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def web_post_id(canonical_url: str) -> str:
    return "web:" + hashlib.sha1(canonical_url.encode("utf-8")).hexdigest()


def telegram_post_id(channel: str, number: int | str) -> str:
    return f"telegram:{channel.lower()}/{number}"


def tweet_post_id(status_id: int | str) -> str:
    return f"tweet:{status_id}"


@dataclass(slots=True)
class Post:
    """One report as seen at one place: an article, a Telegram message or a tweet."""

    id: str
    source: str
    kind: str
    url: str
    text: str
    published_at: datetime | None = None
    fetched_at: datetime | None = None
    title: str | None = None
    author: str | None = None
    lang: str | None = None
    embeds: list[str] = field(default_factory=list)
    embedded_in: list[str] = field(default_factory=list)
    media: list[str] = field(default_factory=list)
    views: int | None = None
    edited: bool = False
    forwarded_from: str | None = None
    # Bumped when the same post id is seen again with changed text (an edited Telegram message).
    version: int = 1
    # Kind-specific details (reply_to, link_preview, linked tweets, tombstone...) that the
    # contract does not name; consumers may ignore them.
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["published_at"] = iso(self.published_at)
        data["fetched_at"] = iso(self.fetched_at)
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Post:
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        if "id" not in kwargs or not isinstance(kwargs["id"], str) or not kwargs["id"]:
            raise ValueError("post has no id")
        kwargs.setdefault("source", "")
        kwargs.setdefault("kind", "article")
        kwargs.setdefault("url", "")
        kwargs["text"] = kwargs.get("text") or ""
        for name in ("published_at", "fetched_at"):
            value = kwargs.get(name)
            kwargs[name] = parse_iso(value) if isinstance(value, str) else None
        for name in ("embeds", "embedded_in", "media"):
            kwargs[name] = list(kwargs.get(name) or [])
        kwargs["extra"] = dict(kwargs.get("extra") or {})
        return cls(**kwargs)

    @classmethod
    def from_json(cls, raw: str | bytes) -> Post:
        return cls.from_dict(json.loads(raw))


@dataclass(slots=True)
class Event:
    """A strike: published once to the events stream when its first report arrives."""

    event_id: str
    created_at: datetime
    canonical: Post
    places: list[str] = field(default_factory=list)
    attack: str | None = None
    sources: int = 1
    report_ids: list[str] = field(default_factory=list)
    v: int = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "v": self.v,
            "event_id": self.event_id,
            "created_at": iso(self.created_at),
            "canonical": self.canonical.to_dict(),
            "places": list(self.places),
            "attack": self.attack,
            "sources": self.sources,
            "report_ids": list(self.report_ids),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))


@dataclass(slots=True)
class Update:
    """A further report of a known event: published to the updates stream."""

    event_id: str
    post: Post
    score: float
    reason: dict[str, Any]
    sources: int
    v: int = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            "v": self.v,
            "event_id": self.event_id,
            "post": self.post.to_dict(),
            "score": round(self.score, 4),
            "reason": self.reason,
            "sources": self.sources,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))
