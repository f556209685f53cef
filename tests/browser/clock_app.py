"""The app with its clock started at FIXED_INSTANT (ISO 8601) and running on from there.

`gunicorn tests.browser.clock_app:app` serves it; `python -m tests.browser.clock_app ARGS`
runs `flask ARGS` (db upgrade, seed-demo) at that instant. time-machine moves Python's clocks
only, so the server's event loop and timers keep the real monotonic clock.
"""

import os
import sys
from datetime import datetime

import time_machine

time_machine.travel(datetime.fromisoformat(os.environ["FIXED_INSTANT"]), tick=True).start()

from wsgi import app  # noqa: E402 (after the clock is set)

__all__ = ["app"]

if __name__ == "__main__":
    from flask.cli import main

    sys.argv = ["flask", *sys.argv[1:]]
    main()
