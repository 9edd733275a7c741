from __future__ import annotations

import pytest

from scraper.dedup.normalize import normalize, tokens


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("أحمد إبراهيم آمنة ٱلقرية", "احمد ابراهيم امنه القريه"),  # hamza seats, wasla, ta marbuta
        ("مستشفى", "مستشفي"),  # alif maqsura → ya
        ("قَصْفٌ جَوِّيٌّ", "قصف جوي"),  # harakat and shadda
        ("الـــقصف", "القصف"),  # tatweel
        ("قـ ـصـ ـف تـ ـركي", "قصف تركي"),  # a word cut at tatweels to dodge filters
        ("الحيـ ـاة", "الحياه"),
        ("قتـ.ـل شخص بغـ.ـارة", "قتل شخص بغاره"),  # cut at a dot between tatweels
        ("ميلـ.ـيشـ.ـيا بقـ.صف الاحــ*ــتلال", "ميليشيا بقصف الاحتلال"),
        ("الشـ،،,,ـهداء", "الشهداء"),
        ("Four kil*led and five inj*ured", "four killed and five injured"),  # a star cut
        ("*Idlib* 5 * 3", "*idlib* 5 * 3"),  # stars at a word's edge or between numbers: kept
        ('لـ"قسد" والحربيـ. وقال', 'ل"قسد" والحربي. وقال'),  # a quote or a full stop: kept
        ("٣ قتلى و۴ جرحى", "3 قتلي و 4 جرحي"),  # Arabic-Indic and Persian digits; و split off
        ("مدينة تلدوDecember 1", "مدينه تلدو december 1"),  # glued by page chrome
        ("بلدةالعزبة", "بلده العزبه"),  # ta marbuta ends a word: a glued capture split there
        ("النعيمةإنا لله", "النعيمه انا لله"),
        ("سيارةً مدنيةً", "سياره مدنيه"),  # tanwin after it is not a letter
        ("FOX PressFebruary 6, 2025", "fox press february 6, 2025"),
        ("ISIS and US-led", "isis and us-led"),  # acronyms stay whole
        ("Strike in IDLIB", "strike in idlib"),
        ("قصف https://t.co/abc على @user_1 #ادلب", "قصف علي ادلب"),
        ("مدينة السويداء#شبكة_شام", "مدينه السويداء شبكه_شام"),  # a glued hashtag: a new word
        ("ارمناز و#كفرتخاريم", "ارمناز وكفرتخاريم"),  # ... after a lone clitic, joined
        ("قذائف &#34;كراسنوبول&#34; تقتل", 'قذايف "كراسنوبول" تقتل'),  # HTML entities
        ("boom pic.twitter.com/xYz 🔥🔥", "boom"),
        ("ﻻ", "لا"),  # NFKC presentation form
        ("", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_lines_survive_and_collapse() -> None:
    assert normalize("a\n\n\n b  c \n") == "a\nb c"


def test_tokens_split_punctuation() -> None:
    assert tokens(normalize("قصف، على-سرمين (إدلب)")) == ["قصف", "علي", "سرمين", "ادلب"]


def test_idempotent() -> None:
    text = "قُتل ٤ مدنيين بغارة روسية على بلدة سرمين #إدلب https://x.com/a"
    once = normalize(text)
    assert normalize(once) == once


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("بلدةaقصف", "بلده a قصف"),  # one Latin letter glued on both sides: a space each side
        ("غارات2024قصف", "غارات 2024 قصف"),
        ("aBc xY Ab", "a bc xy ab"),  # lower → upper+lower only; a trailing capital stays
        ("سرمينX", "سرمين x"),
    ],
)
def test_glue_boundaries(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_whitespace_runs_and_controls() -> None:
    # tabs, CR, FF, VT alone or in runs become one space; \x85 is whitespace but no such run
    assert normalize("a\tb\r\rc \f d\x0be") == "a b c d e"
    assert normalize("a \x85 b") == "a \x85 b"
    assert normalize("  \n\n x  \n \t\n") == "x"


def test_emoji_and_high_characters() -> None:
    assert normalize("قصف ← غارة ☀️ 𝐀") == "قصف غاره a"  # arrows, emoji go; NFKC keeps 𝐀 as A
    assert normalize("x\ufeffy\u200bz") == "xyz"  # BOM and zero-width marks are dropped


def test_tokens_equal_regex_split() -> None:
    text = "a_b c-d e.f 12,5 حماة.. (الدفاع) ²³ x"
    import re

    assert tokens(text) == re.findall(r"[^\W_]+", text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a tweet's last word glued to its picture link keeps the word
        ("قصف على عفرينpic.twitter.com/ejrddkb6g1", ["قصف", "علي", "عفرين"]),
        ("شمال حلب.pic.twitter.com/AVXy8Nb6ge", ["شمال", "حلب"]),
        ("#سوريا #حلبpic.twitter.com/SDrn7usduh", ["سوريا", "حلب"]),
        ("شمال الرقةpic.twitter.com/ClCo86JSNm", ["شمال", "الرقه"]),
        # bare Latin domains still go whole
        ("see example.com/abc and news.example.org/x/y", ["see", "and"]),
        ("عبر https://t.me/HawarNews اليوم", ["عبر", "اليوم"]),
        # no path: not a link ("hawarnews.comإصابة", a capture's lost space)
        ("hawarnews.comإصابة", ["hawarnews", "com", "اصابه"]),
    ],
)
def test_url_glued_to_a_word(raw: str, expected: list[str]) -> None:
    assert tokens(normalize(raw)) == expected
