"""Tests for ``scraper.extract.telegram``: real t.me captures from ``../shared/fixtures/telegram``
(another scraper's expected parse mapped onto our Post), hand-made pages for the cases the
captures lack, and a property test that no input makes the parser raise."""

from __future__ import annotations

import ast
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.extract import telegram
from scraper.extract.telegram import (
    PageClass,
    backfill_next,
    classify_channel_page,
    parse_preview_page,
    parse_views,
    tweet_status_id,
    undo_double_escape,
)
from scraper.models import Post, telegram_post_id

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FIXTURES = SHARED / "fixtures" / "telegram"
TCHAN = FIXTURES / "tchan-messages"
ANY2FEED = FIXTURES / "any2feed"
LANDING = FIXTURES / "channel-pages"


def _fixture(path: Path) -> bytes:
    if not path.exists():
        pytest.skip(
            f"{path} is absent: these tests read ../shared/fixtures/telegram beside the repo"
        )
    return path.read_bytes()


# --------------------------------------------------------------------------- tchan snippets
# Each *.expected.txt holds ``expected = ChannelMessage(...)`` in Python syntax. It is read with
# ``ast`` (never executed) into a dict of its keyword arguments.


def _ast_value(node: ast.expr) -> Any:
    if isinstance(node, ast.Call):
        func = ast.unparse(node.func)
        if func == "datetime.datetime":
            args = [ast.literal_eval(a) for a in node.args]
            return datetime(*args).replace(tzinfo=UTC)
        return {kw.arg: _ast_value(kw.value) for kw in node.keywords if kw.arg}
    return ast.literal_eval(node)


def _tchan_expected(name: str) -> Any:
    source = (TCHAN / f"{name}.expected.txt").read_text(encoding="utf-8")
    source = source.split("\nassert", 1)[0]
    assign = ast.parse(source).body[0]
    assert isinstance(assign, ast.Assign)
    return _ast_value(assign.value)


def _tchan_names() -> list[str]:
    if not TCHAN.exists():
        return ["(shared fixtures absent)"]
    return sorted(
        p.name.removesuffix(".expected.txt")
        for p in TCHAN.glob("parse_*.expected.txt")
        if p.name != "parse_no_posts_found.expected.txt"
    )


# tchan's message "type" → our extra["media_types"].
TCHAN_TYPES: dict[str, list[str]] = {
    "text": [],
    "photo": ["photo"],
    "video": ["video"],
    "multimedia": ["photo", "video"],
    "round-video": ["round_video"],
    "audio": ["voice"],
    "document": ["document"],
    "location": ["location"],
    "poll": ["poll"],
    "sticker": ["sticker"],
}


def _squash(text: str | None) -> str:
    # tchan joins text nodes with "\n" and drops blank lines; we keep the page's own breaks.
    # Compared without any whitespace, the two must hold the same characters in the same order.
    return "".join((text or "").split())


@pytest.mark.parametrize("name", _tchan_names())
def test_tchan_snippet_matches_expected_parse(name: str) -> None:
    body = _fixture(TCHAN / f"{name}.html")
    expected = _tchan_expected(name)
    channel = expected["channel"]
    result = parse_preview_page(body, f"https://t.me/s/{channel}")

    if expected["type"] == "service":
        assert result.posts == []
        assert result.skipped["service"] == 1
        assert result.meta["newest_id"] == expected["id"]
        return

    assert len(result.posts) == 1, result.skipped
    post = result.posts[0]
    assert post.id == telegram_post_id(channel, expected["id"])
    assert post.kind == "telegram"
    assert post.url == f"https://t.me/{channel}/{expected['id']}"
    assert post.extra["channel"] == channel.lower()
    assert post.published_at == expected["created_at"]
    assert post.views == expected["views"]
    assert post.author == expected["author"]
    assert post.edited is expected["edited"]
    assert _squash(post.text) == _squash(expected["text"])
    assert post.forwarded_from == expected.get("forwarded_author")
    assert post.extra.get("forwarded_from_url") == expected.get("forwarded_author_url")
    reply_to = expected.get("reply_to_id")
    assert post.extra.get("reply_to") == (reply_to and telegram_post_id(channel, reply_to))
    assert sorted(post.extra.get("media_types", [])) == sorted(TCHAN_TYPES[expected["type"]])

    media, thumbs, links = set(), set(), set()
    for kind, url in expected["urls"]:
        if kind == "photo" and "/img/emoji/" in url:
            continue  # emoji images are text, not media
        if kind == "photo" and expected["type"] == "sticker":
            assert post.extra["sticker"] == url
        elif kind in ("photo", "video", "round-video", "audio"):
            media.add(url)
        elif kind in ("thumbnail-video", "thumbnail-roundvideo"):
            thumbs.add(url)
        elif kind == "link" and expected["type"] == "location":
            assert post.extra["location"]["url"] == url
        elif kind == "link":
            links.add(url)
    assert set(post.media) == media
    assert set(post.extra.get("thumbnails", [])) == thumbs
    assert set(post.extra["links"]) == links

    preview = post.extra.get("link_preview", {})
    for theirs, ours in (
        ("preview_url", "url"),
        ("preview_image_url", "image"),
        ("preview_site_name", "site"),
        ("preview_title", "title"),
        ("preview_description", "description"),
    ):
        assert preview.get(ours) == expected.get(theirs), theirs


# Where tchan's flattened text differs from what the page shows, the exact text we keep.
@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("parse_text_message_multiline", "Bigger\ntext\nmessage\nnumber\n34"),
        (
            "parse_text_message_link_no_preview",
            "This is a message with a link\n\nhttps://brasil.io/",
        ),
        ("parse_text_message_link_with_right_preview", "link with preview https://python.org/"),
        ("parse_photo_multiple", "Multiple pics"),
        ("parse_service_message_channel_video_changed", '+ "Channel video changed"'),
        ("parse_signed_edited_text_message", "Hello! Signed and edited message"),
    ],
)
def test_tchan_text_keeps_line_breaks(name: str, text: str) -> None:
    result = parse_preview_page(_fixture(TCHAN / f"{name}.html"), "https://t.me/s/tchantest")
    assert result.posts[0].text == text


def test_tchan_album_records_every_item() -> None:
    body = _fixture(TCHAN / "parse_multimedia_message.html")
    result = parse_preview_page(body, "https://t.me/s/tchantest")
    [post] = result.posts
    assert post.extra["album_ids"] == [telegram_post_id("tchantest", n) for n in (84, 85, 86, 87)]
    assert len(post.media) == 4
    # The album's last item is the page's newest message: the polling cursor must cover it.
    assert result.meta["newest_id"] == 87
    assert result.meta["oldest_id"] == 84


def test_tchan_location_has_coordinates() -> None:
    body = _fixture(TCHAN / "parse_location_message.html")
    [post] = parse_preview_page(body, "https://t.me/s/tchantest").posts
    assert post.extra["location"]["lat"] == pytest.approx(-23.930587176407)
    assert post.extra["location"]["lon"] == pytest.approx(-44.086305367818)


def test_tchan_no_posts_found_page() -> None:
    body = _fixture(TCHAN / "parse_no_posts_found.html")
    result = parse_preview_page(body, "https://t.me/s/some-channel")
    assert result.posts == []
    assert not result.skipped
    assert classify_channel_page(body, "https://t.me/s/some-channel", 200).kind == "empty"


def test_tchan_channel_header_meta() -> None:
    body = _fixture(TCHAN / "channel_info.html")
    result = parse_preview_page(body, "https://t.me/s/tchantest")
    assert result.meta["channel"] == "tchantest"
    assert result.meta["title"] == "tchan's test channel 👍"


# --------------------------------------------------------------------------- any2feed


def test_full_page() -> None:
    body = _fixture(ANY2FEED / "full.html")
    url = "https://t.me/s/topwar_official?before=71009"
    fetched = datetime(2023, 3, 1, tzinfo=UTC)
    result = parse_preview_page(body, url, source="topwar", fetched_at=fetched)

    assert not result.skipped
    ids = [p.extra["message_id"] for p in result.posts]
    assert ids == [
        70989,
        70990,
        70992,
        70995,
        70996,
        70997,
        70998,
        70999,
        71000,
        71006,
        71007,
        71008,
    ]
    assert result.meta["channel"] == "topwar_official"
    assert result.meta["title"] == "Военное обозрение"
    # The page's own "load older" link, not oldest_id - 1: ids have gaps (70991, 70993...).
    assert result.meta["before"] == "70989"
    assert "after" not in result.meta
    assert result.meta["newest_id"] == 71008
    assert result.meta["oldest_id"] == 70989
    assert result.meta["oldest_published_at"] == datetime(2023, 2, 28, 7, 47, 53, tzinfo=UTC)

    for post in result.posts:
        assert post.source == "topwar"
        assert post.fetched_at == fetched
        assert post.published_at is not None and post.published_at.tzinfo is UTC
        assert post.text
        assert post.views and post.views > 1000
    first = result.posts[0]
    assert first.views == 37_200
    assert first.text.startswith("В Санкт-Петербурге в небо над городом подняли истребители")
    assert [p.forwarded_from for p in result.posts if p.forwarded_from] == [
        "Военкор Ярем",
        "БелВПО",
        "Старше Эдды",
        "Пул N3",
        "ImpNavigator",
    ]
    assert classify_channel_page(body, url, 200) == PageClass("preview", "12 messages")


def _any2feed(name: str, url: str = "https://t.me/s/channel") -> Post:
    body = _fixture(ANY2FEED / name)
    if b"data-post" not in body:
        # Inner fragments (media, link preview, poll) come without their message block.
        body = b'<div class="tgme_widget_message" data-post="channel/1">' + body + b"</div>"
    result = parse_preview_page(body, url)
    assert len(result.posts) == 1, result.skipped
    return result.posts[0]


def test_any2feed_text_keeps_paragraphs() -> None:
    post = _any2feed("message_text.html", "https://t.me/s/topwar_official")
    assert post.text.startswith(
        "Неопознанный летающий объект замечен в 160 – 200 км от Петербурга\n\n"
    )
    assert post.text.count("\n\n") == 2
    assert post.views == 33_400


def test_any2feed_forwarded_from_a_message() -> None:
    post = _any2feed("message_media_forwarded_from.html", "https://t.me/s/oper_goblin")
    assert post.forwarded_from == "Пул N3"
    assert post.extra["forwarded_from_url"] == "https://t.me/dimsmirnov175/44604"
    assert post.extra["forwarded_from_post"] == "telegram:dimsmirnov175/44604"
    assert post.extra["media_types"] == ["photo"]
    assert len(post.media) == 1
    # Pretty-printed source: the newline inside the text is layout, not a line break.
    assert (
        post.text == "Британская разведка выяснила, почему Ким Чен Ын начал выводить дочку в свет"
    )


def test_any2feed_forwarded_from_without_link() -> None:
    post = _any2feed("message_voice.html", "https://t.me/s/oper_goblin")
    assert post.forwarded_from == "Спортивный Екб"
    assert "forwarded_from_url" not in post.extra
    assert post.extra["media_types"] == ["voice"]
    assert post.media[0].startswith("https://cdn4.telegram-cdn.org/file/")


def test_any2feed_signature() -> None:
    post = _any2feed("message_with_from_author.html")
    assert post.author == "🅰️rkadiy Ivanov"
    assert post.text == "test"
    assert post.edited is False


def test_any2feed_link_preview_video_is_not_post_media() -> None:
    post = _any2feed("message_link_preview_video.html", "https://t.me/s/fighter_bomber")
    assert post.edited is True
    assert post.media == []
    assert post.extra["link_preview"]["url"] == "https://t.me/shalnyak/5410"
    assert post.extra["link_preview"]["title"] == "Shalnyak"
    assert post.text == "Жениться вам, барин, пора! 😁\n\nhttps://t.me/shalnyak/5410"


def test_any2feed_album_of_photo_and_video() -> None:
    post = _any2feed("message_media_photo_and_video.html", "https://t.me/s/anna_news")
    assert post.extra["album_ids"] == [
        "telegram:anna_news/46908",
        "telegram:anna_news/46909",
        "telegram:anna_news/46910",
    ]
    assert sorted(post.extra["media_types"]) == ["photo", "video"]
    assert len(post.media) == 3
    assert (
        "https://t.me/s/anna_news?q=%23%D0%91%D0%B5%D0%BB%D0%B3%D0%BE%D1%80%D0%BE%D0%B4"
        in (post.extra["links"])
    )


@pytest.mark.parametrize(
    ("name", "media_types", "n_media", "n_thumbs"),
    [
        ("media_photo.html", ["photo"], 1, 0),
        ("media_video.html", ["video"], 1, 1),
        ("media_video_gif.html", ["video"], 1, 1),
        # Too big to play in the preview: no video URL, the thumbnail is all there is.
        ("media_video_too_big.html", ["video"], 0, 1),
        ("media_cicrle_video.html", ["round_video"], 1, 1),
        ("message_media_round_video.html", ["round_video"], 1, 1),
        ("message_media_file.html", ["document"], 0, 0),
        ("message_poll.html", ["poll"], 0, 0),
        ("poll.html", ["poll"], 0, 0),
        ("message_sticker.html", ["sticker"], 0, 0),
        ("link_preview.html", [], 0, 0),
        ("link_preview_video.html", [], 0, 0),
    ],
)
def test_any2feed_media(name: str, media_types: list[str], n_media: int, n_thumbs: int) -> None:
    post = _any2feed(name)
    assert post.extra.get("media_types", []) == media_types
    assert len(post.media) == n_media
    assert len(post.extra.get("thumbnails", [])) == n_thumbs


def test_any2feed_document_poll_sticker_details() -> None:
    doc = _any2feed("message_media_file.html", "https://t.me/s/oper_goblin")
    assert doc.extra["document"] == {"title": "Оппозиционные медиапроекты.pdf", "extra": "2.1 MB"}
    poll = _any2feed("message_poll.html")
    assert poll.extra["poll"]["question"] == "Как лучше?"
    assert len(poll.extra["poll"]["options"]) == 3
    sticker = _any2feed("message_sticker.html")
    assert sticker.extra["sticker"].startswith("https://cdn4.telegram-cdn.org/file/sticker.tgs")


def test_any2feed_link_preview_fields() -> None:
    post = _any2feed("message_link_preview.html", "https://t.me/s/oper_goblin")
    preview = post.extra["link_preview"]
    assert set(preview) == {"url", "site", "title", "description", "image"}
    assert preview["site"] == "Ваши новости — интернет-газета"
    assert preview["title"] == "Георгий Зотов: ОККУПАЦИЯ ВОЛОСАТЫМ КРАБОМ"


# --------------------------------------------------------------------------- landing pages


@pytest.mark.parametrize(
    ("name", "final_url", "kind", "reason_has"),
    [
        ("channel-page.html", "https://t.me/alyatrend", "no_preview", "a channel"),
        ("group-page.html", "https://t.me/besplatnowb", "no_preview", "a group"),
        ("deleted-page.html", "https://t.me/tastyhouse95", "not_found", "no such username"),
    ],
)
def test_classify_landing_pages(name: str, final_url: str, kind: str, reason_has: str) -> None:
    verdict = classify_channel_page(_fixture(LANDING / name), final_url, 200)
    assert verdict.kind == kind
    assert reason_has in verdict.reason
    # A landing page yields no posts, and says so without error.
    result = parse_preview_page(_fixture(LANDING / name), final_url)
    assert result.posts == []
    assert not result.skipped


def test_classify_redirect_reason() -> None:
    body = _fixture(LANDING / "group-page.html")
    assert "redirected" in classify_channel_page(body, "https://t.me/besplatnowb", 200).reason
    assert "redirected" not in classify_channel_page(body, "https://t.me/s/besplatnowb", 200).reason


@pytest.mark.parametrize(
    ("body", "status", "kind"),
    [
        (b"", 200, "unknown"),
        (b"<html><body>Too many requests</body></html>", 200, "unknown"),
        (b"\x00\xff\xfe\x89PNG", 200, "unknown"),
        (b"whatever", 404, "not_found"),
        (b"whatever", 410, "not_found"),
        (b"whatever", 500, "unknown"),
        (b'<section class="tgme_channel_history js-message_history"></section>', 200, "empty"),
        (b'<div class="tgme_widget_message" data-post="c/1"></div>', 200, "preview"),
    ],
)
def test_classify_edge_cases(body: bytes, status: int, kind: str) -> None:
    assert classify_channel_page(body, "https://t.me/s/chan", status).kind == kind


# --------------------------------------------------------------------------- hand-made pages


def _message(
    inner: str,
    post: str = "strikes/100",
    *,
    classes: str = "",
    meta: str = "",
    views: str = "1.5K",
    when: str = "2024-05-01T10:00:00+00:00",
) -> str:
    return f"""
<div class="tgme_widget_message_wrap js-widget_message_wrap">
<div class="tgme_widget_message text_not_supported_wrap {classes} js-widget_message"
 data-post="{post}">
<div class="tgme_widget_message_bubble">
{inner}
<div class="tgme_widget_message_footer compact js-message_footer">
<div class="tgme_widget_message_info short js-message_info">
<span class="tgme_widget_message_views">{views}</span><span class="copyonly"> views</span><span
class="tgme_widget_message_meta">{meta}<a class="tgme_widget_message_date"
href="https://t.me/{post}"><time datetime="{when}" class="time">10:00</time></a></span>
</div></div></div></div></div>"""


def _text(html: str) -> str:
    return f'<div class="tgme_widget_message_text js-message_text" dir="auto">{html}</div>'


def _page(*messages: str, before: str | None = "99", after: str | None = None) -> bytes:
    more = ""
    if before:
        more += (
            '<div class="tgme_widget_message_centered js-messages_more_wrap">'
            f'<a href="/s/strikes?before={before}" class="tme_messages_more js-messages_more" '
            f'data-before="{before}"></a></div>'
        )
    tail = ""
    if after:
        tail = (
            '<div class="tgme_widget_message_centered js-messages_more_wrap">'
            f'<a href="/s/strikes?after={after}" class="tme_messages_more js-messages_more" '
            f'data-after="{after}"></a></div>'
        )
    return f"""<!DOCTYPE html><html><head><title>Strikes – Telegram</title>
<meta property="og:title" content="Strikes"></head><body>
<main class="tgme_main"><section class="tgme_channel_history js-message_history">
{more}{"".join(messages)}{tail}</section></main></body></html>""".encode()


def _one(*messages: str, url: str = "https://t.me/s/strikes") -> Post:
    result = parse_preview_page(_page(*messages), url)
    assert len(result.posts) == 1, result.skipped
    return result.posts[0]


def test_double_escaped_hrefs_are_undone() -> None:
    # What the preview sends since 2024: the & of the query escaped twice in the attribute.
    inner = _text(
        'Report <a href="https://news.example/a?id=1&amp;amp;lang=ar" target="_blank">here</a>'
        ' and <a href="https://twitter.com/Ops/status/1790000000000000001?s=20&amp;amp;t=x">tw</a>'
    )
    post = _one(_message(inner))
    assert post.extra["links"] == [
        "https://news.example/a?id=1&lang=ar",
        "https://twitter.com/Ops/status/1790000000000000001?s=20&t=x",
    ]
    assert post.extra["tweet_links"] == ["1790000000000000001"]
    assert post.text == "Report here and tw"


def test_singly_escaped_hrefs_still_work() -> None:
    inner = _text('<a href="https://news.example/a?id=1&amp;lang=ar">x</a>')
    assert _one(_message(inner)).extra["links"] == ["https://news.example/a?id=1&lang=ar"]


@pytest.mark.parametrize(
    ("meta", "edited"),
    [
        ("edited &nbsp;", True),
        ('<span class="tgme_widget_message_from_author">Ops room</span>,&nbsp;edited &nbsp;', True),
        ('<span class="tgme_widget_message_from_author">Ops room</span>,&nbsp;', False),
        # A signature that reads "edited" is a name, not the flag.
        ('<span class="tgme_widget_message_from_author">edited</span>,&nbsp;', False),
        ("", False),
    ],
)
def test_edited_flag_is_a_plain_word_in_the_meta_line(meta: str, edited: bool) -> None:
    post = _one(_message(_text("Strike on the depot"), meta=meta))
    assert post.edited is edited


def test_text_message_saying_edited_is_not_edited() -> None:
    assert _one(_message(_text("This message was edited by the army"))).edited is False


def test_album_is_one_post() -> None:
    def item(n: int, photo: str) -> str:
        return (
            '<a class="tgme_widget_message_photo_wrap grouped_media_wrap blured js-message_photo" '
            f"style=\"left:0px;background-image:url('https://cdn.example/{photo}.jpg')\" "
            f'href="https://t.me/strikes/{n}?single"></a>'
        )

    inner = (
        '<div class="tgme_widget_message_grouped_wrap js-message_grouped_wrap">'
        '<div class="tgme_widget_message_grouped js-message_grouped">'
        '<div class="tgme_widget_message_grouped_layer js-message_grouped_layer">'
        + item(200, "a")
        + item(201, "b")
        + item(202, "c")
        + "</div></div></div>"
        + _text("Three photos of the impact site")
    )
    result = parse_preview_page(_page(_message(inner, "strikes/200")), "https://t.me/s/strikes")
    [post] = result.posts
    assert post.id == "telegram:strikes/200"
    assert post.extra["album_ids"] == [f"telegram:strikes/{n}" for n in (200, 201, 202)]
    assert post.media == [f"https://cdn.example/{x}.jpg" for x in "abc"]
    assert result.meta["newest_id"] == 202


def test_service_messages_are_skipped_but_a_post_saying_so_is_kept() -> None:
    service = _message(
        '<a class="tgme_widget_message_service_photo" href="https://t.me/strikes/1">'
        '<img src="https://cdn.example/p.jpg"></a>' + _text("Channel photo updated"),
        "strikes/1",
        classes="service_message service_message_photo",
        views="",
    )
    pinned = _message(
        _text('Strikes pinned «<span class="tgme_widget_service_strong_text">Map</span>»'),
        "strikes/2",
        classes="service_message",
        views="",
    )
    text_post = _message(_text("Channel photo updated"), "strikes/3")
    result = parse_preview_page(_page(service, pinned, text_post), "https://t.me/s/strikes")
    assert [p.id for p in result.posts] == ["telegram:strikes/3"]
    assert result.posts[0].text == "Channel photo updated"
    assert result.skipped == {"service": 2}
    # Skipped service messages still move the page's id range.
    assert (result.meta["oldest_id"], result.meta["newest_id"]) == (1, 3)


@pytest.mark.parametrize(
    ("href", "status"),
    [
        ("https://twitter.com/SANA_English/status/1790000000000000001", "1790000000000000001"),
        ("https://x.com/IraqiSecurity/status/1790000000000000002?s=46", "1790000000000000002"),
        ("https://mobile.twitter.com/user_1/status/123456789", "123456789"),
        ("https://www.x.com/user/statuses/42", "42"),
        ("https://twitter.com/i/web/status/77", "77"),
        ("https://fxtwitter.com/user/status/88/photo/1", "88"),
        ("https://x.com/user", None),
        ("https://twitter.com/user/likes", None),
        ("https://notx.com/user/status/1", None),
        ("https://example.com/x.com/user/status/1", None),
    ],
)
def test_tweet_links(href: str, status: str | None) -> None:
    assert tweet_status_id(href) == status
    post = _one(_message(_text(f'See <a href="{href}">this</a>')))
    assert post.extra["tweet_links"] == ([status] if status else [])


def test_tweet_link_in_link_preview_only() -> None:
    inner = (
        _text("Video of the strike")
        + '<a class="tgme_widget_message_link_preview" href="https://x.com/u/status/555">'
        '<div class="link_preview_site_name">X (formerly Twitter)</div></a>'
    )
    post = _one(_message(inner))
    assert post.extra["tweet_links"] == ["555"]
    assert post.extra["link_preview"] == {
        "url": "https://x.com/u/status/555",
        "site": "X (formerly Twitter)",
    }


def test_line_breaks_links_and_arabic() -> None:
    inner = _text(
        "عاجل: غارة جوية على <b>دير الزور</b><br/>"
        '<a href="?q=%23%D8%B3%D9%88%D8%B1%D9%8A%D8%A7">#سوريا</a><br/><br/>'
        "<blockquote>quoted line</blockquote>after the quote"
    )
    post = _one(_message(inner, "DeirEzzor24/5000"), url="https://t.me/s/DeirEzzor24")
    assert post.text == "عاجل: غارة جوية على دير الزور\n#سوريا\n\nquoted line\nafter the quote"
    assert post.extra["links"] == ["https://t.me/s/DeirEzzor24?q=%23%D8%B3%D9%88%D8%B1%D9%8A%D8%A7"]
    assert post.id == "telegram:deirezzor24/5000"
    assert post.url == "https://t.me/DeirEzzor24/5000"
    assert post.extra["channel"] == "deirezzor24"


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<blockquote><blockquote>inner</blockquote></blockquote>after", "inner\nafter"),
        ("<b><i><blockquote>q</blockquote></i></b>tail", "q\ntail"),
        ("before<pre>line 1\nline 2</pre>after", "before\nline 1\nline 2\nafter"),
        ("a<br><br><br>b", "a\n\n\nb"),
        ("x\n      y", "x y"),  # a newline in the HTML source is layout, not a break
    ],
)
def test_text_blocks_and_breaks(html: str, text: str) -> None:
    assert _one(_message(_text(html))).text == text


def test_deeply_nested_text_stays_linear() -> None:
    html = "<div>" * 3000 + "deep" + "</div>" * 3000 + "<blockquote>q</blockquote>" * 2000
    post = _one(_message(_text(html)))
    assert post.text.startswith("deep\nq\nq")


def test_reply_and_times_in_other_zones_become_utc() -> None:
    inner = (
        '<a class="tgme_widget_message_reply" href="https://t.me/strikes/90">'
        '<i class="tgme_widget_message_reply_thumb" '
        "style=\"background-image:url('https://cdn.example/thumb.jpg')\"></i>"
        '<div class="tgme_widget_message_metatext">Photo</div></a>' + _text("Update")
    )
    post = _one(_message(inner, when="2024-05-01T13:00:00+03:00"))
    assert post.extra["reply_to"] == "telegram:strikes/90"
    assert post.published_at == datetime(2024, 5, 1, 10, 0, tzinfo=UTC)
    assert post.media == []  # the reply thumbnail belongs to the replied message


def test_page_meta_cursors() -> None:
    page = _page(
        _message(_text("a"), "Strikes/100"),
        _message(_text("b"), "Strikes/105"),
        before="100",
        after="105",
    )
    result = parse_preview_page(page, "https://t.me/s/Strikes?before=106")
    assert result.meta["before"] == "100"
    assert result.meta["after"] == "105"
    assert result.meta["channel"] == "strikes"
    assert result.meta["title"] == "Strikes"
    assert (result.meta["oldest_id"], result.meta["newest_id"]) == (100, 105)


def test_page_meta_cursor_from_link_rel() -> None:
    page = (
        b'<html><head><link rel="prev" href="/s/strikes?before=70">'
        b'<link rel="next" href="/s/strikes?after=80"></head><body>'
        + _message(_text("x"), "strikes/75").encode()
        + b"</body></html>"
    )
    result = parse_preview_page(page, "https://t.me/s/strikes")
    assert (result.meta["before"], result.meta["after"]) == ("70", "80")


def test_blocks_without_id_or_with_garbage_are_counted() -> None:
    page = _page(
        _message(_text("no id"), ""),
        _message(_text("bad id"), "strikes/abc"),
        _message(_text("bad time"), "strikes/7", when="yesterday"),
        _message(_text("fine"), "strikes/8", views="lots"),
    )
    result = parse_preview_page(page, "https://t.me/s/strikes")
    assert result.skipped == {"no_id": 2}
    assert [p.id for p in result.posts] == ["telegram:strikes/7", "telegram:strikes/8"]
    assert result.posts[0].published_at is None
    assert result.posts[1].views is None


def test_truncated_page_gives_what_parsed() -> None:
    body = _fixture(ANY2FEED / "full.html")
    cut = body[: len(body) // 2]
    result = parse_preview_page(cut, "https://t.me/s/topwar_official")
    assert 3 <= len(result.posts) < 12
    assert all(p.id.startswith("telegram:topwar_official/") for p in result.posts)


# --------------------------------------------------------------------------- small helpers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3.1K", 3_100),
        ("1.2M", 1_200_000),
        ("3.1M", 3_100_000),
        ("436.6K", 436_600),
        ("69.4K", 69_400),
        ("17", 17),
        (" 746 ", 746),
        ("1.5k", 1_500),
        ("2B", 2_000_000_000),
        ("1,234", 1_234),
        ("1,2K", 1_200),
        ("12 345", 12_345),
        ("", None),
        (None, None),
        ("K", None),
        ("abc", None),
        ("-5", None),
        ("1.2.3K", None),
        ("1e5", None),
        ("NaN", None),
        # int() refuses strings past 4300 digits: these must give None, not raise.
        ("9" * 5000, None),
        ("9" * 5000 + "K", None),
        ("1." + "9" * 5000 + "K", None),
    ],
)
def test_parse_views(text: str | None, value: int | None) -> None:
    assert parse_views(text) == value


@pytest.mark.parametrize(
    ("href", "clean"),
    [
        ("a?x=1&amp;y=2", "a?x=1&y=2"),
        ("a?x=1&amp;amp;y=2", "a?x=1&y=2"),
        ("a?x=1&y=2", "a?x=1&y=2"),
        ("a?x=1&copy=2", "a?x=1&copy=2"),
    ],
)
def test_undo_double_escape(href: str, clean: str) -> None:
    assert undo_double_escape(href) == clean


# --------------------------------------------------------------------------- backfill

SINCE = datetime(2024, 5, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("meta", "oldest_seen", "current", "expected"),
    [
        ({"before": "500"}, SINCE + timedelta(hours=1), None, "500"),
        ({"before": "500"}, SINCE + timedelta(hours=1), "520", "500"),
        # Reached the date: stop, even though the page offers older messages.
        ({"before": "500"}, SINCE, None, None),
        ({"before": "500"}, SINCE - timedelta(days=1), "520", None),
        # No "load older" link: the start of the channel.
        ({}, SINCE + timedelta(hours=1), "520", None),
        ({"before": ""}, SINCE + timedelta(hours=1), None, None),
        ({"before": "abc"}, SINCE + timedelta(hours=1), None, None),
        # Loop guard: the link does not move back.
        ({"before": "520"}, SINCE + timedelta(hours=1), "520", None),
        ({"before": "530"}, SINCE + timedelta(hours=1), "520", None),
        # An empty page (no times) still follows a link that moves.
        ({"before": "480"}, None, "520", "480"),
        # oldest_seen None: the meta's own oldest time is used.
        ({"before": "480", "oldest_published_at": SINCE - timedelta(hours=1)}, None, "520", None),
        # Naive times are UTC.
        ({"before": "480"}, datetime(2024, 5, 2), "520", "480"),
    ],
)
def test_backfill_next(
    meta: dict[str, object], oldest_seen: datetime | None, current: str | None, expected: str | None
) -> None:
    assert backfill_next(meta, SINCE, oldest_seen, current=current) == expected


def test_backfill_next_naive_since() -> None:
    assert backfill_next({"before": "5"}, datetime(2024, 5, 1), SINCE + timedelta(1)) == "5"


def test_backfill_walks_a_channel_with_gaps_to_the_date() -> None:
    # A channel of 300 messages, one an hour, with every 7th deleted; the fake server pages
    # like t.me: 20 messages older than ``before`` and a "load older" link to the oldest shown.
    start = datetime(2024, 4, 20, tzinfo=UTC)
    alive = [n for n in range(1, 301) if n % 7]

    def serve(before: str | None) -> bytes:
        older = [n for n in alive if before is None or n < int(before)][-20:]
        msgs = [
            _message(_text(f"m{n}"), f"strikes/{n}", when=(start + timedelta(hours=n)).isoformat())
            for n in older
        ]
        return _page(*msgs, before=str(older[0]) if older and older[0] > alive[0] else None)

    since = start + timedelta(hours=100)
    seen: list[int] = []
    before: str | None = None
    for _ in range(50):  # a bound, so a bug fails the test instead of hanging it
        result = parse_preview_page(serve(before), "https://t.me/s/strikes")
        seen += [p.extra["message_id"] for p in result.posts]
        next_before = backfill_next(result.meta, since, None, current=before)
        if next_before is None:
            break
        before = next_before
    else:
        pytest.fail("backfill did not stop")
    assert set(seen) >= {n for n in alive if n >= 100}
    assert len(seen) == len(set(seen))  # no page fetched twice


# --------------------------------------------------------------------------- never raises


def _seeds() -> list[bytes]:
    seeds = [_page(_message(_text("seed <br/> text"), "strikes/1"))]
    for path in (ANY2FEED / "message_media_photo_and_video.html", TCHAN / "parse_poll.html"):
        if path.exists():
            seeds.append(path.read_bytes())
    return seeds


@st.composite
def _mutated(draw: st.DrawFn) -> bytes:
    seed = draw(st.sampled_from(_seeds()))
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(seed)))
        op = draw(st.sampled_from(["cut", "insert", "truncate"]))
        if op == "cut":
            seed = seed[:at] + seed[at + draw(st.integers(1, 200)) :]
        elif op == "insert":
            seed = seed[:at] + draw(st.binary(max_size=40)) + seed[at:]
        else:
            seed = seed[:at]
    return seed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.one_of(st.binary(max_size=2000), _mutated()), status=st.integers(100, 599))
def test_never_raises(body: bytes, status: int) -> None:
    result = parse_preview_page(body, "https://t.me/s/strikes")
    for post in result.posts:
        post.to_json()  # whatever parsed is also publishable
    verdict = classify_channel_page(body, "https://t.me/s/strikes", status)
    assert verdict.kind in ("preview", "no_preview", "not_found", "empty", "unknown")
    backfill_next(result.meta, SINCE, None)


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=300))
def test_never_raises_on_text_input(text: str) -> None:
    parse_preview_page(text.encode("utf-8", "surrogatepass"), text[:50])
    classify_channel_page(text.encode("utf-8", "surrogatepass"), text[:50], 200)


def test_public_surface() -> None:
    assert set(telegram.__all__) == {
        "PAGE_META",
        "PERMALINK_BASE",
        "PageClass",
        "PageKind",
        "backfill_next",
        "classify_channel_page",
        "parse_preview_page",
        "parse_views",
        "tweet_status_id",
        "undo_double_escape",
    }
