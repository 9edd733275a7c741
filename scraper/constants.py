"""Every default and magic number of strikefeed, in one place."""

from __future__ import annotations

DEFAULT_PREFIX = "strikefeed"
DEFAULT_DATA_DIR = "./data"
DEFAULT_CONFIG_PATH = "config/strikefeed.toml"
ENV_PREFIX = "STRIKEFEED_"

# Redis
DEFAULT_POSTS_MAXLEN = 1_000_000
DEFAULT_EVENTS_MAXLEN = 200_000
DEFAULT_UPDATES_MAXLEN = 1_000_000
# A post id is remembered this long; feeds rarely keep older items.
SEEN_TTL_SECONDS = 30 * 24 * 3600
DEDUP_GROUP = "dedup"
DEDUP_LEASE_NAME = "dedup-leader"
REDIS_RETRY_BASE_SECONDS = 0.5
REDIS_RETRY_CAP_SECONDS = 30.0
# Commands beyond this many in flight wait (up to the timeout) for a pooled connection.
REDIS_MAX_CONNECTIONS = 64
REDIS_POOL_TIMEOUT_SECONDS = 20.0

# Scheduling
DEFAULT_LEASE_MS = 60_000
DEFAULT_JOB_TIMEOUT_SECONDS = 300.0
DEFAULT_JITTER_FRACTION = 0.1
BACKOFF_BASE_SECONDS = 30.0
BACKOFF_CAP_SECONDS = 3600.0
WATCHDOG_INTERVAL_SECONDS = 10.0
WATCHDOG_STALL_SECONDS = 60.0

# HTTP
DEFAULT_USER_AGENT = "strikefeed/0.1 (+https://github.com/strikefeed/strikefeed)"
DEFAULT_TIMEOUT_SECONDS = 20.0
DEFAULT_DEADLINE_SECONDS = 60.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_PER_HOST_DELAY_SECONDS = 1.0
DEFAULT_PER_HOST_CONCURRENCY = 2
DEFAULT_RETRIES = 2
DEFAULT_MAX_REDIRECTS = 5
RETRY_AFTER_CAP_SECONDS = 120.0  # longer waits are left to the scheduler's backoff
MAX_ARTICLES_PER_RUN = 50

# Remote endpoints (configurable so tests can point them at a local server)
TELEGRAM_BASE_URL = "https://t.me"
TWITTER_SYNDICATION_URL = "https://cdn.syndication.twimg.com"
TWITTER_OEMBED_URL = "https://publish.twitter.com/oembed"

# Tweet resolver
# Gone tweets and oEmbed-only answers are cached this long (capped by [twitter] cache_ttl): long
# enough not to ask again for every article that embeds them, short enough to notice an undelete.
SHORT_CACHE_TTL_SECONDS = 24 * 3600.0
ENDPOINT_BACKOFF_BASE_SECONDS = 60.0
ENDPOINT_BACKOFF_CAP_SECONDS = 3600.0
# A Retry-After is honoured, but a silly one (days) must not switch an endpoint off for good.
RETRY_AFTER_MAX_SECONDS = 6 * 3600.0
MAX_RESOLVE_PER_BATCH = 100
MAX_LINKED_PER_POST = 10
RESOLVE_CONCURRENCY = 4
# After this many runs where both endpoints failed on one id, it is cached as unresolvable.
MAX_ATTEMPTS_PER_ID = 3

# Embedded redis-server
EMBEDDED_REDIS_START_TIMEOUT_SECONDS = 15.0
DEFAULT_METRICS_ADDRESS = "127.0.0.1:9464"
