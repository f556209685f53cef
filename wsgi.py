"""Entry point: `app` for gunicorn (-k gevent); `python wsgi.py` serves Socket.IO on gevent."""

import os

if __name__ == "__main__":
    from gevent import monkey

    monkey.patch_all()

from mediation import create_app  # noqa: E402
from mediation.extensions import socketio  # noqa: E402

app = create_app()

if __name__ == "__main__":
    socketio.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", 5000)))
