#!/bin/sh
# docker-compose.dev.yml's web: the site from the working tree (mounted at /app) on
# PostgreSQL and Redis, reloaded on every change. The first start migrates, loads the
# hromada directory and the demo content.
set -eu
cd "$(dirname "$0")/.."

python manage.py release --no-static
if ! python manage.py shell -v 0 -c \
    "from news.models import Article; raise SystemExit(0 if Article.objects.exists() else 1)"
then
    python manage.py load_demo_content --no-admin
fi
python manage.py shell -v 0 -c "from news.management.commands.load_demo_content import \
Command; Command().ensure_admin()" | sed "s|127.0.0.1:8000|127.0.0.1:${DEV_PORT:-8000}|"
exec python manage.py runserver 0.0.0.0:8000
