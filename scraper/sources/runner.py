"""Runs one source once: fetch its page, extract posts, follow article links, resolve tweets,
append everything new to the posts stream, then commit the cursor and validators.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Protocol

from redis.exceptions import RedisError

from scraper.config import Settings, SourceConfig
from scraper.errors import StoreError
from scraper.extract import ExtractResult
from scraper.extract.article import extract_article, extract_listing
from scraper.extract.feed import extract_feed
from scraper.extract.telegram import classify_channel_page, parse_preview_page
from scraper.faults import crash_point
from scraper.models import Post, web_post_id
from scraper.outcomes import (
    Failed,
    Fetched,
    FetchOutcome,
    NotModified,
    RateLimited,
    validators_from,
)
from scraper.sources.summary import RunSummary
from scraper.store import Store

log = logging.getLogger(__name__)


# The preview's markers ("edited", "Forwarded from") are matched as English words.
TELEGRAM_HEADERS = {"Accept-Language": "en"}


def telegram_preview_url(base_url: str, channel: str, before: str | None = None) -> str:
    url = f"{base_url.rstrip('/')}/s/{channel.lstrip('@')}"
    return f"{url}?before={before}" if before else url


class Fetcher(Protocol):
    async def fetch(
        self,
        url: str,
        *,
        validators: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        source: str = "",
    ) -> FetchOutcome: ...


class TweetResolver(Protocol):
    async def enrich(self, posts: list[Post]) -> list[Post]:
        """Resolve the tweets among ``posts`` (and those they link) to full posts."""
        ...


def _record_failure(summary: RunSummary, outcome: FetchOutcome) -> None:
    if isinstance(outcome, RateLimited):
        summary.status = "rate-limited"
        summary.retry_after = outcome.retry_after
        summary.error(outcome.reason)
    elif isinstance(outcome, Failed):
        summary.status = "failed"
        summary.permanent = outcome.severity == "permanent"
        summary.error(outcome.reason)


Observer = Callable[[str, RunSummary], Awaitable[None] | None]


class SourceRunner:
    """Stateless between runs: everything it must remember lives in Redis."""

    def __init__(
        self,
        settings: Settings,
        fetcher: Fetcher,
        store: Store,
        *,
        tweets: TweetResolver | None = None,
        max_articles: int = 50,
    ) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.store = store
        self.tweets = tweets
        self.max_articles = max_articles

    async def run(self, source: SourceConfig) -> RunSummary:
        summary = RunSummary(source.name)
        try:
            if source.kind == "feed":
                await self._run_feed(source, summary)
            elif source.kind == "page":
                await self._run_page(source, summary)
            else:
                await self._run_telegram(source, summary)
        except (StoreError, RedisError):
            # Redis down is the daemon's problem, not this source's: re-raised so the daemon
            # retries soon instead of backing the source off as if its site had failed.
            raise
        except Exception as exc:  # a bug in one source must not take the daemon down
            log.exception("source %s crashed", source.name)
            summary.status = "failed"
            summary.error(f"internal: {type(exc).__name__}")
        return summary

    # appending -----------------------------------------------------------------------------

    async def append(self, posts: list[Post], summary: RunSummary) -> None:
        """Resolve tweets, then append each post unless already on the posts stream."""
        if self.tweets is not None and posts:
            try:
                posts = await self.tweets.enrich(posts)
            except Exception as exc:  # resolving tweets is an extra: never lose the posts
                log.warning("tweet resolution failed: %s", exc)
                summary.error("tweet-resolve")
        now = datetime.now(UTC)
        for post in posts:
            post.fetched_at = post.fetched_at or now
            result = await self.store.append_post(post)
            if result == "new":
                summary.new += 1
            elif result == "version":
                summary.versions += 1
        crash_point("after-append")

    def _count_skips(self, result: ExtractResult, summary: RunSummary, url: str) -> None:
        for reason, count in result.skipped.items():
            summary.errors[f"skip: {reason}"] += count
            log.info("source=%s url=%s skipped %d: %s", summary.source, url, count, reason)

    # feeds and pages -----------------------------------------------------------------------

    async def _fetch_listing(
        self, source: SourceConfig, summary: RunSummary
    ) -> tuple[Fetched | None, dict[str, str]]:
        assert source.url is not None
        validators = await self.store.get_validators(source.url)
        outcome = await self.fetcher.fetch(source.url, validators=validators, source=source.name)
        if isinstance(outcome, NotModified):
            summary.status = "not-modified"
            return None, {}
        if not isinstance(outcome, Fetched):
            _record_failure(summary, outcome)
            return None, {}
        summary.fetched += 1
        return outcome, validators_from(outcome)

    async def _run_feed(self, source: SourceConfig, summary: RunSummary) -> None:
        fetched, validators = await self._fetch_listing(source, summary)
        if fetched is None:
            return
        result = extract_feed(fetched.body, fetched.final_url, source=source.name, lang=source.lang)
        self._count_skips(result, summary, fetched.final_url)
        # The reason carries a detail ("feed-unparsable: entity expansion refused"); match the stem.
        if not result.posts and any(r.startswith("feed-unparsable") for r in result.skipped):
            summary.status = "failed"
        seen = await self.store.seen_ids([p.id for p in result.posts])
        new_entries = [p for p in result.posts if p.id not in seen]
        posts: list[Post] = []
        for entry in new_entries:
            if source.follow_articles and len(posts) < self.max_articles * 4:
                posts.extend(await self._article_posts(source, entry.url, summary, entry))
            else:
                posts.append(entry)
        await self.append(posts, summary)
        await self._commit(source, fetched, validators, result)

    async def _run_page(self, source: SourceConfig, summary: RunSummary) -> None:
        fetched, validators = await self._fetch_listing(source, summary)
        if fetched is None:
            return
        result = extract_listing(
            fetched.body, fetched.final_url, selector=source.selectors.get("links")
        )
        self._count_skips(result, summary, fetched.final_url)
        posts: list[Post] = [p for p in result.posts if p.kind == "tweet"]
        for post in posts:
            post.source = source.name
        seen = await self.store.seen_ids([web_post_id(link) for link in result.links])
        new_links = [link for link in result.links if web_post_id(link) not in seen]
        for link in new_links[: self.max_articles]:
            posts.extend(await self._article_posts(source, link, summary, None))
        await self.append(posts, summary)
        await self._commit(source, fetched, validators, result)

    async def _article_posts(
        self, source: SourceConfig, url: str, summary: RunSummary, entry: Post | None
    ) -> list[Post]:
        """The article at ``url`` and its embedded tweets; the feed entry if the page fails."""
        outcome = await self.fetcher.fetch(url, source=source.name)
        if not isinstance(outcome, Fetched):
            reason = outcome.reason if isinstance(outcome, Failed | RateLimited) else "304"
            summary.error(f"article: {reason}")
            return [entry] if entry is not None else []
        summary.fetched += 1
        result = extract_article(
            outcome.body,
            outcome.final_url,
            source=source.name,
            content_type=outcome.content_type,
            selectors=source.selectors or None,
        )
        self._count_skips(result, summary, url)
        articles = [p for p in result.posts if p.kind == "article"]
        if not articles:
            return [entry] if entry is not None else []
        article = articles[0]
        # The id follows the link we were given, so a later run recognises it before fetching.

        stable_id = web_post_id(url)
        if article.id != stable_id:
            article.extra["canonical_url"] = article.url
            old_id, article.id = article.id, stable_id
            for post in result.posts:
                post.embedded_in = [stable_id if i == old_id else i for i in post.embedded_in]
        if entry is not None:
            article.title = article.title or entry.title
            article.published_at = article.published_at or entry.published_at
            article.author = article.author or entry.author
        article.lang = article.lang or source.lang
        for post in result.posts:
            post.source = source.name
        return result.posts

    async def _commit(
        self,
        source: SourceConfig,
        fetched: Fetched,
        validators: dict[str, str],
        result: ExtractResult,
    ) -> None:
        assert source.url is not None
        await self.store.set_validators(source.url, validators)
        times = [p.published_at for p in result.posts if p.published_at is not None]
        position = max(times) if times else datetime.now(UTC)
        await self.store.set_cursor(source.name, position.isoformat())

    # telegram ------------------------------------------------------------------------------

    def telegram_url(self, channel: str, before: str | None = None) -> str:
        return telegram_preview_url(self.settings.telegram.base_url, channel, before)

    async def _run_telegram(self, source: SourceConfig, summary: RunSummary) -> None:
        assert source.channel is not None
        url = self.telegram_url(source.channel)
        outcome = await self.fetcher.fetch(url, headers=TELEGRAM_HEADERS, source=source.name)
        if not isinstance(outcome, Fetched):
            _record_failure(summary, outcome)
            return
        summary.fetched += 1
        kind, reason = classify_channel_page(outcome.body, outcome.final_url, outcome.status)
        if kind in ("no_preview", "not_found"):
            summary.status = "failed"
            summary.permanent = True
            summary.error(f"telegram {kind}: {reason}")
            log.warning("source=%s channel=%s: %s", source.name, source.channel, reason)
            return
        if kind == "unknown":
            summary.status = "failed"
            summary.error(f"telegram page: {reason}")
            return
        if kind == "empty":
            log.info("source=%s channel=%s: empty channel", source.name, source.channel)
            return
        result = parse_preview_page(outcome.body, outcome.final_url, source=source.name)
        self._count_skips(result, summary, url)
        for post in result.posts:
            post.lang = post.lang or source.lang
        await self.append(result.posts, summary)
        # The page's own newest id also covers album items and service messages.
        newest = result.meta.get("newest_id")
        ids = [newest] if isinstance(newest, int) else []
        ids += [int(n) for n in (p.id.rsplit("/", 1)[-1] for p in result.posts) if n.isdigit()]
        previous = await self.store.get_cursor(source.name)
        if previous and previous.isdigit():
            ids.append(int(previous))
        highest = max(ids, default=0)
        if highest:
            await self.store.set_cursor(source.name, str(highest))
