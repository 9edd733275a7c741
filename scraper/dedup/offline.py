"""Offline dedup (`strikefeed dedup INPUT.jsonl -o OUTPUT.jsonl`, DESIGN.md contract).

Streams Post JSON lines through the same Linker the daemon uses, in time order, and writes one
line per input, in input order: {"id", "event_id", "canonical"}. Only the sort keys and ids are
held for the whole file; posts are decoded again on the second pass, so memory stays near the
linker's window rather than the file's size.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from scraper.dedup.linker import Linker
from scraper.dedup.settings import DedupSettings
from scraper.models import Post, parse_iso

Progress = Callable[[int, int], None]  # (posts done, posts total)


def _scan(path: Path) -> list[tuple[float, int, int]]:
    """(publish time, input line number, byte offset) of every post line."""
    order: list[tuple[float, int, int]] = []
    with path.open("rb") as fh:
        offset = 0
        lineno = 0
        for raw in fh:
            if raw.strip():
                data = json.loads(raw)
                if not data.get("id") or "text" not in data or not data.get("published_at"):
                    raise ValueError(f"{path}:{lineno + 1}: id, text and published_at are required")
                published = parse_iso(data["published_at"])
                assert published is not None
                order.append((published.timestamp(), lineno, offset))
                lineno += 1
            offset += len(raw)
    return order


def dedup_jsonl(
    input_path: str | Path,
    output_path: str | Path,
    settings: DedupSettings | None = None,
    progress: Progress | None = None,
    linker: Linker | None = None,
) -> dict[str, int]:
    """Link every post of `input_path`; write the contract lines to `output_path`.

    Returns counts: posts, events. Ties in time keep input order, so runs are reproducible.
    """
    src = Path(input_path)
    order = _scan(src)
    order.sort()
    linker = linker or Linker(settings or DedupSettings())
    results: list[tuple[str, str, bool] | None] = [None] * len(order)
    events: set[str] = set()
    with src.open("rb") as fh:
        for done, (_, lineno, offset) in enumerate(order, 1):
            fh.seek(offset)
            post = Post.from_json(fh.readline())
            decision = linker.link(post)
            events.add(decision.event_id)
            results[lineno] = (post.id, decision.event_id, decision.canonical_id == post.id)
            if progress is not None and (done % 1000 == 0 or done == len(order)):
                progress(done, len(order))
    with Path(output_path).open("w", encoding="utf-8") as out:
        for row in results:
            assert row is not None
            pid, eid, canonical = row
            out.write(
                json.dumps({"id": pid, "event_id": eid, "canonical": canonical}, ensure_ascii=False)
                + "\n"
            )
    return {"posts": len(order), "events": len(events)}
