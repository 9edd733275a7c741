"""Dedup: decides, per post, whether it reports a new strike or a known one (DESIGN.md step 6).

Pure code, no Redis: `Linker.link(post) -> Decision` is what the dedup worker and the offline
`strikefeed dedup` command call.
"""

from __future__ import annotations

from scraper.dedup.linker import Decision, Linker
from scraper.dedup.settings import DedupSettings

__all__ = ["Decision", "DedupSettings", "Linker"]
