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
    max_chars: int = 1200  # only the lead of a long article is read: round-ups trail off
    lead_tokens: int = 60  # places named in the first tokens are "the" place of the report
    max_words: int = 64  # heaviest tf-idf words kept per post
    postings_cap: int = 48  # most recent posts kept per index key (place, rare word)
    max_candidates: int = 40  # posts scored per decision: most shared keys, then most recent
    max_per_event: int = 12  # of which at most this many from one event
    rare_keys: int = 6  # a post is indexed under this many of its rarest words
    boilerplate_min_repeats: int = 3  # a line a source repeats this often is chrome

    # --- copy detection ----------------------------------------------------------------------
    copy_cosine: float = 0.90  # tf-idf cosine above which two texts are the same report
    copy_fuzz: float = 92.0  # or rapidfuzz token_set_ratio on the leads (short texts)
    copy_max_hours: float = 72.0

    # --- event linking score (weights fitted on TUNE, see scorer.py) ----------------------
    link_threshold: float = 0.0  # a score of 0 is even odds of "same strike"
    w_bias: float = -0.59  # the prior: most candidate pairs are different strikes
    w_cosine: float = 3.26  # × tf-idf cosine of the two texts
    w_place: float = 1.36  # a shared specific place (town, village, site)
    w_lead_place: float = 1.01  # ... named in both leads
    w_place_conflict: float = -1.69  # both leads name specific places, none shared
    w_place_conflict_weak: float = -0.76  # both texts name specific places, none shared
    w_region: float = -0.13  # a shared governorate or district
    w_no_place: float = 0.5  # one of the two names no specific place
    w_attack: float = -0.13
    w_attack_conflict: float = -0.75
    w_actor: float = -0.03
    w_actor_conflict: float = -0.98
    w_date: float = 1.41  # both name the same calendar day
    w_date_conflict: float = 1.07  # both name days, none shared
    w_killed: float = 0.9  # killed counts agree (soft: tolls rise)
    w_killed_conflict: float = 0.25
    w_district: float = 1.85  # a shared district (finer than the governorate)
    w_weekday: float = 0.86  # both name the same weekday
    w_weekday_conflict: float = -1.41  # both name weekdays two or more days apart
    w_gap: float = -4.65  # × |Δt| / window: later reports need stronger evidence
    # --- the event model (fitted on TUNE decisions, see scorer.EVENT_SIGNALS) ---------------
    e_bias: float = -0.1
    e_top: float = 0.66  # × the best pair's score
    e_mean: float = 0.1  # × the mean pair score over the event's candidate posts
    e_positive: float = 0.34  # × the share of them above even odds
    e_margin: float = 0.21  # × how far the best pair beats every other event's (±5)
    e_rivals: float = -0.43  # × ln(1 + other events with a pair above even odds)
    e_ev_place: float = 0.01  # the post names a place a report of the event named
    e_ev_lead_place: float = 0.59  # ... in both leads
    e_ev_place_conflict: float = 0.46  # both leads name places, none in common
    e_ev_date: float = 0.58  # the post names a day a report of the event named
    e_ev_date_conflict: float = 0.02  # both name days, none in common
    e_ev_size: float = -0.19  # × ln(reports of the event in the window)
    # Both name the strike's day and the closest two differ by this many days: two strikes.
    # (One day apart is common within one strike: "yesterday" vs. the publication date.)
    date_veto_days: int = 2
    # Both leads name specific places, none shared: two strikes unless the texts are this alike.
    place_veto_cosine: float = 0.6
    hard_gap_hours: float = 60.0  # never link posts further apart than this (non-copies)

    @property
    def window_seconds(self) -> float:
        return self.window_hours * 3600.0
