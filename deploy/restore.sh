#!/bin/sh
# make restore BACKUP=backups/<time>: replaces the database and the media files with a
# backup made by deploy/backup.sh. Stop the web containers first (docs/deployment.md).
set -eu
cd "$(dirname "$0")/.."

source=${1:?"usage: deploy/restore.sh BACKUP_DIR"}
case "${DATABASE_URL:-}" in
    postgres://* | postgresql://*) ;;
    *) echo "restore: DATABASE_URL має вказувати на PostgreSQL (needs a PostgreSQL DATABASE_URL)" >&2
       exit 2 ;;
esac
media_root=${DJANGO_MEDIA_ROOT:-$PWD/media}

# A damaged or partial copy stops here, before anything is replaced.
(cd "$source" && sha256sum --check --quiet SHA256SUMS)
tar -tf "$source/media.tar" >/dev/null

# One transaction: a restore that fails half-way leaves the database as it was.
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
    --exit-on-error --dbname="$DATABASE_URL" "$source/database.dump"

# Emptied in place rather than replaced: in the container MEDIA_ROOT is a volume mount.
mkdir -p "$media_root"
find "$media_root" -mindepth 1 -delete
tar -C "$media_root" -xf "$source/media.tar"

# Cached pages show the database of before: each is rebuilt on its next request (same
# REDIS_URL as the site). The virtualenv's Python outside the image, the image's inside.
python=python
[ -x .venv/bin/python ] && python=.venv/bin/python
"$python" manage.py invalidate_pages ||
    echo "restore: кеш сторінок не скинуто; виконайте manage.py invalidate_pages" >&2
echo "restored from $source"
