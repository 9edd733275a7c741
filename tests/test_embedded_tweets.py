"""Embedded tweets → their own posts (scraper.extract.embedded_tweets)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from scraper.extract.embedded_tweets import extract_embedded_tweets, find_tweet_links

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
WITH_TWEETS = SHARED / "fixtures" / "articles" / "with-tweets"

STANDARD = (
    '<blockquote class="twitter-tweet" data-lang="en">'
    '<p lang="ar" dir="rtl">قصف على '
    '<a href="https://twitter.com/hashtag/Idlib?src=hash&amp;ref_src=twsrc%5Etfw">#Idlib</a>'
    '<br>الآن <a href="https://t.co/abc">pic.twitter.com/abc</a></p>'
    "&mdash; Syria Civil Defence (@SyriaCivilDef) "
    '<a href="https://twitter.com/SyriaCivilDef/status/1234567890123456789'
    '?ref_src=twsrc%5Etfw">March 3, 2020</a>'
    "</blockquote>"
)


def parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def test_standard_embed() -> None:
    fetched = datetime(2024, 1, 1, tzinfo=UTC)
    [post] = extract_embedded_tweets(parse(STANDARD), source="outlet", fetched_at=fetched)
    assert post.id == "tweet:1234567890123456789"
    assert post.kind == "tweet"
    assert post.url == "https://twitter.com/SyriaCivilDef/status/1234567890123456789"
    assert post.author == "Syria Civil Defence"
    assert post.extra["handle"] == "SyriaCivilDef"
    assert post.text == "قصف على #Idlib\nالآن pic.twitter.com/abc"
    assert post.published_at == datetime(2020, 3, 3, tzinfo=UTC)
    assert post.lang == "ar"
    assert post.source == "outlet" and post.fetched_at == fetched
    # tracking parameters of the embed snippet are dropped from links
    assert post.extra["links"] == ["https://twitter.com/hashtag/Idlib?src=hash", "https://t.co/abc"]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # footer inside a <p>, text in two paragraphs, German date
        (
            '<blockquote class="twitter-tweet"><p>Erster Teil.</p><p>Zweiter Teil.</p>'
            "<p>— Name X (@handle_x) "
            '<a href="https://twitter.com/handle_x/status/42">25. September 2018</a></p>'
            "</blockquote>",
            (
                "tweet:42",
                "handle_x",
                "Name X",
                "Erster Teil.\nZweiter Teil.",
                datetime(2018, 9, 25),
            ),
        ),
        # link-only embed (the widget script fills it in later): id and handle from the URL
        (
            '<blockquote class="twitter-tweet"><a href="https://twitter.com/DOSB/status/7"></a>'
            "</blockquote>",
            ("tweet:7", "DOSB", None, "", None),
        ),
        # x.com permalink, rendered-widget class variant, no date text
        (
            '<div class="twitter-tweet twitter-tweet-rendered"><p>hello</p>— A (@a) '
            '<a href="https://x.com/a/status/99">link</a></div>',
            ("tweet:99", "a", "A", "hello", None),
        ),
        # a quoted tweet link inside the text: the permalink is the last status link
        (
            '<blockquote class="twitter-tweet"><p>see <a href="https://twitter.com/b/status/1">'
            "this</a></p>— C (@c) "
            '<a href="https://twitter.com/c/status/2">May 5, 2022</a></blockquote>',
            ("tweet:2", "c", "C", "see this", datetime(2022, 5, 5)),
        ),
    ],
)
def test_embed_variants(html: str, expected: tuple[object, ...]) -> None:
    [post] = extract_embedded_tweets(parse(html))
    tweet_id, handle, author, text, published = expected
    assert post.id == tweet_id
    assert post.extra["handle"] == handle
    assert post.author == author
    assert post.text == text
    want = published.replace(tzinfo=UTC) if isinstance(published, datetime) else None
    assert post.published_at == want


def test_no_status_link_is_not_a_tweet() -> None:
    html = '<blockquote class="twitter-tweet"><p>text only</p></blockquote>'
    assert extract_embedded_tweets(parse(html)) == []


def test_duplicates_and_nesting_give_one_post_and_removal_empties_the_tree() -> None:
    html = f"<div>{STANDARD}{STANDARD}<p>article text</p></div>"
    tree = parse(html)
    posts = extract_embedded_tweets(tree, remove=True)
    assert [p.id for p in posts] == ["tweet:1234567890123456789"]
    assert tree.css(".twitter-tweet") == []
    assert "article text" in (tree.body.text() if tree.body else "")


def test_embed_parked_in_consent_textarea() -> None:
    # Consent managers keep third-party markup as raw text until the reader agrees.
    escaped = STANDARD.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    html = f'<textarea class="third-party" hidden>{escaped}</textarea>'
    [post] = extract_embedded_tweets(parse(html))
    assert post.id == "tweet:1234567890123456789"


@pytest.mark.parametrize(
    ("urls", "expected"),
    [
        (["https://twitter.com/a_b/status/123"], [("a_b", "123")]),
        (["https://x.com/Foo/status/5?s=20"], [("Foo", "5")]),
        (["https://mobile.twitter.com/bar/status/6/photo/1"], [("bar", "6")]),
        (["http://www.twitter.com/baz/statuses/7"], [("baz", "7")]),
        (["https://twitter.com/i/web/status/8"], [("", "8")]),
        (
            ["https://twitter.com/a/status/9", "https://x.com/a/status/9"],
            [("a", "9")],
        ),
        (
            [
                "https://twitter.com/hashtag/Idlib",
                "https://t.co/abc",
                "https://example.com/x.com/a/status/1",
                "",
            ],
            [],
        ),
    ],
)
def test_find_tweet_links(urls: list[str], expected: list[tuple[str, str]]) -> None:
    assert find_tweet_links(urls) == expected


# Real pages: (file, number of distinct embedded tweets, one id that must be among them)
REAL = [
    ("OnlineMarketing.de-Instagram.html", 2, "tweet:1720405730430226929"),
    ("amnesty.de-waffensysteme.html", 2, "tweet:1223159406038343685"),
    ("basicthinking.de.tweets.html", 12, "tweet:1044502590266978309"),
    ("cubadebate.cu-sesiona.html", 1, "tweet:1518974351739179010"),
    ("diez.hn-vargas.html", 2, "tweet:1519105091772596231"),
    ("elpais.com.ciencia.html", 1, "tweet:1225455484259442691"),
    ("hertha-blog.de.dame.html", 2, "tweet:870271225624485888"),
    ("minuto30-lasierra.html", 1, "tweet:1522349168131334144"),
    ("spox.com-corona-fealle.html", 1, "tweet:1489540934710743047"),
    ("tafelblog.de.europa.html", 1, "tweet:1132698046142320641"),
    ("assabah.com.tn.article.html", 0, None),
]


@pytest.mark.parametrize(("name", "count", "tweet_id"), REAL)
def test_real_pages(name: str, count: int, tweet_id: str | None) -> None:
    path = WITH_TWEETS / name
    if not path.exists():
        pytest.skip(f"{path} is absent: shared fixtures live beside the checkout in ../shared/")
    posts = extract_embedded_tweets(LexborHTMLParser(path.read_bytes()))
    assert len(posts) == count
    if tweet_id:
        assert tweet_id in {p.id for p in posts}
    for post in posts:
        assert post.url.startswith("https://twitter.com/")
        assert post.extra["handle"]


def test_real_page_details() -> None:
    path = WITH_TWEETS / "tafelblog.de.europa.html"
    if not path.exists():
        pytest.skip(f"{path} is absent: shared fixtures live beside the checkout in ../shared/")
    [post] = extract_embedded_tweets(LexborHTMLParser(path.read_bytes()))
    assert post.author == "ZDF heute"
    assert post.extra["handle"] == "ZDFheute"
    assert post.published_at == datetime(2019, 5, 26, tzinfo=UTC)
    assert post.text.startswith("So wählten die unter 30-Jährigen bei der #Europawahl")
