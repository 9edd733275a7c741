"""Tweet resolver counters reach Prometheus as deltas, never double counted."""

from __future__ import annotations

from collections import Counter

from scraper.metrics import Metrics


def test_tweet_stats_are_exported_as_deltas() -> None:
    metrics = Metrics()
    stats: Counter[str] = Counter(resolved_syndication=3, tombstone=1)
    metrics.record_tweet_stats(stats)
    stats["resolved_syndication"] += 2
    metrics.record_tweet_stats(stats)
    metrics.record_tweet_stats(stats)
    text = metrics.render().decode()
    assert 'strikefeed_tweets_total{result="resolved_syndication"} 5.0' in text
    assert 'strikefeed_tweets_total{result="tombstone"} 1.0' in text
