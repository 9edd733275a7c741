"""The Redis layer: posts stream, cursors, HTTP validators, leases and atomic publish.

Every key comes from ``scraper.keys`` and every multi-step change is one Lua script from
``scraper/lua``, so a crash never leaves a half-written post or event.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from scraper.config import RedisSettings
from scraper.constants import (
    REDIS_MAX_CONNECTIONS,
    REDIS_POOL_TIMEOUT_SECONDS,
    SEEN_TTL_SECONDS,
)
from scraper.errors import StoreError
from scraper.keys import Keys
from scraper.models import Post

AppendResult = Literal["new", "version", "seen"]


def _lua(name: str) -> str:
    return resources.files("scraper").joinpath("lua", f"{name}.lua").read_text("utf-8")


def content_digest(post: Post) -> str:
    """What decides whether a post changed: its title and text."""
    payload = f"{post.title or ''}\x00{post.text}".encode()
    return hashlib.sha1(payload).hexdigest()[:20]


def connect(url: str, **kwargs: Any) -> aioredis.Redis:
    """A client for ``redis://``, ``rediss://`` (TLS) or ``unix://`` URLs, AUTH from the URL.

    A blocking pool: redis-py's default pool raises "Too many connections" as soon as more
    than 100 commands are in flight, which a daemon starting 1,000 source jobs at once hit on
    most of them; here a command waits for a free connection instead.
    """
    pool = aioredis.BlockingConnectionPool.from_url(
        url,
        max_connections=REDIS_MAX_CONNECTIONS,
        timeout=REDIS_POOL_TIMEOUT_SECONDS,
        decode_responses=False,
        socket_connect_timeout=5,
        socket_timeout=30,
        health_check_interval=30,
        **kwargs,
    )
    return aioredis.Redis.from_pool(pool)  # the client owns the pool and closes it


@dataclass(frozen=True, slots=True)
class StreamEntry:
    id: str
    fields: dict[str, str]
    deleted: bool = False


class Store:
    """Strikefeed's view of Redis; built once by the composition root."""

    def __init__(self, client: aioredis.Redis, settings: RedisSettings) -> None:
        self.client = client
        self.settings = settings
        self.keys = Keys(settings.prefix)
        self._append = client.register_script(_lua("append_post"))
        self._publish = client.register_script(_lua("publish"))
        self._lease_acquire = client.register_script(_lua("lease_acquire"))
        self._lease_renew = client.register_script(_lua("lease_renew"))
        self._lease_release = client.register_script(_lua("lease_release"))

    async def ping(self) -> bool:
        try:
            return bool(await self.client.ping())
        except (RedisError, OSError):
            return False

    async def aclose(self) -> None:
        await self.client.aclose()

    # posts ---------------------------------------------------------------------------------

    async def is_seen(self, post_id: str) -> bool:
        try:
            return bool(await self.client.exists(self.keys.seen(post_id)))
        except RedisError as exc:
            raise StoreError(f"exists {post_id}: {exc}") from exc

    async def seen_ids(self, post_ids: list[str]) -> set[str]:
        """The ids among ``post_ids`` already on the posts stream, in one round trip."""
        if not post_ids:
            return set()
        try:
            async with self.client.pipeline(transaction=False) as pipe:
                for post_id in post_ids:
                    pipe.exists(self.keys.seen(post_id))
                found = await pipe.execute()
        except RedisError as exc:
            raise StoreError(f"exists: {exc}") from exc
        return {post_id for post_id, hit in zip(post_ids, found, strict=True) if hit}

    async def append_post(self, post: Post) -> AppendResult:
        """Append unless this id with this content is already on the posts stream.

        A changed title or text appends the post again with ``version`` bumped: an edit is a new
        version of the same post id, which the dedup worker never turns into a new event.
        """
        key = self.keys.seen(post.id)
        digest = content_digest(post)
        try:
            for _ in range(5):
                current_raw = await self.client.get(key)
                current = _text(current_raw) if current_raw else ""
                version = 1
                if current:
                    old_version, _, old_digest = current.partition(":")
                    if old_digest == digest:
                        return "seen"
                    version = int(old_version) + 1
                post.version = version
                appended = await self._append(
                    keys=[key, self.keys.posts],
                    args=[
                        current,
                        f"{version}:{digest}",
                        post.to_json(),
                        self.settings.posts_maxlen,
                        SEEN_TTL_SECONDS,
                    ],
                )
                if appended:
                    return "new" if version == 1 else "version"
            return "seen"
        except RedisError as exc:
            raise StoreError(f"append {post.id}: {exc}") from exc

    # cursors and validators ----------------------------------------------------------------

    async def get_cursor(self, source: str) -> str | None:
        raw = await self.client.get(self.keys.cursor(source))
        return _text(raw) if raw else None

    async def set_cursor(self, source: str, value: str) -> None:
        await self.client.set(self.keys.cursor(source), value)

    async def get_validators(self, url: str) -> dict[str, str]:
        raw = await self.client.get(self.keys.validators(url))
        return json.loads(raw) if raw else {}

    async def set_validators(self, url: str, validators: dict[str, str]) -> None:
        if validators:
            await self.client.set(
                self.keys.validators(url), json.dumps(validators), ex=SEEN_TTL_SECONDS
            )

    # leases --------------------------------------------------------------------------------

    async def acquire_lease(self, name: str, owner: str, ttl_ms: int) -> bool:
        return bool(await self._lease_acquire(keys=[self.keys.lease(name)], args=[owner, ttl_ms]))

    async def renew_lease(self, name: str, owner: str, ttl_ms: int) -> bool:
        return bool(await self._lease_renew(keys=[self.keys.lease(name)], args=[owner, ttl_ms]))

    async def release_lease(self, name: str, owner: str) -> bool:
        return bool(await self._lease_release(keys=[self.keys.lease(name)], args=[owner]))

    async def lease_owner(self, name: str) -> str | None:
        raw = await self.client.get(self.keys.lease(name))
        return _text(raw) if raw else None

    # publish -------------------------------------------------------------------------------

    async def publish(
        self,
        *,
        post: Post,
        event_id: str,
        is_new: bool,
        message_json: str,
        places: list[str],
        now_iso: str,
        ttl_seconds: int,
    ) -> bool:
        """Record post → event and append the event or update, once. False on redelivery."""
        result = await self._publish(
            keys=[
                self.keys.post(post.id),
                self.keys.events,
                self.keys.updates,
                self.keys.event(event_id),
            ],
            args=[
                event_id,
                "new" if is_new else "update",
                message_json,
                self.settings.events_maxlen,
                self.settings.updates_maxlen,
                max(1, ttl_seconds),
                now_iso,
                post.id,
                json.dumps(places, ensure_ascii=False),
                post.source,
            ],
        )
        return bool(result)

    async def events_of(self, post_ids: list[str]) -> list[str | None]:
        """The event of each post (None where it was never published), in one round trip."""
        if not post_ids:
            return []
        raw: Any = await self.client.mget([self.keys.post(i) for i in post_ids])
        return [_text(value) if value is not None else None for value in raw]

    async def event_of(self, post_id: str) -> str | None:
        raw = await self.client.get(self.keys.post(post_id))
        return _text(raw) if raw else None

    # streams -------------------------------------------------------------------------------
    # redis-py's replies are loosely typed; these normalise them once, here, into StreamEntry.

    async def read_stream(
        self, name: str, *, start: str = "-", end: str = "+", count: int = 1000
    ) -> list[StreamEntry]:
        return await self.xrange(self.keys.stream(name), start=start, end=end, count=count)

    async def xrange(
        self, key: str, *, start: str = "-", end: str = "+", count: int = 1000
    ) -> list[StreamEntry]:
        reply: Any = await self.client.xrange(key, min=start, max=end, count=count)
        return [decode_entry(entry_id, fields) for entry_id, fields in reply]

    async def xreadgroup(
        self, group: str, consumer: str, key: str, *, count: int, block_ms: int | None
    ) -> list[StreamEntry]:
        reply: Any = await self.client.xreadgroup(
            group, consumer, {key: ">"}, count=count, block=block_ms
        )
        return [decode_entry(i, f) for _stream, entries in reply or [] for i, f in entries]

    async def xread(
        self, key: str, last_id: str, *, count: int, block_ms: int
    ) -> list[StreamEntry]:
        reply: Any = await self.client.xread({key: last_id}, count=count, block=block_ms)
        return [decode_entry(i, f) for _stream, entries in reply or [] for i, f in entries]

    async def xautoclaim(
        self, key: str, group: str, consumer: str, *, start: str, count: int
    ) -> tuple[str, list[StreamEntry]]:
        """Claim pending entries; a trimmed entry comes back with no fields (``None``)."""
        reply: Any = await self.client.xautoclaim(
            key, group, consumer, min_idle_time=0, start_id=start, count=count
        )
        next_start = _text(reply[0])
        return next_start, [decode_entry(i, f) for i, f in reply[1]]

    async def group_info(self, key: str, group: str) -> dict[str, Any] | None:
        groups: Any = await self.client.xinfo_groups(key)
        for info in groups:
            decoded = {_text(k): v for k, v in info.items()}
            if _text(decoded.get("name")) == group:
                return decoded
        return None


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def decode_entry(entry_id: Any, fields: Any) -> StreamEntry:
    """One stream entry with text ids and fields; ``fields`` is None for a trimmed entry."""
    if fields is None:
        return StreamEntry(_text(entry_id), {}, deleted=True)
    return StreamEntry(_text(entry_id), {_text(k): _text(v) for k, v in fields.items()})
