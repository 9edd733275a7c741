# strikefeed daemon image. Redis runs as its own service (see docker-compose.yml); without
# STRIKEFEED_REDIS__URL the daemon would start the redis-server bundled here instead.
FROM python:3.11-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 strikefeed

WORKDIR /app
COPY pyproject.toml setup.py README.md ./
COPY _build ./_build
COPY scraper ./scraper
# pure Python; STRIKEFEED_MYPYC=1 would compile the linker (setup.py), which needs a C compiler
RUN pip install --no-cache-dir .
COPY config/strikefeed.toml /etc/strikefeed/strikefeed.toml

USER strikefeed
ENV STRIKEFEED_DAEMON__DATA_DIR=/home/strikefeed/data
VOLUME ["/home/strikefeed/data"]
EXPOSE 9464
ENTRYPOINT ["strikefeed"]
CMD ["run", "--config", "/etc/strikefeed/strikefeed.toml"]
