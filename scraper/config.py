"""Typed, validated, immutable configuration from one TOML file plus STRIKEFEED_* overrides.

Every default lives in ``scraper.constants``; a bad file, line or value raises ``ConfigError``
naming the file, the key and the reason before anything is fetched.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from scraper import constants as C
from scraper.dedup.settings import DedupSettings
from scraper.errors import ConfigError

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0, None: 1.0}
_SOURCE_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$")
_CHANNEL = re.compile(r"^[A-Za-z0-9_]{4,64}$")


def parse_duration(value: str | float | int) -> float:
    """'90s', '5m', '1h', '7d' or a number of seconds → seconds."""
    if isinstance(value, bool):
        raise ValueError("a duration is a number or a string like '90s', '5m', '1h'")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(value)
        if not match:
            raise ValueError(f"{value!r} is not a duration like '90s', '5m', '1h', '7d'")
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds <= 0:
        raise ValueError("a duration must be positive")
    return seconds


def redact_url(url: str | None) -> str | None:
    """The URL with any password replaced, for logs and listings."""
    if not url:
        return url
    parts = urlsplit(url)
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    netloc = f"{user}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RedisSettings(_Section):
    url: str | None = None
    prefix: str = C.DEFAULT_PREFIX
    posts_maxlen: int = Field(C.DEFAULT_POSTS_MAXLEN, gt=0)
    events_maxlen: int = Field(C.DEFAULT_EVENTS_MAXLEN, gt=0)
    updates_maxlen: int = Field(C.DEFAULT_UPDATES_MAXLEN, gt=0)

    @field_validator("url")
    @classmethod
    def _redis_scheme(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if urlsplit(value).scheme not in ("redis", "rediss", "unix"):
            raise ValueError("must start with redis://, rediss:// or unix://")
        return value

    def __repr__(self) -> str:  # secrets never reach logs through a repr
        return f"RedisSettings(url={redact_url(self.url)!r}, prefix={self.prefix!r})"

    __str__ = __repr__


class DaemonSettings(_Section):
    data_dir: Path = Path(C.DEFAULT_DATA_DIR)
    metrics: str | None = C.DEFAULT_METRICS_ADDRESS
    lease_ms: int = Field(C.DEFAULT_LEASE_MS, ge=1000)
    job_timeout: float = C.DEFAULT_JOB_TIMEOUT_SECONDS
    watchdog_stall: float = C.WATCHDOG_STALL_SECONDS
    backoff_base: float = C.BACKOFF_BASE_SECONDS
    backoff_cap: float = C.BACKOFF_CAP_SECONDS
    redis_server: str = "redis-server"

    @field_validator("job_timeout", "watchdog_stall", "backoff_base", "backoff_cap", mode="before")
    @classmethod
    def _durations(cls, value: Any) -> float:
        return parse_duration(value)

    @field_validator("metrics")
    @classmethod
    def _metrics_address(cls, value: str | None) -> str | None:
        if value in (None, "", "off", "false"):
            return None
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit():
            raise ValueError("must be HOST:PORT, e.g. 127.0.0.1:9464, or 'off'")
        return value


class HttpSettings(_Section):
    user_agent: str = C.DEFAULT_USER_AGENT
    timeout: float = C.DEFAULT_TIMEOUT_SECONDS
    deadline: float = C.DEFAULT_DEADLINE_SECONDS
    max_bytes: int = Field(C.DEFAULT_MAX_BYTES, gt=0)
    per_host_delay: float = Field(C.DEFAULT_PER_HOST_DELAY_SECONDS, ge=0)
    per_host_concurrency: int = Field(C.DEFAULT_PER_HOST_CONCURRENCY, ge=1)
    retries: int = Field(C.DEFAULT_RETRIES, ge=0, le=10)
    max_redirects: int = Field(C.DEFAULT_MAX_REDIRECTS, ge=0, le=20)
    proxy: str | None = None
    allow_private_networks: bool = False

    @field_validator("timeout", "deadline", mode="before")
    @classmethod
    def _durations(cls, value: Any) -> float:
        return parse_duration(value)

    @field_validator("per_host_delay", mode="before")
    @classmethod
    def _delay(cls, value: Any) -> float:
        return 0.0 if value in (0, 0.0, "0", "0s") else parse_duration(value)

    def __repr__(self) -> str:
        return f"HttpSettings(user_agent={self.user_agent!r}, proxy={redact_url(self.proxy)!r})"

    __str__ = __repr__


class TelegramSettings(_Section):
    base_url: str = C.TELEGRAM_BASE_URL


class TwitterSettings(_Section):
    resolve: bool = True
    syndication_url: str = C.TWITTER_SYNDICATION_URL
    oembed_url: str = C.TWITTER_OEMBED_URL
    cache_ttl: float = 7 * 86400.0

    @field_validator("cache_ttl", mode="before")
    @classmethod
    def _durations(cls, value: Any) -> float:
        return parse_duration(value)


SourceKind = Literal["feed", "page", "telegram"]


class SourceConfig(_Section):
    name: str
    kind: SourceKind
    url: str | None = None
    channel: str | None = None
    every: float = 300.0
    lang: str | None = None
    selectors: dict[str, str] = Field(default_factory=dict)
    enabled: bool = True
    follow_articles: bool = True

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not _SOURCE_NAME.match(value):
            raise ValueError("use letters, digits, '.', '_' or '-' only")
        return value

    @field_validator("every", mode="before")
    @classmethod
    def _every(cls, value: Any) -> float:
        seconds = parse_duration(value)
        if seconds < 10:
            raise ValueError("polling more often than every 10s is not polite")
        return seconds

    @field_validator("url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value

    @model_validator(mode="after")
    def _kind_fields(self) -> SourceConfig:
        if self.kind == "telegram":
            if not self.channel:
                raise ValueError("a telegram source needs 'channel'")
            if not _CHANNEL.match(self.channel.lstrip("@")):
                raise ValueError(f"channel {self.channel!r} is not a Telegram username")
        elif not self.url:
            raise ValueError(f"a {self.kind} source needs 'url'")
        return self


class Settings(_Section):
    redis: RedisSettings = RedisSettings()
    daemon: DaemonSettings = DaemonSettings()
    http: HttpSettings = HttpSettings()
    telegram: TelegramSettings = TelegramSettings()
    twitter: TwitterSettings = TwitterSettings()
    # Mapped by field name onto scraper.dedup.settings.DedupSettings, which owns those defaults.
    dedup: dict[str, Any] = Field(default_factory=dict)
    sources: tuple[SourceConfig, ...] = ()
    path: str = "<defaults>"

    @model_validator(mode="after")
    def _unique_names(self) -> Settings:
        seen: set[str] = set()
        for index, source in enumerate(self.sources):
            if source.name in seen:
                raise ValueError(f"sources[{index}]: duplicate source name {source.name!r}")
            seen.add(source.name)
        return self

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        raise KeyError(name)


def _env_value(raw: str) -> Any:
    """An environment value read as a TOML scalar when it is one, else as a string."""
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _apply_env(data: dict[str, Any], environ: Mapping[str, str]) -> None:
    for name, raw in environ.items():
        if not name.startswith(C.ENV_PREFIX) or "__" not in name:
            continue
        section, _, key = name[len(C.ENV_PREFIX) :].lower().partition("__")
        if not section or not key or section == "sources":
            continue
        target = data.setdefault(section, {})
        if isinstance(target, dict):
            target[key] = _env_value(raw)


def _key_of(loc: tuple[int | str, ...], data: Mapping[str, Any]) -> str:
    parts: list[str] = []
    for index, item in enumerate(loc):
        if isinstance(item, int):
            label = f"[{item}]"
            if loc[index - 1] == "sources":
                with contextlib.suppress(KeyError, IndexError, TypeError):
                    label = f"[{item}] ({data['sources'][item]['name']})"
            parts.append(label)
        else:
            parts.append(("." if parts else "") + str(item))
    return "".join(parts) or "(file)"


def _problem(error: Any, data: Mapping[str, Any]) -> tuple[str, str]:
    key = _key_of(tuple(error["loc"]), data)
    reason = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        reason = "unknown key"
    elif "input" in error and error["type"] != "missing" and "(got" not in reason:
        shown = (
            redact_url(str(error["input"])) if "url" in key or "proxy" in key else error["input"]
        )
        if repr(shown) not in reason:
            reason = f"{reason} (got {shown!r})"
    return key, reason


def settings_from_dict(
    data: dict[str, Any], *, path: str = "<defaults>", environ: Mapping[str, str] | None = None
) -> Settings:
    data = dict(data)
    _apply_env(data, os.environ if environ is None else environ)
    data["path"] = path
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(error, data) for error in exc.errors()]
        key, reason = problems[0]
        raise ConfigError(path, key, reason, problems=[(k, r, None) for k, r in problems]) from None
    _check_dedup(settings.dedup, path)
    return settings


def _check_dedup(section: dict[str, Any], path: str) -> None:
    """[dedup] maps onto DedupSettings, which owns those defaults; check names and types here."""
    known = {f.name: f for f in dataclasses.fields(DedupSettings)}
    for key, value in section.items():
        field = known.get(key)
        if field is None:
            raise ConfigError(path, f"dedup.{key}", "unknown key")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(path, f"dedup.{key}", f"must be a number (got {value!r})")


def load_settings(path: str | Path | None, *, environ: Mapping[str, str] | None = None) -> Settings:
    """Read the TOML file (or only defaults and environment when ``path`` is None)."""
    if path is None:
        return settings_from_dict({}, environ=environ)
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ConfigError(str(file), "(file)", exc.strerror or str(exc)) from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(str(file), "(file)", "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(file), "(syntax)", str(exc)) from None
    try:
        return settings_from_dict(data, path=str(file), environ=environ)
    except ConfigError as exc:
        text = raw.decode("utf-8")
        problems = [(key, reason, line_of(text, key)) for key, reason, _ in exc.problems]
        raise ConfigError(
            exc.file, exc.key, exc.reason, line=problems[0][2], problems=problems
        ) from None


_TABLE = re.compile(r"^\s*\[\[?\s*([A-Za-z0-9_.]+)\s*\]\]?")
_KEY_INDEX = re.compile(r"^(\w+)\[(\d+)\]")


def line_of(text: str, key: str) -> int | None:
    """The line of ``key`` (as ConfigError names it, e.g. ``sources[1] (furat).every``)."""
    key = re.sub(r" \([^)]*\)", "", key)
    match = _KEY_INDEX.match(key)
    if match:
        table, index, rest = match.group(1), int(match.group(2)), key[match.end() :]
    else:
        table, _, rest = key.partition(".")
        index = 0
        rest = "." + rest if rest else ""
    name = rest.lstrip(".").split(".")[0]
    seen = -1
    in_table = False
    table_line: int | None = None
    for number, line in enumerate(text.splitlines(), 1):
        header = _TABLE.match(line)
        if header:
            in_table = header.group(1) == table and (seen := seen + 1) == index
            if in_table:
                table_line = number
            continue
        if in_table and name and re.match(rf"^\s*{re.escape(name)}\s*=", line):
            return number
    return table_line
