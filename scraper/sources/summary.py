"""What one run of one source did: counted, never raised."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

RunStatus = Literal["ok", "not-modified", "rate-limited", "failed", "leased-elsewhere", "timeout"]


@dataclass(slots=True)
class RunSummary:
    source: str
    status: RunStatus = "ok"
    fetched: int = 0
    new: int = 0
    versions: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    retry_after: float | None = None
    permanent: bool = False

    def error(self, reason: str) -> None:
        self.errors[reason] += 1

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())
