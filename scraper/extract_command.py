"""``strikefeed extract``: run one extractor over a file or a URL and print posts as JSON lines."""

from __future__ import annotations

import sys
from pathlib import Path

from scraper.config import Settings
from scraper.extract import ExtractResult
from scraper.outcomes import Fetched


def extract_bytes(
    body: bytes, url: str, kind: str, *, source: str, content_type: str | None = None
) -> ExtractResult:
    if kind == "feed":
        from scraper.extract.feed import extract_feed

        return extract_feed(body, url, source=source)
    if kind == "telegram":
        from scraper.extract.telegram import parse_preview_page

        return parse_preview_page(body, url, source=source)
    from scraper.extract.article import extract_article

    return extract_article(body, url, source=source, content_type=content_type)


async def extract_target(
    settings: Settings, target: str, kind: str, page_url: str | None, source: str
) -> int:
    """0 when posts came out, 1 when none did (reasons on stderr)."""
    content_type: str | None = None
    if target.startswith(("http://", "https://")):
        from scraper.http import HttpFetcher

        async with HttpFetcher(settings.http) as fetcher:
            outcome = await fetcher.fetch(target, source=source)
        if not isinstance(outcome, Fetched):
            print(f"fetch failed: {getattr(outcome, 'reason', outcome)}", file=sys.stderr)
            return 1
        body, url, content_type = outcome.body, page_url or outcome.final_url, outcome.content_type
    else:
        path = Path(target)
        try:
            body = path.read_bytes()
        except OSError as exc:
            print(f"cannot read {target}: {exc.strerror}", file=sys.stderr)
            return 2
        url = page_url or path.resolve().as_uri()
    result = extract_bytes(body, url, kind, source=source, content_type=content_type)
    for post in result.posts:
        sys.stdout.write(post.to_json() + "\n")
    for reason, count in result.skipped.items():
        print(f"skipped {count}: {reason}", file=sys.stderr)
    return 0 if result.posts else 1
