"""The dedup worker on a real redis-server: a leader rebuilt by replaying the posts stream makes
the same decisions as one that never stopped, and redelivered posts are published once."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from scraper.config import RedisSettings
from scraper.constants import DEDUP_GROUP, DEDUP_LEASE_NAME
from scraper.dedup.linker import Linker
from scraper.dedup.settings import DedupSettings
from scraper.dedup_worker import DedupWorker, EventBook
from scraper.models import Post
from scraper.store import Store, connect
from tests.conftest import shared_path


@pytest.fixture
async def store(redis_url: str, prefix: str) -> AsyncIterator[Store]:
    s = Store(connect(redis_url), RedisSettings(prefix=prefix))
    yield s
    await s.aclose()


def _dataset_posts(limit: int) -> list[Post]:
    path: Path = shared_path("datasets", "airwars-dev", "posts-busy10.jsonl")
    posts = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            posts.append(Post.from_json(line))
            if len(posts) == limit:
                break
    return posts


def _published(entries: list[tuple[bytes, dict[bytes, bytes]]], field: bytes) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for _id, fields in entries:
        message = json.loads(fields[field])
        post = message["canonical"] if field == b"event" else message["post"]
        assert post["id"] not in mapping, f"{post['id']} published twice"
        mapping[post["id"]] = message["event_id"]
    return mapping


async def test_rebuilt_leader_decides_like_one_that_never_stopped(store: Store) -> None:
    posts = _dataset_posts(240)
    settings = DedupSettings()
    reference_linker = Linker(settings)
    reference = {p.id: reference_linker.link(p).event_id for p in posts}
    assert len(set(reference.values())) < len(posts)  # the sample does link reports

    for post in posts:
        assert await store.append_post(post) == "new"

    first = DedupWorker(store, lambda: Linker(settings), consumer="a", batch=80, lease_ms=2000)
    assert await store.acquire_lease(DEDUP_LEASE_NAME, "a", 2000)
    await first.become_leader()
    assert await first.process_new() == 80
    # The leader reads the next batch and dies before handling it: those stay pending.
    await store.client.xreadgroup(DEDUP_GROUP, "a", {store.keys.posts: ">"}, count=80)
    await store.client.delete(store.keys.lease(DEDUP_LEASE_NAME))  # its lease lapses

    standby = DedupWorker(store, lambda: Linker(settings), consumer="b", batch=50, lease_ms=2000)
    handled = await standby.drain()
    assert handled == len(posts) - 80

    events = await store.client.xrange(store.keys.events)
    updates = await store.client.xrange(store.keys.updates)
    published = _published(events, b"event") | _published(updates, b"update")
    assert published == reference
    pending = await store.client.xpending(store.keys.posts, DEDUP_GROUP)
    assert pending["pending"] == 0


async def test_redelivered_and_edited_posts_publish_nothing_new(store: Store) -> None:
    posts = _dataset_posts(30)
    for post in posts:
        await store.append_post(post)
    worker = DedupWorker(store, lambda: Linker(DedupSettings()), consumer="a")
    assert await worker.drain() == 30
    before = (
        await store.client.xlen(store.keys.events),
        await store.client.xlen(store.keys.updates),
    )

    edited = posts[3]
    edited.text += "\nتحديث: ارتفاع عدد القتلى"
    assert await store.append_post(edited) == "version"
    assert await worker.drain() == 1
    after = (
        await store.client.xlen(store.keys.events),
        await store.client.xlen(store.keys.updates),
    )
    assert after == before


async def test_leader_rebuilt_from_a_window_starting_mid_history_agrees(store: Store) -> None:
    """The posts stream holds more history than the window: the new leader replays only the
    last 72 h of it (restoring published decisions) and still decides the rest like the linker
    that never stopped."""
    posts = _dataset_posts(300)
    settings = DedupSettings(window_hours=24)  # replays 3 windows: 72 h of a 100+ h history
    reference_linker = Linker(settings)
    reference = {p.id: reference_linker.link(p).event_id for p in posts}

    # Stream ids carry append times: lay the posts out in time so the newest is "now".
    times = [p.published_at.timestamp() for p in posts if p.published_at]
    shift = time.time() - max(times)
    assert (max(times) - min(times)) / 3600 > 100, "the sample spans more than the replay"
    last_ms = 0
    for post in posts:
        assert post.published_at is not None
        ms = max(last_ms + 1, int((post.published_at.timestamp() + shift) * 1000))
        await store.client.xadd(store.keys.posts, {"post": post.to_json()}, id=f"{ms}-0")
        last_ms = ms

    first = DedupWorker(
        store, lambda: Linker(settings), consumer="a", batch=200, lease_ms=2000, window_hours=24
    )
    assert await store.acquire_lease(DEDUP_LEASE_NAME, "a", 2000)
    await first.become_leader()
    assert await first.process_new() == 200
    await store.client.delete(store.keys.lease(DEDUP_LEASE_NAME))  # the leader is gone

    standby = DedupWorker(
        store, lambda: Linker(settings), consumer="b", lease_ms=2000, window_hours=24
    )
    assert await standby.drain() == 100
    assert 0 < standby.replayed < 200, "the replay started mid-history"

    events = await store.client.xrange(store.keys.events)
    updates = await store.client.xrange(store.keys.updates)
    published = _published(events, b"event") | _published(updates, b"update")
    assert published == reference


def test_event_book_is_bounded_by_count_as_well_as_by_time() -> None:
    book = EventBook(window_seconds=3600.0, max_events=3)
    for n in range(5):
        assert book.record(f"e{n}", f"p{n}", True, now=100.0 + n) == 1
    assert len(book) == 3
    # The oldest events left first; a surviving one still counts its sources.
    assert book.record("e4", "p5", False, now=106.0) == 2
    assert book.record("e0", "p6", False, now=107.0) == 1


def test_event_book_drops_events_untouched_for_a_window() -> None:
    book = EventBook(window_seconds=10.0, max_events=100)
    book.record("old", "p1", True, now=0.0)
    book.record("kept", "p2", True, now=5.0)
    book.record("new", "p3", True, now=12.0)
    assert len(book) == 2
    assert book.record("kept", "p4", False, now=13.0) == 2
