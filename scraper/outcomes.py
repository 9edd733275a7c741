"""What a fetch comes back with, as values: the scheduler consumes these, not exceptions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class NotModified:
    url: str


@dataclass(frozen=True, slots=True)
class RateLimited:
    url: str
    retry_after: float | None
    reason: str = "rate limited (429)"


@dataclass(frozen=True, slots=True)
class Failed:
    url: str
    severity: Literal["transient", "permanent"]
    reason: str
    status: int | None = None


FetchOutcome = Fetched | NotModified | RateLimited | Failed


def validators_from(fetched: Fetched) -> dict[str, str]:
    """The validators worth keeping for the next conditional GET."""
    kept: dict[str, str] = {}
    if etag := fetched.headers.get("etag"):
        kept["etag"] = etag
    if last_modified := fetched.headers.get("last-modified"):
        kept["last_modified"] = last_modified
    return kept
