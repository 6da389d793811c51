#!/bin/sh
# The image's start-up sequence (the Dockerfile's CMD); CI runs the same script outside
# Docker against the real PostgreSQL and Redis (tests/deploy/test_live_stack.py).
# In docker-compose.yml the one-shot `release` service has migrated and collected static
# files before web starts, so there DJANGO_MIGRATE_ON_START is false. Elsewhere (one
# machine per replica) each replica runs `manage.py release`: replicas take turns on a
# PostgreSQL advisory lock, so the schema is migrated once.
set -eu
cd "$(dirname "$0")/.."

if [ "${DJANGO_MIGRATE_ON_START:-true}" = true ]; then
    python manage.py release
fi
# gunicorn runs the system checks before its first worker (deploy/gunicorn.conf.py).
exec python -m gunicorn --config deploy/gunicorn.conf.py amu_site.wsgi
