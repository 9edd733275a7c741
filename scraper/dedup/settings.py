"""Every threshold and weight of the dedup decision, with its default, in one frozen value.

The daemon maps the `[dedup]` TOML section onto these fields by name. The weights were set on the
TUNE half of airwars-dev (bench/eval_dedup.py) and checked on the REPORT half; docs/quality.md has
the figures.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DedupSettings:
    # --- window and memory -------------------------------------------------------------------
    window_hours: float = 72.0  # posts older than this (vs. the newest seen) leave the index
    max_window_posts: int = 100_000  # memory bound (~1.3 GB at 13 KiB each): oldest leave first
    max_chars: int = 1200  # only the lead of a long article is read: round-ups trail off
    lead_tokens: int = 60  # places named in the first tokens are "the" place of the report
    max_words: int = 64  # heaviest tf-idf words kept per post
    postings_cap: int = 48  # most recent posts kept per index key (place, rare word)
    max_candidates: int = 40  # posts scored per decision: most shared keys, then most recent
    max_per_event: int = 12  # of which at most this many from one event
    rare_keys: int = 6  # a post is indexed under this many of its rarest words
    time_candidate_hours: float = 36.0  # events reported this recently are candidates by time
    time_candidates: int = 3  # ... at most this many of them (the most recently reported)
    active_cap: int = 32  # events counted when telling a quiet day from a busy one
    boilerplate_min_repeats: int = 3  # a line a source repeats this often is chrome

    # --- copy detection ----------------------------------------------------------------------
    copy_cosine: float = 0.90  # tf-idf cosine above which two texts are the same report
    copy_fuzz: float = 92.0  # or rapidfuzz token_set_ratio of the leads at least this ...
    copy_fuzz_min_cosine: float = 0.5  # ... when the texts are at least this alike already
    copy_max_hours: float = 72.0

    # --- event linking score (weights fitted on TUNE, see scorer.py) ----------------------
    link_threshold: float = -0.125  # a score of 0 is even odds of "same strike"
    w_bias: float = -0.22  # the prior: most candidate pairs are different strikes
    w_cosine: float = 3.1  # × tf-idf cosine of the two texts
    w_place: float = 1.76  # a shared specific place (town, village, site)
    w_lead_place: float = 0.66  # ... named in both leads
    w_place_conflict: float = -0.3  # both leads name specific places, none shared
    w_place_conflict_weak: float = -1.28  # both texts name specific places, none shared
    w_region: float = -0.18  # a shared governorate or district
    w_no_place: float = 0.1  # one of the two names no specific place
    w_attack: float = -0.16
    w_attack_conflict: float = -0.68
    w_actor: float = 0.17
    w_actor_conflict: float = -0.87
    w_date: float = 2.38  # both name the same calendar day
    w_date_conflict: float = 1.06  # both name days, none shared
    w_killed: float = 0.59  # killed counts agree (soft: tolls rise)
    w_killed_conflict: float = 0.29
    w_district: float = 2.44  # a shared district (finer than the governorate)
    w_weekday: float = 1.54  # both name the same weekday
    w_place_day: float = -0.33  # a shared place and a shared day (date or weekday)
    w_place_gap: float = -0.12  # × the gap, when a place is shared
    w_no_place_cosine: float = 0.41  # × the cosine, when one names no place
    w_weekday_conflict: float = -2.1  # both name weekdays two or more days apart
    w_gap: float = -5.0  # × |Δt| / window: later reports need stronger evidence
    # --- the event model (fitted on TUNE decisions, see scorer.EVENT_SIGNALS) ---------------
    e_bias: float = 1.63
    e_top: float = 0.86  # × the best pair's score
    e_mean: float = 0.14  # × the mean pair score over the event's candidate posts
    e_positive: float = 0.27  # × the share of them above even odds
    e_margin: float = -0.05  # × how far the best pair beats every other event's (±5)
    e_rivals: float = -0.83  # × ln(1 + other events with a pair above even odds)
    e_ev_place: float = -0.2  # the post names a place a report of the event named
    e_ev_lead_place: float = 1.07  # ... in both leads
    e_ev_place_conflict: float = -0.11  # both leads name places, none in common
    e_ev_date: float = 0.97  # the post names a day a report of the event named
    e_ev_date_conflict: float = -0.05  # both name days, none in common
    e_ev_size: float = -0.11  # × ln(reports of the event in the window)
    # the post and the event's union profile name towns/districts (governorates), none shared
    e_ev_area_conflict: float = -0.5
    e_ev_governorate_conflict: float = -0.5
    e_busy: float = -0.78  # × ln(1 + other events reported in the last time_candidate_hours)
    e_lone: float = 0.79  # no other event was reported then
    # the best pair's shared places are all seat towns (Gazetteer.seats: "دير الزور", "دمشق")
    e_seat_only: float = -0.75
    # the post contradicts every report of the event on `contradictions_apart` of the strike's
    # day, its toll and its own village (scorer.contradictions): a second strike's first report
    e_contradicted: float = -2.0
    contradictions_apart: int = 2
    # Both name the strike's day and the closest two differ by this many days: two strikes.
    # (One day apart is common within one strike: "yesterday" vs. the publication date.)
    date_veto_days: int = 2
    # A publication stamp (Features.stamps) is when the report was posted, which may trail the
    # strike by days: it vetoes a pair only this many days or more from the other's days (a
    # captured page of another story, a date widget). A sweep on TUNE: 3 / 4 / 5 / 7.
    date_stamp_veto_days: int = 4
    # Both leads name specific places, none shared: two strikes unless the texts are this alike.
    place_veto_cosine: float = 0.6
    hard_gap_hours: float = 60.0  # never link posts further apart than this (non-copies)

    @property
    def window_seconds(self) -> float:
        return self.window_hours * 3600.0
