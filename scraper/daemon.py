"""The composition root: builds Redis, the HTTP client, the source runner, the scheduler and the
dedup worker, and wires them together for ``run`` (forever) and ``once`` (one pass).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import signal
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from redis.exceptions import RedisError

from scraper import constants as C
from scraper.backoff import next_delay
from scraper.config import Settings, SourceConfig, redact_url
from scraper.dedup.linker import Linker as EventLinker
from scraper.dedup.settings import DedupSettings
from scraper.dedup_worker import DedupWorker, Linker
from scraper.embedded_redis import EmbeddedRedis
from scraper.errors import StoreError
from scraper.http import HttpFetcher
from scraper.metrics import Metrics, MetricsServer
from scraper.sources.runner import SourceRunner, TweetResolver
from scraper.sources.summary import RunSummary
from scraper.sources.tweets import TweetResolverService
from scraper.store import Store, connect

log = logging.getLogger(__name__)

SHUTDOWN_GRACE_SECONDS = 10.0


def make_linker_factory(settings: Settings) -> Callable[[], Linker]:
    """A fresh event linker with the [dedup] settings (validated when the config was loaded)."""
    dedup = DedupSettings(**settings.dedup)
    return lambda: EventLinker(dedup)


def make_tweet_resolver(
    settings: Settings, fetcher: HttpFetcher, store: Store
) -> TweetResolver | None:
    if not settings.twitter.resolve:
        return None
    return TweetResolverService(settings.twitter, fetcher, store)


@dataclass
class _SourceState:
    failures: int = 0
    not_before: float = 0.0
    last: RunSummary | None = None


@dataclass
class Runtime:
    """The things one daemon process owns; built by ``open_runtime``."""

    settings: Settings
    store: Store
    fetcher: HttpFetcher
    runner: SourceRunner
    metrics: Metrics
    owner: str
    embedded: EmbeddedRedis | None = None
    states: dict[str, _SourceState] = field(default_factory=dict)

    async def aclose(self) -> None:
        await self.fetcher.aclose()
        with contextlib.suppress(RedisError, OSError):
            await self.store.aclose()
        if self.embedded is not None:
            await self.embedded.stop()


async def open_runtime(settings: Settings, *, redis_url: str | None = None) -> Runtime:
    url = redis_url or settings.redis.url
    embedded: EmbeddedRedis | None = None
    if not url:
        embedded = EmbeddedRedis(settings.daemon.data_dir, binary=settings.daemon.redis_server)
        log.info("no Redis URL configured: starting the embedded redis-server")
        url = await embedded.start()
    else:
        log.info("using Redis at %s", redact_url(url))
    store = Store(connect(url), settings.redis)
    fetcher = HttpFetcher(settings.http)
    resolver = make_tweet_resolver(settings, fetcher, store)
    runner = SourceRunner(settings, fetcher, store, tweets=resolver)
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    return Runtime(settings, store, fetcher, runner, Metrics(), owner, embedded)


def make_dedup_worker(rt: Runtime) -> DedupWorker:
    dedup = DedupSettings(**rt.settings.dedup)
    return DedupWorker(
        rt.store,
        make_linker_factory(rt.settings),
        consumer=rt.owner,
        window_hours=dedup.window_hours,
        # the event book holds at most as many events as the linker's window holds posts
        max_events=dedup.max_window_posts,
        lease_ms=rt.settings.daemon.lease_ms,
        on_published=rt.metrics.record_published,
    )


async def run_source_leased(rt: Runtime, source: SourceConfig) -> RunSummary:
    """Run one source under its fetch lease, renewing it while the run lasts."""
    lease = f"source:{source.name}"
    ttl = rt.settings.daemon.lease_ms
    if not await rt.store.acquire_lease(lease, rt.owner, ttl):
        return RunSummary(source.name, status="leased-elsewhere")

    async def renew() -> None:
        while True:
            await asyncio.sleep(ttl / 3000.0)
            if not await rt.store.renew_lease(lease, rt.owner, ttl):
                log.warning("lost the lease on %s", source.name)
                return

    renewer = asyncio.create_task(renew())
    started = time.perf_counter()
    try:
        async with asyncio.timeout(rt.settings.daemon.job_timeout):
            summary = await rt.runner.run(source)
    except TimeoutError:
        summary = RunSummary(source.name, status="timeout")
        summary.error(f"job timeout after {rt.settings.daemon.job_timeout:g}s")
    finally:
        renewer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renewer
        with contextlib.suppress(RedisError, OSError):
            await rt.store.release_lease(lease, rt.owner)
    rt.metrics.fetch_seconds.labels(source.kind).observe(time.perf_counter() - started)
    rt.metrics.record_run(source.name, summary.status, summary.new, dict(summary.errors))
    stats = getattr(rt.runner.tweets, "stats", None)
    if stats is not None:
        rt.metrics.record_tweet_stats(stats)
    return summary


class Daemon:
    """``strikefeed run``: the scheduler, the dedup worker and the metrics endpoint."""

    def __init__(self, settings: Settings, *, redis_url: str | None = None) -> None:
        self.settings = settings
        self.redis_url = redis_url
        self.stop_event = asyncio.Event()
        self.rt: Runtime | None = None
        self.scheduler: AsyncIOScheduler | None = None
        self.worker: DedupWorker | None = None
        self.last_tick = time.monotonic()
        self.redis_ok = True  # until a run says otherwise
        self._inflight: set[asyncio.Task[Any]] = set()

    async def health(self) -> dict[str, bool]:
        rt = self.rt
        redis_ok = bool(rt and await rt.store.ping())
        leader = None
        if rt is not None and redis_ok:
            with contextlib.suppress(RedisError, OSError):
                leader = await rt.store.lease_owner(C.DEDUP_LEASE_NAME)
        stall = self.settings.daemon.watchdog_stall
        return {
            "redis": redis_ok,
            "scheduler": time.monotonic() - self.last_tick < stall,
            "dedup_leader": leader is not None,
        }

    async def _source_job(self, source: SourceConfig) -> None:
        rt = self.rt
        assert rt is not None
        state = rt.states.setdefault(source.name, _SourceState())
        if time.monotonic() < state.not_before:
            return
        task = asyncio.current_task()
        if task is not None:
            self._inflight.add(task)
        try:
            summary = await run_source_leased(rt, source)
        except (StoreError, RedisError, OSError) as exc:
            # One warning per outage, not one per source per run (a thousand a minute at scale).
            if self.redis_ok:
                log.warning("redis unavailable (%s); sources will retry until it is back", exc)
            else:
                log.debug("source %s: redis still unavailable (%s)", source.name, exc)
            self.redis_ok = False
            return
        finally:
            if task is not None:
                self._inflight.discard(task)
        if not self.redis_ok:
            log.info("redis reachable again")
        self.redis_ok = True
        failed = summary.status in ("failed", "rate-limited", "timeout")
        state.failures = state.failures + 1 if failed else 0
        delay = next_delay(
            summary,
            state.failures,
            every=source.every,
            base=self.settings.daemon.backoff_base,
            cap=self.settings.daemon.backoff_cap,
        )
        # Runs due before the backoff ends are skipped; the interval trigger keeps ticking.
        state.not_before = time.monotonic() + delay - source.every * 0.5 if failed else 0.0
        state.last = summary
        level = logging.WARNING if failed else logging.INFO
        log.log(
            level,
            "source=%s status=%s fetched=%d new=%d versions=%d errors=%s next_in=%.0fs",
            source.name,
            summary.status,
            summary.fetched,
            summary.new,
            summary.versions,
            dict(summary.errors) or "-",
            delay,
        )

    def _tick(self) -> None:
        self.last_tick = time.monotonic()

    async def _watchdog(self) -> None:
        stall = self.settings.daemon.watchdog_stall
        warned = False
        while not self.stop_event.is_set():
            await asyncio.sleep(min(C.WATCHDOG_INTERVAL_SECONDS, stall / 2))
            stalled = time.monotonic() - self.last_tick > stall
            if stalled and not warned:
                log.error("watchdog: scheduler has not ticked for %.0fs", stall)
            elif warned and not stalled:
                log.info("watchdog: scheduler ticking again")
            warned = stalled
            if self.rt is not None and self.rt.store is not None:
                with contextlib.suppress(RedisError, OSError):
                    await self._update_lag()

    async def _update_lag(self) -> None:
        assert self.rt is not None
        info = await self.rt.store.group_info(self.rt.store.keys.posts, C.DEDUP_GROUP)
        if info is not None and info.get("lag") is not None:
            self.rt.metrics.stream_lag.set(float(info["lag"]))

    def request_stop(self) -> None:
        if not self.stop_event.is_set():
            log.info("stopping: finishing in-flight fetches")
            self.stop_event.set()

    async def run(self) -> None:
        self.rt = rt = await open_runtime(self.settings, redis_url=self.redis_url)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, self.request_stop)
        server: MetricsServer | None = None
        tasks: list[asyncio.Task[Any]] = []
        try:
            if self.settings.daemon.metrics:
                server = MetricsServer(rt.metrics, self.health, self.settings.daemon.metrics)
                await server.start()
            self.scheduler = AsyncIOScheduler(event_loop=loop, timezone="UTC")
            enabled = [s for s in self.settings.sources if s.enabled]
            for source in enabled:
                self.scheduler.add_job(
                    self._source_job,
                    IntervalTrigger(
                        seconds=source.every,
                        jitter=max(1, int(source.every * C.DEFAULT_JITTER_FRACTION)),
                    ),
                    args=[source],
                    id=f"source:{source.name}",
                    name=source.name,
                    max_instances=1,
                    coalesce=True,
                    misfire_grace_time=max(1, int(source.every)),
                    # First runs spread over a few seconds instead of all at once.
                    next_run_time=_soon(random.uniform(0, min(5.0, source.every))),
                )
            self.scheduler.add_job(self._tick, "interval", seconds=1, id="watchdog-tick")
            self.scheduler.start()
            log.info("scheduler started with %d sources", len(enabled))
            self.worker = make_dedup_worker(rt)
            tasks.append(asyncio.create_task(self.worker.run(self.stop_event), name="dedup"))
            tasks.append(asyncio.create_task(self._watchdog(), name="watchdog"))
            await self.stop_event.wait()
        finally:
            await self._shutdown(server, tasks)

    async def _shutdown(self, server: MetricsServer | None, tasks: list[asyncio.Task[Any]]) -> None:
        self.stop_event.set()
        running = self.scheduler is not None and self.scheduler.running
        if running:
            assert self.scheduler is not None
            self.scheduler.pause()  # no new runs; shutdown() would cancel the in-flight ones
        if self._inflight:
            # In-flight fetches get a grace period; abandoned ones re-run next time, since
            # nothing is committed before the posts are appended. Cancelled runs still release
            # their leases on the way out (run_source_leased's finally).
            _done, pending = await asyncio.wait(set(self._inflight), timeout=SHUTDOWN_GRACE_SECONDS)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=5)
        if running:
            assert self.scheduler is not None
            self.scheduler.shutdown(wait=False)
        for task in tasks:
            try:
                await asyncio.wait_for(task, timeout=10)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()
            except Exception:
                log.exception("task %s failed during shutdown", task.get_name())
        if server is not None:
            await server.stop()
        if self.rt is not None:
            await self.rt.aclose()
        log.info("stopped")


def _jitter(every: float) -> int:
    return max(1, int(every * C.DEFAULT_JITTER_FRACTION))


def _soon(seconds: float) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


@dataclass
class OnceResult:
    summaries: list[RunSummary]
    processed: int | None
    events: int
    updates: int


async def run_once(
    settings: Settings,
    *,
    redis_url: str | None = None,
    source_name: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> OnceResult:
    """Every enabled source (or one) once, then dedup and publish what is new."""
    rt = await open_runtime(settings, redis_url=redis_url)
    try:
        sources = [
            s for s in settings.sources if (s.name == source_name if source_name else s.enabled)
        ]
        summaries: list[RunSummary] = []
        for source in sources:
            if progress:
                progress(source.name)
            summaries.append(await run_source_leased(rt, source))
        events_before = await rt.store.client.xlen(rt.store.keys.events)
        updates_before = await rt.store.client.xlen(rt.store.keys.updates)
        processed = await make_dedup_worker(rt).drain()
        events = await rt.store.client.xlen(rt.store.keys.events) - events_before
        updates = await rt.store.client.xlen(rt.store.keys.updates) - updates_before
        return OnceResult(summaries, processed, events, updates)
    finally:
        await rt.aclose()
