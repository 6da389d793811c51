# CI only: stands in for caddy:2.10-alpine — Debian's Caddy, laid out as the official image.
ARG DEBIAN_IMAGE=amu-ci/debian:trixie
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends caddy \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /config /data /srv
ENV XDG_CONFIG_HOME=/config XDG_DATA_HOME=/data
CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]
