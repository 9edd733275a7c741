"""HttpFetcher against a real local server misbehaving on purpose: every bad answer becomes an
outcome value with a reason, within the deadline and the body cap, and nothing raises.
"""

from __future__ import annotations

import asyncio
import gzip
import time
from collections.abc import Iterator

import httpx
import pytest
import respx

from scraper import http as http_module
from scraper import netguard
from scraper.config import HttpSettings
from scraper.extract.article import extract_article
from scraper.http import HttpFetcher, parse_retry_after
from scraper.netguard import is_public_address
from scraper.outcomes import Failed, Fetched, NotModified, RateLimited, validators_from
from tests.support.webserver import LocalWeb, Route


def _settings(**overrides: object) -> HttpSettings:
    values: dict[str, object] = {
        "allow_private_networks": True,  # the test server is on loopback
        "per_host_delay": 0,
        "retries": 2,
        "timeout": 5,
        "deadline": 10,
    }
    values.update(overrides)
    return HttpSettings(**values)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_retry_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    # In-fetch retry backoff is random up to seconds; the tests count retries, not wait for them.
    monkeypatch.setattr(http_module, "retry_delay", lambda attempt: 0.0)


async def _fetch(url: str, **overrides: object) -> Fetched | NotModified | RateLimited | Failed:
    async with HttpFetcher(_settings(**overrides)) as fetcher:
        return await fetcher.fetch(url, source="test")


async def test_500_is_retried_then_a_transient_failure(web: LocalWeb) -> None:
    url = web.route("/err", status=500, body=b"oops")
    outcome = await _fetch(url, retries=2)
    assert isinstance(outcome, Failed)
    assert (outcome.severity, outcome.reason, outcome.status) == ("transient", "http 500", 500)
    assert web.hits["/err"] == 3  # the first try and two retries


async def test_503_then_200_recovers_within_one_fetch(web: LocalWeb) -> None:
    url = web.sequence("/flaky", [Route(status=503), Route(body=b"<p>fine</p>")])
    outcome = await _fetch(url)
    assert isinstance(outcome, Fetched) and outcome.body == b"<p>fine</p>"
    assert web.hits["/flaky"] == 2


async def test_404_is_permanent_and_not_retried(web: LocalWeb) -> None:
    url = web.route("/gone", status=404)
    outcome = await _fetch(url)
    assert isinstance(outcome, Failed) and outcome.severity == "permanent"
    assert web.hits["/gone"] == 1


async def test_short_retry_after_is_honoured_in_place(web: LocalWeb) -> None:
    url = web.sequence(
        "/busy", [Route(status=429, headers={"Retry-After": "1"}), Route(body=b"ok")]
    )
    started = time.monotonic()
    outcome = await _fetch(url)
    assert isinstance(outcome, Fetched) and outcome.body == b"ok"
    assert time.monotonic() - started >= 0.95  # it waited what the server asked
    assert web.hits["/busy"] == 2


async def test_long_retry_after_goes_back_to_the_scheduler(web: LocalWeb) -> None:
    url = web.route("/slowdown", status=429, headers={"Retry-After": "3600"})
    started = time.monotonic()
    outcome = await _fetch(url)
    assert isinstance(outcome, RateLimited) and outcome.retry_after == 3600.0
    assert time.monotonic() - started < 2
    assert web.hits["/slowdown"] == 1


def test_retry_after_parses_seconds_and_dates() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 7 ") == 7.0
    now = 1_700_000_000.0  # 2023-11-14T22:13:20Z
    assert parse_retry_after("Tue, 14 Nov 2023 22:14:20 GMT", now=now) == 60.0
    assert parse_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", now=now) == 0.0  # in the past
    assert parse_retry_after("soon") is None
    assert parse_retry_after("-5") is None
    assert parse_retry_after(None) is None


async def test_connection_reset_is_transient(web: LocalWeb) -> None:
    url = web.route("/reset", reset=True)
    outcome = await _fetch(url, retries=1)
    assert isinstance(outcome, Failed) and outcome.severity == "transient"
    assert "Error" in outcome.reason  # the transport error's class names what happened
    assert web.hits["/reset"] == 2


async def test_a_server_that_never_answers_hits_the_deadline(web: LocalWeb) -> None:
    url = web.route("/hang", hang=True)
    started = time.monotonic()
    outcome = await _fetch(url, timeout=30, deadline=1)
    assert isinstance(outcome, Failed) and outcome.severity == "transient"
    assert "deadline" in outcome.reason
    assert time.monotonic() - started < 3


async def test_a_one_byte_a_second_drip_hits_the_deadline(web: LocalWeb) -> None:
    # Every read succeeds within the read timeout, so only the overall deadline can stop it.
    url = web.route("/drip", body=b"x" * 100, drip=1.0)
    started = time.monotonic()
    outcome = await _fetch(url, timeout=5, deadline=1.5)
    assert isinstance(outcome, Failed) and "deadline" in outcome.reason
    assert time.monotonic() - started < 3.5


async def test_a_huge_streamed_body_is_cut_at_max_bytes(web: LocalWeb) -> None:
    sent = 0

    def endless() -> Iterator[bytes]:
        # "1 GB", lazily: the generator stops when the client hangs up.
        nonlocal sent
        chunk = b"A" * 65536
        for _ in range(16384):
            sent += len(chunk)
            yield chunk

    url = web.route("/huge", chunks=endless)
    outcome = await _fetch(url, max_bytes=256 * 1024)
    assert isinstance(outcome, Failed) and outcome.severity == "permanent"
    assert outcome.reason == f"body over {256 * 1024} bytes"
    await asyncio.sleep(0.2)
    assert sent < 64 * 1024 * 1024  # the client hung up early; socket buffers hold the rest


async def test_a_declared_oversized_body_is_refused_before_reading(web: LocalWeb) -> None:
    url = web.route("/big", body=b"B" * 300_000)
    outcome = await _fetch(url, max_bytes=100_000)
    assert isinstance(outcome, Failed) and "body over 100000 bytes" in outcome.reason


async def test_a_gzip_bomb_is_cut_on_decoded_bytes(web: LocalWeb) -> None:
    bomb = gzip.compress(b"\0" * (32 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 64 * 1024  # small on the wire, 32 MB inflated
    url = web.route("/bomb", body=bomb, headers={"Content-Encoding": "gzip"})
    outcome = await _fetch(url, max_bytes=1024 * 1024)
    assert isinstance(outcome, Failed) and outcome.severity == "permanent"
    assert "body over" in outcome.reason


async def test_a_small_gzip_body_is_decoded(web: LocalWeb) -> None:
    url = web.route(
        "/gz", body=gzip.compress(b"<p>hello</p>"), headers={"Content-Encoding": "gzip"}
    )
    outcome = await _fetch(url)
    assert isinstance(outcome, Fetched) and outcome.body == b"<p>hello</p>"


async def test_corrupt_gzip_is_a_permanent_failure(web: LocalWeb) -> None:
    url = web.route("/badgz", body=b"plainly not gzip", headers={"Content-Encoding": "gzip"})
    outcome = await _fetch(url)
    assert isinstance(outcome, Failed) and outcome.severity == "permanent"
    assert "undecodable" in outcome.reason


_ARABIC_TITLE = "غارة على البوكمال"
_CP1256_PAGE = (
    '<html><head><meta charset="windows-1256"><title>'
    + _ARABIC_TITLE
    + "</title></head><body><article><h1>"
    + _ARABIC_TITLE
    + "</h1><p>"
    + "استهدفت غارة جوية مستودعا للأسلحة في مدينة البوكمال فجر اليوم. " * 5
    + "</p></article></body></html>"
).encode("cp1256")


@pytest.mark.parametrize(
    "content_type",
    ["text/html", "text/html; charset=utf-8", "text/html; charset=no-such-charset"],
    ids=["missing", "wrong", "unknown"],
)
async def test_bytes_reach_the_extractor_intact_whatever_the_charset(
    web: LocalWeb, content_type: str
) -> None:
    url = web.route("/cp1256", body=_CP1256_PAGE, content_type=content_type)
    outcome = await _fetch(url)
    assert isinstance(outcome, Fetched)
    assert outcome.body == _CP1256_PAGE  # the fetcher never decodes or re-encodes
    assert outcome.content_type == content_type
    result = extract_article(outcome.body, outcome.final_url, content_type=outcome.content_type)
    if content_type != "text/html; charset=utf-8":
        # Without a usable header charset the page's own <meta charset> decides.
        assert result.posts and result.posts[0].title == _ARABIC_TITLE


async def test_a_redirect_loop_stops_at_max_redirects(web: LocalWeb) -> None:
    url = web.route("/loop", status=302, headers={"Location": "/loop"})
    outcome = await _fetch(url, max_redirects=3)
    assert isinstance(outcome, Failed) and outcome.severity == "permanent"
    assert outcome.reason == "more than 3 redirects"
    assert web.hits["/loop"] == 4


async def test_redirects_are_followed_to_the_final_url(web: LocalWeb) -> None:
    web.route("/old", status=301, headers={"Location": "/new"})
    web.route("/new", body=b"moved here")
    outcome = await _fetch(web.url("/old"))
    assert isinstance(outcome, Fetched) and outcome.body == b"moved here"
    assert outcome.url == web.url("/old") and outcome.final_url == web.url("/new")


async def test_a_redirect_to_a_non_http_scheme_is_refused(web: LocalWeb) -> None:
    url = web.route("/file", status=302, headers={"Location": "file:///etc/passwd"})
    outcome = await _fetch(url)
    assert isinstance(outcome, Failed) and outcome.severity == "permanent"
    assert "not an http(s) URL" in outcome.reason


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
async def test_private_targets_are_refused_without_a_request(web: LocalWeb, host: str) -> None:
    web.route("/admin", body=b"secret")
    outcome = await _fetch(f"http://{host}:{web.port}/admin", allow_private_networks=False)
    assert isinstance(outcome, Failed) and outcome.severity == "permanent"
    assert outcome.reason.startswith("blocked: private address")
    assert sum(web.hits.values()) == 0  # refused after DNS, before connecting


async def test_a_redirect_to_a_private_address_is_refused_at_that_hop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A public name (resolved here by a stub, so no DNS leaves the machine) redirects to the
    # cloud metadata address: the guard must check the hop, not only the first URL.
    fake_dns = {"news.example": ["93.184.216.34"], "169.254.169.254": ["169.254.169.254"]}

    async def resolve(host: str, port: int) -> list[str]:
        return fake_dns[host]

    monkeypatch.setattr(netguard, "resolve", resolve)
    with respx.mock(assert_all_called=False) as mock:
        # Connections go to the vetted address (pinned), with the name in the Host header.
        mock.get("http://93.184.216.34/feed").respond(
            302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
        )
        metadata = mock.get("http://169.254.169.254/latest/meta-data/").respond(200, text="key")
        outcome = await _fetch("http://news.example/feed", allow_private_networks=False)
    assert isinstance(outcome, Failed)
    assert outcome.reason.startswith("blocked: private address 169.254.169.254")
    assert not metadata.called


async def test_the_connection_goes_to_the_vetted_address_not_a_second_lookup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # DNS rebinding: a name that answers public for the check and private for the connect.
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])

    async def resolve(host: str, port: int) -> list[str]:
        return next(answers)

    monkeypatch.setattr(netguard, "resolve", resolve)
    with respx.mock(assert_all_called=False) as mock:
        pinned = mock.get("https://93.184.216.34:8443/a?b=1").respond(200, text="ok")
        outcome = await _fetch("https://news.example:8443/a?b=1", allow_private_networks=False)
    assert isinstance(outcome, Fetched), outcome
    request = pinned.calls.last.request
    assert request.headers["host"] == "news.example:8443"
    assert request.extensions["sni_hostname"] == "news.example"
    assert outcome.final_url == "https://news.example:8443/a?b=1"
    assert next(answers) == ["127.0.0.1"], "the name was resolved once"


async def test_a_name_with_any_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    async def resolve(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.5"]  # a rebinding-style answer mixing both

    monkeypatch.setattr(netguard, "resolve", resolve)
    with respx.mock(assert_all_called=False) as mock:
        route = mock.get("http://mixed.example/").respond(200, text="x")
        outcome = await _fetch("http://mixed.example/", allow_private_networks=False)
    assert isinstance(outcome, Failed) and "10.0.0.5" in outcome.reason
    assert not route.called


async def test_an_unresolvable_name_is_blocked_with_a_dns_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def resolve(host: str, port: int) -> list[str]:
        raise OSError(-2, "Name or service not known")

    monkeypatch.setattr(netguard, "resolve", resolve)
    outcome = await _fetch("http://nowhere.invalid/", allow_private_networks=False)
    assert isinstance(outcome, Failed) and outcome.reason.startswith("blocked: dns:")


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("::ffff:8.8.8.8", True),
        ("127.0.0.1", False),
        ("127.8.9.10", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("172.31.255.255", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # shared address space (carrier-grade NAT)
        ("0.0.0.0", False),
        ("255.255.255.255", False),
        ("224.0.0.1", False),
        ("198.18.0.1", False),
        ("192.0.2.1", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fe80::1%eth0", False),
        ("fc00::1", False),
        ("fd12:3456::1", False),
        ("ff02::1", False),
        ("2001:db8::1", False),
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::ffff:10.0.0.1", False),
        ("2002:7f00:1::1", False),  # 6to4 wrapping 127.0.0.1
        ("2002:a00:1::1", False),  # 6to4 wrapping 10.0.0.1
        ("64:ff9b::7f00:1", False),  # NAT64 wrapping 127.0.0.1
        ("64:ff9b::808:808", True),  # NAT64 wrapping 8.8.8.8
    ],
)
def test_is_public_address(address: str, public: bool) -> None:
    assert is_public_address(address) is public


async def test_conditional_get_returns_not_modified(web: LocalWeb) -> None:
    url = web.route("/feed.xml", body=b"<rss/>", headers={"ETag": '"v1"'})
    async with HttpFetcher(_settings()) as fetcher:
        first = await fetcher.fetch(url)
        assert isinstance(first, Fetched)
        assert first.headers["etag"] == '"v1"'
        validators = {"etag": first.headers["etag"]}
        second = await fetcher.fetch(url, validators=validators)
    assert isinstance(second, NotModified)
    assert web.request_headers["/feed.xml"][1].get("If-None-Match") == '"v1"'
    assert "If-None-Match" not in web.request_headers["/feed.xml"][0]


async def test_last_modified_is_sent_back_as_if_modified_since() -> None:
    stamp = "Wed, 21 Oct 2026 07:28:00 GMT"

    def answer(request: httpx.Request) -> httpx.Response:
        if request.headers.get("If-Modified-Since") == stamp:
            return httpx.Response(304)
        return httpx.Response(200, text="<rss/>", headers={"Last-Modified": stamp})

    with respx.mock:
        respx.get("http://127.0.0.1:9/feed").mock(side_effect=answer)
        async with HttpFetcher(_settings()) as fetcher:
            first = await fetcher.fetch("http://127.0.0.1:9/feed")
            assert isinstance(first, Fetched)
            second = await fetcher.fetch(
                "http://127.0.0.1:9/feed", validators=validators_from(first)
            )
    assert isinstance(second, NotModified)


async def test_per_host_concurrency_is_respected(web: LocalWeb) -> None:
    url = web.route("/slow", body=b"ok", delay=0.3)
    async with HttpFetcher(_settings(per_host_concurrency=2)) as fetcher:
        outcomes = await asyncio.gather(*(fetcher.fetch(url) for _ in range(6)))
    assert all(isinstance(o, Fetched) for o in outcomes)
    assert web.peak["/slow"] == 2
