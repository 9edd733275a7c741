from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import pytest

from scraper.dedup import features as features_module
from scraper.dedup.features import (
    _CLOCK_NEXT,
    FeatureExtractor,
    Features,
    _earlier_strike_positions,
    _recalled,
    _without_chrome,
)
from scraper.dedup.gazetteer import Gazetteer, load_default
from scraper.dedup.normalize import normalize, tokens
from scraper.dedup.settings import DedupSettings
from scraper.models import Post


@pytest.fixture()
def extractor() -> FeatureExtractor:
    return FeatureExtractor(DedupSettings(), load_default())


def feats(ex: FeatureExtractor, text: str, source: str = "s") -> Features:
    post = Post(id=f"p{hash(text)}", source=source, kind="article", url="", text=text)
    return ex.extract(post, datetime(2024, 1, 1, tzinfo=UTC).timestamp())


def assert_places(
    extractor: FeatureExtractor, text: str, read: str | None, not_read: str | None
) -> None:
    """`read` is among the places read from `text` and `not_read` is not (None: not asked)."""
    places = feats(extractor, text).places
    if read is not None:
        assert read in places
    if not_read is not None:
        assert not_read not in places


@pytest.mark.parametrize(
    ("text", "attack", "actor"),
    [
        ("غارة جوية روسية على بلدة سرمين", "airstrike", "russia"),
        ("قصف مدفعي لقوات النظام على قرية قسطون", "shelling", "regime"),
        ("طائرة مسيرة تركية تستهدف سيارة", "drone", "turkey"),
        ("Coalition airstrike hits ISIS hideout", "airstrike", "coalition"),
        ("Turkish drone strike near Qamishli", "drone", "turkey"),
        ("انفجار عبوة ناسفة في مدينة الباب", "explosion", None),
        ("استهـ.ـداف بغـ.ـارة روسـ.ـية", "airstrike", "russia"),  # cut at dots to dodge filters
        # ل + ال fused: "للتحالف" is ل + "التحالف", "للنظام" ل + "النظام"
        ("طائرة مسيرة تابعة للتحالف الدولي تستهدف سيارة", "drone", "coalition"),
        ("إصابة 3 مدنيين بقصف مدفعي للنظام السوري", "shelling", "regime"),
        ("غارة للطيران الحربي على البلدة", "airstrike", None),
        ('قصف صاروخي لـ"ي ب ك" الإرهابي على عفرين', "rocket", "sdf"),  # YPG letter by letter
        ("استشهد مدنيان جراء عدوان جوي إسرائيلي على حمص", "airstrike", "israel"),
        # the adjective without the article, as "تركي" already was
        ("قصف صاروخي روسي على ريف إدلب", "rocket", "russia"),
        ("غارات أميركية على دير الزور", "airstrike", "coalition"),
        ("طائرة مسيرة إيرانية الصنع", "drone", "iran"),
        ("Turkish air raids target the PKK in northern Syria", "airstrike", "turkey"),
        ("قصف مدفعي لميليشيا ب ي د على اعزاز", "shelling", "sdf"),
        # SANA's and Kurdish outlets' English for "قسد" and the US: their Arabic twins read them
        ("rocket attack by QSD militia on Aleppo countryside", "rocket", "sdf"),
        ("Turkish artillery shelled positions of Kurdish forces", "shelling", "sdf"),
        ("three persons killed in air drop by US occupation forces", "ground", "coalition"),
        ("a drone strike by US forces in Idlib", "drone", "coalition"),
    ],
)
def test_attack_and_actor(
    extractor: FeatureExtractor, text: str, attack: str, actor: str | None
) -> None:
    f = feats(extractor, text)
    assert attack in f.attacks
    if actor:
        assert actor in f.actors


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        # what the strike hit is not who struck
        ("غارات إسرائيلية على مواقع لقوات الأسد في ريف حمص", {"israel"}),
        ("قصف إسرائيلي استهدف مواقع ميليشيات إيران في السيدة زينب", {"israel"}),
        ("مقتل القيادي في تنظيم الدولة بغارة للتحالف الدولي", {"coalition"}),
        ("استهدفت خلايا تنظيم داعش في بلدة ذيبان", set()),
        ("هجمات لمقاتلي العشائر على نقاط قسد شرقي دير الزور", set()),
        ("Update: air strikes against Daesh", set()),
        ("Turkish air raids target the PKK in northern Syria", {"turkey"}),
        # ... while who struck, even next to such a word, still is
        ("قصف مدفعي لقوات النظام على قرية قسطون", {"regime"}),
        ("قصفت قسد مواقع الجيش الوطني بريف منبج", {"sdf"}),
        ("استهداف مواقع بقذائف من قبل قوات النظام", {"regime"}),
    ],
)
def test_actor_named_as_target(extractor: FeatureExtractor, text: str, actors: set[str]) -> None:
    assert set(feats(extractor, text).actors) == actors


@pytest.mark.parametrize(
    ("text", "attacks"),
    [
        ("المنطقة تشهد موجة قصف متقطع منذ أيام", set()),  # "موجة" (a wave) is not "موجه"
        ("موجة نزوح من القرى", set()),
        ("استهداف سيارة بصاروخ موجه", {"rocket"}),  # the guided missile is its "صاروخ"
        ("a Russian air raid targeted poultry farms", {"airstrike"}),  # not also a ground raid
        ("the raid killed four people", {"ground"}),
        ("غارات بصواريخ فراغية شديدة الانفجار", {"airstrike", "rocket"}),  # a munition
        ("انفجار عبوة ناسفة", {"explosion"}),
        # left-over ordnance going off is an explosion, not shelling or a rocket strike
        ("مقتل شاب بانفجار قذيفة من مخلفات الحرب جنوبي إدلب", {"explosion"}),
        ("إصابة طفلين بانفجار صاروخ من مخلفات قصف سابق", {"explosion"}),
        ("مقتل شاب بقذيفة مدفعية على كنصفرة", {"shelling"}),
        # an unmanned aircraft is a drone
        ("غارة من طائرة بلا طيار استهدفت دراجة نارية", {"airstrike", "drone"}),
        ("استهداف طائرة بدون طيار لسيارة", {"drone"}),
        ("قصف من الطائرات دون طيار", {"drone"}),
        ("دون وقوع إصابات", set()),
    ],
)
def test_attack_words_only(extractor: FeatureExtractor, text: str, attacks: set[str]) -> None:
    assert set(feats(extractor, text).attacks) == attacks


@pytest.mark.parametrize(
    ("text", "killed", "wounded"),
    [
        ("مقتل 4 أطفال وجرح 5 آخرين", {4}, {5}),
        ("سقوط شهيدان", {2}, set()),
        ("استشهاد ثلاثة مدنيين", {3}, set()),
        ("3 civilians killed and 7 wounded", {3}, {7}),
        ("ثلاثة مدنيون استشهدوا اثر غارات", {3}, set()),  # the plural verb
        ("مصرع 4 عناصر", {4}, set()),
        ("الاحتلال الأمريكي يقتل 3 أشخاص", {3}, set()),  # a headline's present tense
        ("قذيفة روسية تقتل 4 أطفال وتصيب 10 آخرين", {4}, {10}),
        ("Manbij shelling kills four; drone attack injures 9 civilians", {4}, {9}),
        ("قذائف النظام تقتل طفلاً شرق إدلب", {1}, set()),  # the accusative: one victim
        ("مسيرة تركية تصيب مواطناً شرق عين عيسى", set(), {1}),
        ("استشهد مدني وجرح آخر اليوم", {1}, {1}),  # another one
        ("مقتل سيدة وإصابة طفلها بقصف صاروخي", {1}, {1}),  # one of the family
        ("مقتل رجل وإصابة زوجته وطفلته الرضيعة", {1}, {2}),  # ... and two of them: two
        # two named one by one: two
        ("مقتل رجل وطفله وإصابة زوجته وطفلته", {2}, {2}),
        ("ما تسبب بإصابة امرأة وطفلها بجروح", set(), {2}),
        ("استشهد طفل وطفلة وأصيب 4 آخرون", {2}, {4}),
        # ... not three
        ("استشهاد رجل وزوجته وطفلته بقصف", set(), set()),
        ("استشهدت سيدة وأصيب شاب", {1}, {1}),  # the feminine verb
        ("شهيدة طفلة وجرحى من عائلتها بقصف مدفعي", {1}, set()),  # the feminine noun
        ("قالت إن مدنيين اثنين قتلا في القصف", {2}, set()),  # the dual verb
        ("أدى إلى ارتقاء 5 شهداء", {5}, set()),
        ("استشهدت مواطنة وأصيبت اثنتين أخريين", {1}, {2}),  # the feminine "two"
        ("استشهاد طفلين", {2}, set()),  # a dual noun is its own count
        ("لقي مدنيان حتفهما", {2}, set()),
        ("مقتل مدنيين", set(), set()),  # "مدنيين" is also the plural: no count
        # one victim named by a singular noun, no digit
        ("مقتل مدني بقصف مدفعي", {1}, set()),
        ("استشهاد الشاب محمد وإصابة طفلة", {1}, {1}),
        ("مقتل أحد عناصر الشرطة", {1}, set()),
        ("استشهد الأحد مدنيون بقصف", set(), set()),  # on Sunday, not "one"
        ("قتلى للأحد الثاني على التوالي", set(), set()),  # "للأحد": ل + "الأحد"
        ("وأمس الإثنين قتل مدني جراء القصف", {1}, set()),  # on Monday, not "two"
        ("أصيبت شقيقتها بجروح اليوم الاثنين", set(), {1}),  # her sister, not Monday's two
        ("مقتل مدنيين اثنين", {2}, set()),  # ... and "اثنين" alone is two
        ("مقتل اثنين من كبار مهربي المخدرات", {2}, set()),
        ("مدينة إدلب وفاة مدنيين اثنين كانا بالعناية المشددة", {2}, set()),
        # ... but not when "و" joins more victims to it: one more named alone makes two,
        # a count or a third leaves the toll unknown
        ("مقتل طفل وامرأة بقصف", {2}, set()),
        ("استشهاد سيدة وطفلتها بقصف مدفعي", {2}, set()),
        ("إصابة طفل ووالدته بجروح", set(), {2}),
        ("مقتل مدني وآخر بقصف", {2}, set()),
        ("تسببت بمقتل مدني و 13 عسكريين", set(), set()),
        ("مقتل مدني وإصابة 4 آخرين", {1}, {4}),  # "و" joins the wounded, not more dead
        ("استشهد مدني وأصيب آخرون", {1}, set()),
        ("مقتل أحد وجهاء البلدة", {1}, set()),  # "وجهاء" is a word, not "و" + a person
        # a count past "و" next to another casualty word is that word's count
        ("شهيد مدني وسبعة جرحى", {1}, {7}),
        ("مقتل 3 وإصابة 5", {3}, {5}),
        # a verbal noun or the present tense takes its count after it, never before
        ("ادلب اليوم السبت 11 مقتل 3 أشخاص", {3}, set()),
        ("ديرالزور 24 مقتل محمد خلال عملية إنزال", set(), set()),
        ("بواقع 85 هجوما يقتل المدنيين", set(), set()),
        ("35 مدنيا قتل بقصف النظام", {35}, set()),  # the past may be passive: before it is
        ("سبعة جرحى وشهيد مدني", {1}, {7}),
        # a casualty word that opens its clause with "و" takes no count from the clause before
        ("مقتل مدنيين اثنين وإصابة مدني آخر", {2}, {1}),
        ("مجزرة بحق عائلة واحدة وإصابة 13 آخرين", set(), {13}),
        ("قتل مدنيان اثنان وأصيب آخرون", {2}, set()),
        ("وفاة 3 أشخاص", {3}, set()),  # "وفاة" is a word of its own, not "و" + a word
        # ... nor one that follows a casualty word of the other kind
        ("killing 4 civilians, injuring a woman", {4}, {1}),  # not 4: one woman
        ("killed four and wounded several others", {4}, set()),
        ("two martyred, nine others injured", {2}, {9}),  # "others": the next word's count
        # ... nor one that a casualty word of the other kind after it takes as its subject
        ("Five people martyred, 15 wounded in Israeli aggression", {5}, {15}),
        ("2 civilians killed, 6 soldiers wounded in Israeli strike", {2}, {6}),
        ("killed 3 and wounded 5", {3}, {5}),
        ("مقتل 3 وإصابة 5", {3}, {5}),
        ("أصيب ثمانية مدنيين بجروح جراء سبع هجمات", set(), {8}),  # one kind: one count
        # a number before years is an age, not a toll
        ("مقتل طفل (5 سنوات)", {1}, set()),
        ("طفل عمره 5 سنوات استشهد بقصف", set(), set()),
        ("boy killed, 7 years old", {1}, set()),  # the boy, not his age
        # 11–19 are two words, the unit then "عشر"
        ("مقتل أحد عشر مدنيا", {11}, set()),
        ("استشهاد اثنا عشر مدنيا", {12}, set()),
        ("مقتل إحدى عشرة امرأة", {11}, set()),
        ("مقتل ثلاثة عشر شخصا", {13}, set()),
        ("إصابة تسعة عشر شخصا", set(), {19}),
        # the accusative a count from 11 on takes
        ("سقوط تسعة عشر قتيلاً و25 جريحاً", {19}, {25}),
        # the numbers of a clock or a date are not a toll
        ("من الشهداء 9:49 PM", set(), set()),
        ("01:13 AM مقتل عسكري", set(), set()),
        ("لم تقع اي إصابات\n2 replies 4 retweets", set(), set()),  # a tweet's counters
        # a count "among them" is a part of the toll, not the toll
        ("أصيب أربعة أشخاص بينهم طفلين بجروح متفاوتة", set(), {4}),
        ("إصابة 8 مدنيين بينهم 5 أطفال بجروح", set(), {8}),
        ("four others sustained injuries including two children", set(), set()),
        ("مقتل 5 أشخاص بينهم 3 أطفال", {5}, set()),
        ("أصيب 11 مدنيا بينهم 5 أطفال وامرأتان بجروح", set(), {11}),  # later in the list
        ("مقتل 5 بينهم طفل وإصابة 3 آخرين", {5}, {3}),  # a casualty word ends the list
        ("5 قتلى بينهم طفل وامرأة و 38 جريحا", {5}, {38}),  # a count before its own noun
        # a count of the killed and wounded together is a toll of neither
        ("56 قتيلا وجريحا بقصف على مدينة الباب", set(), set()),
        ("40 قتيلاً ومصاباً بمجزرة", set(), set()),
        ("Russian airstrikes: eight killed and wounded in border village", set(), set()),
        ("سقوط 7 شهداء وجرحى", {7}, set()),  # the plural may be seven dead and some wounded
        ("مقتل وإصابة 37 مدنيا في اليوم الرابع", set(), set()),
        ("قتل وجرح 7 مدنيين معظمهم أطفال", set(), set()),
        # ... but a count of "others" after the wounding word is its own: the dead named before
        ("أكدت الفرق أن مدنيا قتل وجرح اثنين آخرين جراء القصف", set(), {2}),
        # the past of "يصيب", a typo for the verbal noun; with no count it hits a thing
        ("ما أدى إلى اصاب اثنين من المدنيين أحدهما طفلة", set(), {2}),
        ("بصاروخ حراري موجه أصاب سيارة كانوا يستقلونها", set(), set()),
        # "one family" is no count
        ("إصابة 5 مدنيين من عائلة واحدة بجروح", set(), {5}),
        # a plural verb's count opens its subject, words before it
        ("وقال مراسل الجزيرة إن 4 أطفال من عائلة واحدة قتلوا", {4}, set()),
        ("وكان 3 جنود من قوات الدفاع الجوي السورية قتلوا في القصف", {3}, set()),
        ("وقال مراسلنا إن ثلاثة مدنيين بينهم سيدة وطفل استشهدوا", {3}, set()),
        ("قال الدفاع المدني إن 7 مدنيين بينهم 4 أطفال أصيبوا اليوم", set(), {7}),
        ("إن 13 شخصا على الأقل بينهم ستة أطفال قتلوا في القصف", {13}, set()),
        # ... not when "و" adds victims to it, nor an age
        ("إن 4 أطفال ووالدتهم أصيبوا اليوم", set(), set()),
        ("وكانت امرأة وثلاثة أطفال قد قتلوا في القصف", set(), set()),
        ("الطفلان محمود 11 عاما وخالد 13 عاما أصيبوا في القصف", set(), set()),
        ("قتل وأصيب نحو 80 شخصا", set(), set()),
        ("فقدان 4 من مقاتليها لحياتهم وإصابة 11 مدنيا", set(), {11}),
        ("september 2 2021 مقتل امرأة", {1}, set()),  # the day of the date, not a toll
        ("ويوم الخميس 22 حزيران قتل مدني", {1}, set()),  # a day before its month
        ("كما أصيب في 25 من تموز", set(), set()),
        # ... but a toll right after a date's year is one: a year ends the date
        ("Syria: May 2022 23 deaths in acts of violence", {23}, set()),
        ("ايلول 2021 3 قتلى بإنزال جوي", {3}, set()),
        ("Jan 2024 six civilians injured in a drone strike", set(), {6}),
        # a period's toll is no strike's
        ("ومنذ بداية العام الحالي وثقت فرقنا مقتل 26 شخصاً وإصابة 28 آخرين", set(), set()),
        # ... or follows its count closely
        ("أسفرت عن مقتل 843 مدنيا على الأقل خلال الفترة من 26 أبريل", set(), set()),
        ("35 مدنياً قتل بقصف النظام على شمال سوريا منذ بداية العام", set(), set()),
        ("وثقت مقتل 129 شخصا في سوريا خلال شهر تموز الماضي", set(), set()),
        # a report's tally is no strike's toll, a report's word for a strike's toll is
        ("وقد وثق التقرير مقتل 64 مدنياً في سوريا، بينهم 16 مدنياً في محافظة إدلب", set(), set()),
        ("حلب.. تقرير يوثق مقتل 65 مدنيًا على يد قسد", set(), set()),
        ("وبحسب تقرير المرصد قتل 3 مدنيين بقصف على البلدة", {3}, set()),
        # a toll under a bare year is that year's background; a date's year is a day's
        ("وفي عام 2013 أدى قصف مماثل إلى مقتل 23 مدنيا", set(), set()),
        ("بزيادة كبيرة عن عام 2021 الذي شهد مقتل 32 مدنيا", set(), set()),
        ("في 5 من آذار عام 2020 قتل 3 مدنيين", {3}, set()),
        ("شهد عام 2013 مجزرة في البلدة واليوم قتل 3 مدنيين", {3}, set()),
        # ... with "and" or "in" on the year word ("وعام", "بعام"); "السنة" before a year is
        # not a bare year's word here (`_background`'s "of last year" has its own words)
        ("وعام 2013 أدى قصف مماثل إلى مقتل 23 مدنيا", set(), set()),
        ("مقارنة بعام 2021 الذي شهد مقتل 32 مدنيا", set(), set()),
        ("السنة 2013 أدى قصف مماثل إلى مقتل 23 مدنيا", {23}, set()),
        # a mother or a father and a child: two
        ("استشهاد أم وابنها بقصف مدفعي على البلدة", {2}, set()),
        ("مقتل أب وابنه بغارة جوية", {2}, set()),
        ("استشهاد أم وابنها وابنتها", set(), set()),  # more: unknown
        ("مقتل أم", set(), set()),  # alone, not read
        ("ووثق المرصد السوري مقتل 16 مدنياً في الغارات", {16}, set()),
        # ... not a period named a sentence later, past the count's reach
        (
            "مقتل 3 مدنيين بقصف مدفعي على قرية كفرنبل جنوب إدلب مساء اليوم وذلك ضمن التصعيد"
            " المستمر خلال الشهر الجاري",
            {3},
            set(),
        ),
        ("خلال الفترة من 26 أبريل إلى 19 أغسطس قتل 843 مدنيا", set(), set()),
        ("since early 2022 these attacks left 20 people dead", set(), set()),
        (
            "قصف منذ بداية العام على البلدة وقرى ريفها الشرقية بالمدفعية الثقيلة. واليوم قتل مدني",
            {1},
            set(),
        ),
        # an English passive's auxiliary stands between the victims and the word; English
        # names one victim with "a"/"an", not with the noun alone as Arabic does
        ("Two civilians were killed in an airstrike", {2}, set()),
        ("three children have been killed by Russian jets", {3}, set()),
        ("One civilian was martyred in Israeli aggression", {1}, set()),
        ("four people were injured, including a child", set(), {4}),
        ("Turkish drone strike killing a young man", {1}, set()),
        ("the raid, which killed a woman", {1}, set()),
        ("A civilian was killed and two others injured", {1}, {2}),
        ("the shelling killed a man and his son", set(), set()),  # two, uncounted
        ("A citizen martyred in Israeli rocket aggression", {1}, set()),  # a headline: no verb
        ("An individual was killed in a missile strike", {1}, set()),
        ("in 2022 were killed", set(), set()),  # a year
        # an English headline names its victims bare: one after a verb, those before a
        # participle ("and" between)
        ("Turkish missile shelling kills civilian in Manbij countryside", {1}, set()),
        ("Turkish missile injures woman in Tal Tamr", set(), {1}),
        ("Girl injured by Syrian regime bombing", set(), {1}),
        ("Woman, child injured in Turkish occupation shelling", set(), {2}),
        ("Man and woman injured in regime bombardment", set(), {2}),
        ("shelling injures child, kills number of sheep", set(), {1}),  # not a killed child
        ("shelling kills man and son", set(), set()),  # two, uncounted
        # an earlier time's toll, the time opening its clause: the report's background
        ("والأسبوع الماضي قتل 15 عنصراً من قوات النظام بعملية نوعية", set(), set()),
        ("وفي 28 من تشرين الثاني الماضي، أصيب عشرة أطفال بجروح", set(), set()),
        ("سبق ذلك أواخر آب الماضي، مقتل شاب وإصابة مدنيين اثنين", set(), set()),
        ("Last week, 15 soldiers were killed in an ambush", set(), set()),
        # ... beside the strike's own, which is read
        ("مقتل 3 مدنيين اليوم، وفي 12 من حزيران الماضي قتل سبعة مدنيين", {3}, set()),
        # last night's and the last hours' toll is the strike's
        ("ارتفعت حصيلة الغارات الليلة الماضية إلى 10 قتلى", {10}, set()),
        ("خلال الساعات الماضية قتل 4 مدنيين", {4}, set()),
        ("قصف في 5 آب الماضي على البلدة ومقتل 2", set(), set()),
        # ... and a toll told after it, its own day between
        ("وفي آب الماضي مقتل 20 مدنياً، واليوم أصيب 3 آخرون", set(), {3}),
        # an outlet named for its province and the clock: "24" is the name's
        ("درعا 24 - وفاة الشاب يامن متأثراً بجراحه", {1}, set()),
        ("السويداء 24 - مقتل 3 مدنيين بقصف على القرية", {3}, set()),
        ("مقتل 24 مدنياً بقصف على درعا", {24}, set()),
        ('ديرالزور 24 on X: "د 24:\nقتلى ومعتقلين خلال حملة مداهمة', set(), set()),
        # a count of thousands is a war's toll, not a strike's
        ("قالت المخابرات إن العائلة مسؤولة عن مقتل 45 ألف شخص", set(), set()),
        ("the war killed 500 thousand people", set(), set()),
    ],
)
def test_casualties(
    extractor: FeatureExtractor, text: str, killed: set[int], wounded: set[int]
) -> None:
    f = feats(extractor, text)
    assert set(f.killed) == killed
    assert set(f.wounded) == wounded


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("اليوم الخميس 8 أيلول/سبتمبر", (9, 8)),
        ("حصاد الأحداث ليوم الجمعة 23-09-2022", (9, 23)),
        ("on September 8, 2022", (9, 8)),
        ("الاثنين 30 من آب", (8, 30)),  # "من" between the day and the month
        ("11/22/2021 | الاخبار الامنية", (11, 22)),  # month first: no 22nd month
    ],
)
def test_dates(extractor: FeatureExtractor, text: str, date: tuple[int, int]) -> None:
    assert date in feats(extractor, text).dates


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        # the day after the month, then the year: the number before the month is not the day
        ("XEBER 24أبريل 13, 2026 815\nمقتل رجل في الرقة", {(4, 13)}),
        ("xeber 24 مارس 28, 2026 928", {(3, 28)}),
        ("civilians killed 3 May 20, 2025", {(5, 20)}),
        # ... not without the year after it
        ("قصف يوم 20 أيار 2025 على البلدة", {(5, 20)}),
        ("قصف يوم 20 أيار 3 قتلى", {(5, 20)}),
        ("on September 8, 2022", {(9, 8)}),
        # the strike's day, then a background paragraph recalling an earlier strike
        ("استشهد ثلاثة مدنيين اليوم 11 تشرين الأول. وفي 21 تموز، استشهد عامل إنساني", {(10, 11)}),
        ("عثر مدنيون على جثة، وفي 20 مارس/آذار الماضي عثروا على أخرى", set()),
        ("قصف في 31 كانون الأول 2020 الفائت", set()),  # past the year
        # past the month's other name (Egyptian and Levantine side by side)
        ("جرح 8 آخرين 20 يناير كانون الثاني الماضي جراء قصف", set()),
        ("مساء 13 من مايو أيار الماضي", set()),
        ("قصف في 2 نوفمبر تشرين الثاني 2021 الماضي", set()),
        ("قصف اليوم 20 يناير كانون الثاني على البلدة", {(1, 20)}),
        ("نزوح منذ 5 أيار", set()),
        ("غارة في 20 آذار على البلدة", {(3, 20)}),  # a plain "in" is the strike's own day
        # a month's second name takes no day after it (here a clock's hour)
        ("قصف اليوم السبت 28 شباط فبراير 5:24 PM", {(2, 28)}),
        ("قصف 2 كانون الأول ديسمبر 10 جرحى", {(12, 2)}),
        ("لنظام الأسد على حي الجزماتي يوم الأحد الماضي 1 كانون الأول", set()),
        # an English paragraph opening with a date and no year: SOHR's recap of earlier days
        (
            "SOHR activists documented two dead today in Manbij.\n"
            "On August 18, SOHR activists documented the death of three",
            set(),
        ),
        ("Drone strike on Manbij.\nOn August 18, 2022, a drone struck", {(8, 18)}),
        ("A drone struck on August 18, killing two", {(8, 18)}),
        # "و" + a weekday before it: the next day of a roundup of earlier days
        ("قصف اليوم 23 آب على إدلب. والخميس 19 آب، قال مراسل إن قذيفة سقطت", {(8, 23)}),
        # "until": the end of a tally's period, not the strike's day
        ("استجابت فرقنا لأكثر من 454 هجوماً منذ بداية العام الحالي حتى يوم الأحد 20 آب", set()),
        ("منذ بداية العام الحالي حتى 22 من تموز، قتل 24 مدنياً", set()),
        ("منذ بداية الحملة حتى ال 26 من تشرين الأول الماضي", set()),
        ("بدأت في 5 اكتوبر وشملت حتى 27 اكتوبر أكثر من 2300 موقع", {(10, 5)}),
        ("the teams responded to 17 attacks until November 25", set()),
        ("منذ بداية العام الحالي حتى يوم أمس السبت 30 من تموز/ يوليو، أدت لمقتل 35", set()),
        ("قصف يوم أمس السبت 30 تموز على البلدة", {(7, 30)}),  # yesterday, no "until"
        ("قتل مدني اليوم الأحد 20 آب بقصف على إدلب", {(8, 20)}),
        # a range: a tally's or a campaign's span, neither end the strike's day
        ("مقتل 843 مدنياً خلال الفترة من 26 أبريل/نيسان إلى 19 أغسطس/آب 2021.", set()),
        ("the campaign between 3 and 5 May killed 20 civilians", set()),
        ("from April 26 to August 19, SOHR documented 80 attacks", set()),
        ("في الفترة الممتدة بين 1 تموز و 15 آب قتل 30", set()),
        ("قصف اليوم 23 آب على إدلب، من 5 أيار حتى اليوم", {(8, 23)}),  # "since", no end date
        ("مقتل 3 من المدنيين و 20 آخرين", set()),
        ("قتل مدني اليوم 20 آب و قتل آخر", {(8, 20)}),  # "and" after a date, no range
        # "on" after an earlier event's word: an agreement signed, an operation launched
        ("رغم اتفاق وقف إطلاق النار الموقع في 5 مارس/ آذار 2020.", set()),
        ("التفاهم المبرم بين تركيا وروسيا في 22 أكتوبر/ تشرين الأول 2019", set()),
        ("اتفاق وقع بين تركيا وروسيا يوم 22 أكتوبر", set()),
        ('عملية "درع الفرات" التي أطلقها في 24 أغسطس/ آب 2016، تطهير', set()),
        ("consultations between the presidents, which came into effect on March 6, 2020.", set()),
        ("Afrin, which was before its occupation on March 18, 2018, a safe place", set()),
        ("الهجوم الأول منذ الـ8 من حزيران 2020", set()),  # "since" past the article
        ("وقتل مدني مساء 19 نوفمبر/تشرين الثاني من العام الماضي، اثر قصف", set()),
        ("قتل مدني مساء 19 نوفمبر من العام الحالي اثر قصف", {(11, 19)}),
        # ... a plain "on" or "in" keeps the strike's day
        ("قصف مدفعي على بلدة البارة في 4 تموز 2023", {(7, 4)}),
        ("Haj Ali was seriously injured on January 8, 2022", {(1, 8)}),
        ("استهدفت الطائرات الموقع يوم 3 آب", {(8, 3)}),  # "the site", no agreement before
        ("قتل 5 مدنيين رغم اتفاق خفض التصعيد يوم 5 آب", {(8, 5)}),  # not signed on that day
        ("killed despite the ceasefire on March 6, 2020", {(3, 6)}),
        ("shelling by the Turkish occupation on March 5 killed two", {(3, 5)}),
        ("the regime launched airstrikes on March 5, killing two", {(3, 5)}),
        ("الصواريخ التي أطلقها النظام يوم 5 آب على البلدة", {(8, 5)}),
    ],
)
def test_the_dates_read_as_the_strikes(
    extractor: FeatureExtractor, text: str, dates: set[tuple[int, int]]
) -> None:
    assert set(feats(extractor, text).dates) == dates


@pytest.mark.parametrize(
    ("text", "stamps"),
    [
        # X's footer and Facebook's header: when the report was posted
        ("قصف على سرمين\n10:37 AM · Sep 28, 2025·Twitter for Android", {(9, 28)}),
        ("FOX PressOctober 20, 2024 · Shared with Publicقصف على سرمين", {(10, 20)}),
        ("Page December 1 at 10:05 AM · Shared with Public قصف", {(12, 1)}),
        # a page's dateline: with its clock, or a line of its own
        ("عنب بلدي\n08/08/2021\n10:23 ص\nقتل أربعة مدنيين", {(8, 8)}),
        ("NEWS DESK\nSunday, 7 August 2022, 13:09\nThe shelling", {(8, 7)}),
        ("2021-11-24\nحمص-سانا\nاستشهد مدنيان", {(11, 24)}),
        # the day the text tells is the strike's, even when a stamp names it too
        ("قصف على سرمين يوم 28 أيلول\n10:37 AM · Sep 28, 2025", set()),
        ("غارة في 20 آذار 2024 على البلدة", set()),
        ("on September 8, 2022 a drone struck", set()),
    ],
)
def test_publication_stamps(
    extractor: FeatureExtractor, text: str, stamps: set[tuple[int, int]]
) -> None:
    f = feats(extractor, text)
    assert set(f.stamps) == stamps
    assert f.stamps <= f.dates  # a stamp is still a day the report names


def test_unknown_village_after_trigger_word(extractor: FeatureExtractor) -> None:
    f = feats(extractor, "قصف على قرية زعيترات الصغيرة")
    assert "v:زعيترات" in f.specific
    assert "v:زعيترات" in f.lead_specific


@pytest.mark.parametrize(
    ("text", "village"),
    [
        # the name of a town abroad only (Sidon) after a village word is a Syrian village's,
        # read as one the gazetteer lacks; Hadar (also Al Hadar in Iraq) is curated since
        ("استهداف سيارة بين بلدتي صيدا والغارية الغربية", "v:صيدا"),
        ("استهدفت مسيرة شخصا من أهالي بلدة حضر بريف القنيطرة", "sy.hadar"),
    ],
)
def test_a_village_named_like_a_town_abroad_is_a_village(
    extractor: FeatureExtractor, text: str, village: str
) -> None:
    f = feats(extractor, text)
    assert village in f.specific
    assert not f.specific & extractor.gazetteer.abroad


@pytest.mark.parametrize(
    ("text", "read", "not_read"),
    [
        # the town of a hospital the wounded were taken to is not the strike's
        (
            "إصابة مدنيين بقصف على قرية جورين نقلوا على إثرها إلى مشفى السقيلبية الوطني",
            "x.جورين",
            "gn:163921",  # Suqaylabiyah
        ),
        (
            "قصف على البارة وجرى نقل الإصابات إلى مستشفى أريحا في إدلب لتلقي العلاج",
            "x.الباره",
            "sy.ariha",
        ),
        # ... in the plural ("one of Tabqa's hospitals"), in a text with no singular hospital
        (
            "توفي اليوم في أحد مشافي الطبقة متأثرا بإصابته جراء القصف التركي على سد تشرين",
            "sy.tishreen",
            "x.الطبقه",
        ),
        # a hospital struck is the strike's place
        ("غارة جوية تستهدف مشفى أريحا الجراحي وقصف على البارة", "sy.ariha", ""),
        # and the hospital's town is kept when the report names no other
        ("جميع الجثامين التي وصلت إلى مشفى السويداء الوطني جراء الانفجار", "x.السويداء", ""),
    ],
)
def test_a_hospital_the_wounded_were_taken_to_is_not_the_strikes_place(
    extractor: FeatureExtractor, text: str, read: str, not_read: str
) -> None:
    f = feats(extractor, text)
    assert read in f.specific
    assert not_read not in f.places


def test_a_village_glued_to_the_next_word_is_read(extractor: FeatureExtractor) -> None:
    # a Facebook capture that lost the space after the village's name ("كنصفرةان")
    f = feats(extractor, "استشهد بقصف مدفعي على قرية كنصفرةان الله وانا اليه راجعون")
    assert "x.كنصفره" in f.specific
    assert not any(p.startswith("v:") for p in f.specific)


def test_seat_towns_are_marked(extractor: FeatureExtractor) -> None:
    f = feats(extractor, "إنزال جوي في بلدة هجين بريف دير الزور الشرقي")
    assert f.seats == {"x.ديرالزور"} and "sy.hajin" in f.specific
    assert not feats(extractor, "قصف مدفعي على قرية كنصفرة").seats


def test_specificity_split(extractor: FeatureExtractor) -> None:
    f = feats(extractor, "غارة على الشحيل بريف دير الزور")
    assert "sy.deirezzor" in f.general
    assert "sy.shuhayl" in f.specific
    assert "sy.shuhayl" not in f.general


def test_boilerplate_lines_learned_per_source(extractor: FeatureExtractor) -> None:
    footer = "تابعونا على قناتنا في تلغرام"
    for i in range(3):
        feats(extractor, f"خبر رقم {i} عن قصف\n{footer}", source="outlet")
    f = feats(extractor, f"خبر جديد عن غارة\n{footer}", source="outlet")
    assert "تلغرام" not in f.lead
    # another outlet has not repeated the line: kept
    g = feats(extractor, f"خبر جديد عن غارة\n{footer}", source="other")
    assert "تلغرام" in g.lead


_LISTED = (
    "قتل 4 مدنيين بقصف على اعزاز عصر اليوم الثلاثاء 15 شباط.\nاقرأ المزيد\nالجمعة 2022/08/19\n"
    "أكثر من 40 قتيلا ومصابا بمجزرة في مدينة الباب\nالاثنين 2022/08/15\n"
    "قريبا من قاعدة عسكرية روسية.. 3 قتلى بقصف على طرطوس\nالأحد 2022/08/14\nأطفال سوريا في"
)


@pytest.mark.parametrize(
    ("text", "dates", "weekdays", "years", "killed"),
    [
        # a list of other stories, each a title and its own dateline: none of it is read
        (_LISTED, {(2, 15)}, {1}, set(), {4}),
        (
            "two citizens were wounded in shelling on Beina\neditors' picks\n"
            "humanitarian convoy heads from tabqa to coastal areas\n20 May, 2025 - 10:05\n"
            "11 people killed in separate incidents in syria\n20 May, 2025 - 08:56\n"
            "lebanon issues new rule for syrians arriving\n19 May, 2025 - 19:46",
            set(),
            set(),
            set(),
            set(),
        ),
        # ... one day's stories, the dateline said again under each (Al Modon's sidebar)
        (
            "قتل 4 مدنيين بقصف على اعزاز عصر اليوم الثلاثاء 15 شباط 2022.\nالتعليقات\n"
            "330 شهيداً في غزة: إسرائيل تستأنف حرب الإبادة\nالثلاثاء 2025/03/18\n"
            "الحدود اللبنانية السورية هادئة وحصيلة الاشتباكات 18 قتيلاً\nالثلاثاء 2025/03/18\n"
            "درعا: قتيلان وجرحى بغارات إسرائيلية استهدفت محيط المدينة\nالثلاثاء 2025/03/18\n"
            "تابعنا عبر مواقع التواصل الإجتماعي",
            {(2, 15)},
            {1},
            {2022},
            {4},
        ),
        ("الثلاثاء 2022/02/15\nقتل 4 مدنيين بقصف على اعزاز", {(2, 15)}, {1}, {2022}, {4}),
        # ... each story's stamp opening its title's line (Nedaa Post's latest news)
        (
            "2021/08/20 09:23 النظام يرتكب مجزرة ضحاياها أطفال في بلدة كنصفرة جنوب إدلب\n"
            "2021/08/20 12:50 ليفاندوفسكي يطلب الرحيل من بايرن ميونيخ\n"
            "2021/08/19 11:12 غارات إسرائيلية على مواقع للنظام السوري في دمشق وحمص\n"
            "قتل 4 أطفال بقصف على كنصفرة اليوم الجمعة 20 آب 2021",
            {(8, 20)},
            {4},
            {2021},
            {4},
        ),
        # the page's publication and update dates: labels, not a list's titles
        (
            "قصف يستهدف جنوب إدلب\nتاريخ النشر:\n09 اغسطس, 2021\nتاريخ التحديث:\n14 يناير, 2026",
            {(8, 9)},  # the update's day and year are not the report's
            set(),
            {2021},
            set(),
        ),
        (
            "Shelling on Idlib\nPublished: 9 August 2021\nUpdated: 14 January 2026",
            {(8, 9)},
            set(),
            {2021},
            set(),
        ),
        # ... and without a publication date, the update date is the page's only one: kept
        ("قصف جنوب إدلب\nاخر تحديث: 24.06.2023 | 17:18 دمشق", {(6, 24)}, set(), {2023}, set()),
        ("قصف يستهدف جنوب إدلب\nتاريخ التحديث:\n14 يناير, 2026", {(1, 14)}, set(), {2026}, set()),
    ],
)
def test_dated_story_lists_are_not_read(
    extractor: FeatureExtractor,
    text: str,
    dates: set[tuple[int, int]],
    weekdays: set[int],
    years: set[int] | None,
    killed: set[int],
) -> None:
    f = feats(extractor, text)
    assert set(f.dates) == dates
    assert set(f.weekdays) == weekdays
    assert years is None or set(f.years) == years
    assert set(f.killed) == killed


@pytest.mark.parametrize(
    ("text", "weekdays", "stamped"),
    [
        # a page's dateline: the weekday it was published, a stamp
        ("الخميس, 5 ديسمبر 2024, 21:54\nقصف مدفعي على البلدة", {3}, {3}),
        ("الاربعاء 2021/08/18\nغارة على البلدة", {2}, {2}),
        ("NEWS DESK\nSunday, 7 August 2022, 13:09\nThe shelling", {6}, {6}),
        # ... beside the strike's own day, which the text tells
        ("السبت 4 تشرين الأول, 2025\nقصف أمس الجمعة على البلدة", {4, 5}, {5}),
        ("السبت 4 تشرين الأول, 2025\nقصف اليوم السبت على البلدة", {5}, set()),
        # not a dateline: the date in a sentence, or a line with more than the date
        ("قصف اليوم السبت 4 تشرين الأول 2025 على البلدة", {5}, set()),
        ("قصف على البلدة\nالسبت 4 تشرين الأول 2025 قصف مدفعي على البلدة", {5}, set()),
    ],
)
def test_dateline_weekdays_are_stamps(
    extractor: FeatureExtractor, text: str, weekdays: set[int], stamped: set[int]
) -> None:
    f = feats(extractor, text)
    assert set(f.weekdays) == weekdays
    assert set(f.weekday_stamps) == stamped


_MENU = "اليوم\nالأخبار\nالعالم\nرياضة\nآراء\nاقتصاد\n"
_REPORT = "مقتل عسكري وإصابة 7 إثر قصف على مطار حلب يوم 1 أيار 2023"


@pytest.mark.parametrize(
    ("text", "dates", "weekdays", "years"),
    [
        # a site's today's-date widget beside its "About us" link (Khaberni, said twice for
        # the mobile menu): the day the page was captured, not read
        (
            "أرسل خبرا أو صورة\nمن نحن\nالجمعة ١٢ ايار ٢٠٢٣\nأرسل خبرا أو صورة\nمن نحن\n"
            f"الجمعة ,١٢ ايار ,٢٠٢٣\n{_REPORT}",
            {(5, 1)},
            set(),
            {2023},
        ),
        ("Home\nAbout us\nFriday, 12 May 2023\nShelling on the town killed 2", set(), set(), set()),
        # ... or heading the menu, with its clock (Yeni Safak, over a strike of 2022)
        (f"05.10.2025, الأحد\n18:20\n{_MENU}قتيل و7 جرحى في قصف على أعزاز", set(), set(), set()),
        # a page's own dateline is read: before the report, or before two labels (Resala's
        # "أخبار عاجلة\nاضف تعليق\n491 زيارة"), or after the site's name
        (f"الأحد 5 تشرين الأول 2025\n{_REPORT}", {(10, 5), (5, 1)}, {6}, {2023, 2025}),
        (
            "قصف على أريحا\nنوفمبر 6, 2022\nأخبار عاجلة\nاضف تعليق\n146 زيارة",
            {(11, 6)},
            set(),
            {2022},
        ),
        ("anf\nمركز الأخبار\nالسبت, 3 ديسمبر 2022, 14:33\nقصف على البلدة", {(12, 3)}, {5}, {2022}),
        # ... and a dateline with its clock before a shorter menu
        ("05.10.2025, الأحد\n18:20\nاليوم\nالأخبار\nقصف على أعزاز", {(10, 5)}, {6}, {2025}),
    ],
)
def test_date_widget_not_read(
    extractor: FeatureExtractor,
    text: str,
    dates: set[tuple[int, int]],
    weekdays: set[int],
    years: set[int],
) -> None:
    f = feats(extractor, text)
    assert set(f.dates) == dates
    assert set(f.weekdays) == weekdays
    assert set(f.years) == years


@pytest.mark.parametrize(
    ("text", "weekdays", "years"),
    [
        ("صباح اليوم الأربعاء 8 أيلول 2021", {2}, {2021}),
        ("حصاد الأحداث ليوم الجمعة 23-09-2022", {4}, {2022}),
        ("Turkish drone strike on Thursday, July 16, 2025", {3}, {2025}),
        ("غارات للخميس الثاني على التوالي", {3}, set()),  # ل + "الخميس"
        ("قصف منذ عام 2011 على المدينة", set(), set()),  # a bare year is not a date's year
        # the year past the month's second name, of one word or two
        ("قصف اليوم 6 أكتوبر تشرين الأول 2023 على البلدة", set(), {2023}),
        ("قصف اليوم 20 يناير كانون الثاني 2022 على البلدة", set(), {2022}),
        ("قصف اليوم 8 أيلول/ سبتمبر 2021 على البلدة", set(), {2021}),
        ("قصف على ناحية تل خميس", set(), set()),  # a name, not Thursday
        # a recalled day is not the strike's: a past word after it, "since" before it
        ("قصف اليوم الثلاثاء بعد غارة الأحد الماضي", {1}, set()),
        ("أصيبوا يوم الجمعة الماضية", set(), set()),
        ("توفيت متأثرة بجراح أصيبت بها الخميس الفائت", set(), set()),
        ("تصعيد منذ الخميس", set(), set()),
        ("قصف اليوم السبت على الدوار ومنذ الخميس", {5}, set()),  # "and since"
        ("the SDF said last Sunday", set(), set()),
        # an English paragraph opening with a weekday: the recap of an earlier day
        (
            "Turkish shelling on Tal Tamr today.\nOn Friday, SOHR sources monitored fire",
            set(),
            set(),
        ),
        ("Israeli strikes on Damascus.\nOn Monday night, an alleged strike hit", set(), set()),
        # ... unless the report names it too
        ("Shelling on Kobani on Friday.\nOn Friday, Turkish forces fired shells", {4}, set()),
        # a recalled night takes its small hours with it, unless the report names that day
        ("Strike on Damascus on Tuesday.\nOn Monday night, a strike hit", {1}, set()),
        ("Strike on Damascus on Monday night, SOHR said", {0, 1}, set()),
        ("Turkish shelling on Tal Tamr on Friday, SOHR said", {4}, set()),
        ("مؤتمر بروكسل ينعقد الاثنين المقبل", set(), set()),  # a coming day
        ("سيبدؤون غدًا الجمعة الدراسة", set(), set()),
        ("talks resume next Sunday", set(), set()),
        ("منذ بداية العام الحالي حتى يوم الأحد 20 آب", set(), set()),  # until
        ("استجابت فرقنا منذ بداية العام الحالي حتى أمس الخميس ل 27 هجوما", set(), set()),
        ("قصف أمس الخميس على البلدة", {3}, set()),
        ("قصف يوم الأحد 20 آب على إدلب", {6}, set()),
        # the day of another happening: a family fled, a side denied, a report came out
        ("قتلت طفلة اليوم الإثنين. وكانت عائلتها نزحت، أمس الأحد، من بلدة آفس", {0}, set()),
        ("إذ نفت أمس الأربعاء قصفها لمدينة جرابلس", set(), set()),
        ("وكان الدفاع المدني أصدر أمس الخميس تقريره السنوي", set(), set()),
        ("وأعلنت الدفاع المدني أمس الخميس مقتل مدنيين", {3}, set()),  # a statement's day
        # "and yesterday": a roundup of the days before the report's strike
        ("مقتل طفلة اليوم الثلاثاء، وأمس الإثنين قتل مدني جراء قصف", {1}, set()),
        ("قصف اليوم الأحد، ويوم أمس السبت 4 أيار قتل مدنيان", {6}, set()),
        ("قصف اليوم الجمعة وقبل أمس الأربعاء كثفت قوات النظام قصفها", {4}, set()),
        ("قصف يوم أمس الخميس على البلدة", {3}, set()),  # not "and"
        (
            "PolicyHow YouTube worksTest new featuresNFL Sunday Ticket© 2024 Google LLC",
            set(),
            set(),
        ),
        # "و" + a weekday and its date: the next day of a roundup of earlier days
        ("قصف اليوم الاثنين على إدلب. والخميس 19 آب، قال مراسل إن", {0}, set()),
        ("قصف يوم السبت والأحد على البلدة", {5, 6}, set()),
        # a caption's year is a photo's, not the strike's
        ("قصف روسي على محيط مدينة إدلب- 9 سبتمبر/ أيلول 2020 (مراسل إدلب)\nقصف", set(), set()),
        ("قصف في 9 أيلول 2021\nقصف على إدلب- 9 سبتمبر/ أيلول 2020 (مراسل إدلب)", set(), {2021}),
        ("قتل مدني في 6 آب 2021 (بحسب ناشطين) في عفرين", set(), {2021}),  # no caption
        # a line that credits a photo is a caption whole, its date anywhere in it
        (
            "Israeli strike on Damascus on June 10, 2022.\nA WORKER fixes damage from an Israeli"
            " airstrike in Damascus on November 20, 2019. Israel said it struck dozens of"
            " targets. (credit: REUTERS/OMAR SANADIKI)",
            set(),
            {2022},
        ),
        ("قصف في 6 آب 2021 على عفرين، وقصف في 9 آب 2020 على تل رفعت (صور)", set(), {2020, 2021}),
        # a recalled event's date: its year is not the strike's
        ("قتل مدني في 6 آب 2021 رغم اتفاق وقف النار الموقع في 5 مارس 2020", set(), {2021}),
        ("Afrin, which was before its occupation on March 18, 2018", set(), set()),
        # "اثنين" counting a noun is two, not Monday
        ("أدى لمقتل مدنيين اثنين وإصابة مدني آخر", set(), set()),
        ("أسفر عن مقتل سيدة وإصابة اثنين آخرين", set(), set()),
        ("مقتل القيادي مع اثنين من مرافقيه", set(), set()),
        ("ما أدى إلى مقتله مع مرافقيه الاثنين", set(), set()),
        ("ومقتل اثنين منهم قتلا في الضواحي", set(), set()),
        ("قصف مساء اليوم الاثنين 27 شباط", {0}, set()),
        ("قصف مدنيين يوم الاثنين", {0}, set()),
        # bare "اثنين" is the numeral, never the weekday; Monday takes its article
        ("قصف صباح اثنين", set(), set()),
        ("فيما اعتقلت اثنين من إخوته", set(), set()),
        ("وتعرض اثنين من أطفالها لصدمة نفسية", set(), set()),
        ("قصف روسي يودي بحياة مدنيين اثنين", set(), set()),
        ("قصف يوم الإثنين على البلدة", {0}, set()),
        ("أمس الاثنين استهدفت الطائرات", {0}, set()),  # ("وأمس": a roundup, below)
        # a weekday's night runs into the next day's small hours: both days
        ("قضت امرأة بعد منتصف ليل الجمعة، إثر قصف صاروخي", {4, 5}, set()),
        ("قصف الطيران ليلة الخميس على البلدة", {3, 4}, set()),
        ("on Monday night an alleged Israeli strike", {0, 1}, set()),
        ("أصيب ثلاثة مدنيين ليل الجمعة السبت", {4, 5}, set()),
        ("ليل السبت الماضي", set(), set()),  # a recalled night is none of the strike's
        ("قصف يوم الجمعة على البلدة ليلا", {4}, set()),  # not a night's weekday
    ],
)
def test_weekdays_and_years(
    extractor: FeatureExtractor, text: str, weekdays: set[int], years: set[int]
) -> None:
    f = feats(extractor, text)
    assert set(f.weekdays) == weekdays
    assert set(f.years) == years


@pytest.mark.parametrize(
    ("text", "village"),
    [
        ("قصف على قرية تل جمعة بريف تل تمر", "v:تل جمعه"),  # a compound head takes the next word
        ("غارة على قرية بريف إدلب", None),  # "in the countryside of": no name
        ("قصف طال مخيم للنازحين", None),
        ("قصف على بلدات شمال حلب", None),
        # "new" is no name bare, and the village Al-Jadida with the article
        ("قصف روسي على قرية جديدة", None),
        ("افتتاح بلدات جديدة للنازحين", None),
        ("بقصف استهدف محيط بلدة الجديدة بريف إدلب الغربي", "v:جديده"),
        ("في قصف استهداف قرية الجديدة بمحيط جسر الشغور", "v:جديده"),
        ("غارة على قرية الجديد", "v:جديد"),
        # a name with the article keeps its "ال" + "ل" ("اللطوة"), a camp its "و"
        ("مداهمات واسعة في حي اللطوة ببلدة ذيبان", "v:لطوه"),
        ("سيارة عسكرية قرب مخيم واشوكاني في توينة", "v:واشوكاني"),
        ("قصف على قرية الزر شرق ديرالزور", "v:الزر"),
        # "خان" and "شيخ" open a two-word name, as "تل" and "كفر" do
        ("مواقع قوات الأسد المتمركزة في حرش قرية خان السبل بريف إدلب", "v:خان السبل"),
        ("قصف تركي يستهدف حظيرة للمواشي في قرية شيخ جوبان", "v:شيخ جوبان"),
    ],
)
def test_trigger_names_skip_generic_words(
    extractor: FeatureExtractor, text: str, village: str | None
) -> None:
    names = {p for p in feats(extractor, text).specific if p.startswith("v:")}
    assert names == ({village} if village else set())


@pytest.mark.parametrize(
    "text",
    [
        "قصف داخل القرية وتم اعتقال شخصين",  # "the village": what follows is not its name
        "قصف طال مخيم بإدلب",  # a known place behind a clitic
        "قصف بلدة بقذائف الهاون",  # an attack word
        "الأخبار\nمدن وبلدات\nتاريخ العظماء\nحالات انسانية",  # a menu's lines, not a name
        "غارة على محيط مخيم\nتعليقات",
        "طائرات تقصف محيط العاصمة دمشق",  # "the capital"
        "قصف على قرى وبلدات بريفي إدلب وحلب",  # "the two countrysides"
        "قصف على قرى أرياف حماة",
        "غارات على محيط إحدى القواعد العسكرية",  # "one of"
        "استهداف مزرعة مخصصة لتربية الدواجن",  # "dedicated to"
        "قصف على عدة قرى وبلدات وطال الاستهداف المنازل",  # "and it hit"
        "قصف تركي استهدف قرية تابعة لمنطقة عفرين",  # "a village belonging to"
        "قتل أثناء رعيه الأغنام على أطراف بلدته",  # "his town"
        "سقط صاروخ على أطراف بلد",  # "a town", colloquial
        "قصف على بلدات ومدنا في ريفي حلب",  # "and cities"
        "محطة تغذي 40 قرية خرج عن الخدمة",  # "went out of"
        # a word with "and" or "for" after the trigger: the trigger was a noun in a phrase
        "استهدف منازل ومزارع للمدنيين على أطراف مدينة الأتارب",
        "أضرار كبيرة بمزارع وممتلكات المدنيين",
        "كما تعرضت محطات النفط في عدة قرى لهجمات مماثلة",
        "صواريخ على مزرعة لأهالي المنطقة",
        "استهدف تجمعاً للمدنيين قرب مطعم",  # "for the civilians"
        "قصف مزرعة للأهالي بقذائف الهاون",  # "for the residents"
    ],
)
def test_trigger_names_that_are_not_villages(extractor: FeatureExtractor, text: str) -> None:
    assert not {p for p in feats(extractor, text).specific if p.startswith("v:")}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("غارات على مدينة خان شيخون جنوب إدلب", "x.خان_شيخون"),
        ("هجمات على مخيم أرض الأمل للمهجرين", "x.ارض_الامل"),
        ("قصف على مخيم كويت الرحمة في عفرين", "x.كويت_الرحمه"),
    ],
)
def test_a_trigger_before_a_known_longer_name_names_no_village(
    extractor: FeatureExtractor, text: str, place: str
) -> None:
    # the gazetteer reads the whole name; its first word ("خان") is not a village of its own,
    # to be heard and read in "في خان السبل"
    f = at_hour(extractor, text, 0)
    assert place in f.lead_specific
    assert not {p for p in f.specific if p.startswith("v:")} and not f.heard


@pytest.mark.parametrize(
    ("text", "read", "not_read"),
    [
        # a victim's birthplace in a list of the wounded is where they come from
        (
            "أسماء المصابين بالقصف على عفرين\n6-محمود المحمد تولد 1988 حمص اصابة خفيفة",
            "sy.afrin",
            "x.حمص",
        ),
        (
            "المصابين بالقصف على عفرين\n1-دعاء العلي تولد ريف حلب الجنوبي خناصر العمر 11 سنة",
            "sy.afrin",
            "gn:168351",
        ),
        ("مقتل العزيزي في درعا، وهو من مواليد 1969 بلدة الشجرة", "sy.daraa", "v:شجره"),
        # the list's next field is read again; a newborn is no birth year
        ("محمود تولد 1988 حمص السكن الحالي عفرين", "sy.afrin", "x.حمص"),
        ("استشهاد مولود جديد في إدلب", "sy.idlib", None),
    ],
)
def test_a_birthplace_is_not_the_strikes_place(
    extractor: FeatureExtractor, text: str, read: str, not_read: str | None
) -> None:
    f = feats(extractor, text)
    assert read in f.places
    assert not_read is None or not_read not in f.places


_CAMPS = Gazetteer(
    [
        ("x.كويت_الرحمه", 4, ["كويت الرحمه", "Kuwait Al Rahma"], "sy.aleppo", "sy.afrin"),
        ("x.الزهراء_الجديده", 4, ["الزهراء الجديده"]),
        ("x.الزهراء_القديمه", 4, ["الزهراء القديمه"]),
        ("x.عطمه", 4, ["عطمه"]),
        ("x.عطمه_الشرقيه", 4, ["عطمه الشرقيه"]),
    ]
)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a camp called by its first word: the one known name it opens
        ('جرحى نتيجة سقوط صواريخ على "مخيم الكويت" بريف عفرين', "x.كويت_الرحمه"),
        # not when two names open with it, nor when it names a place of its own
        ("قصف على مخيم الزهراء", "v:زهراء"),
        ("قصف على مخيم عطمه", "x.عطمه"),
        # nor after another place word: a village "الكويت" is not the camp
        ("قصف على قرية الكويت", "v:كويت"),
    ],
)
def test_a_camp_named_by_its_first_word(text: str, place: str) -> None:
    f = at_hour(FeatureExtractor(DedupSettings(), _CAMPS), text, 0)
    assert set(f.specific) == {place}


def at_hour(ex: FeatureExtractor, text: str, hours: float) -> Features:
    post = Post(id=f"p{hash(text)}", source="s", kind="article", url="", text=text)
    return ex.extract(post, datetime(2024, 1, 1, tzinfo=UTC).timestamp() + hours * 3600)


@pytest.mark.parametrize(
    "later",
    [
        "استشهاد طفل في زعيترات اليوم",
        "غارة جوية على زعيترات",
        "سقوط جرحى بزعيترات",  # with ب
        "غارة على الزعيترات",  # with the article
        "قصف على قرية زعيترات",  # (the trigger itself, as before)
    ],
)
def test_a_village_heard_after_a_trigger_is_read_in_later_reports(
    extractor: FeatureExtractor, later: str
) -> None:
    at_hour(extractor, "قصف على قرية زعيترات الصغيرة", 0)
    f = at_hour(extractor, later, 2)
    assert "v:زعيترات" in f.specific
    assert "v:زعيترات" in f.lead_specific


def test_a_heard_village_only_where_it_can_be_the_place(extractor: FeatureExtractor) -> None:
    heard = at_hour(extractor, "قصف على قرية زعيترات الصغيرة", 0)
    # not after a locative: a family name, a source ("أهالي زعيترات")
    assert "v:زعيترات" not in at_hour(extractor, "أهالي زعيترات يشيعون الشهداء", 1).specific
    # not once the post that taught it has left the window
    extractor.forget("s", heard)
    assert "v:زعيترات" not in at_hour(extractor, "غارة على زعيترات", 2).specific
    # nor by an extractor that never heard it
    fresh = FeatureExtractor(DedupSettings(), load_default())
    assert "v:زعيترات" not in at_hour(fresh, "غارة على زعيترات", 1).specific


def test_generic_nouns_after_a_trigger_are_not_remembered(extractor: FeatureExtractor) -> None:
    first = at_hour(extractor, "استهداف محيط مسجد الحي بقذيفة", 0)
    assert "v:مسجد" in first.specific  # the report's own trigger name, as before
    assert "v:مسجد" not in at_hour(extractor, "انفجار في مسجد البلدة", 1).specific


@pytest.mark.parametrize(
    "text",
    [
        "وفاة فاطمة متأثرة بجراح أصيبت بها حول المنزل",
        "حرب إبادة جماعية بحق أهالي البلد",  # not Abadeh, not Balad
        "بايدن يعلن دعم الحلفاء بعد فترة وجيزة",  # not ب + Aydın, not Al Jizah
        "دور النظام في قصف روضة للأطفال ورفع العلم فوق القبو",
        "أنقرة تتوعد بالرد",  # the government, as "ankara" in English
        "مشهد يعكس حجم الدمار في المشهد السياسي",  # a scene, not Mashhad
        "مقتل راعي أغنام بعد وقت قصير من القصف",  # a shepherd, short: not Al-Rai, Al-Qusayr
        "قوات النظام تقصف قريتين ولم يعد هناك أمان",  # two villages, safety
        "the strike hit a van, said Rania and Salem",
        "reported by Ashraf Hamid and Sina Qasim",
    ],
)
def test_common_words_are_not_places(extractor: FeatureExtractor, text: str) -> None:
    f = feats(extractor, text)
    assert not f.specific, f.specific


@pytest.mark.parametrize(
    ("text", "governorates"),
    [
        # "الشام" is the Levant or a group's name, not Damascus
        ("اشتباكات مع هيئة تحرير الشام في ريف إدلب", {"sy.idlib"}),
        ("شبكة شام الإخبارية: غارات على سرمين", set()),
        ("غارة إسرائيلية على دمشق", {"sy.damascus"}),
        ("اشتباكات بين فرقة الحمزة وفرقة السلطان مراد", set()),  # not ف + Raqqa
        ("قصف على الرقة", {"sy.raqqa"}),
    ],
)
def test_governorates_named(extractor: FeatureExtractor, text: str, governorates: set[str]) -> None:
    assert set(feats(extractor, text).governorates) == governorates


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("قصف على القصير", "gn:173322"),  # the towns keep their names with the article
        ("غارة على القريتين", "gn:173361"),
        ("قصف على بلدة الراعي", "gn:169138"),
    ],
)
def test_towns_named_like_stop_words(extractor: FeatureExtractor, text: str, place: str) -> None:
    assert place in feats(extractor, text).specific


def test_token_memory_stays_bounded(
    extractor: FeatureExtractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    import scraper.dedup.features as features_module

    monkeypatch.setattr(features_module, "_KINDS_CACHE", 100)
    before = feats(extractor, "غارة جوية روسية على بلدة سرمين").places
    for i in range(30):
        # every report brings new names and numbers: the vocabulary never stops growing
        feats(extractor, " ".join(f"كلمة{i}x{j}" for j in range(20)))
    assert len(extractor._kinds) <= 100
    # emptied, not frozen: a word first seen after the memory filled is still remembered
    feats(extractor, "كلماتجديدتماما")
    assert "كلماتجديدتماما" in extractor._kinds
    again = feats(extractor, "غارة جوية روسية على بلدة سرمين")  # classified afresh
    assert again.attacks == {"airstrike"} and again.places == before and before


def test_related_stories_after_the_article_are_not_read(extractor: FeatureExtractor) -> None:
    article = "استشهد ثلاثة مدنيين اليوم 11 تشرين الأول بقصف على قرية التفاحية بريف إدلب. " * 3
    related = "مقالات ذات صلة | غارات على بلدة سرمين 5 آب | قصف على قرية قسطون"
    f = feats(extractor, article + "\n" + related)
    assert set(f.dates) == {(10, 11)}
    assert not any("سرمين" in p or "قسطون" in p for p in f.specific)
    # a page that opens with the list still has its text read after it
    g = feats(extractor, related + "\n" + article)
    assert (10, 11) in g.dates


HAWAR_REPORT = (
    "إصابة مواطن جراء القصف التركي على قرية التوخار شمال منبج\n"
    "قال المركز الإعلامي لمجلس منبج العسكري، إن جيش الاحتلال التركي استهدف صباح اليوم، قرية"
    " التوخار، بـ 7 قذائف هاون.\n(س ر)"
)


@pytest.mark.parametrize(
    ("tail", "tamr"),
    [
        # Hawar's "read also" and its three other stories end the page: not the report's
        (
            "\nإقرأ أيضاً\nحملة النظافة الواسعة في الحسكة تنطلق من الحارة العسكرية\n"
            "أهالي الحسكة يشيّعون جثمان مقاتل\nالاحتلال التركي ومرتزقته يقصفون قرية بريف تل تمر",
            False,
        ),
        ("\nANHA\nOther news\nTurkish occupation shells villages of Tal Tamr", False),
        ("\nاقرأ أيضا\nقصف على قرية بريف تل تمر\n", False),
        # ... a heading inside the article, which goes on after it, is kept and so is the rest
        (
            "\nاقرأ أيضاً\nقصف على قرية بريف تل تمر\nوأضاف المركز أن القصف طال قرى تل تمر.",
            True,
        ),
        (
            "\nاقرأ أيضاً\n"
            + "\n".join(f"قصف على قرية بريف تل تمر يوقع {n} جرحى" for n in range(2, 8)),
            True,
        ),
        # ... and the words in a sentence are no heading
        ("\nوقال: اقرأ أيضاً ما كتبه المركز عن تل تمر", True),
    ],
)
def test_a_read_also_tail_is_not_read(extractor: FeatureExtractor, tail: str, tamr: bool) -> None:
    f = feats(extractor, HAWAR_REPORT + tail)
    assert ("sy.tamr" in f.places) is tamr
    assert "sy.manbij" in f.places


def test_related_in_a_sentence_is_no_list(extractor: FeatureExtractor) -> None:
    # only a line that opens with "related" is a heading: "related to" is the report's text
    text = "x " * 80 + "Clashes related to the offensive. On March 23 shells hit al-Atareb"
    assert set(feats(extractor, text).dates) == {(3, 23)}
    assert not feats(extractor, "x " * 80 + "\nRelated News\nOn March 23 shells hit").dates


@pytest.mark.parametrize(
    ("tail", "dates", "years"),
    [
        # ABC News' video list under its clip: other stories, another year
        (
            "Top Stories\nTop Stories\n5:59House panel approves motion to subpoena Ghislaine"
            " Maxwell Jul 22, 2025\nHouse panel approves motion to subpoena Ghislaine Maxwell",
            {(1, 25)},
            {2022},
        ),
        # "top stories" in a sentence is no heading
        (
            "The top stories of the week: shelling on July 22, 2025 in the town",
            {(1, 25), (7, 22)},
            {2022, 2025},
        ),
    ],
)
def test_a_video_pages_top_stories_are_not_read(
    extractor: FeatureExtractor, tail: str, dates: set[tuple[int, int]], years: set[int]
) -> None:
    clip = (
        "Battle over ISIS prison break in Syria\nABC News' foreign correspondent James Longman"
        " discusses the latest in the prison break in Hasakah.\nJanuary 25, 2022\n"
    )
    f = feats(extractor, clip + tail)
    assert set(f.dates) == dates
    assert set(f.years) == years


def test_a_dated_list_the_page_opens_with_is_not_read(extractor: FeatureExtractor) -> None:
    # SNHR's pages: the headline, "Related News" and other days' stories, then the report
    text = (
        "Date:\nMan injured in regime bombardment of al-Atareb city, March 23, 2023\n"
        "Related News\nMan named Alaa killed by the SDF in E. Deir Ez-Zour, June 13, 2024\n"
        "Body of unidentified man found in W. Daraa, June 15, 2024\n"
        "On March 23, 2023, Syrian regime artillery forces fired multiple shells targeting"
        " al-Atareb city in the western suburbs of Aleppo governorate. A number of the shells"
        " landed on civilians' homes, while the remainder landed in the popular market."
    )
    f = feats(extractor, text)
    assert set(f.dates) == {(3, 23)}
    assert set(f.years) == {2023}
    # ... also once the source's heading is boilerplate (seen on many of its pages)
    for day in range(1, 6):
        g = feats(extractor, text.replace("March 23", f"March {day}"), source="snhr")
    assert set(g.dates) == {(3, 5)}
    # a list at the end, with no report after it, is cut as before
    h = feats(extractor, text.split("\nOn March")[0].replace("Date:\n", "Date:\n" + "x " * 80))
    assert set(h.dates) == {(3, 23)}


def test_a_clock_after_a_date_is_found_in_time_linear_in_the_blanks() -> None:
    # The clock test runs at the end of every numeric date; its blanks must not be split
    # between two runs every way (a quadratic backtrack: 30,000 spaces took ~8 s).
    for gap in (" ", " , ", "\n", " ،\n", "\t\t,  "):
        assert _CLOCK_NEXT.match("08/08/2021" + gap + "10:23", 10)
    assert not _CLOCK_NEXT.match("08/08/2021 10 قتلى", 10)
    text = "08/08/2021" + " " * 30_000 + "x"
    started = time.perf_counter()
    assert not _CLOCK_NEXT.match(text, 10)
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "استهدافات على الرقة لم تسفر عن قتلى 11 استهدافا",
        "دون وقوع إصابات 3 غارات",
        "لم تقع أي إصابات 3 قذائف",
        "لم يقتل أحد",
        "no one was killed in the strike",
        "without injuries 5 rockets",
    ],
)
def test_negated_casualty_word_reads_no_toll(extractor: FeatureExtractor, text: str) -> None:
    f = feats(extractor, text)
    assert not f.killed and not f.wounded


def test_negation_in_an_earlier_clause_keeps_the_toll(extractor: FeatureExtractor) -> None:
    assert feats(extractor, "القصف لا يهدأ مقتل طفلين").killed == {2}


_HEADLINE = "طائرات روسية تتناوب على قصف ريف إدلب الجنوبي وسط تصعيد مستمر منذ أيام على المنطقة"
_OTHER_WORDS = (
    "قال ناشطون محليون إن الطيران الحربي شن سلسلة من الغارات الجوية خلال ساعات الليل "
    "واستهدف منازل المدنيين والأراضي الزراعية ما أدى إلى أضرار مادية كبيرة ونزوح عشرات "
    "العائلات نحو المخيمات الحدودية وسط ظروف إنسانية صعبة يعيشها السكان منذ شهور طويلة "
    "بينما تواصل فرق الدفاع المدني البحث عن ناجين تحت الأنقاض في الأحياء المتضررة "
    "وتطالب المنظمات الدولية بوقف التصعيد وحماية المرافق الحيوية والطبية في المنطقة"
)


@pytest.mark.parametrize(
    ("text", "in_lead"),
    [
        # a page that says its headline three times before the report: the village the report
        # opens with is its place, though sixty tokens of headline came first
        (
            f"{_HEADLINE} | شبكة بلدي الإعلامية {_HEADLINE} - شبكة بلدي {_HEADLINE} | "
            f"{_HEADLINE}\n"
            "قتل مدنيان بغارة روسية على قرية كنصفرة بجبل الزاوية",
            True,
        ),
        # an X post: the text, the page's chrome, then the text again
        (
            f'أحمد on X: "{_HEADLINE} {_HEADLINE}" / X | Post / Post / أحمد@ahmad{_HEADLINE} '
            f"{_HEADLINE} وقتل مدنيان في قرية كنصفرة",
            True,
        ),
        # sixty tokens of report that say new things: a village after them is named in passing
        (f"{_HEADLINE} {_OTHER_WORDS} وفي قرية كنصفرة قتل مدنيان", False),
    ],
)
def test_a_headline_said_again_does_not_fill_the_lead(
    extractor: FeatureExtractor, text: str, in_lead: bool
) -> None:
    f = feats(extractor, text)
    assert "x.كنصفره" in f.specific
    assert ("x.كنصفره" in f.lead_specific) is in_lead


@pytest.mark.parametrize(
    "text",
    [
        "يستهدفون المدنيين مرة أخرى في قرى مقاطعة منبج",
        "الضغط على جميع أطراف النزاع من أجل وقف القصف",
        "زلمة حي يرزق أمين الشلاش وينك",
        "قصف يستهدف قرى وبلدات ضمن مناطق ريف حلب",
        "شهيدة بقصف صاروخي استهدف مخيم قرب مدينة عفرين",
        "انفجار في محيط المجلس المحلي",
        "سيارة مفخخة في محيط مديرية أمن اعزاز",
        "غارة استهدفت محيط شركة الكهرباء",
    ],
)
def test_words_after_a_place_word_that_name_no_village(
    extractor: FeatureExtractor, text: str
) -> None:
    f = feats(extractor, text)
    assert not {p for p in f.specific if p.startswith("v:")}


@pytest.mark.parametrize(
    ("text", "village"),
    [
        # a Facebook preview's title cut short after the trigger, then the page's name
        ("زهور الخريف - استهداف طيران مسيّر مجهول منزلاً بين بلدة... - زهور الخريف", None),
        ("مراسلنا: مقتل مدني في قرية... - أنس الحسين", None),
        ("الصفحة الرئيسية قصف على مدينة ... العربية عاجل", None),
        # a name the headline reached before it was cut is read
        ("قصف مدفعي على قرية زعيترات...", "v:زعيترات"),
    ],
)
def test_no_village_after_a_cut_headline(
    extractor: FeatureExtractor, text: str, village: str | None
) -> None:
    found = {p for p in feats(extractor, text).specific if p.startswith("v:")}
    assert found == ({village} if village else set())


@pytest.mark.parametrize(
    ("text", "place", "not_read"),
    [
        (
            "شهداء القصف على بلدة كنصفرة Facebook Shared with Public All reactions:39 comments"
            " Like Comment Most relevant وسيم قيس اقترب تحرير حمص ان شاء الله 1y",
            "x.كنصفره",
            "x.حمص",
        ),
        (
            "مقتل شاب بقصف على قرية الرامي All reactions:1.4K 128 comments Like Comment Most"
            " relevant ياسر الله يرحمه ويجعل مسكنه الجنة 1y",
            "x.الرامي",
            "gn:167080",  # Maskanah
        ),
    ],
)
def test_a_posts_comments_name_no_place_of_it(
    extractor: FeatureExtractor, text: str, place: str, not_read: str
) -> None:
    f = feats(extractor, text)
    assert place in f.lead_specific
    assert not_read not in f.places
    assert "يرحمه" in f.words or "تحرير" in f.words  # the comments' words are still its words


@pytest.mark.parametrize(
    ("text", "dates", "years", "weekdays"),
    [
        # the readers' comments recall other days and years: not the post's
        (
            "Syria TV June 11, 2025 · Shared with Public عاجل | قصف على البلدة All reactions:12"
            " Most relevant hamid ما وقع سنة 2003 ... لكن في 20 مارس 2003 مع الثالثة صباحا"
            " يوم الخميس",
            {(6, 11)},
            {2025},
            set(),
        ),
        # ... the post's own, before them, are read
        (
            "قصف اليوم الخميس 20 مارس 2025 على البلدة All reactions:12 Most relevant رحمهم الله",
            {(3, 20)},
            {2025},
            {3},
        ),
    ],
)
def test_a_posts_comments_tell_no_day_of_it(
    extractor: FeatureExtractor,
    text: str,
    dates: set[tuple[int, int]],
    years: set[int],
    weekdays: set[int],
) -> None:
    f = feats(extractor, text)
    assert set(f.dates) == dates
    assert set(f.years) == years
    assert set(f.weekdays) == weekdays


_TICKER = (
    "31 July, 2026\n"
    "18 migrants killed, crossing attempts thwarted\n"
    "6 injured in shooting at Homs camp\n"
    "Oil tanker drivers in Deir ez-Zor announce strike\n"
)


@pytest.mark.parametrize(
    ("menu", "report", "killed", "place"),
    [
        # Hawar News (ANHA) opens its pages, English and Arabic, with the day's date and a
        # ticker of other headlines, then its language menu: the report starts after it
        (
            "Language\nعربي\nKURDÎ\nTÜRKÇE\nENGLISH\nSPANISH\nRUSSIAN\n",
            "A civilian was killed in a Turkish drone strike on Sarrin",
            {1},
            "x.صرين",
        ),
        (
            "اللغة/Language\nعربي\nKURDÎ\nENGLISH\nSPANISH\n",
            "استشهاد مدني بقصف تركي على صرين",
            {1},
            "x.صرين",
        ),
    ],
)
def test_a_site_header_before_its_language_menu_is_not_read(
    extractor: FeatureExtractor, menu: str, report: str, killed: set[int], place: str
) -> None:
    f = feats(extractor, _TICKER + menu + report)
    assert set(f.killed) == killed  # not the ticker's 18 nor 6
    assert place in f.specific
    assert "sy.homs" not in f.places and (7, 31) not in f.dates


@pytest.mark.parametrize(
    "text",
    [
        # no menu: a language named in a sentence, or too few names after the word
        "6 injured in shooting at Homs camp\nLanguage\nEnglish\nA report in English",
        "6 injured in shooting at Homs camp, the statement said in English and Arabic",
    ],
)
def test_no_language_menu_keeps_the_text(extractor: FeatureExtractor, text: str) -> None:
    assert "sy.homs" in feats(extractor, text).places


@pytest.mark.parametrize(
    ("text", "read", "not_read"),
    [
        # the strike a report says its own came after is an earlier one, elsewhere
        (
            "مقتل خمسة مدنيين بقصف على بلدة كفرنوران. وتأتي المجزرة بعد يوم من مقتل طفلة"
            " بقصف صاروخي لقوات النظام، على مدينة سرمين بريف إدلب الشرقي. وقال الدفاع المدني",
            "x.كفرنوران",
            "sy.sarmin",
        ),
        (
            "قصف على قرية الدندنية بريف منبج. وجاء القصف بعد ساعاتٍ من قصفٍ مدفعي على قرية"
            " الشيخ عيسى بريف تل رفعت",
            "sy.manbij",
            "sy.tellrifaat",
        ),
        ("ويأتي هذا بعد ساعات من استهداف قرية الكفير بريف جسر الشغور", None, "x.الكفير"),
        # ... "عقب" as "بعد", in a text that has no "بعد" at all
        (
            "قصف على مدينة اعزاز. ويأتي ذلك عقب قصف تركي طال مواقع في محيط بلدة عين عيسى",
            "sy.azaz",
            "sy.ainissa",
        ),
        # ... a place before "after" is the report's own, and the next sentence is read again
        ("وجاء القصف على مدينة سرمين بعد ساعات من غارات على إدلب", "sy.sarmin", None),
        (
            "وتأتي المجزرة بعد يوم من قصف على بلدة كنصفرة. وقصفت قوات النظام سرمين",
            "sy.sarmin",
            None,
        ),
        # ... and "after" with no such verb is the strike's own time
        ("قصف على مدينة سرمين بعد منتصف الليل", "sy.sarmin", None),
    ],
)
def test_an_earlier_strike_it_came_after_is_not_read(
    extractor: FeatureExtractor, text: str, read: str | None, not_read: str | None
) -> None:
    assert_places(extractor, text, read, not_read)


@pytest.mark.parametrize(
    "raw",
    [
        "غارات على معرة مصرين - YouTubeAboutPressCopyrightContact us© 2024 Google LLC\nقصف",
        "قصف\nCloseNever miss a post from jintv.arSign up for Instagram to stay in the loop.",
        # Instagram's name only far down the page still takes its generic words at the top
        "Sign up\nLog in\n" + "قصف على قرية\n" * 50 + "Instagram",
        # ... but not when it was inside YouTube's footer, which goes first
        "Sign up\n" + "قصف\n" * 50 + "YouTubeAboutPressCopyright Instagram Google LLC",
        ("YouTube" + "x" * 30 + "\n") * 40,
    ],
)
def test_chrome_is_removed_as_from_the_whole_page(raw: str) -> None:
    whole = features_module._INSTAGRAM.sub(" ", features_module._YOUTUBE.sub(" ", raw))
    if "Instagram" not in features_module._YOUTUBE.sub(" ", raw):
        whole = features_module._YOUTUBE.sub(" ", raw)
    for limit in (5, 20, 100, 2400):
        assert _without_chrome(raw, limit)[:limit] == whole[:limit]


def test_chrome_patterns_run_over_the_lead_not_the_whole_page(
    monkeypatch: pytest.MonkeyPatch, extractor: FeatureExtractor
) -> None:
    """A long page of many lines is cleaned up to its lead: the rest is not read."""
    read: list[int] = []

    class Recording:
        def __init__(self, pattern: re.Pattern[str]) -> None:
            self.pattern = pattern

        def sub(self, repl: str, text: str) -> str:
            read.append(len(text))
            return self.pattern.sub(repl, text)

    monkeypatch.setattr(features_module, "_YOUTUBE", Recording(features_module._YOUTUBE))
    page = "قصف مدفعي على قرية قسطون - YouTube\n" * 10_000
    feats(extractor, page)
    assert read and sum(read) < len(page) // 10


def test_a_long_list_of_recalled_tolls_is_read_without_recursion() -> None:
    """Each toll before a casualty word passes the question back to its own clause: a page of
    thousands ("last" and tolls) is a loop, not past the recursion limit, and the answers kept
    across the words give the same as asking each alone."""
    toks = tokens(normalize("last week " + ("قتل " * 6 + "last ") * 3000))
    last = len(toks) - 1
    assert toks[last] == "last"
    assert _recalled(toks, last - 1)  # back through 18,000 tolls to "last week"
    known: dict[int, bool] = {}
    asked = [i for i in range(2, len(toks)) if toks[i] != "last"]  # the tolls
    assert all(_recalled(toks, i, known) for i in asked)
    assert not _recalled(tokens(normalize("مقتل 3 مدنيين الليلة الماضية")), 0)


def test_earlier_strikes_are_found_in_one_pass_over_the_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each match's positions are counted on from the match before, not from the text's
    start: a page of many such sentences is tokenised once, not once per sentence."""
    sentence = normalize("وجاء القصف بعد ساعات من غارات على قرية الكفير. قصف على سرمين.")
    text = " ".join([sentence] * 300)
    toks = tokens(text)
    expected = _earlier_strike_positions(toks, text)
    per_sentence = len(tokens(sentence))
    assert len(expected) == 300 * 7  # "بعد" to the full stop, in each sentence
    assert all(p % per_sentence in range(2, 9) for p in expected)
    read: list[int] = []

    def counting(normalized: str) -> list[str]:
        read.append(len(normalized))
        return tokens(normalized)

    monkeypatch.setattr(features_module, "tokens", counting)
    assert _earlier_strike_positions(toks, text) == expected
    assert sum(read) <= 2 * len(text)


@pytest.mark.parametrize(
    ("text", "read", "not_read"),
    [
        # the shooter's place, after an origin cue, is not the strike's
        (
            "قصف صاروخي على مدينة أعزاز، وشن التنظيم الهجوم انطلاقاً من منطقة تل رفعت شمالي حلب",
            "sy.azaz",
            "x.تل_رفعت",
        ),
        (
            "استهدف قصف صاروخي مدينة عفرين، مصدره قوات سوريا الديمقراطية في مدينة تل رفعت",
            "sy.afrin",
            "x.تل_رفعت",
        ),
        (
            "قصف قوات النظام أحياء المدينة من مواقعها في مدينة سراقب شرقي إدلب",
            None,
            "sy.saraqib",
        ),
        (
            "عدوان جوي برشقات من الصواريخ من اتجاه شمال شرق بيروت مستهدفاً نقاطاً في محيط حمص",
            "x.حمص",
            "gn:276781",
        ),
        # the base the planes took off from, the place a missile was fired from
        (
            "طائرة روسية أقلعت ظهر الثلاثاء من مطار حميميم بريف اللاذقية واستهدفت مخيم مريم",
            "x.مريم",
            "sy.hmeimim",
        ),
        (
            "الطيران الحربي الروسي الذي أقلع من قاعدة حميميم في اللاذقية أغار على بلدة البارة",
            "x.الباره",
            "sy.hmeimim",
        ),
        ("وذكر البيان العسكري أن الهجوم انطلق من غرب مدينة بانياس", None, "gn:171830"),
        # the clause ends at the target: the place after "استهدف", "على", a list of villages
        ("قصف صاروخي مصدره قسد استهدف مدينة مارع", "x.مارع", None),
        ("قصف مصدره مناطق سيطرة النظام على بلدة البارة جنوبي إدلب", "x.الباره", None),
        ("وطال قصف مدفعي مصدره مناطق ميليشيا أسد وقسد قرى العجمي بريف الباب", "gn:174043", None),
        # a place named as the target too stays read
        ("قصف على تل رفعت، مصدره مواقع الجيش التركي قرب تل رفعت", "x.تل_رفعت", None),
    ],
)
def test_origin_of_fire_is_not_the_strikes_place(
    extractor: FeatureExtractor, text: str, read: str | None, not_read: str | None
) -> None:
    assert_places(extractor, text, read, not_read)


@pytest.mark.parametrize(
    ("text", "read", "not_read"),
    [
        # Syria TV's update line: the hour in Damascus time, over a strike in Deir ez-Zor
        (
            "آخر تحديث: 30.08.2023 | 11:22 دمشق\nقتل وجرح العشرات في بلدة ذيبان بريف دير الزور",
            "x.ذيبان",
            "x.دمشق",
        ),
        ("آخر تحديث: 24.06.2023 | 17:18 دمشق\nقضى مدنيون بقصف على ريف إدلب", "sy.idlib", "x.دمشق"),
        # Damascus named as a place stays read, a clock elsewhere in the text or not
        ("غارة إسرائيلية على دمشق عند الساعة 11:22 ليلاً", "x.دمشق", None),
        ("قصف على دمشق 11 22 قتيلا", "x.دمشق", None),
    ],
)
def test_the_word_after_a_clock_is_its_time_zone(
    extractor: FeatureExtractor, text: str, read: str, not_read: str | None
) -> None:
    f = feats(extractor, text)
    assert read in f.places
    if not_read is not None:
        assert not_read not in f.places


@pytest.mark.parametrize(
    ("text", "town", "area"),
    [
        # a canton named like its seat: the area, not the town
        ("استهدفت مسيرة الجهة الجنوبية من بلدة رميلان في مقاطعة قامشلو", None, "sy.qamishli"),
        ("قصف تركي على قرية في مقاطعة الطبقة", None, "sy.tabqa"),
        ("قصف على قرية تابعة لمقاطعة دير الزور", None, "sy.deirezzor"),
        # ... and a district seat's countryside: the district's villages, not the town
        ("قصف على قرية الزعينية في ريف جسر الشغور", None, "sy.jisralshughur"),
        ("قصف تركي على قرية خزيموك بريف القامشلي", None, "sy.qamishli"),
        ("قصف على قرى وريف جرابلس", None, "sy.jarabulus"),
        # ... in the plural too, in a text with no singular "ريف"
        ("قصف تركي على قرى في أرياف القامشلي", None, "sy.qamishli"),
        # the town itself, after its own trigger or alone, is still the town
        ("قصف تركي على مدينة قامشلو", "x.القامشلي", "sy.qamishli"),
        ("غارة على مدينة الطبقة", "x.الطبقه", "sy.tabqa"),
        ("قصف على جسر الشغور وريفها", "x.جسر_الشغور", "sy.jisralshughur"),
        # ... and a governorate's seat after "ريف" (its edge is reported both ways)
        ("قصف على ريف حمص الشمالي", "x.حمص", "sy.homs"),
    ],
)
def test_a_canton_is_its_area_not_its_seat(
    extractor: FeatureExtractor, text: str, town: str | None, area: str
) -> None:
    f = feats(extractor, text)
    assert area in f.places
    assert not (f.seats - {town} if town else f.seats)
    if town is not None:
        assert town in f.specific


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # a captured page's chrome and its comments' ages are not the report's words
        (
            "Syria TV Verified account 43w 43w Shared with Public قصف مدفعي",
            {"syria", "قصف", "مدفعي"},
        ),
        ("All reactions: 644 12 comments Like Reply Share 1y 12h Most relevant", {"all", "most"}),
        ("Post Post Halab Today on X Twitter views", {"halab", "today"}),
        ("Conversation Retweeted 12 Likes Some comments may have been filtered", {"some", "may"}),
        ("1y1 comments1 Likes2 Email Instagram linkedin قصف صاروخي", {"قصف", "صاروخي"}),
        # ... while a word that only looks like an age stays one: letters before the digits
        ("غارة على مقر w43 للتحالف", {"غاره", "مقر", "w43", "للتحالف"}),
    ],
)
def test_page_chrome_is_no_content(extractor: FeatureExtractor, text: str, words: set[str]) -> None:
    assert set(feats(extractor, text).words) == words


@pytest.mark.parametrize(
    ("title", "text", "words"),
    [
        # YouTube's name and footer are no report's words: two videos of two strikes with no
        # description read as copies of each other
        (
            "- YouTube",
            "- YouTubeAboutPressCopyrightContact usCreatorsAdvertiseDevelopersTermsPrivacyPolicy"
            " & SafetyHow YouTube worksTest new featuresNFL Sunday Ticket© 2024 Google LLC",
            set(),
        ),
        (
            "غارات جوية على معرة مصرين - YouTube",
            "غارات جوية على معرة مصرين - YouTubeAboutPressCopyrightContact usCreatorsAdvertise"
            "DevelopersImpressumCancel MembershipsTermsPrivacyPolicy & SafetyHow YouTube works"
            "Test new features© 2025 Google LLC",
            {"غارات", "جويه", "معره", "مصرين"},
        ),
        ("", "a video on YouTube shows the strike", {"video", "shows", "strike"}),
    ],
)
def test_youtube_chrome_is_no_content(
    extractor: FeatureExtractor, title: str, text: str, words: set[str]
) -> None:
    post = Post(id="yt", source="s", kind="article", url="", text=text, title=title)
    assert set(extractor.extract(post, 0.0).words) == words


ROJNEWS_TAIL = (
    "تحطم طائرة أف 35 أميركية في كاليفورنيا\n"
    "إيران: عبور هرمز أصبح غير ممكن\n"
    "ترمب: سنقصف إيران وما نقوم به عملية عسكرية وليست حربا\n"
    "مسؤول أميركي يستبعد استئناف المفاوضات مع إيران"
)


@pytest.mark.parametrize(
    ("text", "actors"),
    [
        # a news site's column of other headlines after the report's last sentence
        (
            "استشهد مواطنان وأصيب 20 آخرون في حصيلة أولية للقصف التركي على سد تشرين.\n"
            + ROJNEWS_TAIL,
            {"turkey"},
        ),
        # ... not lines the report goes on with, nor three lines (a source, a hashtag)
        (
            "قصف تركي على سد تشرين.\n" + ROJNEWS_TAIL + "\nوقال مراسلنا إن القصف استمر.",
            {"turkey", "iran", "coalition"},
        ),
        (
            "قصف تركي على سد تشرين.\n" + ROJNEWS_TAIL.rsplit("\n", 1)[0],
            {"turkey", "iran", "coalition"},
        ),
        # ... nor short lines after no sentence: a post written line by line
        ("قصف تركي على سد تشرين\n" + ROJNEWS_TAIL, {"turkey", "iran", "coalition"}),
    ],
)
def test_headline_tail_is_not_read(
    extractor: FeatureExtractor, text: str, actors: set[str]
) -> None:
    assert set(feats(extractor, text).actors) == actors


@pytest.mark.parametrize(
    ("title", "text", "words"),
    [
        # Instagram's page around a post is not the post
        (
            "Instagram Instagram Close Down chevron icon",
            "CloseNever miss a post from jintv.arSign up for Instagram to stay in the loop.Sign"
            " upLog inAge-restricted contentThis content is age-restricted based on your age or"
            " account settings. Log in to continue.Log inSign up",
            set(),
        ),
        (
            "Instagram Instagram Close More options",
            "CloseNever miss a post from jintv.arSign up for Instagram to stay in the loop.Sign"
            " upLog injintv.ar•FollowMore options قصف الاحتلال التركي على صرين.Load more comments"
            "No comments yet.Start the conversation.Log in to like or comment.More posts from"
            " jintv.arClipClipClipSee more posts",
            {"jintv", "follow", "قصف", "الاحتلال", "التركي", "صرين"},
        ),
        # ... while "close" in a report stays a word
        (
            "",
            "Instagram video: shelling close to the border",
            {"video", "shelling", "close", "border"},
        ),
    ],
)
def test_instagram_chrome_is_no_content(
    extractor: FeatureExtractor, title: str, text: str, words: set[str]
) -> None:
    post = Post(id="ig", source="s", kind="article", url="", text=text, title=title)
    assert set(extractor.extract(post, 0.0).words) == words
