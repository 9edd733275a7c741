"""The Redis layer on a real redis-server: idempotent appends, edit versions, leases, publish."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from scraper.config import RedisSettings
from scraper.models import Post
from scraper.store import Store, connect


@pytest.fixture
async def store(redis_url: str, prefix: str) -> AsyncIterator[Store]:
    s = Store(connect(redis_url), RedisSettings(prefix=prefix, posts_maxlen=50))
    yield s
    await s.aclose()


def _post(post_id: str = "telegram:furatpost/1", text: str = "غارة على البوكمال") -> Post:
    return Post(
        id=post_id,
        source="furat",
        kind="telegram",
        url="https://t.me/furatpost/1",
        text=text,
        published_at=datetime(2026, 11, 20, 8, tzinfo=UTC),
    )


async def test_append_is_idempotent_and_edits_become_versions(store: Store) -> None:
    assert await store.append_post(_post()) == "new"
    assert await store.append_post(_post()) == "seen"
    edited = _post(text="غارة جوية على البوكمال ومقتل 6")
    assert await store.append_post(edited) == "version"
    assert edited.version == 2
    entries = await store.read_stream("posts")
    assert [json.loads(e.fields["post"])["version"] for e in entries] == [1, 2]
    assert await store.is_seen("telegram:furatpost/1")
    assert not await store.is_seen("telegram:furatpost/2")
    seen = await store.seen_ids(["telegram:furatpost/2", "telegram:furatpost/1"])
    assert seen == {"telegram:furatpost/1"}
    assert await store.seen_ids([]) == set()


async def test_posts_stream_is_trimmed_approximately(store: Store) -> None:
    for n in range(400):
        await store.append_post(_post(f"telegram:furatpost/{n}", f"text {n}"))
    length = await store.client.xlen(store.keys.posts)
    assert 50 <= length < 400


async def test_leases_are_exclusive_renewable_and_released_only_by_owner(store: Store) -> None:
    assert await store.acquire_lease("source:a", "one", 5000)
    assert not await store.acquire_lease("source:a", "two", 5000)
    assert await store.acquire_lease("source:a", "one", 5000)  # re-entrant for the owner
    assert await store.renew_lease("source:a", "one", 5000)
    assert not await store.renew_lease("source:a", "two", 5000)
    assert not await store.release_lease("source:a", "two")
    assert await store.lease_owner("source:a") == "one"
    assert await store.release_lease("source:a", "one")
    assert await store.acquire_lease("source:a", "two", 5000)


async def test_leases_expire(store: Store) -> None:
    assert await store.acquire_lease("source:b", "one", 1000)
    ttl = await store.client.pttl(store.keys.lease("source:b"))
    assert 0 < ttl <= 1000


async def test_publish_happens_once_per_post(store: Store) -> None:
    post = _post()
    args = {
        "post": post,
        "event_id": "evt_1",
        "places": ["sy:bukamal"],
        "now_iso": "2026-11-20T08:00:00Z",
        "ttl_seconds": 3600,
    }
    assert await store.publish(is_new=True, message_json='{"event_id":"evt_1"}', **args)
    assert not await store.publish(is_new=True, message_json='{"event_id":"evt_1"}', **args)
    assert await store.client.xlen(store.keys.events) == 1
    assert await store.event_of(post.id) == "evt_1"

    second = _post("telegram:deirezzor24/9")
    args["post"] = second
    assert await store.publish(is_new=False, message_json='{"event_id":"evt_1"}', **args)
    assert not await store.publish(is_new=False, message_json='{"event_id":"evt_1"}', **args)
    assert await store.client.xlen(store.keys.updates) == 1
    summary = await store.client.hgetall(store.keys.event("evt_1"))
    assert summary[b"sources"] == b"2"
    assert summary[b"canonical"] == post.id.encode()


async def test_a_burst_of_commands_waits_for_pooled_connections(store: Store) -> None:
    # 1,000 sources starting at once put hundreds of lease commands in flight; redis-py's default
    # pool failed every one past its 100th with "Too many connections".
    import asyncio

    results = await asyncio.gather(
        *(store.acquire_lease(f"burst-{i}", "owner", 5000) for i in range(500))
    )
    assert all(results)
    pool = store.client.connection_pool
    assert len(pool._in_use_connections) == 0  # every connection went back to the pool
