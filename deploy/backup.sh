#!/usr/bin/env bash
# Nightly backup: a pg_dump of the database (cases, attachments and the audit chain all live
# there), the app's instance/ directory, and the audit chain's head hash; keeps BACKUP_KEEP_DAYS.
# Run by mediation-backup.service; restore drill in docs/deployment.md.
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is not set}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/mediation}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-30}"
APP_DIR="${APP_DIR:-/srv/mediation/app}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"

mkdir -p "$BACKUP_DIR"
umask 077
# pg_dump takes libpq URLs; the app's own "postgresql+psycopg://" form is not one.
url="${DATABASE_URL/postgresql+psycopg:/postgresql:}"
pg_dump --format=custom --no-owner --file "$BACKUP_DIR/mediation-$stamp.dump.part" "$url"
mv "$BACKUP_DIR/mediation-$stamp.dump.part" "$BACKUP_DIR/mediation-$stamp.dump"
tar -C "$APP_DIR" -czf "$BACKUP_DIR/instance-$stamp.tar.gz" instance
(cd "$APP_DIR" && FLASK_APP=wsgi .venv/bin/flask audit verify) >"$BACKUP_DIR/audit-$stamp.txt" 2>&1 || {
  echo "audit chain verification FAILED, see $BACKUP_DIR/audit-$stamp.txt" >&2
  exit 1
}
find "$BACKUP_DIR" -maxdepth 1 -type f \( -name 'mediation-*.dump' -o -name 'instance-*.tar.gz' \
  -o -name 'audit-*.txt' \) -mtime +"$BACKUP_KEEP_DAYS" -delete
echo "backup written: $BACKUP_DIR/mediation-$stamp.dump"
