"""Event-linking quality on airwars-dev: pairwise and B-cubed P/R/F1 of the linker and baselines.

Scoring follows the dataset README exactly. Every method runs as greedy online clustering over the
posts in time order. Posts are split deterministically by their label cluster (sha1 of the first
incident id) into TUNE and REPORT halves; every method runs on the whole timeline (so the busy
timeline keeps its density) and each split is scored on its own posts only. Thresholds are tuned
on TUNE; REPORT is the figure to quote.

    .venv/bin/python bench/eval_dedup.py --data ../shared/datasets/airwars-dev [--split report]
    .venv/bin/python bench/eval_dedup.py --fit                 # logistic w_* then e_* on TUNE
    .venv/bin/python bench/eval_dedup.py --search 900 --set …  # then coordinate ascent on TUNE
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import fields, replace
from datetime import timedelta
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from scraper.dedup.gazetteer import Gazetteer, load_default, load_with_learned
from scraper.dedup.linker import Linker
from scraper.dedup.settings import DedupSettings
from scraper.models import Post

TIMELINES = ("posts-natural.jsonl", "posts-busy10.jsonl")
WINDOW = timedelta(hours=72)

Clusterer = Callable[[list[Post]], list[str]]


def load_posts(path: Path) -> list[Post]:
    with path.open(encoding="utf-8") as fh:
        return [Post.from_json(line) for line in fh if line.strip()]


def load_labels(path: Path) -> dict[str, frozenset[str]]:
    labels: dict[str, frozenset[str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            labels[row["id"]] = frozenset(row["incidents"])
    return labels


def split_of(incidents: frozenset[str]) -> str:
    """TUNE or REPORT, by a hash of the post's (first) incident: a strike never spans both."""
    key = min(incidents)
    return "tune" if hashlib.sha1(key.encode()).digest()[0] % 2 == 0 else "report"


def score(
    ids: list[str], predicted: list[str], labels: dict[str, frozenset[str]]
) -> dict[str, float]:
    """Pairwise and B-cubed precision/recall/F1 over the posts `ids` (README definitions)."""
    clusters: dict[str, list[str]] = defaultdict(list)
    for pid, cid in zip(ids, predicted, strict=True):
        clusters[cid].append(pid)
    by_incident: dict[str, set[str]] = defaultdict(set)
    for pid in ids:
        for inc in labels[pid]:
            by_incident[inc].add(pid)
    truth: dict[str, set[str]] = {}
    for pid in ids:
        true_set: set[str] = set()
        for inc in labels[pid]:
            true_set |= by_incident[inc]
        truth[pid] = true_set
    pred_pairs = true_pairs = hit_pairs = 0
    for pid in ids:
        true_pairs += len(truth[pid]) - 1
    true_pairs //= 2
    bp = br = 0.0
    for members in clusters.values():
        member_set = set(members)
        size = len(members)
        pred_pairs += size * (size - 1) // 2
        for pid in members:
            linked = len(truth[pid] & member_set)
            hit_pairs += linked - 1
            bp += linked / size
            br += linked / len(truth[pid])
    hit_pairs //= 2
    n = len(ids)

    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0

    pp = hit_pairs / pred_pairs if pred_pairs else 1.0
    pr = hit_pairs / true_pairs if true_pairs else 1.0
    bp, br = bp / n, br / n
    return {
        "b3_p": bp,
        "b3_r": br,
        "b3_f1": f1(bp, br),
        "pw_p": pp,
        "pw_r": pr,
        "pw_f1": f1(pp, pr),
    }


# --- baselines: greedy online clustering in time order ---------------------------------------


def every_alone(posts: list[Post]) -> list[str]:
    return [p.id for p in posts]


def time_only(posts: list[Post]) -> list[str]:
    """Join the cluster of the latest post within 72 h."""
    out: list[str] = []
    for i, post in enumerate(posts):
        prev = posts[i - 1] if i else None
        if prev is not None and _ts(post) - _ts(prev) <= WINDOW.total_seconds():
            out.append(out[-1])
        else:
            out.append(post.id)
    return out


def _ts(post: Post) -> float:
    assert post.published_at is not None
    return post.published_at.timestamp()


def _greedy(
    posts: list[Post],
    prepare: Callable[[Post], object],
    similarity: Callable[[object, object], float],
    threshold: float,
) -> list[str]:
    out: list[str] = []
    window: list[tuple[float, object, str]] = []
    for post in posts:
        ts = _ts(post)
        window = [w for w in window if ts - w[0] <= WINDOW.total_seconds()]
        rep = prepare(post)
        best, best_cluster = threshold, None
        for _, other, cluster in window:
            sim = similarity(rep, other)
            if sim >= best:
                best, best_cluster = sim, cluster
        cluster = best_cluster or post.id
        out.append(cluster)
        window.append((ts, rep, cluster))
    return out


def rapidfuzz_baseline(threshold: float) -> Clusterer:
    def run(posts: list[Post]) -> list[str]:
        return _greedy(
            posts,
            lambda p: default_process(p.text),
            lambda a, b: fuzz.token_set_ratio(a, b),  # type: ignore[call-overload]
            threshold,
        )

    return run


def minhash_baseline(threshold: float = 0.2) -> Clusterer:
    from datasketch import MinHash, MinHashLSH

    def run(posts: list[Post]) -> list[str]:
        lsh = MinHashLSH(threshold=threshold, num_perm=128)
        sigs: dict[str, tuple[MinHash, float, str]] = {}
        out: list[str] = []
        for post in posts:
            text = post.text.lower()
            mh = MinHash(num_perm=128)
            mh.update_batch([text[i : i + 5].encode() for i in range(max(1, len(text) - 4))])
            ts = _ts(post)
            best, cluster = threshold, post.id
            for key in lsh.query(mh):
                other, ots, ocl = sigs[key]
                if ts - ots > WINDOW.total_seconds():
                    continue
                sim = mh.jaccard(other)
                if sim >= best:
                    best, cluster = sim, ocl
            if post.id not in sigs:
                lsh.insert(post.id, mh)
                sigs[post.id] = (mh, ts, cluster)
            out.append(cluster)
        return out

    return run


# The gazetteer the linker runs with: the shipped one, or another learned-villages file
# (`--learned`, e.g. learned from the TUNE incidents only by bench/learn_places.py).
GAZETTEER: list[Gazetteer] = []


def linker_method(settings: DedupSettings) -> Clusterer:
    def run(posts: list[Post]) -> list[str]:
        linker = Linker(settings, GAZETTEER[0] if GAZETTEER else load_default())
        return [linker.link(p).event_id for p in posts]

    return run


def methods(settings: DedupSettings, quick: bool) -> dict[str, Clusterer]:
    found: dict[str, Clusterer] = {"linker": linker_method(settings)}
    if quick:
        return found
    found |= {
        "every post alone": every_alone,
        "time only 72h": time_only,
        "rapidfuzz token_set>=60 72h": rapidfuzz_baseline(60),
        "rapidfuzz token_set>=25 72h": rapidfuzz_baseline(25),
        "minhash char5 J>=0.2": minhash_baseline(0.2),
    }
    return found


def evaluate(
    data: Path, settings: DedupSettings, splits: Iterable[str], quick: bool = False
) -> dict[str, dict[str, dict[str, dict[str, float]]]]:
    """results[timeline][method][split] = metrics."""
    labels = load_labels(data / "labels.jsonl")
    results: dict[str, dict[str, dict[str, dict[str, float]]]] = {}
    for timeline in TIMELINES:
        posts = load_posts(data / timeline)
        posts.sort(key=_ts)  # stable: the file order breaks ties
        results[timeline] = {}
        for name, run in methods(settings, quick).items():
            started = time.perf_counter()
            predicted = run(posts)
            elapsed = time.perf_counter() - started
            per_split: dict[str, dict[str, float]] = {}
            for split in splits:
                chosen = [
                    (p.id, c)
                    for p, c in zip(posts, predicted, strict=True)
                    if split == "all" or split_of(labels[p.id]) == split
                ]
                per_split[split] = score([i for i, _ in chosen], [c for _, c in chosen], labels)
                per_split[split]["seconds"] = elapsed
            results[timeline][name] = per_split
    return results


def _logistic(rows: list[list[float]], ys: list[float], l2: float) -> list[float]:
    import numpy as np

    x, y = np.array(rows), np.array(ys)
    w = np.zeros(x.shape[1])
    for _ in range(3000):  # plain gradient descent: tiny problem, no extra dependency
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) / len(y) + l2 * w / len(y)
        w -= 1.0 * grad
    return [float(v) for v in w]


def fit(data: Path, settings: DedupSettings, l2: float = 1.0) -> dict[str, float]:
    """Two logistic regressions over TUNE posts (both timelines), each run of the linker with
    the weights fitted so far: "same strike" on the pair signals of the candidate pairs the
    index proposes (`w_*`), then "the event holds a report of the strike" on the event signals
    of each candidate event (`e_*`). Returns the suggested weights."""
    from scraper.dedup import scorer

    labels = load_labels(data / "labels.jsonl")
    pair_rows: list[tuple[str, str, dict[str, float]]] = []
    event_rows: list[tuple[str, str, dict[str, float]]] = []

    def run(current: DedupSettings) -> dict[str, list[str]]:
        members: dict[str, list[str]] = defaultdict(list)
        for timeline in TIMELINES:
            posts = sorted(load_posts(data / timeline), key=_ts)
            linker = Linker(current)
            linker.record = lambda a, b, sig: pair_rows.append((a, b, dict(sig)))
            linker.record_event = lambda a, e, sig: event_rows.append(
                (a, e, {**sig, "_members": list(members[e])})  # type: ignore[dict-item]
            )
            for post in posts:
                members[linker.link(post).event_id].append(post.id)
        return members

    run(settings)
    names = [*scorer.SIGNALS]
    rows, ys = [], []
    for a, b, sig in pair_rows:
        if split_of(labels[a]) == "tune" and split_of(labels[b]) == "tune":
            rows.append([sig.get(n, 0.0) for n in names])
            ys.append(1.0 if labels[a] & labels[b] else 0.0)
    print(f"pairs: {len(ys)} TUNE candidate pairs, {int(sum(ys))} positive", file=sys.stderr)
    weights = {f"w_{n}": round(v, 2) for n, v in zip(names, _logistic(rows, ys, l2), strict=True)}
    event_rows.clear()
    run(replace(settings, **weights))  # type: ignore[arg-type]
    names = [*scorer.EVENT_SIGNALS]
    rows, ys = [], []
    for a, _e, sig in event_rows:
        if split_of(labels[a]) != "tune":
            continue
        members = sig["_members"]  # type: ignore[assignment]
        rows.append([sig.get(n, 0.0) for n in names])
        ys.append(1.0 if any(labels[a] & labels[m] for m in members) else 0.0)  # type: ignore[attr-defined]
    print(f"events: {len(ys)} TUNE candidate events, {int(sum(ys))} positive", file=sys.stderr)
    weights |= {f"e_{n}": round(v, 2) for n, v in zip(names, _logistic(rows, ys, l2), strict=True)}
    return weights


# What --search moves: the weights that matter most and the threshold (the rest stay as fitted).
SEARCHED = (
    "link_threshold",
    "w_cosine",
    "w_place",
    "w_lead_place",
    "w_place_conflict",
    "w_date",
    "w_weekday_conflict",
    "w_district",
    "w_gap",
    "w_bias",
    "w_no_place",
    "w_killed",
    "w_attack_conflict",
    "w_actor_conflict",
    "e_top",
    "e_mean",
    "e_positive",
    "e_margin",
    "e_rivals",
    "e_ev_lead_place",
    "e_ev_date",
    "e_ev_size",
    "e_bias",
    "w_place_day",
    "w_no_place_cosine",
    "e_busy",
    "e_lone",
    "e_ev_area_conflict",
    "e_ev_governorate_conflict",
    "e_seat_only",
)


def _tune_objective(args: tuple[Path, dict[str, object]]) -> tuple[float, list[float]]:
    """Mean of B-cubed and pairwise F1 on TUNE posts, both timelines."""
    data, overrides = args
    settings = replace(DedupSettings(), **overrides)  # type: ignore[arg-type]
    results = evaluate(data, settings, ("tune",), quick=True)
    ms = [results[t]["linker"]["tune"] for t in TIMELINES]
    return sum(m["b3_f1"] + m["pw_f1"] for m in ms) / 4, [
        m[k] for m in ms for k in ("b3_f1", "pw_f1")
    ]


def search(data: Path, start: dict[str, object], seconds: float) -> dict[str, object]:
    """Coordinate ascent of the TUNE clustering F1 over SEARCHED, from `start` (the fitted
    weights): each setting ± a step, kept if better; the step halves when a round gains
    nothing. The fit optimises pairs and candidate events one at a time; this optimises the
    greedy clustering itself. Two processes."""
    from multiprocessing import Pool

    deadline = time.monotonic() + seconds
    best_overrides = dict(start)
    defaults = DedupSettings()
    with Pool(2) as pool:
        best, detail = _tune_objective((data, best_overrides))
        print(f"start {best:.4f} {[round(x, 3) for x in detail]}", file=sys.stderr)
        step = 0.5
        while step >= 0.1 and time.monotonic() < deadline:
            improved = False
            for name in SEARCHED:
                if time.monotonic() > deadline:
                    break
                current = float(best_overrides.get(name, getattr(defaults, name)))  # type: ignore[arg-type]
                tries = [round(current + step, 3), round(current - step, 3)]
                scores = pool.map(
                    _tune_objective, [(data, {**best_overrides, name: v}) for v in tries]
                )
                for value, (score_, detail_) in zip(tries, scores, strict=True):
                    if score_ > best + 1e-4:
                        best, detail, best_overrides = (
                            score_,
                            detail_,
                            {**best_overrides, name: value},
                        )
                        improved = True
                        print(f"{name}={value} -> {best:.4f}", file=sys.stderr)
            if not improved:
                step /= 2
    return best_overrides


def parse_overrides(pairs: list[str]) -> dict[str, object]:
    known = {f.name: f.type for f in fields(DedupSettings)}
    out: dict[str, object] = {}
    for pair in pairs:
        key, _, raw = pair.partition("=")
        if key not in known:
            raise SystemExit(f"unknown setting {key!r}")
        out[key] = json.loads(raw)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/datasets/airwars-dev"))
    parser.add_argument("--split", choices=("tune", "report", "all", "both"), default="both")
    parser.add_argument("--quick", action="store_true", help="linker only, no baselines")
    parser.add_argument("--set", action="append", default=[], help="override: name=json")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--fit", action="store_true", help="fit w_*, e_* on TUNE and print")
    parser.add_argument(
        "--search", type=float, metavar="SECONDS", help="coordinate-ascent the TUNE F1 and print"
    )
    parser.add_argument(
        "--learned",
        type=Path,
        metavar="TSV",
        help="learned villages to use instead of places_learned.tsv (bench/learn_places.py)",
    )
    args = parser.parse_args(argv)
    if not (args.data / "labels.jsonl").exists():
        print(f"no dataset at {args.data}", file=sys.stderr)
        return 2
    if args.learned:
        GAZETTEER[:] = [load_with_learned(args.learned.read_text(encoding="utf-8"))]
    settings = replace(DedupSettings(), **parse_overrides(args.set))  # type: ignore[arg-type]
    if args.fit:
        print(json.dumps(fit(args.data, settings), indent=1))
        return 0
    if args.search:
        start = parse_overrides(args.set)
        print(json.dumps(search(args.data, start, args.search), indent=1))
        return 0
    splits = ("tune", "report") if args.split == "both" else (args.split,)
    results = evaluate(args.data, settings, splits, quick=args.quick)
    if args.json:
        print(json.dumps(results, indent=1))
        return 0
    for timeline, by_method in results.items():
        print(f"\n## {timeline}")
        print("| method | split | B3 P | B3 R | B3 F1 | pair P | pair R | pair F1 | s |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for name, per_split in by_method.items():
            for split, m in per_split.items():
                print(
                    f"| {name} | {split} | {m['b3_p']:.3f} | {m['b3_r']:.3f} | "
                    f"**{m['b3_f1']:.3f}** | {m['pw_p']:.3f} | {m['pw_r']:.3f} | "
                    f"**{m['pw_f1']:.3f}** | {m['seconds']:.1f} |"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
