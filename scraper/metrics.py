"""Prometheus metrics and the /metrics + /healthz endpoint (bound to localhost by default).

prometheus-client owns the formats; the tiny asyncio server is ours because /healthz needs the
daemon's own state (Redis reachable, scheduler alive, dedup leader known).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

log = logging.getLogger(__name__)

HealthCheck = Callable[[], Awaitable[dict[str, bool]]]


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        r = self.registry
        self.fetches = Counter(
            "strikefeed_fetches", "Source runs", ["source", "status"], registry=r
        )
        self.errors = Counter(
            "strikefeed_errors", "Errors and skips by reason", ["source", "reason"], registry=r
        )
        self.posts = Counter("strikefeed_posts", "Posts appended", ["source"], registry=r)
        self.events = Counter("strikefeed_events", "Events published", registry=r)
        self.updates = Counter("strikefeed_updates", "Updates published", registry=r)
        self.dedup_latency = Histogram(
            "strikefeed_dedup_seconds",
            "Decision and publish time per post",
            buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5),
            registry=r,
        )
        self.stream_lag = Gauge(
            "strikefeed_posts_lag", "Posts not yet read by the dedup group", registry=r
        )
        self.fetch_seconds = Histogram(
            "strikefeed_source_run_seconds", "Duration of one source run", ["kind"], registry=r
        )
        self.tweets = Counter(
            "strikefeed_tweets", "Tweet resolutions by result", ["result"], registry=r
        )
        self._tweet_seen: dict[str, int] = {}
        self.healthy = Gauge("strikefeed_healthy", "1 when every health check passes", registry=r)

    def record_run(self, source: str, status: str, new: int, errors: dict[str, int]) -> None:
        self.fetches.labels(source, status).inc()
        if new:
            self.posts.labels(source).inc(new)
        for reason, count in errors.items():
            self.errors.labels(source, reason[:80]).inc(count)

    def record_tweet_stats(self, stats: Mapping[str, int]) -> None:
        """Export the resolver's running counters as deltas since the last call."""
        for result, total in stats.items():
            delta = total - self._tweet_seen.get(result, 0)
            if delta > 0:
                self.tweets.labels(result).inc(delta)
            self._tweet_seen[result] = total

    def record_published(self, is_new: bool, seconds: float) -> None:
        (self.events if is_new else self.updates).inc()
        self.dedup_latency.observe(seconds)

    def render(self) -> bytes:
        return generate_latest(self.registry)


class MetricsServer:
    """Serves GET /metrics and GET /healthz; everything else is 404."""

    def __init__(self, metrics: Metrics, health: HealthCheck, address: str) -> None:
        self.metrics = metrics
        self.health = health
        host, _, port = address.rpartition(":")
        self.host = host.strip("[]")
        self.port = int(port)
        self._server: asyncio.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, self.host, self.port)
        sockets: list[Any] = list(self._server.sockets or [])
        if sockets:
            self.port = sockets[0].getsockname()[1]
        log.info("metrics on http://%s:%d/metrics", self.host, self.port)

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            request = await asyncio.wait_for(reader.readline(), timeout=5)
            while (await asyncio.wait_for(reader.readline(), timeout=5)) not in (b"\r\n", b""):
                pass
            parts = request.decode("latin-1").split()
            path = parts[1] if len(parts) > 1 else "/"
            if path.startswith("/metrics"):
                status, ctype, body = "200 OK", CONTENT_TYPE_LATEST, self.metrics.render()
            elif path.startswith("/healthz"):
                checks = await self.health()
                ok = all(checks.values())
                self.metrics.healthy.set(1 if ok else 0)
                status = "200 OK" if ok else "503 Service Unavailable"
                ctype, body = "application/json", json.dumps({"ok": ok, **checks}).encode()
            else:
                status, ctype, body = "404 Not Found", "text/plain", b"not found\n"
            head = (
                f"HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n"
                f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
            )
            writer.write(head.encode("latin-1") + body)
            await writer.drain()
        except (TimeoutError, ConnectionError, OSError):
            pass
        finally:
            writer.close()
