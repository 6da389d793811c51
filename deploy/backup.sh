#!/bin/sh
# make backup: the database (pg_dump, custom format) and the media files, into one folder.
#   deploy/backup.sh [TARGET_DIR]      (default: backups/<UTC time>)
# Reads DATABASE_URL (PostgreSQL) and DJANGO_MEDIA_ROOT (default ./media), like the site.
# pg_dump must be the server's major version or newer. docs/deployment.md, "Backups".
set -eu
cd "$(dirname "$0")/.."

case "${DATABASE_URL:-}" in
    postgres://* | postgresql://*) ;;
    *) echo "backup: DATABASE_URL має вказувати на PostgreSQL (needs a PostgreSQL DATABASE_URL)" >&2
       exit 2 ;;
esac
media_root=${DJANGO_MEDIA_ROOT:-$PWD/media}
# A backup holds password hashes and sessions: readable by its owner only.
umask 077
target=${1:-backups/$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$target"

# Custom format: compressed, and pg_restore can pick objects or run in parallel.
# No owners or grants, so a dump restores under another role (a managed database).
pg_dump --format=custom --no-owner --no-privileges \
    --file="$target/database.dump" --dbname="$DATABASE_URL"

# Media are mostly JPEG/PNG/WebP already: plain tar, no second compression.
if [ -d "$media_root" ]; then
    tar -C "$media_root" -cf "$target/media.tar" .
else
    tar -cf "$target/media.tar" -T /dev/null
fi

(cd "$target" && sha256sum database.dump media.tar > SHA256SUMS)
echo "$target"
