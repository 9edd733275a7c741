"""Shared fixtures: a real redis-server and a real local web server; ../shared/ location."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.redis_proc import RedisProcess
from tests.support.webserver import LocalWeb

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/, or skip the test with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: shared fixtures live beside the checkout in ../shared/")
    return path


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisProcess]:
    server = RedisProcess(tmp_path_factory.mktemp("redis"), persist=False).start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisProcess) -> str:
    return redis_server.url


@pytest.fixture
def prefix() -> str:
    """A fresh key prefix so tests sharing one redis-server never see each other's keys."""
    return f"t{uuid.uuid4().hex[:10]}"


@pytest.fixture
def web() -> Iterator[LocalWeb]:
    server = LocalWeb().start()
    yield server
    server.stop()
