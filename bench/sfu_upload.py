"""Six people in one video session, as a mesh and on the SFU: what each one uploads.

The same session both ways (tests/video/sfu_session.py): a mediator, each side's party and
their agent, and an interpreter open the real room page in headless Chromium, with the fake
camera, inside the namespace of a Janus started with the repository's configuration; the
app's real server runs with VIDEO_SFU=off, then on. All six are admitted at once. Prints, for
each way: each person's time from admission to their first decoded remote frame and to
frames of all five others, their upload (outbound-rtp bytesSent over the measured window)
and the median; on the SFU also Janus's processor time over that window and its resident
memory.

Usage (root, Debian's janus and chromium): .venv/bin/python bench/sfu_upload.py [seconds]
"""

import sys
from pathlib import Path

# bench/ holds a signal.py: keep the folder off the path so the standard signal module loads.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from tests.video import sfu_netns, sfu_session  # noqa: E402

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
DEADLINE = 180  # seconds for everyone to see everyone
# How many other people's pictures the page is playing.
SEEN = """() => Array.from(document.querySelectorAll('#videos .video-cell'))
  .filter((c) => c.dataset.peer !== 'me'
    && c.querySelector('video').getVideoPlaybackQuality().totalVideoFrames > 0).length"""
TICKS = 100  # clock ticks a second (/proc's utime and stime)


def janus_pid(janus) -> int | None:
    command = ["ip", "netns", "pids", janus.namespace.name]
    listed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603, S607
    for pid in listed.stdout.split():
        if Path(f"/proc/{pid}/comm").read_text().strip() == "janus":
            return int(pid)
    return None


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(janus, directory: Path, sfu: bool) -> dict:
    url = f"sqlite:///{directory / ('sfu' if sfu else 'mesh')}.sqlite3"
    with (
        sfu_session.served(janus, url, sfu=sfu) as (base, room),
        sfu_session.chromium(janus, directory) as browser,
    ):
        ids = room["ids"]
        pages = {n: sfu_session.join(browser, base, room["tokens"][n]) for n in sfu_session.PEOPLE}
        pages["mediator"].wait_for_selector("#console:not(.d-none)")
        for name, page in pages.items():
            if name != "mediator":
                page.wait_for_selector("#lobby:not(.d-none)")
        admitted = time.monotonic()
        sfu_session.admit(pages["mediator"], [ids[n] for n in sfu_session.PEOPLE[1:]])
        first, everyone = {}, {}
        while len(everyone) < len(pages) and time.monotonic() - admitted < DEADLINE:
            for name, page in pages.items():
                seen = page.evaluate(SEEN)
                now = time.monotonic() - admitted
                if seen and name not in first:
                    first[name] = now
                if seen == len(pages) - 1 and name not in everyone:
                    everyone[name] = now
            time.sleep(0.2)
        pid = janus_pid(janus) if sfu else None
        cpu = cpu_seconds(pid) if pid else None
        started = time.monotonic()
        kbps = sfu_session.upload_kbps(pages, SECONDS)
        janus_cpu = (cpu_seconds(pid) - cpu) / (time.monotonic() - started) if pid else None
        return {
            "first": first,
            "everyone": everyone,
            "kbps": kbps,
            "janus_cpu": janus_cpu,
            "janus_rss": rss_mb(pid) if pid else None,
        }


def seconds(value) -> str:
    return f"{value:.1f} s" if value is not None else "never"


def report(kind: str, figures: dict) -> None:
    print(f"\n{kind}: upload over {SECONDS:.0f} s, times from admission")
    print(f"{'person':<18}{'upload kbit/s':>14}{'first frame':>13}{'all five':>10}")
    for name in sfu_session.PEOPLE:
        print(
            f"{name:<18}{figures['kbps'][name]:>14.0f}"
            f"{seconds(figures['first'].get(name)):>13}{seconds(figures['everyone'].get(name)):>10}"
        )
    print(f"{'median':<18}{statistics.median(figures['kbps'].values()):>14.0f}")
    if figures["janus_cpu"] is not None:
        print(
            f"janus: {figures['janus_cpu']:.0%} of a core, {figures['janus_rss']:.0f} MB resident"
        )


def main() -> None:
    reason = sfu_netns.unavailable()
    if reason:
        sys.exit(f"cannot run: {reason}")
    with tempfile.TemporaryDirectory(prefix="sfu-upload-") as directory:
        path = Path(directory)
        with sfu_netns.janus_in_namespace(path) as janus:
            for kind, sfu in (("mesh", False), ("sfu", True)):
                report(kind, run(janus, path, sfu))


if __name__ == "__main__":
    main()
