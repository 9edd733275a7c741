"""Score strikefeed's article extractor against trafilatura on the zyte-dev benchmark.

Both extractors run in this process on the same pages, with the benchmark's own scoring (see the
dataset's README): 4-token shingle multisets, per-page precision/recall averaged over pages, F1 of
the averages, empty predictions counted. The 88 pages are split in two halves by a hash of their
id: heuristics are tuned on ``tune`` only, and ``report`` shows how that carries to unseen pages.

    .venv/bin/python bench/eval_articles.py [--dataset ../shared/datasets/zyte-dev]
        [--split tune|report|dev|all] [--repeat 5] [--no-trafilatura] [--worst N]

``dev`` is an alias of ``tune``; ``all`` prints tune, report and all.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scraper.extract.article import extract_article  # noqa: E402

DEFAULT_DATASET = ROOT.parent / "shared" / "datasets" / "zyte-dev"
_TOKEN = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(slots=True)
class PageScore:
    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.fp == 0 and self.fn == 0:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def score_page(truth: str, pred: str) -> PageScore:
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(0.0, 0.0, 0.0)
    return PageScore(tp / total, fp / total, fn / total)


@dataclass(slots=True)
class Summary:
    precision: float
    recall: float
    f1: float
    empty: int
    pages: int


def summarise(scores: list[PageScore], preds: list[str]) -> Summary:
    precisions = [s.precision for s in scores if s.tp + s.fp > 0]
    recalls = [s.recall for s in scores if s.tp + s.fn > 0]
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    empty = sum(1 for pred in preds if not shingles(pred))
    return Summary(p, r, f1, empty, len(scores))


def split_of(page_id: str) -> str:
    """Deterministic half: a hash of the id, so the split never depends on file order."""
    digest = hashlib.sha1(page_id.encode("ascii")).digest()
    return "tune" if digest[0] % 2 == 0 else "report"


def load(dataset: Path) -> list[tuple[str, str, str, bytes]]:
    truth = json.loads((dataset / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        path = dataset / "html" / f"{page_id}.html.gz"
        if not path.exists():
            continue
        body = gzip.decompress(path.read_bytes())
        pages.append((page_id, truth[page_id]["url"], truth[page_id]["articleBody"], body))
    return pages


def strikefeed_body(body: bytes, url: str) -> str:
    result = extract_article(body, url)
    return result.posts[0].text if result.posts and result.posts[0].kind == "article" else ""


def strikefeed_with_tweets(body: bytes, url: str) -> str:
    """Article text plus the text of the tweets it embeds (the benchmark counts those)."""
    result = extract_article(body, url)
    return "\n\n".join(p.text for p in result.posts if p.text)


def trafilatura_body(body: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(body, url=url) or ""


def run(
    runners: list[tuple[str, Callable[[bytes, str], str]]],
    pages: list[tuple[str, str, str, bytes]],
    repeat: int,
) -> dict[str, tuple[dict[str, str], float]]:
    """Predictions and ms/page for each extractor.

    ``repeat`` rounds; in each, every extractor makes one pass over all pages (so each runs
    with its own code and data warm, as in a worker doing only that). Each extractor keeps its
    fastest time on each page, and ms/page is the mean of those: the per-page minimum drops the
    moments in which other jobs on a shared machine took the core, which a whole-pass timing
    charges unevenly (a 0.1 s pass and a 1 s pass are not hit alike).
    """
    preds: dict[str, dict[str, str]] = {name: {} for name, _fn in runners}
    best: dict[str, dict[str, float]] = {name: {} for name, _fn in runners}
    clock = time.perf_counter
    for _ in range(max(1, repeat)):
        for name, fn in runners:
            fastest = best[name]
            for page_id, url, _truth, body in pages:
                start = clock()
                preds[name][page_id] = fn(body, url)
                took = clock() - start
                if took < fastest.get(page_id, float("inf")):
                    fastest[page_id] = took
    count = max(1, len(pages))
    return {name: (preds[name], sum(best[name].values()) * 1000 / count) for name in preds}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", type=Path, default=DEFAULT_DATASET)
    ap.add_argument("--split", choices=["tune", "dev", "report", "all"], default="all")
    ap.add_argument("--no-trafilatura", action="store_true")
    ap.add_argument(
        "--repeat", type=int, default=5, help="runs per page and extractor; the fastest is kept"
    )
    ap.add_argument("--worst", type=int, default=0, help="list the N worst pages (tune split)")
    args = ap.parse_args(argv)
    if not (args.dataset / "ground-truth.json").exists():
        print(f"no dataset at {args.dataset}", file=sys.stderr)
        return 2
    pages = load(args.dataset)
    wanted = {"dev": "tune"}.get(args.split, args.split)
    if wanted != "all":
        pages = [p for p in pages if split_of(p[0]) == wanted]
    # Warm both up so import and first-call costs do not land on the first page.
    extract_article(pages[0][3], pages[0][1])
    runners: list[tuple[str, Callable[[bytes, str], str]]] = [
        ("strikefeed", strikefeed_body),
        ("strikefeed+tweets", strikefeed_with_tweets),
    ]
    if not args.no_trafilatura:
        trafilatura_body(pages[0][3], pages[0][1])
        runners.append(("trafilatura", trafilatura_body))

    results = run(runners, pages, args.repeat)

    splits = ["tune", "report", "all"] if wanted == "all" else [wanted]
    print(
        f"{'extractor':<18} {'split':<7} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} "
        f"{'empty':>5} {'ms/page':>8}"
    )
    for name, (preds, ms) in results.items():
        for split in splits:
            chosen = [p for p in pages if split == "all" or split_of(p[0]) == split]
            scores = [score_page(truth, preds[pid]) for pid, _u, truth, _b in chosen]
            s = summarise(scores, [preds[p[0]] for p in chosen])
            print(
                f"{name:<18} {split:<7} {s.pages:>5} {s.precision:6.3f} {s.recall:6.3f} "
                f"{s.f1:6.3f} {s.empty:>5} {ms:8.2f}"
            )
    if "trafilatura" in results:
        ratio = results["trafilatura"][1] / max(1e-9, results["strikefeed"][1])
        print(
            f"speed: strikefeed is {ratio:.1f}x faster than trafilatura per page "
            "(strikefeed+tweets re-runs the same extraction)"
        )
    if args.worst:
        preds = results["strikefeed"][0]
        tune = [p for p in pages if split_of(p[0]) == "tune"]
        ranked = sorted(
            ((score_page(truth, preds[pid]), pid, url) for pid, url, truth, _b in tune),
            key=lambda x: min(x[0].precision, x[0].recall),
        )
        for page_score, pid, url in ranked[: args.worst]:
            print(f"  P={page_score.precision:.2f} R={page_score.recall:.2f} {pid[:10]} {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
