"""Fetched bytes → text (scraper.extract.charset): header, BOM, <meta>, detection, fallback."""

from __future__ import annotations

import codecs

import pytest

from scraper.extract.charset import decode_html, detect_encoding, looks_binary, sniff

ARABIC = "قصف جوي على ريف إدلب الجنوبي أدى إلى مقتل مدنيين وإصابة آخرين في المنطقة. " * 8
FRENCH = "Élève à l'école, café crème et œuvre déjà célèbre. " * 8


@pytest.mark.parametrize(
    ("body", "content_type", "encoding", "text"),
    [
        # header charset
        (FRENCH.encode("cp1252"), "text/html; charset=windows-1252", "cp1252", FRENCH),
        # latin-1 labels are read as windows-1252, like browsers do
        ("“quoted” é".encode("cp1252"), "text/html; charset=ISO-8859-1", "cp1252", "“quoted” é"),
        # BOM beats a wrong header
        (codecs.BOM_UTF8 + "é".encode(), "text/html; charset=iso-8859-1", "utf-8", "é"),
        (codecs.BOM_UTF16_LE + "<p>ج</p>".encode("utf-16-le"), None, "utf-16-le", "<p>ج</p>"),
        # <meta charset> and http-equiv in the head
        (
            b'<meta charset="windows-1256"><p>' + ARABIC.encode("cp1256"),
            None,
            "cp1256",
            '<meta charset="windows-1256"><p>' + ARABIC,
        ),
        (
            b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
            + "Авиаудар".encode("cp1251"),
            "text/html",
            "cp1251",
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">Авиаудар',
        ),
        # no label at all: valid UTF-8 is taken as such
        (ARABIC.encode(), None, "utf-8", ARABIC),
        # declared UTF-8 but cut by the size cap in the middle of a character
        ("غارة".encode()[:-1], "text/html; charset=utf-8", "utf-8", "غار\ufffd"),
        # unknown label: ignored
        ("é".encode(), "text/html; charset=x-bogus", "utf-8", "é"),
    ],
)
def test_decode_html(body: bytes, content_type: str | None, encoding: str, text: str) -> None:
    got, name = decode_html(body, content_type)
    assert name == encoding
    assert got == text


def test_mislabelled_utf8_is_detected() -> None:
    # The header says UTF-8, the bytes are windows-1256 Arabic: a detector beats U+FFFD soup.
    body = ARABIC.encode("cp1256")
    text, name = decode_html(body, "text/html; charset=utf-8")
    assert name != "utf-8"
    assert "\ufffd" not in text


def test_undecodable_bytes_never_raise() -> None:
    text, _ = decode_html(bytes(range(128, 256)) * 20)
    assert isinstance(text, str)
    assert detect_encoding(b"") == "utf-8"


@pytest.mark.parametrize(
    ("body", "binary"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", True),
        (b"%PDF-1.4\n" + b"\x00" * 20, True),
        (b"<html><body>hello</body></html>", False),
        (codecs.BOM_UTF16_LE + "<html>".encode("utf-16-le"), False),
    ],
)
def test_looks_binary(body: bytes, binary: bool) -> None:
    assert looks_binary(body) is binary


def test_sniff_trusts_declared_utf8_only_when_asked() -> None:
    body = '<meta charset="utf-8"><p>café</p>'.encode("cp1252")
    # Checked: the page is not UTF-8, whatever it says; the detector names another codec.
    encoding, _text = sniff(body)
    assert encoding != "utf-8"
    assert body.decode(encoding).endswith("café</p>")
    # Trusted: taken as UTF-8 unread (the caller looks for U+FFFD in what it extracts).
    assert sniff(body, check_utf8=False) == ("utf-8", None)
    # A page declaring another charset is always decoded.
    latin = '<meta charset="windows-1252"><p>café</p>'.encode("cp1252")
    assert sniff(latin, check_utf8=False) == ("cp1252", '<meta charset="windows-1252"><p>café</p>')


def test_sniff_reads_ascii_pages_without_decoding() -> None:
    assert sniff(b"<html><p>plain</p></html>", "text/html; charset=iso-8859-1") == ("cp1252", None)
