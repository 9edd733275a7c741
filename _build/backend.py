"""setuptools' build backend, plus mypy in the build environment when STRIKEFEED_MYPYC=1 asks
for the compiled linker (setup.py): a plain build does not download the compiler."""

from __future__ import annotations

import os

from setuptools.build_meta import *  # noqa: F403  (the backend's other hooks, unchanged)

# Not delegated to setuptools' hooks: they run setup.py to find `setup_requires` (this project
# has none), and setup.py needs mypyc importable, which is what these hooks are to install.


def _mypyc() -> list[str]:
    return [] if os.environ.get("STRIKEFEED_MYPYC", "0") in ("", "0") else ["mypy>=1.10"]


def get_requires_for_build_wheel(config_settings: dict[str, object] | None = None) -> list[str]:
    return _mypyc()


def get_requires_for_build_editable(
    config_settings: dict[str, object] | None = None,
) -> list[str]:
    return _mypyc()
