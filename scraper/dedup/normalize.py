"""Text normalisation for dedup (DESIGN.md step 6): one canonical form for Arabic and Latin text.

Everything downstream (copy hashes, MinHash shingles, gazetteer lookup, rapidfuzz scores) works on
this form, so two reports that differ only in hamza seats, diacritics, digits or tweet chrome
compare equal. It runs on every post, so it is a few `str.translate` calls and precompiled regexes.
"""

from __future__ import annotations

import re
import unicodedata

# Letter forms that writers use interchangeably: hamza seats and wasla collapse onto bare alif,
# alif maqsura onto ya, ta marbuta onto ha (the common search-engine folding for Arabic).
_LETTER_FOLD = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    # Persian/Urdu letter shapes that appear in Kurdish and Persian-keyboard Arabic text.
    "ک": "ك",
    "ی": "ي",
    "ۀ": "ه",
}

# Harakat, tanwin, shadda, sukun, superscript alif, Quranic marks, and tatweel: they change no
# word's identity but rapidfuzz's default processor splits words at them.
_DROP = (
    [chr(c) for c in range(0x0610, 0x061B)]
    + [chr(c) for c in range(0x064B, 0x0660)]
    + ["\u0670", "\u0640"]
    + [chr(c) for c in range(0x06D6, 0x06EE)]
    # zero-width and bidi controls copied along with social-media text
    + ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2066", "\u2067", "\u2068", "\u2069"]
    + ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\ufeff", "\u00ad"]
)

_DIGITS = {chr(0x0660 + i): str(i) for i in range(10)} | {
    chr(0x06F0 + i): str(i) for i in range(10)
}

# Arabic punctuation onto its Latin counterpart, so tokenising splits at it.
_PUNCT = {"،": ",", "؛": ";", "؟": "?", "٪": "%", "«": '"', "»": '"', "“": '"', "”": '"'}

_TABLE = str.maketrans({**_LETTER_FOLD, **_DIGITS, **_PUNCT, **dict.fromkeys(_DROP, None)})
# The same table as a list indexed by code point: str.translate looks a list up by index, which
# is about twice as fast as hashing every character into the dict. Code points past its end
# raise IndexError, which translate reads as "unchanged": the few mapped ones up there (BOM)
# are handled by _HIGH before.
_LIMIT = 0x2100
_LIST_TABLE: list[int | str | None] = [_TABLE.get(i, i) for i in range(_LIMIT)]
_HIGH = re.compile("[" + "".join(chr(c) for c in _TABLE if c >= _LIMIT) + "]")

_URL = re.compile(r"(?:https?://|www\.)\S+|pic\.twitter\.com/\S+|\b[\w.-]+\.(?:com|net|org)/\S*")
_MENTION = re.compile(r"(?<![\w@])@\w+")
_HASHTAG = re.compile(r"#(?=\w)")
# Emoji, pictographs, dingbats, flags and variation selectors; they carry no event identity.
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f1e6-\U0001f1ff\ufe0e\ufe0f\u2190-\u21ff"
    "\u2b00-\u2bff\u2300-\u23ff]"
)
# URLs, mentions and emoji in one scan
_CHROME = re.compile(f"{_URL.pattern}|{_MENTION.pattern}|{_EMOJI.pattern}")
# The same scan without the alternatives a text cannot match (each needs a literal: "www." or
# one of _URL_MARKS for a URL, "@" for a mention): the bare-domain URL pattern is tried at
# every word and costs more than the rest of normalize, and most reports have neither.
# Dropping an alternative that matches nowhere leaves every match, so the result, unchanged.
_URL_MARKS = ("://", ".com/", ".net/", ".org/")  # with "www.": what every URL pattern needs
_CHROME_NO_URL = re.compile(f"{_MENTION.pattern}|{_EMOJI.pattern}")
_CHROME_NO_MENTION = re.compile(f"{_URL.pattern}|{_EMOJI.pattern}")
# A run of whitespace becomes one space: a lone space is already that, so only runs and the
# other whitespace characters need a substitution (most matches of the plain pattern were
# single spaces replaced by themselves).
_SPACES = re.compile(r"[ \t\r\f\v]{2,}|[\t\r\f\v]")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Words glued by page chrome: "مدينة تلدوDecember 1, 2024", "FOX PressFebruary 6",
# "@Joker2977غارات". A script change or a lower-to-upper-case step inside a word is a boundary.
_GLUE = re.compile(
    r"(?<=[a-z])(?=[A-Z][a-z])|(?<=[\u0621-\u064a])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u0621-\u064a])"
)
_LATIN = re.compile(r"[A-Za-z0-9]")


def normalize(text: str) -> str:
    """Return the canonical form of `text`: folded, lower-cased, chrome removed, lines kept.

    Line breaks survive (collapsed) because boilerplate stripping works line by line.
    """
    if not text:
        return ""
    if not unicodedata.is_normalized("NFKC", text):  # a fast check; most text already is
        text = unicodedata.normalize("NFKC", text)
    url = "www." in text or ("/" in text and any(m in text for m in _URL_MARKS))
    if "@" in text:
        text = (_CHROME if url else _CHROME_NO_URL).sub(" ", text)
    else:
        text = (_CHROME_NO_MENTION if url else _EMOJI).sub(" ", text)
    if "#" in text:
        text = _HASHTAG.sub("", text)
    text = _HIGH.sub("", text).translate(_LIST_TABLE)
    if _LATIN.search(text):  # most Arabic reports have no Latin letter or digit to glue on
        text = _GLUE.sub(" ", text)
    text = text.lower()
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def tokens(normalized: str) -> list[str]:
    """Word tokens of already-normalised text (letters and digits; punctuation and `_` split)."""
    return _TOKEN.findall(normalized)
