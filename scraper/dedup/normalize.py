"""Text normalisation for dedup (DESIGN.md step 6): one canonical form for Arabic and Latin text.

Everything downstream (copy hashes, MinHash shingles, gazetteer lookup, rapidfuzz scores) works on
this form, so two reports that differ only in hamza seats, diacritics, digits or tweet chrome
compare equal. It runs on every post, so it is a few `str.translate` calls and precompiled regexes.
"""

from __future__ import annotations

import html
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
# `str.translate` costs ~50 ns a character (an int object and a table lookup for each), most of
# normalize's time on Arabic text. The same mapping as one deletion scan plus a `str.replace` for
# each mapped character the text holds (a C-level search each, and few are present) is 3× faster
# and equal: every entry maps one character, and no replacement is itself a key, so applying them
# one after another is the simultaneous translation.
_DELETE = re.compile("[" + "".join(chr(c) for c, to in _TABLE.items() if to is None) + "]")
_REPLACE: tuple[tuple[str, str], ...] = tuple(
    (chr(c), str(to)) for c, to in _TABLE.items() if to is not None
)
assert not any(to in _TABLE for _, to in _REPLACE)  # see above: no chains

# A bare domain's host is Latin: a capture glues a tweet's last word to its picture link
# ("قصف على عفرينpic.twitter.com/x", "#حلبpic.twitter.com/x"), and a host of any letters took
# the word with the link.
_URL = re.compile(
    r"(?:https?://|www\.)\S+|pic\.twitter\.com/\S+"
    r"|(?<![A-Za-z0-9.-])[A-Za-z0-9][A-Za-z0-9.-]*\.(?:com|net|org)/\S*"
)
# The lookbehinds go after the literal ("@", "#", "*"), not before it: a pattern that opens with
# a lookbehind gives the regex engine nothing to skip ahead to, so it tries a match at every
# character (~30× slower on a text without the literal); opening with the literal, the engine
# jumps from one to the next, and the lookbehind, widened by the literal, tests the same chars.
_MENTION = re.compile(r"@(?<![\w@]@)\w+")  # an "@" not after a word character or another "@"
_HASHTAG = re.compile(r"#(?=\w)")
# A hashtag glued to the word before it ("السويداء#شبكة_شام", a capture's lost space) starts a
# word of its own; after a lone clitic ("و#كفرتخاريم", "ل#قسد") it joins it, as before.
_HASHTAG_GLUED = re.compile(r"#(?<=\w\w#)(?=\w)")
# Emoji, pictographs, dingbats, flags and variation selectors; they carry no event identity.
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001f1e6-\U0001f1ff\ufe0e\ufe0f\u2190-\u21ff"
    "\u2b00-\u2bff\u2300-\u23ff]"
)
# Every emoji above lies at or past U+2190; Arabic and Latin text, its punctuation included,
# lies below. Searching for any character up there is one range test a character, a third of the
# emoji scan's seven, and nine texts in ten have none, so they skip the scan.
_PAST_EMOJI_START = re.compile("[^\x00-\u218f]")
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
# single spaces replaced by themselves). Written to start with a character class, so the regex
# engine's fast skip runs over the text between whitespace instead of trying two alternatives
# at every position (2.5× faster, same matches).
_SPACES = re.compile(r"[ \t\r\f\v](?:(?<=[\t\r\f\v])[ \t\r\f\v]*|[ \t\r\f\v]+)")
# Words cut up with a tatweel on both sides of a space ("قـ ـصـ ـف" for "قصف"), or with a dot
# or star after a tatweel inside the word ("قتـ.ـل", "بقـ.صف", "الاحــ*ــتلال"): Facebook pages
# write this way to dodge keyword filters, and the pieces would match no cue or place name. A
# tatweel never ends a real word before another starting with one, nor before a dot glued to
# the next letter, so the cut is joined back.
# (The tatweel written once then repeated, not "\u0640+": a repeat gives the engine no literal
# to skip ahead to, as above.)
_KASHIDA_CUT = re.compile(
    "\u0640\u0640*(?: +\u0640+|[.*,\u060c]+\u0640*(?=[\u0621-\u063a\u0641-\u064a]))"
)
# Latin words cut the same way with a star ("kil*led", "Dea*th", "inj*ured", the Syrian
# Observatory's English pages): a star between two letters is never a word's end.
_STAR_CUT = re.compile(r"\*(?<=[A-Za-z]\*)(?=[A-Za-z])")
_BLANK_LINES = re.compile(r"\n\s*\n+")
# Ta marbuta only ever ends an Arabic word; one inside a word marks two words glued together by a
# capture that lost the space ("بلدةالعزبة", "النعيمةإنا").
_TA_MARBUTA_GLUE = re.compile("\u0629(?=[\u0621-\u064a])")
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Words glued by page chrome: "مدينة تلدوDecember 1, 2024", "FOX PressFebruary 6",
# "@Joker2977غارات". A script change or a lower-to-upper-case step inside a word is a boundary:
# after a lower-case letter followed by an upper- and a lower-case one, and between an Arabic
# letter and a Latin letter or digit (either order). Every boundary touches a Latin letter or
# digit, so the scan stops only at those (rare in Arabic text) instead of trying three
# lookbehinds at every position; `_glue_spaces` then places the spaces (3× faster).
_GLUE = re.compile(
    r"[A-Za-z0-9](?:(?<=[\u0621-\u064a].)|(?=[\u0621-\u064a])|(?<=[a-z])(?=[A-Z][a-z]))"
)

# In a text without Arabic letters only the case step can glue (the other two boundaries touch
# an Arabic letter), and it is found at its upper-case letter: a scan that stops at capitals, not
# at every Latin letter (English texts, one in ten, spent 4× as long in _GLUE). The space goes
# before the capital, where `_glue_spaces` puts it after the lower-case letter.
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_CASE_GLUE = re.compile(r"[A-Z](?<=[a-z][A-Z])(?=[a-z])")


def _glue_spaces(match: re.Match[str]) -> str:
    """The matched Latin character with a space on the side(s) where a boundary is."""
    text, i, char = match.string, match.start(), match.group()
    before = " " if i and "\u0621" <= text[i - 1] <= "\u064a" else ""
    after = text[i + 1 : i + 3]
    if after and (
        "\u0621" <= after[0] <= "\u064a"
        or (
            "a" <= char <= "z"
            and len(after) == 2
            and "A" <= after[0] <= "Z"
            and "a" <= after[1] <= "z"
        )
    ):
        return f"{before}{char} "
    return before + char


def normalize(text: str) -> str:
    """Return the canonical form of `text`: folded, lower-cased, chrome removed, lines kept.

    Line breaks survive (collapsed) because boilerplate stripping works line by line.
    """
    if not text:
        return ""
    if "&" in text and ";" in text:  # a capture's escaped title ("لـ&#34;قسد&#34;")
        text = html.unescape(text)
    if not unicodedata.is_normalized("NFKC", text):  # a fast check; most text already is
        text = unicodedata.normalize("NFKC", text)
    url = "www." in text or ("/" in text and any(m in text for m in _URL_MARKS))
    if "@" in text:
        text = (_CHROME if url else _CHROME_NO_URL).sub(" ", text)
    else:
        if url:
            text = _CHROME_NO_MENTION.sub(" ", text)
        elif _PAST_EMOJI_START.search(text):
            text = _EMOJI.sub(" ", text)
    if "#" in text:
        text = _HASHTAG.sub("", _HASHTAG_GLUED.sub(" ", text))
    if "\u0640" in text:
        text = _KASHIDA_CUT.sub("", text)
    if "*" in text:
        text = _STAR_CUT.sub("", text)
    text = _DELETE.sub("", text)
    if "\u0629" in text:
        text = _TA_MARBUTA_GLUE.sub("\u0629 ", text)
    for char, to in _REPLACE:
        if char in text:
            text = text.replace(char, to)
    # no Latin pre-check: the glue scan itself stops only at Latin letters and digits
    if _ARABIC_LETTER.search(text):
        text = _GLUE.sub(_glue_spaces, text)
    else:
        text = _CASE_GLUE.sub(r" \g<0>", text)
    text = text.lower()
    # _SPACES can only match where one of these is: most texts have none and skip the scan
    if "  " in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def tokens(normalized: str) -> list[str]:
    """Word tokens of already-normalised text (letters and digits; punctuation and `_` split)."""
    # Normalised text is mostly space-separated plain words: `isalnum` is exactly `[^\W_]` for
    # every character, so such a word is its own token, and only words with punctuation go
    # through the regex. No token spans whitespace, so splitting at it first changes nothing.
    out: list[str] = []
    find = _TOKEN.findall
    for word in normalized.split():
        if word.isalnum():
            out.append(word)
        else:
            out += find(word)
    return out
