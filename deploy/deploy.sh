#!/bin/sh
# The first run, an upgrade or a rollback of the compose stack, with no moment without
# service (docs/deployment.md):
#   deploy/deploy.sh              build this working tree's code and roll it out
#   deploy/deploy.sh --rollback   roll the image before the last deploy back out
# Steps: the image (the one running is kept as amu-newsroom:previous); `release` once
# (migrations, static files, first-run data) while the old code still serves; then web and
# web2 are replaced one at a time, each only once the other is healthy, and the front
# server routes around the one being replaced.
# COMPOSE: the compose command (default `docker compose`), e.g. with -f for an override.
set -eu
cd "$(dirname "$0")/.."
compose=${COMPOSE:-docker compose}
image=amu-newsroom

case "${1:-}" in
    --rollback)
        if ! docker image inspect "$image:previous" >/dev/null 2>&1; then
            echo "deploy: немає попереднього образу $image:previous (no previous image)" >&2
            exit 2
        fi
        docker tag "$image:previous" "$image:latest"
        ;;
    "")
        if docker image inspect "$image:latest" >/dev/null 2>&1; then
            docker tag "$image:latest" "$image:previous"
        fi
        AMU_RELEASE=${AMU_RELEASE:-$(git rev-parse --short HEAD 2>/dev/null || date -u +%Y%m%dT%H%M%SZ)}
        export AMU_RELEASE
        $compose build release
        ;;
    *)
        echo "usage: deploy/deploy.sh [--rollback]" >&2
        exit 2
        ;;
esac

$compose up -d --wait db redis
# Expand-only migrations (docs/deployment.md): the replicas still running the old code
# keep working against the new schema.
$compose run --rm --no-deps release
for replica in web web2; do
    $compose up -d --no-deps --wait "$replica"
    # The front server probes every 2 s: wait until it routes to this replica again
    # before the other one goes.
    sleep 3
done
$compose up -d --no-deps front
echo "deploy: готово (done)"
