"""Event linker speed: stream synthetic-but-realistic posts through a 72 h window.

Posts are built from the airwars-dev texts: each synthetic strike takes a random place from the
gazetteer and a time; each of its 1–8 reports takes a random dev text, has that text's place
names replaced by the strike's place, and trails the strike by 0–36 h. Only `Linker.link` is
timed. A greedy rapidfuzz token_set peer (the README baseline) runs on a prefix for the ratio.
Once the first window is in (what the dedup worker's replay builds at start), the bench calls
`gc.freeze()` as a daemon would after its replay, so the cyclic GC stops rescanning the window's
millions of objects; `--no-gc-freeze` measures without it.

    .venv/bin/python bench/bench_linker.py [--n 1000000] [--per-day 20000] [--data DIR]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from scraper.dedup import linker as linker_module
from scraper.dedup.gazetteer import load_default
from scraper.dedup.linker import Linker
from scraper.dedup.normalize import normalize, tokens
from scraper.dedup.settings import DedupSettings
from scraper.models import Post

START = datetime(2024, 1, 1, tzinfo=UTC)


def rss_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def load_templates(data: Path, limit_chars: int = 3000) -> list[tuple[str, list[str]]]:
    """(normalised text, its place names) of every dev post."""
    gaz = load_default()
    out: list[tuple[str, list[str]]] = []
    with (data / "posts-natural.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            text = normalize(json.loads(line)["text"][:limit_chars])
            toks = tokens(text)
            names = sorted({toks[m.start] for m in gaz.find(toks) if m.place.level >= 3})
            out.append((text, names))
    return out


def place_pool() -> list[str]:
    gaz = load_default()
    return sorted({p.name for p in gaz.places.values() if p.level >= 3})


def synthetic(
    n: int, per_day: float, templates: list[tuple[str, list[str]]], seed: int = 7
) -> Iterator[Post]:
    """Posts in time order (a small heap of pending reports keeps the stream sorted)."""
    rng = random.Random(seed)
    places = place_pool()
    strikes_per_day = per_day / 4.5  # 4.5 reports per strike on average
    pending: list[tuple[float, int, Post]] = []
    import heapq

    clock = 0.0
    made = 0
    serial = 0
    while made < n:
        clock += rng.expovariate(strikes_per_day / 86400.0)
        place = rng.choice(places)
        for _ in range(rng.randint(1, 8)):
            text, names = rng.choice(templates)
            for name in names[:3]:
                text = text.replace(name, place)
            if not names:
                text = f"{place}\n{text}"
            at = clock + rng.uniform(0, 36 * 3600)
            serial += 1
            post = Post(
                id=f"synthetic:{serial}",
                source=f"src{rng.randint(0, 400)}",
                kind="article",
                url="",
                text=text,
                published_at=START + timedelta(seconds=at),
            )
            heapq.heappush(pending, (at, serial, post))
        # everything older than 36 h before the clock can no longer be preceded by a new post
        while pending and pending[0][0] <= clock and made < n:
            yield heapq.heappop(pending)[2]
            made += 1
    while pending and made < n:
        yield heapq.heappop(pending)[2]
        made += 1


def rapidfuzz_peer(posts: list[Post], threshold: float = 60.0) -> float:
    """posts/s of greedy token_set_ratio clustering over a 72 h window (the README baseline)."""
    window: list[tuple[float, str]] = []
    started = time.perf_counter()
    for post in posts:
        assert post.published_at is not None
        ts = post.published_at.timestamp()
        window = [w for w in window if ts - w[0] <= 72 * 3600]
        text = default_process(post.text)
        process.extractOne(
            text, [w[1] for w in window], scorer=fuzz.token_set_ratio, score_cutoff=threshold
        )
        window.append((ts, text))
    return len(posts) / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--per-day", type=float, default=20_000.0)
    parser.add_argument(
        "--peer", type=int, default=3000, help="posts for the rapidfuzz peer (0: no peer)"
    )
    parser.add_argument("--data", type=Path, default=Path("../shared/datasets/airwars-dev"))
    parser.add_argument(
        "--no-gc-freeze",
        dest="gc_freeze",
        action="store_false",
        help="do not gc.freeze() after the first window (the daemon does, after its replay)",
    )
    args = parser.parse_args(argv)
    if not (args.data / "posts-natural.jsonl").exists():
        print(f"no dataset at {args.data}")
        return 2
    templates = load_templates(args.data)
    linker = Linker(DedupSettings(window_hours=72))
    base_rss = rss_bytes()
    latencies = np.empty(args.n, dtype=np.float64)
    cpu_latencies = np.empty(args.n, dtype=np.float64)
    peer_posts: list[Post] = []
    new_events = 0
    peak_window = 0
    rss_at_peak = base_rss
    freeze_at = int(args.per_day * 3) if args.gc_freeze else -1  # one 72 h window of posts
    clock = time.perf_counter
    # CPU time of this thread as well: on a shared machine the wall-clock latencies include the
    # time other jobs held the core, which CPU time does not
    cpu = time.thread_time
    wall = clock()
    for i, post in enumerate(synthetic(args.n, args.per_day, templates)):
        if i == freeze_at:
            gc.collect()
            gc.freeze()
        if i < args.peer:
            peer_posts.append(post)
        started, cpu_started = clock(), cpu()
        decision = linker.link(post)
        latencies[i] = clock() - started
        cpu_latencies[i] = cpu() - cpu_started
        new_events += decision.is_new
        if i % 1000 == 0 and len(linker) > peak_window:
            peak_window, rss_at_peak = len(linker), rss_bytes()
        if i % 100_000 == 99_999:
            done = latencies[: i + 1].sum()
            print(f"  {i + 1:,} posts, {(i + 1) / done:,.0f} posts/s so far", flush=True)
    wall = clock() - wall
    cpu_total = float(cpu_latencies.sum())
    linked = latencies.sum()
    ours = args.n / linked
    print(f"posts: {args.n:,}  events: {new_events:,}  window: 72 h at {args.per_day:,.0f}/day")
    # mypyc's build (STRIKEFEED_MYPYC=1, setup.py) or the .py files: the figures differ by ~1.3×
    build = "compiled (mypyc)" if linker_module.__file__.endswith(".so") else "pure Python"
    print(f"linker build: {build} ({linker_module.__file__})")
    frozen = f"after post {freeze_at:,}" if 0 <= freeze_at < args.n else "no"
    print(f"gc.freeze(): {frozen}; gen-2 collections: {gc.get_stats()[2]['collections']}")
    print(
        f"linker: {ours:,.0f} posts/s (link() time only); "
        f"{args.n / wall:,.0f} posts/s with generation; {args.n / cpu_total:,.0f} posts/s "
        "by thread CPU time"
    )
    p50, p99, pmax = np.percentile(latencies, [50, 99, 100]) * 1000
    print(f"latency: p50 {p50:.3f} ms  p99 {p99:.3f} ms  max {pmax:.1f} ms")
    c50, c99, cmax = np.percentile(cpu_latencies, [50, 99, 100]) * 1000
    print(f"latency by thread CPU time: p50 {c50:.3f} ms  p99 {c99:.3f} ms  max {cmax:.1f} ms")
    per_post = (rss_at_peak - base_rss) / max(peak_window, 1)
    print(
        f"memory: {peak_window:,} posts in window, ~{per_post / 1024:.1f} KiB per post (RSS delta)"
    )
    if not peer_posts:
        print("rapidfuzz token_set peer: not run (--peer 0)")
        return 0
    peer = rapidfuzz_peer(peer_posts)
    ours_prefix = len(peer_posts) / latencies[: len(peer_posts)].sum()
    print(
        f"rapidfuzz token_set peer on the first {len(peer_posts):,} posts: {peer:,.0f} posts/s; "
        f"linker on the same posts {ours_prefix:,.0f} posts/s (×{ours_prefix / peer:.1f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
