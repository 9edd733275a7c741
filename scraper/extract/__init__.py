"""Extractors: pure functions from fetched bytes and a URL to posts. No I/O here.

Every extractor returns an ``ExtractResult`` and never raises for bad input: what could not be
turned into a post is counted in ``skipped`` with a short reason, so callers log and count it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from scraper.models import Post


@dataclass(slots=True)
class ExtractResult:
    posts: list[Post] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    # Links to follow (feed entries → article pages, listing pages → articles, "more" pages).
    links: list[str] = field(default_factory=list)
    # Source-level facts discovered while parsing (e.g. Telegram's "load older" cursor).
    meta: dict[str, object] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1
