"""Load: 1,000 feed sources on a local server, polled every minute by one ``strikefeed run``.

Not a test: a measurement for ``docs/benchmarks.md`` ("Load: 1,000 sources").

    .venv/bin/python bench/bench_load.py [--minutes 60] [--sources 1000] [--hosts 100] [--no-peer]

Three child processes beside the bench: a tiny asyncio HTTP server (100 ports on 127.0.0.1, so
per-host politeness works as with 100 sites; every feed answers 304 to its ETag, and about 50
feeds a minute gain a new item whose article page the daemon then fetches), a redis-server, and
the daemon itself. With ``--peer`` (default) a bare httpx polling loop over the same feeds runs
beside it: the floor any poller pays for the same traffic, so the ratio says what strikefeed's
scheduling, leases, extraction, Redis and dedup cost on top.

Printed: CPU share of one core, resident memory at start, after warm-up and at the end, source
run latency p50/p99 (from the daemon's own /metrics histogram), fetch latency of the peer.
Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scraper.constants import DEDUP_GROUP  # noqa: E402
from scraper.models import Post, web_post_id  # noqa: E402
from tests.support.redis_proc import RedisProcess, free_port  # noqa: E402

NEW_ITEM_EVERY_S = 20 * 60  # each feed gains an item every 20 min: ~50 new articles a minute
FEED_ITEMS = 10
TICKS = os.sysconf("SC_CLK_TCK")

# --- the server (runs as `bench_load.py --serve`) ------------------------------------------


def _feed_state(index: int, started: float) -> int:
    """How many items feed ``index`` has had so far; offsets spread the additions evenly."""
    offset = (index * 7919) % NEW_ITEM_EVERY_S
    return 3 + int((time.time() - started + offset) // NEW_ITEM_EVERY_S)


def _item_stamp(index: int, n: int, started: float) -> float:
    """When item ``n`` of feed ``index`` appeared (the moment _feed_state counts it): real
    reports are dated around when they are published, and the dedup window follows those dates."""
    offset = (index * 7919) % NEW_ITEM_EVERY_S
    return started + (n - 3 + 1) * NEW_ITEM_EVERY_S - offset


def _item_time(index: int, n: int, started: float, rfc822: bool = False) -> str:
    when = _item_stamp(index, n, started)
    if rfc822:
        return email.utils.formatdate(when, usegmt=True)
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(when))


def _feed(index: int, count: int, base: str, started: float) -> bytes:
    items = []
    for n in range(max(0, count - FEED_ITEMS), count):
        items.append(
            f"<item><title>غارة {index}-{n}</title><link>{base}/s/{index}/a/{n}</link>"
            f"<guid>{base}/s/{index}/a/{n}</guid><description>قصف على موقع {index} رقم {n}"
            f"</description><pubDate>{_item_time(index, n, started, rfc822=True)}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>outlet '
        f"{index}</title><link>{base}/</link>{''.join(items)}</channel></rss>"
    ).encode()


_WORDS = [
    "غارة",
    "قصف",
    "صاروخ",
    "مسيرة",
    "انفجار",
    "مستودع",
    "ذخيرة",
    "رتل",
    "عسكري",
    "حاجز",
    "مطار",
    "قاعدة",
    "حقل",
    "نفط",
    "جسر",
    "مدرسة",
    "مشفى",
    "سوق",
    "شرقي",
    "غربي",
    "شمالي",
    "جنوبي",
    "فجر",
    "مساء",
    "ليلة",
    "مصادر",
    "محلية",
    "ناشطون",
    "مرصد",
]
_PLACES = ("البوكمال", "الميادين", "دير الزور", "إدلب", "حلب", "درعا", "القائم", "أربيل", "تدمر")


def _villages() -> list[str]:
    """Real village names (the gazetteer's learned list), so reports name many distinct places."""
    names = []
    path = ROOT / "scraper" / "dedup" / "data" / "places_learned.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            names.append(line.split("\t")[2].split("|")[0])
    return names


_VILLAGES = _villages()
_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
OUTLETS_PER_STRIKE = 3


def _paragraphs(index: int, n: int) -> tuple[str, str]:
    """Item ``n`` of feeds 3g, 3g+1 and 3g+2 reports one strike, each outlet in its own words:
    dedup then sees both new events and corroborating reports, as in real traffic."""
    strike = random.Random((index // OUTLETS_PER_STRIKE) * 100_003 + n)
    place = strike.choice(_VILLAGES)
    words = [strike.choice(_WORDS) for _ in range(20)]
    # Names only this strike's reports carry (people, units, streets), as real reports have.
    words += ["".join(strike.choices(_LETTERS, k=strike.randint(4, 7))) for _ in range(20)]
    strike.shuffle(words)
    killed, injured = strike.randint(1, 30), strike.randint(1, 50)
    outlet = random.Random(index * 7_919 + n)
    kept = [w for w in words if outlet.random() > 0.25]
    text = f"{' '.join(kept)} في {place} ما أدى إلى مقتل {killed} وإصابة {injured}."
    return text, " ".join(reversed(kept))


def _article(index: int, n: int, started: float) -> bytes:
    lead, second = _paragraphs(index, n)
    published = _item_time(index, n, started)
    return (
        f'<!doctype html><html lang="ar"><head><meta charset="utf-8"><title>غارة {index}-{n}'
        f'</title><meta property="article:published_time" content="{published}">'
        f"</head><body><nav><a href='/'>home</a></nav><article><h1>غارة {index}-{n}</h1>"
        f"<p>{lead}</p><p>{second}</p></article><footer>footer</footer></body></html>"
    ).encode()


def preseed(
    redis_client: Any, prefix: str, urls: list[str], started: float, hours: float
) -> tuple[int, str]:
    """Put ``hours`` of earlier reports on the posts stream, as a daemon that had run for days
    would leave them. The daemon under test links and publishes them as a backlog first, on its
    ordinary path, so the hour is measured with the dedup window (and event book) already full:
    the state a long-running daemon lives in.

    Only items older than anything the feeds still list are seeded, so no report is seen twice.
    """
    posts: list[tuple[float, Post]] = []
    oldest_listed = 3 - FEED_ITEMS  # _feed_state starts at 3 and a feed lists FEED_ITEMS items
    for index, feed_url in enumerate(urls):
        base = feed_url.rsplit("/s/", 1)[0]
        n = oldest_listed - 1
        while (when := _item_stamp(index, n, started)) >= started - hours * 3600:
            url = f"{base}/s/{index}/a/{n}"
            lead, second = _paragraphs(index, n)
            published = datetime.fromtimestamp(when, UTC)
            post = Post(
                id=web_post_id(url),
                source=f"s{index}",
                kind="article",
                url=url,
                text=f"{lead}\n\n{second}",
                title=f"غارة {index}-{n}",
                published_at=published,
                fetched_at=published + timedelta(seconds=30),
                lang="ar",
            )
            posts.append((when, post))
            n -= 1
    posts.sort(key=lambda pair: pair[0])
    stream = f"{prefix}:posts"
    last_id = "0-0"
    pipe = redis_client.pipeline(transaction=False)
    for seq, (when, post) in enumerate(posts):
        # Explicit ids in the past (ms-seq, increasing): the replay selects by stream id time.
        last_id = f"{int(when * 1000)}-{seq}"
        pipe.xadd(stream, {"post": post.to_json()}, id=last_id)
        if seq % 5000 == 4999:
            pipe.execute()
    pipe.execute()
    return len(posts), last_id


def _stream_id(value: Any) -> tuple[int, int]:
    text = value.decode() if isinstance(value, bytes) else str(value)
    ms, _, seq = text.partition("-")
    return int(ms), int(seq or 0)


def backlog_done(redis_client: Any, stream: str, last_id: str) -> bool:
    """Whether the dedup group has delivered everything up to the last seeded post."""
    for group in redis_client.xinfo_groups(stream):
        name = group["name"].decode() if isinstance(group["name"], bytes) else group["name"]
        if name == DEDUP_GROUP:
            return _stream_id(group["last-delivered-id"]) >= _stream_id(last_id)
    return False


async def _serve(ports: list[int], sources: int, started: float) -> None:

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        port = writer.get_extra_info("sockname")[1]
        base = f"http://127.0.0.1:{port}"
        try:
            while True:
                request = await reader.readline()
                if not request:
                    return
                headers: dict[str, str] = {}
                while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                path = request.split()[1].decode()
                parts = path.strip("/").split("/")
                status, body, etag = "404 Not Found", b"", ""
                if len(parts) >= 3 and parts[0] == "s" and parts[1].isdigit():
                    index = int(parts[1])
                    if parts[2] == "feed.xml" and index < sources:
                        count = _feed_state(index, started)
                        etag = f'"{index}-{count}"'
                        if headers.get("if-none-match") == etag:
                            status = "304 Not Modified"
                        else:
                            status, body = "200 OK", _feed(index, count, base, started)
                    elif parts[2] == "a" and len(parts) == 4 and parts[3].isdigit():
                        status, body = "200 OK", _article(index, int(parts[3]), started)
                head = f"HTTP/1.1 {status}\r\nContent-Length: {len(body)}\r\n"
                if etag:
                    head += f"ETag: {etag}\r\n"
                ctype = "application/rss+xml" if path.endswith(".xml") else "text/html"
                writer.write(f"{head}Content-Type: {ctype}\r\n\r\n".encode() + body)
                await writer.drain()
        except (ConnectionError, OSError, IndexError, UnicodeDecodeError):
            pass
        finally:
            writer.close()

    # Port 0: the kernel picks free ports, so nothing else can take one between pick and bind.
    servers = [await asyncio.start_server(handle, "127.0.0.1", 0) for _ in ports]
    bound = [s.sockets[0].getsockname()[1] for s in servers]
    print(" ".join(map(str, bound)), flush=True)
    await asyncio.gather(*(s.serve_forever() for s in servers))


# --- the peer (runs as `bench_load.py --peer`) ---------------------------------------------


async def _peer(urls: list[str], every: float, out: Path, minutes: float) -> None:
    import httpx

    latencies: list[float] = []
    etags: dict[str, str] = {}
    errors = 0
    async with httpx.AsyncClient(timeout=20, limits=httpx.Limits(max_connections=200)) as client:

        async def poll(url: str) -> None:
            nonlocal errors
            await asyncio.sleep(random.uniform(0, every))
            while True:
                started = time.perf_counter()
                try:
                    headers = {"If-None-Match": etags[url]} if url in etags else {}
                    response = await client.get(url, headers=headers)
                    if response.status_code == 200 and "etag" in response.headers:
                        etags[url] = response.headers["etag"]
                    latencies.append(time.perf_counter() - started)
                except httpx.HTTPError:
                    errors += 1
                await asyncio.sleep(every)

        tasks = [asyncio.create_task(poll(u)) for u in urls]
        await asyncio.sleep(minutes * 60)
        for task in tasks:
            task.cancel()
    out.write_text(json.dumps({"latencies": latencies, "errors": errors}))


# --- measuring ------------------------------------------------------------------------------


@dataclass
class Usage:
    cpu_seconds: float
    rss_mb: float


def usage(pid: int) -> Usage:
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(stat[11]) + int(stat[12])) / TICKS  # utime + stime
    rss_kb = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss_kb = int(line.split()[1])
    return Usage(cpu, rss_kb / 1024)


@dataclass
class Track:
    name: str
    pid: int
    samples: list[tuple[float, Usage]] = field(default_factory=list)

    def sample(self, now: float) -> None:
        self.samples.append((now, usage(self.pid)))

    def cpu_share(self, since: float) -> float:
        window = [(t, u) for t, u in self.samples if t >= since]
        (t0, u0), (t1, u1) = window[0], window[-1]
        return (u1.cpu_seconds - u0.cpu_seconds) / max(1e-9, t1 - t0)

    def rss_at(self, when: float) -> float:
        return min(self.samples, key=lambda s: abs(s[0] - when))[1].rss_mb


def _buckets(metrics: str, name: str) -> dict[float, float]:
    buckets: dict[float, float] = {}
    for line in metrics.splitlines():
        if line.startswith(f"{name}_bucket{{"):
            le = line.split('le="')[1].split('"')[0]
            bound = float("inf") if le == "+Inf" else float(le)
            buckets[bound] = buckets.get(bound, 0.0) + float(line.rsplit(" ", 1)[1])
    return buckets


def histogram_quantiles(
    metrics: str, name: str, qs: tuple[float, ...], *, since: str = ""
) -> dict[float, float]:
    """Quantiles of a Prometheus histogram (summed over labels) between two scrapes, linear
    within buckets: the first pass (every article new, politeness queues full) is left out."""
    buckets = _buckets(metrics, name)
    before = _buckets(since, name)
    buckets = {b: v - before.get(b, 0.0) for b, v in buckets.items()}
    bounds = sorted(buckets)
    total = buckets[bounds[-1]] if bounds else 0.0
    result: dict[float, float] = {}
    for q in qs:
        target, lower, below = q * total, 0.0, 0.0
        for bound in bounds:
            if buckets[bound] >= target:
                if bound == float("inf"):
                    result[q] = lower
                else:
                    span = buckets[bound] - below
                    result[q] = lower + (bound - lower) * ((target - below) / span if span else 1)
                break
            lower, below = bound, buckets[bound]
    return result


def counter_sum(metrics: str, name: str, contains: str = "") -> float:
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in metrics.splitlines()
        if line.startswith(name) and contains in line
    )


def _scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        return str(response.read().decode())


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=60.0)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--hosts", type=int, default=100)
    parser.add_argument("--every", default="60s")
    parser.add_argument(
        "--dedup-window-hours",
        type=float,
        default=None,
        help="Shrink the dedup window so it fills during the run (tells window growth from leaks).",
    )
    parser.add_argument("--peer", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument(
        "--preseed",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="Start with a dedup window's worth of earlier reports on the posts stream, which "
        "the daemon replays at start: the hour is then measured at steady state (default).",
    )
    parser.add_argument("--epoch", type=float, default=0.0, help=argparse.SUPPRESS)
    parser.add_argument("--serve", nargs="*", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--peer-run", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.serve is not None:
        asyncio.run(_serve(args.serve, args.sources, args.epoch))
        return
    if args.peer_run:
        spec = json.loads(Path(args.peer_run).read_text())
        asyncio.run(_peer(spec["urls"], spec["every"], Path(spec["out"]), spec["minutes"]))
        return

    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    children: list[subprocess.Popen[bytes]] = []
    redis_proc = RedisProcess(work / "redis", persist=True).start()
    epoch = time.time()
    seeded = 0
    loads: list[float] = []
    try:
        server = subprocess.Popen(
            [sys.executable, __file__, "--sources", str(args.sources), "--epoch", str(epoch)]
            + ["--serve"]
            + ["0"] * args.hosts,
            stdout=subprocess.PIPE,
        )
        children.append(server)
        assert server.stdout is not None
        ports = [int(p) for p in server.stdout.readline().split()]
        if len(ports) != args.hosts:
            raise SystemExit("the local server did not start")
        urls = [
            f"http://127.0.0.1:{ports[i % len(ports)]}/s/{i}/feed.xml" for i in range(args.sources)
        ]

        if args.preseed:
            hours = args.dedup_window_hours or 72.0
            print(f"seeding {hours:g} h of earlier reports on the posts stream…", flush=True)
            seeded, seeded_last = preseed(redis_proc.client(), "bench", urls, epoch, hours)
            print(f"  {seeded:,} posts seeded", flush=True)

        metrics_port = free_port()
        rows = "".join(
            f'[[sources]]\nname = "s{i}"\nkind = "feed"\nurl = "{url}"\nevery = "{args.every}"\n'
            for i, url in enumerate(urls)
        )
        config = work / "strikefeed.toml"
        config.write_text(
            f'[redis]\nurl = "{redis_proc.url}"\nprefix = "bench"\n\n'
            f'[daemon]\ndata_dir = "{work / "data"}"\nmetrics = "127.0.0.1:{metrics_port}"\n\n'
            # Politeness stays on (1 s between requests to one host, 2 at a time): 100 hosts
            # of 10 feeds each, as a real deployment would have.
            "[http]\nallow_private_networks = true\n\n[twitter]\nresolve = false\n\n"
            + (
                f"[dedup]\nwindow_hours = {args.dedup_window_hours}\n\n"
                if args.dedup_window_hours
                else ""
            )
            + rows
        )
        log_file = (work / "daemon.log").open("wb")
        daemon = subprocess.Popen(
            [sys.executable, "-m", "scraper", "run", "--config", str(config)],
            cwd=ROOT,
            stderr=log_file,
            env={k: v for k, v in os.environ.items() if not k.startswith("STRIKEFEED_")},
        )
        children.append(daemon)
        tracks = [Track("strikefeed run", daemon.pid)]
        replay_seconds = 0.0
        if args.preseed:
            # The measured hour starts once the daemon has worked through the seeded backlog.
            replay_started = time.monotonic()
            client = redis_proc.client()
            while not backlog_done(client, "bench:posts", seeded_last):
                if daemon.poll() is not None:
                    raise SystemExit(f"daemon exited with {daemon.returncode}; see {work}")
                if time.monotonic() - replay_started > 3600:
                    raise SystemExit(f"backlog not linked within an hour; see {work}")
                time.sleep(2.0)
            replay_seconds = time.monotonic() - replay_started
            print(f"backlog linked and published in {replay_seconds:.0f} s", flush=True)

        # The peer starts with the measured hour, so both are measured over the same minutes.
        peer_out = work / "peer.json"
        if args.peer:
            spec = work / "peer-spec.json"
            every = float(args.every.rstrip("s"))
            spec.write_text(
                json.dumps(
                    {"urls": urls, "every": every, "out": str(peer_out), "minutes": args.minutes}
                )
            )
            peer = subprocess.Popen([sys.executable, __file__, "--peer-run", str(spec)])
            children.append(peer)
            tracks.append(Track("httpx loop (peer)", peer.pid))

        started = time.monotonic()
        end = started + args.minutes * 60
        warm = started + min(120.0, args.minutes * 60 / 4)  # first full pass done, pools grown
        print(f"running {args.minutes:g} min; work dir {work}", flush=True)
        warm_metrics = ""
        while (now := time.monotonic()) < end:
            loads.append(os.getloadavg()[0])
            for track in tracks:
                track.sample(now)
            if not warm_metrics and now >= warm:
                warm_metrics = _scrape(metrics_port)
            if daemon.poll() is not None:
                raise SystemExit(f"daemon exited with {daemon.returncode}; see {work}/daemon.log")
            time.sleep(min(5.0, max(0.0, end - now)))
        for track in tracks:
            track.sample(time.monotonic())
        metrics = _scrape(metrics_port)
        if args.peer:
            deadline = time.monotonic() + 60
            while children[-1].poll() is None and time.monotonic() < deadline:
                time.sleep(0.5)
    finally:
        for child in reversed(children):
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
                try:
                    child.wait(30)
                except subprocess.TimeoutExpired:
                    child.kill()
        redis_client = redis_proc.client()
        streams = {s: redis_client.xlen(f"bench:{s}") for s in ("posts", "events", "updates")}
        redis_proc.stop()

    print(f"\n{args.sources} sources on {args.hosts} local hosts, every {args.every}, "
          f"{args.minutes:g} min, {os.cpu_count()} cores")  # fmt: skip
    # CPU and latency figures only count on an otherwise quiet machine: say how quiet it was.
    print(f"machine load average over the run: mean {sum(loads) / max(1, len(loads)):.2f}, "
          f"max {max(loads, default=0.0):.2f}")  # fmt: skip
    if args.preseed:
        print(f"steady state: {seeded:,} earlier posts seeded and linked ({replay_seconds:.0f} s)"
              " before the measured hour")  # fmt: skip
    print(f"{'process':<20} {'CPU % of a core':>16} {'RSS start MB':>13} "
          f"{'RSS warm MB':>12} {'RSS end MB':>11} {'end/warm':>9}")  # fmt: skip
    for track in tracks:
        first, last = track.samples[0][0], track.samples[-1][0]
        rss_start, rss_warm, rss_end = track.rss_at(first), track.rss_at(warm), track.rss_at(last)
        print(
            f"{track.name:<20} {100 * track.cpu_share(warm):>16.1f} {rss_start:>13.1f} "
            f"{rss_warm:>12.1f} {rss_end:>11.1f} {rss_end / rss_warm:>9.3f}"
        )
    daemon_track = tracks[0]
    first, last = daemon_track.samples[0][0], daemon_track.samples[-1][0]
    marks = [first + (last - first) * k / 6 for k in range(7)]
    curve = ", ".join(f"{(m - first) / 60:.0f} min {daemon_track.rss_at(m):.1f}" for m in marks)
    print(f"strikefeed RSS MB over the run: {curve}")
    runs = counter_sum(metrics, "strikefeed_fetches_total")
    by_status = {
        status: counter_sum(metrics, "strikefeed_fetches_total", f'status="{status}"')
        for status in ("ok", "not-modified", "failed", "timeout", "leased-elsewhere")
    }
    expected = args.sources * (1 + args.minutes * 60 / float(args.every.rstrip("s")))
    q = histogram_quantiles(
        metrics, "strikefeed_source_run_seconds", (0.5, 0.99), since=warm_metrics
    )
    print(f"\nstrikefeed: {runs:.0f} source runs {by_status}, expected ≈ {expected:.0f}")
    print(
        f"  source run latency p50 {1000 * q[0.5]:.1f} ms, p99 {1000 * q[0.99]:.1f} ms "
        "(after warm-up; whole run: feed, new articles, Redis; from /metrics)"
    )
    errors = counter_sum(metrics, "strikefeed_errors_total")
    print(f"  streams: {streams}; errors counted: {errors:.0f}")
    if args.peer and peer_out.exists():
        peer_data = json.loads(peer_out.read_text())
        lat = peer_data["latencies"]
        p50, p99 = 1000 * percentile(lat, 0.5), 1000 * percentile(lat, 0.99)
        print(
            f"peer: {len(lat)} fetches, {peer_data['errors']} errors, "
            f"fetch p50 {p50:.1f} ms, p99 {p99:.1f} ms"
        )
        ratio = tracks[0].cpu_share(warm) / max(1e-9, tracks[1].cpu_share(warm))
        print(f"CPU ratio strikefeed / bare httpx loop: {ratio:.1f}×")


if __name__ == "__main__":
    main()
