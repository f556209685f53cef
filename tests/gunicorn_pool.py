"""The real application under gunicorn with several gevent workers, for the concurrency tests."""

import http.client
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.video import live

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def serving(env: dict[str, str], workers: int = 4) -> Iterator[str]:
    """Serve `wsgi:app` with `env` on a free port; yield its host:port once it answers."""
    port = live.free_port(5340, 5350)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "-k", "gevent", "-w", str(workers), "-b", f"127.0.0.1:{port}"]
    process = subprocess.Popen(  # noqa: S603 (the project's own server)
        [*command, "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/api/v1/openapi.json")
            if connection.getresponse().status == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("the server did not start: " + process.stderr.read().decode()[-2000:])
        time.sleep(0.3)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(30)
