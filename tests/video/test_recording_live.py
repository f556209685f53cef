"""A consented recording of a three-person call, end to end in headless Chromium.

Each person is a browser of their own whose microphone plays a pure tone of its own; the
mediator records for a few seconds, the server puts the file together, and ffmpeg decodes it:
every tone must be in the recording (the mediator's own voice and both parties'), its SHA-256
must be the one on the audit chain, and the case file must list it. Prints what it measured.
"""

import hashlib
import json
import math
import os
import shutil
import struct
import subprocess
import time
import urllib.request
import wave
from pathlib import Path

import pytest

from tests.video import live
from tests.video.test_browser import CHROMIUM, CONNECTED, FLAGS, join

pytestmark = [
    pytest.mark.slow,
    pytest.mark.usefixtures("one_call_at_a_time"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed"),
    pytest.mark.skipif(
        shutil.which("ffmpeg") is None,
        reason="ffmpeg is not installed (Debian's package ffmpeg decodes the recording)",
    ),
]
TONES = {"mediator": 440, "applicant": 880, "respondent": 1320}
RATE = 8000  # the decoded recording's sample rate: enough for the highest tone
RECORD_SECONDS = 9


def tone_wav(path: Path, hz: int, seconds: int = 30, rate: int = 48000) -> Path:
    """A mono 16-bit WAV of one sine tone (Chromium's fake microphone loops it)."""
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(
            b"".join(
                struct.pack("<h", int(12000 * math.sin(2 * math.pi * hz * n / rate)))
                for n in range(seconds * rate)
            )
        )
    return path


def goertzel_power(samples: list[float], hz: float, rate: int = RATE) -> float:
    """The signal's mean power at one frequency (the Goertzel filter over every sample)."""
    coeff = 2 * math.cos(2 * math.pi * hz / rate)
    s1 = s2 = 0.0
    for x in samples:
        s1, s2 = x + coeff * s1 - s2, s1
    return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / len(samples) ** 2


def decode_mono(path: Path) -> list[float]:
    result = subprocess.run(  # noqa: S603 (fixed command)
        ["ffmpeg", "-v", "error", "-i", str(path), "-vn", "-ac", "1", "-ar", str(RATE)]
        + ["-f", "s16le", "-"],
        capture_output=True,
        check=True,
        timeout=120,
    )
    count = len(result.stdout) // 2
    return [v / 32768 for v in struct.unpack(f"<{count}h", result.stdout[: count * 2])]


@pytest.fixture
def recording_server(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'rec.sqlite3'}"
    made = live.seed_rooms(url, 1)
    port = live.free_port()
    folder = tmp_path / "recordings"
    process = live.start_server(url, port, RECORDING_DIR=folder)
    try:
        yield url, f"http://127.0.0.1:{port}", made["rooms"][0], folder
    finally:
        live.stop_server(process)
        live.clean_rooms(url, made)


def status(base: str, token: str, recording_id: int) -> dict:
    with urllib.request.urlopen(f"{base}/video/join/{token}/recordings/{recording_id}") as r:  # noqa: S310 (the test's own server)
        return json.load(r)


def test_the_recording_holds_every_voice_and_its_hash_is_on_the_audit_chain(
    recording_server, tmp_path
):
    from playwright.sync_api import sync_playwright

    url, base, room, folder = recording_server
    ids, tokens = room["ids"], room["tokens"]
    with sync_playwright() as p:
        browsers = {
            who: p.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    *FLAGS,
                    f"--use-file-for-fake-audio-capture={tone_wav(tmp_path / f'{who}.wav', hz)}",
                ],
            )
            for who, hz in TONES.items()
        }
        try:
            mediator = join(browsers["mediator"], base, tokens["mediator"])
            mediator.wait_for_selector("#console:not(.d-none)")
            parties = {
                side: join(browsers[side], base, tokens[side])
                for side in TONES
                if side != "mediator"
            }
            live.admit_all(mediator, parties, ids)
            for side, page in parties.items():
                page.wait_for_function(CONNECTED, arg=ids["mediator"], timeout=30_000)
                mediator.wait_for_function(CONNECTED, arg=ids[side], timeout=30_000)

            pressed = "() => document.getElementById('consent-toggle').ariaPressed === 'true'"
            for page in (mediator, *parties.values()):
                page.click("#consent-toggle")
                page.wait_for_function(pressed)
            mediator.wait_for_selector("#record:not([disabled])")
            mediator.click("#record")
            mediator.wait_for_function(
                "() => window.videoRoom.recorder.active && window.videoRoom.recorder.uploader.id"
            )
            recording_id = mediator.evaluate("window.videoRoom.recorder.uploader.id")
            for page in parties.values():
                page.wait_for_function("() => window.videoRoom.view.recording === true")
            mediator.wait_for_timeout(RECORD_SECONDS * 1000)
            # Three browsers encoding media beside the servers can keep the mediator's page
            # from taking the click for more than Playwright's 30 s on a busy two-core machine.
            mediator.click("#record", timeout=120_000)
            mediator.wait_for_function("() => !!window.videoRoom.saved", timeout=60_000)
            saved = mediator.evaluate("window.videoRoom.saved")
            assert saved["ok"], saved
        finally:
            for browser in browsers.values():
                browser.close()

    deadline = time.monotonic() + 30
    held = status(base, tokens["mediator"], recording_id)
    while held["state"] != "saved" and time.monotonic() < deadline:
        time.sleep(0.5)
        held = status(base, tokens["mediator"], recording_id)
    assert held["state"] == "saved", held
    path = folder / f"recording-{recording_id}.webm"
    content = path.read_bytes()
    digest = hashlib.sha256(content).hexdigest()
    assert digest == held["sha256"]
    assert len(content) == held["bytes"]

    samples = decode_mono(path)
    duration = len(samples) / RATE
    # The noise floor: the power at frequencies nobody plays, between and above the tones.
    floor = sum(goertzel_power(samples, hz) for hz in (300, 650, 1100, 1600, 2100, 2700)) / 6
    powers = {who: goertzel_power(samples, hz) for who, hz in TONES.items()}
    relative_db = {who: round(10 * math.log10(pw / floor), 1) for who, pw in powers.items()}
    found = json.loads(
        live.run_script("recorded", url, str(room["id"]), str(folder)).strip().splitlines()[-1]
    )
    events = [e for e in found["events"] if e["recording"] == recording_id]
    print(
        f"\nrecording {recording_id}: {len(content)} bytes in"
        f" {events[0]['chunks'] if events else '?'} chunks, {duration:.1f} s of sound decoded"
    )
    print(f"each tone's power over the noise floor (dB): {relative_db}")
    assert duration >= RECORD_SECONDS - 2
    for who, db in relative_db.items():
        assert db > 20, f"the {who}'s tone ({TONES[who]} Hz) is missing: {relative_db}"

    assert [e["sha256"] for e in events] == [digest]
    assert [e["bytes"] for e in events] == [len(content)]
    assert digest in [value for _, value in found["casefile"]]
    assert any(name.endswith(f"recording-{recording_id}.webm") for name in found["zip"])
