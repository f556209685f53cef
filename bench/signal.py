"""Signaling relay speed: our server against a bare python-socketio relay, same clients, same run.

Each room has a mediator and two admitted parties; in every room the two parties each bounce
signals off the mediator (the mediator answers at once). Prints round-trip p50/p99 and relayed
messages a second for growing numbers of rooms, and how many participants one process serves
with p99 under 100 ms. Usage: .venv/bin/python bench/signal.py [seconds per step]
(BENCH_DATABASE_URL picks the database, BENCH_PORT the first of ten ports to use).
"""

import sys
from pathlib import Path

# This file is named signal.py: keep its folder off the path so the standard signal module loads.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import os  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

from tests.video import live  # noqa: E402
from tests.video.wsclient import SignalClient  # noqa: E402

STEPS = (1, 5, 10, 20, 40, 80)
SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 5.0


def start_bare(port: int) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603
        [
            live.GUNICORN,
            "-k",
            "gevent",
            "-w",
            "1",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "bench.bare_relay:app",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.2)
    raise RuntimeError("the bare relay did not start")


def wait_ready(base: str, seconds: float = 60) -> None:
    """Wait until the worker answers an Engine.IO handshake, not just until the port is open."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            url = f"{base}/socket.io/?EIO=4&transport=polling"
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our own http URL)
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{base} did not answer")


def open_room(base: str, room: dict | None, n: int, bare: bool):
    """Connect a room's three clients; return (mediator, parties, their ids)."""
    if bare:
        ids = {"mediator": n * 3 + 1, "applicant": n * 3 + 2, "respondent": n * 3 + 3}
        clients = {k: SignalClient(base, {"id": v}) for k, v in ids.items()}
    else:
        ids = room["ids"]
        clients = {k: SignalClient(base, {"token": room["tokens"][k]}) for k in ids}
        for side in ("applicant", "respondent"):
            clients["mediator"].emit("control", {"action": "admit", "participant": ids[side]})
        for side in ("applicant", "respondent"):
            clients[side].wait_for("room", lambda v: ids["mediator"] in v["peers"])
    mediator = clients["mediator"]

    def bounce(msg):
        mediator.emit(
            "signal",
            {"to": msg["from"], "from": ids["mediator"], "kind": "answer", "data": msg["data"]},
        )

    mediator.on("signal", bounce)
    return clients, ids


def pinger(client, me: int, mediator_id: int, stop: threading.Event, rtts: list):
    got = threading.Event()
    client.on("signal", lambda msg: got.set())
    while not stop.is_set():
        got.clear()
        started = time.perf_counter()
        client.emit(
            "signal", {"to": mediator_id, "from": me, "kind": "candidate", "data": {"c": "x" * 200}}
        )
        if got.wait(5):
            rtts.append(time.perf_counter() - started)


def measure(base: str, rooms: list, bare: bool) -> dict:
    opened = [open_room(base, room, n, bare) for n, room in enumerate(rooms)]
    stop = threading.Event()
    rtts: list[float] = []
    threads = []
    for clients, ids in opened:
        for side in ("applicant", "respondent"):
            t = threading.Thread(
                target=pinger, args=(clients[side], ids[side], ids["mediator"], stop, rtts)
            )
            t.start()
            threads.append(t)
    time.sleep(1)  # warm up
    rtts.clear()
    began = time.perf_counter()
    time.sleep(SECONDS)
    count, elapsed = len(rtts), time.perf_counter() - began
    stop.set()
    for t in threads:
        t.join()
    for clients, _ids in opened:
        for c in clients.values():
            c.close()
    ordered = sorted(rtts[:count]) or [float("nan")]
    return {
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "rate": 2 * count / elapsed,
    }


def row(result: dict) -> str:
    return f"{result['p50']:>6.1f}ms {result['p99']:>5.1f}ms {result['rate']:>7.0f}"


def main() -> None:
    # PostgreSQL is what several connections writing at once need; SQLite stalls a gevent
    # worker while another greenlet holds its write lock.
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tempfile.mkdtemp()) / 'b.db'}"
    made = live.seed_rooms(url, max(STEPS))
    base = int(os.environ.get("BENCH_PORT", "5350"))
    ours_port, bare_port = live.free_port(base, base + 5), live.free_port(base + 5, base + 10)
    ours = live.start_server(url, ours_port, SIGNAL_RATE=100000, SIGNAL_BURST=100000)
    bare = start_bare(bare_port)
    wait_ready(f"http://127.0.0.1:{bare_port}")
    best = 0
    print(
        f"{'rooms':>5} {'people':>6} | {'ours p50':>8} {'p99':>7} {'msg/s':>7} | "
        f"{'bare p50':>8} {'p99':>7} {'msg/s':>7} | ours/bare"
    )
    try:
        for step in STEPS:
            # Fresh rooms each step: admitted state from the previous step must not carry over.
            try:
                ours_result = measure(f"http://127.0.0.1:{ours_port}", made["rooms"][:step], False)
            except (ConnectionError, AssertionError) as error:
                print(f"{step:>5} rooms: our server did not keep up ({error})")
                break
            bare_result = measure(f"http://127.0.0.1:{bare_port}", [None] * step, True)
            ratio = ours_result["rate"] / bare_result["rate"]
            people = step * 3
            line = (
                f"{step:>5} {people:>6} | {row(ours_result)} | {row(bare_result)} | {ratio:>6.0%}"
            )
            print(line, flush=True)
            if ours_result["p99"] < 100:
                best = step * 3
    finally:
        live.stop_server(ours)
        live.stop_server(bare)
        live.clean_rooms(url, made)
    print(
        f"One process serves {best} participants with relay p99 under 100 ms "
        "(rate limit raised so it never triggers; relays use each process's copy of a room)."
    )


if __name__ == "__main__":
    main()
