"""The ``strikefeed`` command line (DESIGN.md contract): run, once, sources, tail, backfill,
extract, dedup. click parses, rich draws tables and progress on stderr; stdout carries data.

Exit codes: 0 success, 1 some work failed (a source, a page), 2 usage or configuration error,
3 Redis unavailable, 130 interrupted.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from pathlib import Path
from typing import Any

import click
from redis.exceptions import RedisError
from rich.console import Console
from rich.table import Table

from scraper import __version__
from scraper.config import Settings, load_settings, redact_url
from scraper.constants import DEFAULT_CONFIG_PATH
from scraper.errors import ConfigError, EmbeddedRedisError, StoreError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_CONFIG = 2
EXIT_REDIS = 3
EXIT_INTERRUPTED = 130

err = Console(stderr=True, soft_wrap=True)
log = logging.getLogger("strikefeed")


def _setup_logging(verbose: int) -> None:
    level = logging.DEBUG if verbose > 1 else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("httpx", "httpcore", "apscheduler.executors.default"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _config_path(path: str | None) -> str | None:
    if path:
        return path
    return DEFAULT_CONFIG_PATH if Path(DEFAULT_CONFIG_PATH).exists() else None


def _load(path: str | None) -> Settings:
    try:
        return load_settings(_config_path(path))
    except ConfigError as exc:
        for key, reason, line in exc.problems:
            where = f"{exc.file}:{line}" if line else exc.file
            err.print(
                f"[red]config error[/red] {where}: [bold]{key}[/bold]: {reason}",
                markup=True,
                highlight=False,
            )
        raise SystemExit(EXIT_CONFIG) from None


def _run_async(coro: Any) -> Any:
    try:
        return asyncio.run(coro)
    except KeyboardInterrupt:
        raise SystemExit(EXIT_INTERRUPTED) from None
    except EmbeddedRedisError as exc:
        err.print(f"[red]embedded redis:[/red] {exc}")
        raise SystemExit(EXIT_REDIS) from None
    except (StoreError, RedisError, ConnectionError) as exc:
        err.print(f"[red]redis unavailable:[/red] {exc}")
        raise SystemExit(EXIT_REDIS) from None


config_option = click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), help="TOML config file."
)
redis_option = click.option("--redis-url", help="Redis URL; overrides [redis] url.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="strikefeed")
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """strikefeed: one clean item per military strike, from outlets, Telegram and tweets."""
    _setup_logging(verbose)


@cli.command()
@config_option
@redis_option
def run(config_path: str | None, redis_url: str | None) -> None:
    """Run the daemon: poll every source, dedup, publish to Redis streams.

    With no Redis URL anywhere, starts a private redis-server under the data directory.
    """
    from scraper.daemon import Daemon

    if logging.getLogger().level > logging.INFO:
        logging.getLogger().setLevel(logging.INFO)
    settings = _load(config_path)
    _run_async(Daemon(settings, redis_url=redis_url).run())


@cli.command()
@config_option
@redis_option
@click.option("--source", "source_name", help="Run only this source.")
def once(config_path: str | None, redis_url: str | None, source_name: str | None) -> None:
    """Run every enabled source (or one) once, dedup, publish, print a summary."""
    from scraper.daemon import run_once

    settings = _load(config_path)
    if source_name:
        try:
            settings.source(source_name)
        except KeyError:
            err.print(f"[red]no source named {source_name!r}[/red]")
            raise SystemExit(EXIT_CONFIG) from None
    with err.status("starting") as status:
        result = _run_async(
            run_once(
                settings,
                redis_url=redis_url,
                source_name=source_name,
                progress=lambda name: status.update(f"fetching {name}"),
            )
        )
    table = Table(title="strikefeed once")
    for column in ("source", "status", "fetched", "new", "versions", "errors"):
        table.add_column(column)
    failed = False
    for summary in result.summaries:
        failed |= summary.status in ("failed", "rate-limited", "timeout")
        reasons = "; ".join(f"{r} ×{n}" for r, n in summary.errors.most_common(3))
        table.add_row(
            summary.source,
            summary.status,
            str(summary.fetched),
            str(summary.new),
            str(summary.versions),
            f"{summary.error_count} {reasons}".strip() if summary.error_count else "0",
        )
    Console().print(table)
    if result.processed is None:
        click.echo("dedup: another daemon is the dedup leader; it will publish these posts")
    else:
        click.echo(
            f"dedup: {result.processed} posts processed, {result.events} new events, "
            f"{result.updates} updates"
        )
    raise SystemExit(EXIT_FAILED if failed else EXIT_OK)


@cli.command()
@config_option
@click.option("--check", is_flag=True, help="Fetch each source once and report what it gives.")
def sources(config_path: str | None, check: bool) -> None:
    """List and validate the configured sources."""
    settings = _load(config_path)
    table = Table(title=f"sources in {settings.path}")
    for column in ("name", "kind", "target", "every", "enabled"):
        table.add_column(column)
    for s in settings.sources:
        target = redact_url(s.url) if s.url else f"@{s.channel}"
        table.add_row(s.name, s.kind, target or "", f"{s.every:g}s", "yes" if s.enabled else "no")
    Console().print(table)
    click.echo(f"redis: {redact_url(settings.redis.url) or 'embedded (no URL configured)'}")
    if not check:
        return
    from scraper.probe import check_sources

    results = _run_async(check_sources(settings))
    failed = False
    for name, ok, detail in results:
        failed |= not ok
        mark = "[green]ok[/green]" if ok else "[red]FAIL[/red]"
        Console().print(f"{mark} {name}: {detail}")
    raise SystemExit(EXIT_FAILED if failed else EXIT_OK)


@cli.command()
@config_option
@redis_option
@click.option(
    "--stream",
    type=click.Choice(["events", "updates", "posts"]),
    default="events",
    show_default=True,
)
@click.option("--group", help="Read through this consumer group (created if missing).")
@click.option("--from-start", is_flag=True, help="Start at the beginning, not at new entries.")
@click.option("--count", type=int, default=0, help="Stop after this many entries (0 = follow).")
@click.option("--json", "as_json", is_flag=True, help="Print raw JSON lines.")
@click.option(
    "--visual/--logical",
    default=None,
    help="Reorder Arabic for terminals without bidi support (default: on a TTY).",
)
def tail(
    config_path: str | None,
    redis_url: str | None,
    stream: str,
    group: str | None,
    from_start: bool,
    count: int,
    as_json: bool,
    visual: bool | None,
) -> None:
    """Follow a stream and print its entries readably."""
    from scraper.tail import tail_stream

    settings = _load(config_path)
    url = redis_url or settings.redis.url
    if not url:
        from scraper.embedded_redis import EmbeddedRedis

        embedded = EmbeddedRedis(settings.daemon.data_dir)
        if not embedded.socket.exists():
            err.print(
                "[red]no Redis URL and no embedded redis-server running[/red] under "
                f"{settings.daemon.data_dir}: start `strikefeed run` or pass --redis-url"
            )
            raise SystemExit(EXIT_REDIS)
        url = embedded.url
    use_visual = sys.stdout.isatty() if visual is None else visual
    _run_async(
        tail_stream(
            settings,
            url,
            stream=stream,
            group=group,
            from_start=from_start,
            count=count,
            as_json=as_json,
            visual=use_visual,
        )
    )


@cli.command()
@click.argument("source_name", metavar="SOURCE")
@click.option("--since", default="7d", show_default=True, help="How far back, e.g. 7d, 36h.")
@config_option
@redis_option
def backfill(source_name: str, since: str, config_path: str | None, redis_url: str | None) -> None:
    """Page back through a Telegram channel's history (resumable), with progress."""
    from scraper.backfill import backfill_source
    from scraper.config import parse_duration

    settings = _load(config_path)
    try:
        source = settings.source(source_name)
        seconds = parse_duration(since)
    except KeyError:
        err.print(f"[red]no source named {source_name!r}[/red]")
        raise SystemExit(EXIT_CONFIG) from None
    except ValueError as exc:
        err.print(f"[red]--since:[/red] {exc}")
        raise SystemExit(EXIT_CONFIG) from None
    ok = _run_async(backfill_source(settings, source, seconds, redis_url=redis_url, console=err))
    raise SystemExit(EXIT_OK if ok else EXIT_FAILED)


@cli.command()
@click.argument("target", metavar="FILE_OR_URL")
@click.option("--kind", type=click.Choice(["article", "telegram", "feed"]), default="article")
@click.option("--url", "page_url", help="The page's URL when TARGET is a file.")
@click.option("--source", "source_name", default="cli", help="Source name to put on posts.")
@config_option
def extract(
    target: str, kind: str, page_url: str | None, source_name: str, config_path: str | None
) -> None:
    """Print the posts extracted from one page as JSON lines (article first, then tweets)."""
    from scraper.extract_command import extract_target

    settings = _load(config_path)
    code = _run_async(extract_target(settings, target, kind, page_url, source_name))
    raise SystemExit(code)


@cli.command()
@click.argument("input_path", metavar="INPUT.jsonl", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", "output_path", type=click.Path(dir_okay=False), default="-")
@config_option
def dedup(input_path: str, output_path: str, config_path: str | None) -> None:
    """Offline dedup of Post JSON lines: one {"id", "event_id", "canonical"} line per input."""
    from scraper.dedup.offline import dedup_jsonl
    from scraper.dedup.settings import DedupSettings

    settings = _load(config_path)
    try:
        dedup_settings = DedupSettings(**settings.dedup)
    except TypeError as exc:
        err.print(f"[red]config error[/red] {settings.path}: [bold]dedup[/bold]: {exc}")
        raise SystemExit(EXIT_CONFIG) from None
    from rich.progress import Progress

    target = output_path
    if output_path == "-":
        import tempfile

        target = tempfile.mkstemp(suffix=".jsonl")[1]
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("linking", total=None)
        try:
            stats = dedup_jsonl(
                input_path,
                target,
                dedup_settings,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
        except (ValueError, KeyError) as exc:
            err.print(f"[red]bad input:[/red] {exc}")
            raise SystemExit(EXIT_FAILED) from None
    if output_path == "-":
        sys.stdout.write(Path(target).read_text(encoding="utf-8"))
        Path(target).unlink()
    err.print(json.dumps(stats, ensure_ascii=False))


def main() -> None:
    cli(prog_name="strikefeed")
