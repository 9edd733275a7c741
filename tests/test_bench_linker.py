"""bench/bench_linker.py: the speed benchmark runs end to end on a few posts."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import shared_path
from tests.support.bench_scripts import load_bench_script


@pytest.fixture(scope="module")
def bench_linker() -> ModuleType:
    return load_bench_script("bench_linker")


@pytest.mark.parametrize(("peer", "peer_line"), [(0, "not run (--peer 0)"), (50, "first 50 posts")])
def test_small_run_prints_its_figures(
    bench_linker: ModuleType, capsys: pytest.CaptureFixture[str], peer: int, peer_line: str
) -> None:
    data = shared_path("datasets", "airwars-dev")
    code = bench_linker.main(["--n", "400", "--peer", str(peer), "--data", str(data)])
    out = capsys.readouterr().out
    assert code == 0
    assert "posts: 400" in out and "posts/s by thread CPU time" in out
    assert "p99" in out and "KiB per post" in out
    assert peer_line in out and "nan" not in out


def test_missing_dataset_exits_2(
    bench_linker: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert bench_linker.main(["--n", "10", "--data", str(tmp_path)]) == 2
    assert "no dataset" in capsys.readouterr().out
