"""The project's own test pages: small hand-written feeds and articles about strikes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

BASE_TIME = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)

STRIKES = {
    "bukamal": (
        "غارات جوية على مستودعات أسلحة في البوكمال",
        "استهدفت غارات جوية مجهولة مستودعات أسلحة تابعة للميليشيات الإيرانية في مدينة البوكمال "
        "بريف دير الزور الشرقي فجر اليوم، ما أدى إلى مقتل ستة عناصر وتدمير عدد من الآليات.",
    ),
    "idlib": (
        "قصف مدفعي على قرية في ريف إدلب الجنوبي",
        "قصفت قوات النظام بالمدفعية الثقيلة قرية كفرنبل في ريف إدلب الجنوبي، ما أسفر عن إصابة "
        "ثلاثة مدنيين بجروح، بحسب الدفاع المدني السوري.",
    ),
}


def article_html(title: str, body: str, published: datetime, *, tweet: bool = False) -> bytes:
    embed = ""
    if tweet:
        embed = (
            '<blockquote class="twitter-tweet"><p lang="ar" dir="rtl">'
            "غارات على البوكمال الآن</p>&mdash; Deir Ezzor 24 (@DeirEzzore24) "
            '<a href="https://twitter.com/DeirEzzore24/status/1861234567890123456">'
            "November 20, 2026</a></blockquote>"
        )
    paragraphs = "".join(f"<p>{sentence.strip()}.</p>" for sentence in body.split("،") if sentence)
    return f"""<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title}</title>
<meta property="article:published_time" content="{published.isoformat()}">
</head><body><nav><a href="/">الرئيسية</a> <a href="/news">أخبار</a></nav>
<article><h1>{title}</h1>{paragraphs}{embed}</article>
<footer>جميع الحقوق محفوظة</footer></body></html>""".encode()


def rss(base_url: str, items: list[tuple[str, str, str, datetime]]) -> bytes:
    """items: (path, title, summary, published)."""
    entries = "".join(
        f"<item><title>{title}</title><link>{base_url}{path}</link>"
        f"<guid>{base_url}{path}</guid><description>{summary}</description>"
        f"<pubDate>{format_datetime(published)}</pubDate></item>"
        for path, title, summary, published in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Test outlet</title><link>{base_url}/</link><language>ar</language>"
        f"{entries}</channel></rss>"
    ).encode()


def serve_outlets(web: object) -> list[tuple[str, str]]:
    """Two outlets: one reports Bukamal and Idlib, the other copies the Bukamal report.

    Returns (source name, feed url) pairs. Expected: 2 events, 1 update.
    """
    base = f"http://127.0.0.1:{web.port}"  # type: ignore[attr-defined]
    b_title, b_body = STRIKES["bukamal"]
    i_title, i_body = STRIKES["idlib"]
    t0 = BASE_TIME
    web.route("/a/bukamal", body=article_html(b_title, b_body, t0))  # type: ignore[attr-defined]
    web.route("/a/idlib", body=article_html(i_title, i_body, t0 + timedelta(hours=2)))  # type: ignore[attr-defined]
    web.route("/b/bukamal-copy", body=article_html(b_title, b_body, t0 + timedelta(hours=1)))  # type: ignore[attr-defined]
    feed_a = web.route(  # type: ignore[attr-defined]
        "/a/feed.xml",
        body=rss(
            base,
            [
                ("/a/bukamal", b_title, b_body, t0),
                ("/a/idlib", i_title, i_body, t0 + timedelta(hours=2)),
            ],
        ),
        content_type="application/rss+xml",
        headers={"ETag": '"a1"'},
    )
    feed_b = web.route(  # type: ignore[attr-defined]
        "/b/feed.xml",
        body=rss(base, [("/b/bukamal-copy", b_title, b_body, t0 + timedelta(hours=1))]),
        content_type="application/rss+xml",
    )
    return [("outlet-a", feed_a), ("outlet-b", feed_b)]


def config_toml(
    *,
    redis_url: str | None,
    prefix: str,
    data_dir: str,
    sources: list[tuple[str, str]],
    every: str = "60s",
    extra: str = "",
) -> str:
    redis_line = f'url = "{redis_url}"\n' if redis_url else ""
    rows = "".join(
        f'[[sources]]\nname = "{name}"\nkind = "feed"\nurl = "{url}"\nevery = "{every}"\n\n'
        for name, url in sources
    )
    return (
        f'[redis]\n{redis_line}prefix = "{prefix}"\n\n'
        f'[daemon]\ndata_dir = "{data_dir}"\nmetrics = "off"\nlease_ms = 5000\n\n'
        "[http]\nallow_private_networks = true\nper_host_delay = 0\nretries = 0\n\n"
        "[twitter]\nresolve = false\n\n"
        f"{extra}\n{rows}"
    )
