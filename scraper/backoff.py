"""When a source runs next after an outcome: a pure function of the outcome and its history."""

from __future__ import annotations

import random

from scraper.sources.summary import RunSummary


def next_delay(
    summary: RunSummary,
    failures: int,
    *,
    every: float,
    base: float,
    cap: float,
    rng: random.Random | None = None,
) -> float:
    """Seconds until the source may run again; ``every`` when healthy.

    Failures back off exponentially from ``base`` (jittered ±20 %, capped at ``cap``); a
    rate limit waits at least what the server asked; permanent failures wait the cap.
    """
    if summary.status in ("ok", "not-modified", "leased-elsewhere"):
        return every
    if summary.status == "rate-limited" and summary.retry_after is not None:
        return min(cap, max(every, summary.retry_after))
    if summary.permanent:
        return max(every, cap)
    raw = base * (2 ** max(0, failures - 1))
    jitter = (rng or random).uniform(0.8, 1.2)
    return min(cap, max(every, raw * jitter))
