"""Every extractor against random and mutated pages: no exception escapes, and what comes back
is well formed. A source can serve anything; a parser bug must cost one page, not the daemon.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.extract import ExtractResult
from scraper.extract.article import extract_article, extract_listing
from scraper.extract.feed import extract_feed
from scraper.extract.telegram import classify_channel_page, parse_preview_page
from tests.pages import BASE_TIME, STRIKES, article_html, rss

URL = "https://news.example/a/1"
_TITLE, _BODY = STRIKES["bukamal"]

_TELEGRAM = (
    '<html><head><meta property="og:title" content="Furat"></head><body>'
    '<section class="tgme_channel_history js-message_history">'
    '<div class="tgme_widget_message_wrap"><div class="tgme_widget_message" '
    'data-post="FuratPost/101"><div class="tgme_widget_message_text js-message_text" dir="auto">'
    f'{_BODY}<br/>#دير_الزور</div><div class="tgme_widget_message_footer">'
    '<span class="tgme_widget_message_views">1.2K</span>'
    '<a class="tgme_widget_message_date" href="https://t.me/FuratPost/101">'
    '<time datetime="2026-11-20T08:00:00+00:00" class="time">08:00</time></a>'
    "</div></div></div></section></body></html>"
).encode()

SEEDS: list[bytes] = [
    article_html(_TITLE, _BODY, BASE_TIME, tweet=True),
    rss("https://news.example", [("/a/1", _TITLE, _BODY, BASE_TIME)]),
    rss("https://news.example", [("/a/2", _TITLE, _BODY, BASE_TIME + timedelta(hours=1))]).replace(
        b'<rss version="2.0">', b'<feed xmlns="http://www.w3.org/2005/Atom">'
    ),
    _TELEGRAM,
    b'<script type="application/ld+json">{"@type":"NewsArticle","headline":"x",'
    b'"datePublished":"2026-13-45T99:00:00Z","articleBody":null}</script>',
    b"\xef\xbb\xbf<?xml version='1.0' encoding='utf-16'?><rss><channel><item><link>"
    b"javascript:alert(1)</link></item></channel></rss>",
]

# Fragments that stress parsers: entities, unclosed tags, nulls, deep nesting, odd encodings.
_NASTY = [
    b"<", b">", b"&", b"&#x0;", b"&#99999999;", b"\x00", b"\xff\xfe", b"\xc3", b"<![CDATA[",
    b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", b"&a;", b"<div>" * 50, b"</div>" * 50, b"<script>",
    b'<meta charset="utf-7">', b'<meta charset="x-nonsense">', b"<time datetime='-1'>",
    b'data-post="/"', b'data-post="a/b/c/d"', b"<br/>" * 20, "٣٤٥".encode(), "🚀".encode(),
    b"<item>", b"</item>", b"<entry>", b"<link href='http://'>", b"\r\n", b"<?xml ?>",
]  # fmt: skip


@st.composite
def mutated_pages(draw: st.DrawFn) -> bytes:
    page = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        action = draw(st.sampled_from(["cut", "insert", "delete", "flip", "nasty", "dup"]))
        at = draw(st.integers(0, len(page)))
        if action == "cut":
            del page[at:]
        elif action == "insert":
            page[at:at] = draw(st.binary(max_size=40))
        elif action == "delete":
            del page[at : at + draw(st.integers(1, 200))]
        elif action == "flip" and page:
            index = min(at, len(page) - 1)
            page[index] = draw(st.integers(0, 255))
        elif action == "nasty":
            page[at:at] = draw(st.sampled_from(_NASTY))
        elif action == "dup":
            page[at:at] = page[at : at + draw(st.integers(1, 400))]
    return bytes(page)


pages = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(lambda s: s.encode("utf-8", "surrogatepass")),
    mutated_pages(),
)
content_types = st.sampled_from(
    [None, "text/html", "text/html; charset=utf-8", "text/html; charset=bogus", "text/html;;="]
)


def _well_formed(result: ExtractResult) -> None:
    assert isinstance(result, ExtractResult)
    for post in result.posts:
        assert isinstance(post.id, str) and post.id
        assert isinstance(post.text, str)
        post.to_json()  # what would go on the stream must serialise
    for link in result.links:
        assert isinstance(link, str)


EXTRACTORS: dict[str, Callable[[bytes, str | None], ExtractResult]] = {
    "feed": lambda body, ct: extract_feed(body, URL, source="fuzz"),
    "article": lambda body, ct: extract_article(body, URL, source="fuzz", content_type=ct),
    "article-selectors": lambda body, ct: extract_article(
        body, URL, content_type=ct, selectors={"body": "article p", "title": "h1"}
    ),
    "listing": lambda body, ct: extract_listing(body, URL, selector=None),
    "telegram": lambda body, ct: parse_preview_page(body, "https://t.me/s/FuratPost"),
}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=pages, content_type=content_types, which=st.sampled_from(sorted(EXTRACTORS)))
def test_no_exception_escapes_any_extractor(
    body: bytes, content_type: str | None, which: str
) -> None:
    _well_formed(EXTRACTORS[which](body, content_type))


@settings(max_examples=60, deadline=None)
@given(body=pages, status=st.sampled_from([200, 302, 404, 410, 500]))
def test_classifying_a_telegram_page_never_raises(body: bytes, status: int) -> None:
    kind, reason = classify_channel_page(body, "https://t.me/s/FuratPost", status)
    assert isinstance(kind, str) and isinstance(reason, str)


def test_the_seeds_themselves_extract() -> None:
    # Guards the fuzzing: mutations of pages that never parsed would test little.
    assert extract_article(SEEDS[0], URL).posts
    assert extract_feed(SEEDS[1], URL).posts
    assert parse_preview_page(SEEDS[3], "https://t.me/s/FuratPost").posts
