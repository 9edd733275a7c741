"""Per-post features for event linking: places, attack type, actor, casualties, dates, words.

`FeatureExtractor.extract(post)` turns a Post into a `Features` value once, at arrival; the linker
compares Features, never raw text. Publisher boilerplate (lines a source repeats across posts:
mastheads, "follow us" footers) is learned online per source and dropped before anything else,
so two posts of one outlet do not look alike because of their chrome.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TypeVar

from scraper.dedup import cues
from scraper.dedup.gazetteer import (
    DISTRICT,
    GOVERNORATE,
    SPECIFIC,
    Gazetteer,
    Place,
    PlaceMatch,
    lengths_by_first,
    prefix_variants,
)
from scraper.dedup.normalize import normalize, tokens
from scraper.dedup.settings import DedupSettings
from scraper.models import Post

# Function words that say nothing about which strike a text reports (normalised forms).
STOPWORDS = frozenset(
    normalize(w)
    for w in [
        "في",
        "من",
        "على",
        "الى",
        "إلى",
        "عن",
        "مع",
        "بعد",
        "قبل",
        "هذا",
        "هذه",
        "ذلك",
        "التي",
        "الذي",
        "الذين",
        "كان",
        "كانت",
        "وقد",
        "قد",
        "لم",
        "لا",
        "ما",
        "او",
        "أو",
        "ثم",
        "حيث",
        "كما",
        "ان",
        "إن",
        "أن",
        "انه",
        "أنه",
        "بين",
        "عند",
        "خلال",
        "منذ",
        "حتى",
        "اليوم",
        "امس",
        "أمس",
        "مساء",
        "صباح",
        "ليل",
        "فجر",
        "يوم",
        "وذلك",
        "وفي",
        "ومن",
        "وعلى",
        "بعض",
        "كل",
        "غير",
        "عبر",
        "ضد",
        "نحو",
        "لدى",
        "اثر",
        "إثر",
        "جراء",
        "نتيجة",
        "بسبب",
        "the",
        "a",
        "an",
        "of",
        "in",
        "on",
        "at",
        "to",
        "and",
        "or",
        "for",
        "by",
        "with",
        "from",
        "is",
        "was",
        "were",
        "are",
        "be",
        "been",
        "has",
        "have",
        "had",
        "this",
        "that",
        "it",
        "its",
        "as",
        "after",
        "during",
        "near",
        "into",
        "over",
        "said",
        "says",
        # the chrome of a captured Facebook or X page, not the report's words: "Verified
        # account · Shared with Public", "All reactions: 644 · 12 comments · Like · Reply ·
        # Share", "Most relevant", "Post", "Twitter" (in ~400 of the 1,728 dev posts each)
        "facebook",
        "twitter",
        "verified",
        "account",
        "shared",
        "public",
        "reactions",
        "comment",
        "comments",
        "like",
        "reply",
        "replies",
        "share",
        "shares",
        "relevant",
        "author",
        "post",
        "views",
        # ... X's ("Retweeted", "Likes", "Conversation"), and the share buttons of news pages
        "likes",
        "liked",
        "conversation",
        "retweet",
        "retweets",
        "retweeted",
        "tweet",
        "filtered",  # "Some comments may have been filtered out"
        "email",
        "instagram",
        "pinterest",
        "linkedin",
        "github",
    ]
)
# ... nor its comments' ages ("43w", "1y", "12h"), which tell when the page was captured, and
# the counts glued to them or to their buttons ("1y1", "comments1", "Likes2")
_AGE_STAMP = re.compile(r"^(?:\d+[wydhm]\d*|(?:comments?|likes?|replies|reply|shares?)\d+)$")

_NUMBER = re.compile(r"^\d{1,4}$")
_TEEN_UNITS = {normalize(k): v for k, v in cues.TEEN_UNITS.items()}
_TEENS = frozenset(normalize(w) for w in cues.TEENS)
# What follows a number that is an age, not a count: "طفل (5 سنوات)", "عمره 12 عاما"
_AGE_WORDS = frozenset(normalize(w) for w in ("سنوات", "سنة", "أعوام", "عام", "عاماً"))
# A page's counters after a number ("لم تقع اي إصابات\n2 replies 4 retweets"): not a toll
_COUNTERS = frozenset(
    ("replies", "reply", "retweets", "likes", "comments", "shares", "views", "reactions")
)
_MAGNITUDES = frozenset(
    normalize(w) for w in ("ألف", "آلاف", "ألفا", "مليون", "thousand", "thousands", "million")
)
# What names a part of a toll, not the toll: "بينهم 5 أطفال", "including two children"
_AMONG = frozenset(
    normalize(w) for w in ("بينهم", "بينهما", "بينهن", "منهم", "منهن", "including", "among")
)
# The auxiliaries of an English passive toll ("were killed", "have been injured")
_PASSIVE_AUX = frozenset(("was", "were", "is", "are", "been", "have", "has", "had"))
# One person in English, after "a"/"an" ("killing a man", "a civilian was killed"), maybe
# with one adjective ("an elderly woman")
_EN_ONE_VICTIM = frozenset(
    (
        "man",
        "woman",
        "child",
        "civilian",
        "boy",
        "girl",
        "person",
        "citizen",
        "teenager",
        "individual",
    )
)
_EN_VICTIM_ADJECTIVES = frozenset(("young", "old", "elderly", "little", "displaced", "local"))
# Casualty words whose count only ever follows them: verbal nouns and the present tense ("مقتل
# 3", "يقتل 3"; "إصابة" is left out: it is also the noun, "35 إصابة")
_COUNT_AFTER = frozenset(
    normalize(w) for w in ("مقتل", "استشهاد", "مصرع", "ارتقاء", "يقتل", "تقتل", "يصيب", "تصيب")
)
# Casualty nouns a count goes before ("38 جريحا", "5 قتلى"), unlike "بجروح" (with wounds)
_COUNTED = frozenset(
    normalize(w)
    for w in (
        *("جريح", "جريحا", "جرحى", "مصابا", "مصابين", "إصابة", "إصابات"),
        *("قتيل", "قتيلا", "قتلى", "شهيد", "شهيدا", "شهداء"),
    )
)
# "12 قتيلا وجريحا", "40 قتيلا ومصابا", "eight killed and wounded": the count of both, no
# toll of either (the singular noun; "7 شهداء وجرحى" may still be seven dead and some wounded)
# Outlets named for their province and the clock ("درعا 24", "السويداء 24", "ديرالزور 24",
# "Kurdistan 24", "xeber 24"): the number is the name's, before "وفاة" or "شهداء" too
_OUTLET_NUMBER = 24
_OUTLET_NAMES = frozenset(
    normalize(w)
    for w in (
        *("درعا", "السويداء", "ديرالزور", "الزور", "الشرقية", "الرقة", "حلب", "إدلب", "حمص"),
        *("خبر", "ترند", "zor", "xeber", "kurdistan", "suwayda", "daraa"),
        "د",  # "ديرالزور 24 on X: "د 24:\nقتلى ومعتقلين", its short form
    )
)
_BOTH_KILLED = frozenset(normalize(w) for w in ("قتيل", "قتيلا", "شهيد", "شهيدا"))
_BOTH_WOUNDED = frozenset(normalize(w) for w in ("وجريح", "وجريحا", "ومصاب", "ومصابا"))
# ... and a killing verb or verbal noun joined to a wounding one, the count after both:
# "مقتل وإصابة 37 مدنيا", "مقتل وجرح 7 أشخاص", "قتل وأصيب نحو 80 شخصا"
_BOTH_ACTS = frozenset(normalize(w) for w in ("مقتل", "استشهاد", "مصرع", "قتل", "استشهد"))
_BOTH_WOUNDING = frozenset(normalize(w) for w in ("وإصابة", "وجرح", "وأصيب"))
# ... unless "others" follows the count: the wounding word's own victims, the killed named
# before ("ان مدنيا قتل وجرح اثنين آخرين": one dead, two wounded)
_OTHERS = frozenset(normalize(w) for w in ("آخرين", "آخرون", "أخرى", "أخريات", "أخريين", "others"))
# Monday is "الاثنين", "the two": with the article, the weekday ("اثنين" alone counts two)
_MONDAY = frozenset(c + "الاثنين" for c in ("", "و", "ب", "ف")) | {"للاثنين"}
# A casualty word a negation goes before is no toll ("لم تسفر عن قتلى 11 استهدافا", "دون وقوع
# إصابات", "لم يقتل أحد", "without injuries"), reached past the words between them
_NEGATIONS = frozenset(
    normalize(w) for w in ("لم", "ولم", "لا", "دون", "بدون", "عدم", "no", "without")
)
_NEGATED_FILLER = frozenset(
    normalize(w)
    for w in ("أي", "عن", "وقوع", "تسجيل", "يسفر", "تسفر", "أسفر", "أسفرت", "تقع", "يقع", "any")
)
_DMY = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](20\d\d)\b")
_YEAR = re.compile(r"^20[0-3]\d$")
_OF = frozenset({"من", "of"})
_YMD = re.compile(r"\b(20\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b")
# The middle of every _DMY and _YMD match: one scan that starts at a separator (5× cheaper than
# either pattern's, which tries a word boundary at every position) tells the nineteen texts in
# twenty that have no numeric date to skip both.
_DATE_MIDDLE = re.compile(r"[-/.]\d\d?[-/.]")


@dataclass(slots=True)
class Features:
    """What the linker knows about one post. Sets are frozen so posts can share them safely."""

    post_id: str
    ts: float  # publish time, seconds since the epoch
    lead: str  # the first tokens of the normalised, boilerplate-free text: copy detection
    exact: str  # hash of `text`: copy detection
    words: dict[str, int] = field(default_factory=dict)  # content token → count
    places: frozenset[str] = frozenset()  # every place id named
    specific: frozenset[str] = frozenset()  # ids at town level or finer (incl. trigger names)
    lead_specific: frozenset[str] = frozenset()  # specific ids named in the lead
    general: frozenset[str] = frozenset()  # governorate / district / country ids
    districts: frozenset[str] = frozenset()  # the district-level ids of `general`
    governorates: frozenset[str] = frozenset()  # the governorate-level ids of `general`
    # The parents of the towns and villages named in the lead (learned villages, GeoNames
    # towns), which the text may not name: a report of Sarmin is in Idlib even when it does not
    # say so. Kept apart from the named ones: they rule links out, they never make one.
    implied_governorates: frozenset[str] = frozenset()
    implied_districts: frozenset[str] = frozenset()
    attacks: frozenset[str] = frozenset()
    actors: frozenset[str] = frozenset()
    killed: frozenset[int] = frozenset()
    wounded: frozenset[int] = frozenset()
    dates: frozenset[tuple[int, int]] = frozenset()  # (month, day) named in the text
    # the days of `dates` named only in publication stamps: a date framed by page chrome
    # ("10:37 AM · Sep 28, 2025", "October 20, 2024 · Shared with Public", a dateline with
    # its clock or on a line of its own). They say when the report was posted, which may
    # trail the strike by days: they agree with a day, they veto only far from it
    stamps: frozenset[tuple[int, int]] = frozenset()
    years: frozenset[int] = frozenset()  # years written in those dates
    # the year next to `years` across New Year, when every day named is a stamp within days of
    # it ("December 31, 2024 · Shared with Public" over a strike of 1 January 2025): the report
    # was posted by a clock on the other side of midnight, and its year is no veto there
    turn_years: frozenset[int] = frozenset()
    weekdays: frozenset[int] = frozenset()  # weekdays named (0 = Monday)
    # the days of `weekdays` named only in a page's dateline ("السبت 4 تشرين الأول, 2025"):
    # the day it was published, a stamp as `stamps` are: in the pair signals (agreeing and
    # conflicting), not in a veto. It is the strike's weekday in 48 of the 66 dev pages with
    # one, a day after in 13; out of the signals too TUNE fell 0.0016 (dropped, 0.0014): a
    # page's right Thursday had kept two busy strikes apart
    weekday_stamps: frozenset[int] = frozenset()
    lines: tuple[str, ...] = ()  # line hashes, for the boilerplate counter's eviction
    heard: tuple[str, ...] = ()  # village names it taught the extractor, taken back on eviction
    seats: frozenset[str] = frozenset()  # the seat towns among `specific` (Gazetteer.seats)


COPY_LEAD_TOKENS = 80  # what the fuzzy copy check compares: a repost keeps its opening
_T = TypeVar("_T")
_EMPTY: frozenset = frozenset()  # type: ignore[type-arg]
intern = sys.intern


def take_back(counts: MutableMapping[_T, int], keys: Iterable[_T]) -> None:
    """Take one evicted post's keys back out of window counts; a key counted by no post left
    is dropped, so the counts stay as large as the window, not as the history."""
    for key in keys:
        n = counts[key] - 1
        if n > 0:
            counts[key] = n
        else:
            del counts[key]


def _frozen(items: Iterable[_T]) -> frozenset[_T]:
    """A frozen set, the one shared empty set when there is nothing: most posts name no
    casualties, dates or actors, and an empty frozenset costs 216 bytes each."""
    return frozenset(items) or _EMPTY


class _PhraseIndex:
    """Token phrases → labels, matched with the gazetteer's Arabic prefix peeling. Phrases
    under the label "" have none: they only hide the cue words inside them."""

    def __init__(self, phrases: dict[str, tuple[str, ...]]) -> None:
        self._index: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for label, words in phrases.items():
            for phrase in words:
                toks = tuple(tokens(phrase))
                if toks:
                    labels = self._index[toks]
                    if label:
                        labels.add(label)
        # most first tokens start one-word phrases only: `find` builds one key, not one a length
        self._sizes = lengths_by_first(self._index)
        self._first = frozenset(self._sizes)

    def opens(self, token: str) -> bool:
        return any(v in self._first for v in _phrase_variants(token))

    def find(
        self,
        toks: list[str],
        starts: Iterable[int] | None = None,
        unread: Callable[[list[str], int], bool] | None = None,
    ) -> set[str]:
        """The labels of the longest phrase starting at each position (of `starts`), not inside
        a phrase matched before ("air raid" is an air strike, not also a ground raid), nor one
        `unread` says the text does not mean there (its words still hide the cues inside)."""
        found: set[str] = set()
        index, phrase_sizes = self._index, self._sizes
        nxt = 0
        for i in range(len(toks)) if starts is None else starts:
            if i < nxt:
                continue
            for variant in _phrase_variants(toks[i]):
                sizes = phrase_sizes.get(variant)
                if sizes is None:
                    continue
                for size in sizes:
                    key = (variant, *toks[i + 1 : i + size])
                    if len(key) == size and key in index:
                        if unread is None or not unread(toks, i):
                            found.update(index[key])
                        nxt = i + size
                        break
                break
        return found


@lru_cache(maxsize=1 << 16)
def _phrase_variants(token: str) -> tuple[str, ...]:
    """The token's clitic-peeled forms, and for ل + ال fused ("للتحالف", "للنظام", "وللقصف") the
    word with its article back: the gazetteer keys names bare as well, cue phrases keep theirs
    ("التحالف الدولي"), so "للتحالف الدولي" read no actor. The article form comes before the
    bare one, which may open a phrase of its own ("للنظام السوري" is not "نظام الأسد").
    Cached, like `prefix_variants`: the attack and actor lookups ask it of ~10 words a post."""
    variants = prefix_variants(token)
    fused = tuple("ال" + v[2:] for v in variants if v.startswith("لل") and len(v) > 4)
    return (variants[0], *fused, *variants[1:]) if fused else variants


_ATTACKS = _PhraseIndex(cues.ATTACK)
_ACTORS = _PhraseIndex(cues.ACTORS)
# An actor named as what the strike hit is not who struck: "غارات إسرائيلية على مواقع لقوات
# الأسد", "استهدفت خلايا تنظيم داعش", "مقتل قيادي في تنظيم داعش بغارة", "air strikes against
# Daesh", "factions target regime positions". The word before the actor's name (past "في",
# "تنظيم", "قوات", "ميليشيا" and the like) says so.
_TARGET_MARKS = frozenset(
    normalize(w)
    for w in (
        "مواقع",
        "موقع",
        "نقاط",
        "نقطة",
        "مقرات",
        "مقر",
        "معاقل",
        "تجمعات",
        "خلايا",
        "خلية",
        "قيادي",
        "متزعم",
        "ضد",
        "against",
        "target",
        "targets",
        "targeting",
        "targeted",
    )
)
_TARGET_FILLER = frozenset(
    normalize(w) for w in ("في", "تنظيم", "قوات", "ميليشيا", "ميليشيات", "مليشيا", "مليشيات", "the")
)
_CAMP_WORDS = frozenset((normalize("مخيم"),))
_TARGET_REACH = 3  # filler words between the mark and the actor's name


def _targeted(toks: list[str], i: int) -> bool:
    """Whether the actor's name at `i` is what the strike hit (`_TARGET_MARKS`)."""
    k = i - 1
    while k >= 0 and i - k <= _TARGET_REACH and toks[k] in _TARGET_FILLER:
        k -= 1
    return k >= 0 and any(v in _TARGET_MARKS for v in prefix_variants(toks[k]))


_KILLED = frozenset(cues.KILLED)
_ONE_VICTIM = frozenset(cues.ONE_VICTIM)
_MORE_VICTIMS = _ONE_VICTIM | frozenset(cues.MORE_VICTIMS)
_WOUNDED = frozenset(cues.WOUNDED)
_TRIGGERS = frozenset(cues.TRIGGERS_AR)
_HEADS = frozenset(cues.HEADS)
_NOT_NAMES = frozenset(cues.NOT_NAMES) | frozenset(
    w[2:] for w in cues.NOT_NAMES if w.startswith("ال")
)
_LOCATIVES = frozenset(cues.LOCATIVES)
_GENERIC = frozenset(cues.GENERIC)
# A trigger with the article ("القريه", "بالبلده") refers back to a place already named: the word
# after it is not that place's name ("داخل القريه وتم ...").
_DEFINITE = ("ال", "بال", "وال", "فال", "كال", "لل", "وبال", "ولل")
_MONTH_FIRST = {tokens(normalize(k))[0]: k for k in cues.MONTHS}
_MONTHS = {tuple(tokens(normalize(k))): v for k, v in cues.MONTHS.items()}
_WEEKDAYS = {normalize(k): v for k, v in cues.WEEKDAYS.items()}


# What a token may start, for the extractor's one pass (bits of FeatureExtractor._kinds).
_CONTENT, _PLACE, _ATTACK, _ACTOR, _CASUALTY, _TRIGGER, _MONTH, _DAY = (1 << b for b in range(8))
# A trigger name that is a cue word is not a village ("البلده بقذايف", "قريه الروسي")
_CUE_KINDS = _ATTACK | _ACTOR | _CASUALTY | _MONTH | _DAY
# "for the" (ل + ال, written "لل") opens no village's name: after a place word it is whom the
# place is for ("استهدف تجمعاً للمدنيين", "مزرعة للأهالي"), read as a village "للمدنيين"
_FOR_THE = "لل"
# Distinct tokens remembered (~10 MB). Names and numbers keep the vocabulary growing for as long
# as the daemon runs, so the memory is emptied when full rather than capped and kept.
_KINDS_CACHE = 1 << 16


def _line_key(line: str) -> str:
    return hashlib.blake2b(line.encode(), digest_size=8).hexdigest()


class FeatureExtractor:
    """Stateful in two memories of the live window, each taken back post by post on eviction
    (`forget`), so a linker rebuilt from the window reads the same: the line counts per source
    (boilerplate) and the village names heard after a trigger. The token cache beside them only
    saves work: it changes no feature."""

    def __init__(self, settings: DedupSettings, gazetteer: Gazetteer) -> None:
        self.settings = settings
        self.gazetteer = gazetteer
        self._line_counts: dict[str, Counter[str]] = defaultdict(Counter)
        # token → what it may start (bits below), and the token's one interned string: one
        # string per distinct word across the window, not one per post using it
        self._kinds: dict[str, tuple[int, str]] = {}
        # village names read after a trigger ("قريه قسطون") → how many posts in the window did:
        # a later report that writes "في قسطون" without the trigger names the same village.
        # Counted per post and taken back on eviction (`forget`), like the boilerplate lines, so
        # it is a function of the window and a rebuilt linker reads the same names.
        self._heard: dict[str, int] = {}

    def _classify(self, token: str) -> tuple[int, str]:
        kind = 0
        if (
            len(token) > 2
            and token not in STOPWORDS
            and not token.isdigit()
            and not _AGE_STAMP.match(token)
        ):
            kind |= _CONTENT
        if self.gazetteer.opens(token):
            kind |= _PLACE
        if _ATTACKS.opens(token):
            kind |= _ATTACK
        if _ACTORS.opens(token):
            kind |= _ACTOR
        if _is_casualty(token):
            kind |= _CASUALTY
        if _is_trigger(token):
            kind |= _TRIGGER
        if token in _MONTH_FIRST:
            kind |= _MONTH
        if _weekday(token) is not None:
            kind |= _DAY
        if len(self._kinds) >= _KINDS_CACHE:
            self._kinds.clear()
        token = intern(token)
        known = self._kinds[token] = (kind, token)
        return known

    def _new_village(self, trigger: str, name: str) -> bool:
        """Whether a trigger name can be a village the gazetteer lacks: not after a definite
        trigger ("القريه"), not a known place behind a clitic ("مخيم بادلب"), not a cue word."""
        if trigger.startswith(_DEFINITE) or name.startswith(_FOR_THE):
            return False
        if " " not in name and any(self.gazetteer.known_here((v,)) for v in prefix_variants(name)):
            return False
        first = name.split(" ", 1)[0]
        for word in (first, "ال" + first):  # names are kept without the article
            known = self._kinds.get(word) or self._classify(word)
            if known[0] & _CUE_KINDS:
                return False
        return True

    def _area_not_seat(self, toks: list[str], match: PlaceMatch) -> bool:
        """Whether the seat town `match` names stands for its area: after "مقاطعة" any seat,
        after "ريف" a district's (a governorate's countryside, "ريف حمص", read as its area
        lost 0.0018: strikes on the city's edge are reported both ways)."""
        start = match.start
        if not start or match.place.id not in self.gazetteer.seats:
            return False
        before = toks[start - 1]
        if before in _CANTON:
            return True
        return before in _COUNTRYSIDE and match.place.id in self.gazetteer.district_seats

    def _camp(self, trigger: str, name: str) -> Place | None:
        """The known camp a camp word names by its first word alone ("مخيم الكويت": Kuwait
        al-Rahma camp, "كويت الرحمه", in Afrin; read as a new village "كويت" it never met the
        camp's reports)."""
        if " " in name or not any(v in _CAMP_WORDS for v in prefix_variants(trigger)):
            return None
        return self.gazetteer.longer_name(name)

    def _heard_names(self, toks: list[str], end: int) -> set[str]:
        """Village names heard after a trigger in this window, read in the first `end` tokens
        after a locative ("في قسطون", "على حفسرجه") or with ب ("بترمانين")."""
        heard = self._heard
        found: set[str] = set()
        n = len(toks)
        lead = toks[:end]
        # the positions to try, found by two comprehensions (a third of the loop's cost) and
        # tried in text order, so the set is filled in the same order (a position in both lists
        # finds the same name twice)
        starts = [i for i, token in enumerate(lead) if token[0] == "ب"]
        starts += [i + 1 for i, token in enumerate(lead[:-1]) if token in _LOCATIVES]
        for i in sorted(starts):
            token = toks[i]
            for v in prefix_variants(token):
                name = f"{v} {toks[i + 1]}" if v in _HEADS and i + 1 < n else v
                if name in heard:
                    found.add(name)
                    break
        return found

    def forget(self, source: str, feats: Features) -> None:
        """Drop an evicted post's lines from its source's boilerplate counts, and the village
        names it taught."""
        take_back(self._heard, feats.heard)
        counts = self._line_counts.get(source)
        if counts is None:
            return
        take_back(counts, feats.lines)
        if not counts:
            del self._line_counts[source]

    def extract(self, post: Post, ts: float) -> Features:
        s = self.settings
        page = _after_language_menu(post.text)
        raw = f"{post.title}\n{page}" if post.title and post.title not in post.text else page
        norm = normalize(_without_chrome(raw, s.max_chars * 2)[: s.max_chars * 2])
        kept, keys = self._strip_boilerplate(post.source, norm.split("\n"))
        text = _before_related(_without_date_widget("\n".join(kept)))[: s.max_chars]
        toks = tokens(text)
        lead = _lead_end(toks, s.lead_tokens)

        # One pass over the tokens: each distinct token is classified once per process (what
        # it could start: a place name, an attack or actor phrase, a casualty count, a
        # trigger, a date), then each matcher looks only at the positions that concern it.
        kinds, classify = self._kinds, self._classify
        at_place: list[int] = []
        at_attack: list[int] = []
        at_actor: list[int] = []
        at_casualty: list[int] = []
        at_trigger: list[int] = []
        at_month: list[int] = []
        at_day: list[int] = []
        content: list[str] = []
        for i, token in enumerate(toks):
            known = kinds.get(token)
            if known is None:
                known = classify(token)
            kind = known[0]
            if kind == _CONTENT:  # most words are only that: one test instead of eight
                content.append(known[1])
                continue
            if not kind:
                continue
            if kind & _CONTENT:
                content.append(known[1])
            if kind & _PLACE:
                at_place.append(i)
            if kind & _ATTACK:
                at_attack.append(i)
            if kind & _ACTOR:
                at_actor.append(i)
            if kind & _CASUALTY:
                at_casualty.append(i)
            if kind & _TRIGGER:
                at_trigger.append(i)
            if kind & _MONTH:
                at_month.append(i)
            if kind & _DAY:
                at_day.append(i)

        # a Facebook post's comments name places that are not the report's (`_COMMENTS`):
        # their words still tell which post they are under, their places are not read
        body = text.find(_COMMENTS)
        dated = text  # the text whose numeric dates, captions and datelines are read
        if body >= 0:
            end = len(tokens(text[:body]))
            at_place = [i for i in at_place if i < end]
            at_trigger = [i for i in at_trigger if i < end]
            lead = min(lead, end)
            # ... nor its days: the readers recall other days and years ("ما وقع سنة 2003
            # ... لكن في 20 مارس 2003" under a post of 2025)
            at_month = [i for i in at_month if i < end]
            at_day = [i for i in at_day if i < end]
            dated = text[:body]
        # Words that name a place, but not the strike's: no place or village is read there
        unread: set[int] = set()
        if any(mark in text for mark in _ORIGIN_MARKS):
            unread |= _origin_positions(toks)  # where the fire came from, not where it fell
        if any(mark in text for mark in _AFTER_MARKS):
            # "وتأتي المجزرة بعد يوم من مقتل طفلة ... على مدينة سرمين": an earlier strike
            unread |= _earlier_strike_positions(toks, text)
        if any(mark in text for mark in _BIRTH_MARKS):
            unread |= _birthplace_positions(toks)  # a victim's birthplace in a list of the dead
        # "آخر تحديث: 30.08.2023 | 11:22 دمشق": the clock's time zone (no trigger goes before it)
        zones = _clock_zones(toks, text) if ":" in text else set()
        if unread or zones:
            at_place = [i for i in at_place if i not in unread and i not in zones]
            at_trigger = [i for i in at_trigger if i not in unread]
        matches = self.gazetteer.find(toks, at_place, text)
        if any(mark in text for mark in _HOSPITAL_MARKS):
            matches = _not_taken_to(toks, matches)
        if _CANTON_MARK in text or any(mark in text for mark in _COUNTRYSIDE_MARKS):
            # "مقاطعة قامشلو", "مقاطعة الطبقة": the canton, an area named like its seat; the
            # seat town is not read there, its area is. So with the countryside of a district
            # seat ("قرية الزعينية في ريف جسر الشغور", "بريف القامشلي"): the district's villages,
            # not the town, which linked each of them to the town's own strikes
            matches = [m for m in matches if not self._area_not_seat(toks, m)]
        # The place sets, in one pass over the matches (each set filled in match order, as
        # one comprehension a set did). The parents of the places in the lead (the report's
        # own place, not one named in passing): what the conflict rules know of where a report
        # is when it names no governorate or district itself (not from a seat whose parents
        # are not its area's: Gazetteer.unsure_parents).
        places: set[str] = set()
        specific: set[str] = set()
        lead_specific: set[str] = set()
        named_at: set[int] = set()
        districts: set[str] = set()
        governorates: set[str] = set()
        implied_governorates: set[str] = set()
        implied_districts: set[str] = set()
        unsure = self.gazetteer.unsure_parents
        for place, start in matches:
            pid, level = place.id, place.level
            places.add(pid)
            named_at.add(start)
            if level >= SPECIFIC:
                specific.add(pid)
                if start < lead:
                    lead_specific.add(pid)
            elif level == DISTRICT:
                districts.add(pid)
            elif level == GOVERNORATE:
                governorates.add(pid)
            if start < lead and pid not in unsure:
                if place.governorate:
                    implied_governorates.add(place.governorate)
                if place.district:
                    implied_districts.add(place.district)
        heard = self._heard
        taught: dict[str, None] = {}  # once per post, in order: what `forget` takes back
        for start, name in _trigger_names(toks, at_trigger):
            if self.gazetteer.known_here(tuple(name.split())):
                continue  # already resolved to a gazetteer id (not a town abroad's namesake)
            at = _name_start(toks, start)
            if at in named_at:
                continue  # the first word of a longer known name ("مدينه خان شيخون")
            if _cut_after(text, toks[at - 1], toks[at]):
                continue  # a menu's lines ("مدن وبلدات\nتاريخ العظماء"), not a trigger's name
            camp = self._camp(toks[start], name)
            if camp is not None:
                places.add(camp.id)
                specific.add(camp.id)
                if start < lead:
                    lead_specific.add(camp.id)
                    if camp.governorate:
                        implied_governorates.add(camp.governorate)
                    if camp.district:
                        implied_districts.add(camp.district)
                continue
            if not self._new_village(toks[start], name):
                continue
            pid = "v:" + name
            places.add(pid)
            specific.add(pid)
            if start < lead:
                lead_specific.add(pid)
            if name not in taught and not any(v in _GENERIC for v in prefix_variants(name)):
                taught[name] = None
                heard[name] = heard.get(name, 0) + 1
        if heard:
            for name in self._heard_names(toks, lead):
                pid = "v:" + name
                places.add(pid)
                specific.add(pid)
                lead_specific.add(pid)
        general = places - specific

        killed, wounded = _casualties(toks, at_casualty)
        dates, years, told = _dates(dated, toks, at_month)
        weekdays = _weekdays(toks, at_day)
        if weekdays and "\non " in dated:
            weekdays = _without_recap_weekdays(dated, toks, weekdays)
        weekday_stamps = (
            _dateline_weekdays(dated, weekdays) if weekdays and "\n" in dated else _EMPTY
        )
        return Features(
            post_id=post.id,
            ts=ts,
            lead=" ".join(toks[:COPY_LEAD_TOKENS]),
            exact=hashlib.blake2b(" ".join(toks).encode(), digest_size=12).hexdigest(),
            # keyed by the kind cache's interned strings (one per distinct word across the
            # window); a plain dict of str and int, which the cyclic GC does not track
            words=dict(Counter(content)),
            places=_frozen(places),
            specific=_frozen(specific),
            lead_specific=_frozen(lead_specific),
            general=_frozen(general),
            districts=_frozen(districts),
            governorates=_frozen(governorates),
            implied_governorates=_frozen(implied_governorates),
            implied_districts=_frozen(implied_districts),
            attacks=_frozen(_ATTACKS.find(toks, at_attack)),
            actors=_frozen(_ACTORS.find(toks, at_actor, _targeted)),
            killed=killed,
            wounded=wounded,
            dates=dates,
            stamps=dates - told if told != dates else _EMPTY,
            years=years,
            turn_years=_turn_years(dates, told, years) if years else _EMPTY,
            weekdays=weekdays,
            weekday_stamps=weekday_stamps,
            lines=tuple(keys),
            heard=tuple(taught),
            seats=_frozen(self.gazetteer.seats.intersection(specific)),
        )

    def _strip_boilerplate(self, source: str, lines: list[str]) -> tuple[list[str], list[str]]:
        """Drop lines this source has already published `boilerplate_min_repeats` times."""
        counts = self._line_counts[source]
        kept: list[str] = []
        keys: list[str] = []
        threshold = self.settings.boilerplate_min_repeats
        for line in lines:
            if not line:
                continue
            key = _line_key(line)
            if key in keys:
                # a dateline said again is a list of stories of one day ("<title>\nالثلاثاء
                # 2025/03/18\n<title>\nالثلاثاء 2025/03/18\n...", Al Modon's sidebar): kept, so
                # the list is seen whole and dropped (`_drop_dated_story_lists`)
                if len(line) <= _DATELINE_CHARS and _dateline_tokens(line):
                    kept.append(line)
                continue
            keys.append(key)
            # `get`: most lines are new, and a Counter's missing key costs a Python call
            seen = counts.get(key, 0)
            # a related stories' heading is kept, however often the source prints it: where
            # it is tells where the other stories are (`_before_related`)
            if seen < threshold or line.strip() in _KEPT_HEADINGS:
                kept.append(line)
            counts[key] = seen + 1
        if not kept and lines:  # a post that is all boilerplate keeps its text
            kept = [line for line in lines if line]
        return kept, keys


# Where a news page's own text ends and its lists of other stories begin ("مقالات ذات صلة",
# "الأكثر قراءة", "Related News"): their headlines name other villages and other days.
# ("اقرأ أيضاً" / "read more" are not among them: sites put them inside the article, which
# goes on after the one linked headline.)
_RELATED = tuple(
    # normalize() drops a leading newline: put it back ("related" alone cut at "related to")
    ("\n" if m.startswith("\n") else "") + normalize(m)
    for m in (
        "مقالات ذات صلة",
        "أخبار ذات صلة",
        "مواضيع ذات صلة",
        "الأكثر قراءة",
        "الأكثر مشاهدة",
        "آخر الأخبار",
        "آخر ما نشر",
        "\nrelated",  # a heading ("Related News"), not "related to"
        # ABC News' video list under its clip ("Top Stories\n1:00Ozzy Osbourne, heavy metal
        # music legend, dead at 76Jul 22, 2025\n..."): a year of its own (2025 over a strike
        # of 2022, a veto)
        "\ntop stories\n",
    )
)
_RELATED_MIN = 150  # a list before this many characters is the page's header, not its tail
# Where a Facebook post ends and its readers' comments begin: the reactions bar ("All
# reactions:1.4K 128 comments 23 shares Like Comment Most relevant ..."). The comments name
# other places ("اقترب تحرير حمص"), given names that are villages ("رامي", "مريم"), prayers
# that are towns ("الله يجعل مسكنه الجنة": Maskanah).
_COMMENTS = normalize("All reactions:")


# YouTube's name and footer, glued into a few words ("غارات على معرة مصرين - YouTubeAboutPress
# CopyrightContact usCreators...How YouTube worksTest new features© 2024 Google LLC"): on a
# video page with no description they are all the text there is, so two videos of two strikes
# read as copies (cosine 0.86, fuzz 98.5)
_YOUTUBE = re.compile(r"(?:- )?YouTube(?:AboutPressCopyright.{0,400}?Google LLC)?")
# ... and Instagram's, glued to the post as it is ("CloseNever miss a post from jintv.arSign up
# for Instagram to stay in the loop.Sign upLog inAge-restricted content..."): two posts of one
# account about two strikes shared a cosine of 0.34 through it alone
_INSTAGRAM = re.compile(
    "|".join(
        (
            r"Instagram",
            r"Never miss a post from \S+?Sign up for Instagram to stay in the loop\.",
            r"Age-restricted content",
            r"This content is age-restricted based on your age or account settings\.",
            r"Log in to (?:continue|like or comment)\.",
            r"Load more comments",
            r"No comments yet\.",
            r"Start the conversation\.",
            r"More posts from",
            r"See more posts",
            r"Down chevron icon",
            r"More options",
            r"Sign up",
            r"Log in",
            r"(?:Clip)+",
            r"Close(?= ?(?:Never|Down|More))",
        )
    )
)


def _without_chrome(raw: str, limit: int) -> str:
    """`raw` without YouTube's and Instagram's chrome (`_YOUTUBE`, `_INSTAGRAM`), whole or as
    far as its first `limit` characters are concerned.

    Only the lead is read, and a page may be 200 KB: the patterns run over whole lines from the
    start until the text they leave is `limit` long. No match spans a line break (their
    characters and lookaheads are no newlines), so the lines cleaned are the start of the page
    cleaned whole; only whether Instagram's patterns run at all asks for all of it."""
    if "YouTube" not in raw and "Instagram" not in raw:
        return raw
    reach = limit
    while True:
        cut = raw.find("\n", reach)
        head = raw if cut < 0 else raw[:cut]
        out = _YOUTUBE.sub(" ", head) if "YouTube" in head else head
        if "Instagram" in out or (
            cut >= 0 and "Instagram" in raw[cut:] and "Instagram" in _YOUTUBE.sub(" ", raw[cut:])
        ):
            # Instagram's chrome anywhere: its generic parts ("Sign up", "Log in") go too
            out = _INSTAGRAM.sub(" ", out)
        if cut < 0 or len(out) >= limit:
            return out
        reach *= 4


def _after_language_menu(text: str) -> str:
    """The text after a news site's header that ends in its language menu ("Language\nعربي\n
    KURDÎ\nENGLISH\n..."): Hawar News (ANHA) opens each page, English and Arabic, with the day's
    date and a ticker of some fifteen other headlines (tolls, towns, dates of other strikes)
    before it, which filled most of the lead that is read. The text itself when no menu closes
    its opening."""
    head = text[:_MENU_WITHIN]
    if "\n" not in head:
        return text
    lines = head.split("\n")
    for n, line in enumerate(lines):
        if len(line) > 20 or normalize(line.strip()) not in _MENU_HEADS:
            continue
        end = n + 1
        while end < len(lines) and normalize(lines[end].strip()) in _LANGUAGE_NAMES:
            end += 1
        if end - n > _MENU_MIN:
            return "\n".join(text.split("\n")[end:])
    return text


# How far into a page its header's language menu may end, how many languages make one, and
# the menu's words (normalised: "اللغة" folds to "اللغه")
_MENU_WITHIN = 3000
_MENU_MIN = 3
_MENU_HEADS = frozenset(normalize(w) for w in ("Language", "اللغة/Language", "اللغة", "Languages"))
_LANGUAGE_NAMES = frozenset(
    normalize(w)
    for w in ("عربي", "English", "Kurdî", "Kurdi", "Türkçe", "Spanish", "Russian", "Français")
)


def _without_date_widget(text: str) -> str:
    """The text without the site's today's-date widget in its header: a dateline beside the
    site's "About us" link ("أرسل خبرا أو صورة\nمن نحن\nالجمعة ١٢ ايار ٢٠٢٣", Khaberni, over a
    report of 2 May) or heading its menu with the clock ("05.10.2025, الأحد\n18:20\nاليوم\n
    الأخبار\nالعالم\n...", Yeni Safak, over a strike of 2022). It shows the day the page was
    captured, days to years after the report: neither its day, its weekday nor its year is the
    strike's, nor the page's (a stamp would still veto at four days, and a year always)."""
    head = text[:_WIDGET_HEAD_CHARS]
    if "\n" not in head or not _YEAR_IN.search(head):
        return text
    lines = text.split("\n", _WIDGET_HEAD_LINES)
    head_lines = lines[:_WIDGET_HEAD_LINES]
    datelines = {
        k: line_toks
        for k, line in enumerate(head_lines)
        if len(line) <= _DATELINE_CHARS and (line_toks := _dateline_tokens(line))
    }
    widget_days = {tuple(t) for k, t in datelines.items() if _widget_at(lines, k)}
    if not widget_days:
        return text
    # ... and said again, for the mobile menu (once the repeated links are dropped as the
    # page's own boilerplate, the second copy sits beside the first, not beside a link)
    widgets = {k for k, t in datelines.items() if tuple(t) in widget_days}
    return "\n".join(line for k, line in enumerate(lines) if k not in widgets)


def _widget_at(lines: list[str], k: int) -> bool:
    """Whether the dateline lines[k] is a date widget: beside a navigation link, or followed
    (past its clock) by a run of `_MENU_RUN` menu entries."""
    near = lines[max(0, k - 1) : k] + lines[k + 1 : k + 2]
    if any(line.strip() in _NAV_LINKS for line in near):
        return True
    after = k + 1
    if after < len(lines) and _CLOCK_LINE.match(lines[after]):
        after += 1
    run = 0
    while after + run < len(lines) and run < _MENU_RUN and _menu_entry(lines[after + run]):
        run += 1
    return run >= _MENU_RUN


def _menu_entry(line: str) -> bool:
    """A menu's entry: one or two words, no digit ("اليوم", "حالة الطقس")."""
    words = line.split()
    return 0 < len(words) <= _MENU_WORDS and not any(ch.isdigit() for ch in line)


# A header's date widget sits among the page's first lines (Khaberni's second copy, for the
# mobile menu, is its fifth)
_WIDGET_HEAD_LINES = 12
_WIDGET_HEAD_CHARS = 600
# a site's links to its own pages, which no report's text sits beside
_NAV_LINKS = frozenset(normalize(w) for w in ("من نحن", "اتصل بنا", "About us", "Contact us"))
_CLOCK_LINE = re.compile(r"^\s*\d\d?:\d\d\s*$")
# a menu, not a report's closing labels (Resala's "نوفمبر 6, 2022\nأخبار عاجلة\nاضف تعليق\n491
# زيارة" is its own dateline)
_MENU_RUN = 5
_MENU_WORDS = 2


def _before_related(text: str) -> str:
    """The text up to the first list of related stories (unless the page opens with one), and
    without a list of dated stories that the report goes on after (`_drop_listed_stories`)."""
    # a list needs its heading on a line of its own: a text that holds no heading anywhere (nine
    # in ten) skips splitting itself into lines
    if "\n" in text and any(mark in text for mark in _HEADING_MARKS):
        text = _drop_listed_stories(text)
    if "\n" in text:
        text = _drop_headline_tail(_drop_dated_story_lists(text))
        if any(mark in text for mark in _READ_ALSO_MARKS):
            text = _drop_read_also_tail(text)
    cut = len(text)
    for marker in _RELATED:
        i = text.find(marker, _RELATED_MIN)
        if 0 <= i < cut:
            cut = i
    return text[:cut]


def _drop_headline_tail(text: str) -> str:
    """The text without the list of other stories' headlines it ends with, one a line and no
    heading or date: a news site's "latest" column after the report's last sentence (Rojnews:
    "...الذي استهدف المحتجين على سد تشرين.\nتحطم طائرة أف 35 أميركية في كاليفورنيا\nإيران:
    عبور هرمز أصبح غير ممكن\nترمب: سنقصف إيران ..."; its actors, places and words are other
    stories', the same under every report of that day)."""
    lines = text.split("\n")
    end = len(lines)
    while end and not lines[end - 1].strip():
        end -= 1
    start = end
    while start and _headline(lines[start - 1]):
        start -= 1
    if end - start < _TAIL_HEADLINES or not start:
        return text
    last = lines[start - 1].strip()  # the report's last line: a sentence or a paragraph
    if not (last.endswith(".") or len(last) >= _REPORT_LINE):
        return text
    return "\n".join(lines[:start])


_TAIL_HEADLINES = 4  # a list, not a report's closing lines (a source, a hashtag)


def _drop_read_also_tail(text: str) -> str:
    """The text without the "read also" heading it ends with and the few headlines under it
    (`_READ_ALSO`); a heading the article goes on after (a paragraph, a sentence) is kept."""
    lines = text.split("\n")
    at = max((i for i, line in enumerate(lines) if line.strip() in _READ_ALSO), default=-1)
    if at <= 0:
        return text
    rest = [line.strip() for line in lines[at + 1 :] if line.strip()]
    if not 0 < len(rest) <= _READ_ALSO_MAX or not all(_listed_title(line) for line in rest):
        return text
    return "\n".join(lines[:at])


def _listed_title(line: str) -> bool:
    """Whether a line under a "read also" heading is a story's title, not the article's text."""
    return len(line) < _REPORT_LINE and not line.endswith(".")


# A "read also" heading on a line of its own at the end of the page, over the outlet's other
# stories: Hawar's three under every report ("(س ر)\nإقرأ أيضاً\nحملة النظافة الواسعة في
# الحسكة...\nالاحتلال التركي ومرتزقته يقصفون قرية بريف تل تمر الشمالي", ANHA's "Other news":
# another village's shelling under a report of Manbij), Shaam's "متعلقات" ("related"). Cut only
# where nothing but those few titles follows it: elsewhere sites put "اقرأ أيضاً" inside the
# article, which goes on after the one linked headline.
_READ_ALSO = frozenset(
    normalize(h) for h in ("اقرأ أيضاً", "إقرأ أيضاً", "اقرأ أيضا", "متعلقات", "Other news")
)
_READ_ALSO_MARKS = (normalize("اقرأ"), normalize("متعلقات"), "other news")
_READ_ALSO_MAX = 5  # titles under the heading: a short list, not the rest of an article
_HEADLINE_CHARS = 90


def _headline(line: str) -> bool:
    """Whether a line reads as a story's headline: a few words, short, no sentence's end."""
    line = line.strip()
    return (
        len(line) <= _HEADLINE_CHARS
        and len(line.split()) >= 3
        and not line.endswith((".", "،", ",", ":", "!", "؟", "?"))
    )


def _drop_listed_stories(text: str) -> str:
    """A heading line of related stories, the dated story lines after it, and then a paragraph
    of the report ("Date:\n<title>\nRelated News\n<story>, June 13, 2024\n<story>, June 15,
    2024\nOn March 23, 2023, ...", SNHR's pages): the list is other days' stories, dropped,
    and the report after it kept. A list the text does not go on after is left to the cut."""
    lines = text.split("\n")
    out: list[str] = []
    n = 0
    while n < len(lines):
        line = lines[n]
        if line.strip() in _RELATED_HEADINGS:
            end = n + 1
            while end < len(lines) and _LISTED_STORY.search(lines[end]):
                end += 1
            if end > n + 1 and end < len(lines) and len(lines[end]) >= _REPORT_LINE:
                n = end
                continue
        out.append(line)
        n += 1
    return "\n".join(out) if len(out) < len(lines) else text


def _drop_dated_story_lists(text: str) -> str:
    """A list of other stories, each a title and its own dateline ("اقرأ المزيد\nالجمعة
    2022/08/19\nأكثر من 40 قتيلا ومصابا بمجزرة ... في مدينة الباب\nالاثنين 2022/08/15\n
    ...", "editors' picks\n<title>\n20 May, 2025 - 10:05\n<title>\n..."): two or more
    datelines with one or two title lines between each, dropped with the title before the
    first and after the last. Their days, weekdays and years are other stories' (a 2025 list
    under a 2024 report), and so are their tolls and towns. Not a page's own "Published:
    <date> / Updated: <date>", whose labels are no titles. A story's stamp may open its title's
    line ("2021/08/19 11:12 غارات إسرائيلية على مواقع للنظام السوري في دمشق وحمص", Nedaa
    Post's latest news under its report): read as a dateline and a title."""
    lines = [part for line in text.split("\n") for part in _split_dated_title(line)]
    # the length first: most lines are longer than a dateline, and a call costs more
    at = [
        i for i, line in enumerate(lines) if len(line) <= _DATELINE_CHARS and _dateline_tokens(line)
    ]
    if len(at) < 2:
        return text
    drop: set[int] = set()
    run: list[int] = []
    for i in [*at, len(lines) + _STORY_GAP + 1]:  # a sentinel closes the last run
        if run and i - run[-1] <= _STORY_GAP + 1 and _titles(lines[run[-1] + 1 : i]):
            run.append(i)
            continue
        if len(run) >= 2:
            first, last = run[0], run[-1]
            for edge in (first - 1, last + 1):  # the first story's title, the last's
                if 0 <= edge < len(lines) and len(lines[edge]) < _REPORT_LINE:
                    drop.add(edge)
            drop.update(range(first, last + 1))
        run = [i]
    if not drop:
        return text
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


# A numeric stamp with its clock, then a title, on one line
_DATED_TITLE = re.compile(r"(\d{4}/\d{1,2}/\d{1,2} \d{1,2}:\d{2}) (\S.+)")


def _split_dated_title(line: str) -> tuple[str, ...]:
    """The line as its stamp and its title ("2021/08/20 12:50 <title>"), or whole."""
    match = _DATED_TITLE.fullmatch(line) if "/" in line else None
    return (line,) if match is None else (match.group(1), match.group(2))


_STORY_GAP = 2  # title lines between two datelines of a list
_TITLE_TOKENS = 4  # a title, not a label ("تاريخ التحديث:")


def _titles(lines: list[str]) -> bool:
    """Whether `lines` (between two datelines) are one or two stories' titles."""
    return bool(lines) and all(
        len(line.split()) >= _TITLE_TOKENS and len(line) < _REPORT_LINE for line in lines
    )


_RELATED_HEADINGS = frozenset(m.strip() for m in _RELATED) | {
    normalize(m) for m in ("Related News", "Related", "Related Articles")
}
_KEPT_HEADINGS = _RELATED_HEADINGS | _READ_ALSO
# Every heading holds one of these: four searches tell a text holds no heading (ten would)
_HEADING_MARKS = (
    *("related", "top stories"),
    *(normalize("ذات صلة"), normalize("الأكثر"), normalize("آخر") + " "),
)
assert all(any(mark in heading for mark in _HEADING_MARKS) for heading in _RELATED_HEADINGS)
_LISTED_STORY = re.compile(r"\S.{10,}\b20[0-3]\d\s*$")  # a title that ends with its date
_REPORT_LINE = 200  # a paragraph of the report, not another headline or the page's footer


# A run of this many tokens seen before in the text is the page saying its title again.
_REPEAT_GRAM = 4


def _lead_end(toks: list[str], lead: int) -> int:
    """Where the lead ends: after `lead` tokens that are not the text repeating itself. Pages
    say their title two or three times before the report ("طائرات روسية تقصف إدلب | شبكة
    بلدي طائرات روسية تقصف إدلب - ...", an X post's text then "/ X | Post / Post / name@handle"
    and the text again), which filled the lead with one headline and left the report's own
    village outside it. A token inside a run of `_REPEAT_GRAM` tokens seen earlier is not
    counted."""
    if len(toks) <= lead:
        return len(toks)
    seen: set[tuple[str, ...]] = set()
    novel = 0
    repeated_until = -1
    # the grams built in C (zip), not sliced token by token: this runs for every post
    grams = zip(*(toks[k:] for k in range(_REPEAT_GRAM)), strict=False)
    for i, gram in enumerate(grams):
        if gram in seen:
            repeated_until = i + _REPEAT_GRAM - 1
        else:
            seen.add(gram)
        if i > repeated_until:
            novel += 1
            if novel >= lead:
                return i + 1
    return len(toks)


# Where the fire came from ("قصف صاروخي مصدره قسد في مدينة تل رفعت", "شن الهجوم انطلاقاً من منطقة
# تل رفعت", "من مواقعها في مدينة سراقب", "من اتجاه شمال شرق بيروت"): the place is the
# shooter's, not the strike's, and read as the report's it joined Azaz's and Marea's strikes to
# Tal Rifaat's. The clause runs until the target ("استهدف", "مستهدفاً", "على", "طال"), a list of
# places (an origin is one place: "مصدره مناطق أسد وقسد قرى العجمي" names the targets next), or
# `_ORIGIN_REACH` tokens.
_ORIGIN_CUES = tuple(
    tuple(tokens(normalize(c)))
    for c in (
        "انطلاقاً من",
        "مصدره",
        "مصدرها",
        "من مواقعها في",
        "من مواقعه في",
        "من مواقعهم في",
        "من اتجاه",
        # the base the planes took off from, the place a missile was fired from ("طائرة روسية
        # أقلعت من مطار حميميم بريف اللاذقية واستهدفت مخيم مريم", "الهجوم انطلق من غرب مدينة
        # بانياس"): Hmeimim stood in reports of strikes across Idlib
        "أقلعت",
        "أقلع",
        "انطلق من",
        "انطلقت من",
    )
)
_ORIGIN_FIRST = frozenset(c[0] for c in _ORIGIN_CUES)
# every cue holds one of these: most texts hold none and skip the scan
_ORIGIN_MARKS = tuple(normalize(w) for w in ("مصدر", "انطلاق", "مواقع", "اتجاه", "أقلع", "انطلق"))
_ORIGIN_REACH = 9
_ORIGIN_END = frozenset(
    normalize(w) for w in ("على", "طال", "يوقع", "قصف", "قرى", "بلدات", "قريتي", "بلدتي")
)
_ORIGIN_END_PREFIX = tuple(
    normalize(w) for w in ("استهدف", "مستهدف", "يستهدف", "تستهدف", "واستهدف")
)


# What a report says its strike came after ("وتأتي المجزرة بعد يوم من مقتل طفلة وإصابة ستة
# مدنيين بقصف صاروخي لقوات النظام، على مدينة سرمين بريف إدلب الشرقي" under a massacre in Kafr
# Nouran, "ويأتي هذا بعد ساعات من ... قرية الكفير بريف جسر الشغور", "وجاء القصف بعد ساعاتٍ
# من قصفٍ مدفعي ... على قرية الشيخ عيسى"): an earlier strike, its places not this one's. From
# "بعد" / "عقب" (a few words after the verb) to the sentence's end; a place between the verb
# and "بعد" is the report's own ("وجاء القصف على بلدة أريحا بعد ساعات من...").
_AFTER_VERBS = "|".join(
    re.escape(normalize(w))
    for w in ("يأتي", "ويأتي", "تأتي", "وتأتي", "جاء", "وجاء", "جاءت", "وجاءت")
)
_EARLIER_STRIKE = re.compile(
    rf"(?:^|\s)(?:{_AFTER_VERBS})\s+(?:\S+\s+){{0,4}}?((?:{normalize('بعد')}|{normalize('عقب')})\s[^.\n؛]*)"
)
# the words the group opens with: a text with neither skips the search
_AFTER_MARKS = (normalize("بعد"), normalize("عقب"))


def _earlier_strike_positions(toks: list[str], text: str) -> set[int]:
    """The token positions of the earlier strikes a report says its own came after
    (`_EARLIER_STRIKE`)."""
    out: set[int] = set()
    # Tokens are counted from the previous match on, not from the text's start each time:
    # a page full of matches would otherwise tokenise it once per match. A group opens after
    # whitespace, and no token spans whitespace, so the counts add up across its start.
    counted, count = 0, 0
    for match in _EARLIER_STRIKE.finditer(text):
        count += len(tokens(text[counted : match.start(1)]))
        counted = match.start(1)
        end = count + len(tokens(text[counted : match.end(1)]))
        out.update(range(count, min(end, len(toks))))
    return out


# A clock and the word after it ("| 11:22 دمشق"): Syria TV's update line gives the hour in
# Damascus time, which is no place of the report
_CLOCK_AND_NEXT = re.compile(r"\b(\d\d?):(\d\d)[ \t]+(?=\S)")


def _clock_zones(toks: list[str], text: str) -> set[int]:
    """The positions of the words right after a clock in `text` ("11:22 دمشق"): its time zone,
    not a place. The tokens keep the clock's two numbers and drop the colon."""
    clocks = {match.groups() for match in _CLOCK_AND_NEXT.finditer(text)}
    if not clocks:
        return set()
    return {i for i in range(2, len(toks)) if (toks[i - 2], toks[i - 1]) in clocks}


def _origin_positions(toks: list[str]) -> set[int]:
    """The token positions inside an origin clause (`_ORIGIN_CUES`)."""
    out: set[int] = set()
    n = len(toks)
    for i, token in enumerate(toks):
        if token not in _ORIGIN_FIRST:
            continue
        for cue in _ORIGIN_CUES:
            if tuple(toks[i : i + len(cue)]) != cue:
                continue
            j = i + len(cue)
            while j < min(n, i + len(cue) + _ORIGIN_REACH):
                word = toks[j]
                if word in _ORIGIN_END or word.startswith(_ORIGIN_END_PREFIX):
                    break
                out.add(j)
                j += 1
            break
    return out


# A person's birth year and place ("6-محمود المحمد تولد 1988 حمص اصابة خفيفة", "دعاء العلي ...
# تولد ريف حلب الجنوبي خناصر العمر 11 سنة", "العزيزي من مواليد 1969 بلدة الشجرة"): in a list of
# the dead and wounded, where a victim comes from, not where the strike fell (Homs and Khanasir
# in a list of Afrin's wounded). The place follows the word, past its year, and ends at the
# list's next field ("العمر", "السكن") or after `_BIRTH_REACH` words.
# (not "مولود", a newborn: "استشهاد مولود جديد في إدلب")
_BIRTH_WORDS = frozenset(normalize(w) for w in ("تولد", "مواليد"))
_BIRTH_MARKS = tuple(_BIRTH_WORDS)
_BIRTH_SKIP = frozenset(normalize(w) for w in ("عام", "سنة", "في"))
_BIRTH_END = frozenset(
    normalize(w) for w in ("العمر", "السكن", "سكن", "الاب", "الأب", "الام", "الأم", "اسم", "إصابة")
)
_BIRTH_REACH = 5
_BIRTH_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _birthplace_positions(toks: list[str]) -> set[int]:
    """The token positions of birthplaces after a birth word (`_BIRTH_WORDS`)."""
    out: set[int] = set()
    n = len(toks)
    for i, token in enumerate(toks):
        if token not in _BIRTH_WORDS:
            continue
        j = i + 1
        while j < n and (toks[j] in _BIRTH_SKIP or _BIRTH_YEAR.match(toks[j])):
            j += 1
        end = min(n, j + _BIRTH_REACH)
        while j < end and toks[j] not in _BIRTH_END and not toks[j].isdigit():
            out.add(j)
            j += 1
    return out


# A hospital the wounded were taken to, named after its town ("نقلوا إلى مشفى السقيلبية
# الوطني", "إلى مستشفى ديريك", "في أحد مشافي الطبقة"), is often another town than the
# strike's (Jourin's wounded in Suqaylabiyah, al-Bara's in Ariha): that town is not read where
# the report names another. A hospital struck ("استهداف مشفى الأتارب") is still read.
_HOSPITALS = frozenset(
    normalize(w) for w in ("مشفى", "مستشفى", "مشافي", "مستشفيات", "لمشفى", "لمستشفى", "لمشافي")
)
_TAKEN_TO = frozenset(normalize(w) for w in ("إلى", "الى", "نحو", "أحد", "احد"))
# every word of _HOSPITALS holds one ("مشافي" is not "مشف" + a letter: its alif)
_HOSPITAL_MARKS = (normalize("مشف"), normalize("مستشف"), normalize("مشاف"))


def _taken_to(toks: list[str], start: int) -> bool:
    """Whether the name at `start` follows a hospital the wounded were taken to."""
    if start < 2:
        return False
    hospital = toks[start - 1]
    return hospital in _HOSPITALS and (hospital[0] == "ل" or toks[start - 2] in _TAKEN_TO)


def _not_taken_to(toks: list[str], matches: list[PlaceMatch]) -> list[PlaceMatch]:
    """The matches without the towns of hospitals the wounded were taken to, unless the report
    names no other specific place ("وصلت إلى مشفى السويداء الوطني جراء الانفجار": the nearest
    hospital's town is then the best guess at the strike's)."""
    taken = [m for m in matches if m.place.level >= SPECIFIC and _taken_to(toks, m.start)]
    if not taken:
        return matches
    kept = [m for m in matches if m not in taken]
    return kept if any(m.place.level >= SPECIFIC for m in kept) else matches


# The cantons of the Autonomous Administration ("مقاطعة قامشلو", "مقاطعة الطبقة") are named like
# their seat towns: the word before the name says the area is meant.
_CANTON = frozenset(
    normalize(w) for w in ("مقاطعة", "لمقاطعة", "بمقاطعة", "ومقاطعة", "مقاطعتي", "المقاطعة")
)
_CANTON_MARK = normalize("مقاطع")
_COUNTRYSIDE = frozenset(normalize(w) for w in ("ريف", "بريف", "وريف", "وبريف", "لريف", "أرياف"))
# every word of _COUNTRYSIDE holds one (the plural "أرياف" has no "ريف")
_COUNTRYSIDE_MARKS = (normalize("ريف"), normalize("أرياف"))


# Adjectives that follow a place word as words without the article ("قرية جديدة", a new
# village; "بلدات جديدة") and as a village's name with it: "استهدف محيط بلدة الجديدة بريف إدلب
# الغربي" (Al-Jadida, by Jisr al-Shughur), "قرية الجديدة بمحيط جسر الشغور".
_ARTICLE = "ال"
_NAMES_WITH_ARTICLE = frozenset(normalize(w) for w in ("جديد", "جديدة"))


def _cut_after(text: str, word: str, name: str) -> bool:
    """Whether the text breaks off between a trigger and the word after it: a menu's next line
    ("مدن وبلدات\nتاريخ العظماء"), or a headline cut short ("منزلاً بين بلدة... - زهور الخريف",
    a Facebook preview's title, then the page's name)."""
    return f"{word}\n{name}" in text or f"{word}..." in text or f"{word} ..." in text


@lru_cache(maxsize=1 << 16)
def _is_name(token: str) -> bool:
    """Could `token` (after a place trigger) be a village's name? Not a function word, another
    trigger, a direction or a generic noun, with or without clitics ("بريف", "وبلدات").
    Cached: the words after triggers repeat across posts ("ريف", "مدينه", the same villages)."""
    if not token.isalpha() or not ("\u0600" <= token[0] <= "\u06ff"):
        return False  # triggers are Arabic; a Latin word after one is a page's chrome
    if token.startswith(_ARTICLE) and token[len(_ARTICLE) :] in _NAMES_WITH_ARTICLE:
        return True
    return not any(
        v in STOPWORDS or v in _TRIGGERS or v in _NOT_NAMES for v in prefix_variants(token)
    )


def _is_trigger(token: str) -> bool:
    return token in _TRIGGERS or any(v in _TRIGGERS for v in prefix_variants(token))


def _trigger_names(toks: list[str], starts: Iterable[int] | None = None) -> list[tuple[int, str]]:
    """Names that follow a place word: "قريه قسطون" → "قسطون", "بلده كفر تعال" → "كفر تعال".
    `starts`: the positions of the trigger words, when the caller knows them."""
    found: list[tuple[int, str]] = []
    n = len(toks)
    for i in range(n) if starts is None else starts:
        if i + 1 >= n or (starts is None and not _is_trigger(toks[i])):
            continue
        j = i + 1
        if toks[j] in _TRIGGERS and j + 1 < n:  # "محيط قريه X": the name follows the last
            j += 1
        name = toks[j]
        if _joined_word(name, toks[i]):
            continue
        if name in _HEADS and j + 1 < n and _is_name(toks[j + 1]):
            name = f"{name} {toks[j + 1]}"  # "تل جمعه", "كفر تعال"
        elif len(name) < 3 or not _is_name(name):
            continue
        elif name.startswith("ال") and len(name) > 4:
            name = name[2:]  # "قريه الزياديه" and "الزياديه" elsewhere: compare bare
        found.append((i, name))
    return found


def _joined_word(word: str, trigger: str) -> bool:
    """Whether the word after a place trigger carries "و" (and) or "ل" (for): the trigger was
    a noun in a phrase ("استهدف منازل ومزارع للمدنيين", "بمزارع وممتلكات المدنيين", "تعرضت
    محطات النفط في عدة قرى لهجمات مماثلة", "قرى البارة وحرش بينين"), not a place's name,
    which follows it bare ("قرية الزر", "حي اللطوة"). A camp keeps its names as written
    ("مخيم واشوكاني"), all but the "for the" of "مخيم للنازحين"."""
    if word.startswith(_FOR_THE):
        return True
    if word[0] not in "ول" or len(word) < 4:
        return False
    return not any(v in _CAMP_WORDS for v in prefix_variants(trigger))


def _name_start(toks: list[str], i: int) -> int:
    """Where the name after the trigger at `i` starts, as `_trigger_names` reads it."""
    return i + 2 if i + 2 < len(toks) and toks[i + 1] in _TRIGGERS else i + 1


def _number_at(toks: list[str], i: int) -> int | None:
    if 0 <= i < len(toks):
        token = toks[i]
        if _NUMBER.match(token):
            return int(token)
        # "أحد عشر" … "تسعة عشر" are two words: either one read alone says 1–9 or 10
        if i + 1 < len(toks) and toks[i + 1] in _TEENS:
            unit = _peeled_lookup(token, _TEEN_UNITS)
            if unit is not None:
                return 10 + unit
        if token in _TEENS and i > 0:
            unit = _peeled_lookup(toks[i - 1], _TEEN_UNITS)
            if unit is not None:
                return 10 + unit
        if token in _ONE and i > 0 and toks[i - 1] in _FAMILY:
            return None  # "5 مدنيين من عائلة واحدة أصيبوا": one family, not one victim
        return _number_word(token)
    return None


_ONE = frozenset(normalize(w) for w in ("واحد", "واحدة"))
_FAMILY = frozenset(normalize(w) for w in ("عائلة", "العائلة", "أسرة", "الأسرة"))


@lru_cache(maxsize=1 << 16)
def _number_word(token: str) -> int | None:
    """The number a word says alone ("ثلاثه", "وخمسه"). Cached: `_casualties` asks for up to
    four words around each casualty word, and peeling clitics each time was a quarter of it."""
    if token in _MONDAY:
        return None  # "امس الاثنين قتل مدني": on Monday, not two
    return _peeled_lookup(token, cues.NUMBER_WORDS)


def _peeled_lookup(token: str, table: dict[str, int]) -> int | None:
    """The number `table` gives `token` or the first of its clitic-peeled forms ("وثلاثة" → 3)."""
    for variant in prefix_variants(token):
        if variant in table:
            return table[variant]
    return None


def _in_numerals(toks: list[str], i: int) -> bool:
    """Whether the number at `i` is one of a run of numerals: a clock ("9:49 PM", "01:13") or a
    date ("20-11-2022", "september 2 2021"), not a toll. A year just before it is not: a year
    ends a date, and a headline's toll may follow it ("may 2022 23 deaths", "ايلول 2021 3
    قتلى"). A day before its month is a date too ("ويوم الخميس 22 حزيران قتلت امرأة")."""
    if i + 1 < len(toks) and toks[i + 1].isdigit():
        return True
    k = i + 2 if i + 2 < len(toks) and toks[i + 1] in _OF else i + 1  # "25 من تموز"
    if k < len(toks) and toks[k] in _MONTH_FIRST:
        return True
    return i > 0 and toks[i - 1].isdigit() and not _YEAR.match(toks[i - 1])


@lru_cache(maxsize=1 << 16)
def _one_victim(token: str) -> bool:
    """Whether `token` names one person ("مدني", "الشاب", "طفله", "احد"), clitics peeled; not
    the weekday "الاحد" ("استشهد الأحد": on Sunday; "قتلى للأحد الثاني": ل + الأحد, which
    prefix_variants peels to "احد" in one step)."""
    if not any(v in _ONE_VICTIM for v in prefix_variants(token)):
        return False
    return _weekday(token) is None


def _one_victim_en(toks: list[str], k: int) -> bool:
    """Whether an English article and a person start at `k` ("a man", "an elderly woman"),
    and no "and" adds more victims to them ("a man and his son")."""
    if k < 0 or k + 1 >= len(toks) or toks[k] not in ("a", "an"):
        return False
    noun = k + 2 if toks[k + 1] in _EN_VICTIM_ADJECTIVES else k + 1
    if noun >= len(toks) or toks[noun] not in _EN_ONE_VICTIM:
        return False
    return noun + 1 >= len(toks) or toks[noun + 1] != "and"


# A mother or a father named first of two victims ("استشهاد أم وابنها"): not one victim alone,
# where "أم" is as often a village's first word ("أم حوش") or "or"
_PARENTS = frozenset(normalize(w) for w in ("أم", "أب"))


def _two_victims(toks: list[str], i: int) -> bool:
    """Whether two victims, each named alone, follow the casualty word at `i`: one, "و" and
    another or one of the family ("استشهاد امرأة وطفلتها", "مقتل رجل وابنه", "مقتل طفل
    وامرأة"), and no more after them ("استشهاد رجل وزوجته وطفلته": unknown)."""
    if i + 2 >= len(toks):
        return False
    if not _one_victim(toks[i + 1]) and toks[i + 1] not in _PARENTS:
        return False
    second = toks[i + 2]
    if second[:1] != "و" or second[1:] not in _ONE_VICTIM:
        return False
    return not _more_victims(toks, i + 3)


def _more_victims(toks: list[str], k: int) -> bool:
    """Whether "و" at toks[k] joins more victims to the one just named: a person ("وطفل",
    "وامرأة", "ووالدته", "وآخر") or a count that no casualty word after it takes ("وأربعة من
    جنوده", "و 3 آخرين"; not "وسبعة جرحى", the wounded)."""
    if k >= len(toks) or not toks[k].startswith("و"):
        return False
    if toks[k] == "و":  # "و 3 اخرين": the conjunction stands apart
        k += 1
        variants = tuple(toks[k : k + 1])
    else:
        variants = prefix_variants(toks[k])[1:]  # the conjunction peeled
    if any(v in _MORE_VICTIMS for v in variants):
        return True
    return _number_at(toks, k) is not None and not (k + 1 < len(toks) and _is_casualty(toks[k + 1]))


def _among(toks: list[str], j: int) -> bool:
    """Whether the count at `j` is in a list after "بينهم", "including": just after it, or
    later in the list ("بينهم 5 أطفال وامرأتان بجروح": not two wounded), no casualty word
    between; not a count its own casualty noun follows ("بينهم طفل و 38 جريحا")."""
    if j > 0 and toks[j - 1] in _AMONG:
        return True
    if j + 1 < len(toks) and toks[j + 1] in _COUNTED:
        return False
    for k in range(j - 1, max(j - 5, -1), -1):
        if toks[k] in _AMONG:
            return True
        if _is_casualty(toks[k]):
            return False
    return False


def _killed_and_wounded(toks: list[str], i: int) -> bool:
    """Whether the killed word at `i` is joined to a wounded one that shares its count: "12
    قتيلا وجريحا", "40 قتيلا ومصابا", "eight killed and wounded"."""
    if i + 1 >= len(toks):
        return False
    nxt = toks[i + 1]
    if toks[i] in _BOTH_KILLED:
        return nxt in _BOTH_WOUNDED
    return (
        toks[i] in ("killed", "dead")
        and nxt == "and"
        and i + 2 < len(toks)
        and toks[i + 2].startswith(("wound", "injur"))
    )


# A period's toll, not a strike's: "منذ بداية العام الحالي وثقت فرقنا مقتل 26 شخصاً", "منذ مطلع
# العام 2023 تسببت باستشهاد ...", "خلال الفترة من 26 أبريل إلى 19 أغسطس", "خلال العام 2023 ...
# مقتل 15 شخص", "since early 2022 ... left 20 people dead"
_PERIODS = frozenset(
    tuple(tokens(normalize(p)))
    for p in (
        "منذ بداية",
        "منذ مطلع",
        "منذ بدء",
        "خلال العام",
        "خلال عام",
        "خلال الفترة",
        "خلال شهر",
        "خلال الشهر",
        "خلال الأشهر",
        "since the beginning",
        "since the start",
        "since early",
    )
)
_PERIOD_REACH = 10  # tokens before the casualty word
# ... and after it: the count, its noun and a few words ("على الأقل", "في سوريا") between
_PERIOD_AFTER_REACH = 8
# The tokens a period's phrase can open at, "و" included ("ومنذ"): the words before most casualty
# words hold none, so one C-level set test skips building the phrase tuples at each of them
_PERIOD_OPENERS = frozenset(
    t for p in _PERIODS for t in (p[0], "و" + p[0]) if (t[1:] if t[:1] == "و" else t) == p[0]
)


# A plural past verb after its subject, the count opening the subject a few words back ("ان 4
# أطفال من عائلة واحدة قتلوا", "ثلاثة مدنيين بينهم سيدة وطفل استشهدوا", "7 عناصر من قوات
# النظام أصيبوا"): the count and a plural of persons, then the subject's words, no casualty word
_PLURAL_VERBS = frozenset(normalize(w) for w in ("قتلوا", "استشهدوا", "أصيبوا", "جرحوا"))
_PERSONS = frozenset(
    normalize(w)
    for w in (
        *("مدنيين", "مدنيون", "أطفال", "أشخاص", "مواطنين", "مواطنون", "نساء", "رجال"),
        *("عناصر", "جنود", "مقاتلين", "عمال", "شبان", "أفراد"),
        # the singular after 11 to 99: "13 شخصا على الأقل بينهم ستة أطفال قتلوا"
        *("شخصا", "مدنيا", "طفلا", "عنصرا", "مواطنا"),
    )
)
_SUBJECT_REACH = 7  # "3 جنود من قوات الدفاع الجوي السورية قتلوا": the count 7 words back


def _subject_count(toks: list[str], i: int) -> int | None:
    """The count of the plural verb at `i` from its subject before it: a number and a plural
    of persons up to `_SUBJECT_REACH` words back, with no casualty word between and no "و"
    adding victims ("4 أطفال ووالدتهم أصيبوا", "امرأة وثلاثة أطفال قد قتلوا": more)."""
    for j in range(i - 2, max(i - 1 - _SUBJECT_REACH, -1), -1):
        if toks[j + 1] not in _PERSONS:
            continue
        value = _number_at(toks, j)
        if value is None or not 0 < value < 1000 or _in_numerals(toks, j) or _among(toks, j):
            continue  # a part: "7 مدنيين بينهم 4 أطفال أصيبوا" (seven)
        if _joined(toks[j]) or (j > 0 and toks[j - 1] in ("و", "and")):
            return None  # a count added to victims named before it
        return value if _subject_words(toks, j + 2, i) else None
    return None


def _subject_words(toks: list[str], start: int, end: int) -> bool:
    """Whether toks[start:end] can be the rest of a subject: no casualty word, and no "و"
    joining more to it before a list's "بينهم" ("بينهم سيدة وطفل" is the list's)."""
    for k in range(start, end):
        if toks[k] in _AMONG:
            return not any(_is_casualty(t) for t in toks[k:end])
        if _is_casualty(toks[k]) or _joined(toks[k]):
            return False  # "و" joins more to the subject, victims or not ("ووالدتهم")
    return True


def _others_counted(toks: list[str], i: int) -> bool:
    """Whether a count and "others" follow the casualty word at `i` ("وجرح اثنين آخرين",
    "وإصابة 3 مدنيين آخرين"): victims of its own."""
    for j in (i + 1, i + 2):
        if _number_at(toks, j) is not None:
            return any(t in _OTHERS for t in toks[j + 1 : j + 3])
    return False


def _cumulative(toks: list[str], i: int) -> bool:
    """Whether a period's phrase opens the words before the casualty word at `i`, or follows
    its count closely: a toll summed over weeks or a year, not the strike's ("منذ بداية العام
    ... مقتل 26 شخصاً"; "أسفرت عن مقتل 843 مدنيا على الأقل خلال الفترة من 26 أبريل", "35
    مدنيا قتل بقصف النظام على شمال سوريا منذ بداية العام", "وثقت مقتل 129 شخصا في سوريا
    خلال شهر تموز"). (Tokens know no full stop: a period's phrase ending the sentence before
    also counts, a cost taken for the common form.)"""
    return _period_within(toks, max(0, i - _PERIOD_REACH), i - 1) or _period_within(
        toks, i + 1, min(len(toks) - 1, i + 1 + _PERIOD_AFTER_REACH)
    )


# A report's tally, not a strike's toll: "وقد وثق التقرير مقتل 64 مدنياً في سوريا، بينهم 16
# مدنياً في محافظة إدلب", "حلب.. تقرير يوثق مقتل 65 مدنيًا على يد قسد". The report and its
# documenting verb both stand just before the casualty word; "بحسب تقرير المرصد قتل 3" (by
# the report's word) names no documenting, and stays a toll.
_REPORT_NOUNS = frozenset(normalize(w) for w in ("التقرير", "تقرير", "تقريرها", "تقريره"))
_DOCUMENTS = frozenset(normalize(w) for w in ("وثق", "يوثق", "وثقت", "توثق", "ووثق", "ووثقت"))
_TALLY_REACH = 3  # "وثق التقرير" / "تقرير يوثق" right before "مقتل"


def _report_tally(toks: list[str], i: int) -> bool:
    """Whether a report and its documenting verb stand just before the casualty word at `i`."""
    before = toks[max(0, i - _TALLY_REACH) : i]
    return not _REPORT_NOUNS.isdisjoint(before) and not _DOCUMENTS.isdisjoint(before)


def _period_within(toks: list[str], lo: int, hi: int) -> bool:
    """Whether a period's phrase opens at one of toks[lo:hi]."""
    if _PERIOD_OPENERS.isdisjoint(toks[lo:hi]):
        return False
    for k in range(lo, hi):
        first = toks[k][1:] if toks[k][:1] == "و" else toks[k]  # "ومنذ بداية"
        if (first, toks[k + 1]) in _PERIODS or (first, *toks[k + 1 : k + 3]) in _PERIODS:
            return True
    return False


# An earlier time's toll, the time before it in its clause ("والأسبوع الماضي قتل 15 عنصراً
# من قوات النظام", "وفي 28 من تشرين الثاني الماضي، أصيب عشرة أطفال", "Last week, 15 soldiers
# were killed"): a report's background, not its strike's. Not last night's or the last hours'
# ("ارتفعت حصيلة الغارات الليلة الماضية إلى 10 قتلى"): the strike's own
_RECALL_MARKS = frozenset(
    normalize(w) for w in ("الماضي", "الماضية", "الفائت", "الفائتة", "المنصرم", "المنصرمة")
)
_RECENT = frozenset(
    normalize(w) for w in ("الليلة", "ليلة", "الليل", "الساعات", "ساعة", "الساعة", "ساعات")
)
_NOW = frozenset(normalize(w) for w in ("اليوم", "واليوم", "أمس", "وأمس", "today", "yesterday"))
_LAST_PERIODS = frozenset(("week", "month", "year", "weekend")) | {
    w for w in cues.WEEKDAYS if w.isascii()
}
_RECALL_TOLL_REACH = 8  # "وفي 28 من تشرين الثاني الماضي، أصيب": the mark 5 words back


def _recalled(toks: list[str], i: int, known: dict[int, bool] | None = None) -> bool:
    """Whether an earlier time ("الأسبوع الماضي", "20 يناير الماضي", "last week") opens the
    clause of the casualty word at `i`: up to `_RECALL_TOLL_REACH` words back, no other
    casualty word between. `known`: the answers for the text's earlier casualty words, kept by
    the caller across them.

    A casualty word before it passes the question back to that word's clause, and so on down a
    list of tolls: a loop, not a call per word (a page of "last" and tolls went past Python's
    recursion limit), and each word's answer is kept (asked again for every later word, the
    chain made the scan quadratic)."""
    chain: list[int] = []
    answer = False
    while True:
        if known is not None and i in known:
            answer = known[i]
            break
        chain.append(i)
        back = _recall_back(toks, i)
        if isinstance(back, bool):
            answer = back
            break
        i = back
    if known is not None:
        for k in chain:
            known[k] = answer
    return answer


def _recall_back(toks: list[str], i: int) -> bool | int:
    """`_recalled`'s answer for the casualty word at `i` from its own clause, or the position
    of the casualty word before it whose answer is its own."""
    lo = max(0, i - _RECALL_TOLL_REACH)
    window = toks[lo:i]
    if _RECALL_MARKS.isdisjoint(window) and "last" not in window:
        return False
    for k in range(i - 1, lo - 1, -1):
        token = toks[k]
        if _is_casualty(token):
            # the clause's own verb ("أصيب عشرة أطفال بجروح") or one it goes on from ("مقتل شاب
            # وإصابة مدنيين"): recalled with it, unless a day of its own comes between ("...
            # مقتل 20 مدنياً، واليوم أصيب 3")
            return k if _NOW.isdisjoint(toks[k + 1 : i]) else False
        if token in _RECALL_MARKS:
            return k == 0 or toks[k - 1] not in _RECENT
        if token == "last" and k + 1 < i and toks[k + 1] in _LAST_PERIODS:
            return True
    return False


# A toll under a bare year is that year's, a background ("وفي عام 2013 أدى قصف مماثل إلى
# مقتل 23 مدنياً", "بزيادة كبيرة عن عام 2021 الذي شهد مقتل 32 جندياً"): a strike's own report
# names its day ("اليوم"), not its year alone. A date's year ("في 5 من آذار عام 2020") is a
# day's, and stays.
# (Not `_YEAR_WORDS`: a second module-level name would rebind the first, and `_background`'s
# "of last year" needs "السنة", which before a year here is a date's, not a bare year.)
_BARE_YEAR_WORDS = frozenset(normalize(w) for w in ("عام", "العام", "وعام", "بعام"))
_YEAR_TOLL_REACH = 6


def _year_recalled(toks: list[str], i: int) -> bool:
    """Whether a bare year ("عام 2013") stands in the clause before the casualty word at `i`:
    up to `_YEAR_TOLL_REACH` words back, no other casualty word or "today" between."""
    for k in range(i - 2, max(-1, i - 1 - _YEAR_TOLL_REACH), -1):
        if _is_casualty(toks[k + 1]) or toks[k + 1] in _NOW:
            return False
        if toks[k] in _BARE_YEAR_WORDS and _YEAR.match(toks[k + 1]):
            return k == 0 or (toks[k - 1] not in _MONTH_FIRST and not toks[k - 1].isdigit())
    return False


def _negated(toks: list[str], i: int) -> bool:
    """Whether a negation goes before the casualty word at `i`, maybe past a verb and a
    preposition ("لم تسفر عن قتلى", "دون وقوع إصابات", "لم تقع أي إصابات", "no injuries")."""
    k = i - 1
    while k >= 0 and i - k <= 3 and toks[k] in _NEGATED_FILLER:
        k -= 1
    return k >= 0 and toks[k] in _NEGATIONS


def _is_age(toks: list[str], j: int) -> bool:
    """Whether the number at `j` is a victim's age ("مقتل طفل (5 سنوات)", "a 7-year-old"),
    not a toll: years follow it."""
    if j + 1 >= len(toks):
        return False
    after = toks[j + 1]
    if after in _AGE_WORDS:
        return True
    # "years old", "5-year-old": "years" alone is a span ("killed 3 years ago")
    return after in ("year", "years") and j + 2 < len(toks) and toks[j + 2] == "old"


def _joined(token: str) -> bool:
    """Whether `token` is "و" or starts with it as the conjunction: "وسبعه", "واصابه"; not
    "واحد", a number word of its own."""
    return token == "و" or (token[:1] == "و" and len(token) > 2 and token not in cues.NUMBER_WORDS)


def _others_count(toks: list[str], i: int, j: int) -> bool:
    """Whether the number at `j`, past a "و" from the casualty word at `i`, is another
    casualty word's count: "شهيد مدني وسبعة جرحى" (seven wounded, not seven dead), "مقتل 3
    وإصابة 5" (three dead, not three wounded)."""
    between = toks[i + 1 : j + 1] if j > i else toks[j + 1 : i + 1]
    if not any(_joined(t) for t in between):
        return False
    return any(0 <= k < len(toks) and k != i and _is_casualty(toks[k]) for k in (j - 1, j + 1))


def _earlier_clause(toks: list[str], i: int, j: int) -> bool:
    """Whether the number at `j`, before the casualty word at `i`, counts the clause before
    it: the word opens its own clause with "و" or "and" ("مقتل مدنيين اثنين وإصابة مدني": one
    wounded, not two; "killed four and wounded several"), or it takes its count after it: an
    English "-ing" form ("killing 4 civilians, injuring a woman"; not "martyred, nine others
    injured", nor "أصيب 8 مدنيين بجروح"), an Arabic verbal noun or present tense ("السبت 11
    مقتل 3 أشخاص", "85 هجوما يقتل"; not the past "35 مدنيا قتل", which may be passive)."""
    if j >= i:
        return False
    token = toks[i]
    if token[:1] == "و" and token not in _KILLED and token not in _WOUNDED:  # not "وفاه"
        return True
    if toks[i - 1] in ("and", "و") or token.endswith("ing"):
        return True
    return any(v in _COUNT_AFTER for v in prefix_variants(token))


def _later_clause(toks: list[str], i: int, j: int) -> bool:
    """Whether the number at `j`, after the casualty word at `i`, is the subject of a casualty
    word of the other kind just after it ("five martyred, 15 wounded", "2 civilians killed, 6
    soldiers wounded"); not when that word opens a clause of its own ("مقتل 3 وإصابة 5",
    "killed 3 and wounded 5": the count is the first word's) or takes its count after it
    ("killing 4 civilians, injuring a woman")."""
    if j <= i:
        return False
    for k in (j + 1, j + 2):
        if k >= len(toks) or not _is_casualty(toks[k]):
            continue
        if _killed_word(toks[k]) == _killed_word(toks[i]) or _joined(toks[k]):
            return False
        return toks[k - 1] not in ("and", "و") and not toks[k].endswith("ing")
    return False


@lru_cache(maxsize=1 << 16)
def _killed_word(token: str) -> bool:
    return token in cues.KILLED_DUALS or any(v in _KILLED for v in prefix_variants(token))


# Cached, like the word tests above it: the casualty rules ask them of the same few words around
# each casualty word many times over (a token's clitic peeling and set tests, ~1 µs a call).
@lru_cache(maxsize=1 << 16)
def _is_casualty(token: str) -> bool:
    if token in cues.KILLED_DUALS or token in cues.WOUNDED_DUALS:
        return True
    return any(v in _KILLED or v in _WOUNDED for v in prefix_variants(token))


def _casualties(
    toks: list[str], starts: Iterable[int] | None = None
) -> tuple[frozenset[int], frozenset[int]]:
    """Counts next to a killed/wounded word: "مقتل 4", "4 قتلى", "killed 3", "3 killed".
    `starts`: the positions of the casualty words, when the caller knows them."""
    killed: set[int] = set()
    wounded: set[int] = set()
    recalled: dict[int, bool] = {}  # `_recalled`'s answers by position, for this text
    for i in range(len(toks)) if starts is None else starts:
        token = toks[i]
        if token in cues.KILLED_DUALS:
            killed.add(2)
            continue
        if token in cues.WOUNDED_DUALS:
            wounded.add(2)
            continue
        variants = set(prefix_variants(token))
        target = killed if variants & _KILLED else wounded if variants & _WOUNDED else None
        if (
            target is None
            or _negated(toks, i)
            or _cumulative(toks, i)
            or _recalled(toks, i, recalled)
        ):
            continue
        if _report_tally(toks, i) or _year_recalled(toks, i):
            continue
        both = _killed_and_wounded(toks, i)
        if (
            i > 0
            and toks[i] in _BOTH_WOUNDING
            and any(v in _BOTH_ACTS for v in prefix_variants(toks[i - 1]))
            and not _others_counted(toks, i)
        ):
            continue  # "مقتل وإصابة 37 مدنيا": the count of both
        # An English passive puts its auxiliary between the victims and the word ("two
        # civilians were killed", "three children have been killed"): the count is looked for
        # before the auxiliary, as Arabic's "استشهد مدنيان" has it before the word
        b = i
        while b > 0 and i - b < 2 and toks[b - 1] in _PASSIVE_AUX:
            b -= 1
        # the count sits just before ("4 شهداء") or after ("مقتل 4 اطفال"), maybe one word away;
        # not a number of a clock or a date ("9:49 PM", "20-11-2022"), which a capture's
        # header or comments put next to "شهداء" as often as a toll
        for j in (b - 1, i + 1, b - 2, i + 2):
            value = _number_at(toks, j)
            if value is None or not 0 < value < 1000 or _in_numerals(toks, j):
                continue
            if both and j < i:
                continue  # "12 قتيلا وجريحا": the count of both
            if _is_age(toks, j) or _others_count(toks, i, j) or _earlier_clause(toks, i, j):
                continue  # the next word away may still hold this word's count
            if _later_clause(toks, i, j):
                continue
            if j + 1 < len(toks) and (toks[j + 1] in _COUNTERS or toks[j + 1] in _MAGNITUDES):
                continue  # "16 likes"; "مقتل 45 ألف شخص", a war's toll in thousands
            if _among(toks, j):
                continue  # a part of the toll: "أصيب 4 أشخاص بينهم طفلين بجروح"
            if j > 0 and toks[j - 1] == "no":
                continue  # "no one was killed"
            if value == _OUTLET_NUMBER and j > 0 and toks[j - 1] in _OUTLET_NAMES:
                continue  # an outlet's name: "درعا 24 - وفاة الشاب ...", not 24 killed
            target.add(value)
            break
        else:
            subject = _subject_count(toks, i) if token in _PLURAL_VERBS else None
            if subject is not None:
                target.add(subject)  # "4 أطفال من عائلة واحدة قتلوا"
            elif i + 1 < len(toks) and _one_victim(toks[i + 1]) and not _more_victims(toks, i + 2):
                target.add(1)  # "مقتل مدني", "استشهاد الشاب ...": one victim, no digit
            elif _two_victims(toks, i):
                target.add(2)  # "استشهاد امرأة وطفلتها", "مقتل رجل وابنه"
            elif _one_victim_en(toks, i + 1) or _one_victim_en(toks, b - 2):
                target.add(1)  # "killing a man", "a civilian was killed", "a civilian killed"
            elif bare := _bare_victims_en(toks, i, b):
                target.add(bare)  # a headline's "kills civilian", "Woman, child injured"
    return _frozen(killed), _frozen(wounded)


def _bare_victims_en(toks: list[str], i: int, b: int) -> int:
    """How many victims an English headline names with no article and no count next to the
    casualty word at `i` (its victims before `b`): one after it ("shelling kills civilian",
    "missile injures woman"; not "kills man and son", uncounted), or those before a participle,
    "and" between ("Girl injured", "Woman, child injured", "Man and woman injured")."""
    if i + 1 < len(toks) and toks[i + 1] in _EN_ONE_VICTIM:
        return 1 if i + 2 >= len(toks) or toks[i + 2] != "and" else 0
    if not toks[i].endswith("ed"):
        return 0  # a verb takes its victims after it: "injures child, kills number of sheep"
    victims, k = 0, b - 1
    while k >= 0 and (toks[k] in _EN_ONE_VICTIM or (victims and toks[k] == "and")):
        victims += toks[k] != "and"
        k -= 1
    if k >= 0 and toks[k] in ("a", "an", "the", "his", "her", "their"):
        return 0  # "the man and a woman ...": left to the article's rule
    return victims


def _dates(
    text: str, toks: list[str], months: Iterable[int] | None = None
) -> tuple[frozenset[tuple[int, int]], frozenset[int], frozenset[tuple[int, int]]]:
    """(month, day) pairs the text names ("8 ايلول", "september 8", "23-09-2022"), the
    years written in those dates ("8 ايلول 2021", "july 16, 2025"), and the days among them
    the text tells: not only in publication stamps (page chrome around the date, `_stamp`; a
    clock after a numeric date; a line that is nothing but the date)."""
    # counts in plain dicts, not Counters: a Counter's construction is a Python call (three a
    # post here, ~1.5 µs each), and most posts count nothing
    found: dict[tuple[int, int], int] = {}
    told: dict[tuple[int, int], int] = {}
    years: dict[int, int] = {}
    # both numeric forms write the year in full: a text without "20" (nearly half) skips the
    # scan, whose character class costs each character ~10× what a substring search does
    if "20" in text and _DATE_MIDDLE.search(text):
        for day, year, clocked in _numeric_dates(text):
            found[day] = found.get(day, 0) + 1
            if not clocked:  # a dateline with its clock ("08/08/2021\n10:23 ص") is a stamp
                told[day] = told.get(day, 0) + 1
            years[year] = years.get(year, 0) + 1
    n = len(toks)
    for i in range(n) if months is None else months:
        token = toks[i]
        if token not in _MONTH_FIRST:
            continue
        two = _MONTHS.get((token, toks[i + 1])) if i + 1 < n else None
        month = two or _MONTHS.get((token,))
        if month is None or _after_month(toks, i):
            continue  # "28 شباط فبراير 5:24 pm": the second name of one month takes no day
        after = i + (2 if two else 1)
        # the day before the month ("8 ايلول"), or before "من" ("30 من آب", Enab Baladi's
        # style), or after it ("september 8"); after it first when the year follows that day
        # ("ابريل 13, 2026"): the number before is not the day ("XEBER 24ابريل 13, 2026", the
        # outlet's name glued to the month)
        before = i - 2 if i > 1 and toks[i - 1] in _OF else i - 1
        order = (before, after, after + 1)
        if after + 1 < n and _YEAR.match(toks[after + 1]) and _NUMBER.match(toks[after]):
            order = (after, before, after + 1)
        for j in order:
            if 0 <= j < n and _NUMBER.match(toks[j]) and 1 <= int(toks[j]) <= 31:
                if _background(toks, min(i, j), max(after, j + 1)):
                    break
                day = (month, int(toks[j]))
                found[day] = found.get(day, 0) + 1
                if not _stamp(toks, min(i, j), max(after, j + 1)):
                    told[day] = told.get(day, 0) + 1
                # the year follows the day ("8 ايلول 2021") or the day ("july 16, 2025"), past
                # the month's second name ("20 يناير كانون الثاني 2022", "8 ايلول سبتمبر 2021")
                for k in (_past_second_name(toks, after), max(j, after) + 1):
                    if k < n and _YEAR.match(toks[k]):
                        year = int(toks[k])
                        years[year] = years.get(year, 0) + 1
                        break
                break
    if "\non " in text:
        # an English paragraph that opens with a date and no year ("On August 18, SOHR
        # activists documented ...", "On January 3, Syrian Observatory activists reported"):
        # the Observatory's recap of earlier strikes (13 of 14 in all posts are 2+ days from
        # their strike's); the strike itself it tells as "today" or by its weekday
        for match in _RECAP.finditer(text):
            recap = tokens(match.group(1))
            for day in _dates(" ".join(recap), recap)[0]:
                found[day] = found.get(day, 0) - 1
                told[day] = told.get(day, 0) - 1
    if years and "(" in text:
        # a photo's caption: a line that ends with a date and the photo's credit in brackets
        # ("قصف روسي على محيط مدينة إدلب- 9 سبتمبر/ أيلول 2020 (مراسل إدلب)"), at times a file
        # photo of a strike a year before: its year is the photo's, no year conflict. (Its day
        # stays told: most captions date the strike's own photo; as stamps TUNE fell 0.001.)
        # line by line, the lines with a "(" only: every match is one line from its start, and
        # the pattern, anchored at each line's start, gives the engine nothing to skip ahead to
        # (it tried a match at every character of the text)
        for line in text.split("\n"):
            caption = _CAPTION.match(line) if "(" in line else None
            if caption is None:
                continue
            # ... and a line that credits a photo is its caption whole, its date anywhere ("A
            # WORKER fixes damage ... from an Israeli airstrike in Damascus on November 20,
            # 2019. Israel said ... (credit: REUTERS/OMAR SANADIKI)" under a strike of 2022)
            cap = tokens(caption.group(1))
            if _PHOTO_CREDIT.search(caption.group(2)) is None:
                cap = cap[-_CAPTION_TOKENS:]
                if not cap or not (_YEAR.match(cap[-1]) or cap[-1] in _MONTH_FIRST):
                    continue
            for year in _dates(" ".join(cap), cap)[1]:
                years[year] = years.get(year, 0) - 1
    if found and (_UPDATED[0] in text or _UPDATED[1] in text):
        update = _update_date(text)
        if update:
            # a page's update date under its publication date ("تاريخ النشر:\n09 اغسطس, 2021\n
            # تاريخ التحديث:\n14 يناير, 2026", Step News): when the page was last edited, years
            # after the report at times; neither its day nor its year is the strike's
            update_days, update_years, _ = _dates(" ".join(update), update)
            for day in update_days:
                found[day] = found.get(day, 0) - 1
                told[day] = told.get(day, 0) - 1
            for year in update_years:
                years[year] = years.get(year, 0) - 1
    if told and "\n" in text:
        # a line that is nothing but a date with its year ("2021-11-24", "2 July، 2022",
        # "السبت 4 تشرين الأول, 2025"): the page's dateline, a stamp
        for line in text.split("\n"):
            line_toks = _dateline_tokens(line)
            if line_toks:
                for day in _dates(line, line_toks)[2]:  # those it counted as told above
                    if day in told:
                        told[day] -= 1
    return (
        _frozen(d for d, c in found.items() if c > 0),
        _frozen(y for y, c in years.items() if c > 0),
        _frozen(d for d, c in told.items() if c > 0),
    )


# A page's labels for its publication and update dates, each before its date (on the label's
# line or the next)
_PUBLISHED = (normalize("تاريخ النشر"), "published:")
_UPDATED = (normalize("تاريخ التحديث"), "updated:")
_LABELLED_DATE_CHARS = 40  # "تاريخ التحديث:\n14 يناير, 2026": the date within this after it


def _update_date(text: str) -> list[str] | None:
    """The tokens of the date after a page's update label, when the page also labels its
    publication date; None otherwise."""
    for published, updated in zip(_PUBLISHED, _UPDATED, strict=True):
        at = text.find(updated)
        if at >= 0 and published in text:
            after = text[at + len(updated) : at + len(updated) + _LABELLED_DATE_CHARS]
            line = after.lstrip(" \t:\n").split("\n", 1)[0]
            return _dateline_tokens(line)
    return None


# How near New Year a stamp lets its year reach across it: the days a stamp may be from the
# strike's and not veto it (`DedupSettings.date_stamp_veto_days` is 4, three days pass)
_TURN_DAYS = 3
_DECEMBER, _JANUARY = 12, 1


def _turn_years(
    dates: frozenset[tuple[int, int]], told: frozenset[tuple[int, int]], years: frozenset[int]
) -> frozenset[int]:
    """The years across New Year from `years`, when every day of `dates` is a stamp (none
    told) in its last or first `_TURN_DAYS` days: the next year after a late December stamp,
    the one before after an early January stamp."""
    if told or not dates:
        return _EMPTY
    if all(m == _DECEMBER and d > 31 - _TURN_DAYS for m, d in dates):
        return _frozen(y + 1 for y in years)
    if all(m == _JANUARY and d <= _TURN_DAYS for m, d in dates):
        return _frozen(y - 1 for y in years)
    return _EMPTY


def _without_recap_weekdays(text: str, toks: list[str], weekdays: frozenset[int]) -> frozenset[int]:
    """`weekdays` without those the text names only opening an English paragraph ("\nOn
    Friday, SOHR reliable sources monitored missile fire ...", "\nOn Monday night, an alleged
    Israeli airstrike targeted ..."): the recap of an earlier day, as "\nOn August 18," is."""
    recalled: dict[str, int] = {}
    nights: set[str] = set()
    for match in _RECAP_WEEKDAY.finditer(text):
        recalled[match.group(1)] = recalled.get(match.group(1), 0) + 1
        if match.group(2):
            nights.add(match.group(1))
    if not recalled:
        return weekdays
    drop = {_WEEKDAYS[w] for w, n in recalled.items() if toks.count(w) <= n}
    # the recalled night's small hours go with it, unless the text names that next day itself
    named = {_weekday(tok) for tok in toks} if nights else set()
    for w in nights:
        after = (_WEEKDAYS[w] + 1) % 7
        if _WEEKDAYS[w] in drop and after not in named:
            drop.add(after)
    return weekdays - drop if drop else weekdays


_RECAP_WEEKDAY = re.compile(
    r"\non (monday|tuesday|wednesday|thursday|friday|saturday|sunday)( night)?\b"
)
_RECAP = re.compile(r"\non ([a-z]+\.? \d{1,2}),? (?!\d)")
_CAPTION = re.compile(r"^([^\n(]*\S)[ \t]*\(([^()\n]{2,60})\)[ \t.]*$", re.M)
_CAPTION_TOKENS = 6  # the caption's last words: "ادلب- 9 سبتمبر/ ايلول 2020"
# a bracket that credits a photo: "(credit: REUTERS/...)", "(AP Photo/...)", "(photo: Hawar
# News Agency)", "(صورة أرشيفية)"; not a headline's "(صور)", "(PHOTOS)"
_PHOTO_CREDIT = re.compile(r"credit|photo[/:]|" + normalize("أرشيف"))


def _past_second_name(toks: list[str], k: int) -> int:
    """The position after the month's second name if one starts at `k` ("كانون الثاني" after
    "يناير"), else `k`."""
    if k < len(toks) and toks[k] in _MONTH_FIRST:
        return k + (2 if tuple(toks[k : k + 2]) in _MONTHS else 1)
    return k


def _after_month(toks: list[str], i: int) -> bool:
    """Whether a month's name ends just before `i` ("شباط فبراير", "كانون الاول ديسمبر")."""
    return (i > 0 and (toks[i - 1],) in _MONTHS) or (i > 1 and tuple(toks[i - 2 : i]) in _MONTHS)


def _numeric_dates(text: str) -> Iterator[tuple[tuple[int, int], int, bool]]:
    """The numeric dates of `text` ("23-09-2022", "2022/09/23", "11/22/2021"): each (month,
    day), its year, and whether a clock follows it (a dateline with its time)."""
    for match in _DMY.finditer(text):
        d, m, y = match.groups()
        if int(m) > 12 and int(d) <= 12:
            d, m = m, d  # "11/22/2021": the month first, as US sites write it
        if 1 <= int(m) <= 12 and 1 <= int(d) <= 31:
            yield (int(m), int(d)), int(y), bool(_CLOCK_NEXT.match(text, match.end()))
    for match in _YMD.finditer(text):
        y, m, d = match.groups()
        if 1 <= int(m) <= 12 and 1 <= int(d) <= 31:
            yield (int(m), int(d)), int(y), bool(_CLOCK_NEXT.match(text, match.end()))


_DATELINE_CHARS = 40
_YEAR_IN = re.compile(r"\b20[0-3]\d\b")
_DATELINE_WORDS = frozenset(
    {t for key in _MONTHS for t in key}
    | set(_WEEKDAYS)
    | {"am", "pm", "ص", "م", "at", "يوم", "updated", "published", "date", "تاريخ", "النشر"}
)


def _dateline_tokens(line: str) -> list[str] | None:
    """The tokens of `line` if it is a page's dateline: short, with a year, and nothing but the
    date, its weekday and clock ("2021-11-24", "السبت 4 تشرين الأول, 2025", "الخميس, 5 ديسمبر
    2024, 21:54")."""
    if len(line) > _DATELINE_CHARS or not _YEAR_IN.search(line):
        return None
    line_toks = tokens(line)
    if line_toks and all(_NUMBER.match(t) or t in _DATELINE_WORDS for t in line_toks):
        return line_toks
    return None


def _dateline_weekdays(text: str, weekdays: frozenset[int]) -> frozenset[int]:
    """The weekdays of `weekdays` that the text names only in its datelines ("الخميس, 5 ديسمبر
    2024, 21:54" atop the page): the day the page was published, a stamp, not the strike's."""
    in_datelines: set[int] = set()
    lines = text.split("\n")
    rest: list[str] = []
    for line in lines:
        line_toks = _dateline_tokens(line) if len(line) <= _DATELINE_CHARS else None
        if line_toks is None:
            rest.append(line)
        else:
            in_datelines |= _weekdays(line_toks)
    if not in_datelines:
        return _EMPTY
    return _frozen((in_datelines & weekdays) - _weekdays(tokens("\n".join(rest))))


_CLOCK_SUFFIX = frozenset({"am", "pm"})
# "2022, 15:01", "08/08/2021\n10:23". The comma's spaces are optional only with the comma: as
# "[ \t]*[,،]?\s*" the two runs split a long run of blanks every way, quadratic in its length.
_CLOCK_NEXT = re.compile(r"(?:[ \t]*[,،])?\s*\d\d?:\d\d\b")
_CLOCK = re.compile(r"^\d\d?$")
_STAMP_AFTER = ("shared", "with")  # Facebook's header: "... · Shared with Public"
_STAMP_REACH = 8  # "December 1 at 10:05 AM · Shared with Public": the header's last words


def _stamp(toks: list[str], start: int, end: int) -> bool:
    """Whether the date at toks[start:end] is a publication stamp framed by page chrome: after
    a clock ("10:37 AM · Sep 28, 2025", X's footer) or before "Shared with" (Facebook's
    header, "October 20, 2024 · Shared with Public")."""
    if start > 0 and toks[start - 1] in _CLOCK_SUFFIX:
        return True
    # a page's dateline, a year and the clock ("4 Aug 2022, 15:01", "21 سبتمبر 2022, 09:58"):
    # "<year> <hour> <minute>" in tokens
    k = end
    if (
        k + 2 < len(toks)
        and _YEAR.match(toks[k])
        and _CLOCK.match(toks[k + 1])
        and len(toks[k + 2]) == 2
        and toks[k + 2].isdigit()
        and int(toks[k + 1]) <= 23
        and int(toks[k + 2]) <= 59
    ):
        return True
    for k in range(end, min(end + _STAMP_REACH, len(toks) - 1)):
        if toks[k] == _STAMP_AFTER[0] and toks[k + 1] == _STAMP_AFTER[1]:
            return True
    return False


def _background(toks: list[str], start: int, end: int) -> bool:
    """Whether the date at toks[start:end] recalls an earlier event ("وفي 21 تموز", "منذ 5
    ايار", "20 اذار الماضي"): a word before it, or one of the two after it (past a year)."""
    # the article split from the day ("منذ الـ8 من حزيران 2020": "منذ ال 8")
    before = start - 2 if start > 1 and toks[start - 1] == _ARTICLE else start - 1
    if before >= 0 and (toks[before] in cues.PAST_BEFORE or _and_weekday(toks[before])):
        return True
    if before > 0 and toks[before] in _ON and _recalled_event(toks, before):
        return True
    if _until(toks, start):
        return True  # a period's end: "منذ بداية العام الحالي حتى يوم الأحد 20 آب"
    if start > 1 and toks[start - 1] in _PAST_DAY_AFTER and _weekday(toks[start - 2]) is not None:
        return True  # a recalled weekday's date: "يوم الأحد الماضي 1 كانون الأول"
    k = _past_second_name(toks, end)  # the month twice: "20 يناير كانون الثاني"
    k = k + 1 if k < len(toks) and _YEAR.match(toks[k]) else k
    if _range_start(toks, start, k) or _range_end(toks, start):
        return True  # a period's span: "خلال الفترة من 26 أبريل إلى 19 أغسطس"
    if k + 2 < len(toks) and toks[k] in _OF and toks[k + 1] in _YEAR_WORDS:
        k += 2  # "of last year": "مساء 19 نوفمبر/تشرين الثاني من العام الماضي"
    return any(t in cues.PAST_AFTER for t in toks[k : k + 2])


_YEAR_WORDS = frozenset(normalize(w) for w in ("العام", "عام", "السنة"))


# "on" after an earlier event's verb: an agreement signed or concluded, an operation launched,
# a town occupied on that day ("اتفاق وقف إطلاق النار الموقع في 5 مارس/آذار 2020", "التفاهم
# المبرم بين تركيا وروسيا في 22 أكتوبر", "اتفاق وقع بين تركيا وروسيا يوم 22 أكتوبر", "عملية
# درع الفرات التي أطلقها في 24 أغسطس 2016", "which came into effect on March 6, 2020", "before
# its occupation on March 18, 2018"): the report's background, years before its strike, whose
# year vetoed every link. A plain "in" / "on" keeps its date ("قصف مدفعي على بلدة البارة في
# 4/7/2023", "killed on January 8"), and so does an agreement named without its signing
# ("قتل 5 مدنيين رغم اتفاق خفض التصعيد يوم 5 آب": the strike's day); "الموقع" and "وقع" count
# only after an agreement's name ("استهدفت الطائرات الموقع يوم 3 آب": the site)
_ON = frozenset(normalize(w) for w in ("في", "يوم", "on"))
_RECALL_REACH = 5  # "اتفاق وقع بين تركيا وروسيا يوم": the event's words up to 5 words back
# an agreement concluded, signed, in force: the verb alone says it
_EARLIER_EVENT = frozenset(
    normalize(w) for w in ("المبرم", "المبرمة", "signed", "concluded", "effect")
)
# a town's occupation, not the occupier ("the Turkish occupation on March 5" is the strike's)
_ITS_OCCUPATION = ("its", "occupation")
# "signed" with an agreement's name ("الموقع" alone is also "the site")
_AGREEMENT = frozenset(normalize(w) for w in ("اتفاق", "اتفاقية", "تفاهم", "التفاهم", "الاتفاق"))
_SIGNED = frozenset(normalize(w) for w in ("الموقع", "الموقعة", "وقع", "وقعت"))
# an operation launched, with its name ("عملية درع الفرات التي أطلقها في"), not any fire
# ("الصواريخ التي أطلقها النظام يوم 5 آب", "the regime launched airstrikes on March 5": the
# strike's day)
_OPERATION = frozenset(normalize(w) for w in ("عملية", "العملية", "حملة", "الحملة", "معركة"))
_LAUNCHED = frozenset(normalize(w) for w in ("أطلقها", "أطلقته", "أطلقتها"))


def _recalled_event(toks: list[str], on: int) -> bool:
    """Whether an earlier event's verb (an agreement signed, an operation launched, an
    occupation) goes before the "on" at `on`, up to `_RECALL_REACH` words back."""
    window = toks[max(0, on - _RECALL_REACH) : on]
    if not _EARLIER_EVENT.isdisjoint(window):
        return True
    if "occupation" in window and any(
        tuple(window[k : k + 2]) == _ITS_OCCUPATION for k in range(len(window) - 1)
    ):
        return True
    if not _LAUNCHED.isdisjoint(window) and not _OPERATION.isdisjoint(window):
        return True
    return not _SIGNED.isdisjoint(window) and not _AGREEMENT.isdisjoint(window)


# "until": a date or weekday after it ends a period ("منذ بداية العام الحالي حتى 22 من تموز",
# "حتى يوم الأحد 20 آب", "until November 25"), the span of a tally, not the strike's day
_UNTIL = frozenset(normalize(w) for w in ("حتى", "لغاية", "until"))
# ... past "yesterday" too ("منذ بداية العام الحالي حتى يوم أمس السبت 30 من تموز", "حتى أمس
# الخميس"): the tally runs to the day before its publication
_UNTIL_FILLER = frozenset(normalize(w) for w in ("يوم", "ال", "أمس", "yesterday"))
_UNTIL_REACH = 4  # "حتى يوم أمس السبت 30": the fillers and weekday between "until" and the day


def _until(toks: list[str], start: int) -> bool:
    """Whether "until" goes before toks[start], past "يوم", "ال", "أمس" and a weekday ("حتى
    يوم الأحد 20 آب", "حتى ال 26 من تشرين", "حتى يوم أمس السبت 30 من تموز")."""
    k = start - 1
    while (
        k >= 0
        and start - k <= _UNTIL_REACH
        and (toks[k] in _UNTIL_FILLER or _weekday(toks[k]) is not None)
    ):
        k -= 1
    return k >= 0 and toks[k] in _UNTIL


# A date range ("خلال الفترة من 26 أبريل/نيسان إلى 19 أغسطس/آب 2021", "between 3 and 5 May",
# "from April 26 to August 19"): the span of a tally or a campaign, neither end the strike's day
_RANGE_FROM = frozenset(normalize(w) for w in ("من", "بين", "from", "between"))
_RANGE_TO = frozenset(normalize(w) for w in ("إلى", "الى", "و", "to", "and")) | _UNTIL
_RANGE_REACH = 6  # "من 26 ابريل نيسان الي": from "from" to "to", the start's date between
_RANGE_NOW = frozenset(normalize(w) for w in ("اليوم", "الآن", "today", "now"))  # "حتى اليوم"


def _range_start(toks: list[str], start: int, after: int) -> bool:
    """Whether the date at toks[start:after] (past its month's second name and year) opens a
    range: "from" before it, "to" and the end's day or month, or "now", after it."""
    if not (start > 0 and toks[start - 1] in _RANGE_FROM):
        return False
    if after + 1 >= len(toks) or toks[after] not in _RANGE_TO:
        return False
    end = toks[after + 1]
    return _NUMBER.match(end) is not None or end in _MONTH_FIRST or end in _RANGE_NOW


def _range_end(toks: list[str], start: int) -> bool:
    """Whether the date at toks[start] closes a range: "to" before it, and before that "from"
    and the start's day or month ("بين 3 و 5 أيار", "from April 26 to August 19")."""
    if start < 3 or toks[start - 1] not in _RANGE_TO:
        return False
    for k in range(start - 3, max(start - 2 - _RANGE_REACH, -1), -1):
        if toks[k] in _RANGE_FROM:
            nxt = toks[k + 1]
            return _NUMBER.match(nxt) is not None or nxt in _MONTH_FIRST
    return False


def _and_weekday(token: str) -> bool:
    """ "و" + a weekday ("والخميس"): before a date ("والخميس 19 آب، قال مراسل ..."), the next
    day of a roundup of earlier days, which goes on from the report's own."""
    return token[:1] == "و" and token[1:] in _WEEKDAYS


def _weekday(token: str) -> int | None:
    day = _WEEKDAYS.get(token)
    if day is None and token[:1] in ("و", "ب", "ف"):  # "والخميس", "بالسبت"
        day = _WEEKDAYS.get(token[1:])
    if day is None and token.startswith("لل"):  # ل + ال fuse: "للخميس" is ل + "الخميس"
        day = _WEEKDAYS.get("ا" + token[1:])
    return day


# A weekday a past word follows or "since" precedes is a recalled day, not the strike's ("الأحد
# الماضي", "يوم الجمعة الماضية", "الخميس الفائت", "منذ الخميس", "last Sunday")
_PAST_DAY_AFTER = cues.PAST_AFTER | {
    normalize(w) for w in ("الماضية", "الفائتة", "المنصرمة", "السابقة")
}
_PAST_DAY_BEFORE = frozenset(normalize(w) for w in ("منذ", "ومنذ", "since", "last"))
# ... and a coming one is no strike's day either ("ينعقد الاثنين المقبل", "غدًا الجمعة",
# "next Monday")
_PAST_DAY_AFTER |= {normalize(w) for w in ("المقبل", "المقبلة", "القادم", "القادمة")}
_PAST_DAY_BEFORE |= {normalize(w) for w in ("غدا", "غدًا", "next", "tomorrow")}
# ... nor a name: YouTube's footer ("NFL Sunday Ticket © 2024 Google LLC")
_PAST_DAY_AFTER |= {"ticket"}
# "الاثنين" (Monday, "the two") is also the numeral with its article: after a possessive plural
# ("مرافقيه الاثنين": his two companions) or before "of" / "others" ("الاثنين منهم"). (Bare
# "اثنين" is never a weekday: cues.WEEKDAYS.)
_MONDAY_DAY = 0
_COUNTED_AFTER = frozenset(
    normalize(w) for w in ("من", "منهم", "منهما", "منهن", "آخرين", "آخرون", "اخرين", "اخرون")
)
_POSSESSIVE_PLURAL = ("يه", "يها", "يهم")


def _two_not_monday(toks: list[str], i: int) -> bool:
    """Whether "الاثنين" at `i` is the numeral two, not Monday."""
    if i + 1 < len(toks) and toks[i + 1] in _COUNTED_AFTER:
        return True
    return i > 0 and toks[i - 1].endswith(_POSSESSIVE_PLURAL)


def _weekdays(toks: list[str], starts: Iterable[int] | None = None) -> frozenset[int]:
    """Weekdays the text names (0 = Monday): "الخميس", "thursday", "يوم الاربعاء"; not a
    recalled one ("الأحد الماضي", "منذ الخميس"). `starts`: the positions of the day words."""
    found: set[int] = set()
    n = len(toks)
    for i in range(n) if starts is None else starts:
        day = _weekday(toks[i])
        if day is None or (day == _MONDAY_DAY and _two_not_monday(toks, i)):
            continue
        if (
            (i + 1 < n and toks[i + 1] in _PAST_DAY_AFTER)
            or (
                _and_weekday(toks[i])
                and i + 2 < n
                and _NUMBER.match(toks[i + 1])
                and (toks[i + 2] in _MONTH_FIRST or toks[i + 2] in _OF)
            )
            or (i > 0 and toks[i - 1] in _PAST_DAY_BEFORE)
            or _until(toks, i)
            or _another_events_day(toks, i)
            or _and_yesterday(toks, i)
        ):
            continue
        found.add(day)
        if _night_of(toks, i):
            found.add((day + 1) % 7)
    return _frozen(found)


# A weekday a verb of another happening takes, past "أمس", "يوم" and the time of day: the day
# a family fled, a side denied, a report came out ("فإنّ عائلة الطفلتين نزحت، أمس الأحد، من
# بلدة آفس" under a strike of "اليوم الإثنين"; "إذ نفت أمس الأربعاء قصفها لمدينة جرابلس";
# "وكان الدفاع المدني أصدر أمس الخميس تقريره السنوي"), not the strike's. (A statement's
# "أعلنت" is the strike's day in the dev posts.)
_OTHER_EVENT_VERBS = frozenset(
    normalize(w) for w in ("نزحت", "نزح", "نزحوا", "نفت", "نفى", "أصدر", "أصدرت")
)
_DAY_FILLER = frozenset(
    normalize(w) for w in ("أمس", "يوم", "مساء", "صباح", "فجر", "ظهر", "عصر", "ليلة", "ليل")
)
_DAY_FILLER_REACH = 2


def _another_events_day(toks: list[str], i: int) -> bool:
    """Whether a verb of another happening (`_OTHER_EVENT_VERBS`) takes the weekday at `i`."""
    k = i - 1
    while k >= 0 and i - k <= _DAY_FILLER_REACH and toks[k] in _DAY_FILLER:
        k -= 1
    return k >= 0 and toks[k] in _OTHER_EVENT_VERBS


# "And yesterday" before a weekday goes on from the report's own strike to an earlier one
# ("مقتل طفلة وإصابة 3 آخرين، وأمس الإثنين قتل مدني جراء ...", "وأمس الجمعة توفيت امرأة متأثرة",
# "ويوم أمس السبت 4 أيار قتل", "وقبل أمس الأربعاء كثفت"): a roundup of the days before, as
# "والخميس 19 آب" is. (Of the 8 in the dev posts, 6 name another day than their strike's.)
_AND_YESTERDAY = frozenset(normalize(w) for w in ("وأمس", "وبالأمس"))
_YESTERDAY = normalize("أمس")
_AND_BEFORE_YESTERDAY = frozenset(normalize(w) for w in ("ويوم", "وقبل"))


def _and_yesterday(toks: list[str], i: int) -> bool:
    """Whether "and yesterday" goes before the weekday at `i` ("وأمس", "ويوم أمس", "وقبل أمس")."""
    if i < 1:
        return False
    if toks[i - 1] in _AND_YESTERDAY:
        return True
    return toks[i - 1] == _YESTERDAY and i > 1 and toks[i - 2] in _AND_BEFORE_YESTERDAY


# The night of a weekday runs into the next day's small hours, which is the strike's date as
# often as not: "قضت امرأة بعد منتصف ليل الجمعة" (a strike early on Saturday, 29 October),
# "منتصف ليلة الجمعة 28 من تشرين الأول", "on Monday night": both days are read
_NIGHT = frozenset(normalize(w) for w in ("ليل", "ليلة", "وليل", "وليلة"))


def _night_of(toks: list[str], i: int) -> bool:
    """Whether the weekday at `i` is a night's: "ليل الجمعة", "ليلة الخميس", "friday night"."""
    return (i > 0 and toks[i - 1] in _NIGHT) or (i + 1 < len(toks) and toks[i + 1] == "night")


def utc_seconds(dt: datetime | None, fallback: float) -> float:
    return dt.timestamp() if dt is not None else fallback
