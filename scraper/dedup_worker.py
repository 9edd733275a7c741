"""The dedup worker role: reads the posts stream through consumer group ``dedup``, asks the
linker whether each post is a new strike or another report of a known one, and publishes the
answer atomically (``publish.lua``), at most once per post even when redelivered.

One worker is active at a time (the leader lease); a standby takes the lease when it lapses,
rebuilds the linker by replaying the posts stream over the window (the stream is the log, the
index a view of it) and claims the dead leader's pending entries with XAUTOCLAIM.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import random
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from redis.exceptions import RedisError, ResponseError

from scraper.constants import (
    DEDUP_GROUP,
    DEDUP_LEASE_NAME,
    REDIS_RETRY_BASE_SECONDS,
    REDIS_RETRY_CAP_SECONDS,
)
from scraper.faults import crash_point
from scraper.models import Event, Post, Update, iso, utc_now
from scraper.store import Store, StreamEntry

log = logging.getLogger(__name__)

# A stored post's features depend on the window before it (word weights, a source's boilerplate
# lines) and its candidates on one more: replaying three windows makes the rebuilt linker decide
# exactly like the one that never stopped (tests/test_linker.py, tests/test_dedup_worker.py).
REPLAY_WINDOWS = 3


class Linker(Protocol):
    def link(self, post: Post) -> Any:
        """A decision with event_id, is_new, score, reason, places, attack."""
        ...

    def restore(self, post: Post, event_id: str) -> Any:
        """Put a post back under the event it was published with, without deciding."""
        ...


@dataclass(slots=True)
class _EventState:
    canonical_id: str
    report_ids: list[str]
    touched: float


class EventBook:
    """Per-event running summary (sources, report ids) used to build outgoing messages.

    Bounded like the linker's window: by time and by count. An event the linker has let go of
    cannot be joined again, so keeping its summary would only grow memory at a high post rate.
    """

    def __init__(
        self, window_seconds: float, max_report_ids: int = 200, max_events: int = 100_000
    ) -> None:
        self.window = window_seconds
        self.max_report_ids = max_report_ids
        self.max_events = max_events
        self._events: OrderedDict[str, _EventState] = OrderedDict()

    def record(self, event_id: str, post_id: str, is_new: bool, now: float) -> int:
        state = self._events.get(event_id)
        if state is None:
            state = _EventState(post_id, [], now)
            self._events[event_id] = state
        if post_id not in state.report_ids and len(state.report_ids) < self.max_report_ids:
            state.report_ids.append(post_id)
        state.touched = now
        self._events.move_to_end(event_id)
        self._evict(now)
        return len(state.report_ids)

    def __len__(self) -> int:
        return len(self._events)

    def _evict(self, now: float) -> None:
        while self._events:
            oldest_id, oldest = next(iter(self._events.items()))
            if now - oldest.touched <= self.window and len(self._events) <= self.max_events:
                break
            del self._events[oldest_id]


def build_message(decision: Any, post: Post, sources: int) -> tuple[str, bool]:
    if decision.is_new:
        event = Event(
            event_id=decision.event_id,
            created_at=utc_now(),
            canonical=post,
            places=list(decision.places or []),
            attack=decision.attack,
            sources=sources,
            report_ids=[post.id],
        )
        return event.to_json(), True
    update = Update(
        event_id=decision.event_id,
        post=post,
        score=float(decision.score),
        reason=dict(decision.reason or {}),
        sources=sources,
    )
    return update.to_json(), False


class DedupWorker:
    """Leader-elected consumer of the posts stream."""

    def __init__(
        self,
        store: Store,
        linker_factory: Callable[[], Linker],
        *,
        consumer: str,
        window_hours: float = 72.0,
        max_events: int = 100_000,
        lease_ms: int = 30_000,
        batch: int = 200,
        on_published: Callable[[bool, float], None] | None = None,
    ) -> None:
        self.store = store
        self.linker_factory = linker_factory
        self.consumer = consumer
        self.window_seconds = window_hours * 3600.0
        self.max_events = max_events
        self.lease_ms = lease_ms
        self.batch = batch
        self.on_published = on_published
        self.linker: Linker | None = None
        self.book = EventBook(self.window_seconds, max_events=max_events)
        self.is_leader = False
        self.processed = 0
        self.published = 0
        self.replayed = 0

    @property
    def _stream(self) -> str:
        return self.store.keys.posts

    async def ensure_group(self) -> None:
        try:
            await self.store.client.xgroup_create(self._stream, DEDUP_GROUP, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    async def _last_delivered(self) -> str:
        info = await self.store.group_info(self._stream, DEDUP_GROUP)
        if info is None:
            return "0-0"
        value = info.get("last-delivered-id")
        return value.decode() if isinstance(value, bytes) else str(value)

    async def become_leader(self) -> None:
        """Rebuild the linker from the posts stream, then claim what the last leader left."""
        await self.ensure_group()
        linker = self.linker_factory()
        self.linker = linker
        self.book = EventBook(self.window_seconds, max_events=self.max_events)
        last = await self._last_delivered()
        since_ms = int((time.time() - REPLAY_WINDOWS * self.window_seconds) * 1000)
        start = f"{max(0, since_ms)}-0"
        replayed = 0
        if last != "0-0":
            while True:
                entries = await self.store.xrange(self._stream, start=start, end=last, count=1000)
                posts = [p for p in (self._decode(e) for e in entries) if p is not None]
                known = await self.store.events_of([p.id for p in posts])
                for post, event_id in zip(posts, known, strict=True):
                    # Published decisions are restored, never re-decided: a linker rebuilt from
                    # a window that starts mid-history then agrees with one that never stopped.
                    if event_id is None:
                        decision = linker.link(post)
                    else:
                        decision = linker.restore(post, event_id)
                    self.book.record(decision.event_id, post.id, decision.is_new, time.time())
                    replayed += 1
                if not entries or entries[-1].id == last:
                    break
                start = "(" + entries[-1].id
        # The rebuilt index is long-lived: keep the cyclic GC from re-scanning it on every full
        # collection (a multi-second pause with a large window). Plain refcounting still frees
        # what eviction drops.
        gc.freeze()
        self.is_leader = True
        self.replayed = replayed
        log.info("dedup leader %s: replayed %d posts up to %s", self.consumer, replayed, last)

    def _decode(self, entry: StreamEntry) -> Post | None:
        try:
            return Post.from_json(entry.fields["post"])
        except (KeyError, ValueError) as exc:
            log.warning("posts entry %s is not a post (%s); skipped", entry.id, exc)
            return None

    async def _handle(self, entry: StreamEntry) -> None:
        linker = self.linker
        assert linker is not None
        post = self._decode(entry)
        if post is not None:
            started = time.perf_counter()
            decision = linker.link(post)
            sources = self.book.record(decision.event_id, post.id, decision.is_new, time.time())
            message, is_new = build_message(decision, post, sources)
            published = await self.store.publish(
                post=post,
                event_id=decision.event_id,
                is_new=is_new,
                message_json=message,
                places=list(decision.places or []),
                now_iso=iso(datetime.now(UTC)) or "",
                ttl_seconds=int(self.window_seconds * 2),
            )
            self.processed += 1
            if published:
                self.published += 1
            crash_point("after-publish")
            if self.on_published is not None:
                self.on_published(is_new if published else False, time.perf_counter() - started)
        await self.store.client.xack(self._stream, DEDUP_GROUP, entry.id)

    async def claim_pending(self) -> int:
        """Take over every pending entry: only the leader consumes, so they are orphans."""
        handled = 0
        start = "0-0"
        while True:
            start, entries = await self.store.xautoclaim(
                self._stream, DEDUP_GROUP, self.consumer, start=start, count=self.batch
            )
            for entry in entries:
                if entry.deleted:  # trimmed away while pending: nothing left to decide
                    await self.store.client.xack(self._stream, DEDUP_GROUP, entry.id)
                    continue
                await self._handle(entry)
                handled += 1
            if start == "0-0":
                return handled

    async def process_new(self, block_ms: int | None = None) -> int:
        entries = await self.store.xreadgroup(
            DEDUP_GROUP, self.consumer, self._stream, count=self.batch, block_ms=block_ms
        )
        for entry in entries:
            await self._handle(entry)
        return len(entries)

    async def drain(self, wait_seconds: float | None = None) -> int | None:
        """Process everything available now (for ``once`` and tests).

        Needs the leader lease; waits up to ``wait_seconds`` (default: one lease period, the
        longest a crashed leader can hold it) and returns None if a live leader keeps it.
        """
        wait = self.lease_ms / 1000.0 + 1.0 if wait_seconds is None else wait_seconds
        deadline = time.monotonic() + wait
        while not await self.store.acquire_lease(DEDUP_LEASE_NAME, self.consumer, self.lease_ms):
            if time.monotonic() >= deadline:
                return None
            await asyncio.sleep(0.2)
        try:
            if not self.is_leader or self.linker is None:
                await self.become_leader()
            total = await self.claim_pending()
            while handled := await self.process_new():
                total += handled
            return total
        finally:
            await self.store.release_lease(DEDUP_LEASE_NAME, self.consumer)
            self.is_leader = False

    async def run(self, stop: asyncio.Event) -> None:
        """Forever: be leader when the lease is free, standby otherwise."""
        renew_every = self.lease_ms / 3000.0
        # While Redis is down, retry with exponential backoff, but at least once a lease
        # period, so a standby still takes over within two lease periods once Redis is back.
        retry_cap = min(REDIS_RETRY_CAP_SECONDS, self.lease_ms / 1000.0)
        failures = 0
        while not stop.is_set():
            try:
                held = await self.store.acquire_lease(
                    DEDUP_LEASE_NAME, self.consumer, self.lease_ms
                )
                if failures:
                    log.info("dedup worker: redis reachable again after %d retries", failures)
                    failures = 0
                if not held:
                    self.is_leader = False
                    await _wait(stop, renew_every)
                    continue
                if not self.is_leader:
                    await self.become_leader()
                    await self.claim_pending()
                await self.process_new(block_ms=int(renew_every * 1000))
            except (RedisError, OSError) as exc:
                self.is_leader = False
                delay = min(retry_cap, REDIS_RETRY_BASE_SECONDS * 2**failures)
                failures += 1
                # One warning per outage; the retries after it would flood the log.
                level = logging.WARNING if failures == 1 else logging.DEBUG
                log.log(
                    level,
                    "dedup worker: redis unavailable (%s); retry %d in %.1fs",
                    exc,
                    failures,
                    delay,
                )
                await _wait(stop, delay * random.uniform(0.8, 1.2))
        if self.is_leader:
            with contextlib.suppress(RedisError, OSError):
                await self.store.release_lease(DEDUP_LEASE_NAME, self.consumer)
            self.is_leader = False


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)
