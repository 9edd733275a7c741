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
    max_chars: int = 2000  # only the lead of a long article is read: round-ups trail off
    lead_tokens: int = 60  # places named in the first tokens are "the" place of the report
    max_words: int = 64  # heaviest tf-idf words kept per post
    postings_cap: int = 48  # most recent posts kept per index key (place, rare word)
    max_candidates: int = 100  # posts scored per decision, most recent first
    rare_keys: int = 6  # a post is indexed under this many of its rarest words
    boilerplate_min_repeats: int = 3  # a line a source repeats this often is chrome

    # --- copy detection ----------------------------------------------------------------------
    copy_cosine: float = 0.90  # tf-idf cosine above which two texts are the same report
    copy_fuzz: float = 92.0  # or rapidfuzz token_set_ratio on the leads (short texts)
    copy_max_hours: float = 72.0

    # --- event linking score (weights fitted on TUNE, see scorer.py) ----------------------
    link_threshold: float = 0.0  # a score of 0 is even odds of "same strike"
    w_bias: float = -0.65  # the prior: most candidate pairs are different strikes
    w_cosine: float = 3.67  # × tf-idf cosine of the two texts
    w_place: float = 0.9  # a shared specific place (town, village, site)
    w_lead_place: float = 1.25  # ... named in both leads
    w_place_conflict: float = -1.67  # both leads name specific places, none shared
    w_place_conflict_weak: float = -0.58  # both texts name specific places, none shared
    w_region: float = 0.19  # a shared governorate or district
    w_no_place: float = 0.7  # one of the two names no specific place
    w_attack: float = 0.06
    w_attack_conflict: float = -0.8
    w_actor: float = 0.28
    w_actor_conflict: float = -0.86
    w_date: float = 1.48  # both name the same calendar day
    w_date_conflict: float = -1.12  # both name days, none shared
    w_killed: float = 0.98  # killed counts agree (soft: tolls rise)
    w_killed_conflict: float = -0.08
    w_gap: float = -4.85  # × |Δt| / window: later reports need stronger evidence
    event_mean_weight: float = 0.5  # event score = (1-m)·best pair + m·mean over its candidates
    # Both name the strike's day and the closest two differ by this many days: two strikes.
    # (One day apart is common within one strike: "yesterday" vs. the publication date.)
    date_veto_days: int = 2
    hard_gap_hours: float = 60.0  # never link posts further apart than this (non-copies)

    @property
    def window_seconds(self) -> float:
        return self.window_hours * 3600.0
