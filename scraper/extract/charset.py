"""Turn a fetched page's bytes into text before any extractor parses it.

The extract stage receives raw bytes (the fetcher never decodes), so the encoding is decided
here, once: byte-order mark, then the Content-Type charset, then a ``<meta charset>`` /
``http-equiv`` declaration near the top, then a guess by charset-normalizer, and finally UTF-8
with replacement characters. Never raises.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# A BOM is the strongest signal there is: the HTML standard lets it override even the HTTP header,
# because servers mislabel far more often than editors write a wrong BOM.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels that browsers (per the WHATWG Encoding standard) read as a superset: a page that says
# latin-1 or ascii almost always means windows-1252, and gb2312 pages use gb18030 characters.
_SUPERSETS: dict[str, str] = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "shift_jis": "cp932",
}

_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# The declaration must sit in the first bytes of the document (the standard's pre-scan reads
# 1024; we read a little more because some CMSs put long comments before <meta charset>).
_PRESCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# Codecs in which an ASCII-only body means the same text as in UTF-8.
_ASCII_COMPATIBLE = frozenset(
    {"utf-8", "cp1252", "cp1254", "cp874", "cp949", "cp932", "gb18030", "iso8859-2", "koi8-r"}
    | {"cp1250", "cp1251", "cp1253", "cp1255", "cp1256", "cp1257", "iso8859-15", "euc_jp"}
)
# Detection on a huge page is slow and no better than on a sample of it.
_DETECT_BYTES = 64 * 1024


def normalize_label(label: str | None) -> str | None:
    """Python codec name for an encoding label, or None when the label is unknown."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'").lower()).name
    except (LookupError, ValueError):
        return None
    # UTF-16/32 declared in <meta> is a lie by definition (the text was readable as ASCII).
    return _SUPERSETS.get(name, name)


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = _CT_CHARSET.search(content_type)
    return normalize_label(match.group(1)) if match else None


def charset_from_meta(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:_PRESCAN_BYTES])
    if not match:
        return None
    name = normalize_label(match.group(1).decode("ascii", "ignore"))
    if name and name.startswith(("utf-16", "utf-32")):
        return "utf-8"
    return name


def looks_binary(body: bytes) -> bool:
    """True for images, PDFs, archives: NUL bytes in the head are never in HTML text."""
    head = body[:1024]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    return head.count(b"\x00") > 4


def _strict(body: bytes, name: str) -> str | None:
    """Decode strictly, except that a page cut mid-character (a size cap) still counts."""
    try:
        return body.decode(name)
    except UnicodeDecodeError as exc:
        if exc.start >= len(body) - 3:
            return body.decode(name, "replace")
        return None
    except LookupError:
        return None


def detect_encoding(body: bytes, content_type: str | None = None) -> str:
    """The codec ``body`` is written in, by the order in the module docstring."""
    return sniff(body, content_type)[0]


def sniff(
    body: bytes, content_type: str | None = None, *, check_utf8: bool = True
) -> tuple[str, str | None]:
    """The codec ``body`` is written in, and the decoded text when deciding needed it.

    Deciding means decoding strictly; handing that text back spares callers a second decode
    of the whole page. The text is None when the codec came from a BOM or an ASCII-only body.
    Without ``check_utf8`` a page declared as UTF-8, or not declared at all, is taken to be
    UTF-8 unread: the caller looks for U+FFFD in what it extracts and asks again with the check
    when it finds one (a strict decode of the page is a twentieth of an extraction).
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return name, None
    declared = charset_from_content_type(content_type) or charset_from_meta(body)
    if not check_utf8 and declared in (None, "utf-8"):
        return "utf-8", None
    if body.isascii() and (declared is None or declared in _ASCII_COMPATIBLE):
        # Pure ASCII reads the same in UTF-8 and every ASCII-compatible codepage: no decode.
        return declared or "utf-8", None
    if declared:
        text = _strict(body, declared)
        if text is not None:
            return declared, text
    # Mislabelled or unlabelled: a wrongly declared UTF-8 is usually cp1252 or a local
    # codepage, which the detector finds better than "replace" would.
    text = _strict(body, "utf-8")
    if text is not None:
        return "utf-8", text
    guess = from_bytes(body[:_DETECT_BYTES]).best()
    if guess is not None:
        guessed = normalize_label(guess.encoding)
        if guessed:
            return guessed, None
    return declared or "utf-8", None


def strip_bom(body: bytes) -> bytes:
    for bom, _name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :]
    return body


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode ``body``; returns the text and the codec name used."""
    name, text = sniff(body, content_type)
    if text is not None:
        return text, name
    try:
        return strip_bom(body).decode(name, "replace"), name
    except LookupError:
        return body.decode("utf-8", "replace"), "utf-8"
