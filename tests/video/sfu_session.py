"""Six people in one video session, in real pages of the real app, beside the netns Janus.

The app runs as a real server process (tests.video.live.start_server) on the outside loopback
and reaches Janus through the harness's forwarder (tests.video.sfu_netns); the browsers run
inside Janus's namespace and reach the app through `Inward`, a listener inside the namespace
on the same port. Used by tests/video/test_sfu_pages.py and bench/sfu_upload.py.

Run as a script to seed the room (`seed URL`, prints JSON): the data must be committed for the
server process to see it.
"""

import json
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path

from tests.video import live, sfu_netns
from tests.video.sfu_browser import FLAGS

# The seats, in the order they join: the mediator, each side's party and their agent (a party
# of that side too), and an interpreter (an observer).
PEOPLE = (
    "mediator",
    "applicant",
    "applicant_agent",
    "respondent",
    "respondent_agent",
    "interpreter",
)

# Records every feed label the page was ever told of, and every error, beside the page's own
# listeners.
WATCH = """() => {
  window.seenFeeds = []; window.seenErrors = [];
  const socket = window.videoRoom.socket;
  socket.on('sfu_feeds', (d) => d.feeds.forEach((f) => window.seenFeeds.push(f.feed)));
  socket.on('error', (e) => window.seenErrors.push(e));
}"""
DECODING = """(peer) => {
  const v = document.querySelector(`.video-cell[data-peer="${peer}"] video`);
  return !!v && v.getVideoPlaybackQuality().totalVideoFrames > 0;
}"""
# What a call looks like from inside the page, for a failure's message.
PAGE_STATE = """() => {
  const room = window.videoRoom;
  const cells = [...document.querySelectorAll('#videos .video-cell')].map((c) => {
    const v = c.querySelector('video');
    return `${c.dataset.peer}:${v ? v.getVideoPlaybackQuality().totalVideoFrames : 'no video'}`;
  });
  const pcs = Object.fromEntries(Object.entries(room.pcs).map(
    ([k, pc]) => [k, `${pc.signalingState}/${pc.iceConnectionState}/${pc.connectionState}`]));
  return JSON.stringify({
    place: room.view && room.view.place, media: room.media, cells, pcs,
    feeds: window.seenFeeds, errors: window.seenErrors,
  });
}"""
# What the page has sent of its media so far over all its connections (outbound-rtp).
BYTES_SENT = """async () => {
  let bytes = 0;
  for (const pc of Object.values(window.videoRoom.pcs)) {
    (await pc.getStats()).forEach((r) => {
      if (r.type === 'outbound-rtp') bytes += r.bytesSent || 0;
    });
  }
  return {bytes, at: performance.now()};
}"""


def seed(url: str) -> dict:
    """Create a room of the six seats, open now; return its tokens and ids by seat."""
    import flask_migrate
    from sqlalchemy import inspect

    from mediation.accounts.models import Role, User
    from mediation.core.db import utcnow
    from mediation.disputes.codes import new_code
    from mediation.disputes.models import Dispute, Party
    from mediation.extensions import db
    from mediation.mediators.models import Mediator
    from mediation.organisations.models import Organisation, OrgKind
    from mediation.scheduling.models import MediationSession
    from mediation.video.links import join_token
    from mediation.video.operations import open_room

    app = live._app(url)
    with app.app_context():
        if "users" not in inspect(db.engine).get_table_names():
            flask_migrate.upgrade()
        stamp = int(time.time() * 1000) % 10**9
        org = Organisation(name=f"多方测试站{stamp}", kind=OrgKind.STATION, area="测试")
        db.session.add(org)
        db.session.flush()
        user = User(name="调解员甲", mobile=f"1{stamp % 10**6:06d}0001", role=Role.MEDIATOR)
        interpreter = User(name="翻译陈静", mobile=f"1{stamp % 10**6:06d}0002", role=Role.MEDIATOR)
        for u in (user, interpreter):
            u.set_password("x" * 12)
        dispute = Dispute(
            code=new_code(),
            category="neighbour",
            channel="walk_in",
            description="多方视频测试",
            township_id=org.id,
        )
        dispute.parties = [
            Party(side="applicant", name="王芳", mobile="15800000001", position=0),
            Party(side="applicant", name="赵律师", mobile="15800000002", position=1),
            Party(side="respondent", name="李强", mobile="13700000001", position=2),
            Party(side="respondent", name="孙律师", mobile="13700000002", position=3),
        ]
        mediator = Mediator(user=user, organisation=org)
        db.session.add_all([user, interpreter, dispute, mediator])
        db.session.flush()
        starts = utcnow() + timedelta(minutes=1)
        session = MediationSession(
            uid=f"sfu-{stamp}@test",
            dispute=dispute,
            mediator=mediator,
            start_at=starts,
            end_at=starts + timedelta(hours=2),
            mode="video",
            status="scheduled",
            timezone="Asia/Shanghai",
        )
        db.session.add(session)
        db.session.flush()
        room = open_room(
            session.id, starts, starts + timedelta(hours=2), user, dispute.parties, [interpreter]
        )
        by_name = {p.name: name for p, name in zip(dispute.parties, PEOPLE[1:5], strict=True)}
        seats = {}
        for seat in room.participants:
            if seat.role == "mediator":
                seats["mediator"] = seat
            elif seat.role == "observer":
                seats["interpreter"] = seat
            else:
                seats[by_name[seat.display_name]] = seat
        made = {
            "rooms": [
                {
                    "id": room.id,
                    "session_id": room.session_id,
                    "ids": {k: s.id for k, s in seats.items()},
                    "tokens": {k: join_token(s) for k, s in seats.items()},
                }
            ],
            "users": [user.id, interpreter.id],
            "disputes": [dispute.id],
            "organisations": [org.id],
            "mediators": [mediator.id],
            "sessions": [session.id],
        }
        db.session.commit()
    return made


def seed_room(url: str) -> dict:
    result = subprocess.run(  # noqa: S603 (fixed interpreter and module)
        [live.PYTHON, "-m", "tests.video.sfu_session", "seed", url],
        cwd=live.ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


class Inward:
    """Listen inside the namespace on a port; carry each connection to that port outside."""

    def __init__(self, namespace: sfu_netns.Namespace, port: int):
        self.port = port
        self.listener = namespace.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(64)
        self.open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while self.open:
            try:
                inside, _ = self.listener.accept()
            except OSError:
                return
            outside = socket.create_connection(("127.0.0.1", self.port))
            for a, b in ((inside, outside), (outside, inside)):
                threading.Thread(target=sfu_netns._pump, args=(a, b), daemon=True).start()

    def close(self) -> None:
        self.open = False
        # A close alone leaves the port taken while the thread waits in accept; shutdown wakes it.
        with suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        with suppress(OSError):
            self.listener.close()


@contextmanager
def served(janus, url: str, sfu: bool, recordings: Path | None = None):
    """Seed the room, serve the app (on the SFU or as a mesh); yield its base URL and room.

    `recordings` is the folder Janus writes an SFU recording's raw files in.
    """
    made = seed_room(url)
    port = live.free_port()
    env = {"VIDEO_SFU": "off"}
    if sfu:
        # Janus answers in milliseconds; six browsers on a small machine may take seconds.
        env = {
            "VIDEO_SFU": "on",
            "SFU_URL": janus.url,
            "SFU_API_SECRET": janus.secret,
            "SFU_TIMEOUT": "30",
        }
    if recordings is not None:
        env["SFU_RECORDING_DIR"] = str(recordings)
    process = live.start_server(url, port, **env)
    inward = Inward(janus.namespace, port)
    try:
        yield f"http://127.0.0.1:{port}", made["rooms"][0]
    finally:
        inward.close()
        live.stop_server(process)
        live.clean_rooms(url, made)


@contextmanager
def chromium(janus, directory):
    """Yield Chromium started inside Janus's namespace with the fake camera and microphone."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=janus.chromium(directory), args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


# How long a page may take to reach what a test waits for. A seventh page opening beside six that
# each encode one picture and decode five, on a two-core machine with the rest of the suite
# running, took more than 30 s once; waits end as soon as the page gets there. join() makes it the
# default of every wait on its page.
WAIT_MS = 90_000


def join(browser, base: str, token: str):
    """Open the room page in a context of its own, pass the device check and join."""
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto(f"{base}/video/join/{token}")
    page.wait_for_function("() => window.videoRoom && window.videoRoom.stream")
    page.click("#join-button")
    page.evaluate(WATCH)
    return page


def admit(mediator, ids: list[int]) -> None:
    """Admit seats from the mediator's page, as the console's buttons do."""
    for participant in ids:
        mediator.evaluate(
            "(id) => window.videoRoom.socket.emit('control', {action: 'admit', participant: id})",
            participant,
        )


def decoding(page, peer: int, timeout: float = WAIT_MS) -> float:
    """Wait until the page decodes a frame of the peer's picture; return the seconds it took.

    When it never does, the failure says what the page had: its tiles, its two connections'
    states, the feeds it was told of and the errors it was sent.
    """
    from playwright.sync_api import TimeoutError as PageTimeout

    started = time.monotonic()
    try:
        page.wait_for_function(DECODING, arg=peer, timeout=timeout)
    except PageTimeout:
        raise AssertionError(
            f"no picture of {peer} decoded in {timeout / 1000:g} s; the page had "
            f"{page.evaluate(PAGE_STATE)}"
        ) from None
    return time.monotonic() - started


def upload_kbps(pages: dict, seconds: float) -> dict:
    """Measure each page's upload (outbound-rtp bytesSent) over the same window, in kbit/s."""
    before = {name: page.evaluate(BYTES_SENT) for name, page in pages.items()}
    time.sleep(seconds)
    after = {name: page.evaluate(BYTES_SENT) for name, page in pages.items()}
    return {
        name: (after[name]["bytes"] - before[name]["bytes"])
        * 8
        / (after[name]["at"] - before[name]["at"])
        for name in pages
    }


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        print(json.dumps(seed(sys.argv[2])))
