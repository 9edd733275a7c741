"""The embedded default: a private redis-server under the data directory, started and stopped
with the daemon, used when no Redis URL is configured anywhere.

It listens on a unix socket only (no TCP port to collide with or expose), with AOF persistence
so posts, cursors and events survive a restart of the daemon.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import subprocess
import time
from pathlib import Path

import redis.asyncio as aioredis
from redis.exceptions import RedisError

from scraper.constants import EMBEDDED_REDIS_START_TIMEOUT_SECONDS
from scraper.errors import EmbeddedRedisError

log = logging.getLogger(__name__)


class EmbeddedRedis:
    def __init__(self, data_dir: Path, *, binary: str = "redis-server") -> None:
        self.dir = (data_dir / "redis").resolve()
        self.socket = self.dir / "redis.sock"
        self.binary = binary
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    @property
    def owned(self) -> bool:
        """True when this process started the server (and so stops it)."""
        return self._process is not None

    def _command(self, executable: str) -> list[str]:
        return [
            executable,
            "--port", "0",
            "--unixsocket", str(self.socket),
            "--unixsocketperm", "700",
            "--dir", str(self.dir),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "300 1",
            "--logfile", str(self.dir / "redis.log"),
            "--daemonize", "no",
        ]  # fmt: skip

    async def start(self) -> str:
        executable = shutil.which(self.binary)
        if executable is None:
            raise EmbeddedRedisError(
                f"no Redis URL configured and {self.binary!r} is not on PATH: install redis-server "
                "or set [redis] url / STRIKEFEED_REDIS__URL"
            )
        self.dir.mkdir(parents=True, exist_ok=True)
        if await self._answers():
            # Another strikefeed process (a running daemon) owns it: share, never start a second
            # server on the same AOF files, and leave it running when we exit.
            log.info("using the embedded redis-server already running at %s", self.url)
            return self.url
        self.socket.unlink(missing_ok=True)
        self._process = subprocess.Popen(
            self._command(executable), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        log.info("embedded redis-server starting pid=%s dir=%s", self._process.pid, self.dir)
        deadline = time.monotonic() + EMBEDDED_REDIS_START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                err = self._process.stderr.read().decode() if self._process.stderr else ""
                raise EmbeddedRedisError(f"redis-server exited at start: {err.strip()}")
            if await self._answers():
                log.info("embedded redis-server ready at %s", self.url)
                return self.url
            await asyncio.sleep(0.05)
        await self.stop()
        raise EmbeddedRedisError("redis-server did not answer in time; see redis.log in its dir")

    async def _answers(self) -> bool:
        if not self.socket.exists():
            return False
        client = aioredis.Redis(unix_socket_path=str(self.socket))
        try:
            return bool(await client.ping())
        except (RedisError, OSError):
            return False
        finally:
            await client.aclose()

    async def stop(self) -> None:
        process = self._process
        if process is None or process.poll() is not None:
            return
        # SIGTERM makes redis-server flush its AOF and exit cleanly.
        process.terminate()
        try:
            await asyncio.to_thread(process.wait, 15)
        except subprocess.TimeoutExpired:
            process.kill()
            await asyncio.to_thread(process.wait)
        log.info("embedded redis-server stopped (exit %s)", process.returncode)
        self._process = None
