"""Secrets stay out of everything a human or a log collector reads: Redis AUTH from the URL
works against a real password-protected redis-server, and neither its password, a proxy's, nor
credentials in a source URL appear in logs, errors or ``strikefeed sources`` output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.support.redis_proc import free_port
from tests.support.webserver import LocalWeb

ROOT = Path(__file__).resolve().parents[1]
REDIS_PASSWORD = "Rd-s3cret-7781"
PROXY_PASSWORD = "Px-s3cret-4410"
SOURCE_PASSWORD = "Src-s3cret-9902"
SECRETS = (REDIS_PASSWORD, PROXY_PASSWORD, SOURCE_PASSWORD)


@pytest.fixture
def protected_redis(tmp_path: Path) -> Iterator[int]:
    binary = shutil.which("redis-server")
    assert binary is not None
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--requirepass", REDIS_PASSWORD, "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port, password=REDIS_PASSWORD, socket_connect_timeout=0.2)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            client.ping()
            break
        except redis.RedisError:
            time.sleep(0.05)
    yield port
    process.terminate()
    process.wait(10)


def _config(tmp_path: Path, web: LocalWeb, redis_url: str, *, proxy: bool) -> Path:
    feed = web.url("/feed.xml").replace("http://", f"http://reader:{SOURCE_PASSWORD}@")
    proxy_line = f'proxy = "http://u:{PROXY_PASSWORD}@127.0.0.1:{free_port()}"\n' if proxy else ""
    path = tmp_path / "c.toml"
    path.write_text(
        f'[redis]\nurl = "{redis_url}"\nprefix = "red"\n\n'
        f'[daemon]\ndata_dir = "{tmp_path}"\nmetrics = "off"\nlease_ms = 2000\n\n'
        f"[http]\nallow_private_networks = true\nper_host_delay = 0\nretries = 0\n{proxy_line}\n"
        "[twitter]\nresolve = false\n\n"
        f'[[sources]]\nname = "locked"\nkind = "feed"\nurl = "{feed}"\n'
    )
    return path


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRIKEFEED_")}
    return subprocess.run(
        [sys.executable, "-m", "scraper", "-vv", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        env=env,
    )


def _assert_no_secret(result: subprocess.CompletedProcess[str]) -> None:
    output = result.stdout + result.stderr
    for secret in SECRETS:
        assert secret not in output, f"{secret} leaked:\n{output[-3000:]}"


def test_auth_from_the_url_works_and_no_secret_is_printed(
    tmp_path: Path, web: LocalWeb, protected_redis: int
) -> None:
    web.route("/feed.xml", body=b"<rss><channel></channel></rss>")
    url = f"redis://default:{REDIS_PASSWORD}@127.0.0.1:{protected_redis}/0"
    config = _config(tmp_path, web, url, proxy=True)

    listed = _cli("sources", "--config", str(config))
    assert listed.returncode == 0, listed.stderr
    assert "***" in listed.stdout and "locked" in listed.stdout
    _assert_no_secret(listed)

    # The proxy is dead, so the source fails; Redis AUTH from the URL succeeds (dedup ran).
    once = _cli("once", "--config", str(config))
    assert once.returncode == 1, once.stderr
    assert "dedup: 0 posts processed" in once.stdout
    assert "using Redis at redis://default:***@127.0.0.1" in once.stderr
    _assert_no_secret(once)

    # A wrong password: refused with exit 3 and a message that still names no secret.
    wrong = _config(
        tmp_path, web, url.replace(REDIS_PASSWORD, "nope" + PROXY_PASSWORD), proxy=False
    )
    refused = _cli("once", "--config", str(wrong))
    assert refused.returncode == 3
    assert "redis unavailable" in refused.stderr
    _assert_no_secret(refused)


def test_a_source_url_with_credentials_is_never_logged(
    tmp_path: Path, web: LocalWeb, redis_url: str
) -> None:
    config = _config(tmp_path, web, redis_url, proxy=False)
    # A page that is not a feed: the skip is logged with the URL it came from.
    web.route("/feed.xml", body=b"<html><p>not a feed</p></html>")
    result = _cli("once", "--config", str(config))
    assert result.returncode == 1 and "feed-" in result.stdout
    _assert_no_secret(result)
    web.route("/feed.xml", status=500)
    result = _cli("once", "--config", str(config))
    assert result.returncode == 1 and "http 500" in result.stdout
    _assert_no_secret(result)
    listed = _cli("sources", "--config", str(config))
    _assert_no_secret(listed)
