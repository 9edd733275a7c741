"""The tweet resolver against a real local web server (both endpoints) and a real redis-server."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
import redis

from scraper.config import HttpSettings, RedisSettings, TwitterSettings, settings_from_dict
from scraper.constants import MAX_ATTEMPTS_PER_ID, SHORT_CACHE_TTL_SECONDS
from scraper.daemon import make_tweet_resolver
from scraper.http import HttpFetcher
from scraper.models import Post, tweet_post_id, web_post_id
from scraper.outcomes import FetchOutcome
from scraper.sources.runner import SourceRunner
from scraper.sources.tweets import TweetResolverService, endpoint_backoff
from scraper.store import Store, connect
from tests.pages import BASE_TIME, STRIKES, article_html, rss
from tests.support.redis_proc import free_port
from tests.support.webserver import LocalWeb

TWEET = "1762553251893764560"
OTHER = "1762553251893764999"
CACHE_TTL = 7 * 86400.0
FULL_TEXT = "Strikes on a weapons depot near Al-Bukamal killed 6. Details: https://centcom.mil/r/1"


def syndication_body(status_id: str, text: str = FULL_TEXT, **extra: Any) -> bytes:
    data: dict[str, Any] = {
        "__typename": "Tweet",
        "id_str": status_id,
        "lang": "en",
        "created_at": "2024-02-27T18:30:05.000Z",
        "text": text.replace("https://centcom.mil/r/1", "https://t.co/AbCdEf1234"),
        "display_text_range": [0, 100],
        "entities": {
            "urls": [{"url": "https://t.co/AbCdEf1234", "expanded_url": "https://centcom.mil/r/1"}]
        },
        "user": {"name": "OIR Spokesperson", "screen_name": "OIRSpox"},
        "favorite_count": 12,
        "conversation_count": 3,
    }
    data.update(extra)
    return json.dumps(data).encode()


def oembed_body(status_id: str, text: str = "Strikes near Al-Bukamal (oEmbed)") -> bytes:
    snippet = (
        f'<blockquote class="twitter-tweet"><p lang="en" dir="ltr">{text}</p>'
        "&mdash; OIR Spokesperson (@OIRSpox) "
        f'<a href="https://twitter.com/OIRSpox/status/{status_id}?ref_src=twsrc%5Etfw">'
        "February 27, 2024</a></blockquote>\n"
    )
    return json.dumps(
        {
            "url": f"https://twitter.com/OIRSpox/status/{status_id}",
            "author_name": "OIR Spokesperson",
            "author_url": "https://twitter.com/OIRSpox",
            "html": snippet,
            "type": "rich",
            "version": "1.0",
        }
    ).encode()


def embedded(status_id: str, article: str, text: str = "Strikes near Al-Bukamal") -> Post:
    """A tweet as the embed extractor leaves it: short text, a date in words, its article."""
    return Post(
        id=tweet_post_id(status_id),
        source="outlet",
        kind="tweet",
        url=f"https://twitter.com/OIRSpox/status/{status_id}",
        text=text,
        published_at=datetime(2024, 2, 27, tzinfo=UTC),
        author="OIR Spokesperson",
        embedded_in=[article],
        extra={"handle": "OIRSpox", "links": [], "date_text": "February 27, 2024"},
    )


def article(name: str, *tweets: str) -> Post:
    post_id = web_post_id(f"https://outlet.example/{name}")
    return Post(
        id=post_id,
        source="outlet",
        kind="article",
        url=f"https://outlet.example/{name}",
        text="غارات جوية على البوكمال",
        embeds=[tweet_post_id(t) for t in tweets],
    )


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Rig:
    web: LocalWeb
    service: TweetResolverService
    store: Store
    clock: Clock
    client: redis.Redis

    def path(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.path}?{parts.query}"

    def serve_syndication(self, status_id: str, body: bytes = b"", **kwargs: Any) -> str:
        path = self.path(self.service.syndication_request_url(status_id))
        kwargs.setdefault("content_type", "application/json;charset=utf-8")
        self.web.route(path, body=body, **kwargs)
        return path

    def serve_oembed(self, status_id: str, body: bytes = b"", **kwargs: Any) -> str:
        path = self.path(self.service.oembed_request_url(status_id))
        kwargs.setdefault("content_type", "application/json; charset=utf-8")
        self.web.route(path, body=body, **kwargs)
        return path

    def syndication_hits(self, status_id: str) -> int:
        return self.web.hits[self.path(self.service.syndication_request_url(status_id))]

    def oembed_hits(self, status_id: str) -> int:
        return self.web.hits[self.path(self.service.oembed_request_url(status_id))]

    def cache_ttl(self, status_id: str) -> int:
        return int(self.client.ttl(self.service.store.keys.tweet_cache(status_id)))


@pytest.fixture
async def rig(web: LocalWeb, redis_url: str, prefix: str) -> AsyncIterator[Rig]:
    settings = TwitterSettings(
        syndication_url=web.url("/syn"), oembed_url=web.url("/oembed"), cache_ttl=CACHE_TTL
    )
    fetcher = HttpFetcher(HttpSettings(allow_private_networks=True, per_host_delay=0, retries=0))
    store = Store(connect(redis_url), RedisSettings(prefix=prefix))
    clock = Clock()
    service = TweetResolverService(settings, fetcher, store, clock=clock)
    client = redis.Redis.from_url(redis_url)
    yield Rig(web, service, store, clock, client)
    client.close()
    await fetcher.aclose()
    await store.aclose()


def _tweets(posts: list[Post]) -> list[Post]:
    return [p for p in posts if p.kind == "tweet"]


# resolution and cache ----------------------------------------------------------------------


async def test_embedded_tweet_gets_full_text_and_time_and_is_cached(rig: Rig) -> None:
    rig.serve_syndication(TWEET, syndication_body(TWEET))
    a = article("a", TWEET)
    out = await rig.service.enrich([a, embedded(TWEET, a.id)])

    assert [p.id for p in out] == [a.id, tweet_post_id(TWEET)]
    tweet = out[1]
    assert tweet.text == FULL_TEXT
    assert tweet.published_at == datetime(2024, 2, 27, 18, 30, 5, tzinfo=UTC)
    assert tweet.embedded_in == [a.id]
    assert tweet.lang == "en" and tweet.extra["handle"] == "OIRSpox"
    assert tweet.extra["counts"] == {"favorite_count": 12, "conversation_count": 3}
    assert tweet.extra["resolved"] == "syndication"
    assert rig.syndication_hits(TWEET) == 1
    assert CACHE_TTL - 60 < rig.cache_ttl(TWEET) <= CACHE_TTL

    again = await rig.service.enrich([article("b", TWEET), embedded(TWEET, "web:b")])
    assert again[1].text == FULL_TEXT
    assert rig.syndication_hits(TWEET) == 1  # the cache answered
    assert rig.service.stats["cache_hit"] == 1


async def test_same_tweet_in_several_articles_is_one_post_with_every_embedder(rig: Rig) -> None:
    rig.serve_syndication(TWEET, syndication_body(TWEET))
    articles = [article(name, TWEET) for name in ("a", "b", "c")]
    batch: list[Post] = []
    for item in articles:
        batch += [item, embedded(TWEET, item.id)]

    out = await rig.service.enrich(batch)

    tweets = _tweets(out)
    assert len(tweets) == 1
    assert tweets[0].embedded_in == [a.id for a in articles]
    assert tweets[0].text == FULL_TEXT
    assert [p.id for p in out] == [articles[0].id, tweets[0].id, articles[1].id, articles[2].id]
    assert rig.syndication_hits(TWEET) == 1


async def test_linked_tweets_become_posts_linked_both_ways(rig: Rig) -> None:
    rig.serve_syndication(TWEET, syndication_body(TWEET))
    rig.serve_syndication(OTHER, syndication_body(OTHER, text="Second strike reported"))
    telegram = Post(
        id="telegram:furatpost/12",
        source="furat",
        kind="telegram",
        url="https://t.me/FuratPost/12",
        text="عاجل: غارات على البوكمال",
        extra={"tweet_links": [TWEET]},
    )
    page = Post(
        id="web:page",
        source="furat",
        kind="article",
        url="https://outlet.example/p",
        text="roundup",
        extra={"links": [f"https://x.com/OIRSpox/status/{OTHER}?s=20", "https://example.org/"]},
    )
    also = Post(
        id="telegram:furatpost/13",
        source="furat",
        kind="telegram",
        url="https://t.me/FuratPost/13",
        text="تأكيد",
        extra={"tweet_links": [TWEET]},
    )

    out = await rig.service.enrich([telegram, page, also])

    assert [p.id for p in out] == [
        telegram.id,
        tweet_post_id(TWEET),
        page.id,
        tweet_post_id(OTHER),
        also.id,
    ]
    first, second = out[1], out[3]
    assert first.text == FULL_TEXT and first.kind == "tweet" and first.source == "furat"
    assert first.embedded_in == [telegram.id, also.id]
    assert first.url == f"https://twitter.com/OIRSpox/status/{TWEET}"
    assert second.text == "Second strike reported" and second.embedded_in == [page.id]
    assert telegram.embeds == [first.id] and also.embeds == [first.id]
    assert page.embeds == [second.id]


async def test_linked_tweet_already_embedded_in_the_batch_is_not_fetched_twice(rig: Rig) -> None:
    rig.serve_syndication(TWEET, syndication_body(TWEET))
    a = article("a", TWEET)
    telegram = Post(
        id="telegram:c/1", source="s", kind="telegram", url="", text="x",
        extra={"tweet_links": [TWEET]},
    )  # fmt: skip
    out = await rig.service.enrich([a, embedded(TWEET, a.id), telegram])
    assert len(_tweets(out)) == 1
    assert _tweets(out)[0].embedded_in == [a.id, telegram.id]
    assert telegram.embeds == [tweet_post_id(TWEET)]
    assert rig.syndication_hits(TWEET) == 1


# gone tweets ---------------------------------------------------------------------------------


async def test_tombstone_is_recorded_and_not_retried(rig: Rig) -> None:
    tombstone = {
        "__typename": "TweetTombstone",
        "tombstone": {"text": {"text": "This Post was deleted by the Post author."}},
    }
    rig.serve_syndication(TWEET, json.dumps(tombstone).encode())
    a = article("a", TWEET)
    out = await rig.service.enrich([a, embedded(TWEET, a.id)])

    tweet = _tweets(out)[0]
    assert tweet.text == "Strikes near Al-Bukamal"  # the embed's own text stays
    assert tweet.extra["resolved"] == "tombstone"
    assert tweet.extra["tombstone"] == "This Post was deleted by the Post author."
    assert rig.oembed_hits(TWEET) == 0  # a tombstone is an answer: no fallback
    assert 0 < rig.cache_ttl(TWEET) <= SHORT_CACHE_TTL_SECONDS

    await rig.service.enrich([embedded(TWEET, "web:b")])
    assert rig.syndication_hits(TWEET) == 1


async def test_not_found_on_both_endpoints_is_recorded_and_not_retried(rig: Rig) -> None:
    # No routes: the local server answers 404 for both endpoints.
    telegram = Post(
        id="telegram:c/1", source="s", kind="telegram", url="", text="x",
        extra={"tweet_links": [TWEET]},
    )  # fmt: skip
    out = await rig.service.enrich([telegram])
    assert out == [telegram]  # nothing to say about a missing tweet but its absence
    assert telegram.extra["tweet_tombstones"] == [TWEET]
    assert rig.syndication_hits(TWEET) == 1 and rig.oembed_hits(TWEET) == 1
    assert 0 < rig.cache_ttl(TWEET) <= SHORT_CACHE_TTL_SECONDS

    await rig.service.enrich([telegram])
    assert rig.syndication_hits(TWEET) == 1 and rig.oembed_hits(TWEET) == 1
    assert rig.service.stats["not_found"] == 1 and rig.service.stats["cache_hit"] == 1


async def test_syndication_404_falls_back_to_oembed(rig: Rig) -> None:
    rig.serve_oembed(TWEET, oembed_body(TWEET))
    a = article("a", TWEET)
    out = await rig.service.enrich([a, embedded(TWEET, a.id)])
    tweet = _tweets(out)[0]
    assert tweet.text == "Strikes near Al-Bukamal (oEmbed)"
    assert tweet.extra["resolved"] == "oembed"
    # oEmbed has only a date in words; the snowflake id gives the exact time.
    assert tweet.published_at == datetime(2024, 2, 27, 19, 0, 16, 564000, tzinfo=UTC)
    assert rig.service.endpoints["syndication"].failures == 0  # a 404 is no endpoint trouble
    assert 0 < rig.cache_ttl(TWEET) <= SHORT_CACHE_TTL_SECONDS


# faults --------------------------------------------------------------------------------------


async def test_malformed_json_is_counted_and_falls_back(rig: Rig) -> None:
    rig.serve_syndication(TWEET, b"<html><body>Something went wrong</body></html>")
    rig.serve_oembed(TWEET, oembed_body(TWEET))
    rig.serve_syndication(OTHER, b'{"__typename": "Tweet", "id_str": ')
    rig.serve_oembed(OTHER, b"{not json")

    out = await rig.service.enrich([embedded(TWEET, "web:a"), embedded(OTHER, "web:a")])

    assert out[0].text == "Strikes near Al-Bukamal (oEmbed)"
    assert out[1].text == "Strikes near Al-Bukamal"  # both garbled: the embed stays as it was
    assert "resolved" not in out[1].extra
    assert rig.service.stats["syndication_malformed"] == 2
    assert rig.service.stats["oembed_malformed"] == 1
    assert rig.service.endpoints["syndication"].is_open(rig.clock())  # garbage is no backoff
    assert rig.cache_ttl(OTHER) == -2  # nothing cached: asked again next time


async def test_429_rests_the_endpoint_for_retry_after(rig: Rig) -> None:
    rig.serve_syndication(TWEET, b"", status=429, headers={"Retry-After": "300"})
    rig.serve_oembed(TWEET, oembed_body(TWEET))
    rig.serve_syndication(OTHER, syndication_body(OTHER))
    rig.serve_oembed(OTHER, oembed_body(OTHER))

    first = await rig.service.enrich([embedded(TWEET, "web:a")])
    assert first[0].extra["resolved"] == "oembed"
    syndication = rig.service.endpoints["syndication"]
    assert syndication.not_before == pytest.approx(rig.clock.now + 300)

    rig.clock.now += 299
    second = await rig.service.enrich([embedded(OTHER, "web:b")])
    assert rig.syndication_hits(OTHER) == 0  # resting: not asked at all
    assert second[0].extra["resolved"] == "oembed"
    assert rig.service.stats["syndication_resting"] == 1

    rig.clock.now += 2
    # OTHER's oEmbed answer was cached; drop it so the rested endpoint is asked again.
    rig.client.delete(rig.service.store.keys.tweet_cache(OTHER))
    third = await rig.service.enrich([embedded(OTHER, "web:b")])
    assert rig.syndication_hits(OTHER) == 1
    assert third[0].extra["resolved"] == "syndication"
    assert syndication.failures == 0


async def test_transient_failures_back_off_and_keep_the_embed(rig: Rig) -> None:
    rig.serve_syndication(TWEET, b"down", status=503)
    rig.serve_oembed(TWEET, b"down", status=502)
    a = article("a", TWEET)
    out = await rig.service.enrich([a, embedded(TWEET, a.id)])

    tweet = _tweets(out)[0]
    assert tweet.text == "Strikes near Al-Bukamal"
    # Unresolved, but the snowflake still gives the exact time, within the embed's day.
    assert tweet.published_at == datetime(2024, 2, 27, 19, 0, 16, 564000, tzinfo=UTC)
    assert rig.cache_ttl(TWEET) == -2
    for name in ("syndication", "oembed"):
        assert rig.service.endpoints[name].not_before == pytest.approx(
            rig.clock.now + endpoint_backoff(1, None)
        )

    await rig.service.enrich([embedded(TWEET, a.id)])
    assert rig.syndication_hits(TWEET) == 1 and rig.oembed_hits(TWEET) == 1  # both resting
    assert rig.service.stats["unresolved"] == 2


async def test_an_id_that_always_fails_is_given_up_after_a_few_attempts(rig: Rig) -> None:
    rig.serve_syndication(TWEET, b"down", status=500)
    rig.serve_oembed(TWEET, b"down", status=500)
    for _ in range(MAX_ATTEMPTS_PER_ID):
        await rig.service.enrich([embedded(TWEET, "web:a")])
        rig.clock.now += 10 * 3600  # past any backoff
    assert rig.syndication_hits(TWEET) == MAX_ATTEMPTS_PER_ID
    assert 0 < rig.cache_ttl(TWEET) <= SHORT_CACHE_TTL_SECONDS
    out = await rig.service.enrich([embedded(TWEET, "web:a")])
    assert rig.syndication_hits(TWEET) == MAX_ATTEMPTS_PER_ID
    assert out[0].extra["resolved"] == "not_found"


async def test_enrich_never_raises_and_works_without_redis(web: LocalWeb, prefix: str) -> None:
    settings = TwitterSettings(
        syndication_url=web.url("/syn"), oembed_url=web.url("/oembed"), cache_ttl=CACHE_TTL
    )
    dead = Store(connect(f"redis://127.0.0.1:{free_port()}/0"), RedisSettings(prefix=prefix))
    async with HttpFetcher(
        HttpSettings(allow_private_networks=True, per_host_delay=0, retries=0)
    ) as fetcher:
        service = TweetResolverService(settings, fetcher, dead)
        url = urlsplit(service.syndication_request_url(TWEET))
        web.route(f"{url.path}?{url.query}", body=syndication_body(TWEET))
        out = await service.enrich([embedded(TWEET, "web:a")])
        assert out[0].text == FULL_TEXT  # resolved; the cache was merely unavailable

    class Exploding:
        async def fetch(self, url: str, **_kwargs: Any) -> FetchOutcome:
            raise RuntimeError("boom")

    service = TweetResolverService(settings, Exploding(), dead)
    batch = [embedded(TWEET, "web:a")]
    assert [p.id for p in await service.enrich(batch)] == [tweet_post_id(TWEET)]
    assert service.stats["errors"] >= 1
    await dead.aclose()


# end to end through the source runner --------------------------------------------------------


async def test_runner_publishes_an_embedded_tweet_once_with_full_text(
    web: LocalWeb, redis_url: str, prefix: str
) -> None:
    status_id = "1861234567890123456"  # the id tests.pages embeds
    base = web.url("")
    title, body = STRIKES["bukamal"]
    web.route("/a/bukamal", body=article_html(title, body, BASE_TIME, tweet=True))
    web.route("/b/bukamal", body=article_html(title, body, BASE_TIME, tweet=True))
    later = BASE_TIME + timedelta(hours=1)
    feed_a = web.route(
        "/a/feed.xml",
        body=rss(base, [("/a/bukamal", title, body, BASE_TIME)]),
        content_type="application/rss+xml",
    )
    feed_b = web.route(
        "/b/feed.xml",
        body=rss(base, [("/b/bukamal", title, body, later)]),
        content_type="application/rss+xml",
    )
    settings = settings_from_dict(
        {
            "redis": {"prefix": prefix},
            "http": {"allow_private_networks": True, "per_host_delay": 0, "retries": 0},
            "twitter": {"syndication_url": web.url("/syn"), "oembed_url": web.url("/oembed")},
            "sources": [
                {"name": "outlet-a", "kind": "feed", "url": feed_a},
                {"name": "outlet-b", "kind": "feed", "url": feed_b},
            ],
        },
        environ={},
    )
    store = Store(connect(redis_url), settings.redis)
    async with HttpFetcher(settings.http) as fetcher:
        resolver = make_tweet_resolver(settings, fetcher, store)
        assert isinstance(resolver, TweetResolverService)
        url = urlsplit(resolver.syndication_request_url(status_id))
        syndication_path = f"{url.path}?{url.query}"
        web.route(
            syndication_path,
            body=syndication_body(status_id, text="غارات جوية على مستودعات في البوكمال فجر اليوم"),
            content_type="application/json",
        )
        runner = SourceRunner(settings, fetcher, store, tweets=resolver)
        for source in settings.sources:
            summary = await runner.run(source)
            assert summary.status == "ok", summary

    client = redis.Redis.from_url(redis_url, decode_responses=True)
    posts = [json.loads(f["post"]) for _id, f in client.xrange(f"{prefix}:posts")]
    client.close()
    await store.aclose()

    tweets = [p for p in posts if p["kind"] == "tweet"]
    assert len(tweets) == 1, [p["id"] for p in posts]
    tweet = tweets[0]
    assert tweet["id"] == tweet_post_id(status_id)
    assert tweet["text"] == "غارات جوية على مستودعات في البوكمال فجر اليوم"
    assert tweet["published_at"] == "2024-02-27T18:30:05Z"
    article_a = web_post_id(web.url("/a/bukamal"))
    assert tweet["embedded_in"] == [article_a]
    articles = {p["id"]: p for p in posts if p["kind"] == "article"}
    assert set(articles) == {article_a, web_post_id(web.url("/b/bukamal"))}
    assert all(p["embeds"] == [tweet["id"]] for p in articles.values())
    assert web.hits[syndication_path] == 1  # the second outlet's embed came from the cache


# real embeds from ../shared/fixtures/articles/with-tweets/ -----------------------------------

WITH_TWEETS = [
    "OnlineMarketing.de-Instagram.html",
    "amnesty.de-waffensysteme.html",
    "basicthinking.de.tweets.html",
    "cubadebate.cu-sesiona.html",
    "diez.hn-vargas.html",
    "elpais.com.ciencia.html",
    "hertha-blog.de.dame.html",
    "minuto30-lasierra.html",
    "spox.com-corona-fealle.html",
    "tafelblog.de.europa.html",
]


def _page_posts(name: str) -> list[Post]:
    from scraper.extract.article import extract_article
    from tests.conftest import shared_path

    page = shared_path("fixtures", "articles", "with-tweets", name)
    return extract_article(page.read_bytes(), f"https://outlet.example/{name}", source="o").posts


@pytest.mark.parametrize("name", WITH_TWEETS)
async def test_real_embeds_resolve_one_request_per_tweet(rig: Rig, name: str) -> None:
    posts = _page_posts(name)
    ids = [_id.split(":", 1)[1] for _id in (p.id for p in posts if p.kind == "tweet")]
    assert ids, "every page here embeds tweets"
    for status_id in ids:
        rig.serve_syndication(status_id, syndication_body(status_id, text=f"full {status_id}"))

    out = await rig.service.enrich(posts)

    tweets = _tweets(out)
    assert [t.id for t in tweets] == [tweet_post_id(i) for i in ids]
    host = next(p for p in out if p.kind == "article")
    for tweet in tweets:
        status_id = tweet.id.split(":", 1)[1]
        assert tweet.text == f"full {status_id}"  # embeds with no text at all get one too
        assert tweet.published_at == datetime(2024, 2, 27, 18, 30, 5, tzinfo=UTC)
        assert tweet.embedded_in == [host.id]
        assert rig.syndication_hits(status_id) == 1


@pytest.mark.parametrize("name", WITH_TWEETS)
async def test_real_unresolved_embeds_take_the_snowflake_time_of_their_day(
    rig: Rig, name: str
) -> None:
    posts = _page_posts(name)
    stated = {p.id: p.published_at for p in posts if p.kind == "tweet"}
    rig.service.endpoints["syndication"].not_before = rig.clock.now + 3600
    rig.service.endpoints["oembed"].not_before = rig.clock.now + 3600

    out = await rig.service.enrich(posts)

    for tweet in _tweets(out):
        assert tweet.published_at is not None  # even embeds without a date in words
        said = stated[tweet.id]
        if said is not None:
            # The words are the page's local date; the snowflake is the exact UTC instant.
            assert abs(tweet.published_at - said) < timedelta(hours=36)
            assert tweet.published_at != said
    assert rig.web.hits == {}  # both endpoints resting: nothing was asked


async def test_unresolved_resighting_of_a_published_tweet_is_dropped(rig: Rig) -> None:
    rig.serve_syndication(TWEET, syndication_body(TWEET))
    a = article("a", TWEET)
    for post in await rig.service.enrich([a, embedded(TWEET, a.id)]):
        await rig.store.append_post(post)
    # A week later the cache has expired and both endpoints are resting.
    rig.client.delete(rig.service.store.keys.tweet_cache(TWEET))
    rig.service.endpoints["syndication"].not_before = rig.clock.now + 60
    rig.service.endpoints["oembed"].not_before = rig.clock.now + 60
    b = article("b", TWEET, OTHER)

    out = await rig.service.enrich([b, embedded(TWEET, b.id), embedded(OTHER, b.id)])

    # The published full text is not replaced by the embed's; a new tweet still goes through.
    assert [p.id for p in out] == [b.id, tweet_post_id(OTHER)]
    assert b.embeds == [tweet_post_id(TWEET), tweet_post_id(OTHER)]
    assert rig.service.stats["stale_sightings_dropped"] == 1
