"""Signaling relay speed: our server against a bare python-socketio relay, same clients, same run.

Each room has a mediator and two admitted parties; the parties bounce signals off the mediator,
who answers at once. Two parts:

1. Flood: every party sends its next signal as soon as the answer is back. Prints round-trip
   p50/p99 and relayed messages a second for growing numbers of rooms, for our server and for
   a bare relay with no checks, and the ratio of the two.
2. Paced: every party sends PACE signals a second (a call being set up sends a burst of ICE
   candidates, then little), and rooms are added until the relay's p99 reaches 100 ms: how many
   participants one process serves. The clients run in several processes; `server cpu` is the
   server worker's processor time over the wall time (100% is one core, all a gevent worker
   can use), `client cpu` the same summed over the client processes.

Usage: .venv/bin/python bench/signal.py [seconds per step] (BENCH_DATABASE_URL picks the
database, BENCH_REDIS_URL gives our server the Redis message queue of a several-process
deployment, BENCH_PORT the first of ten ports to use). The clients are Python threads in this
process, so on a small machine they compete with the server for the processor.
"""

import sys
from pathlib import Path

# This file is named signal.py: keep its folder off the path so the standard signal module loads.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import multiprocessing  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

from tests.video import live  # noqa: E402
from tests.video.wsclient import SignalClient  # noqa: E402

STEPS = (1, 5, 10, 20, 40)
PACED_STEPS = (40, 160, 320, 480, 640, 960)
PACE = 2.0  # signals a second from each party in the paced part
CLIENT_PROCESSES = 4  # the paced part's clients are spread over this many processes
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


def pinger(client, me: int, mediator_id: int, stop: threading.Event, rtts: list, pace=None):
    """Bounce signals off the mediator: back to back, or `pace` a second from a random phase."""
    got = threading.Event()
    client.on("signal", lambda msg: got.set())
    interval = 1 / pace if pace else 0.0
    next_at = time.perf_counter() + random.random() * interval  # noqa: S311 (not security)
    while not stop.is_set():
        if interval:
            pause = next_at - time.perf_counter()
            if pause > 0 and stop.wait(pause):
                return
            next_at += interval
        got.clear()
        started = time.perf_counter()
        client.emit(
            "signal", {"to": mediator_id, "from": me, "kind": "candidate", "data": {"c": "x" * 200}}
        )
        if got.wait(5):
            rtts.append(time.perf_counter() - started)
        else:
            rtts.append(5.0)  # an answer that never came counts as the slowest


def worker_pid(server: subprocess.Popen) -> int:
    """Return the pid of gunicorn's one worker process (the child of its master)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return int(children[0])


def cpu_seconds(pid: int) -> float:
    """Return the processor time a process has used so far (user and system)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_pingers(opened: list, stop: threading.Event, rtts: list, pace=None) -> list:
    """Start a pinger thread for each party of the opened rooms."""
    threads = [
        threading.Thread(
            target=pinger, args=(clients[side], ids[side], ids["mediator"], stop, rtts, pace)
        )
        for clients, ids in opened
        for side in ("applicant", "respondent")
    ]
    for t in threads:
        t.start()
    return threads


def finish(opened: list, stop: threading.Event, threads: list) -> None:
    """Stop the pingers and close every client."""
    stop.set()
    for t in threads:
        t.join()
    for clients, _ids in opened:
        for c in clients.values():
            c.close()


def summary(rtts: list, elapsed: float) -> dict:
    ordered = sorted(rtts) or [float("nan")]
    return {
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "rate": 2 * len(rtts) / elapsed,
    }


def row(result: dict) -> str:
    return f"{result['p50']:>6.1f}ms {result['p99']:>5.1f}ms {result['rate']:>7.0f}"


def measure(base: str, rooms: list, bare: bool) -> dict:
    """Open the rooms, flood signals for SECONDS, close them; return latency and rate."""
    opened = [open_room(base, room, n, bare) for n, room in enumerate(rooms)]
    stop = threading.Event()
    rtts: list[float] = []
    threads = start_pingers(opened, stop, rtts)
    time.sleep(1)  # warm up
    rtts.clear()
    began = time.perf_counter()
    time.sleep(SECONDS)
    window, elapsed = list(rtts), time.perf_counter() - began
    finish(opened, stop, threads)
    return summary(window, elapsed)


def client_process(conn, base: str, rooms: list, pace: float) -> None:
    """One of the paced part's client processes: its rooms' clients as threads.

    Told "go" and "stop" through `conn`, it sends back the round trips measured in between and
    the processor time it used meanwhile.
    """
    opened = [open_room(base, room, n, False) for n, room in enumerate(rooms)]
    stop = threading.Event()
    rtts: list[float] = []
    threads = start_pingers(opened, stop, rtts, pace)
    conn.send("ready")
    conn.recv()
    rtts.clear()
    began = time.process_time()
    conn.recv()
    window, used = list(rtts), time.process_time() - began
    finish(opened, stop, threads)
    conn.send((window, used))


def measure_spread(base: str, rooms: list, pace: float, pid: int) -> dict:
    """Like measure(), with the clients spread over CLIENT_PROCESSES processes.

    Thousands of client threads in one Python process queue for its interpreter lock, and that
    wait would be counted as the server's latency.
    """
    context = multiprocessing.get_context("fork")
    pipes, children = [], []
    for n in range(CLIENT_PROCESSES):
        parent_end, child_end = context.Pipe()
        share = rooms[n::CLIENT_PROCESSES]
        child = context.Process(target=client_process, args=(child_end, base, share, pace))
        child.start()
        pipes.append(parent_end)
        children.append(child)
    for conn in pipes:
        if conn.recv() != "ready":
            raise RuntimeError("a client process failed to open its rooms")
    time.sleep(1)  # warm up
    for conn in pipes:
        conn.send("go")
    began, server_began = time.perf_counter(), cpu_seconds(pid)
    time.sleep(SECONDS)
    for conn in pipes:
        conn.send("stop")
    elapsed = time.perf_counter() - began
    server_cpu = (cpu_seconds(pid) - server_began) / elapsed
    rtts: list[float] = []
    client_seconds = 0.0
    for conn, child in zip(pipes, children, strict=True):
        window, used = conn.recv()
        rtts += window
        client_seconds += used
        child.join()
    return summary(rtts, elapsed) | {
        "server_cpu": server_cpu,
        "client_cpu": client_seconds / elapsed,
    }


def flood(ours_port: int, bare_port: int, rooms: list) -> None:
    print(
        f"{'rooms':>5} {'people':>6} | {'ours p50':>8} {'p99':>7} {'msg/s':>7} | "
        f"{'bare p50':>8} {'p99':>7} {'msg/s':>7} | ours/bare"
    )
    for step in STEPS:
        # Fresh rooms each step: admitted state from the previous step must not carry over.
        ours_result = measure(f"http://127.0.0.1:{ours_port}", rooms[:step], False)
        bare_result = measure(f"http://127.0.0.1:{bare_port}", [None] * step, True)
        ratio = ours_result["rate"] / bare_result["rate"]
        line = f"{step:>5} {step * 3:>6} | {row(ours_result)} | {row(bare_result)} | {ratio:>6.0%}"
        print(line, flush=True)


def paced(ours_port: int, rooms: list, pid: int) -> int:
    print(
        f"\nPaced: each party sends {PACE:g} signals a second; "
        f"clients in {CLIENT_PROCESSES} processes"
    )
    header = f"{'rooms':>5} {'people':>6} | {'p50':>8} {'p99':>7} {'msg/s':>7}"
    print(f"{header} | server cpu client cpu")
    served = 0
    for step in PACED_STEPS:
        result = measure_spread(f"http://127.0.0.1:{ours_port}", rooms[:step], PACE, pid)
        cpu = f"{result['server_cpu']:>10.0%} {result['client_cpu']:>10.0%}"
        print(f"{step:>5} {step * 3:>6} | {row(result)} | {cpu}", flush=True)
        if result["p99"] >= 100:
            break
        served = step * 3
    return served


def main() -> None:
    # PostgreSQL is what several connections writing at once need; SQLite stalls a gevent
    # worker while another greenlet holds its write lock.
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tempfile.mkdtemp()) / 'b.db'}"
    made = live.seed_rooms(url, max(*STEPS, *PACED_STEPS))
    base = int(os.environ.get("BENCH_PORT", "5350"))
    ours_port, bare_port = live.free_port(base, base + 5), live.free_port(base + 5, base + 10)
    redis_url = os.environ.get("BENCH_REDIS_URL")
    ours = live.start_server(url, ours_port, redis_url, SIGNAL_RATE=100000, SIGNAL_BURST=100000)
    if redis_url:
        print(f"Our server uses the Redis message queue at {redis_url}.")
    bare = start_bare(bare_port)
    wait_ready(f"http://127.0.0.1:{bare_port}")
    try:
        flood(ours_port, bare_port, made["rooms"])
        served = paced(ours_port, made["rooms"], worker_pid(ours))
    finally:
        live.stop_server(ours)
        live.stop_server(bare)
        live.clean_rooms(url, made)
    print(
        f"One process serves {served} participants with relay p99 under 100 ms at "
        f"{PACE:g} signals a second each (the rate limit is raised so it never triggers)."
    )


if __name__ == "__main__":
    main()
