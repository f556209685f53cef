#!/usr/bin/env bash
# Serves the app in the foreground; `make run` calls this after migrating
# and seeding the database. Binds to 127.0.0.1:$PORT (default 5000).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV="${VENV:-.venv}"
PORT="${PORT:-5000}"
export FLASK_APP="${FLASK_APP:-wsgi}"

exec "$VENV/bin/gunicorn" -k gevent -w 1 -b "127.0.0.1:${PORT}" wsgi:app
