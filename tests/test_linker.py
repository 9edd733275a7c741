from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from scraper.dedup.linker import Decision, Linker, event_id_for
from scraper.dedup.settings import DedupSettings
from scraper.models import Post

T0 = datetime(2024, 3, 1, 8, 0, tzinfo=UTC)
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def post(pid: str, text: str, hours: float = 0.0, source: str = "src") -> Post:
    return Post(
        id=pid,
        source=source,
        kind="article",
        url="",
        text=text,
        published_at=T0 + timedelta(hours=hours),
    )


# (first report, second report, hours apart, same event?)
CASES = [
    (
        "مقتل 4 أطفال بقصف مدفعي لقوات النظام على قرية قسطون بريف حماة الغربي",
        "قصف مدفعي لقوات الأسد يقتل 4 أطفال أشقاء في قسطون غربي حماة",
        3.0,
        True,
    ),
    (
        "غارة جوية روسية على مدينة سرمين شرق إدلب تقتل 3 مدنيين",
        "Russian airstrike on Sarmin, east of Idlib, kills 3 civilians",
        5.0,
        True,
    ),
    (
        "غارة جوية روسية على مدينة سرمين شرق إدلب تقتل 3 مدنيين اليوم الخميس 8 أيلول",
        "غارة جوية روسية على مدينة سرمين شرق إدلب تقتل مدنيين اليوم السبت 10 أيلول",
        20.0,
        False,
    ),
    (
        "طائرة مسيرة تركية تستهدف سيارة في قرية تل جمعة بريف تل تمر",
        "طائرة مسيرة تركية تستهدف سيارة في قرية الدردارة بريف القامشلي",
        2.0,
        False,
    ),
    (
        "قصف مدفعي على بلدة كفرنوران غربي حلب وإصابة مدنيين",
        "قصف مدفعي على بلدة كفرنوران غربي حلب وإصابة مدنيين",
        100.0,
        False,
    ),
]


@pytest.mark.parametrize(("first", "second", "hours", "same"), CASES)
def test_pairs(first: str, second: str, hours: float, same: bool) -> None:
    linker = Linker()
    a = linker.link(post("a", first))
    b = linker.link(post("b", second, hours, source="other"))
    assert a.is_new
    assert (b.event_id == a.event_id) is same, b.reason
    assert b.is_new is not same


def test_exact_copy_links_with_reason() -> None:
    linker = Linker()
    text = "غارة للتحالف على حقل العمر النفطي شرق دير الزور"
    a = linker.link(post("a", text))
    b = linker.link(post("b", text + " https://t.co/x @agency 🔴", 1.0, source="other"))
    assert b.event_id == a.event_id
    assert b.reason["match"] == "copy"
    assert b.canonical_id == "a"
    assert "sy.omar" in b.places


def test_event_id_is_deterministic() -> None:
    decision = Linker().link(post("telegram:x/1", "قصف على الباب"))
    assert decision.event_id == event_id_for("telegram:x/1")
    assert decision.event_id.startswith("evt_") and len(decision.event_id) == 20


def test_redelivery_returns_the_same_decision() -> None:
    linker = Linker()
    first = linker.link(post("a", "غارة روسية على بلدة سرمين"))
    edited = post("a", "غارة روسية على بلدة سرمين (تحديث: 5 قتلى)")
    assert linker.link(edited) is first
    assert len(linker) == 1


def test_window_eviction_bounds_memory() -> None:
    settings = replace(DedupSettings(), window_hours=10)
    linker = Linker(settings)
    for i in range(50):
        linker.link(post(f"p{i}", f"قصف على قرية رقم{i} في ريف إدلب", hours=i))
    assert len(linker) <= 11
    # an evicted post is forgotten: a copy of it now starts a new event
    late = linker.link(post("late", "قصف على قرية رقم0 في ريف إدلب", hours=60))
    assert late.is_new


def decisions(posts: list[Post]) -> list[tuple[str, bool, float]]:
    linker = Linker()
    return [(d.event_id, d.is_new, round(d.score, 9)) for d in linker.replay(posts)]


def test_replay_makes_identical_decisions() -> None:
    posts = [post(f"p{i}", text, hours=i) for i, (text, *_rest) in enumerate(CASES)]
    posts += [post(f"q{i}", second, hours=i + 0.5) for i, (_, second, *_r) in enumerate(CASES)]
    assert decisions(posts) == decisions(posts)


def test_replay_on_dev_data_is_identical() -> None:
    path = SHARED / "datasets" / "airwars-dev" / "posts-busy10.jsonl"
    if not path.exists():
        pytest.skip(f"needs ../shared ({path} absent)")
    with path.open(encoding="utf-8") as fh:
        posts = [Post.from_json(line) for _, line in zip(range(400), fh, strict=False)]
    first = decisions(posts)
    assert first == decisions(posts)
    assert len({e for e, _, _ in first}) < len(posts)  # it does link something


def test_decision_shape() -> None:
    d = Linker().link(post("a", "قصف مدفعي تركي على قرية الدردارة"))
    assert isinstance(d, Decision)
    assert d.attack == "shelling"
    assert d.reason["match"] == "new"
