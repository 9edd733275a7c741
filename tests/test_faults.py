"""Faults on real processes, killed for real: redis-server killed and restarted under a running
daemon, the daemon SIGKILLed at random moments over many rounds, the dedup leader killed with a
standby waiting. Afterwards every post served is on the posts stream exactly once and published
(as an event or an update) exactly once.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import redis

from scraper.config import RedisSettings
from scraper.models import Post, web_post_id
from scraper.store import Store, connect
from tests.pages import BASE_TIME
from tests.support.redis_proc import RedisProcess, free_port
from tests.support.webserver import LocalWeb

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "scraper"]
_PLACES = ["البوكمال", "الميادين", "القائم", "إدلب", "درعا", "حلب", "تدمر", "أربيل", "الرقة"]


class Outlets:
    """Feed sources whose items grow over time, each item with its own article page.

    Every item is a distinct strike (its own place, number and hour), so the expected result is
    simple: each item one post, each post one publication.
    """

    def __init__(self, web: LocalWeb, count: int) -> None:
        self.web = web
        self.names = [f"outlet{i}" for i in range(count)]
        self.items: dict[str, list[str]] = {name: [] for name in self.names}
        for name in self.names:
            web.route(
                f"/{name}/feed.xml",
                body=self._feed_body(name),
                content_type="application/rss+xml",
            )

    def _feed_body(self, name: str) -> Callable[[], bytes]:
        def body() -> bytes:
            entries = "".join(
                f"<item><title>{path}</title><link>{self.web.url(path)}</link>"
                f"<description>report {path}</description></item>"
                for path in list(self.items[name])
            )
            return (
                f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>{name}</title>{entries}</channel></rss>"
            ).encode()

        return body

    def add_generation(self) -> None:
        for name in self.names:
            n = len(self.items[name])
            serial = self.names.index(name) * 100 + n
            path = f"/{name}/a{n}"
            place = _PLACES[serial % len(_PLACES)]
            hour = serial % 24
            text = (
                f"<p>قصفت طائرة مسيرة موقعا في {place} عند الساعة {hour} وقتل {serial + 2} "
                f"من العناصر بحسب المرصد في التقرير رقم {serial}.</p>"
            )
            self.web.route(
                path,
                body=(
                    f'<html><head><meta charset="utf-8"><title>{name} {n}</title>'
                    f'<meta property="article:published_time" '
                    f'content="{BASE_TIME.replace(hour=hour).isoformat()}"></head>'
                    f"<body><article><h1>{place} {serial}</h1>{text}</article></body></html>"
                ).encode(),
            )
            self.items[name].append(path)

    def expected_ids(self) -> set[str]:
        return {web_post_id(self.web.url(p)) for paths in self.items.values() for p in paths}

    def sources(self) -> list[tuple[str, str]]:
        return [(name, self.web.url(f"/{name}/feed.xml")) for name in self.names]


def _config(
    tmp_path: Path,
    *,
    prefix: str,
    sources: list[tuple[str, str]],
    lease_ms: int = 2000,
    metrics: str = "off",
) -> Path:
    rows = "".join(
        f'[[sources]]\nname = "{name}"\nkind = "feed"\nurl = "{url}"\nevery = "10s"\n\n'
        for name, url in sources
    )
    path = tmp_path / "strikefeed.toml"
    path.write_text(
        f'[redis]\nprefix = "{prefix}"\n\n'
        f'[daemon]\ndata_dir = "{tmp_path / "data"}"\nmetrics = "{metrics}"\n'
        f'lease_ms = {lease_ms}\nbackoff_base = "2s"\nbackoff_cap = "10s"\n'
        'watchdog_stall = "30s"\n\n'
        "[http]\nallow_private_networks = true\nper_host_delay = 0\nretries = 0\n"
        'deadline = "5s"\n\n[twitter]\nresolve = false\n\n' + rows
    )
    return path


def _spawn(
    config: Path, redis_url: str, *args: str, env: dict[str, str] | None = None, log: Path
) -> subprocess.Popen[bytes]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("STRIKEFEED_")}
    return subprocess.Popen(
        [*CLI, "-v", *args, "--config", str(config), "--redis-url", redis_url],
        cwd=ROOT,
        env={**base, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab"),
    )


def _wait_for(check: Callable[[], bool], timeout: float, what: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (redis.RedisError, OSError):
            pass
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:g}s waiting for {what}")


def _published(client: redis.Redis, prefix: str) -> tuple[list[str], list[str], list[str]]:
    """(post ids on the stream, post ids published in events+updates, event ids of events)."""
    posts = [json.loads(f["post"])["id"] for _i, f in client.xrange(f"{prefix}:posts")]
    events = [json.loads(f["event"]) for _i, f in client.xrange(f"{prefix}:events")]
    updates = [json.loads(f["update"]) for _i, f in client.xrange(f"{prefix}:updates")]
    published = [e["canonical"]["id"] for e in events] + [u["post"]["id"] for u in updates]
    return posts, published, [e["event_id"] for e in events]


def _assert_exactly_once(client: redis.Redis, prefix: str, expected: set[str]) -> None:
    posts, published, event_ids = _published(client, prefix)
    assert sorted(posts) == sorted(expected), "each post served is on the stream exactly once"
    assert sorted(published) == sorted(expected), "each post is published exactly once"
    assert len(event_ids) == len(set(event_ids)), "no event is published twice"
    assert client.xpending(f"{prefix}:posts", "dedup")["pending"] == 0


def _all_published(client: redis.Redis, prefix: str, expected: set[str]) -> bool:
    posts, published, _ = _published(client, prefix)
    return set(posts) == expected and set(published) == expected


def _health(port: int) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _stop(process: subprocess.Popen[bytes]) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode


@pytest.mark.slow
def test_redis_killed_and_restarted_under_a_running_daemon(
    tmp_path: Path, web: LocalWeb, prefix: str
) -> None:
    server = RedisProcess(tmp_path / "redis", persist=True).start()
    outlets = Outlets(web, 4)
    outlets.add_generation()
    metrics_port = free_port()
    config = _config(
        tmp_path,
        prefix=prefix,
        sources=outlets.sources(),
        metrics=f"127.0.0.1:{metrics_port}",
    )
    log = tmp_path / "daemon.log"
    daemon = _spawn(config, server.url, "run", log=log)
    client = server.client()
    try:
        _wait_for(lambda: _all_published(client, prefix, outlets.expected_ids()), 30, "first items")
        assert _health(metrics_port) == (
            200,
            {"ok": True, "redis": True, "scheduler": True, "dedup_leader": True},
        )

        outlets.add_generation()  # served while Redis dies: fetched before or after the outage
        time.sleep(random.uniform(0.0, 2.0))
        server.kill()
        _wait_for(lambda: _health(metrics_port)[0] == 503, 15, "/healthz to report Redis down")
        _status, body = _health(metrics_port)
        assert body["redis"] is False and body["ok"] is False
        outlets.add_generation()  # new items appear while Redis is down
        # Long enough for every source's 10 s schedule to hit the dead Redis at least once.
        time.sleep(11)
        assert daemon.poll() is None, "the daemon must survive a Redis outage"
        text = log.read_text()
        assert "redis unavailable" in text and "will retry" in text

        server.start()  # same port, same AOF directory
        client = server.client()
        expected = outlets.expected_ids()
        _wait_for(lambda: _all_published(client, prefix, expected), 40, "recovery", 0.25)
        _wait_for(lambda: _health(metrics_port)[0] == 200, 15, "/healthz healthy again")
        time.sleep(1.0)  # a further run must not add anything
        _assert_exactly_once(client, prefix, expected)
        assert len(expected) == 12
    finally:
        code = _stop(daemon)
        server.stop()
    assert code == 0, log.read_text()[-3000:]


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing_and_publishes_nothing_twice(
    tmp_path: Path, web: LocalWeb, redis_url: str, prefix: str
) -> None:
    outlets = Outlets(web, 3)
    for route in list(web.routes.values()):
        route.delay = 0.05  # widen the windows a kill can land in
    config = _config(tmp_path, prefix=prefix, sources=outlets.sources(), lease_ms=1000)
    log = tmp_path / "daemon.log"
    rng = random.Random(int(os.environ.get("STRIKEFEED_FAULT_SEED", "0")) or None)
    modes = ["after-append", "after-publish", "run-kill", "once-kill"] * 2
    rng.shuffle(modes)
    outcomes: list[str] = []
    for mode in modes:
        outlets.add_generation()
        for path in list(web.routes):
            web.routes[path].delay = 0.05
        if mode in ("after-append", "after-publish"):
            process = _spawn(config, redis_url, "once", env={"STRIKEFEED_CRASH_AT": mode}, log=log)
            process.wait(60)
        else:
            command = "run" if mode == "run-kill" else "once"
            process = _spawn(config, redis_url, command, log=log)
            # Python starts in ~1 s; the first fetches follow within seconds: kill anywhere.
            time.sleep(rng.uniform(0.8, 4.0))
            process.send_signal(signal.SIGKILL)
            process.wait(30)
        outcomes.append(f"{mode}:{process.returncode}")

    # SIGKILL ran in every round (a crash point not reached would exit 0 or 1 instead).
    assert sum(o.endswith(f":{-signal.SIGKILL}") for o in outcomes) >= 6, outcomes
    time.sleep(1.1)  # leases of the killed processes lapse
    final = _spawn(config, redis_url, "once", log=log)
    assert final.wait(60) == 0, log.read_text()[-3000:]
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    _assert_exactly_once(client, prefix, outlets.expected_ids())


@pytest.mark.slow
def test_dedup_leader_killed_standby_takes_over_and_finishes(
    tmp_path: Path, redis_url: str, prefix: str
) -> None:
    lease_ms = 2000
    config = _config(tmp_path, prefix=prefix, sources=[], lease_ms=lease_ms)
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    lease_key = f"{prefix}:lease:dedup-leader"
    log = tmp_path / "daemon.log"

    # The leader publishes one post, then dies before acknowledging it (SIGKILL by fault point).
    leader = _spawn(config, redis_url, "run", env={"STRIKEFEED_CRASH_AT": "after-publish"}, log=log)
    standby: subprocess.Popen[bytes] | None = None
    try:
        _wait_for(lambda: bool(client.get(lease_key)), 30, "the first worker to lead")
        leader_owner = client.get(lease_key)
        assert leader_owner is not None and f":{leader.pid}:" in leader_owner
        standby = _spawn(config, redis_url, "run", log=log)
        standby_pid = standby.pid
        _wait_for(
            lambda: log.read_text().count("scheduler started with 0 sources") >= 2, 30, "standby"
        )

        ids = asyncio.run(_append_posts(redis_url, prefix, 20))
        _wait_for(lambda: leader.poll() is not None, 20, "the leader to be killed", 0.01)
        died = time.monotonic()
        assert leader.returncode == -signal.SIGKILL
        # It had read the whole batch: the rest is pending under the dead consumer's name.
        pending = client.xpending(f"{prefix}:posts", "dedup")
        assert pending["pending"] >= 19

        _wait_for(lambda: f":{standby_pid}:" in (client.get(lease_key) or ""), 10, "takeover", 0.02)
        took_over = time.monotonic() - died
        assert took_over < 2 * lease_ms / 1000, f"took {took_over:.2f}s"

        _wait_for(lambda: _all_published(client, prefix, set(ids)), 30, "pending finished")
        _wait_for(lambda: client.xpending(f"{prefix}:posts", "dedup")["pending"] == 0, 10, "acks")
        _assert_exactly_once(client, prefix, set(ids))
    finally:
        if leader.poll() is None:
            leader.kill()
        if standby is not None:
            assert _stop(standby) == 0, log.read_text()[-3000:]


async def _append_posts(redis_url: str, prefix: str, count: int) -> list[str]:
    store = Store(connect(redis_url), RedisSettings(url=redis_url, prefix=prefix))
    ids: list[str] = []
    try:
        for n in range(count):
            url = f"https://news.example/leader/{n}"
            post = Post(
                id=web_post_id(url),
                source="test",
                kind="article",
                url=url,
                text=(
                    f"غارة جوية على موقع في {_PLACES[n % len(_PLACES)]} أسفرت عن مقتل {n + 3} "
                    f"عناصر في التقرير {n}"
                ),
                published_at=BASE_TIME.replace(hour=n % 24),
            )
            assert await store.append_post(post) == "new"
            ids.append(post.id)
    finally:
        await store.aclose()
    return ids
