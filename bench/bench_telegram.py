"""Time ``parse_preview_page`` on a 20-message t.me/s page against its floor, lexbor's own parse.

The page is built at run time from the shared fixtures (never copied into the repo): the 12
messages of ``any2feed/full.html`` (a real 2023 page, header and pagination link kept) plus 8
``tchan-messages`` snippets that carry what full.html lacks (albums, reply, link previews,
forward, signature, edited flag, the inline SVG bubble tail every raw message has).

    .venv/bin/python bench/bench_telegram.py [--shared ../shared] [--repeat 25] [--number 100]

Prints µs per page and per message for the full parse, for the raw lexbor parse alone (the floor
no selectolax-based parser can beat) and for ``classify_channel_page``; the ratio says what our
own Python costs on top of the floor. Best of ``repeat`` runs of ``number`` calls each, so noise
from other processes inflates nothing but the spread, which is printed too.
"""

from __future__ import annotations

import argparse
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import selectolax  # noqa: E402
from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from scraper.extract.telegram import classify_channel_page, parse_preview_page  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"
URL = "https://t.me/s/topwar_official?before=71009"
FULL_PAGE = Path("fixtures/telegram/any2feed/full.html")
TCHAN_EXTRA = (
    "parse_photo_multiple",
    "parse_multimedia_message",
    "parse_text_reply_to_video",
    "parse_text_message_link_with_regular_preview",
    "parse_forwarded_text_message",
    "parse_signed_edited_text_message",
    "parse_video_single",
    "parse_message_weird_preview",
)
_WRAP_START = '<div class="tgme_widget_message_wrap'


def build_page(shared: Path) -> bytes:
    """full.html with 8 tchan messages inserted after its own 12, ids renumbered to follow."""
    fixtures = shared / "fixtures" / "telegram"
    page = (shared / FULL_PAGE).read_text(encoding="utf-8")
    end = page.rindex("</section>")
    extra: list[str] = []
    for offset, name in enumerate(TCHAN_EXTRA, start=1):
        snippet = (fixtures / "tchan-messages" / f"{name}.html").read_text(encoding="utf-8")
        # Same channel and increasing ids, as on a real page.
        snippet = re.sub(
            r'data-post="[^"/]+/\d+"', f'data-post="topwar_official/{71008 + offset}"', snippet
        )
        extra.append(snippet)
    return (page[:end] + "".join(extra) + page[end:]).encode("utf-8")


def best_of(
    cases: list[tuple[str, Callable[[], object]]], repeat: int, number: int
) -> dict[str, tuple[float, float]]:
    """Per case, (best, median) seconds per call over ``repeat`` runs of ``number`` calls. The
    cases take turns within each round, so a burst of load elsewhere hits them all alike."""
    runs: dict[str, list[float]] = {label: [] for label, _ in cases}
    for _ in range(repeat):
        for label, func in cases:
            start = time.perf_counter()
            for _ in range(number):
                func()
            runs[label].append((time.perf_counter() - start) / number)
    return {label: (min(r), statistics.median(r)) for label, r in runs.items()}


def report(name: str, body: bytes, expected: int, repeat: int, number: int) -> None:
    result = parse_preview_page(body, URL)
    n = len(result.posts)
    assert n == expected, f"{name}: expected {expected} posts, got {n} ({dict(result.skipped)})"
    cases: list[tuple[str, Callable[[], object]]] = [
        ("lexbor parse only (floor)", lambda: LexborHTMLParser(body)),
        ("parse_preview_page", lambda: parse_preview_page(body, URL)),
        ("classify_channel_page", lambda: classify_channel_page(body, URL, 200)),
    ]
    for _, func in cases:
        func()  # warm up
    print(f"{name}: {len(body) / 1024:.1f} KiB, {n} messages")
    timings: dict[str, float] = {}
    for label, (best, median) in best_of(cases, repeat, number).items():
        timings[label] = best
        print(
            f"  {label:<28} {best * 1e6:8.1f} µs/page ({median * 1e6:7.1f})"
            f"  {best * 1e6 / n:6.1f} µs/message"
        )
    floor = timings["lexbor parse only (floor)"]
    full = timings["parse_preview_page"]
    own = (full - floor) * 1e6
    print(
        f"  parse_preview_page / floor = {full / floor:.2f}x; "
        f"our own code: {own:.1f} µs/page, {own / n:.1f} µs/message"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--repeat", type=int, default=25)
    parser.add_argument("--number", type=int, default=100)
    args = parser.parse_args(argv)
    if not (args.shared / "fixtures" / "telegram").exists():
        print(f"no fixtures under {args.shared}: pass --shared PATH", file=sys.stderr)
        return 2

    print(
        f"python {platform.python_version()}, selectolax {selectolax.__version__}, "
        f"{platform.machine()}; best (median) of {args.repeat} x {args.number}"
    )
    pages = [
        ("20-message page (built)", build_page(args.shared), 20),
        ("full.html as captured", (args.shared / FULL_PAGE).read_bytes(), 12),
    ]
    for name, body, expected in pages:
        report(name, body, expected, args.repeat, args.number)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
