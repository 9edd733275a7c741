"""The HTTP client: the only module that imports httpx (swap for httpx2 here, in one line).

One shared ``AsyncClient``; each fetch classifies its response once into an outcome value
(``scraper.outcomes``) and never raises. Politeness (per-host delay and concurrency), retries
with backoff that honour Retry-After, a body cap counted on decoded bytes (so a gzip bomb is cut
off too), an overall deadline, redirects checked hop by hop against private targets, and
conditional GET from validators the caller stores once its posts are safely appended.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from scraper.config import HttpSettings
from scraper.constants import RETRY_AFTER_CAP_SECONDS
from scraper.netguard import vetted_address
from scraper.outcomes import Failed, Fetched, FetchOutcome, NotModified, RateLimited

log = logging.getLogger(__name__)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_TRANSIENT_STATUS = frozenset({408, 425, 500, 502, 503, 504, 520, 521, 522, 523, 524})


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def retry_delay(attempt: int, *, base: float = 0.5, cap: float = 10.0) -> float:
    """Exponential backoff with full jitter between in-fetch retries."""
    return random.uniform(0, min(cap, base * (2**attempt)))


@dataclass(slots=True)
class _HostGate:
    semaphore: asyncio.Semaphore
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_start: float = 0.0


@dataclass(frozen=True, slots=True)
class _Target:
    """Where one request goes: the URL as the site knows it, and what we actually connect to.

    Pinned, the connection goes to the vetted IP address while the Host header and TLS SNI (and
    so certificate checks) keep the real name.
    """

    logical_url: str
    connect_url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    extensions: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.connect_url:
            object.__setattr__(self, "connect_url", self.logical_url)

    @classmethod
    def pinned(cls, url: str, address: str) -> _Target:
        parts = urlsplit(url)
        host = f"[{address}]" if ":" in address else address
        if parts.port:
            host = f"{host}:{parts.port}"
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@{host}" if userinfo else host
        name = parts.netloc.rpartition("@")[2]
        return cls(
            logical_url=url,
            connect_url=urlunsplit(parts._replace(netloc=netloc)),
            headers={"Host": name},
            extensions={"sni_hostname": parts.hostname or ""},
        )


class _BodyTooLarge(Exception):
    pass


class HttpFetcher:
    """Fetches URLs politely; one instance per daemon, built by the composition root."""

    def __init__(self, settings: HttpSettings, *, client: httpx.AsyncClient | None = None) -> None:
        self.settings = settings
        self._client = client or httpx.AsyncClient(
            timeout=httpx.Timeout(settings.timeout),
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            proxy=settings.proxy,
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=50),
        )
        self._gates: dict[str, _HostGate] = {}

    async def aclose(self) -> None:
        await self._client.aclose()

    async def __aenter__(self) -> HttpFetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def _gate(self, host: str) -> _HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = _HostGate(asyncio.Semaphore(self.settings.per_host_concurrency))
            self._gates[host] = gate
        return gate

    async def _polite_wait(self, gate: _HostGate) -> None:
        async with gate.lock:
            wait = gate.last_start + self.settings.per_host_delay - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            gate.last_start = time.monotonic()

    async def fetch(
        self,
        url: str,
        *,
        validators: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        source: str = "",
    ) -> FetchOutcome:
        """GET ``url``; ``validators`` (etag, last_modified) make it conditional."""
        try:
            async with asyncio.timeout(self.settings.deadline):
                return await self._fetch_with_retries(url, validators, headers)
        except TimeoutError:
            return Failed(url, "transient", f"deadline of {self.settings.deadline:g}s exceeded")
        except Exception as exc:  # the boundary: nothing from httpx escapes as an exception
            log.exception("unexpected fetch error source=%s url=%s", source, _without_userinfo(url))
            return Failed(url, "transient", f"unexpected {type(exc).__name__}: {exc}")

    async def _fetch_with_retries(
        self,
        url: str,
        validators: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
    ) -> FetchOutcome:
        attempt = 0
        while True:
            outcome = await self._fetch_once(url, validators, headers)
            retryable = isinstance(outcome, Failed) and outcome.severity == "transient"
            if isinstance(outcome, RateLimited):
                wait = outcome.retry_after
                # Short waits are honoured in place; long ones go back to the scheduler.
                if wait is None or wait > RETRY_AFTER_CAP_SECONDS:
                    return outcome
                retryable = True
            if not retryable or attempt >= self.settings.retries:
                return outcome
            if isinstance(outcome, RateLimited) and outcome.retry_after is not None:
                delay = outcome.retry_after
            else:
                delay = retry_delay(attempt)
            await asyncio.sleep(delay)
            attempt += 1

    async def _fetch_once(
        self,
        url: str,
        validators: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
    ) -> FetchOutcome:
        request_headers: dict[str, str] = dict(headers or {})
        if validators:
            if validators.get("etag"):
                request_headers["If-None-Match"] = validators["etag"]
            if validators.get("last_modified"):
                request_headers["If-Modified-Since"] = validators["last_modified"]
        current = url
        for _hop in range(self.settings.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                return Failed(url, "permanent", f"not an http(s) URL: {current}")
            target = _Target(current)
            if not self.settings.allow_private_networks:
                port = parts.port or (443 if parts.scheme == "https" else 80)
                address, reason = await vetted_address(parts.hostname, port)
                if reason is not None or address is None:
                    return Failed(url, "permanent", f"blocked: {reason}")
                if not self.settings.proxy:  # through a proxy, the proxy resolves and connects
                    target = _Target.pinned(current, address)
            gate = self._gate(parts.netloc)
            async with gate.semaphore:
                await self._polite_wait(gate)
                result = await self._request(url, target, request_headers)
            if isinstance(result, str):
                current = urljoin(current, result)
                continue
            return result
        return Failed(url, "permanent", f"more than {self.settings.max_redirects} redirects")

    async def _request(
        self, original: str, target: _Target, headers: Mapping[str, str]
    ) -> FetchOutcome | str:
        """One request: an outcome, or the Location to follow next."""
        try:
            async with self._client.stream(
                "GET",
                target.connect_url,
                headers={**headers, **target.headers},
                extensions=target.extensions,
            ) as response:
                status = response.status_code
                if status in _REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        return Failed(original, "permanent", f"redirect {status} without Location")
                    return location
                if status == 304:
                    return NotModified(original)
                if status == 429:
                    retry_after = parse_retry_after(response.headers.get("retry-after"))
                    return RateLimited(original, retry_after)
                if status in _TRANSIENT_STATUS:
                    return Failed(original, "transient", f"http {status}", status=status)
                if status >= 400:
                    return Failed(original, "permanent", f"http {status}", status=status)
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.settings.max_bytes:
                    return Failed(
                        original, "permanent", f"body over {self.settings.max_bytes} bytes"
                    )
                body = await self._read_capped(response)
                return Fetched(
                    url=original,
                    # Credentials in a source URL authenticate the request, but must not
                    # travel on: final_url is logged, and relative feed links resolve against it.
                    final_url=_without_userinfo(target.logical_url),
                    status=status,
                    body=body,
                    content_type=response.headers.get("content-type"),
                    headers={k.lower(): v for k, v in response.headers.items()},
                )
        except _BodyTooLarge:
            return Failed(original, "permanent", f"body over {self.settings.max_bytes} bytes")
        except httpx.TimeoutException as exc:
            return Failed(original, "transient", f"timeout: {type(exc).__name__}")
        except httpx.DecodingError as exc:
            return Failed(original, "permanent", f"undecodable body: {exc}")
        except (httpx.TransportError, httpx.StreamError) as exc:
            return Failed(original, "transient", f"{type(exc).__name__}: {exc}")
        except httpx.InvalidURL as exc:
            return Failed(original, "permanent", f"invalid URL: {exc}")

    async def _read_capped(self, response: httpx.Response) -> bytes:
        chunks: list[bytes] = []
        total = 0
        # aiter_bytes yields decoded (decompressed) bytes, so the cap also stops gzip bombs.
        async for chunk in response.aiter_bytes():
            total += len(chunk)
            if total > self.settings.max_bytes:
                raise _BodyTooLarge
            chunks.append(chunk)
        return b"".join(chunks)


def _without_userinfo(url: str) -> str:
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
