"""The event linker: one decision per post, new event or a further report of a known one.

Two matchers run in one decision. Copy detection catches reposts (same normalised text, or a
near-identical one: tf-idf cosine, or rapidfuzz on the leads). Event linking finds candidates
through an inverted index keyed by place ids, rare words and copy hashes over the live window
(never an all-pairs scan), plus the latest report of the few events active in the hours before
the post; scores each with text similarity plus place, time, attack, actor, date and casualty
agreement, weighs each candidate event by its profile and by how busy those hours were, and
joins the best event above the threshold. State is a function of the posts in the window and
their order only, so a linker rebuilt by replaying the same posts makes the same decisions.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import sys
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import chain, compress
from typing import Any, TypeVar

from rapidfuzz.fuzz import token_set_ratio

from scraper.dedup import scorer
from scraper.dedup.features import FeatureExtractor, Features, take_back
from scraper.dedup.gazetteer import Gazetteer, load_default
from scraper.dedup.settings import DedupSettings
from scraper.dedup.vectors import WordIds
from scraper.models import Post

_ONE = 1  # a post found by one index key only
intern = sys.intern
FUTURE_SLACK_SECONDS = 600.0  # clocks of sources and of this host disagree a little
# A bound on the cosine computed in floats may fall a few ulps short of the cosine computed in
# floats; a bound this much under the bar is under it whatever the rounding (64 terms at most).
COSINE_BOUND_SLACK = 1e-9
_K = TypeVar("_K")
# The Features sets a window post keeps (pair and profile tests read them), and how many
# distinct values of them are remembered for sharing (~100 bytes each beyond the sets).
_SET_FIELDS = (
    "places",
    "specific",
    "lead_specific",
    "general",
    "districts",
    "governorates",
    "seats",
    "implied_governorates",
    "implied_districts",
    "attacks",
    "actors",
    "killed",
    "wounded",
    "dates",
    "stamps",
    "years",
    "turn_years",
    "weekdays",
    "weekday_stamps",
)
_SHARED_SETS_CAP = 1 << 16
TOP_PLACES = 8  # places a decision names (the event's most reported)
# What a window post's `Features.words` becomes once its vector is built: never written to.
_RELEASED: dict[str, int] = {}


def event_id_for(first_post_id: str) -> str:
    """Deterministic: the event of a strike is named after the first post that reported it."""
    return "evt_" + hashlib.sha1(first_post_id.encode()).hexdigest()[:16]


@dataclass(slots=True)
class Decision:
    event_id: str
    is_new: bool
    score: float
    reason: dict[str, Any]
    canonical_id: str
    places: list[str] = field(default_factory=list)
    attack: str | None = None


@dataclass(slots=True, eq=False)  # one per post in the window: compared by identity
class _Entry:
    feats: Features
    source: str
    event_id: str
    # Its tf-idf vector packed (`WordIds.pack`): one bytes object, which the pair loop's batch
    # reads front to back (vectors.py says why)
    packed: bytes
    norm: float
    peak: float  # its heaviest weight: bounds the cosine with any other post
    serial: int  # arrival order
    keys: list[str]  # its index keys (postings)
    words: tuple[str, ...]  # its distinct words, whose window counts eviction takes back
    alive: bool = True  # false once evicted (`_active` may still name it as an event's latest)


@dataclass(slots=True)
class _Event:
    """An event's profile over the posts of it still in the window (counts, so eviction can
    take a post's share back out): what a new report is compared with besides single posts."""

    canonical_id: str
    places: Counter[str] = field(default_factory=Counter)  # specific, else general: published
    attacks: Counter[str] = field(default_factory=Counter)
    specific: Counter[str] = field(default_factory=Counter)
    lead_specific: Counter[str] = field(default_factory=Counter)
    dates: Counter[tuple[int, int]] = field(default_factory=Counter)
    # The union at the coarser levels too: one report names the village, another the
    # district, a third the governorate; a post is told apart from the strike only when it
    # names none of them (scorer.event_signals, `ev_area_conflict`).
    districts: Counter[str] = field(default_factory=Counter)
    governorates: Counter[str] = field(default_factory=Counter)
    # ... and the parents of the places they name (Features.implied_*)
    implied_districts: Counter[str] = field(default_factory=Counter)
    implied_governorates: Counter[str] = field(default_factory=Counter)
    # the days and weekdays its reports tell (publication stamps aside), the stamps, and the
    # killed counts: what a second strike's first report contradicts (scorer.contradictions)
    told_dates: Counter[tuple[int, int]] = field(default_factory=Counter)
    told_weekdays: Counter[int] = field(default_factory=Counter)
    stamps: Counter[tuple[int, int]] = field(default_factory=Counter)
    killed: Counter[int] = field(default_factory=Counter)
    size: int = 0
    # `_top(places, TOP_PLACES)` as last computed, or None once a count may have changed it:
    # every join publishes it, and in an event of hundreds of places ranking them all cost
    # more than the rest of the join
    top_places: list[str] | None = None

    def add(self, feats: Features, sign: int) -> None:
        self.size += sign
        places = feats.specific or feats.general
        _count(self.places, places, sign)
        if self.top_places is not None and places:
            self._check_top(places, sign)
        _count(self.attacks, feats.attacks, sign)
        _count(self.specific, feats.specific, sign)
        _count(self.lead_specific, feats.lead_specific, sign)
        _count(self.dates, feats.dates, sign)
        _count(self.districts, feats.districts, sign)
        _count(self.governorates, feats.governorates, sign)
        _count(self.implied_districts, feats.implied_districts, sign)
        _count(self.implied_governorates, feats.implied_governorates, sign)
        _count(self.told_dates, feats.dates - feats.stamps if feats.stamps else feats.dates, sign)
        _count(self.told_weekdays, scorer.told_weekdays(feats), sign)
        _count(self.killed, feats.killed, sign)
        _count(self.stamps, feats.stamps, sign)

    def ranked_places(self) -> list[str]:
        """`_top(places, TOP_PLACES)`, from the cache while no count has moved it."""
        if self.top_places is None:
            self.top_places = _top(self.places, TOP_PLACES)
        return list(self.top_places)  # each decision its own list

    def _check_top(self, keys: frozenset[str], sign: int) -> None:
        """Keep the cached top places if these keys' new counts leave the same places in it
        (re-ranked among themselves), else drop it."""
        top = self.top_places
        assert top is not None
        if len(top) < TOP_PLACES or (sign < 0 and not keys.isdisjoint(top)):
            # it holds every place, or one of its places lost a report: some place outside
            # may now rank above it, which only ranking them all can tell
            self.top_places = None
            return
        if sign < 0:
            return  # places outside the top fell further behind it
        # Its places only gained: a place outside joins them only by reaching the lowest
        # count among them (ties go by name); else the same places stay in the top.
        counts = self.places
        bar = min(map(counts.__getitem__, top))
        if any(counts[key] >= bar for key in keys if key not in top):
            self.top_places = None
        elif not keys.isdisjoint(top):
            self.top_places = sorted(top, key=lambda key: (-counts[key], key))


def _count(counter: Counter[_K], keys: Iterable[_K], sign: int) -> None:
    """Add (sign 1) or take back (-1) one post's keys; a key counted zero times is dropped."""
    for key in keys:
        n = counter[key] + sign
        if n > 0:
            counter[key] = n
        else:
            del counter[key]


class Linker:
    """Online event linker over a sliding window. Not thread-safe: one dedup leader calls it."""

    def __init__(self, settings: DedupSettings | None = None, gazetteer: Gazetteer | None = None):
        self.settings = settings or DedupSettings()
        self.extractor = FeatureExtractor(self.settings, gazetteer or load_default())
        self._entries: dict[str, _Entry] = {}
        self._decisions: dict[str, Decision] = {}
        # (ts, serial, post id) of every post in the window: eviction by the post's own time,
        # so one report dated late (or in the future) cannot hold older ones in memory behind it
        self._expiry: list[tuple[float, int, str]] = []
        # index key → the serials of its posts, in arrival order; `_live` maps a serial to its
        # entry. Serials in a C array, not the entries: ranking the shortlist counts and sorts
        # ~300 postings a decision, and an entry object (its reference count, its serial) is
        # a cache miss in a big window, while the ints an array yields are new and in cache;
        # only the ~50 posts the shortlist takes are then looked up.
        self._postings: dict[str, array[int]] = {}
        self._live: dict[int, _Entry] = {}
        self._exact: dict[str, str] = {}
        self._df: Counter[str] = Counter()
        self._word_ids = WordIds(self.settings.max_words)  # the words of the window's vectors
        self._events: dict[str, _Event] = {}
        # event id → its latest report, most recently reported last: the events active around
        # a post, which are candidates even when the post shares no key with them
        self._active: OrderedDict[str, _Entry] = OrderedDict()
        self._now = -math.inf
        self._sets: dict[frozenset[Any], frozenset[Any]] = {}  # see _share_sets
        self._serial = 0
        self._w_weights = scorer.weights(self.settings, "w_", scorer.SIGNALS)
        self._e_weights = scorer.weights(self.settings, "e_", scorer.EVENT_SIGNALS)
        # (post id, candidate id, signals) of every scored pair: the weight fit's hook
        self.record: Callable[[str, str, dict[str, float]], None] | None = None
        # (post id, candidate event id, event signals): the same for the event weights
        self.record_event: Callable[[str, str, dict[str, float]], None] | None = None

    # --- public -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._entries)

    def replay(self, posts: Iterable[Post]) -> list[Decision]:
        """Rebuild state from the posts stream (DESIGN.md step 5): link() each, in order."""
        return [self.link(post) for post in posts]

    def link(self, post: Post) -> Decision:
        known = self._decisions.get(post.id)
        if known is not None:
            # Redelivery or an edited version: the post already belongs to an event.
            return known
        feats, packed, norm, peak, keys = self._prepare(post)
        decision = self._decide(feats, packed, norm, peak, keys)
        self._insert(post, feats, packed, norm, peak, keys, decision)
        return decision

    def restore(self, post: Post, event_id: str) -> Decision:
        """Index `post` under an event decided earlier (the post → event mapping in Redis),
        without deciding: what the dedup worker does for the published part of its replay.

        The state after restore() is the state link() would have left had it decided
        `event_id`, so a linker rebuilt from a window that starts mid-history agrees with the one
        that never stopped (tests/test_linker.py says exactly when). An event the linker does
        not know is created with this post as its canonical report, unless a later restored post
        turns out to be the one the event is named after (`event_id_for`)."""
        known = self._decisions.get(post.id)
        if known is not None:
            return known
        feats, packed, norm, peak, keys = self._prepare(post)
        names_event = event_id_for(post.id) == event_id
        event = self._events.get(event_id)
        if event is not None:
            if names_event:
                event.canonical_id = post.id
            decision = self._join(event_id, 0.0, {"match": "restored"})
        else:
            decision = self._new(feats, event_id, None, {"match": "restored"})
        decision.is_new = names_event
        self._insert(post, feats, packed, norm, peak, keys, decision)
        return decision

    def _prepare(self, post: Post) -> tuple[Features, bytes, float, float, list[str]]:
        """The post's features; its tf-idf vector packed (vectors.py: word ids and weights in
        word order, the cosine's summation order), its norm and heaviest weight; its keys."""
        ts = _post_time(post, self._now)
        if ts > self._now:
            self._now = ts
        self._evict()
        feats = self.extractor.extract(post, ts)
        vector, norm = self._vectorise(feats)
        peak = max(vector.values(), default=0.0)
        words = sorted(vector)
        packed = self._word_ids.pack(words, [vector[w] for w in words])
        return feats, packed, norm, peak, self._keys(feats, vector, words)

    def _vector(self, entry: _Entry) -> dict[str, float]:
        """A window post's tf-idf vector as a dict (as `_vectorise` made it, in word order)."""
        return self._word_ids.unpack(entry.packed)

    # --- scoring ------------------------------------------------------------------------------

    def _vectorise(self, feats: Features) -> tuple[dict[str, float], float]:
        # idf over the live window: a word every report uses ("قصف") weighs little, a village or
        # family name a lot. +1 smoothing counts the post itself.
        log_n = math.log(len(self._entries) + 2)
        df = self._df.get
        log = math.log
        vector = {
            w: (1.0 if c == 1 else 1.0 + log(c)) * (log_n - log(df(w, 0) + 1))
            for w, c in feats.words.items()
        }
        if len(vector) > self.settings.max_words:
            # the heaviest words carry the cosine; the tail only costs time and memory
            keep = sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[: self.settings.max_words]
            vector = dict(keep)
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return vector, norm

    def _candidates(self, keys: list[str]) -> list[_Entry]:
        """The posts sharing the most index keys (copy hash, places, rare words), most recent
        first among equals, at most `max_per_event` of one event and `max_candidates` in all:
        a bounded, deterministic shortlist."""
        s = self.settings
        # one C-level count over every bucket the keys find (missing keys give None)
        hits = Counter(chain.from_iterable(filter(None, map(self._postings.get, keys))))
        # Most shared keys first, then most recent (highest serial): C-level sorts (the second
        # is stable). The posts sharing two keys or more come first, and the walk mostly ends
        # among them, so the posts sharing one key (two in three) are sorted only when it gets
        # that far.
        counts = hits.values()
        ranked = sorted(compress(hits, map(_ONE.__lt__, counts)), reverse=True)
        ranked.sort(key=hits.__getitem__, reverse=True)
        out: list[_Entry] = []
        per_event: dict[str, int] = {}
        cap, limit, live = s.max_per_event, s.max_candidates, self._live
        if _shortlist(ranked, live, out, per_event, cap, limit):
            singles = sorted(compress(hits, map(_ONE.__eq__, counts)), reverse=True)
            _shortlist(singles, live, out, per_event, cap, limit)
        return out

    def _active_events(self, ts: float) -> list[_Entry]:
        """The latest report of each event reported within `time_candidate_hours` before `ts`,
        most recent first, at most `active_cap` of them (enough to tell one from many)."""
        horizon = ts - self.settings.time_candidate_hours * 3600.0
        out: list[_Entry] = []
        cap = self.settings.active_cap
        for entry in reversed(self._active.values()):
            if entry.feats.ts < horizon:
                break
            if entry.alive and entry.feats.ts <= ts:
                out.append(entry)
                if len(out) >= cap:
                    break
        return out

    def _keys(self, feats: Features, vector: dict[str, float], words: list[str]) -> list[str]:
        """The post's index keys; `words`: the vector's words in order."""
        rare = _by_weight(vector, words)[: self.settings.rare_keys]
        return (
            ["x:" + feats.exact]
            + ["p:" + p for p in sorted(feats.specific)]
            # governorate keys find reports that name no town; postings_cap and
            # max_candidates bound what they cost in a busy governorate
            + ["g:" + p for p in sorted(feats.general)]
            + ["w:" + w for w in rare]
        )

    def _decide(
        self,
        feats: Features,
        packed: bytes,
        norm: float,
        peak: float,
        keys: list[str],
    ) -> Decision:
        s = self.settings
        exact = self._exact.get(feats.exact)
        if exact is not None and exact in self._entries:
            entry = self._entries[exact]
            return self._join(entry.event_id, 1.0, {"match": "copy", "copy": "exact", "of": exact})
        # Pairs first: each candidate post scored against this one (scorer.signals, the w_*
        # weights). Then events: what the pairs say about each candidate event, with the post
        # compared to the event's whole profile and to the rival events (scorer.event_signals,
        # the e_* weights). Blending in the mean and the rivals is what stops chaining: one
        # report naming two villages must not pull a strike on the second village into the
        # first one's event, and a post several events could claim needs more evidence.
        # The pair loop is inlined (it runs ~40 times a decision): locals instead of attribute
        # lookups, and the vetoes that the cosine cannot lift (time gap, year conflict, a place
        # conflict whose cosine provably stays under the bar) before the cosine's sort and sum:
        # about half the pairs. Same arithmetic in the same order as before, so the same scores.
        copy_cosine, copy_hours = s.copy_cosine, s.copy_max_hours
        copy_fuzz, fuzz_floor, lead = s.copy_fuzz, s.copy_fuzz_min_cosine, feats.lead
        hard_gap, veto_cosine = s.hard_gap_hours, s.place_veto_cosine
        veto_bound = veto_cosine * (1.0 - COSINE_BOUND_SLACK)
        window_hours, veto_days = s.window_hours, s.date_veto_days
        skip_gap = max(hard_gap, copy_hours)  # beyond it a pair is vetoed whatever its cosine
        place_conflict = scorer.place_conflict
        year_conflict, signals, score_of = scorer.year_conflict, scorer.signals, scorer.score
        w_weights, record, post_id, ts = self._w_weights, self.record, feats.post_id, feats.ts
        lead_specific, years, dates = feats.lead_specific, feats.years, feats.dates
        days_conflict, seat_bridge = scorer.days_conflict, scorer.seat_bridge
        stamp_days = s.date_stamp_veto_days
        per_event: dict[str, list[Any]] = {}
        candidates = self._candidates(keys)
        active = self._active_events(ts)
        if active:
            # A report that names no place and shares no rare word still has a time: the events
            # active around it are candidates too, and how many there are says how much a weak
            # match is worth (one strike that day, or ten).
            have = {entry.event_id for entry in candidates}
            extra = [
                e
                for e in active[: s.time_candidates]
                if e.event_id not in have
                and not _apart(feats, e.feats)
                # ... nor with what the event's other reports named (its union profile)
                and not _apart_event(feats, self._events[e.event_id])
            ]
            candidates.extend(extra)
        # The dot products with every candidate in one batch, each summed as scorer.cosine
        # sums it (vectors.py), and how many words each shares with the post
        dots, shares = self._word_ids.dot_products(packed, [entry.packed for entry in candidates])
        for entry, dot, n_shared in zip(candidates, dots, shares, strict=True):
            b = entry.feats
            gap_h = abs(ts - b.ts) / 3600.0
            reason: dict[str, Any] | None = None
            if gap_h > skip_gap or (years and year_conflict(feats, b)):
                # vetoed whatever the cosine: a year conflict rules out a copy and a link alike
                score = -math.inf
            else:
                conflict = lead_specific and place_conflict(feats, b)
                if conflict and (
                    gap_h > hard_gap
                    or not n_shared
                    # each shared word adds at most the product of the two heaviest weights, so
                    # the cosine cannot reach the veto's bar (the factor covers rounding)
                    or n_shared * peak * entry.peak < veto_bound * norm * entry.norm
                ):
                    # a place conflict rules out a copy, and below the bar it vetoes the pair:
                    # the score is known without the cosine's sort and sum
                    score = -math.inf
                else:
                    # scorer.cosine, from the batch's sum (the same words in the same order)
                    cos = dot / (norm * entry.norm) if n_shared else 0.0
                    # Could this pair be a copy (close enough by cosine, or by a fuzzy ratio
                    # worth computing)? Not across a place or day conflict: a template reused
                    # for another village or another day.
                    copyable = (
                        (cos >= copy_cosine or cos >= fuzz_floor)
                        and gap_h <= copy_hours
                        and not conflict
                        # nor a template reused for another village of the same countryside
                        # ("... في بلدة هجين بريف دير الزور" / "... ذيبان ...")
                        and not seat_bridge(feats, b)
                        and not _days_conflict(feats, b, veto_days, stamp_days)
                    )
                    fuzzy = 0.0
                    if copyable and cos < copy_cosine:
                        # a repost with a source line or hashtags added: its words are a subset
                        # of the original's, which tf-idf weighs down and token_set_ratio does
                        # not (only here: that skips two ratios in three, a pair's dearest step)
                        fuzzy = token_set_ratio(
                            lead, b.lead, processor=None, score_cutoff=copy_fuzz
                        )
                    if copyable and (cos >= copy_cosine or fuzzy):
                        score = 10.0 + cos
                        reason = {"match": "copy", "copy": "near", "of": b.post_id, "cosine": cos}
                        if fuzzy:
                            reason["fuzz"] = round(fuzzy, 1)
                    elif (
                        gap_h > hard_gap
                        # the leads name different villages: two strikes
                        or (cos < veto_cosine and conflict)
                        # both reports name the day of the strike, and the days differ: two
                        # strikes, however alike the wording (templated casualty reports);
                        # the signals' "date_conflict", tested before they are built. A
                        # publication stamp vetoes only far from the other's days.
                        or (dates and b.dates and days_conflict(feats, b, veto_days, stamp_days))
                    ):
                        score = -math.inf
                    else:
                        sig = signals(feats, b, cos, window_hours)
                        sig["bias"] = 1.0
                        if record is not None:
                            record(post_id, b.post_id, sig)
                        score = score_of(sig, w_weights)
                        # the reason is built only for the pair that wins: most pairs lose
                        reason = {"_pair": (b, sig, score)}
            acc = per_event.get(entry.event_id)
            if acc is None:
                acc = per_event[entry.event_id] = [-math.inf, 0.0, 0, 0, None]
            if score > acc[0]:
                acc[0], acc[4] = score, reason
            acc[1] += score if score > -10.0 else -10.0
            acc[2] += 1
            acc[3] += score > 0.0
        tops = sorted([acc[0] for acc in per_event.values()], reverse=True)
        first = tops[0] if tops else -math.inf
        second = tops[1] if len(tops) > 1 else -math.inf
        rivals = sum(1 for t in tops if t > 0.0)
        active_ids = {e.event_id for e in active}
        best: tuple[float, str, dict[str, Any], bool] | None = None
        for eid in sorted(per_event):
            top, total, count, positive, why = per_event[eid]
            if top == -math.inf:
                continue  # every candidate of the event was vetoed
            contradicted = False
            if top >= 10.0:
                agg = top  # a copy
            else:
                other = second if top == first else first
                sig = {
                    "bias": 1.0,
                    "top": top,
                    "mean": total / count,
                    "positive": positive / count,
                    "margin": max(min(top - other, 5.0), -5.0),
                    "rivals": math.log1p(max(rivals - (top > 0.0), 0)),
                }
                others = len(active_ids) - (eid in active_ids)
                sig["busy"] = math.log1p(others)
                if not others:
                    sig["lone"] = 1.0
                if feats.seats and _seat_only(feats, why):
                    sig["seat_only"] = 1.0
                event = self._events[eid]
                scorer.event_signals(feats, event, sig)
                if "ev_governorate_conflict" in sig and _placeless_bridge(why):
                    # No report of the event names the post's governorate, and the pair that
                    # carries the link shares neither town nor district: the link runs through
                    # a report that says nothing of where (an obituary, a cut capture), which
                    # must not join a strike in Deir ez-Zor to one in Idlib.
                    continue
                if (
                    scorer.contradictions(feats, event, s.date_veto_days, s.date_stamp_veto_days)
                    >= s.contradictions_apart
                ):
                    sig["contradicted"] = 1.0
                    contradicted = True
                if self.record_event is not None:
                    self.record_event(feats.post_id, eid, sig)
                agg = scorer.score(sig, self._e_weights)
            if best is None or agg > best[0]:
                best = (agg, eid, why, contradicted)
        if best is not None and best[0] >= s.link_threshold:
            why = best[2]
            if "_pair" in why:
                b, sig, total = why["_pair"]
                why = scorer.reason(feats, b, sig, total)
                why["event_score"] = round(best[0], 4)
                if best[3]:
                    # joined although it contradicts the event on day, toll or place: say so
                    why["contradicts_event"] = True
            return self._join(best[1], best[0], why)
        new: dict[str, Any] = {"match": "new"}
        if best is not None:
            new["best_score"] = round(best[0], 4)
        return self._new(feats, event_id_for(feats.post_id), best[0] if best else None, new)

    @staticmethod
    def _new(
        feats: Features, event_id: str, score: float | None, reason: dict[str, Any]
    ) -> Decision:
        return Decision(
            event_id=event_id,
            is_new=True,
            score=score if score is not None else 0.0,
            reason=reason,
            canonical_id=feats.post_id,
            places=sorted(feats.places),
            attack=min(feats.attacks) if feats.attacks else None,
        )

    def _join(self, event_id: str, score: float, reason: dict[str, Any]) -> Decision:
        event = self._events[event_id]
        reason["score"] = round(score, 4)
        return Decision(
            event_id=event_id,
            is_new=False,
            score=score,
            reason=reason,
            canonical_id=event.canonical_id,
            places=event.ranked_places(),
            attack=next(iter(_top(event.attacks, 1)), None),
        )

    # --- index --------------------------------------------------------------------------------

    def _insert(
        self,
        post: Post,
        feats: Features,
        packed: bytes,
        norm: float,
        peak: float,
        keys: list[str],
        decision: Decision,
    ) -> None:
        self._serial += 1
        self._share_sets(feats)
        # The word counts were for this post's own vector; what the window needs of them is
        # the word list, for the document frequencies (a tuple is a fifth of the dict).
        words = tuple(feats.words)
        feats.words = _RELEASED
        entry = _Entry(
            feats,
            post.source,
            decision.event_id,
            packed,
            norm,
            peak,
            self._serial,
            keys,
            words,
        )
        self._entries[post.id] = entry
        self._live[self._serial] = entry
        self._decisions[post.id] = decision
        heapq.heappush(self._expiry, (feats.ts, self._serial, post.id))
        # the latest post with this text: the entry survives as long as any copy is in the window,
        # whatever happened before the window (a rebuilt linker must agree)
        self._exact[feats.exact] = post.id
        self._df.update(words)
        cap, serial = self.settings.postings_cap, self._serial
        postings = self._postings
        for key in keys:
            bucket = postings.get(key)
            if bucket is None:
                # an array, not a deque(maxlen): most keys (rare words) hold one or two posts,
                # and an empty deque costs 600 bytes
                postings[intern(key)] = array("q", (serial,))
            else:
                bucket.append(serial)
                if len(bucket) > cap:
                    del bucket[0]
        event = self._events.get(decision.event_id)
        if event is None:
            event = self._events[decision.event_id] = _Event(canonical_id=post.id)
        event.add(feats, 1)
        self._active[decision.event_id] = entry
        self._active.move_to_end(decision.event_id)

    def _share_sets(self, feats: Features) -> None:
        """Point a window post's sets at one shared copy of each distinct value: the reports of
        a strike name the same towns, governorates, attacks, actors, so thousands of posts
        share a few hundred sets, which then stay in the CPU cache for the pair loop (a set of
        each post's own was a cache miss per set per pair in a big window) and use no memory
        of their own. Equal sets, so every test on them answers the same."""
        shared = self._sets
        if len(shared) >= _SHARED_SETS_CAP:
            shared.clear()  # distinct town lists keep coming: start over rather than grow
        for name in _SET_FIELDS:
            value = getattr(feats, name)
            if value:
                known = shared.setdefault(value, value)
                if known is not value:
                    setattr(feats, name, known)

    def _evict(self) -> None:
        horizon = self._now - self.settings.window_seconds
        expiry, cap = self._expiry, self.settings.max_window_posts
        # by time, and by count beyond the cap: a flood of reports (or a backfill of months)
        # must not grow the daemon without bound, so the oldest go first
        while expiry and (expiry[0][0] < horizon or len(expiry) >= cap):  # room for one more
            pid = heapq.heappop(expiry)[2]
            entry = self._entries.get(pid)
            if entry is None:
                continue
            del self._entries[pid]
            del self._live[entry.serial]
            del self._decisions[pid]
            entry.alive = False
            feats = entry.feats
            if self._exact.get(feats.exact) == pid:
                del self._exact[feats.exact]
            take_back(self._df, entry.words)
            self._word_ids.release(entry.packed, self._df)
            for key in entry.keys:
                bucket = self._postings.get(key)
                if bucket is not None:
                    if bucket[0] == entry.serial:
                        del bucket[0]
                    # a bucket is in arrival (serial) order, so an entry older than its first
                    # was pushed out by postings_cap already: no scan of the bucket for it
                    elif entry.serial > bucket[0]:  # evicted out of arrival order
                        bucket.remove(entry.serial)
                    if not bucket:
                        del self._postings[key]
            self.extractor.forget(entry.source, feats)
            event = self._events.get(entry.event_id)
            if event is not None:
                # the profile is of the posts in the window only, as a rebuilt linker sees it
                event.add(feats, -1)
                if event.size <= 0:
                    del self._events[entry.event_id]
                    self._active.pop(entry.event_id, None)


def _shortlist(
    ranked: list[int],
    live: dict[int, _Entry],
    out: list[_Entry],
    per_event: dict[str, int],
    cap: int,
    limit: int,
) -> bool:
    """Take the entries of the `ranked` serials into `out` in order, at most `cap` of one event;
    whether there is room for more after them (`limit` not reached)."""
    for serial in ranked:
        entry = live.get(serial)
        if entry is None:
            continue
        taken = per_event.get(entry.event_id, 0)
        if taken < cap:
            per_event[entry.event_id] = taken + 1
            out.append(entry)
            if len(out) >= limit:
                return False
    return True


def _apart(a: Features, b: Features) -> bool:
    """Whether two reports name places that rule out a link by time alone: both name a town or
    district and share none (had they shared one, the place index would have found the pair),
    or both are in known governorates (named, else implied by their leads' villages: a village
    in Idlib and one in Deir ez-Zor) and share none."""
    areas_a, areas_b = a.specific | a.districts, b.specific | b.districts
    if (
        areas_a
        and areas_b
        and areas_a.isdisjoint(areas_b)
        # a report naming only the district and a village in it can be one strike (two
        # villages of the district are still two places, whichever names the district too)
        and (a.specific or a.districts.isdisjoint(b.implied_districts))
        and (b.specific or b.districts.isdisjoint(a.implied_districts))
    ):
        return True
    gov_a, gov_b = scorer.governorates_of(a), scorer.governorates_of(b)
    return bool(gov_a and gov_b and gov_a.isdisjoint(gov_b) and a.specific.isdisjoint(b.specific))


def _apart_event(a: Features, event: _Event) -> bool:
    """`_apart` against the union of an event's reports in the window: its latest report may
    name no place while an earlier one named the town."""
    return scorer.area_conflict(a, event) or scorer.governorate_conflict(a, event)


def _placeless_bridge(why: dict[str, Any]) -> bool:
    """Whether an event's best pair (`{"_pair": (post, signals, score)}`) shares no town
    and no district: its evidence is wording, attack and time, not place."""
    pair = why.get("_pair")
    return pair is not None and "place" not in pair[1] and "district" not in pair[1]


def _seat_only(a: Features, why: dict[str, Any]) -> bool:
    """Whether an event's best pair shares places and they are all seat towns (Gazetteer.seats):
    a report of a strike "in Deir ez-Zor" and one of another strike there, or in its
    countryside, share the name and nothing finer; on a busy day that is little evidence."""
    pair = why.get("_pair")
    if pair is None or "place" not in pair[1]:
        return False
    return a.specific.intersection(pair[0].specific) <= a.seats


def _days_conflict(a: Features, b: Features, veto_days: int, stamp_days: int) -> bool:
    """Both name the strike's day (date or weekday) and the days are too far apart to be one."""
    if scorer.days_conflict(a, b, veto_days, stamp_days):
        return True
    return scorer.weekdays_conflict(a, b, veto_days)


def _post_time(post: Post, now: float) -> float:
    """When the post says it was published, but never later than when it was fetched (plus
    clock slack): a page with its time zone missing must not carry the window hours ahead."""
    if post.published_at is None:
        return max(now, 0.0)
    ts = post.published_at.timestamp()
    if post.fetched_at is not None:
        ts = min(ts, post.fetched_at.timestamp() + FUTURE_SLACK_SECONDS)
    return ts


def _by_weight(vector: dict[str, float], words: list[str]) -> list[str]:
    """The vector's words heaviest first, ties by word, from `words`: the same words sorted.
    A stable sort by weight alone then gives the order of the key (-weight, word) without a
    Python key function or a string comparison (the words' text is mostly out of cache)."""
    ranked = list(words)
    ranked.sort(key=vector.__getitem__, reverse=True)  # reverse keeps ties in word order
    return ranked


def _top(counts: Counter[str], k: int) -> list[str]:
    """The k most counted keys, ties by name: independent of the order they were counted in."""
    # A join reads the profile of events with hundreds of places: the k-th highest count is
    # the bar (a C-level sort of ints), and only the keys at or above it are ranked.
    items = counts.items()
    if len(counts) > k:
        bar = sorted(counts.values(), reverse=True)[k - 1]
        items = compress(items, map(bar.__le__, counts.values()))  # type: ignore[assignment]
    return [key for key, _ in sorted(items, key=_count_then_name)[:k]]


def _count_then_name(item: tuple[str, int]) -> tuple[int, str]:
    return -item[1], item[0]
