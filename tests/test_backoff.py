"""next_delay as a table of cases: outcome and failure count in, seconds until the next run out."""

from __future__ import annotations

import random

import pytest

from scraper.backoff import next_delay
from scraper.sources.summary import RunStatus, RunSummary

EVERY, BASE, CAP = 60.0, 30.0, 3600.0


def _summary(
    status: RunStatus, *, retry_after: float | None = None, permanent: bool = False
) -> RunSummary:
    return RunSummary("s", status=status, retry_after=retry_after, permanent=permanent)


class _Fixed(random.Random):
    """A jitter source that always returns one end of the interval (or its middle)."""

    def __init__(self, where: float) -> None:
        super().__init__()
        self.where = where

    def uniform(self, a: float, b: float) -> float:
        return a + (b - a) * self.where


@pytest.mark.parametrize(
    ("status", "failures", "retry_after", "permanent", "expected"),
    [
        # healthy outcomes keep the configured interval, whatever the past failures
        ("ok", 0, None, False, EVERY),
        ("ok", 7, None, False, EVERY),
        ("not-modified", 0, None, False, EVERY),
        ("leased-elsewhere", 3, None, False, EVERY),
        # transient failures: base · 2^(n-1), never sooner than the interval, capped
        ("failed", 1, None, False, EVERY),  # 30 s backoff < 60 s interval
        ("failed", 2, None, False, 60.0),
        ("failed", 3, None, False, 120.0),
        ("failed", 4, None, False, 240.0),
        ("failed", 8, None, False, 3600.0),  # 3840 capped
        ("failed", 60, None, False, CAP),  # huge exponents stay capped
        ("timeout", 3, None, False, 120.0),
        ("failed", 0, None, False, EVERY),  # a count of 0 is treated as the first failure
        # rate limits wait what the server asked, within [interval, cap]
        ("rate-limited", 1, 600.0, False, 600.0),
        ("rate-limited", 1, 5.0, False, EVERY),
        ("rate-limited", 1, 86400.0, False, CAP),
        ("rate-limited", 3, None, False, 120.0),  # no Retry-After: ordinary backoff
        # permanent failures wait the cap (a 404 will not fix itself in a minute)
        ("failed", 1, None, True, CAP),
    ],
)
def test_next_delay_table(
    status: RunStatus,
    failures: int,
    retry_after: float | None,
    permanent: bool,
    expected: float,
) -> None:
    summary = _summary(status, retry_after=retry_after, permanent=permanent)
    delay = next_delay(summary, failures, every=EVERY, base=BASE, cap=CAP, rng=_Fixed(0.5))
    assert delay == pytest.approx(expected)


@pytest.mark.parametrize("failures", [2, 3, 4, 5, 6])
def test_jitter_stays_within_twenty_percent(failures: int) -> None:
    summary = _summary("failed")
    raw = BASE * 2 ** (failures - 1)
    low = next_delay(summary, failures, every=10, base=BASE, cap=CAP, rng=_Fixed(0.0))
    high = next_delay(summary, failures, every=10, base=BASE, cap=CAP, rng=_Fixed(1.0))
    assert low == pytest.approx(raw * 0.8)
    assert high == pytest.approx(min(CAP, raw * 1.2))


def test_backoff_grows_monotonically_then_flattens_at_the_cap() -> None:
    summary = _summary("failed")
    delays = [
        next_delay(summary, n, every=10, base=1, cap=100, rng=_Fixed(0.5)) for n in range(1, 12)
    ]
    assert delays == sorted(delays)
    assert delays[-1] == 100 and delays[-2] == 100
    assert delays[0] == 10  # never sooner than the interval


def test_a_permanent_failure_with_an_interval_above_the_cap_keeps_the_interval() -> None:
    summary = _summary("failed", permanent=True)
    assert next_delay(summary, 1, every=7200, base=BASE, cap=CAP) == 7200
