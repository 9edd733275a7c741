"""Date strings as pages write them → aware UTC datetimes (scraper.extract.dates)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from scraper.extract.dates import parse_date, search_date


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # ISO 8601 with offsets, Z, naive (assumed UTC) and date only
        ("2025-09-06T20:26:33+03:00", utc(2025, 9, 6, 17, 26, 33)),
        ("2020-03-03T10:00:00Z", utc(2020, 3, 3, 10)),
        ("2020-03-03T10:00:00", utc(2020, 3, 3, 10)),
        ("2020-03-03", utc(2020, 3, 3)),
        # RFC 2822 (feeds, HTTP)
        ("Tue, 03 Mar 2020 10:00:00 GMT", utc(2020, 3, 3, 10)),
        ("Thu, 5 Mar 2020 10:00:00 +0300", utc(2020, 3, 5, 7)),
        # English, as tweet embeds and bylines write it
        ("March 3, 2020", utc(2020, 3, 3)),
        ("3 March 2020", utc(2020, 3, 3)),
        ("Mar 3rd, 2020 at 5:30 pm EST", utc(2020, 3, 3, 22, 30)),
        # other languages of embedded tweets
        ("25. September 2018", utc(2018, 9, 25)),
        ("26. Mai 2019", utc(2019, 5, 26)),
        ("3 de marzo de 2020", utc(2020, 3, 3)),
        ("12 février 2020", utc(2020, 2, 12)),
        # Arabic month names, both families, with Arabic-Indic and Persian digits
        ("٥ آذار ٢٠٢٠", utc(2020, 3, 5)),
        ("5 كانون الثاني 2021 الساعة 10:30 م", utc(2021, 1, 5, 22, 30)),
        ("الخميس، 12 يناير 2023", utc(2023, 1, 12)),
        ("۱۵ تشرين الأول ۲۰۲۴", utc(2024, 10, 15)),
        ("١٥/٠٣/٢٠٢٤", utc(2024, 3, 15)),
        # dotted dates are day first
        ("03.12.2020", utc(2020, 12, 3)),
        # epoch seconds
        ("1583229600", utc(2020, 3, 3, 10)),
    ],
)
def test_parse_date(value: str, expected: datetime) -> None:
    got = parse_date(value)
    assert got == expected
    assert got is not None and got.tzinfo is not None


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "foo",
        "March 2020",  # no day: never guessed from today's date
        "2020",
        "Updated 3 hours ago",
        "2020-13-45",
        "99999999999999999",
        "x" * 500,
        "0000-00-00",
        "3 March 1066",  # outside plausible publish years
    ],
)
def test_parse_date_refuses(value: str | None) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Posted by X on 3 March 2020, 10:42 about things", utc(2020, 3, 3, 10, 42)),
        ("دمشق في ٥ آذار ٢٠٢٠ - سانا", utc(2020, 3, 5)),
        ("Published 2019-11-18T23:04:24-05:00 by staff", utc(2019, 11, 19, 4, 4, 24)),
        ("no date in here, only 12 apples", None),
        ("", None),
    ],
)
def test_search_date(text: str, expected: datetime | None) -> None:
    assert search_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The date search only looks near four-digit years: far into the text, after other
        # numbers and years that are not dates, and with a long Spanish month phrase.
        (
            "x " * 400 + "In 1999 the plant opened. Posted 14 de septiembre de 2019, 10:42",
            datetime(2019, 9, 14, 10, 42, tzinfo=UTC),
        ),
        ("Room 2019 and 2020 seats, no date here at all", None),
        ("Published March 3, 2020, 10:42", datetime(2020, 3, 3, 10, 42, tzinfo=UTC)),
    ],
)
def test_search_date_near_years(text: str, expected: datetime | None) -> None:
    assert search_date(text) == expected
