"""The Janus client against a real Janus in a namespace: rooms, the allowed list, publishing."""

import secrets
from pathlib import Path

import pytest

from mediation.video.sfu import videoroom
from mediation.video.sfu.identifiers import JanusRoom, janus_room, seat_token
from mediation.video.sfu.janus import Janus, JanusError, JanusSession
from tests.video import sfu_browser

pytestmark = [
    pytest.mark.slow,
    pytest.mark.usefixtures("one_call_at_a_time"),
    pytest.mark.skipif(
        not Path(sfu_browser.CHROMIUM).exists(), reason=f"{sfu_browser.CHROMIUM} is missing"
    ),
]
KEY = "sfu-test-key"


@pytest.fixture
def session(janus_netns):
    opened = JanusSession(Janus(janus_netns.url, janus_netns.secret, timeout=10))
    yield opened
    opened.close()


def fresh_room(place="joint") -> JanusRoom:
    return janus_room(KEY, secrets.randbelow(10**9), place)


def test_a_request_without_the_api_secret_is_refused(janus_netns):
    with pytest.raises(JanusError) as refused:
        Janus(janus_netns.url, "not-the-secret").create_session()
    assert refused.value.code == 403


def test_a_room_is_made_only_with_the_admin_key_and_lives_until_destroyed(janus_netns, session):
    handle = session.attach()
    room = fresh_room()
    with pytest.raises(JanusError):
        videoroom.create_room(session, handle, room, "not-the-key", [])
    assert videoroom.create_room(session, handle, room, janus_netns.secret, []) is True
    assert videoroom.create_room(session, handle, room, janus_netns.secret, []) is False
    assert videoroom.participants(session, handle, room) == []
    with pytest.raises(JanusError):
        session.request(handle, {"request": "destroy", "room": room.number, "secret": "x"})
    assert videoroom.destroy_room(session, handle, room) is True
    assert videoroom.destroy_room(session, handle, room) is False


def test_janus_itself_refuses_a_join_without_an_allowed_token_or_the_pin(janus_netns, session):
    admin = session.attach()
    room = fresh_room("caucus:applicant")
    allowed = seat_token(KEY, room, 1)
    videoroom.create_room(session, admin, room, janus_netns.secret, [allowed])
    try:
        for token, pin in ((seat_token(KEY, room, 2), room.pin), (allowed, "wrong")):
            handle = session.attach()
            wrong_pin = JanusRoom(room.video_room_id, room.place, room.number, room.secret, pin)
            with pytest.raises(JanusError) as refused:
                videoroom.join_publisher(session, handle, wrong_pin, token, 11)
            assert refused.value.code in (433, 432)  # not allowed; wrong pin
        handle = session.attach()
        assert videoroom.join_publisher(session, handle, room, allowed, 11)
        # Taken off the list, the same token no longer lets anyone in.
        videoroom.set_allowed(session, admin, room, add=[], remove=[allowed])
        with pytest.raises(JanusError) as refused:
            videoroom.join_publisher(session, session.attach(), room, allowed, 12)
        assert refused.value.code == 433
        videoroom.kick(session, admin, room, 11)
        assert videoroom.participants(session, admin, room) == []
    finally:
        videoroom.destroy_room(session, admin, room)


def test_a_browser_publishes_and_another_receives_it_through_janus(janus_netns, session, tmp_path):
    admin = session.attach()
    room = fresh_room()
    tokens = [seat_token(KEY, room, seat) for seat in (1, 2)]
    videoroom.create_room(session, admin, room, janus_netns.secret, tokens)
    try:
        with sfu_browser.chromium(janus_netns, tmp_path) as open_page:
            sender, receiver = open_page(), open_page()
            up = session.attach()
            videoroom.join_publisher(session, up, room, tokens[0], 101)
            answer = videoroom.publish(session, up, sender.evaluate("window.offer_up()"))
            assert answer["type"] == "answer" and "a=candidate:" in answer["sdp"]
            sender.evaluate("(a) => window.pcs.up.setRemoteDescription(a)", answer)
            for candidate in sfu_browser.candidates(sender, "up"):
                session.trickle(up, candidate)
            sfu_browser.connected(sender, "up")
            assert videoroom.publishers(session, admin, room) == [101]

            # The receiver publishes too (subscribing needs a publisher's private id).
            own = session.attach()
            private_id = videoroom.join_publisher(session, own, room, tokens[1], 102)
            down = session.attach()
            offer = videoroom.subscribe(session, down, room, tokens[1], private_id, [101])
            videoroom.start(session, down, receiver.evaluate("(o) => window.answer_down(o)", offer))
            for candidate in sfu_browser.candidates(receiver, "down"):
                session.trickle(down, candidate)
            sfu_browser.connected(receiver, "down")
            receiver.wait_for_function("async () => (await window.frames_down()) > 0")

            # Put out of the room, the receiver's publisher takes its subscription with it:
            # no more frames arrive (what keeps a moved person from hearing their old place).
            videoroom.kick(session, admin, room, 102)
            receiver.wait_for_timeout(1000)
            before = receiver.evaluate("window.frames_down()")
            receiver.wait_for_timeout(1500)
            assert receiver.evaluate("window.frames_down()") == before
            assert videoroom.publishers(session, admin, room) == [101]
    finally:
        videoroom.destroy_room(session, admin, room)


def test_another_process_puts_a_moved_persons_feed_out_of_their_old_place(janus_netns, tmp_path):
    from mediation.video.permissions import Member
    from mediation.video.sfu.gateway import Gateway

    # Two server processes: each its own Janus session; the person's connection is on B.
    a, b = (Gateway(janus_netns.url, janus_netns.secret, KEY) for _ in range(2))
    video_room = secrets.randbelow(10**9)
    party = Member(5, "party", "respondent", "joint", True, since="t1")
    mediator = Member(4, "mediator", None, "joint", True, since="t1")
    try:
        a.police(video_room, [mediator, party])
        with sfu_browser.chromium(janus_netns, tmp_path) as open_page:
            page = open_page()
            answer = b.publish("sid-5", video_room, party, page.evaluate("window.offer_up()"))
            page.evaluate("(a) => window.pcs.up.setRemoteDescription(a)", answer)
            for candidate in sfu_browser.candidates(page, "up"):
                b.trickle("sid-5", "up", candidate)
            sfu_browser.connected(page, "up")
            joint = a.room(video_room, "joint")
            assert len(videoroom.publishers(a.session, a.admin(), joint)) == 1

            moved = Member(5, "party", "respondent", "lobby", True, since="t1")
            assert a.police(video_room, [mediator, moved]) == {5: "joint"}
            assert videoroom.publishers(a.session, a.admin(), joint) == []
            # Nor may the party's token join the joint room again.
            with pytest.raises(JanusError) as refused:
                videoroom.join_publisher(
                    b.session, b.session.attach(), joint, seat_token(KEY, joint, 5), 99
                )
            assert refused.value.code == 433
    finally:
        a.destroy(video_room)
        a.close()
        b.close()
