"""Word lists the feature extractor looks for: attack types, actors, casualty and date words.

Written in normalised form terms (normalize.py folds hamza, ta marbuta and alif maqsura), and
normalised again at import so a list entry typed with أ or ة still matches. Arabic and English side
by side: a cross-language pair of reports links through these ids, not through shared words.
"""

from __future__ import annotations

from scraper.dedup.normalize import normalize

ATTACK_CUES: dict[str, tuple[str, ...]] = {
    "airstrike": (
        "غارة",
        "غارات",
        "غاره",
        "الطيران الحربي",
        "طيران حربي",
        "طائرات حربية",
        "الطائرات الحربية",
        "قصف جوي",
        "القصف الجوي",
        "ضربة جوية",
        "ضربات جوية",
        "airstrike",
        "airstrikes",
        "air strike",
        "air strikes",
        "warplane",
        "warplanes",
        "jets",
        "air raid",
        "air raids",
        "aerial",
        # SANA's "air aggression" ("عدوان جوي إسرائيلي")
        "عدوان جوي",
        "العدوان الجوي",
    ),
    "drone": (
        "مسيرة",
        "مسيرات",
        "المسيرة",
        "طيران مسير",
        "الطيران المسير",
        "طائرة مسيرة",
        # "an unmanned aircraft": "غارة من طائرة بلا طيار", "طائرة إسرائيلية بدون طيار"
        "بلا طيار",
        "بدون طيار",
        "دون طيار",
        "درون",
        "انتحارية",
        "drone",
        "drones",
        "uav",
        "kamikaze",
        "loitering",
    ),
    "rocket": (
        "صاروخ",
        "صواريخ",
        "صاروخي",
        "صاروخية",
        "راجمات",
        "راجمة",
        "rocket",
        "rockets",
        "missile",
        "missiles",
        "guided",
    ),
    "shelling": (
        "قصف مدفعي",
        "مدفعي",
        "مدفعية",
        "المدفعية",
        "قذائف",
        "قذيفة",
        "هاون",
        "الهاون",
        "shelling",
        "shelled",
        "artillery",
        "mortar",
        "mortars",
        "shells",
        "howitzer",
    ),
    "explosion": (
        "انفجار",
        "عبوة ناسفة",
        "عبوه",
        "مفخخة",
        "مفخخه",
        "لغم",
        "ألغام",
        "ناسفة",
        # left-over ordnance that goes off is an explosion, not the shelling its munition's
        # word names: "انفجار قذيفة من مخلفات الحرب في قرية كنصفرة" (a shell from the war's
        # remnants) is no strike of that day
        "قذيفة من مخلفات",
        "قذائف من مخلفات",
        "صاروخ من مخلفات",
        "explosion",
        "exploded",
        "ied",
        "landmine",
        "car bomb",
        "blast",
    ),
    "ground": (
        "اشتباكات",
        "انزال",
        "إنزال",
        "مداهمة",
        "مداهمات",
        "اقتحام",
        "raid",
        "clashes",
        "landing",
        # English for "إنزال جوي", an airborne raid (SANA, SOHR: "carried out an airdrop")
        "airdrop",
        "airdrops",
        "air drop",
        "operation",
        "stormed",
    ),
    "sniper": ("قناص", "قنص", "قناصة", "sniper", "sniping"),
    # phrases that hold a cue word without naming an attack: a munition "شديدة الانفجار"
    # (highly explosive) is a rocket's or a bomb's, not an explosion
    "": ("شديدة الانفجار", "شديد الانفجار", "highly explosive"),
}

ACTOR_CUES: dict[str, tuple[str, ...]] = {
    "coalition": (
        "التحالف",
        "التحالف الدولي",
        "الأمريكي",
        "الأمريكية",
        "الامريكي",
        "الأمريكيين",
        "أمريكي",
        "أمريكية",
        "الأميركي",
        "الأميركية",
        "أميركي",
        "أميركية",
        "واشنطن",
        "coalition",
        "us-led",
        "american",
        "centcom",
        "u.s.",
        "pentagon",
        # SANA's and Kurdish outlets' English ("US occupation forces"): "us" alone is a pronoun
        "united states",
        "us occupation",
        "us forces",
        "us troops",
    ),
    "russia": ("الروسي", "الروسية", "روسيا", "الروس", "روسي", "روسية", "russian", "russia"),
    "regime": (
        "النظام",
        "قوات الأسد",
        "الأسد",
        "نظام الأسد",
        "القوات الحكومية",
        "الحكومة السورية",
        "جيش النظام",
        "قوات النظام",
        "regime",
        "assad",
        "government forces",
        "syrian army",
    ),
    "turkey": (
        "التركي",
        "التركية",
        "تركية",
        "تركي",
        "تركيا",
        "الاحتلال التركي",
        "الأتراك",
        "المسيرات التركية",
        "turkish",
        "turkey",
        "türkiye",
        "ankara",
    ),
    "israel": (
        "الإسرائيلي",
        "الاسرائيلية",
        "إسرائيلي",
        "إسرائيلية",
        "إسرائيل",
        "الاحتلال الإسرائيلي",
        "israeli",
        "israel",
    ),
    "isis": ("داعش", "تنظيم الدولة", "الدولة الإسلامية", "isis", "isil", "islamic state", "daesh"),
    "sdf": (
        "قسد",
        "سوريا الديمقراطية",
        "الوحدات الكردية",
        "وحدات حماية الشعب",
        "ypg",
        "sdf",
        "pkk",
        "pyd",
        "qsd",  # SANA's English for "قسد"
        "kurdish forces",
        "العمال الكردستاني",
        # YPG, PYD, PKK spelt out letter by letter (Turkish and opposition outlets)
        "ي ب ك",
        "ب ي د",
        "واي بي جي",
        "بي كا كا",
        "بي كي كي",
    ),
    "iran": (
        "الإيراني",
        "الإيرانية",
        "إيراني",
        "إيرانية",
        "إيران",
        "الحرس الثوري",
        "iranian",
        "iran",
        "irgc",
    ),
    "jordan": ("الأردني", "الأردنية", "أردني", "أردنية", "jordanian"),
}

KILLED_WORDS = (
    "قتيل",
    "قتلى",
    "قتلي",
    "شهيد",
    "شهداء",
    "شهيدا",
    "شهيدة",  # "شهيدة طفلة وجرحى"
    "قتيلا",  # the accusative after 11-99: "تسعة عشر قتيلا", "25 قتيلاً"
    "مقتل",
    "استشهاد",
    "قتل",
    "استشهد",
    "killed",
    "dead",
    "deaths",
    "died",
    "martyrs",
    "martyred",
    "killing",
    "kills",  # a headline's present tense: "Manbij shelling kills four"
    "bodies",
    # the verb with its plural subject, and the other ways Arabic reports say "killed"
    "استشهدوا",
    "قتلوا",
    "مصرع",
    "وفاة",
    "حتفه",
    "حتفهم",
    "حتفهما",
    "لحياتهم",
    "لحياتهما",
    # the verb's feminine and dual ("استشهدت امرأة", "مدنيين اثنين قتلا"), and "ascended"
    "استشهدت",
    "استشهدا",
    "قتلت",
    "قتلا",
    "ارتقاء",
    "ارتقى",
    # a headline's present tense: "الاحتلال الأمريكي يقتل 3 أشخاص", "قذائف تقتل مدنيا"
    "يقتل",
    "تقتل",
)
WOUNDED_WORDS = (
    "جريح",
    "جرحى",
    "جرحي",
    "جريحا",
    "إصابة",
    "اصابه",
    "إصابات",
    "مصابين",
    "جرح",
    "أصيب",
    "بجروح",
    "أصيبت",
    "أصيبا",
    "أصيبوا",
    "جرحت",
    "جرحوا",
    "يصيب",
    "تصيب",
    # ... and its past, as a typo writes the verbal noun ("ما أدى إلى اصاب اثنين من المدنيين");
    # without a count it hits a thing ("صاروخ موجه أصاب سيارة") and reads nothing
    "أصاب",
    "wounded",
    "injured",
    "injuries",
    "injuring",
    "wounding",
    "injures",  # "drone attack injures 9 civilians"
    "wounds",  # "shell explosion wounds 4 children"
    "hurt",
)
# One of a victim's family, named after the victim ("استشهاد سيدة وطفلتها", "وإصابة زوجته").
SINGULAR_KIN = (
    "طفله",
    "طفلها",
    "طفلته",
    "طفلتها",
    "زوجته",
    "زوجها",
    "ابنه",
    "ابنها",
    "ابنته",
    "ابنتها",
    "والده",
    "والدته",
    "شقيقه",
    "شقيقها",
    "شقيقته",
    "شقيقتها",
)
# A casualty word with no count next to it, followed by one of these, counts one victim:
# "مقتل مدني", "استشهاد شاب", "إصابة طفلة", "مقتل أحد عناصر ..." (the plural, "مدنيين", says
# nothing of how many).
ONE_VICTIM_WORDS = (
    "أحد",
    "مدني",
    "مواطن",
    "مواطنة",
    "شخص",
    "شاب",
    "طفل",
    "طفلة",
    "امرأة",
    "سيدة",
    "رجل",
    "فتاة",
    "فتى",
    "مسن",
    "عنصر",
    "عامل",
    "قيادي",
    # the accusative after a verb: "قسد تقتل طفلا", "تقتل رجلا مدنيا", "تصيب مواطنا"
    "مدنيا",
    "مواطنا",
    "شخصا",
    "شابا",
    "طفلا",
    "رجلا",
    "عنصرا",
    # another one, and one of the family: "واصيب آخر بجروح", "وجرح طفلها", "إصابة زوجته"
    "آخر",
    *SINGULAR_KIN,
)
# ... unless "و" joins more victims to it: another of those words ("مقتل طفل وامرأة"), one of
# these (kin and "another": "استشهاد سيدة وطفلتها", "إصابة طفل ووالدته", "مقتل مدني وآخر"), or
# a count no casualty word takes ("قتل مدني وأربعة من جنوده"; not "شهيد مدني وسبعة جرحى").
MORE_VICTIM_WORDS = (
    "آخر",
    "آخرين",
    "آخرون",
    *SINGULAR_KIN,
    "طفليه",
    "طفليها",
    "طفلتيه",
    "طفلتيها",
    "أطفاله",
    "أطفالها",
    "مدنيين",
)
# Duals name a count without a digit ("شهيدان": two dead).
KILLED_DUALS = ("شهيدان", "شهيدين", "قتيلان", "قتيلين")
WOUNDED_DUALS = ("جريحان", "جريحين", "مصابان", "مصابين اثنين")

NUMBER_WORDS = {
    "واحد": 1,
    "واحده": 1,
    "اثنان": 2,
    "اثنين": 2,
    "اثنتان": 2,  # the feminine: "أصيبت اثنتين أخريين"
    "اثنتين": 2,
    "ثلاثه": 3,
    "ثلاث": 3,
    "اربعه": 4,
    "اربع": 4,
    "خمسه": 5,
    "خمس": 5,
    "سته": 6,
    "ست": 6,
    "سبعه": 7,
    "سبع": 7,
    "ثمانيه": 8,
    "ثماني": 8,
    "تسعه": 9,
    "تسع": 9,
    "عشره": 10,
    "عشر": 10,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    # dual nouns of people count two by themselves ("استشهاد طفلين", "لقي مدنيان حتفهما");
    # "مدنيين" is left out: it is also the plural
    "مدنيان": 2,
    "طفلان": 2,
    "طفلين": 2,
    "شخصان": 2,
    "شخصين": 2,
    "شابان": 2,
    "شابين": 2,
    "رجلان": 2,
    "رجلين": 2,
    "امراتان": 2,
    "امراتين": 2,
    "شقيقان": 2,
    "شقيقين": 2,
    "عنصران": 2,
    "عنصرين": 2,
}

# The first word of "أحد عشر" … "تسعة عشر" (11–19): the units that take "عشر"/"عشرة" after
# them, with the forms 1 and 2 take only there ("أحد عشر", "اثنا عشر", "إحدى عشرة").
TEEN_UNITS = {
    "أحد": 1,
    "إحدى": 1,
    "اثنا": 2,
    "اثني": 2,
    "اثنتا": 2,
    "اثنتي": 2,
    "ثلاثة": 3,
    "ثلاث": 3,
    "أربعة": 4,
    "أربع": 4,
    "خمسة": 5,
    "خمس": 5,
    "ستة": 6,
    "ست": 6,
    "سبعة": 7,
    "سبع": 7,
    "ثمانية": 8,
    "ثماني": 8,
    "تسعة": 9,
    "تسع": 9,
}
TEENS = ("عشر", "عشرة")

# Month names: Gregorian (Egyptian style), Levantine, English. The number is the month.
MONTHS = {
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "ابريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يوليو": 7,
    "اغسطس": 8,
    "سبتمبر": 9,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
    "كانون الثاني": 1,
    "شباط": 2,
    "اذار": 3,
    "نيسان": 4,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "اب": 8,
    "ايلول": 9,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
    "كانون الاول": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

# Weekday names (0 = Monday), with and without the article; reports keep the strike's weekday
# ("صباح اليوم الأربعاء") whenever they were published.
# A date introduced as an earlier event's ("وفي 21 تموز ..." opening a background paragraph,
# "منذ 5 ايار", "في 20 اذار الماضي") is not the day of the strike the report is about: round-ups
# and follow-ups recall earlier strikes, and their days would veto the link to another report.
BACKGROUND_BEFORE = ("وفي", "منذ", "since")
BACKGROUND_AFTER = ("الماضي", "الفائت", "المنصرم", "السابق", "last")

# Monday only with its article: bare "اثنين" is the numeral two ("مدنيين اثنين", "وإصابة
# اثنين آخرين", "مع اثنين من مرافقيه"; all 110 bare ones, in 68 of the 1,728 dev posts,
# count); news Arabic names the day "الاثنين" / "يوم الاثنين"
WEEKDAYS = {
    "الاثنين": 0,
    "الإثنين": 0,
    "الثلاثاء": 1,
    "ثلاثاء": 1,
    "الأربعاء": 2,
    "اربعاء": 2,
    "الخميس": 3,  # not "خميس" alone: a name ("تل خميس", "محمد خميس")
    "الجمعة": 4,
    "الجمعه": 4,
    "السبت": 5,
    "الأحد": 6,
    "الاحد": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}

# Words after which an unknown name is a place ("قرية قسطون", "village of Qastoun"): they let the
# linker use villages that no gazetteer lists.
PLACE_TRIGGERS_AR = (
    "قرية",
    "قريه",
    "قريتي",
    "بلدة",
    "بلده",
    "بلدتي",
    "مدينة",
    "مدينه",
    "حي",
    "مخيم",
    "ناحية",
    "مزرعة",
    "مزارع",
    "محيط",
    "أطراف",
    "بلدات",
    "قرى",
    "ومخيم",
)
PLACE_TRIGGERS_EN = (
    "village of",
    "town of",
    "city of",
    "camp of",
    "neighborhood of",
    "outskirts of",
)
# Words that follow a place trigger without being a name: generic nouns, directions, verbs of
# reporting ("قرية" "مخيم للنازحين", "بلدات ريف", "مدينة شمال ..."). Compared clitic-peeled.
NOT_NAMES_AR = (
    "ريف",
    "ريفي",  # "قرى وبلدات بريفي إدلب وحلب": the two countrysides
    "أرياف",
    "قرى",
    "قري",
    "بلدات",
    "بلدة",
    "قرية",
    "مدينة",
    "منطقة",
    "محافظة",
    "ناحية",
    "مزرعة",
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
    "وسط",
    "شمالي",
    "جنوبي",
    "شرقي",
    "غربي",
    "شمالية",
    "جنوبية",
    "شرقية",
    "غربية",
    "نازحين",
    "النازحين",
    "مهجرين",
    "المهجرين",
    "تربية",
    "واقعة",
    "اخرى",
    "أخرى",
    "عدة",
    "قال",
    "اضاف",
    "أضاف",
    "بحسب",
    "حسب",
    "يذكر",
    "بشكل",
    "قصف",
    "قصفا",
    "مشفى",
    "مستشفى",
    "مدرسة",
    "نظام",
    "قوات",
    "طريق",
    "نهر",
    "وادي",
    "مطار",
    "قاعدة",
    "نقطة",
    "مجاورة",
    "اهلها",
    "أهله",
    "تلقي",
    "مداهمة",
    "شبكة",
    "جديد",
    "جديدة",
    "كامل",
    "كاملة",
    "تعود",
    "قضت",
    "محرر",
    "المحرر",
    "المحررة",
    "تشرين",
    "عرب",
    "مخيمات",
    "مناطق",
    "اطراف",
    "أطراف",
    "ضواحي",
    "سيارة",
    "منزل",
    "مبنى",
    "موقع",
    "مقر",
    # "محيط العاصمة دمشق", "قرية تابعة لبلدة ...", "بلدات منها الباره": words, not names
    "العاصمة",
    "تابعة",
    "منها",
    "إحدى",  # "محيط إحدى القواعد": one of
    "مخصصة",  # "مزرعة مخصصة لتربية الدواجن": dedicated to
    "طال",  # "قرى وبلدات وطال الاستهداف": and it hit
    # "أطراف بلدته معارة النعسان" (his town), "أطراف بلد كفرنوران" (a town, colloquial),
    # "بلدات ومدنا في ريفي" (cities), "40 قرية خرج عن الخدمة" (went out of)
    "بلدته",
    "بلدتها",
    "قريته",
    "قريتها",
    "مدينته",
    "بلد",
    "مدن",
    "مدنا",
    "خرج",
    # "قرى مقاطعة منبج" (a canton, before its name), "أطراف النزاع" (the parties to the
    # conflict), "حي يرزق" (alive and provided for)
    "مقاطعة",
    "النزاع",
    "يرزق",
    # "بلدات ضمن مناطق" (within), "مخيم قرب مدينة عفرين" (near), "محيط المجلس المحلي",
    # "محيط مديرية أمن اعزاز", "محيط شركة الكهرباء": words, not the place's name
    "ضمن",
    "قرب",
    "مجلس",
    "مديرية",
    "شركة",
)
# Words before which a village name heard in another report is read as a place ("في قسطون",
# "على حفسرجة"); a name with ب ("بترمانين") counts too.
LOCATIVES_AR = ("في", "على", "قرب", "محيط", "من", "أطراف")
# Nouns that follow a place trigger in some reports without naming a village ("مقاطعة الجزيرة",
# "محيط مسجد", "حي مركز المدينة"): a report's own trigger name may be one, but the extractor does
# not remember them as names to look for in other reports, where "في مركز" is everyday wording.
# Compared clitic-peeled.
GENERIC_AR = (
    "مقاطعة",
    "قرب",
    "مركز",
    "مسجد",
    "سوق",
    "مجلس",
    "حديقة",
    "أسماء",
    "سجن",
    "بستان",
    "جبل",
)
# First words of compound Arabic place names: take the next word too ("كفر تعال", "تل رفعت").
COMPOUND_HEADS = (
    "كفر",
    "تل",
    "عين",
    "ابو",
    "دير",
    "خربة",
    "خربه",
    "جسر",
    "بيت",
    "ام",
    "راس",
    "سد",
    "معرة",
    "معره",
    "الشيخ",
    # "قرية خان السبل", "قرية شيخ عيسى": read as "خان" or "شيخ" alone, the head was a new
    # village, heard again in every "في خان شيخون" of the window
    "خان",
    "شيخ",
    "حزرات",
    "جبل",
    "قلعة",
    "قلعه",
    "باب",
    "مرج",
    "بير",
    "بئر",
    "ابو",
)


def _norm_all(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(normalize(w) for w in words))


ATTACK = {kind: _norm_all(words) for kind, words in ATTACK_CUES.items()}
ACTORS = {actor: _norm_all(words) for actor, words in ACTOR_CUES.items()}
KILLED = _norm_all(KILLED_WORDS)
WOUNDED = _norm_all(WOUNDED_WORDS)
ONE_VICTIM = _norm_all(ONE_VICTIM_WORDS)
MORE_VICTIMS = _norm_all(MORE_VICTIM_WORDS)
TRIGGERS_AR = _norm_all(PLACE_TRIGGERS_AR)
HEADS = _norm_all(COMPOUND_HEADS)
NOT_NAMES = _norm_all(NOT_NAMES_AR)
LOCATIVES = _norm_all(LOCATIVES_AR)
GENERIC = _norm_all(GENERIC_AR)
PAST_BEFORE = frozenset(_norm_all(BACKGROUND_BEFORE))
PAST_AFTER = frozenset(_norm_all(BACKGROUND_AFTER))


# People's names, for telling a surname from a town ("فيصل القاسم" is not Iraq's Al-Qasim,
# "عبد الفتاح المسيفرة" not Al-Musayfirah, "ahmed al-jassim" not Jasim). Frequent Arabic given
# names as Syrian reports write them, not a census: a name here only says that the place name
# right after it is a family name (gazetteer.py). Left out: names that are also words standing
# before a place ("على" is "علي" once normalised; "خلف" behind, "شهد" witnessed, "منى"/"مني"
# from me, "بشرى" human, "رحاب" also a village, "دعاء", "وفاء", "نجاح", "صفاء", "جود", "غنى").
GIVEN_NAMES_AR = (
    *("محمد", "أحمد", "محمود", "مصطفى", "خالد", "عمر", "حسن", "حسين", "إبراهيم", "يوسف"),
    *("عمار", "ياسر", "سامر", "سمير", "فادي", "رامي", "ماهر", "مازن", "باسل", "بشار", "وليد"),
    *("جمال", "كمال", "فراس", "عماد", "رائد", "زياد", "نبيل", "سعيد", "أنس", "إياد", "أيمن"),
    *("عادل", "فيصل", "فايز", "فواز", "حمزة", "حازم", "حاتم", "حامد", "حسام", "طارق", "طلال"),
    *("ناصر", "نزار", "هشام", "هيثم", "وائل", "يحيى", "يونس", "إسماعيل", "أسامة", "أكرم"),
    *("أمجد", "أنور", "بلال", "بكر", "جابر", "جهاد", "جميل", "خليل", "رضوان", "رياض", "زكريا"),
    *("زهير", "سالم", "سامي", "سعد", "سلمان", "سليمان", "سليم", "شادي", "صالح", "صلاح"),
    *("عدنان", "عثمان", "عصام", "علاء", "عامر", "عمرو", "عيسى", "غسان", "فؤاد", "فاروق"),
    *("فتحي", "فهد", "قاسم", "كريم", "لؤي", "ماجد", "مالك", "مروان", "مصعب", "معاذ", "منذر"),
    *("منصور", "موسى", "مهند", "مؤيد", "نادر", "نضال", "نعيم", "هاني", "همام", "وسيم", "ياسين"),
    *("يزن", "أديب", "أسعد", "بسام", "تامر", "توفيق", "ثائر", "جاسم", "جلال", "حافظ", "حمود"),
    *("حميد", "خضر", "راضي", "ربيع", "رشيد", "زاهر", "سعود", "شريف", "صابر", "صبحي", "طه"),
    *("عبود", "عزام", "عمران", "غازي", "غياث", "فارس", "فرحان", "قصي", "كنان", "مجد", "محسن"),
    *("مراد", "منير", "مهدي", "نايف", "هادي", "هلال", "يامن", "أيهم", "بهاء", "جعفر", "حيدر"),
    *("رامز", "رضا", "سامح", "سهيل", "شاكر", "صفوان", "ضياء", "عارف", "عبيدة", "عدي", "عزيز"),
    *("عقيل", "عوض", "غيث", "قتيبة", "مأمون", "معتز", "ممدوح", "نجيب", "نواف", "وحيد", "وسام"),
    *("يعقوب", "حمد", "عبدو", "ضاهر", "نوري", "صدام", "رعد", "نمر", "مخلف", "دياب"),
    *("معاوية", "حذيفة", "براء", "عبادة", "أويس", "خطاب"),
    # women's names, in the lists of the dead
    *("فاطمة", "مريم", "زينب", "عائشة", "خديجة", "آمنة", "سارة", "نور", "هدى", "رنا", "ريم"),
    *("لينا", "هبة", "رهف", "سلمى", "سعاد", "سمر", "سهام", "نادية", "رغد", "ليلى", "هيفاء"),
    *("إيمان", "أسماء", "بتول", "رقية", "حلا", "روان", "سناء", "ياسمين", "نسرين", "رزان"),
    *("أميرة", "حنان", "شيماء", "آية", "نجوى", "وداد", "غادة", "لمى", "جنى", "تسنيم"),
)
GIVEN_NAMES_LATIN = (
    *("muhammad", "mohammad", "mohammed", "mohamed", "muhammed", "mohamad", "ahmad", "ahmed"),
    *("mahmoud", "mahmud", "mustafa", "mostafa", "khaled", "khalid", "omar", "umar", "ali"),
    *("hassan", "hasan", "hussein", "husein", "hussain", "husayn", "ibrahim", "youssef"),
    *("yousef", "yusuf", "abdullah", "abdallah", "ammar", "yaser", "yasser", "yasir", "samer"),
    *("samir", "fadi", "rami", "maher", "mazen", "basel", "bassel", "bashar", "walid"),
    *("waleed", "jamal", "kamal", "firas", "feras", "imad", "emad", "raed", "ziad", "ziyad"),
    *("nabil", "saeed", "anas", "iyad", "eyad", "ayman", "adel", "faisal", "faysal", "fayez"),
    *("hamza", "hazem", "hatem", "hamed", "hossam", "hussam", "tarek", "tariq", "talal"),
    *("nasser", "naser", "nizar", "hisham", "hesham", "haitham", "haytham", "wael", "yahya"),
    *("younes", "yunus", "ismail", "osama", "usama", "akram", "amjad", "anwar", "bilal"),
    *("jaber", "jamil", "jameel", "khalil", "radwan", "ridwan", "zakaria", "zuhair", "sami"),
    *("saad", "suleiman", "sulaiman", "salim", "saleem", "shadi", "saleh", "salah", "adnan"),
    *("othman", "uthman", "issam", "essam", "alaa", "amer", "issa", "ghassan", "fouad"),
    *("fuad", "farouk", "fahd", "fahad", "kassem", "qassem", "qasem", "karim", "kareem"),
    *("louai", "luay", "majed", "majid", "malek", "malik", "marwan", "musab", "mosab", "muath"),
    *("moaz", "munther", "monzer", "mansour", "mousa", "musa", "mohannad", "nader", "nidal"),
    *("naim", "nour", "noor", "hani", "wassim", "waseem", "yassin", "yasin", "yazan", "jassim"),
    *("jasim", "jalal", "faris", "ghazi", "ghiath", "qusai", "kinan", "mahdi", "naif"),
    *("nayef", "hadi", "hamad", "abdo", "abboud", "fatima", "fatma", "maryam", "mariam"),
    *("zainab", "zeinab", "aisha", "khadija", "amina", "sara", "sarah", "huda", "rana", "reem"),
    *("lina", "hiba", "rahaf", "salma", "souad", "samar", "nadia", "leila", "layla", "iman"),
    *("asmaa", "ruqaya", "rawan", "yasmin", "razan"),
    *("muawiya", "moawia", "mouawia", "huthaifa", "hudhaifa", "baraa", "obada", "ubada"),
    *("owais", "khattab"),
)
# Words that make the next word a person's name (kin: "حمد بن جاسم", "bin Jassim"; "عبد" opens a
# two-word given name: "عبد الفتاح") or the next word a given name (a person's title: "الطفل",
# "المدعو", "الشهيد"). Not "الشيخ" nor "السيدة": they head towns ("الشيخ مسكين",
# "السيدة زينب"), and "أبو"/"أم" head names the gazetteer already reads whole ("أبو كمال").
NAME_KIN = ("ابن", "بن", "بنت", "ابنة", "عبد", "ibn", "bin", "bint", "abd", "abdul", "abdel")
PERSON_TITLES = (
    *("الشهيد", "الشهيدة", "الطفل", "الطفلة", "الشاب", "الشابة", "المواطن", "المواطنة"),
    *("الحاج", "الحاجة", "الفتى", "الفتاة", "الرضيع", "الرضيعة", "المسن", "المسنة"),
    *("المدعو", "المدعوة", "الدكتور", "الدكتورة", "المهندس", "الأستاذ", "السيد"),
)
# The second word of a compound given name ("صلاح الدين", "نور الدين"), after which a place
# name is a family name as after a one-word name.
NAME_SECOND_WORDS = ("الدين",)
GIVEN_NAMES = frozenset(_norm_all(GIVEN_NAMES_AR)) | frozenset(GIVEN_NAMES_LATIN)
KIN_BEFORE_NAMES = frozenset(_norm_all(NAME_KIN))
TITLES_BEFORE_NAMES = frozenset(_norm_all(PERSON_TITLES))
NAME_SECONDS = frozenset(_norm_all(NAME_SECOND_WORDS))
