from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.dedup.offline import dedup_jsonl

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def write(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def test_output_in_input_order_linked_in_time_order(tmp_path: Path) -> None:
    src, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    text = "غارة للتحالف على حقل العمر النفطي شرق دير الزور"
    write(
        src,
        [
            {"id": "late", "text": text, "published_at": "2024-01-01T12:00:00Z"},
            {
                "id": "other",
                "text": "قصف تركي على قرية الدردارة",
                "published_at": "2024-01-01T11:00:00Z",
            },
            {"id": "early", "text": text, "published_at": "2024-01-01T10:00:00Z"},
        ],
    )
    seen: list[tuple[int, int]] = []
    counts = dedup_jsonl(src, out, progress=lambda done, total: seen.append((done, total)))
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["late", "other", "early"]
    assert rows[0]["event_id"] == rows[2]["event_id"] != rows[1]["event_id"]
    assert rows[2]["canonical"] is True and rows[0]["canonical"] is False
    assert counts == {"posts": 3, "events": 2}
    assert seen[-1] == (3, 3)


def test_missing_required_field(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    write(src, [{"id": "a", "text": "x"}])
    with pytest.raises(ValueError, match="published_at"):
        dedup_jsonl(src, tmp_path / "out.jsonl")


def test_dev_file_round_trip(tmp_path: Path) -> None:
    src = SHARED / "datasets" / "airwars-dev" / "posts-natural.jsonl"
    if not src.exists():
        pytest.skip(f"needs ../shared ({src} absent)")
    out = tmp_path / "out.jsonl"
    counts = dedup_jsonl(src, out)
    ids = [json.loads(line)["id"] for line in src.read_text("utf-8").splitlines()]
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ids
    assert 1 < counts["events"] < counts["posts"]
    assert sum(r["canonical"] for r in rows) == counts["events"]
