"""strikefeed: one clean item per military strike, from outlets, Telegram and tweets."""

from __future__ import annotations

__version__ = "0.1.0"
