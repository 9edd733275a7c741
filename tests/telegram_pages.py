"""Hand-written t.me/s preview pages for integration tests (the real captures stay in ../shared)."""

from __future__ import annotations

from datetime import datetime
from html import escape


def message_html(
    channel: str, number: int, text: str, when: datetime, *, edited: bool = False
) -> str:
    meta_word = "edited " if edited else ""
    html_text = escape(text).replace("\n", "<br/>")
    return (
        f'<div class="tgme_widget_message_wrap js-widget_message_wrap">'
        f'<div class="tgme_widget_message text_not_supported_wrap js-widget_message" '
        f'data-post="{channel}/{number}">'
        f'<div class="tgme_widget_message_bubble">'
        f'<div class="tgme_widget_message_text js-message_text" dir="auto">{html_text}</div>'
        f'<div class="tgme_widget_message_footer compact js-message_footer">'
        f'<div class="tgme_widget_message_info short js-message_info">'
        f'<span class="tgme_widget_message_views">1.2K</span>'
        f'<span class="tgme_widget_message_meta">{meta_word}'
        f'<a class="tgme_widget_message_date" href="https://t.me/{channel}/{number}">'
        f'<time datetime="{when.isoformat()}" class="time">{when:%H:%M}</time></a></span>'
        f"</div></div></div></div></div>"
    )


def preview_page(
    channel: str,
    messages: list[tuple[int, str, datetime]],
    *,
    before: int | None = None,
    edited: frozenset[int] = frozenset(),
) -> bytes:
    """A preview page; ``before`` is the page's own "load older" cursor."""
    prev_link = f'<link rel="prev" href="/s/{channel}?before={before}">' if before else ""
    more = (
        f'<a class="tme_messages_more js-messages_more" data-before="{before}" '
        f'href="/s/{channel}?before={before}"></a>'
        if before
        else ""
    )
    body = "".join(
        message_html(channel, n, text, when, edited=n in edited) for n, text, when in messages
    )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{prev_link}'
        f'<meta property="og:title" content="{channel}"></head><body>'
        f'<section class="tgme_channel_history js-message_history">'
        f'<div class="tgme_widget_message_centered js-messages_more_wrap">{more}</div>'
        f"{body}</section></body></html>"
    ).encode()
