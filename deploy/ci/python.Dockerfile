# CI only: stands in for python:3.13-slim-trixie (Docker Hub is not reachable from CI).
# Debian 13's Python 3.13, with pip allowed to install system-wide as in the official image.
ARG DEBIAN_IMAGE=amu-ci/debian:trixie
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-pip python-is-python3 \
        ca-certificates \
    && rm -rf /var/lib/apt/lists/* /usr/lib/python3*/EXTERNALLY-MANAGED
ENV LANG=C.UTF-8
