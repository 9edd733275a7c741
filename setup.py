"""The optional compiled build of the event linker; everything else is in pyproject.toml.

`pip install .` installs pure Python, as it always did. With STRIKEFEED_MYPYC=1 in the
environment, the linker's hot modules are compiled to C extensions by mypyc (part of mypy; it
needs a C compiler and the Python headers), about 1.25× the posts per second with the same
decisions. The .py files are installed beside the extensions: Python imports an extension
module in preference to its source, and the source is the fallback wherever none was built.
`_build/backend.py` adds mypy to the build requirements when the variable is set.
"""

from __future__ import annotations

import os

from setuptools import Extension, setup

# What a decision runs through, ~all of link()'s time. Not settings.py (frozen dataclasses
# that callers `replace()`) nor cues.py (word lists, read once at import).
HOT_MODULES = [
    "scraper/dedup/normalize.py",
    "scraper/dedup/gazetteer.py",
    "scraper/dedup/features.py",
    "scraper/dedup/scorer.py",
    "scraper/dedup/linker.py",
]


def ext_modules() -> list[Extension]:
    if os.environ.get("STRIKEFEED_MYPYC", "0") in ("", "0"):
        return []
    from mypyc.build import mypycify

    # Options of its own rather than pyproject's [tool.mypy]: that one loads the pydantic
    # plugin, which an isolated build environment does not have.
    return mypycify(
        ["--config-file", os.devnull, "--ignore-missing-imports", *HOT_MODULES], opt_level="3"
    )


setup(ext_modules=ext_modules())
