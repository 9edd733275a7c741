"""``strikefeed sources --check``: fetch each source once, extract, report; publishes nothing."""

from __future__ import annotations

from scraper.config import Settings, SourceConfig
from scraper.extract_command import extract_bytes
from scraper.http import HttpFetcher
from scraper.outcomes import Fetched
from scraper.sources.runner import TELEGRAM_HEADERS, telegram_preview_url


def _target(settings: Settings, source: SourceConfig) -> tuple[str, str]:
    if source.kind == "telegram":
        return telegram_preview_url(settings.telegram.base_url, source.channel or ""), "telegram"
    kind = "feed" if source.kind == "feed" else "article"
    return source.url or "", kind


async def check_sources(settings: Settings) -> list[tuple[str, bool, str]]:
    results: list[tuple[str, bool, str]] = []
    async with HttpFetcher(settings.http) as fetcher:
        for source in settings.sources:
            url, kind = _target(settings, source)
            headers = TELEGRAM_HEADERS if source.kind == "telegram" else None
            outcome = await fetcher.fetch(url, headers=headers, source=source.name)
            if not isinstance(outcome, Fetched):
                results.append((source.name, False, getattr(outcome, "reason", "not modified")))
                continue
            if source.kind == "telegram":
                from scraper.extract.telegram import classify_channel_page

                state, reason = classify_channel_page(
                    outcome.body, outcome.final_url, outcome.status
                )
                if state in ("no_preview", "not_found"):
                    results.append((source.name, False, f"{state}: {reason}"))
                    continue
            if source.kind == "page":
                from scraper.extract.article import extract_listing

                listing = extract_listing(
                    outcome.body, outcome.final_url, selector=source.selectors.get("links")
                )
                ok = bool(listing.links)
                results.append((source.name, ok, f"{len(listing.links)} article links"))
                continue
            result = extract_bytes(outcome.body, outcome.final_url, kind, source=source.name)
            skipped = ", ".join(f"{r} ×{n}" for r, n in result.skipped.items())
            detail = f"HTTP {outcome.status}, {len(result.posts)} posts" + (
                f", skipped: {skipped}" if skipped else ""
            )
            results.append((source.name, bool(result.posts), detail))
    return results
