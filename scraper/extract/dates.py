"""Publish times for the extract stage: any date string a page carries → aware UTC datetime.

Article metadata, ``<time>`` elements, tweet embeds and visible bylines all hold dates in their own
formats and languages (the outlets we follow write Arabic month names and Arabic-Indic digits).
``parse_date`` returns None rather than raising, and never invents a missing year or day.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import ClassVar

from dateutil import parser as du_parser

# Arabic-Indic (U+0660) and Extended Arabic-Indic / Persian (U+06F0) digits → ASCII.
_DIGITS = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹",
    "01234567890123456789",
)
# Arabic comma and date separators that dateutil does not know.
_PUNCT = str.maketrans({"،": ",", "٫": ".", "٬": ",", "؛": ";", "\u200f": " ", "\u200e": " "})

# Levantine/Iraqi (Syriac-derived) names first, then the Egyptian/Maghreb (Latin-derived) ones.
# Two-word names ("كانون الثاني") come before their one-word prefix so the regex prefers them.
_ARABIC_MONTHS: dict[str, int] = {
    "كانون الثاني": 1,
    "كانون الأول": 12,
    "كانون الاول": 12,
    "تشرين الأول": 10,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
    "شباط": 2,
    "آذار": 3,
    "اذار": 3,
    "نيسان": 4,
    "أيار": 5,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "آب": 8,
    "اب": 8,
    "أيلول": 9,
    "ايلول": 9,
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "أبريل": 4,
    "ابريل": 4,
    "إبريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يونيه": 6,
    "يوليو": 7,
    "يوليه": 7,
    "أغسطس": 8,
    "اغسطس": 8,
    "سبتمبر": 9,
    "أكتوبر": 10,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
    "جانفي": 1,
    "فيفري": 2,
    "أفريل": 4,
    "ماي": 5,
    "جوان": 6,
    "جويلية": 7,
    "أوت": 8,
}
_MONTH_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_ARABIC_MONTH_RE = re.compile(
    r"(?<![\w])("
    + "|".join(re.escape(k) for k in sorted(_ARABIC_MONTHS, key=len, reverse=True))
    + r")(?![\w])"
)
# Arabic AM/PM markers (صباحاً / مساءً or the bare letters) and filler words around dates.
_ARABIC_WORDS = [
    (re.compile(r"(?<!\w)(صباحا|صباحاً|ص)(?!\w)"), " AM "),
    (re.compile(r"(?<!\w)(مساء|مساءً|مساءا|م)(?!\w)"), " PM "),
    (re.compile(r"(?<!\w)(الساعة|الموافق|في|بتاريخ|نشر|تاريخ النشر|آخر تحديث)(?!\w)"), " "),
    (
        re.compile(
            r"(?<!\w)(السبت|الأحد|الاحد|الإثنين|الاثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة)(?!\w)"
        ),
        " ",
    ),
]
_HAS_ARABIC = re.compile(r"[\u0600-\u06ff]")

# Month names dateutil should also know, for embeds and bylines in the languages the fixtures
# carry (tweets embedded in Spanish, German, French... pages show a localised date link).
_EXTRA_MONTHS: tuple[tuple[str, ...], ...] = (
    ("janvier", "januar", "jänner", "enero", "gennaio", "janeiro", "januari", "ocak", "janv"),
    (
        "février",
        "fevrier",
        "februar",
        "febrero",
        "febbraio",
        "fevereiro",
        "februari",
        "şubat",
        "févr",
    ),
    ("mars", "märz", "marz", "marzo", "março", "maart", "mart"),
    ("avril", "abril", "aprile", "nisan", "avr"),
    ("mai", "mayo", "maggio", "maio", "mei", "mayıs"),
    ("juin", "juni", "junio", "giugno", "junho", "haziran"),
    ("juillet", "juli", "julio", "luglio", "julho", "temmuz", "juil"),
    ("août", "aout", "agosto", "augustus", "ağustos"),
    ("septembre", "septiembre", "settembre", "setembro", "setiembre", "eylül"),
    ("octobre", "oktober", "octubre", "ottobre", "outubro", "ekim"),
    ("novembre", "noviembre", "novembro", "kasım"),
    ("décembre", "decembre", "dezember", "diciembre", "dicembre", "dezembro", "aralık", "déc"),
)


class _ParserInfo(du_parser.parserinfo):
    """English plus the month names above; ``de``/``del``/``um``... skipped like ``of``."""

    JUMP: ClassVar[list[str]] = [
        *du_parser.parserinfo.JUMP,
        "de",
        "del",
        "le",
        "la",
        "um",
        "à",
        "las",
        "às",
        "h",
        "uhr",
    ]
    MONTHS: ClassVar[list[tuple[str, ...]]] = [
        (*english, *extra)
        for english, extra in zip(du_parser.parserinfo.MONTHS, _EXTRA_MONTHS, strict=True)
    ]


_PARSERINFO = _ParserInfo()
# Zone abbreviations dateutil leaves naive; the ones news bylines use that are not ambiguous
# (AST is Arabia Standard Time on the outlets we follow, not Atlantic).
_TZINFOS: dict[str, int] = {
    "EST": -5 * 3600,
    "EDT": -4 * 3600,
    "CST": -6 * 3600,
    "CDT": -5 * 3600,
    "MST": -7 * 3600,
    "MDT": -6 * 3600,
    "PST": -8 * 3600,
    "PDT": -7 * 3600,
    "BST": 3600,
    "CET": 3600,
    "CEST": 2 * 3600,
    "EET": 2 * 3600,
    "EEST": 3 * 3600,
    "MSK": 3 * 3600,
    "AST": 3 * 3600,
    "IRST": int(3.5 * 3600),
}
# Two distinct defaults: a field dateutil fills from the default differs between the two parses,
# which is how we tell "March 2020" (no day) from "1 March 2020".
_DEFAULT_A = datetime(1904, 1, 1)
_DEFAULT_B = datetime(1908, 2, 2)
_MIN_YEAR = 1990
_MAX_YEAR = 2100
_EPOCH_RE = re.compile(r"^\d{10}(\d{3})?$")


def _aware(dt: datetime) -> datetime | None:
    if dt.tzinfo is None:
        # A time without a zone: UTC is the documented assumption (DESIGN.md, times are UTC).
        dt = dt.replace(tzinfo=UTC)
    try:
        dt = dt.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    if not _MIN_YEAR <= dt.year <= _MAX_YEAR:
        return None
    return dt


def _normalise(value: str) -> str:
    text = value.translate(_DIGITS).translate(_PUNCT)
    if _HAS_ARABIC.search(text):
        text = _ARABIC_MONTH_RE.sub(
            lambda m: " " + _MONTH_EN[_ARABIC_MONTHS[m.group(1)] - 1] + " ", text
        )
        for pattern, repl in _ARABIC_WORDS:
            text = pattern.sub(repl, text)
    return " ".join(text.split())


def parse_date(value: str | None) -> datetime | None:
    """Parse one date string; aware UTC datetime, or None when it is not a full date."""
    if not value or not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > 200:
        return None
    # Fast path: ISO 8601 covers JSON-LD, OpenGraph and <time datetime> nearly always.
    try:
        return _aware(datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00")))
    except ValueError:
        pass
    if _EPOCH_RE.match(value):
        seconds = int(value[:10])
        return _aware(datetime.fromtimestamp(seconds, UTC))
    text = _normalise(value)
    if not text or not any(c.isdigit() for c in text):
        return None
    if "," in text[:5] or text[:3].isalpha():
        try:
            return _aware(parsedate_to_datetime(text))
        except (TypeError, ValueError, IndexError):
            pass
    # Day first for dotted dates (German, Russian...) and Arabic pages, which never write
    # month-first; slashed Latin-script dates keep dateutil's US reading.
    dayfirst = "." in text or bool(_HAS_ARABIC.search(value))
    return _dateutil(text, dayfirst)


def _dateutil(text: str, dayfirst: bool) -> datetime | None:
    with warnings.catch_warnings():
        # Unknown zone names ("AST") come back naive with a warning; naive means UTC here.
        warnings.simplefilter("ignore")
        try:
            first = du_parser.parse(
                text,
                parserinfo=_PARSERINFO,
                default=_DEFAULT_A,
                fuzzy=True,
                dayfirst=dayfirst,
                tzinfos=_TZINFOS,
            )
            second = du_parser.parse(
                text,
                parserinfo=_PARSERINFO,
                default=_DEFAULT_B,
                fuzzy=True,
                dayfirst=dayfirst,
                tzinfos=_TZINFOS,
            )
        except (ValueError, OverflowError, TypeError, du_parser.ParserError):
            return None
    if first.date() != second.date():
        return None  # year, month or day missing: refuse rather than guess
    return _aware(first)


# Dates inside running text (a byline such as "Published 3 March 2020, 10:42"): candidates are
# found by regex first so dateutil never sees a whole paragraph (slow and prone to nonsense).
_MONTH_WORDS = "|".join(
    sorted(
        {w for month in du_parser.parserinfo.MONTHS for w in month}
        | {w for month in _EXTRA_MONTHS for w in month}
        | set(_ARABIC_MONTHS),
        key=len,
        reverse=True,
    )
)
_TIME = r"(?:[,\s]+(?:at\s+|um\s+|الساعة\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?)?"
_TEXT_DATE_RE = re.compile(
    r"(?<!\d)(?:"
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[./]\d{1,2}[./]\d{4}"
    + _TIME
    + r"|\d{1,2}\.?\s+(?:de\s+)?(?:"
    + _MONTH_WORDS
    + r")\.?,?\s+(?:de\s+)?\d{4}"
    + _TIME
    + r"|(?:"
    + _MONTH_WORDS
    + r")\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    + _TIME
    + r")(?!\d)",
    re.I,
)


# Every form above holds a four-digit year, and a year sits at most this far from either end of
# its date ("14 de septiembre de 2019, 10:42 a.m."): the long month alternation is tried only
# near the years of the text, not at each of its characters (which took 0.4 ms per 600).
_YEAR_RE = re.compile(r"\d{4}")
_BEFORE_YEAR = 60
_AFTER_YEAR = 40


def search_date(text: str, *, limit: int = 3000) -> datetime | None:
    """The first full date found in the first ``limit`` characters of free text."""
    if not text:
        return None
    head = text[:limit].translate(_DIGITS)
    searched = 0  # everything before this offset has been searched already
    for year in _YEAR_RE.finditer(head):
        start = max(searched, year.start() - _BEFORE_YEAR)
        end = min(len(head), year.end() + _AFTER_YEAR)
        for candidate in _TEXT_DATE_RE.finditer(head, start, end):
            # Re-match on the whole text: the window's end must not cut a date short.
            match = _TEXT_DATE_RE.match(head, candidate.start())
            if match is None:
                continue
            found = parse_date(match.group(0))
            if found is not None:
                return found
        searched = max(searched, year.start() + 1)
    return None
