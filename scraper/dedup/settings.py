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
    postings_cap: int = 64  # most recent posts kept per index key (place, rare word)
    max_candidates: int = 200  # posts scored per decision, most recent first
    rare_keys: int = 6  # a post is indexed under this many of its rarest words
    boilerplate_min_repeats: int = 3  # a line a source repeats this often is chrome

    # --- copy detection ----------------------------------------------------------------------
    copy_cosine: float = 0.90  # tf-idf cosine above which two texts are the same report
    copy_fuzz: float = 92.0  # or rapidfuzz token_set_ratio on the leads (short texts)
    copy_max_hours: float = 72.0

    # --- event linking score -----------------------------------------------------------------
    link_threshold: float = 0.55
    w_text: float = 1.0  # × tf-idf cosine of the two texts
    w_fuzz: float = 0.0  # × rapidfuzz token_set_ratio/100 of the leads
    w_place: float = 0.35  # a shared specific place (town, village, site)
    w_general_place: float = 0.05  # a shared governorate/district only
    w_place_conflict: float = 0.6  # both leads name specific places, none shared
    w_place_conflict_weak: float = 0.15  # both texts name specific places, none shared
    w_attack: float = 0.05
    w_attack_conflict: float = 0.10
    w_actor: float = 0.05
    w_actor_conflict: float = 0.10
    w_date: float = 0.15  # both name the same calendar day
    w_date_conflict: float = 0.35  # both name days, none shared
    w_casualty: float = 0.05  # killed counts agree (soft: tolls rise)
    w_casualty_conflict: float = 0.02
    w_time: float = 0.25  # × |Δt| / window: later reports need stronger evidence
    hard_gap_hours: float = 60.0  # never link posts further apart than this (non-copies)

    @property
    def window_seconds(self) -> float:
        return self.window_hours * 3600.0
