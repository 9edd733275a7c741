"""Pure tweet parsers: the syndication token rule, tweet-result JSON and oEmbed answers."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.extract.tweet_json import (
    TweetData,
    TweetParseError,
    js_number_to_string,
    parse_oembed,
    parse_syndication,
    reconcile_time,
    snowflake_time,
    syndication_token,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
OEMBED = SHARED / "fixtures" / "tweets" / "oembed"


def _oembed_fixture(name: str) -> bytes:
    path = OEMBED / name
    if not path.exists():
        pytest.skip(f"{path} is absent: shared fixtures live beside the checkout in ../shared/")
    return path.read_bytes()


# the token rule ----------------------------------------------------------------------------

# Values printed by node 20: ((Number(id) / 1e15) * Math.PI).toString(36).replace(/(0+|\.)/g, '')
TOKENS = [
    ("1", "bhi2ay3f28n"),
    ("20", "6dq1a2xwd93"),
    ("999", "8uqo9xs4uzm"),
    ("1000000000000000", "353i5ab8p5f"),
    ("463440424141459456", "14fxvks611f"),
    ("1679189879086018562", "42jbwfx3dv3"),
    ("1762553251893764560", "49t82r64so"),
    ("1861234567890123456", "4if8o4v9nro"),
]


@pytest.mark.parametrize(("status_id", "token"), TOKENS)
def test_syndication_token_matches_react_tweets_rule(status_id: str, token: str) -> None:
    assert syndication_token(status_id) == token
    assert syndication_token(int(status_id)) == token


# Number.prototype.toString(radix) as node 20 prints it: fraction digits, rounding, carry.
RADIX_CASES: list[tuple[float, int, str]] = [
    (1.5, 36, "1.i"),
    (0.1, 36, "0.3lllllllllm"),
    (0.1, 2, "0.0001100110011001100110011001100110011001100110011001101"),
    (0.1, 16, "0.1999999999999a"),
    (123.456, 36, "3f.gez4w97ry"),
    (255.5, 16, "ff.8"),
    (1 / 3, 36, "0.c"),
    (1 / 3, 16, "0.55555555555554"),
    (-7.25, 2, "-111.01"),
    (4.35e-10, 36, "0.000000y36kx66470s"),
    (float(2**60), 36, "8rc4kbdvss00"),
    (1e21, 16, "3635c9adc5dea00000"),
    (0.0, 36, "0"),
]


@pytest.mark.parametrize(("value", "radix", "expected"), RADIX_CASES)
def test_js_number_to_string_prints_like_v8(value: float, radix: int, expected: str) -> None:
    assert js_number_to_string(value, radix) == expected


def test_token_agrees_with_node_on_random_ids(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the fixed table above still pins the rule")
    import random

    rng = random.Random(5)
    ids = [str(rng.randrange(1, 10 ** rng.randrange(1, 20))) for _ in range(300)]
    ids += [str(rng.randrange(10**17, 2 * 10**18)) for _ in range(700)]
    script = (
        "const ids = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(ids.map(id => "
        "((Number(id) / 1e15) * Math.PI).toString(36).replace(/(0+|\\.)/g, ''))));"
    )
    done = subprocess.run(
        [node, "-e", script], input=json.dumps(ids), capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    expected = json.loads(done.stdout)
    assert [syndication_token(i) for i in ids] == expected


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=-1e30, max_value=1e30, allow_nan=False), st.integers(2, 36))
def test_js_number_to_string_reads_back_to_the_same_double(value: float, radix: int) -> None:
    text = js_number_to_string(value, radix)
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("-").partition(".")
    number = float(int(whole, radix))
    scale = 1.0
    for digit in fraction:
        scale /= radix
        number += int(digit, radix) * scale
    number = -number if negative else number
    # Shortest-ish digits: reading them back lands on (or right beside) the same double.
    assert number == pytest.approx(value, rel=1e-12, abs=1e-300)


# snowflake time ----------------------------------------------------------------------------


def test_snowflake_time_of_real_ids() -> None:
    assert snowflake_time("1679189879086018562") == datetime(
        2023, 7, 12, 18, 3, 59, 670000, tzinfo=UTC
    )
    assert snowflake_time("20") is None  # pre-snowflake ids carry no time
    assert snowflake_time("not-a-number") is None


def test_reconcile_time_keeps_the_words_when_the_id_disagrees() -> None:
    stated = datetime(2023, 7, 12, tzinfo=UTC)
    assert reconcile_time("1679189879086018562", stated) == (
        snowflake_time("1679189879086018562"),
        True,
    )
    far = datetime(2019, 1, 1, tzinfo=UTC)
    assert reconcile_time("1679189879086018562", far) == (far, False)
    assert reconcile_time("20", stated) == (stated, False)


# syndication -------------------------------------------------------------------------------


def tweet_result(**overrides: Any) -> dict[str, Any]:
    """A tweet-result answer written from react-tweet's documented types (Tweet, entities...)."""
    data: dict[str, Any] = {
        "__typename": "Tweet",
        "lang": "en",
        "favorite_count": 1520,
        "conversation_count": 87,
        "news_action_type": "conversation",
        "possibly_sensitive": False,
        "created_at": "2024-02-27T18:30:05.000Z",
        "display_text_range": [9, 120],
        "entities": {
            "hashtags": [{"indices": [60, 67], "text": "Syria"}],
            "urls": [
                {
                    "display_url": "centcom.mil/MEDIA/PRESS-R…",
                    "expanded_url": "https://www.centcom.mil/MEDIA/PRESS-RELEASES/strike-1/",
                    "indices": [84, 107],
                    "url": "https://t.co/AbCdEf1234",
                },
                {
                    "display_url": "twitter.com/DeirEzzore24/s…",
                    "expanded_url": "https://twitter.com/DeirEzzore24/status/1762500000000000000",
                    "indices": [108, 131],
                    "url": "https://t.co/QqQqQq5678",
                },
            ],
            "user_mentions": [
                {
                    "id_str": "36085298",
                    "indices": [0, 8],
                    "name": "U.S. Central Command",
                    "screen_name": "CENTCOM",
                }
            ],
            "symbols": [],
            "media": [
                {
                    "display_url": "pic.twitter.com/MeDiA00001",
                    "expanded_url": "https://twitter.com/OIRSpox/status/1762553251893764560/photo/1",
                    "indices": [132, 155],
                    "url": "https://t.co/MeDiA00001",
                }
            ],
        },
        "id_str": "1762553251893764560",
        "text": (
            "@CENTCOM Strikes on a weapons depot &amp; HQ near Al-Bukamal, #Syria, killed 6.\n"
            "Details: https://t.co/AbCdEf1234 https://t.co/QqQqQq5678 https://t.co/MeDiA00001"
        ),
        "user": {
            "id_str": "1196143497537449986",
            "name": "OIR Spokesperson",
            "profile_image_url_https": "https://pbs.twimg.com/profile_images/1/a_normal.jpg",
            "profile_image_shape": "Circle",
            "screen_name": "OIRSpox",
            "verified": False,
            "is_blue_verified": False,
        },
        "edit_control": {
            "edit_tweet_ids": ["1762553251893764560"],
            "editable_until_msecs": "1709062205000",
            "is_edit_eligible": True,
            "edits_remaining": "5",
        },
        "mediaDetails": [
            {
                "display_url": "pic.twitter.com/MeDiA00001",
                "expanded_url": "https://twitter.com/OIRSpox/status/1762553251893764560/photo/1",
                "indices": [132, 155],
                "media_url_https": "https://pbs.twimg.com/media/GHabc1.jpg",
                "type": "photo",
                "url": "https://t.co/MeDiA00001",
            },
            {
                "display_url": "pic.twitter.com/MeDiA00001",
                "expanded_url": "https://twitter.com/OIRSpox/status/1762553251893764560/video/1",
                "indices": [132, 155],
                "media_url_https": "https://pbs.twimg.com/ext_tw_video_thumb/1/pu/img/a.jpg",
                "type": "video",
                "url": "https://t.co/MeDiA00001",
                "video_info": {
                    "aspect_ratio": [16, 9],
                    "variants": [
                        {
                            "bitrate": 832000,
                            "content_type": "video/mp4",
                            "url": "https://video.twimg.com/v/640x360/low.mp4",
                        },
                        {
                            "content_type": "application/x-mpegURL",
                            "url": "https://video.twimg.com/v/pl/list.m3u8",
                        },
                        {
                            "bitrate": 2176000,
                            "content_type": "video/mp4",
                            "url": "https://video.twimg.com/v/1280x720/high.mp4",
                        },
                    ],
                },
            },
        ],
        "quoted_tweet": {
            "lang": "ar",
            "created_at": "2024-02-27T17:00:00.000Z",
            "id_str": "1762500000000000000",
            "text": "غارات على البوكمال",
            "user": {"name": "Deir Ezzor 24", "screen_name": "DeirEzzore24"},
            "reply_count": 3,
            "retweet_count": 40,
            "favorite_count": 90,
            "self_thread": {"id_str": "1762500000000000000"},
        },
        "in_reply_to_screen_name": "CENTCOM",
        "in_reply_to_status_id_str": "1762550000000000000",
        "isEdited": False,
        "isStaleEdit": False,
    }
    data.update(overrides)
    return data


def _body(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()


def test_syndication_full_tweet() -> None:
    data = parse_syndication(_body(tweet_result()), "1762553251893764560")
    assert data.ok and data.via == "syndication"
    assert data.text == (
        "Strikes on a weapons depot & HQ near Al-Bukamal, #Syria, killed 6.\n"
        "Details: https://www.centcom.mil/MEDIA/PRESS-RELEASES/strike-1/ "
        "https://twitter.com/DeirEzzore24/status/1762500000000000000"
    )
    assert "t.co" not in data.text
    assert data.published_at == datetime(2024, 2, 27, 18, 30, 5, tzinfo=UTC)
    assert data.exact_time
    assert (data.author, data.handle, data.lang) == ("OIR Spokesperson", "OIRSpox", "en")
    assert data.media == [
        "https://pbs.twimg.com/media/GHabc1.jpg",
        "https://video.twimg.com/v/1280x720/high.mp4",
    ]
    assert data.links == [
        "https://www.centcom.mil/MEDIA/PRESS-RELEASES/strike-1/",
        "https://twitter.com/DeirEzzore24/status/1762500000000000000",
    ]
    assert data.quoted == "1762500000000000000"
    assert data.reply_to == "1762550000000000000"
    assert data.counts == {"favorite_count": 1520, "conversation_count": 87}


def test_syndication_simplified_photos_and_video_objects() -> None:
    raw = tweet_result(
        mediaDetails=None,
        photos=[{"url": "https://pbs.twimg.com/media/P1.jpg", "width": 10, "height": 10}],
        video={
            "poster": "https://pbs.twimg.com/poster.jpg",
            "variants": [
                {"type": "application/x-mpegURL", "src": "https://video.twimg.com/a.m3u8"},
                {"type": "video/mp4", "src": "https://video.twimg.com/small.mp4"},
                {"type": "video/mp4", "src": "https://video.twimg.com/large.mp4"},
            ],
            "viewCount": 4200,
        },
    )
    data = parse_syndication(_body(raw), "1762553251893764560")
    assert data.media == ["https://pbs.twimg.com/media/P1.jpg", "https://video.twimg.com/large.mp4"]
    assert data.counts["view_count"] == 4200


def test_syndication_old_time_format_pseudo_language_and_edited_id() -> None:
    raw = tweet_result(
        created_at="Tue Feb 27 18:30:05 +0000 2024",
        lang="qme",
        id_str="1762553251893764999",
        edit_control={"edit_tweet_ids": ["1762553251893764560", "1762553251893764999"]},
    )
    data = parse_syndication(_body(raw), "1762553251893764560")
    assert data.published_at == datetime(2024, 2, 27, 18, 30, 5, tzinfo=UTC)
    assert data.lang is None


def test_syndication_without_created_at_takes_the_snowflake_time() -> None:
    raw = tweet_result(created_at=None)
    data = parse_syndication(_body(raw), "1762553251893764560")
    assert data.published_at == snowflake_time("1762553251893764560") and data.exact_time


def test_syndication_does_not_expand_a_longer_link_by_its_prefix() -> None:
    raw = tweet_result(
        text="see https://t.co/Ab and https://t.co/AbX",
        display_text_range=[0, 40],
        entities={"urls": [{"url": "https://t.co/Ab", "expanded_url": "https://a.example/"}]},
        mediaDetails=[],
    )
    data = parse_syndication(_body(raw), "1762553251893764560")
    assert data.text == "see https://a.example/ and https://t.co/AbX"


@pytest.mark.parametrize(
    ("raw", "status", "reason"),
    [
        (
            {
                "__typename": "TweetTombstone",
                "tombstone": {"text": {"text": "This Post was deleted by the Post author."}},
            },
            "tombstone",
            "This Post was deleted by the Post author.",
        ),
        ({"__typename": "TweetUnavailable", "reason": "Protected"}, "tombstone", "Protected"),
        ({}, "not_found", "empty result"),
    ],
)
def test_syndication_tombstones_and_empty_answers(
    raw: dict[str, Any], status: str, reason: str
) -> None:
    data = parse_syndication(_body(raw), "1762553251893764560")
    assert (data.status, data.reason, data.text) == (status, reason, "")
    assert parse_syndication(b"  ", "1").status == "not_found"


@pytest.mark.parametrize(
    "body",
    [
        b"<html>Something went wrong</html>",
        b'{"__typename": "Tweet", "id_str": "1762553251893764560"',
        b"[1, 2]",
        b"\xff\xfe",
        _body({"__typename": "SomethingNew"}),
        _body(tweet_result(id_str="999", edit_control={})),  # an answer for another tweet
        _body(tweet_result(text=None)),
        _body({"lang": "en"}),
    ],
)
def test_syndication_malformed_bodies_raise_parse_error(body: bytes) -> None:
    with pytest.raises(TweetParseError):
        parse_syndication(body, "1762553251893764560")


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=20,
    )
)
def test_syndication_never_raises_anything_but_parse_error(junk: object) -> None:
    with contextlib.suppress(TweetParseError):
        parse_syndication(_body(junk), "1762553251893764560")
    raw = tweet_result(entities=junk, mediaDetails=junk, user=junk, video=junk)
    with contextlib.suppress(TweetParseError):
        parse_syndication(_body(raw), "1762553251893764560")


def test_tweet_data_round_trips_through_the_cache_format() -> None:
    data = parse_syndication(_body(tweet_result()), "1762553251893764560")
    assert TweetData.from_json(data.to_json()) == data
    gone = TweetData("5", "tombstone", "syndication", reason="deleted")
    assert TweetData.from_json(gone.to_json().encode()) == gone
    for bad in (b"nonsense", b"{}", b'{"status": "ok"}', b"[]"):
        with pytest.raises(TweetParseError):
            TweetData.from_json(bad)


# oEmbed ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "oembed-publish.twitter.com-1679189879086018562.json",
        "oembed-publish.x.com-1679189879086018562.json",
    ],
)
def test_oembed_alley(name: str) -> None:
    data = parse_oembed(_oembed_fixture(name), "1679189879086018562")
    assert data.ok and data.via == "oembed"
    assert data.text.startswith("We’re a full-service digital agency with the foresight")
    assert data.text.endswith("services here:https://t.co/8zZ5zP1Oyc")
    assert (data.author, data.handle, data.lang) == ("Alley", "alleyco", "en")
    # The words say July 12, 2023; the snowflake gives the second.
    assert data.published_at == datetime(2023, 7, 12, 18, 3, 59, 670000, tzinfo=UTC)
    assert data.exact_time
    assert data.links == ["https://t.co/8zZ5zP1Oyc"]


def test_oembed_hot97_with_hashtags_and_emoji() -> None:
    data = parse_oembed(
        _oembed_fixture("oembed-publish.twitter.com-1762553251893764560.json"),
        "1762553251893764560",
    )
    assert data.text == (
        "More proof that #Beyoncé and #MariahCarey continue to endure, no matter the era! "
        "🔥 📈 pic.twitter.com/aS2IIExjry"
    )
    assert (data.author, data.handle) == ("HOT 97", "HOT97")
    assert data.published_at is not None and data.published_at.date().isoformat() == "2024-02-27"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b'"a string"',
        b'{"author_name": "x"}',
        b'{"html": "<p>no blockquote</p>"}',
        b'{"html": "<blockquote class=\\"twitter-tweet\\"><p>no link</p></blockquote>"}',
    ],
)
def test_oembed_malformed_bodies_raise_parse_error(body: bytes) -> None:
    with pytest.raises(TweetParseError):
        parse_oembed(body, "1679189879086018562")


def test_oembed_for_another_tweet_is_refused() -> None:
    body = _oembed_fixture("oembed-publish.twitter.com-1679189879086018562.json")
    with pytest.raises(TweetParseError):
        parse_oembed(body, "1762553251893764560")
