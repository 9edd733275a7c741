"""The daemon in-process: scheduler jobs as configured, and a watchdog that notices a stall."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from scraper.config import settings_from_dict
from scraper.daemon import Daemon
from tests.pages import serve_outlets
from tests.support.webserver import LocalWeb


async def _until(check: Callable[[], bool | Awaitable[bool]], seconds: float) -> bool:
    for _ in range(int(seconds * 20)):
        result = check()
        if await result if inspect.isawaitable(result) else result:
            return True
        await asyncio.sleep(0.05)
    return False


async def test_jobs_are_configured_and_the_watchdog_notices_a_stalled_scheduler(
    tmp_path: Path,
    web: LocalWeb,
    redis_url: str,
    prefix: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    sources = serve_outlets(web)
    settings = settings_from_dict(
        {
            "redis": {"url": redis_url, "prefix": prefix},
            "daemon": {"data_dir": str(tmp_path), "metrics": "off", "watchdog_stall": "2s"},
            "http": {"allow_private_networks": True, "per_host_delay": 0},
            "twitter": {"resolve": False},
            "sources": [
                {"name": name, "kind": "feed", "url": url, "every": "90s"} for name, url in sources
            ]
            + [{"name": "off", "kind": "feed", "url": sources[0][1], "enabled": False}],
        },
        environ={},
    )
    daemon = Daemon(settings)
    runner = asyncio.create_task(daemon.run())
    try:
        assert await _until(lambda: daemon.scheduler is not None and daemon.scheduler.running, 10)
        assert daemon.scheduler is not None
        jobs = {job.id: job for job in daemon.scheduler.get_jobs()}
        assert set(jobs) == {"source:outlet-a", "source:outlet-b", "watchdog-tick"}
        job = jobs["source:outlet-a"]
        assert job.max_instances == 1 and job.coalesce is True
        assert job.misfire_grace_time == 90
        assert job.trigger.interval.total_seconds() == 90 and job.trigger.jitter

        async def healthy() -> bool:
            return (await daemon.health())["scheduler"]

        assert await _until(healthy, 5)
        caplog.set_level(logging.ERROR, logger="scraper.daemon")
        daemon.scheduler.pause()  # a scheduler that stopped firing jobs

        async def stalled() -> bool:
            return not (await daemon.health())["scheduler"]

        assert await _until(stalled, 6)
        assert await _until(lambda: "scheduler has not ticked" in caplog.text, 8)
        daemon.scheduler.resume()
        assert await _until(healthy, 5)
    finally:
        daemon.request_stop()
        await asyncio.wait_for(runner, 30)
