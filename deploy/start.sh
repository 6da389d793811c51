#!/bin/sh
# The image's start-up sequence (the Dockerfile's CMD); CI runs the same script outside
# Docker against the real PostgreSQL and Redis (tests/test_live_stack.py).
# DJANGO_MIGRATE_ON_START=false on all but one replica when several web machines share a
# database (docs/deployment.md).
set -eu
cd "$(dirname "$0")/.."

if [ "${DJANGO_MIGRATE_ON_START:-true}" = true ]; then
    python manage.py migrate --noinput
fi
# The image already holds collected files; this refreshes the volume the front server reads.
python manage.py collectstatic --noinput --verbosity 0
# Up-to-date catalogues are skipped; this matters only when locale/ is mounted over.
python manage.py compilemessages --ignore=.venv --ignore=build --verbosity 0
exec python -m gunicorn --config deploy/gunicorn.conf.py amu_site.wsgi
