"""``strikefeed backfill``: page back through a Telegram channel's history with ``?before=``.

Follows each page's own "load older" link (never arithmetic on ids: gaps would make it loop),
stops at ``--since``, shows progress, and is resumable: the next ``before`` is committed to Redis
only after the page's posts are appended, so a restart continues where the last run stopped.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from scraper.config import Settings, SourceConfig
from scraper.daemon import make_dedup_worker, open_runtime
from scraper.extract.telegram import backfill_next, classify_channel_page, parse_preview_page
from scraper.outcomes import Failed, Fetched, RateLimited
from scraper.sources.runner import TELEGRAM_HEADERS
from scraper.sources.summary import RunSummary

log = logging.getLogger(__name__)

MAX_RATE_LIMIT_WAITS = 8
MAX_PAGES = 10_000


async def backfill_source(
    settings: Settings,
    source: SourceConfig,
    since_seconds: float,
    *,
    redis_url: str | None = None,
    console: Console | None = None,
) -> bool:
    """True when the history back to ``since`` is on the posts stream."""
    console = console or Console(stderr=True)
    if source.kind != "telegram" or not source.channel:
        console.print(
            f"[red]{source.name} is a {source.kind} source:[/red] backfill pages Telegram "
            "channels; feeds and listing pages only carry their latest items"
        )
        return False
    since = datetime.now(UTC) - timedelta(seconds=since_seconds)
    rt = await open_runtime(settings, redis_url=redis_url)
    lease = f"backfill:{source.name}"
    try:
        if not await rt.store.acquire_lease(lease, rt.owner, settings.daemon.lease_ms * 10):
            console.print(f"[yellow]another backfill of {source.name} is running[/yellow]")
            return False
        state_key = rt.store.keys.cursor(f"{source.name}:backfill")
        raw_state = await rt.store.client.get(state_key)
        before: str | None = None
        if raw_state:
            state = json.loads(raw_state)
            # Resume only a run that aimed at least as far back as this one.
            if state.get("since", "") <= since.isoformat() and state.get("before"):
                before = str(state["before"])
                console.print(f"resuming {source.name} from before={before}")
        summary = RunSummary(source.name)
        total = since_seconds
        ok = True
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%  {task.fields[posts]} posts  {task.fields[at]}"),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            task = progress.add_task(source.name, total=total, posts=0, at="")
            pages = 0
            waits = 0
            while pages < MAX_PAGES:
                url = rt.runner.telegram_url(source.channel, before)
                outcome = await rt.fetcher.fetch(url, headers=TELEGRAM_HEADERS, source=source.name)
                if isinstance(outcome, RateLimited):
                    waits += 1
                    if waits > MAX_RATE_LIMIT_WAITS:
                        console.print("[red]still rate limited; run again later to resume[/red]")
                        ok = False
                        break
                    delay = outcome.retry_after or min(300.0, 5.0 * 2**waits)
                    progress.update(task, at=f"rate limited, waiting {delay:.0f}s")
                    await asyncio.sleep(delay)
                    continue
                if isinstance(outcome, Failed):
                    console.print(f"[red]{url}: {outcome.reason}[/red] (run again to resume)")
                    ok = False
                    break
                assert isinstance(outcome, Fetched)
                waits = 0
                page = classify_channel_page(outcome.body, outcome.final_url, outcome.status)
                if page.kind in ("no_preview", "not_found"):
                    console.print(f"[red]{source.channel}: {page.reason}[/red]")
                    ok = False
                    break
                result = parse_preview_page(outcome.body, outcome.final_url, source=source.name)
                posts = [
                    p for p in result.posts if p.published_at is None or p.published_at >= since
                ]
                for post in posts:
                    post.lang = post.lang or source.lang
                await rt.runner.append(posts, summary)
                pages += 1
                next_before = backfill_next(result.meta, since, None, current=before)
                oldest = result.meta.get("oldest_published_at")
                if isinstance(oldest, datetime):
                    covered = (datetime.now(UTC) - oldest).total_seconds()
                    progress.update(
                        task, completed=min(total, covered), at=oldest.date().isoformat()
                    )
                progress.update(task, posts=summary.new + summary.versions)
                await rt.store.client.set(
                    state_key, json.dumps({"since": since.isoformat(), "before": next_before})
                )
                if next_before is None:
                    progress.update(task, completed=total)
                    break
                before = next_before
        console.print(
            f"{source.name}: {pages} pages, {summary.new} new posts, {summary.versions} edited"
        )
        processed = await make_dedup_worker(rt).drain(wait_seconds=0)
        if processed is None:
            console.print("dedup: a running daemon is the leader; it will publish these posts")
        else:
            console.print(f"dedup: {processed} posts processed")
        return ok
    finally:
        await rt.store.release_lease(lease, rt.owner)
        await rt.aclose()
