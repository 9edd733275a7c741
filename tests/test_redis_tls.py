"""Redis over TLS with AUTH, as a rediss:// URL gives it: the daemon publishes through it."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import pytest
import redis

from scraper.config import load_settings
from scraper.daemon import run_once
from tests.pages import config_toml, serve_outlets
from tests.support.redis_proc import free_port
from tests.support.webserver import LocalWeb


@pytest.fixture
def tls_redis(tmp_path: Path) -> object:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: it makes the test's certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", "0", "--tls-port", str(port), "--bind", "127.0.0.1",
         "--tls-cert-file", str(cert), "--tls-key-file", str(key),
         "--tls-ca-cert-file", str(cert), "--tls-auth-clients", "no",
         "--requirepass", "s3cret-pw", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"rediss://:s3cret-pw@127.0.0.1:{port}/0?ssl_ca_certs={cert}"
    client = redis.Redis.from_url(url, decode_responses=True)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.RedisError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.skip("this redis-server was built without TLS support")
            time.sleep(0.1)
    yield url, client
    client.close()
    server.kill()
    server.wait()


async def test_once_publishes_through_redis_over_tls_with_auth(
    tmp_path: Path, web: LocalWeb, tls_redis: tuple[str, redis.Redis], prefix: str
) -> None:
    url, client = tls_redis
    config = tmp_path / "c.toml"
    config.write_text(
        config_toml(
            redis_url=url, prefix=prefix, data_dir=str(tmp_path), sources=serve_outlets(web)
        )
    )
    result = await run_once(load_settings(config, environ={}))
    assert [s.status for s in result.summaries] == ["ok", "ok"]
    assert client.xlen(f"{prefix}:events") == 2
    assert client.xlen(f"{prefix}:updates") == 1
    plain = redis.Redis.from_url(url.replace("rediss://", "redis://").split("?")[0])
    with pytest.raises(redis.RedisError):
        plain.ping()  # the server speaks only TLS
