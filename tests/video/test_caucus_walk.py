"""Random walks through a room with caucus timers: nobody is ever lost or in two places."""

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mediation.video import caucus
from mediation.video import permissions as rules
from mediation.video.permissions import CAUCUSES, JOINT, LOBBY, PLACES, Member

T0 = datetime(2026, 12, 2, 1, 30, tzinfo=UTC)
SEATS = {1: ("mediator", None), 2: ("party", "applicant"), 3: ("party", "applicant")}
SEATS |= {4: ("party", "respondent"), 5: ("observer", None)}


class Room:
    """The room as the server keeps it, driven only through the pure rules."""

    def __init__(self):
        self.place: dict[int, str | None] = dict.fromkeys(SEATS)
        self.online: dict[int, bool] = dict.fromkeys(SEATS, False)
        self.timers: dict[str, caucus.Timer] = {}
        self.now = T0

    def members(self) -> list[Member]:
        return [Member(i, *SEATS[i], self.place[i], self.online[i]) for i in SEATS]

    def mediator(self) -> Member:
        return self.members()[0]

    def apply(self, moves: dict[int, str]) -> None:
        self.place.update(moves)

    def controlled(self) -> None:
        for place in caucus.abandoned(self.timers, self.members()):
            del self.timers[place]

    def step(self, step: tuple) -> None:
        kind, who, arg, minutes = step
        if kind == "connect":
            self.place[who] = rules.first_place(SEATS[who][0], self.place[who])
            self.online[who] = True
            return
        if kind == "disconnect":
            self.online[who] = False
            return
        if kind == "tick":
            self.now += timedelta(seconds=arg * 45)
            for timer in caucus.due(self.timers.values(), self.now):
                self.apply(caucus.expiry_moves(timer.place, self.members()))
                del self.timers[timer.place]
            return
        if not rules.can_control(self.mediator()):
            return  # only a connected mediator controls; timers run on regardless
        if kind == "move":
            target = next(m for m in self.members() if m.id == who)
            place = PLACES[arg % len(PLACES)]
            if rules.place_allowed(target, place) and not (target.is_mediator and place == LOBBY):
                self.place[who] = place
        elif kind == "caucus":
            side = rules.SIDES[arg % 2]
            self.apply(rules.caucus_moves(side, self.members()))
            if minutes is not None:
                timer = caucus.set_timer(rules.caucus_for(side), minutes, self.members(), self.now)
                self.timers[timer.place] = timer
        elif kind == "timer":
            place = CAUCUSES[arg % 2]
            try:
                self.timers[place] = caucus.set_timer(place, minutes, self.members(), self.now)
            except caucus.TimerRefused:
                pass
        elif kind == "extend":
            place = CAUCUSES[arg % 2]
            try:
                self.timers[place] = caucus.extend_timer(self.timers.get(place), minutes, self.now)
            except caucus.TimerRefused:
                pass
        elif kind == "gather":
            self.apply(rules.gather_moves(self.members()))
        self.controlled()

    def check(self) -> None:
        members = self.members()
        for m in members:
            # Exactly one place: a known one, or none before the first connection.
            assert m.place is None or m.place in PLACES
            assert sum(m.place == p for p in PLACES) == (0 if m.place is None else 1)
            if m.role == "party" and m.place in CAUCUSES:
                assert m.place == rules.caucus_for(m.side)
            for peer in rules.peers_of(m, members):
                assert peer.place == m.place != LOBBY
        mediator = self.mediator()
        assert mediator.place != LOBBY
        for place in PLACES:
            assert rules.place_allowed(mediator, place)
        for place, timer in self.timers.items():
            assert place in CAUCUSES and timer.place == place
            assert caucus.occupied(place, members)
            assert timer.ends_at > self.now
            assert timer.ends_at - timer.started_at <= caucus.MAX_TOTAL


steps = st.tuples(
    st.sampled_from(
        ["connect", "disconnect", "move", "caucus", "timer", "extend", "gather", "tick"]
    ),
    st.sampled_from(sorted(SEATS)),
    st.integers(0, 20),
    st.one_of(st.none(), st.integers(1, 60)),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(steps, max_size=60))
def test_everyone_is_always_in_one_place_and_the_mediator_reaches_every_place(walk):
    room = Room()
    for step in walk:
        try:
            room.step(step)
        except caucus.TimerRefused as refused:
            assert refused.code == "caucus_empty"
        room.check()


def test_a_timed_caucus_returns_a_disconnected_party_to_the_joint_room():
    room = Room()
    for who in (1, 2, 4):
        room.step(("connect", who, 0, None))
    room.step(("move", 2, PLACES.index(JOINT), None))
    room.step(("caucus", 2, 0, 5))
    room.step(("disconnect", 1, 0, None))
    room.step(("disconnect", 2, 0, None))
    room.step(("tick", 1, 7, None))
    assert room.place[1] == room.place[2] == JOINT and room.timers == {}
    room.step(("connect", 2, 0, None))
    assert room.place[2] == JOINT
