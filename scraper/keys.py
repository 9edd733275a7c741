"""Redis key names (DESIGN.md contract): the only place that spells them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from scraper.constants import DEFAULT_PREFIX


@dataclass(frozen=True, slots=True)
class Keys:
    prefix: str = DEFAULT_PREFIX

    @property
    def posts(self) -> str:
        return f"{self.prefix}:posts"

    @property
    def events(self) -> str:
        return f"{self.prefix}:events"

    @property
    def updates(self) -> str:
        return f"{self.prefix}:updates"

    def stream(self, name: str) -> str:
        if name not in ("posts", "events", "updates"):
            raise ValueError(f"unknown stream {name!r}")
        return f"{self.prefix}:{name}"

    def post(self, post_id: str) -> str:
        return f"{self.prefix}:post:{post_id}"

    def event(self, event_id: str) -> str:
        return f"{self.prefix}:event:{event_id}"

    def cursor(self, source: str) -> str:
        return f"{self.prefix}:cursor:{source}"

    def lease(self, name: str) -> str:
        return f"{self.prefix}:lease:{name}"

    def seen(self, post_id: str) -> str:
        """Digest and version of a post already appended to the posts stream."""
        return f"{self.prefix}:seen:{post_id}"

    def validators(self, url: str) -> str:
        """ETag / Last-Modified of a URL, for conditional GET."""
        digest = hashlib.sha1(url.encode("utf-8")).hexdigest()
        return f"{self.prefix}:http:{digest}"

    def tweet_cache(self, status_id: str) -> str:
        return f"{self.prefix}:tweet:{status_id}"
