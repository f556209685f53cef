#!/usr/bin/env bash
# `make run` calls this after migrating and seeding: the scheduler process and the web server
# (gunicorn on gevent, 127.0.0.1:$PORT) side by side; stopping one stops both.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

VENV="${VENV:-.venv}"
PORT="${PORT:-5000}"
export FLASK_APP="${FLASK_APP:-wsgi}"

"$VENV/bin/flask" scheduler run &
scheduler=$!
"$VENV/bin/gunicorn" -k gevent -w 1 -b "127.0.0.1:${PORT}" wsgi:app &
web=$!
trap 'kill $scheduler $web 2>/dev/null || true' EXIT INT TERM
echo "Serving http://127.0.0.1:${PORT} (scheduler pid $scheduler, web pid $web); Ctrl-C stops both."
wait -n
