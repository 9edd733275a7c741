"""End to end on real processes: local web server → strikefeed once → real redis-server."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis

from scraper.config import load_settings
from scraper.daemon import run_once
from tests.pages import config_toml, serve_outlets
from tests.support.webserver import LocalWeb

CLI = [sys.executable, "-m", "scraper"]


def _write_config(tmp_path: Path, **kwargs: object) -> Path:
    path = tmp_path / "strikefeed.toml"
    path.write_text(config_toml(data_dir=str(tmp_path / "data"), **kwargs))  # type: ignore[arg-type]
    return path


def _stream(client: redis.Redis, key: str, field: str) -> list[dict[str, object]]:
    return [json.loads(fields[field]) for _id, fields in client.xrange(key)]


def _cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=Path(__file__).resolve().parents[1],
    )


def test_once_publishes_one_event_per_strike_and_nothing_twice(
    tmp_path: Path, web: LocalWeb, redis_url: str, prefix: str
) -> None:
    sources = serve_outlets(web)
    config = _write_config(tmp_path, redis_url=redis_url, prefix=prefix, sources=sources)
    client = redis.Redis.from_url(redis_url, decode_responses=True)

    first = _cli("once", "--config", str(config))
    assert first.returncode == 0, first.stderr
    assert "outlet-a" in first.stdout and "2 new events" in first.stdout

    posts = _stream(client, f"{prefix}:posts", "post")
    events = _stream(client, f"{prefix}:events", "event")
    updates = _stream(client, f"{prefix}:updates", "update")
    assert len(posts) == 3
    assert len({p["id"] for p in posts}) == 3
    assert len(events) == 2
    assert len(updates) == 1
    bukamal = next(e for e in events if "البوكمال" in e["canonical"]["text"])
    assert updates[0]["event_id"] == bukamal["event_id"]
    assert updates[0]["sources"] == 2
    assert bukamal["v"] == 1 and bukamal["canonical"]["published_at"].endswith("Z")
    assert client.get(f"{prefix}:post:{posts[0]['id']}") is not None
    assert client.get(f"{prefix}:cursor:outlet-a") is not None

    second = _cli("once", "--config", str(config))
    assert second.returncode == 0, second.stderr
    assert client.xlen(f"{prefix}:posts") == 3
    assert client.xlen(f"{prefix}:events") == 2
    assert client.xlen(f"{prefix}:updates") == 1
    # The second run used the stored ETag: the unchanged feed answered 304.
    assert any(h.get("If-None-Match") == '"a1"' for h in web.request_headers["/a/feed.xml"])


@pytest.mark.parametrize("crash_at", ["after-append", "after-publish"])
def test_kill_9_mid_run_loses_nothing_and_publishes_nothing_twice(
    tmp_path: Path, web: LocalWeb, redis_url: str, prefix: str, crash_at: str
) -> None:
    sources = serve_outlets(web)
    config = _write_config(tmp_path, redis_url=redis_url, prefix=prefix, sources=sources)
    client = redis.Redis.from_url(redis_url, decode_responses=True)

    crashed = _cli("once", "--config", str(config), env={"STRIKEFEED_CRASH_AT": crash_at})
    assert crashed.returncode == -signal.SIGKILL
    if crash_at == "after-append":
        # Posts of the first source are on the stream; its cursor was never committed.
        assert client.xlen(f"{prefix}:posts") >= 1
        assert client.get(f"{prefix}:cursor:outlet-a") is None
    else:
        assert client.xlen(f"{prefix}:events") == 1  # published, then killed before XACK

    for _ in range(2):
        again = _cli("once", "--config", str(config))
        assert again.returncode == 0, again.stderr

    posts = _stream(client, f"{prefix}:posts", "post")
    assert len(posts) == 3 and len({p["id"] for p in posts}) == 3
    events = _stream(client, f"{prefix}:events", "event")
    updates = _stream(client, f"{prefix}:updates", "update")
    assert len(events) == 2 and len({e["event_id"] for e in events}) == 2
    assert len(updates) == 1
    published_posts = [e["canonical"]["id"] for e in events] + [u["post"]["id"] for u in updates]
    assert sorted(published_posts) == sorted(p["id"] for p in posts)
    assert client.xpending(f"{prefix}:posts", "dedup")["pending"] == 0


async def test_two_daemons_never_fetch_one_source_at_once(
    tmp_path: Path, web: LocalWeb, redis_url: str, prefix: str
) -> None:
    sources = serve_outlets(web)
    web.routes["/a/feed.xml"].delay = 1.0
    config = _write_config(tmp_path, redis_url=redis_url, prefix=prefix, sources=sources[:1])
    settings = load_settings(config)

    results = await asyncio.gather(run_once(settings), run_once(settings))

    statuses = sorted(r.summaries[0].status for r in results)
    assert statuses == ["leased-elsewhere", "ok"]
    assert web.hits["/a/feed.xml"] == 1
    assert web.peak["/a/feed.xml"] == 1
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    assert client.xlen(f"{prefix}:posts") == 2
    assert client.get(f"{prefix}:lease:source:outlet-a") is None  # released after the run


def test_run_starts_and_stops_the_embedded_redis(
    tmp_path: Path, web: LocalWeb, prefix: str
) -> None:
    sources = serve_outlets(web)
    config = _write_config(tmp_path, redis_url=None, prefix=prefix, sources=sources[:1])
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIKEFEED_")}
    daemon = subprocess.Popen(
        [*CLI, "run", "--config", str(config)],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    socket_path = tmp_path / "data" / "redis" / "redis.sock"
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 30
        assert daemon.stderr is not None
        while time.monotonic() < deadline:
            line = daemon.stderr.readline()
            lines.append(line)
            if "scheduler started" in line:
                break
        log = "".join(lines)
        assert "embedded redis-server ready" in log, log
        redis_pid = int(log.split("embedded redis-server starting pid=")[1].split()[0])
        client = redis.Redis(unix_socket_path=str(socket_path), decode_responses=True)
        deadline = time.monotonic() + 20
        while client.xlen(f"{prefix}:events") < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert client.xlen(f"{prefix}:events") == 2  # the daemon fetched, deduped, published

        # Other commands with the same config share the daemon's server instead of starting
        # a second one on the same files, and leave it running.
        other = _cli("-v", "once", "--config", str(config), env=env)
        assert other.returncode == 0, other.stderr
        assert "already running" in other.stderr
        assert client.ping()
        tailed = _cli("tail", "--config", str(config), "--from-start", "--count", "2", env=env)
        assert tailed.returncode == 0, tailed.stderr
        assert len(tailed.stdout.splitlines()) == 2 and "NEW evt_" in tailed.stdout
        client.close()
    finally:
        daemon.send_signal(signal.SIGTERM)
        _out, rest = daemon.communicate(timeout=30)
    assert daemon.returncode == 0, rest
    assert "embedded redis-server stopped" in rest
    with pytest.raises(ProcessLookupError):
        os.kill(redis_pid, 0)
    assert list((tmp_path / "data" / "redis").glob("appendonly*")), "persistence is on"


def test_broken_config_line_names_file_key_and_reason(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(
        '[[sources]]\nname = "ok"\nkind = "feed"\nurl = "https://example.org/feed"\n\n'
        '[[sources]]\nname = "furat"\nkind = "telegram"\nchannel = "FuratPost"\nevery = "often"\n'
    )
    result = _cli("once", "--config", str(config))
    assert result.returncode == 2
    assert str(config) in result.stderr
    assert "sources[1] (furat).every" in result.stderr
    assert "'often' is not a duration" in result.stderr

    config.write_text('[http]\ntimeout = "20s"\nallow_private_network = true\n')
    result = _cli("sources", "--config", str(config))
    assert result.returncode == 2
    assert "http.allow_private_network" in result.stderr and "unknown key" in result.stderr

    config.write_text("[redis\nurl = 1\n")
    result = _cli("sources", "--config", str(config))
    assert result.returncode == 2 and "line 1" in result.stderr


def test_sigterm_abandons_a_hung_fetch_cleanly_and_releases_leases(
    tmp_path: Path, web: LocalWeb, redis_url: str, prefix: str
) -> None:
    sources = serve_outlets(web)
    web.route("/hung.xml", hang=True)
    config = _write_config(
        tmp_path,
        redis_url=redis_url,
        prefix=prefix,
        sources=[sources[0], ("hung", web.url("/hung.xml"))],
    )
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    daemon = subprocess.Popen(
        [*CLI, "run", "--config", str(config)],
        stderr=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (
            web.hits["/hung.xml"] and client.xlen(f"{prefix}:events") == 2
        ):
            time.sleep(0.1)
        assert web.hits["/hung.xml"] == 1, "the hung fetch is in flight"
        assert client.get(f"{prefix}:lease:source:hung") is not None
        started = time.monotonic()
        daemon.send_signal(signal.SIGTERM)
        _out, log = daemon.communicate(timeout=40)
    finally:
        if daemon.poll() is None:
            daemon.kill()
    assert daemon.returncode == 0, log
    assert time.monotonic() - started < 25
    assert "stopping" in log and "stopped" in log
    assert client.keys(f"{prefix}:lease:*") == []
    assert client.xlen(f"{prefix}:events") == 2
