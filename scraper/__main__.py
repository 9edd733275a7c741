"""Allows ``python -m scraper``."""

from __future__ import annotations

from scraper.cli import main

if __name__ == "__main__":
    main()
