"""A bare python-socketio relay with no checks: the baseline bench/signal.py compares against."""

import socketio

sio = socketio.Server(async_mode="gevent")
app = socketio.WSGIApp(sio)
sids: dict[int, str] = {}


@sio.on("connect", namespace="/signal")
def connect(sid, environ, auth):
    sids[auth["id"]] = sid


@sio.on("signal", namespace="/signal")
def signal(sid, data):
    sio.emit(
        "signal",
        {"from": data.get("from"), "kind": data["kind"], "data": data.get("data")},
        to=sids[data["to"]],
        namespace="/signal",
    )
