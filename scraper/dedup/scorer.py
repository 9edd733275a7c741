"""The scorer: features in, agreement signals, scores and the reason out (pure, no state).

Two weighted sums. A pair score (`signals`, weights `DedupSettings.w_*`) compares the new post
with one candidate post; an event score (`EVENT_SIGNALS`, weights `e_*`) sums up the pair scores
of one candidate event and compares the post with the event's profile (`event_signals`). The
weights start as logistic regressions on the TUNE half of airwars-dev (`bench/eval_dedup.py
--fit`: a score of 0 is even odds) and are then adjusted on the TUNE clustering F1 (`--search`).
Every pair signal that fired is named in the reason, which the updates stream publishes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any, Protocol

from scraper.dedup.features import Features
from scraper.dedup.settings import DedupSettings

# Signal names, in the order the fit reports them; each has a `w_<name>` weight in settings.
SIGNALS = (
    "cosine",
    "place",
    "lead_place",
    "place_conflict",
    "place_conflict_weak",
    "region",
    "no_place",
    "attack",
    "attack_conflict",
    "actor",
    "actor_conflict",
    "date",
    "date_conflict",
    "killed",
    "killed_conflict",
    "district",
    "weekday",
    "weekday_conflict",
    "place_day",
    "place_gap",
    "no_place_cosine",
    "gap",
    "bias",
)


def cosine(a: dict[str, float], norm_a: float, b: dict[str, float], norm_b: float) -> float:
    """Cosine of two sparse tf-idf vectors. The linker's pair loop takes the same sums from a
    batch (vectors.WordIds.dot_products: the same words added in the same order; tests check
    the two agree to the bit)."""
    shared = a.keys() & b.keys()  # C-level set intersection; the sum then runs over few words
    if not shared:
        return 0.0
    # Summed in word order, not set order: a set's order follows string hashes, which differ
    # between processes, and a rebuilt leader must reach the same scores to the last bit. Left
    # to right, as the batch's running sum adds (and `sum` did before Python 3.12 compensated).
    total = 0.0
    for w in sorted(shared):
        total += a[w] * b[w]
    return total / (norm_a * norm_b)


def place_conflict(a: Features, b: Features) -> bool:
    """Both leads name specific places and neither text names the other's."""
    return bool(a.lead_specific and b.lead_specific and a.specific.isdisjoint(b.specific))


def seat_bridge(a: Features, b: Features) -> bool:
    """The two share only seat towns (Gazetteer.seats: "دير الزور", "دمشق"), and each lead
    names a finer place of the gazetteer that the other report never names: a raid in Hajin
    and a shooting in Thiban, both "in the Deir ez-Zor countryside", are two strikes, and the
    seat's name is no evidence that they are one."""
    if not (a.seats and b.seats):
        return False  # most pairs: no set built
    shared = a.specific & b.specific
    if not shared or not shared <= a.seats:
        return False
    own_a = [p for p in a.lead_specific if p not in a.seats and not p.startswith("v:")]
    own_b = [p for p in b.lead_specific if p not in b.seats and not p.startswith("v:")]
    return bool(own_a and own_b and b.specific.isdisjoint(own_a) and a.specific.isdisjoint(own_b))


def days_apart(a: AbstractSet[tuple[int, int]], b: AbstractSet[tuple[int, int]]) -> int:
    """Smallest distance in days between a (month, day) of `a` and one of `b` (year-agnostic)."""
    best = 366
    for ma, da in a:
        for mb, db in b:
            diff = abs((ma * 31 + da) - (mb * 31 + db)) % 372
            best = min(best, diff, 372 - diff)
    return best


def signals(a: Features, b: Features, cos: float, window_hours: float) -> dict[str, float]:
    """The agreement signals of one pair (0/1 flags, plus cosine and the time gap)."""
    # Runs for a third of the candidate pairs: overlaps are tested with `isdisjoint` (no set
    # built), and the flags are set in a fixed order, which is the order `score` sums them in.
    out: dict[str, float] = {"cosine": cos, "gap": abs(a.ts - b.ts) / 3600.0 / window_hours}
    bridge = seat_bridge(a, b)
    if not bridge and not a.specific.isdisjoint(b.specific):
        out["place"] = 1.0
        if not a.lead_specific.isdisjoint(b.lead_specific):
            out["lead_place"] = 1.0
    elif bridge or (
        a.lead_specific
        and b.lead_specific
        and a.lead_specific.isdisjoint(b.specific)
        and b.lead_specific.isdisjoint(a.specific)
    ):
        out["place_conflict"] = 1.0
    elif a.specific and b.specific:
        out["place_conflict_weak"] = 1.0
    elif not a.specific or not b.specific:
        out["no_place"] = 1.0
    if not a.general.isdisjoint(b.general):
        out["region"] = 1.0
        if not a.districts.isdisjoint(b.districts):
            out["district"] = 1.0
    if a.attacks and b.attacks:
        out["attack_conflict" if a.attacks.isdisjoint(b.attacks) else "attack"] = 1.0
    if a.actors and b.actors:
        out["actor_conflict" if a.actors.isdisjoint(b.actors) else "actor"] = 1.0
    if a.dates and b.dates:
        out["date_conflict" if a.dates.isdisjoint(b.dates) else "date"] = 1.0
    if a.killed and b.killed:
        out["killed" if killed_agree(a.killed, b.killed) else "killed_conflict"] = 1.0
    if a.weekdays and b.weekdays:
        if not a.weekdays.isdisjoint(b.weekdays):
            out["weekday"] = 1.0
        elif weekdays_apart(a.weekdays, b.weekdays) >= 2:
            # "yesterday, Tuesday" and "Wednesday" can be one strike; two days apart cannot
            out["weekday_conflict"] = 1.0
    # Interactions: one village and one day is much more than either; a shared village says
    # less the further apart the reports; wording matters most when no place is known.
    if "place" in out:
        out["place_gap"] = out["gap"]
        if "date" in out or "weekday" in out:
            out["place_day"] = 1.0
    elif "no_place" in out:
        out["no_place_cosine"] = cos
    return out


def killed_agree(a: frozenset[int], b: AbstractSet[int]) -> bool:
    """Killed counts of one strike: equal, or one a small rise on the other (tolls rise as the
    injured die and bodies are found: "3 killed" then "5 killed"), never 2 vs. 20.

    A toll of one does not rise: it is one victim named ("مقتل امرأة", "استشهاد طفل"), and a
    report of two or three killed is another strike far more often than that victim's toll
    revised (TUNE report pairs giving 1 against 2 or 3 killed and no common count: 37 pairs
    of one strike, 12,576 of two; an outright conflict is less lopsided)."""
    if a & b:
        return True
    for x in a:
        for y in b:
            lo, hi = (x, y) if x < y else (y, x)
            if lo > 1 and hi - lo <= max(KILLED_RISE, lo // 3):
                return True
    return False


KILLED_RISE = 2  # a rise this small (or a third of the count) is still one toll


def weekdays_apart(a: AbstractSet[int], b: AbstractSet[int]) -> int:
    return min(min((x - y) % 7, (y - x) % 7) for x in a for y in b)


def told_weekdays(a: Features) -> frozenset[int]:
    """The weekdays `a` names outside its page's datelines (`Features.weekday_stamps`): the
    ones that can tell the strike's day, as its dates less its stamps do."""
    return a.weekdays - a.weekday_stamps if a.weekday_stamps else a.weekdays


def weekdays_conflict(a: Features, b: Features, days: int) -> bool:
    """Both tell the strike's weekday and the closest two are `days` or more apart: not a
    weekday named only in a page's dateline (`Features.weekday_stamps`, the day it was
    published), which, as a dated stamp does, counts in the signals and never vetoes (a stamp
    vetoes `date_stamp_veto_days` or more away; two weekdays are at most 3 apart)."""
    told_a, told_b = told_weekdays(a), told_weekdays(b)
    return bool(told_a and told_b and weekdays_apart(told_a, told_b) >= days)


def days_conflict(a: Features, b: Features, veto_days: int, stamp_days: int) -> bool:
    """Both name days and share none, and the days they tell are `veto_days` or more apart,
    or all their days, publication stamps included (`Features.stamps`), `stamp_days` or more."""
    if not (a.dates and b.dates) or not a.dates.isdisjoint(b.dates):
        return False
    if not a.stamps and not b.stamps:
        return days_apart(a.dates, b.dates) >= veto_days
    told_a, told_b = a.dates - a.stamps, b.dates - b.stamps
    if told_a and told_b and days_apart(told_a, told_b) >= veto_days:
        return True
    return days_apart(a.dates, b.dates) >= stamp_days


def year_conflict(a: Features, b: Features) -> bool:
    """Both write the year of the dates they name, and no year is common: two strikes. Not
    when a stamp's year across New Year is the other's (`Features.turn_years`: "December 31,
    2024 · Shared with Public" over a strike of 1 January 2025)."""
    if not (a.years and b.years) or not a.years.isdisjoint(b.years):
        return False
    return b.years.isdisjoint(a.turn_years) and a.years.isdisjoint(b.turn_years)


# The event model's signals, each with an `e_<name>` weight: the best pair's score, the mean
# over the event's candidate posts, the share of them that score above even odds, how far the
# best pair beats the best pair of any other event, how many other events are plausible, and
# the post against the event's whole profile.
EVENT_SIGNALS = (
    "top",
    "mean",
    "positive",
    "margin",
    "rivals",
    "ev_place",
    "ev_lead_place",
    "ev_place_conflict",
    "ev_date",
    "ev_date_conflict",
    "ev_size",
    "ev_area_conflict",
    "ev_governorate_conflict",
    "busy",
    "lone",
    "seat_only",
    "contradicted",
    "bias",
)


class Profile(Protocol):
    """What `event_signals` reads of an event: counts over its posts in the window."""

    @property
    def size(self) -> int: ...
    @property
    def specific(self) -> Mapping[str, int]: ...
    @property
    def lead_specific(self) -> Mapping[str, int]: ...
    @property
    def dates(self) -> Mapping[tuple[int, int], int]: ...
    @property
    def districts(self) -> Mapping[str, int]: ...
    @property
    def governorates(self) -> Mapping[str, int]: ...
    @property
    def implied_districts(self) -> Mapping[str, int]: ...
    @property
    def implied_governorates(self) -> Mapping[str, int]: ...
    @property
    def told_dates(self) -> Mapping[tuple[int, int], int]: ...
    @property
    def told_weekdays(self) -> Mapping[int, int]: ...
    @property
    def stamps(self) -> Mapping[tuple[int, int], int]: ...
    @property
    def killed(self) -> Mapping[int, int]: ...


def event_signals(a: Features, event: Profile, out: dict[str, float]) -> None:
    """Agreement of post `a` with a whole event (the union of what its reports name), added to
    the pair's signals: a report that names the village one earlier report named and the day
    another named belongs to the event even when no single report matches it well."""
    ev_specific: AbstractSet[str] = event.specific.keys()
    names_event_place = not ev_specific.isdisjoint(a.specific)
    if names_event_place:
        out["ev_place"] = 1.0
    if not event.lead_specific.keys().isdisjoint(a.lead_specific):
        out["ev_lead_place"] = 1.0
    elif a.lead_specific and event.lead_specific and not names_event_place:
        out["ev_place_conflict"] = 1.0
    if a.dates and event.dates:
        if event.dates.keys().isdisjoint(a.dates):
            out["ev_date_conflict"] = 1.0
        else:
            out["ev_date"] = 1.0
    out["ev_size"] = math.log(event.size)
    # The whole strike at every level of place: a post whose towns and districts no report
    # of the event names, or whose governorates none names, is most likely another strike of
    # the same hours (ten a day in a busy week), even when one of its pairs scores well on
    # wording, attack and day.
    if area_conflict(a, event):
        out["ev_area_conflict"] = 1.0
    if governorate_conflict(a, event):
        out["ev_governorate_conflict"] = 1.0


def contradictions(a: Features, event: Profile, veto_days: int, stamp_days: int) -> int:
    """On how many of three independent things post `a` contradicts every report of an event:
    the strike's day (its told dates, else its told weekdays, `veto_days` or more from all the
    event's reports tell: publication stamps aside, as in the pair vetoes), its toll (a killed
    count none of the event's agrees with) and its own place (its lead names towns or villages,
    seat towns aside, that no report of the event names).

    The first report of a second strike on one village reads like the first strike's reports
    but for these (another day, another toll, its own village first): one clash is common
    within a strike (a toll revised, a neighbouring village named first), two are rare (busy
    TUNE: 9 of 49 wrong first joins of a second strike against 5 of 576 right joins)."""
    n = 0
    if a.dates and event.dates:
        n += _days_contradict(a, event, veto_days, stamp_days)
    else:
        weekdays = told_weekdays(a)
        if weekdays and event.told_weekdays:
            n += weekdays_apart(weekdays, event.told_weekdays.keys()) >= veto_days
    if a.killed and event.killed:
        n += not killed_agree(a.killed, event.killed.keys())
    own = a.lead_specific - a.seats if a.seats else a.lead_specific
    if own and event.specific:
        n += event.specific.keys().isdisjoint(own)
    return n


def _days_contradict(a: Features, event: Profile, veto_days: int, stamp_days: int) -> bool:
    """`days_conflict` against the days all of an event's reports name."""
    if not event.dates.keys().isdisjoint(a.dates):
        return False
    if not a.stamps and not event.stamps:
        return days_apart(a.dates, event.dates.keys()) >= veto_days
    told = a.dates - a.stamps
    if told and event.told_dates and days_apart(told, event.told_dates.keys()) >= veto_days:
        return True
    return days_apart(a.dates, event.dates.keys()) >= stamp_days


def area_conflict(a: Features, event: Profile) -> bool:
    """Post and event both name towns or districts, and no report of the event names one the
    post names. Against the union, not one report: a report naming only the district agrees
    with an event whose village report also named that district."""
    areas = a.specific | a.districts
    if not areas:
        return False
    ev_specific, ev_districts = event.specific.keys(), event.districts.keys()
    return bool(
        (ev_specific or ev_districts)
        and ev_specific.isdisjoint(areas)
        and ev_districts.isdisjoint(areas)
        # a report naming only the district agrees with a village in it, either way round
        and (ev_specific or ev_districts.isdisjoint(a.implied_districts))
        and (a.specific or event.implied_districts.keys().isdisjoint(a.districts))
    )


def governorates_of(a: Features) -> frozenset[str]:
    """The governorates a report is in: those it names, else those of the places its lead
    names (a village learned with its governorate, a GeoNames town by its admin code)."""
    return a.governorates or a.implied_governorates


def governorate_conflict(a: Features, event: Profile) -> bool:
    """Post and event are both in known governorates (named, or implied by the villages their
    leads name), no report of the event is in one the post is in, and no town is shared either
    (a shared town outranks a governorate named in passing). A village in Idlib and one in
    Deir ez-Zor conflict even when neither report names its governorate."""
    governorates = governorates_of(a)
    ev_named, ev_implied = event.governorates.keys(), event.implied_governorates.keys()
    return bool(
        governorates
        and (ev_named or ev_implied)
        and ev_named.isdisjoint(governorates)
        and ev_implied.isdisjoint(governorates)
        and event.specific.keys().isdisjoint(a.specific)
    )


def weights(settings: DedupSettings, prefix: str, names: tuple[str, ...]) -> dict[str, float]:
    """The `prefix + name` weights of `settings`, by signal name (looked up once, not per pair)."""
    return {name: getattr(settings, prefix + name) for name in names}


def score(sig: dict[str, float], weights: dict[str, float]) -> float:
    total = 0.0
    for name, value in sig.items():
        total += weights[name] * value
    return total


def reason(a: Features, b: Features, sig: dict[str, float], total: float) -> dict[str, Any]:
    """What made the link: the matched post, the score, and the signals with their evidence."""
    out: dict[str, Any] = {
        "match": "event",
        "of": b.post_id,
        "score": round(total, 4),
        "cosine": round(sig["cosine"], 3),
        "hours": round(abs(a.ts - b.ts) / 3600.0, 1),
    }
    if "place" in sig:
        out["places"] = sorted(a.specific & b.specific)[:5]
    if "region" in sig:
        out["region"] = sorted(a.general & b.general)[:3]
    for name, x, y in (("attack", a.attacks, b.attacks), ("actor", a.actors, b.actors)):
        if name in sig:
            out[name] = sorted(x & y)
    flags = [n for n in sig if n.endswith("conflict") or n.endswith("_weak")]
    if "date" in sig:
        out["date"] = sorted(f"{m:02d}-{d:02d}" for m, d in a.dates & b.dates)[:2]
    if "killed" in sig:
        out["killed"] = [sorted(a.killed)[:3], sorted(b.killed)[:3]]
    if flags:
        out["conflicts"] = flags
    return out
