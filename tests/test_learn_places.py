"""bench/learn_places.py: how the incident list's Arabic locations become village names."""

from __future__ import annotations

from importlib import resources
from types import ModuleType

import pytest

from tests.support.bench_scripts import load_bench_script


@pytest.fixture(scope="module")
def learn_places() -> ModuleType:
    return load_bench_script("learn_places")


@pytest.mark.parametrize(
    ("location_ar", "expected"),
    [
        # a stray quote mark once made a second id for one village ("x.التمانعه_'")
        ("التمانعة '", ["التمانعه"]),
        ("قرية التمانعة", ["التمانعه"]),
        # digits are a word: a street's number stays in its name
        ("شارع 48", ["شارع 48"]),
        # "ب" + the city it is in closes the name; "near" and a fused "و" part two; "or" is
        # an incident unsure of its place
        ("حي المزة بدمشق", ["المزه"]),
        ("علاتا قرب أرمناز", ["علاتا"]),
        ("قرب من بلدة باتبو", ["باتبو"]),
        ("الجديدة أو اليعقوبية", []),
        ("بقرص والزباري", ["بقرص", "الزباري"]),
        # a lead word mistyped, a lead "مركز", an area's name fused to the village's
        ("نطقة عين العرب", []),
        ("مركز عين العرب", []),
        ("منبجالمحسنلي", ["المحسنلي"]),
        ("مريم", ["مريم"]),  # one letter from "مخيم", but a name alone is no lead
        # "X في Y" names Y, X a spot in it, unless X is a settlement (a camp is a spot)
        ("دراجة في الدانا", ["الدانا"]),
        ("قرية تلتيتا في جبل السماق", ["تلتيتا"]),
        ("حي الفرقان في مدينة حلب", ["الفرقان"]),
        ("مخيم أهل سراقب في قرية الحمامة", ["الحمامه"]),
    ],
)
def test_arabic_parts_keep_only_words(
    learn_places: ModuleType, location_ar: str, expected: list[str]
) -> None:
    areas = learn_places.area_names(learn_places.curated())
    assert learn_places.arabic_parts(location_ar, areas) == expected


def test_the_shipped_learned_ids_hold_no_stray_marks() -> None:
    text = resources.files("scraper.dedup.data").joinpath("places_learned.tsv").read_text("utf-8")
    ids = [line.split("\t")[0] for line in text.splitlines() if line and not line.startswith("#")]
    assert ids
    assert len(ids) == len(set(ids))
    for place_id in ids:
        assert all(part.isalnum() for part in place_id[2:].split("_")), place_id


def test_spellings_of_one_village_share_one_id(learn_places: ModuleType) -> None:
    incidents = [
        {"location_ar": "كفرنوران", "location": "Kafr Nouran", "region_en": "Aleppo"},
        {"location_ar": "كفرنوران", "location": "Kafr Noran", "region_en": "Aleppo"},
        {"location_ar": "كفر نوران", "location": "Kafr Nouran", "region_en": "Idlib"},
        # a typo one letter from a name, the English in common
        {"location_ar": "تل رفعت", "location": "Tal Rifaat", "region_en": "Aleppo"},
        {"location_ar": "تل رفعت", "location": "Tal Rifaat", "region_en": "Aleppo"},
        {"location_ar": "ثل رفعت", "location": "Tal Rifaat", "region_en": "Aleppo"},
        # with and without the article, but two governorates: two villages
        {"location_ar": "الربيعة", "location": "Al-Rabiaa", "region_ar": "حماة"},
        {"location_ar": "ربيعة", "location": "Rabia", "region_ar": "الحسكة"},
    ]
    villages = learn_places.learn(incidents, learn_places.curated())
    assert set(villages) == {"x.كفرنوران", "x.تل_رفعت", "x.الربيعه", "x.ربيعه"}
    assert "كفر نوران" in villages["x.كفرنوران"].names
    assert "ثل رفعت" in villages["x.تل_رفعت"].names


@pytest.mark.parametrize(
    ("incidents", "expected"),
    [
        # a seat learned under two names of one curated area: Qamishli in Arabic and Kurdish
        (
            [
                {"location_ar": "القامشلي", "location": "Qamishli", "region_en": "Hasakah"},
                {"location_ar": "القامشلي", "location": "Qamishli", "region_en": "Hasakah"},
                {"location_ar": "قامشلو", "location": "Qamishlo", "region_en": "Hasakah"},
            ],
            {"x.القامشلي": ["القامشلي", "قامشلو"]},
        ),
        # two seats of two areas stay two towns
        (
            [
                {"location_ar": "دمشق", "location": "Damascus"},
                {"location_ar": "حمص", "location": "Homs"},
            ],
            {"x.دمشق": ["دمشق"], "x.حمص": ["حمص"]},
        ),
    ],
)
def test_one_seat_under_two_area_names_is_one_town(
    learn_places: ModuleType, incidents: list[dict[str, str]], expected: dict[str, list[str]]
) -> None:
    villages = learn_places.learn(incidents, learn_places.curated())
    assert {i: [n for n in v.names if not n.isascii()] for i, v in villages.items()} == expected


def test_an_arabic_name_the_curated_english_place_lacks_is_not_learned(
    learn_places: ModuleType,
) -> None:
    incidents = [
        # the Arabic field wrote Gaza's Rafah for Helfaya, a curated town
        {"location_ar": "رفح", "location": "Helfaya City", "region_en": "Hama"},
        # one letter from the curated name: a typo of it, kept
        {"location_ar": "ثل رفعت", "location": "Tal Rifaat", "region_en": "Aleppo"},
        # a neighbour in brackets is not the place's English name
        {"location_ar": "قرية جلبية", "location": "road near Jalabiya (Kharab Ashk) village"},
    ]
    villages = learn_places.learn(incidents, learn_places.curated())
    assert set(villages) == {"x.ثل_رفعت", "x.جلبيه"}


@pytest.mark.parametrize(
    ("english", "arabic", "alike"),
    [
        ("Sarrin", "صرين", True),
        ("Kafr Ta'al", "كفرتعال", True),
        ("Theybin", "ذيبين", True),
        ("Al-Bugaz", "بوغاز", True),
        ("Land of Hope", "ارض الامل", True),  # translations stay
        ("Al Sina'a Prison", "سجن الصناعه", True),
        # another place the location named: Sarrin's "village of Qafsef", Ain Issa's
        # "Abu Naytulah", "Miznaz, Maarat Al-Naasan"
        ("Qafsef", "صرين", False),
        ("Abu Naytulah", "عين عيسي", False),
        ("Miznaz", "معاره النعسان", False),
        ("Kharab Ashk", "جلبيه", False),
    ],
)
def test_an_english_alias_must_sound_like_the_arabic_name(
    learn_places: ModuleType, english: str, arabic: str, alike: bool
) -> None:
    assert learn_places.sounds_like(english, arabic) is alike


@pytest.mark.parametrize(
    ("incidents", "ids"),
    [
        # one letter's twin swapped: short names, or no English name in common
        (
            [
                {"location_ar": "طنب", "location": "Tanab", "region_en": "Aleppo"},
                {"location_ar": "تنب", "location": "Tenab", "region_en": "Aleppo"},
            ],
            {"x.طنب"},
        ),
        (
            [
                {"location_ar": "قرية آقيبة", "location": "the village of Aqiba in Shirawa"},
                {"location_ar": "عقيبة", "location": "Aqiba", "region_en": "Aleppo"},
                {"location_ar": "آقيبة", "location": "Aqiba", "region_en": "Aleppo"},
            ],
            {"x.اقيبه"},
        ),
        # two governorates, no governorate known, English names that sound apart, or a vowel
        # swapped: two places
        (
            [
                {"location_ar": "طنب", "location": "Tanab", "region_en": "Aleppo"},
                {"location_ar": "تنب", "location": "Tenab", "region_en": "Idlib"},
            ],
            {"x.طنب", "x.تنب"},
        ),
        (
            [
                {"location_ar": "طنب", "location": "Tanab"},
                {"location_ar": "تنب", "location": "Tenab"},
            ],
            {"x.طنب", "x.تنب"},
        ),
        (
            [
                {"location_ar": "صفرة", "location": "Safra", "region_en": "Aleppo"},
                {"location_ar": "سفرة", "location": "Sifat", "region_en": "Aleppo"},
            ],
            {"x.صفره", "x.سفره"},
        ),
        (
            [
                {"location_ar": "مخيم مريم", "location": "Maryam camp", "region_en": "Idlib"},
                {"location_ar": "مخيم مرام", "location": "Maram camp", "region_en": "Idlib"},
            ],
            {"x.مريم", "x.مرام"},
        ),
    ],
)
def test_spelling_twins_of_one_letter_are_one_village(
    learn_places: ModuleType, incidents: list[dict[str, str]], ids: set[str]
) -> None:
    assert set(learn_places.learn(incidents, learn_places.curated())) == ids


@pytest.mark.parametrize(
    ("incident", "place_id", "parents"),
    [
        # a seat's name placed in another governorate by its incident is the seat of its area
        (
            {"location_ar": "القنيطرة", "location": "Al-Quneitra", "region_en": "Idlib"},
            "x.القنيطره",
            ("sy.quneitra", ""),
        ),
        # in its own area, or unplaced, it keeps what the incident says
        (
            {"location_ar": "السويداء", "location": "Al-Suwayda", "region_en": "Suwayda"},
            "x.السويداء",
            ("sy.suwayda", ""),
        ),
        ({"location_ar": "دمشق", "location": "Damascus"}, "x.دمشق", ("sy.damascus", "")),
        # a village of another name keeps its governorate
        (
            {"location_ar": "الكفير", "location": "Al-Kafir", "region_en": "Idlib"},
            "x.الكفير",
            ("sy.idlib", ""),
        ),
    ],
)
def test_a_seat_learned_in_another_area_takes_its_areas_parents(
    learn_places: ModuleType, incident: dict[str, str], place_id: str, parents: tuple[str, str]
) -> None:
    village = learn_places.learn([incident], learn_places.curated())[place_id]
    assert (village.parent(village.governorates), village.parent(village.districts)) == parents


def test_a_seat_placed_in_two_governorates_is_in_its_own(learn_places: ModuleType) -> None:
    incidents = [
        {"location_ar": "حمص", "location": "Homs", "region_en": "Homs"},
        {"location_ar": "حمص", "location": "Homs", "region_en": "Hama"},
    ]
    village = learn_places.learn(incidents, learn_places.curated())["x.حمص"]
    assert village.parent(village.governorates) == "sy.homs"
