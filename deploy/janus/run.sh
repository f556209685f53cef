#!/usr/bin/env bash
# Run Janus in the foreground with the repository's configuration (`make sfu`, the systemd unit
# in docs/deployment.md, the tests). The configuration is rendered into a private runtime
# directory (mode 0700): $RUNTIME_DIRECTORY under systemd, else a fresh temporary one, removed
# at exit. SFU_API_SECRET is used when set, otherwise a fresh one is made for this run and
# printed; SFU_PORT (default 8088) is the HTTP API's port on 127.0.0.1; SFU_RTP_PORTS (default
# 20000-40000) the media ports. Further arguments go to janus (e.g. --ice-enforce-list lo).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
janus_bin="${JANUS_BIN:-$(command -v janus || echo /usr/bin/janus)}"
libdir="${JANUS_LIBDIR:-/usr/lib/x86_64-linux-gnu/janus}"

if [ ! -x "${janus_bin}" ]; then
  echo "janus is not installed: apt-get install janus janus-tools (Debian's packages)" >&2
  exit 1
fi
announce=0
if [ -z "${SFU_API_SECRET:-}" ]; then
  SFU_API_SECRET="$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
  announce=1
fi
# Letters, digits, '-' and '_' only, so the secret needs no quoting inside the configuration.
if ! [[ "${SFU_API_SECRET}" =~ ^[A-Za-z0-9_-]{16,}$ ]]; then
  echo "SFU_API_SECRET must be 16 or more letters, digits, '-' or '_'" >&2
  exit 1
fi
port="${SFU_PORT:-8088}"
rtp_ports="${SFU_RTP_PORTS:-20000-40000}"

if [ -n "${RUNTIME_DIRECTORY:-}" ]; then
  runtime="${RUNTIME_DIRECTORY%%:*}"
else
  runtime="$(mktemp -d -t mediation-janus.XXXXXX)"
  trap 'rm -rf "${runtime}"' EXIT
fi
umask 077
chmod 0700 "${runtime}"
rm -rf "${runtime}/plugins" "${runtime}/transports" "${runtime}/events" "${runtime}/loggers"
mkdir "${runtime}/plugins" "${runtime}/transports" "${runtime}/events" "${runtime}/loggers"
ln -s "${libdir}/plugins/libjanus_videoroom.so" "${runtime}/plugins/"
ln -s "${libdir}/transports/libjanus_http.so" "${runtime}/transports/"

# The admin API is off; its secret is random anyway, never the package's published one.
admin_secret="$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
for name in janus.jcfg janus.transport.http.jcfg janus.plugin.videoroom.jcfg; do
  sed -e "s|@RUNTIME@|${runtime}|g" -e "s|@SFU_API_SECRET@|${SFU_API_SECRET}|g" \
    -e "s|@SFU_ADMIN_SECRET@|${admin_secret}|g" -e "s|@SFU_PORT@|${port}|g" \
    -e "s|@SFU_RTP_PORTS@|${rtp_ports}|g" "${here}/${name}" >"${runtime}/${name}"
done

if ((announce)); then
  cat <<SETTINGS
Start the app in another terminal with:
  export SFU_URL='http://127.0.0.1:${port}/janus'
  export SFU_API_SECRET='${SFU_API_SECRET}'
  export VIDEO_SFU=on
  make run
Janus follows (Ctrl-C stops it).
SETTINGS
fi
# Not exec: the trap removes a temporary runtime directory when Janus stops.
"${janus_bin}" -C "${runtime}/janus.jcfg" -F "${runtime}" "$@" &
child=$!
trap 'kill -TERM "${child}" 2>/dev/null' INT TERM
wait "${child}" || status=$?
wait "${child}" 2>/dev/null || true
exit "${status:-0}"
