"""Every error strikefeed raises, translated once at the edge where a library raised it.

    StrikefeedError
     ├── ConfigError            bad config file or value (file, key, reason)
     ├── StoreError             Redis unreachable or a script failed
     ├── FetchError             a fetch could not produce a body (carries source and URL)
     │    └── BlockedTarget     the target resolves to a private address that config forbids
     ├── ExtractError           a page could not be parsed into posts (carries source and URL)
     └── EmbeddedRedisError     the private redis-server could not start

Extractors never raise for bad input: they return what they could and count the rest.
Fetches never raise either; they return an outcome value (``scraper.outcomes``).
"""

from __future__ import annotations


class StrikefeedError(Exception):
    """Base of every strikefeed error."""


class ConfigError(StrikefeedError):
    """The first problem found in a config file; ``problems`` lists all of them."""

    def __init__(
        self,
        file: str,
        key: str,
        reason: str,
        *,
        line: int | None = None,
        problems: list[tuple[str, str, int | None]] | None = None,
    ) -> None:
        self.file = file
        self.key = key
        self.reason = reason
        self.line = line
        self.problems = problems or [(key, reason, line)]
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {key}: {reason}")


class StoreError(StrikefeedError):
    """Redis is unreachable or refused a command."""


class FetchError(StrikefeedError):
    def __init__(self, reason: str, *, source: str = "", url: str = "") -> None:
        self.reason = reason
        self.source = source
        self.url = url
        super().__init__(f"{source or '-'} {url}: {reason}")


class BlockedTarget(FetchError):
    """The URL resolves to a loopback, private or link-local address."""


class ExtractError(StrikefeedError):
    def __init__(self, reason: str, *, source: str = "", url: str = "") -> None:
        self.reason = reason
        self.source = source
        self.url = url
        super().__init__(f"{source or '-'} {url}: {reason}")


class EmbeddedRedisError(StrikefeedError):
    """The private redis-server could not be started or did not answer."""
