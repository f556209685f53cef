from datetime import timedelta

import pytest

from mediation.video import hooks
from mediation.video.links import join_token
from mediation.video.namespace import NAMESPACE
from tests.factories import tamper
from tests.video.conftest import error_codes, events, last_view


def signal(client, to, kind="offer"):
    client.emit("signal", {"to": to.id, "kind": kind, "data": {"sdp": "v=0"}}, namespace=NAMESPACE)


def test_connect_without_a_token_is_refused(connect):
    client = connect(token="")
    assert not client.is_connected(NAMESPACE)


def test_tampered_token_is_refused(create_room, seats, connect):
    token = join_token(seats(create_room())["applicant"])
    client = connect(token=tamper(token))
    assert not client.is_connected(NAMESPACE)


def test_expired_token_is_refused(app, create_room, seats, connect, monkeypatch):
    token = join_token(seats(create_room())["applicant"])
    monkeypatch.setitem(app.config, "VIDEO_LINK_TTL", timedelta(seconds=-1))
    assert not connect(token=token).is_connected(NAMESPACE)


def test_token_for_another_session_is_refused(app, test_socketio, create_room, seats):
    room, other = create_room(), create_room()
    auth = {"token": join_token(seats(room)["applicant"]), "session_id": other.session_id}
    client = test_socketio.test_client(app, namespace=NAMESPACE, auth=auth)
    assert not client.is_connected(NAMESPACE)


def test_room_refuses_connections_before_it_opens(create_room, seats, connect):
    room = create_room(starts_in=timedelta(hours=3))
    assert not connect(seats(room)["mediator"]).is_connected(NAMESPACE)


def test_a_refusal_carries_its_code_and_message_as_an_object(create_room, seats, refusal):
    token = join_token(seats(create_room())["applicant"])
    refused = refusal({"token": tamper(token)})
    assert refused["data"] == {"code": "link_invalid", "message": refused["message"]}
    assert refused["message"] and "{" not in refused["message"]


def test_a_room_not_open_yet_says_when_it_opens(create_room, seats, refusal):
    room = create_room(starts_in=timedelta(hours=3))
    refused = refusal({"token": join_token(seats(room)["mediator"])})
    assert refused["data"]["code"] == "room_not_open"
    assert refused["data"]["opens_at"] == room.opens_at.isoformat()


@pytest.mark.parametrize("session_id", ["7", 7.0, True, [7], {"id": 7}])
def test_a_session_id_that_is_not_a_whole_number_is_refused(
    create_room, seats, refusal, session_id
):
    room = create_room()
    auth = {"token": join_token(seats(room)["applicant"]), "session_id": session_id}
    assert refusal(auth)["data"]["code"] == "bad_session_id"


def test_a_string_session_id_is_refused_even_when_it_names_the_right_session(
    create_room, seats, refusal
):
    room = create_room()
    auth = {"token": join_token(seats(room)["applicant"]), "session_id": str(room.session_id)}
    assert refusal(auth)["data"]["code"] == "bad_session_id"


def test_the_right_session_id_as_a_whole_number_connects(app, test_socketio, create_room, seats):
    room = create_room()
    auth = {"token": join_token(seats(room)["applicant"]), "session_id": room.session_id}
    client = test_socketio.test_client(app, namespace=NAMESPACE, auth=auth)
    assert client.is_connected(NAMESPACE)
    client.disconnect(NAMESPACE)


def test_party_waits_in_the_lobby_seeing_nobody(create_room, seats, connect):
    room = create_room()
    s = seats(room)
    connect(s["mediator"])
    party = connect(s["applicant"])
    view = last_view(party)
    assert view["place"] == "lobby"
    assert view["peers"] == []
    assert [m["id"] for m in view["members"]] == [s["applicant"].id]


def test_mediator_sees_the_lobby_but_cannot_signal_into_it(create_room, seats, connect):
    room = create_room()
    s = seats(room)
    mediator = connect(s["mediator"])
    connect(s["applicant"])
    everyone = {m["id"]: m["place"] for m in last_view(mediator)["everyone"]}
    assert everyone[s["applicant"].id] == "lobby"
    signal(mediator, s["applicant"])
    assert "not_allowed" in error_codes(mediator)


def test_lobby_participant_cannot_signal(create_room, seats, connect):
    room = create_room()
    s = seats(room)
    mediator = connect(s["mediator"])
    party = connect(s["applicant"])
    mediator.get_received(NAMESPACE)
    signal(party, s["mediator"])
    assert "not_allowed" in error_codes(party)
    assert events(mediator, "signal") == []


def test_admitted_parties_signal_the_mediator(call):
    room, s, clients = call
    signal(clients["applicant"], s["mediator"])
    relayed = events(clients["mediator"], "signal")
    assert relayed == [{"from": s["applicant"].id, "kind": "offer", "data": {"sdp": "v=0"}}]


def test_admitting_the_first_party_starts_the_room(create_room, seats, connect):
    started = []
    hooks.on_room_started(started.append)
    try:
        room = create_room()
        s = seats(room)
        mediator = connect(s["mediator"])
        connect(s["applicant"])
        mediator.emit(
            "control", {"action": "admit", "participant": s["applicant"].id}, namespace=NAMESPACE
        )
        assert started == [room]
        assert room.state == "started"
    finally:
        hooks._started.remove(started.append)


def test_caucus_hides_the_other_side(call):
    room, s, clients = call
    clients["mediator"].emit(
        "control", {"action": "caucus", "side": "applicant"}, namespace=NAMESPACE
    )
    assert last_view(clients["respondent"])["peers"] == []
    assert last_view(clients["applicant"])["peers"] == [s["mediator"].id]
    signal(clients["respondent"], s["mediator"])
    signal(clients["respondent"], s["applicant"])
    assert error_codes(clients["respondent"]) == ["not_allowed", "not_allowed"]
    received = clients["mediator"].get_received(NAMESPACE)
    assert [e for e in received if e["name"] == "signal"] == []
    hearing = [e["args"][0] for e in received if e["name"] == "room"][-1]["hearing"]
    assert hearing[str(s["respondent"].id)] == []
    assert hearing[str(s["applicant"].id)] == [s["mediator"].id]


def test_party_outside_the_caucus_can_call_the_mediator(call):
    room, s, clients = call
    clients["mediator"].emit(
        "control", {"action": "caucus", "side": "applicant"}, namespace=NAMESPACE
    )
    clients["mediator"].get_received(NAMESPACE)
    clients["respondent"].emit("call_mediator", {}, namespace=NAMESPACE)
    assert events(clients["mediator"], "call")[0]["from"] == s["respondent"].id


def test_bring_everyone_back_rejoins_the_joint_room(call):
    room, s, clients = call
    clients["mediator"].emit(
        "control", {"action": "caucus", "side": "respondent"}, namespace=NAMESPACE
    )
    clients["mediator"].emit("control", {"action": "gather"}, namespace=NAMESPACE)
    assert sorted(last_view(clients["applicant"])["peers"]) == sorted(
        [s["mediator"].id, s["respondent"].id]
    )


def test_party_cannot_be_moved_into_the_other_sides_caucus(call):
    room, s, clients = call
    move = {"action": "move", "participant": s["applicant"].id, "place": "caucus:respondent"}
    clients["mediator"].emit("control", move, namespace=NAMESPACE)
    assert "validation_failed" in error_codes(clients["mediator"])


def test_sending_back_to_the_lobby_cuts_the_party_off(call):
    room, s, clients = call
    lobby = {"action": "lobby", "participant": s["respondent"].id}
    clients["mediator"].emit("control", lobby, namespace=NAMESPACE)
    assert last_view(clients["respondent"])["place"] == "lobby"
    signal(clients["applicant"], s["respondent"])
    assert "not_allowed" in error_codes(clients["applicant"])


def test_parties_cannot_use_the_mediators_controls(call):
    room, s, clients = call
    lobby = {"action": "lobby", "participant": s["respondent"].id}
    clients["applicant"].emit("control", lobby, namespace=NAMESPACE)
    assert "not_mediator" in error_codes(clients["applicant"])
    assert s["respondent"].place == "joint"


def test_a_second_connection_with_the_same_link_replaces_the_first(create_room, seats, connect):
    room = create_room()
    seat = seats(room)["mediator"]
    first = connect(seat)
    second = connect(seat)
    assert not first.is_connected(NAMESPACE)
    assert second.is_connected(NAMESPACE)
    assert seat.sid is not None


def test_removed_participant_is_disconnected_and_the_link_stops_working(call, connect):
    room, s, clients = call
    clients["mediator"].emit(
        "control", {"action": "remove", "participant": s["respondent"].id}, namespace=NAMESPACE
    )
    assert not clients["respondent"].is_connected(NAMESPACE)
    assert not connect(token=join_token(s["respondent"]) + "x").is_connected(NAMESPACE)
    assert s["respondent"].removed


def test_ending_the_room_disconnects_everyone_and_calls_the_hook(call):
    room, s, clients = call
    ended = []
    hooks.on_room_ended(ended.append)
    try:
        clients["mediator"].emit("control", {"action": "end"}, namespace=NAMESPACE)
    finally:
        hooks._ended.remove(ended.append)
    assert ended == [room]
    assert room.state == "ended"
    assert not any(c.is_connected(NAMESPACE) for c in clients.values())


def test_chat_reaches_only_the_senders_room(call):
    room, s, clients = call
    clients["mediator"].emit(
        "control", {"action": "caucus", "side": "applicant"}, namespace=NAMESPACE
    )
    clients["applicant"].emit("chat", {"body": "私下说一句"}, namespace=NAMESPACE)
    assert [m["body"] for m in events(clients["mediator"], "chat")] == ["私下说一句"]
    assert events(clients["respondent"], "chat") == []


def test_chat_history_is_given_back_only_to_those_who_were_there(call, connect):
    room, s, clients = call
    clients["mediator"].emit(
        "control", {"action": "caucus", "side": "applicant"}, namespace=NAMESPACE
    )
    clients["applicant"].emit("chat", {"body": "只给调解员"}, namespace=NAMESPACE)
    again = {name: connect(s[name]) for name in ("applicant", "respondent")}
    assert [m["body"] for m in events(again["applicant"], "welcome")[0]["chat"]] == ["只给调解员"]
    assert events(again["respondent"], "welcome")[0]["chat"] == []


def test_recording_needs_everyones_consent(call):
    room, s, clients = call
    clients["mediator"].emit("recording", {"active": True}, namespace=NAMESPACE)
    assert "no_consent" in error_codes(clients["mediator"])
    for client in clients.values():
        client.emit("consent", {"consent": True}, namespace=NAMESPACE)
    assert last_view(clients["mediator"])["may_record"] is True
    clients["mediator"].emit("recording", {"active": True}, namespace=NAMESPACE)
    assert last_view(clients["applicant"])["recording"] is True


def test_withdrawn_consent_stops_the_recording(call):
    room, s, clients = call
    for client in clients.values():
        client.emit("consent", {"consent": True}, namespace=NAMESPACE)
    clients["mediator"].emit("recording", {"active": True}, namespace=NAMESPACE)
    clients["respondent"].emit("consent", {"consent": False}, namespace=NAMESPACE)
    assert last_view(clients["mediator"])["recording"] is False


@pytest.mark.parametrize(
    "payload",
    [
        "not an object",
        ["a", "list"],
        {"to": "2", "kind": "offer"},
        {"to": 2, "kind": "shout"},
        {"to": 2, "kind": "offer", "data": "text"},
        {"kind": "offer"},
    ],
)
def test_malformed_signals_get_an_error_and_keep_the_connection(call, payload):
    room, s, clients = call
    clients["applicant"].emit("signal", payload, namespace=NAMESPACE)
    assert "bad_payload" in error_codes(clients["applicant"])
    assert clients["applicant"].is_connected(NAMESPACE)


def test_oversized_payload_is_dropped(call):
    room, s, clients = call
    big = {"to": s["mediator"].id, "kind": "offer", "data": {"sdp": "x" * 70_000}}
    clients["applicant"].emit("signal", big, namespace=NAMESPACE)
    assert "too_large" in error_codes(clients["applicant"])
    assert events(clients["mediator"], "signal") == []


def test_event_flood_is_rate_limited_and_the_connection_survives(app, call, connect, monkeypatch):
    room, s, clients = call
    monkeypatch.setitem(app.config, "SIGNAL_RATE", 0.01)
    monkeypatch.setitem(app.config, "SIGNAL_BURST", 20)
    flooder = connect(s["applicant"])
    clients["mediator"].get_received(NAMESPACE)
    for _ in range(60):
        signal(flooder, s["mediator"], "candidate")
    assert error_codes(flooder).count("rate_limited") == 1
    assert len(events(clients["mediator"], "signal")) == 20
    assert flooder.is_connected(NAMESPACE)


def test_welcome_hands_out_ice_servers_with_turn_credentials(
    app, create_room, seats, connect, monkeypatch
):
    monkeypatch.setitem(app.config, "ICE_STUN_URLS", ("stun:stun.example.cn:3478",))
    monkeypatch.setitem(app.config, "TURN_URLS", ("turn:turn.example.cn:3478",))
    monkeypatch.setitem(app.config, "TURN_SECRET", "s3cret")
    seat = seats(create_room())["applicant"]
    servers = events(connect(seat), "welcome")[0]["ice_servers"]
    assert servers[0] == {"urls": ["stun:stun.example.cn:3478"]}
    assert servers[1]["username"].endswith(f":{seat.id}")


def test_a_control_naming_a_participant_past_the_key_range_is_refused(call):
    room, s, clients = call
    clients["mediator"].emit(
        "control", {"action": "lobby", "participant": 10**20}, namespace=NAMESPACE
    )
    assert error_codes(clients["mediator"]) == ["no_participant"]
    assert clients["mediator"].is_connected(NAMESPACE)
    assert events(clients["applicant"], "room") == []
