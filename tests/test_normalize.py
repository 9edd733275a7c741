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
        ("٣ قتلى و۴ جرحى", "3 قتلي و 4 جرحي"),  # Arabic-Indic and Persian digits; و split off
        ("مدينة تلدوDecember 1", "مدينه تلدو december 1"),  # glued by page chrome
        ("FOX PressFebruary 6, 2025", "fox press february 6, 2025"),
        ("ISIS and US-led", "isis and us-led"),  # acronyms stay whole
        ("Strike in IDLIB", "strike in idlib"),
        ("قصف https://t.co/abc على @user_1 #ادلب", "قصف علي ادلب"),
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
