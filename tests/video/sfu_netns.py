"""Janus, and the browsers that send it media, in a network namespace with loopback addresses only.

Janus gathers its ICE candidates on every address of the machine; in a namespace of its own
that holds loopback addresses only (see LINKS) no socket of the test binds to a real
interface, and the browsers beside it (started through `JanusInNamespace.chromium`) reach it
over 127.0.0.1 and 127.0.0.2. The test process stays
outside: a forwarder in it listens on the outside loopback and opens each connection to the
inside from a thread that has entered the namespace (setns(2) changes the calling thread's
network namespace only, and a socket keeps the namespace it was made in), so the app's Janus
client and the in-process app under test reach Janus's HTTP API as http://127.0.0.1:<port>.
"""

import ctypes
import os
import secrets
import shutil
import socket
import subprocess
import threading
import time
from contextlib import contextmanager, suppress
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
JANUS = shutil.which("janus") or "/usr/bin/janus"
RUN = ROOT / "deploy" / "janus" / "run.sh"
CLONE_NEWNET = 0x40000000
# `lo`, and a veth pair with both ends inside carrying 127.0.0.2: Janus gathers no candidate on
# an interface flagged LOOPBACK (its ice.c skips them), so it needs one that is not, yet every
# address stays a loopback address and nothing leaves the namespace.
LINKS = (
    "link set lo up",
    "link add sfu0 type veth peer name sfu1",
    "addr add 127.0.0.2/32 dev sfu0",
    "link set sfu0 up",
    "link set sfu1 up",
)
# Janus's HTTP API inside the namespace: nothing else listens there.
INSIDE_PORT = 8088


def unavailable() -> str | None:
    """Return why Janus cannot run in a namespace of its own here, or None."""
    if not Path(JANUS).exists():
        return f"{JANUS} is not installed (Debian's package janus)"
    if os.geteuid() != 0 or not shutil.which("ip"):
        return "network namespaces need root and iproute2's ip"
    name = f"mediation-probe-{os.getpid()}"
    made = subprocess.run(["ip", "netns", "add", name], capture_output=True, check=False)  # noqa: S603, S607
    if made.returncode:
        return f"ip netns add is not permitted: {made.stderr.decode(errors='replace').strip()}"
    subprocess.run(["ip", "netns", "del", name], check=False)  # noqa: S603, S607
    return None


def _enter(name: str) -> None:
    """Move the calling thread into a named network namespace."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(f"/var/run/netns/{name}", os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns")
    finally:
        os.close(fd)


class Namespace:
    """A network namespace with only `lo` up, and a thread inside it that makes sockets."""

    def __init__(self, name: str):
        self.name = name
        self._requests: list = []
        self._ready = threading.Condition()
        self._thread: threading.Thread | None = None

    def create(self) -> None:
        subprocess.run(["ip", "netns", "add", self.name], check=True)  # noqa: S603, S607
        for step in LINKS:
            subprocess.run(["ip", "-n", self.name, *step.split()], check=True)  # noqa: S603, S607
        self._thread = threading.Thread(target=self._serve, daemon=True, name=f"ns-{self.name}")
        self._thread.start()

    def delete(self) -> None:
        if self._thread is None:
            subprocess.run(["ip", "netns", "del", self.name], check=False, capture_output=True)  # noqa: S603, S607
            return
        with self._ready:
            self._requests.append(None)
            self._ready.notify()
        subprocess.run(["ip", "netns", "del", self.name], check=False)  # noqa: S603, S607

    def _serve(self) -> None:
        _enter(self.name)
        while True:
            with self._ready:
                while not self._requests:
                    self._ready.wait()
                job = self._requests.pop(0)
            if job is None:
                return
            job()

    def socket(self) -> socket.socket:
        """Return a TCP socket made inside the namespace."""
        made: list = []
        done = threading.Event()

        def make():
            made.append(socket.socket())
            done.set()

        with self._ready:
            self._requests.append(make)
            self._ready.notify()
        done.wait(5)
        return made[0]

    def command(self, *args: str) -> list[str]:
        return ["ip", "netns", "exec", self.name, *args]


class Forwarder:
    """Listen on the outside loopback; carry each connection to a port inside the namespace."""

    def __init__(self, namespace: Namespace, inside_port: int):
        self.namespace = namespace
        self.inside_port = inside_port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.open:
            try:
                outside, _ = self.listener.accept()
            except OSError:
                return
            inside = self.namespace.socket()
            try:
                inside.connect(("127.0.0.1", self.inside_port))
            except OSError:
                outside.close()
                inside.close()
                continue
            for a, b in ((outside, inside), (inside, outside)):
                threading.Thread(target=_pump, args=(a, b), daemon=True).start()

    def close(self) -> None:
        self.open = False
        with suppress(OSError):
            self.listener.close()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    except OSError:
        pass
    finally:
        for s in (source, sink):
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)


class JanusInNamespace:
    """What a test needs of a running Janus: its API's URL (outside), secret and namespace."""

    def __init__(self, namespace: Namespace, url: str, secret: str, log: Path):
        self.namespace = namespace
        self.url = url
        self.secret = secret
        self.log = log

    def chromium(self, directory: Path) -> str:
        """Return an executable that starts Debian's Chromium inside the namespace."""
        wrapper = directory / "chromium-in-netns"
        wrapper.write_text(
            f'#!/bin/sh\nexec ip netns exec {self.namespace.name} /usr/bin/chromium "$@"\n'
        )
        wrapper.chmod(0o700)
        return str(wrapper)


@contextmanager
def janus_in_namespace(directory: Path):
    """Start Janus with the repository's configuration in a fresh namespace; clean up always."""
    namespace = Namespace(f"mediation-sfu-{os.getpid()}-{secrets.token_hex(3)}")
    secret = secrets.token_urlsafe(24)
    log = directory / "janus.log"
    process = forwarder = None
    try:
        namespace.create()
        environment = {
            **os.environ,
            "SFU_API_SECRET": secret,
            "SFU_PORT": str(INSIDE_PORT),
            "SFU_RTP_PORTS": "20000-20999",
        }
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 (fixed command)
                namespace.command(str(RUN), "--disable-colors", "--debug-level=4"),
                env=environment,
                # Its working directory is the test's: a crash's core file stays out of the
                # repository.
                cwd=directory,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        forwarder = Forwarder(namespace, INSIDE_PORT)
        url = f"http://127.0.0.1:{forwarder.port}/janus"
        _wait_for_api(url, secret, process, log)
        yield JanusInNamespace(namespace, url, secret, log)
    finally:
        if forwarder is not None:
            forwarder.close()
        if process is not None:
            _stop(process)
        namespace.delete()


def _wait_for_api(url: str, secret: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"janus stopped:\n{log.read_text(errors='replace')[-3000:]}")
        with suppress(requests.RequestException):
            answer = requests.post(
                url, json={"janus": "ping", "transaction": "up", "apisecret": secret}, timeout=2
            )
            if answer.ok and answer.json().get("janus") == "pong":
                return
        time.sleep(0.1)
    raise RuntimeError(f"janus did not answer:\n{log.read_text(errors='replace')[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    with suppress(ProcessLookupError):
        os.killpg(process.pid, 15)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, 9)
        process.wait()
