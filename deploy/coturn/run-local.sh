#!/usr/bin/env bash
# Run a local coturn in the foreground for the video room (`make turn`) and print the settings
# the app needs. TURN_SECRET is used when set, otherwise a fresh one is made for this run;
# TURN_PORT (default 3478) is the port on 127.0.0.1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

if ! command -v turnserver >/dev/null 2>&1; then
  echo "turnserver is not installed: apt-get install coturn (Debian's package)" >&2
  exit 1
fi
secret="${TURN_SECRET:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')}"
port="${TURN_PORT:-3478}"

cat <<SETTINGS
Start the app in another terminal with:
  export TURN_URLS='turn:127.0.0.1:${port}?transport=udp,turn:127.0.0.1:${port}?transport=tcp'
  export TURN_SECRET='${secret}'
  export ICE_TRANSPORT_POLICY=relay   # optional: send every call through this relay
  make run
coturn follows (Ctrl-C stops it).
SETTINGS
exec turnserver -c turnserver-local.conf --listening-port "${port}" \
  --static-auth-secret "${secret}" "$@"
