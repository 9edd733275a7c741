from __future__ import annotations

import pytest

from scraper.dedup.gazetteer import SPECIFIC, Gazetteer, load_default, prefix_variants
from scraper.dedup.normalize import normalize, tokens


def ids(gaz: Gazetteer, text: str) -> set[str]:
    return {m.place.id for m in gaz.find(tokens(normalize(text)))}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_default()


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("قصف على مدينة البوكمال", "sy.albukamal"),
        ("غارة للتحالف قرب البوكمال", "sy.albukamal"),
        ("strike near Albu Kamal", "sy.albukamal"),
        ("Al-Bukamal countryside", "sy.albukamal"),
        ("استهداف للبوكمال", "sy.albukamal"),  # ل + ال fused
        ("وبالبوكمال", "sy.albukamal"),  # و + ب + ال
        ("هجوم على حقل كونيكو", "sy.conoco"),
        ("Conoco gas field", "sy.conoco"),
        ("قاعدة التنف", "sy.tanf"),
        ("Ain al-Asad air base", "iq.ainalasad"),
        ("ريف دير الزور الشرقي", "sy.deirezzor"),
        ("Deir ez-Zor", "sy.deirezzor"),
        ("الميادين", "sy.mayadin"),
        ("بريف إدلب", "sy.idlib"),
    ],
)
def test_names_resolve(gaz: Gazetteer, text: str, place: str) -> None:
    assert place in ids(gaz, text)


def test_governorate_seat_is_not_specific(gaz: Gazetteer) -> None:
    # "Idlib" names the governorate in reports; the GeoNames city must not shadow it as a town.
    found = gaz.find(tokens(normalize("قصف على إدلب")))
    assert found and all(m.place.level < SPECIFIC for m in found)


def test_common_words_are_not_places(gaz: Gazetteer) -> None:
    assert not ids(gaz, "the army said the drone attack killed civilians")
    assert not ids(gaz, "قصف الطيران الحربي على القرية")
    # pronoun and particles that GeoNames also lists as towns in Iraq and Iran
    assert not ids(gaz, "ما أسفر عنه مقتل مدني، وأعلن بأنه يعمل لضمان وصول المساعدات")
    assert not ids(gaz, "لعنة الله على المجتمع الدولي")
    assert not ids(gaz, "civilians came to harm")


def test_longest_name_wins() -> None:
    gaz = Gazetteer([("a", 4, ["تل"]), ("b", 4, ["تل رفعت"]), ("c", 4, ["رفعت"])])
    assert [m.place.id for m in gaz.find(tokens("في تل رفعت"))] == ["b"]


def test_prefix_variants() -> None:
    assert prefix_variants("وبالبوكمال") == ("وبالبوكمال", "بالبوكمال", "البوكمال", "بوكمال")
    assert prefix_variants("strike") == ("strike",)


def test_names_of_several_lengths_share_a_first_token() -> None:
    gaz = Gazetteer(
        [("a", 4, ["سرمين"]), ("b", 4, ["سرمين رفعت الجديده"]), ("c", 4, ["سرمين ابيض"])]
    )
    assert [m.place.id for m in gaz.find(tokens("في سرمين رفعت الجديده"))] == ["b"]
    assert [m.place.id for m in gaz.find(tokens("في سرمين ابيض"))] == ["c"]
    # the three-token name cannot run past the end of the text; the one-token one still matches
    assert [m.place.id for m in gaz.find(tokens("في سرمين رفعت"))] == ["a"]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("قصف على كفر تعال", "كفرتعال"),  # the gazetteer has it fused, the report splits it
        ("قصف على جسرالشغور", "جسر الشغور"),  # the gazetteer splits it, the report fuses it
    ],
)
def test_compound_names_with_or_without_the_space(text: str, written: str) -> None:
    gaz = Gazetteer([("x.one", 4, [written]), ("x.other", 4, ["تعال"])])
    assert ids(gaz, text) == {"x.one"}


def test_a_head_word_alone_is_not_split_off_a_short_name() -> None:
    gaz = Gazetteer([("x.short", 4, ["كفرا"])])  # "كفر" + 1 letter: too short to be a name
    assert ids(gaz, "كفر ا") == set()
