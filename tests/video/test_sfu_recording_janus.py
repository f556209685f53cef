"""A consented recording through a real Janus: three browsers, three tones, one composite."""

import hashlib
import math
import struct
import subprocess
import time
import wave
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from mediation.core.audit import AuditEvent
from mediation.extensions import db
from mediation.video import sfu_recordings, tasks
from mediation.video.namespace import NAMESPACE
from mediation.video.recording_models import Recording
from tests.video import sfu_browser
from tests.video.test_sfu_signaling import (  # noqa: F401 (fixtures)
    _pinned_clock,
    joint_call,
    publish,
    sfu,
    wait_for,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.usefixtures("one_call_at_a_time"),
    pytest.mark.skipif(
        not Path(sfu_browser.CHROMIUM).exists(), reason=f"{sfu_browser.CHROMIUM} is missing"
    ),
]
TONES = {"mediator": 440, "applicant": 700, "respondent": 1100}
RATE = 8000
# Voice processing would take a steady tone for noise and remove it.
RAW_AUDIO = "{audio: {echoCancellation: false, noiseSuppression: false, autoGainControl: false}"


def tone(path: Path, hertz: int, seconds: int = 30) -> Path:
    """Write a mono 48 kHz sine tone as a WAV file."""
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(48_000)
        samples = (
            int(12_000 * math.sin(2 * math.pi * hertz * n / 48_000))
            for n in range(48_000 * seconds)
        )
        out.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    return path


@contextmanager
def browsers(janus, directory: Path, sounds: dict[str, Path]):
    """Yield a page per name, each in its own Chromium capturing its own sound."""
    from playwright.sync_api import sync_playwright

    script = sfu_browser.SCRIPT.replace("{audio: true", RAW_AUDIO)
    body = f"<html><body><script>{script}</script></body></html>"
    with sync_playwright() as p, ExitStack() as stack:
        pages = {}
        for name, sound in sounds.items():
            flags = [*sfu_browser.FLAGS, f"--use-file-for-fake-audio-capture={sound}"]
            browser = p.chromium.launch(executable_path=janus.chromium(directory), args=flags)
            stack.callback(browser.close)
            page = browser.new_context().new_page()
            page.route(
                sfu_browser.PAGE,
                lambda route: route.fulfill(body=body, content_type="text/html"),
            )
            page.goto(sfu_browser.PAGE)
            pages[name] = page
        yield pages


def samples(path: Path, start: float, seconds: float) -> list[int]:
    """Decode a stretch of a file's audio to mono 16-bit samples at RATE."""
    command = [
        "/usr/bin/ffmpeg",
        "-v",
        "error",
        "-ss",
        str(start),
        "-t",
        str(seconds),
        "-i",
        str(path),
    ]
    raw = subprocess.run(  # noqa: S603 (fixed tool)
        [
            *command,
            "-ac",
            "1",
            "-ar",
            str(RATE),
            "-f",
            "s16le",
            "-",
        ],
        capture_output=True,
        check=True,
    ).stdout
    return list(struct.unpack(f"<{len(raw) // 2}h", raw))


def power(values: list[int], hertz: float) -> float:
    """Return the power of one frequency in the samples (Goertzel)."""
    coefficient = 2 * math.cos(2 * math.pi * hertz / RATE)
    before = earlier = 0.0
    for value in values:
        before, earlier = value + coefficient * before - earlier, before
    return (before * before + earlier * earlier - coefficient * before * earlier) / len(values)


def test_a_consented_recording_on_the_sfu_yields_one_composite_with_every_voice(
    app,
    joint_call,  # noqa: F811 (the fixture imported above)
    janus_netns,
    tmp_path,
    monkeypatch,
):
    monkeypatch.setitem(app.config, "RECORDING_DIR", str(tmp_path / "case-files"))
    monkeypatch.setitem(app.config, "SFU_RECORDING_DIR", str(tmp_path / "raw"))
    monkeypatch.setattr(sfu_recordings, "SETTLE", timedelta(0))
    room, s, clients = joint_call
    sounds = {name: tone(tmp_path / f"{name}.wav", hz) for name, hz in TONES.items()}
    with browsers(janus_netns, tmp_path, sounds) as pages:
        for name, client in clients.items():
            client.emit("consent", {"consent": True}, namespace=NAMESPACE)
            publish(client, pages[name])
        clients["mediator"].emit("recording", {"active": True}, namespace=NAMESPACE)
        recording = db.session.scalars(select(Recording).where(Recording.room_id == room.id)).one()
        assert (recording.source, recording.state) == ("sfu", "open")
        raw = tmp_path / "raw" / str(recording.id)
        wait_for(lambda: len(list(raw.glob("*.mjr"))) == 6)
        time.sleep(6)
        clients["mediator"].emit("recording", {"active": False}, namespace=NAMESPACE)
        db.session.expire_all()
        assert db.session.get(Recording, recording.id).state == "composing"
    started = time.monotonic()
    assert tasks.compose_sfu_recordings() == {"composed": 1}
    took = time.monotonic() - started

    db.session.expire_all()
    recording = db.session.get(Recording, recording.id)
    assert recording.state == "saved"
    composite = Path(app.config["RECORDING_DIR"]) / recording.filename
    assert list(Path(app.config["RECORDING_DIR"]).iterdir()) == [composite]
    assert hashlib.sha256(composite.read_bytes()).hexdigest() == recording.sha256
    saved = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "video.recording_saved")
    ).one()
    assert saved.data["sha256"] == recording.sha256 and saved.subject_id == room.id
    assert not raw.exists()
    picture = subprocess.run(  # noqa: S603 (fixed tool)
        ["/usr/bin/ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries"]
        + ["stream=width,height", "-of", "csv=p=0", str(composite)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert picture == "960,240"  # three tiles side by side
    audio = samples(composite, 2, 3)
    heard = {hz: power(audio, hz) for hz in TONES.values()}
    quiet = min(power(audio, hz) for hz in (300, 900, 1500))
    print(f"composed in {took:.1f} s, {composite.stat().st_size} bytes; power {heard} vs {quiet}")
    for hz, level in heard.items():
        assert level > 100 * quiet, (hz, heard, quiet)
