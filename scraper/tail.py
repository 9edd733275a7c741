"""``strikefeed tail``: follow a stream and print each entry as one readable line.

Arabic text is wrapped in Unicode isolates so it reads right-to-left without scrambling the
fields around it; with ``visual`` it is also reordered for terminals that do no bidi themselves.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from redis.exceptions import ResponseError

from scraper.config import Settings
from scraper.store import Store, connect

_RTL_RUN = re.compile(
    r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff][^\n]*[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]|[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]"
)
_FSI, _PDI = "\u2068", "\u2069"


def show_rtl(text: str, *, visual: bool) -> str:
    """Text ready for a terminal: isolated RTL runs, or visually reordered ones."""
    if not _RTL_RUN.search(text):
        return text
    if visual:
        try:
            from bidi import get_display
        except ImportError:
            return _FSI + text + _PDI
        return str(get_display(text, base_dir="R"))
    return _RTL_RUN.sub(lambda m: _FSI + m.group(0) + _PDI, text)


def _first_line(text: str | None, limit: int = 140) -> str:
    line = " ".join((text or "").split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def format_entry(stream: str, entry_id: str, fields: dict[str, str], *, visual: bool) -> str:
    raw = fields.get({"events": "event", "updates": "update", "posts": "post"}[stream], "")
    try:
        data: dict[str, Any] = json.loads(raw)
    except ValueError:
        return f"{entry_id} (unreadable entry)"
    if stream == "events":
        post = data.get("canonical") or {}
        head = f"NEW {data.get('event_id')} [{', '.join(data.get('places') or []) or '?'}]"
        head += f" {data.get('attack') or ''}".rstrip()
    elif stream == "updates":
        post = data.get("post") or {}
        head = f"+1  {data.get('event_id')} sources={data.get('sources')} score={data.get('score')}"
    else:
        post = data
        head = f"POST {data.get('id')} v{data.get('version', 1)}"
    when = post.get("published_at") or "-"
    text = _first_line(post.get("title") or post.get("text"))
    return f"{entry_id} {when} {head} | {post.get('source')}: {show_rtl(text, visual=visual)}"


async def tail_stream(
    settings: Settings,
    url: str,
    *,
    stream: str,
    group: str | None,
    from_start: bool,
    count: int,
    as_json: bool,
    visual: bool,
) -> None:
    store = Store(connect(url), settings.redis)
    key = store.keys.stream(stream)
    consumer = "tail"
    last = "0-0" if from_start else "$"
    seen = 0
    try:
        if group:
            try:
                await store.client.xgroup_create(
                    key, group, id="0" if from_start else "$", mkstream=True
                )
            except ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise
        while count == 0 or seen < count:
            if group:
                entries = await store.xreadgroup(group, consumer, key, count=100, block_ms=2000)
            else:
                entries = await store.xread(key, last, count=100, block_ms=2000)
            for entry in entries:
                last = entry.id
                if as_json:
                    line = json.dumps({"id": entry.id, **entry.fields}, ensure_ascii=False)
                else:
                    line = format_entry(stream, entry.id, entry.fields, visual=visual)
                sys.stdout.write(line + "\n")
                sys.stdout.flush()
                if group:
                    await store.client.xack(key, group, entry.id)
                seen += 1
                if count and seen >= count:
                    return
    finally:
        await store.aclose()
