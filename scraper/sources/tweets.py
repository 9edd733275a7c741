"""Tweet resolution: every tweet in a batch of posts becomes one full post ``tweet:<id>``.

The source runner calls ``TweetResolverService.enrich`` on each batch before appending it. Embedded
tweets (from articles and listings) and tweets linked from other posts (Telegram messages) are
merged into one post per status id, linked both ways (``embeds`` / ``embedded_in``), and resolved
through the keyless public endpoints: the syndication ``tweet-result`` JSON first, oEmbed as the
fallback. Results, tombstones included, are cached in Redis; each endpoint backs off on its own
after a 429 or a transient failure. Resolution is an extra: ``enrich`` never raises, and a tweet
it cannot resolve keeps what its embed said.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from urllib.parse import urlencode

from redis.exceptions import RedisError

from scraper.config import TwitterSettings
from scraper.constants import (
    ENDPOINT_BACKOFF_BASE_SECONDS,
    ENDPOINT_BACKOFF_CAP_SECONDS,
    MAX_ATTEMPTS_PER_ID,
    MAX_LINKED_PER_POST,
    MAX_RESOLVE_PER_BATCH,
    RESOLVE_CONCURRENCY,
    RETRY_AFTER_MAX_SECONDS,
    SHORT_CACHE_TTL_SECONDS,
)
from scraper.errors import StoreError
from scraper.extract.embedded_tweets import find_tweet_links, tweet_url
from scraper.extract.tweet_json import (
    TweetData,
    TweetParseError,
    parse_oembed,
    parse_syndication,
    reconcile_time,
    syndication_token,
)
from scraper.models import Post, tweet_post_id
from scraper.outcomes import Failed, Fetched, RateLimited
from scraper.sources.runner import Fetcher
from scraper.store import Store

log = logging.getLogger(__name__)

_ATTEMPTS_REMEMBERED = 10_000

EndpointName = Literal["syndication", "oembed"]


def endpoint_backoff(
    failures: int,
    retry_after: float | None,
    *,
    base: float = ENDPOINT_BACKOFF_BASE_SECONDS,
    cap: float = ENDPOINT_BACKOFF_CAP_SECONDS,
) -> float:
    """Seconds an endpoint rests after its ``failures``-th failure in a row.

    The server's Retry-After wins when given (bounded by ``RETRY_AFTER_MAX_SECONDS``); otherwise
    the rest doubles from ``base`` up to ``cap``.
    """
    if retry_after is not None and retry_after >= 0:
        return min(max(retry_after, 1.0), RETRY_AFTER_MAX_SECONDS)
    return min(cap, base * (2 ** max(0, failures - 1)))


@dataclass(slots=True)
class EndpointState:
    """Whether one endpoint may be called now; failures in a row push ``not_before`` out."""

    name: str
    failures: int = 0
    not_before: float = 0.0

    def is_open(self, now: float) -> bool:
        return now >= self.not_before

    def succeeded(self) -> None:
        self.failures = 0
        self.not_before = 0.0

    def failed(self, now: float, retry_after: float | None = None) -> float:
        self.failures += 1
        delay = endpoint_backoff(self.failures, retry_after)
        self.not_before = max(self.not_before, now + delay)
        return delay


def _unique(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        if item:
            seen.setdefault(item, None)
    return list(seen)


def _status_of(post: Post) -> str:
    return post.id.split(":", 1)[1]


def linked_status_ids(post: Post) -> list[str]:
    """Status ids a non-tweet post links to: Telegram's ``tweet_links``, else its ``links``."""
    ids: list[str] = []
    raw = post.extra.get("tweet_links")
    if isinstance(raw, list):
        ids.extend(str(i) for i in raw if isinstance(i, str | int) and str(i).isdigit())
    links = post.extra.get("links")
    if isinstance(links, list):
        urls = [link for link in links if isinstance(link, str)]
        ids.extend(status for _handle, status in find_tweet_links(urls))
    return _unique(ids)[:MAX_LINKED_PER_POST]


def merge_tweet(into: Post, other: Post) -> None:
    """Fold a second sighting of the same tweet into the first: one post, every embedder."""
    into.embedded_in = _unique([*into.embedded_in, *other.embedded_in])
    into.media = _unique([*into.media, *other.media])
    if len(other.text) > len(into.text):
        # The longer text is the less truncated rendering of the same embed.
        into.text = other.text
    into.published_at = into.published_at or other.published_at
    into.author = into.author or other.author
    into.lang = into.lang or other.lang
    if not into.extra.get("handle") and other.extra.get("handle"):
        into.extra["handle"] = other.extra["handle"]
        into.url = other.url
    links = [*into.extra.get("links", []), *other.extra.get("links", [])]
    if links:
        into.extra["links"] = _unique(link for link in links if isinstance(link, str))


def apply_resolution(post: Post, data: TweetData) -> None:
    """Give an embedded tweet post what the endpoint knows; gone tweets are only marked."""
    status_id = _status_of(post)
    post.extra["resolved"] = data.via if data.ok else data.status
    if not data.ok:
        post.extra["tombstone"] = data.reason or data.status
        improve_time(post)
        return
    if data.text:
        post.text = data.text
    if data.published_at is not None and (data.exact_time or post.published_at is None):
        post.published_at = data.published_at
    else:
        improve_time(post)
    post.author = data.author or post.author
    post.lang = data.lang or post.lang
    if data.handle:
        post.extra["handle"] = data.handle
        post.url = tweet_url(data.handle, status_id)
    post.media = _unique([*data.media, *post.media])
    links = _unique([*data.links, *post.extra.get("links", [])])
    if links:
        post.extra["links"] = links
    if data.quoted:
        post.extra["quoted"] = data.quoted
    if data.reply_to:
        post.extra["reply_to"] = data.reply_to
    if data.counts:
        post.extra["counts"] = dict(data.counts)


def improve_time(post: Post) -> None:
    """An unresolved tweet still has an exact time: its snowflake id, checked against the embed."""
    published, exact = reconcile_time(_status_of(post), post.published_at)
    if exact:
        post.published_at = published


def linked_tweet_post(data: TweetData, linkers: list[Post], fetched_at: datetime) -> Post:
    """A new post for a tweet that other posts only link to."""
    first = linkers[0]
    post = Post(
        id=tweet_post_id(data.status_id),
        source=first.source,
        kind="tweet",
        url=tweet_url(data.handle or "", data.status_id),
        text="",
        fetched_at=fetched_at,
        embedded_in=[linker.id for linker in linkers],
        extra={"handle": data.handle or "", "linked": True},
    )
    apply_resolution(post, data)
    return post


class TweetResolverService:
    """Resolves tweets for the source runner; one instance per daemon, built by the daemon.

    State kept in memory is only what is cheap to lose: each endpoint's backoff and a bounded
    count of failed attempts per id. Resolved tweets live in Redis (``keys.tweet_cache``).
    """

    def __init__(
        self,
        settings: TwitterSettings,
        fetcher: Fetcher,
        store: Store,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_per_batch: int = MAX_RESOLVE_PER_BATCH,
        concurrency: int = RESOLVE_CONCURRENCY,
    ) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.store = store
        self.clock = clock
        self.max_per_batch = max_per_batch
        self.endpoints: dict[EndpointName, EndpointState] = {
            "syndication": EndpointState("syndication"),
            "oembed": EndpointState("oembed"),
        }
        self.stats: Counter[str] = Counter()
        self._semaphore = asyncio.Semaphore(concurrency)
        self._attempts: OrderedDict[str, int] = OrderedDict()

    # URLs ----------------------------------------------------------------------------------

    def syndication_request_url(self, status_id: str) -> str:
        query = urlencode({"id": status_id, "lang": "en", "token": syndication_token(status_id)})
        return f"{self.settings.syndication_url.rstrip('/')}/tweet-result?{query}"

    def oembed_request_url(self, status_id: str) -> str:
        query = urlencode(
            {"url": f"https://twitter.com/i/status/{status_id}", "omit_script": "1", "dnt": "1"}
        )
        return f"{self.settings.oembed_url}?{query}"

    # the batch -----------------------------------------------------------------------------

    async def enrich(self, posts: list[Post]) -> list[Post]:
        """One post per tweet, linked both ways, resolved where endpoints allow. Never raises."""
        try:
            return await self._enrich(posts)
        except Exception:  # resolution is an extra: the batch goes on unchanged
            log.exception("tweet resolution failed; batch kept as extracted")
            self.stats["errors"] += 1
            return posts

    async def _enrich(self, posts: list[Post]) -> list[Post]:
        out: list[Post] = []
        tweets: dict[str, Post] = {}
        for post in posts:
            if post.kind == "tweet" and post.id.startswith("tweet:"):
                known = tweets.get(post.id)
                if known is not None:
                    merge_tweet(known, post)
                    self.stats["merged"] += 1
                    continue
                tweets[post.id] = post
            out.append(post)

        # Tweets other posts link to: in the batch already, or to be fetched as new posts.
        linkers: dict[str, list[Post]] = {}
        for post in out:
            if post.kind == "tweet":
                continue
            for status_id in linked_status_ids(post):
                tweet_id = tweet_post_id(status_id)
                if tweet_id in tweets:
                    _link(post, tweets[tweet_id])
                else:
                    linkers.setdefault(status_id, []).append(post)

        wanted = _unique([*(_status_of(p) for p in tweets.values()), *linkers])
        # Only real status ids go out: anything else would be a malformed request anyway.
        wanted = [i for i in wanted if i.isascii() and i.isdigit() and len(i) <= 25]
        if len(wanted) > self.max_per_batch:
            self.stats["over_batch_cap"] += len(wanted) - self.max_per_batch
            wanted = wanted[: self.max_per_batch]
        resolved: dict[str, TweetData | None] = {}
        if self.settings.resolve and wanted:
            results = await asyncio.gather(*(self._guarded_resolve(i) for i in wanted))
            resolved = dict(zip(wanted, results, strict=True))

        unresolved: list[str] = []
        for post in tweets.values():
            data = resolved.get(_status_of(post))
            if data is None:
                improve_time(post)
                unresolved.append(post.id)
            else:
                apply_resolution(post, data)
        stale = await self._already_published(unresolved)
        if stale:
            # An unresolved re-sighting of a tweet already on the stream adds nothing, and its
            # embed text would replace the resolved text there as a new, worse version.
            self.stats["stale_sightings_dropped"] += len(stale)
            out = [post for post in out if post.id not in stale]

        now = datetime.now(UTC)
        extra_after: dict[str, list[Post]] = {}
        for status_id, by in linkers.items():
            data = resolved.get(status_id)
            if data is None:
                continue
            if not data.ok:
                for linker in by:
                    gone = linker.extra.setdefault("tweet_tombstones", [])
                    if isinstance(gone, list) and status_id not in gone:
                        gone.append(status_id)
                continue
            new = linked_tweet_post(data, by, now)
            for linker in by:
                linker.embeds = _unique([*linker.embeds, new.id])
            extra_after.setdefault(by[0].id, []).append(new)
        if not extra_after:
            return out
        # A linked tweet follows the first post that links to it, as an embed follows its article.
        ordered: list[Post] = []
        for post in out:
            ordered.append(post)
            ordered.extend(extra_after.pop(post.id, []))
        return ordered

    async def _already_published(self, post_ids: list[str]) -> set[str]:
        seen: set[str] = set()
        for post_id in post_ids:
            try:
                if await self.store.is_seen(post_id):
                    seen.add(post_id)
            except (StoreError, RedisError, OSError) as exc:  # unknown counts as new
                log.warning("tweet seen-check failed for %s: %s", post_id, exc)
                break
        return seen

    # one status id -------------------------------------------------------------------------

    async def _guarded_resolve(self, status_id: str) -> TweetData | None:
        try:
            async with self._semaphore:
                return await self.resolve(status_id)
        except Exception:  # one tweet's surprise must not cost the others their resolution
            log.exception("resolving tweet %s failed", status_id)
            self.stats["errors"] += 1
            return None

    async def resolve(self, status_id: str) -> TweetData | None:
        """The cached or freshly fetched answer for a status id; None when no endpoint could say.

        Syndication first; oEmbed when syndication is resting, failed, answered garbage, or does
        not know the id (oEmbed still serves some tweets syndication hides).
        """
        cached = await self._cache_get(status_id)
        if cached is not None:
            self.stats["cache_hit"] += 1
            return cached
        first, asked_first = await self._ask("syndication", status_id)
        if first is not None and first.status != "not_found":
            return await self._settle(status_id, first)
        second, asked_second = await self._ask("oembed", status_id)
        if second is not None and (second.ok or first is None):
            return await self._settle(status_id, second)
        if first is not None:  # both agree it does not exist, or oEmbed could not say
            return await self._settle(status_id, first)
        self.stats["unresolved"] += 1
        if not (asked_first or asked_second):
            return None  # both endpoints resting: not this tweet's failure
        return await self._failed_attempt(status_id)

    async def _settle(self, status_id: str, data: TweetData) -> TweetData:
        self._attempts.pop(status_id, None)
        self.stats[f"resolved_{data.via}" if data.ok else data.status] += 1
        short = not data.ok or data.via != "syndication"
        ttl = min(self.settings.cache_ttl, SHORT_CACHE_TTL_SECONDS) if short else None
        await self._cache_put(data, ttl or self.settings.cache_ttl)
        return data

    async def _failed_attempt(self, status_id: str) -> TweetData | None:
        attempts = self._attempts.pop(status_id, 0) + 1
        if attempts < MAX_ATTEMPTS_PER_ID:
            self._attempts[status_id] = attempts
            while len(self._attempts) > _ATTEMPTS_REMEMBERED:
                self._attempts.popitem(last=False)
            return None
        # Both endpoints kept failing on this id: give up for a while instead of forever.
        log.warning("tweet %s unresolvable after %d attempts; cached as such", status_id, attempts)
        reason = f"unresolvable after {attempts} attempts"
        return await self._settle(
            status_id, TweetData(status_id, "not_found", "none", reason=reason)
        )

    async def _ask(self, name: EndpointName, status_id: str) -> tuple[TweetData | None, bool]:
        """One endpoint's answer (None: failed or garbage) and whether it was asked at all."""
        endpoint = self.endpoints[name]
        if not endpoint.is_open(self.clock()):
            self.stats[f"{name}_resting"] += 1
            return None, False
        return await self._call(endpoint, name, status_id), True

    async def _call(
        self, endpoint: EndpointState, name: EndpointName, status_id: str
    ) -> TweetData | None:
        if name == "syndication":
            url = self.syndication_request_url(status_id)
        else:
            url = self.oembed_request_url(status_id)
        self.stats[f"{name}_requests"] += 1
        outcome = await self.fetcher.fetch(
            url, headers={"Accept": "application/json"}, source=f"tweets-{name}"
        )
        if isinstance(outcome, Fetched):
            endpoint.succeeded()
            try:
                if name == "syndication":
                    return parse_syndication(outcome.body, status_id)
                return parse_oembed(outcome.body, status_id)
            except TweetParseError as exc:
                # One odd body is the tweet's problem, not the endpoint's: no backoff.
                self.stats[f"{name}_malformed"] += 1
                log.warning("tweet %s: %s answered malformed JSON: %s", status_id, name, exc)
                return None
        if isinstance(outcome, RateLimited):
            delay = endpoint.failed(self.clock(), outcome.retry_after)
            self.stats[f"{name}_rate_limited"] += 1
            log.warning("tweet endpoint %s rate limited; resting %.0fs", name, delay)
            return None
        if isinstance(outcome, Failed):
            if outcome.status in (404, 410):
                endpoint.succeeded()
                return TweetData(status_id, "not_found", name, reason=f"http {outcome.status}")
            if name == "oembed" and outcome.status == 403:
                # oEmbed answers 403 for protected and withheld tweets.
                endpoint.succeeded()
                return TweetData(status_id, "tombstone", name, reason="forbidden (http 403)")
            # Transient trouble, or a permanent refusal (a changed token rule answers 400):
            # either way the endpoint rests rather than being asked again for every tweet.
            delay = endpoint.failed(self.clock())
            self.stats[f"{name}_failed"] += 1
            log.warning("tweet endpoint %s failed (%s); resting %.0fs", name, outcome.reason, delay)
            return None
        return None  # NotModified: never asked for, so nothing to learn

    # cache ---------------------------------------------------------------------------------

    async def _cache_get(self, status_id: str) -> TweetData | None:
        try:
            raw = await self.store.client.get(self.store.keys.tweet_cache(status_id))
        except (RedisError, OSError) as exc:
            log.warning("tweet cache read failed for %s: %s", status_id, exc)
            return None
        if raw is None:
            return None
        try:
            return TweetData.from_json(raw)
        except TweetParseError:
            self.stats["cache_corrupt"] += 1
            return None

    async def _cache_put(self, data: TweetData, ttl: float) -> None:
        try:
            await self.store.client.set(
                self.store.keys.tweet_cache(data.status_id), data.to_json(), ex=max(1, int(ttl))
            )
        except (RedisError, OSError) as exc:
            log.warning("tweet cache write failed for %s: %s", data.status_id, exc)


def _link(linker: Post, tweet: Post) -> None:
    linker.embeds = _unique([*linker.embeds, tweet.id])
    tweet.embedded_in = _unique([*tweet.embedded_in, linker.id])
