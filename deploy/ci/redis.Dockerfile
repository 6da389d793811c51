# CI only: stands in for redis:7.4-alpine — Debian's Redis server.
ARG DEBIAN_IMAGE=amu-ci/debian:trixie
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends redis-server \
    && rm -rf /var/lib/apt/lists/*
# As the official image does without a config file: reachable from the compose network.
ENTRYPOINT ["sh", "-c", "exec runuser -u redis -- \"$0\" --protected-mode no \"$@\""]
CMD ["redis-server"]
