"""The metrics endpoint: loopback by default, the series the issue names, /healthz as JSON with
one flag per check, and the posts-stream lag read from the dedup group.
"""

from __future__ import annotations

import asyncio
import json

from scraper.config import DaemonSettings, settings_from_dict
from scraper.constants import DEFAULT_METRICS_ADDRESS
from scraper.daemon import Daemon, make_linker_factory, open_runtime
from scraper.dedup_worker import DedupWorker
from scraper.metrics import Metrics, MetricsServer
from scraper.models import Post, web_post_id


async def _get(port: int, path: str) -> tuple[int, str, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    status = int(lines[0].split()[1])
    ctype = next(v for k, _, v in (h.partition(": ") for h in lines[1:]) if k == "Content-Type")
    return status, ctype, body


def test_the_metrics_endpoint_binds_to_loopback_by_default() -> None:
    assert DaemonSettings().metrics == DEFAULT_METRICS_ADDRESS
    assert DEFAULT_METRICS_ADDRESS.rpartition(":")[0] == "127.0.0.1"
    assert settings_from_dict({}, environ={}).daemon.metrics == "127.0.0.1:9464"
    assert settings_from_dict({"daemon": {"metrics": "off"}}, environ={}).daemon.metrics is None


async def test_metrics_and_healthz_over_http() -> None:
    metrics = Metrics()
    metrics.record_run("outlet-a", "ok", 3, {})
    metrics.record_run("outlet-b", "failed", 0, {"http 500": 1})
    metrics.record_run("outlet-b", "rate-limited", 0, {"rate limited (429)": 1})
    metrics.record_published(True, 0.002)
    metrics.record_published(False, 0.004)
    metrics.stream_lag.set(7)
    checks = {"redis": True, "scheduler": True, "dedup_leader": True}

    async def health() -> dict[str, bool]:
        return dict(checks)

    server = MetricsServer(metrics, health, "127.0.0.1:0")
    await server.start()
    try:
        assert server._server is not None
        bound = {sock.getsockname()[0] for sock in server._server.sockets}
        assert bound == {"127.0.0.1"}

        status, ctype, body = await _get(server.port, "/metrics")
        text = body.decode()
        assert status == 200 and ctype.startswith("text/plain")
        for series in (
            'strikefeed_fetches_total{source="outlet-a",status="ok"} 1.0',
            'strikefeed_fetches_total{source="outlet-b",status="failed"} 1.0',
            'strikefeed_errors_total{reason="http 500",source="outlet-b"} 1.0',
            'strikefeed_errors_total{reason="rate limited (429)",source="outlet-b"} 1.0',
            'strikefeed_posts_total{source="outlet-a"} 3.0',
            "strikefeed_events_total 1.0",
            "strikefeed_updates_total 1.0",
            "strikefeed_dedup_seconds_count 2.0",
            "strikefeed_posts_lag 7.0",
        ):
            assert series in text, series
        assert "strikefeed_source_run_seconds" in text

        status, ctype, body = await _get(server.port, "/healthz")
        assert (status, ctype) == (200, "application/json")
        assert json.loads(body) == {"ok": True, **checks}

        checks["dedup_leader"] = False
        status, _ctype, body = await _get(server.port, "/healthz")
        assert status == 503
        assert json.loads(body) == {
            "ok": False,
            "redis": True,
            "scheduler": True,
            "dedup_leader": False,
        }
        assert "strikefeed_healthy 0.0" in (await _get(server.port, "/metrics"))[2].decode()

        assert (await _get(server.port, "/admin"))[0] == 404
    finally:
        await server.stop()


async def test_health_and_lag_come_from_redis(redis_url: str, prefix: str) -> None:
    settings = settings_from_dict(
        {"redis": {"url": redis_url, "prefix": prefix}, "daemon": {"metrics": "off"}}, environ={}
    )
    daemon = Daemon(settings)
    assert await daemon.health() == {"redis": False, "scheduler": True, "dedup_leader": False}
    daemon.rt = rt = await open_runtime(settings, redis_url=redis_url)
    try:
        worker = DedupWorker(rt.store, make_linker_factory(settings), consumer="w1", lease_ms=5000)
        await worker.ensure_group()
        for n in range(5):
            url = f"https://news.example/{n}"
            post = Post(id=web_post_id(url), source="s", kind="article", url=url, text=f"t {n}")
            await rt.store.append_post(post)
        await daemon._update_lag()
        assert "strikefeed_posts_lag 5.0" in rt.metrics.render().decode()

        health = await daemon.health()
        assert health == {"redis": True, "scheduler": True, "dedup_leader": False}
        assert await worker.drain() == 5
        await daemon._update_lag()
        assert "strikefeed_posts_lag 0.0" in rt.metrics.render().decode()
        assert await rt.store.acquire_lease("dedup-leader", "w1", 5000)
        assert (await daemon.health())["dedup_leader"] is True
    finally:
        await rt.aclose()
