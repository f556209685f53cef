"""Who may see and hear whom in a video room: pure rules over members and their places.

A member is in one place at a time: the lobby (sees and is seen by nobody), the joint room, or
a caucus (``caucus:applicant``, ``caucus:respondent``). Two members signal each other only when
both are connected and share a place other than the lobby.
"""

from collections.abc import Iterable
from dataclasses import dataclass

LOBBY = "lobby"
JOINT = "joint"
SIDES = ("applicant", "respondent")
CAUCUSES = tuple(f"caucus:{side}" for side in SIDES)
PLACES = (LOBBY, JOINT, *CAUCUSES)
ROLES = ("mediator", "party", "observer")
SIGNAL_KINDS = ("offer", "answer", "candidate", "restart", "media")
# How a member's own link is doing, as their browser measures it (docs/signaling.md).
LINK_QUALITIES = ("good", "weak", "poor")
CONTROL_ACTIONS = ("admit", "lobby", "remove", "caucus", "move", "gather", "end")


def is_media_state(data: object) -> bool:
    """Whether a "media" signal's data is a member's own state and nothing else."""
    return (
        isinstance(data, dict)
        and data.keys() == {"audio_only", "quality"}
        and type(data["audio_only"]) is bool
        and data["quality"] in LINK_QUALITIES
    )


@dataclass(frozen=True)
class Member:
    id: int
    role: str
    side: str | None
    place: str | None
    online: bool
    name: str = ""
    # When the current connection began: a change tells peers to start a fresh call.
    since: str | None = None

    @property
    def is_mediator(self) -> bool:
        return self.role == "mediator"


def caucus_for(side: str) -> str:
    """Return the caucus place of one side."""
    if side not in SIDES:
        raise ValueError(side)
    return f"caucus:{side}"


def first_place(role: str, previous: str | None) -> str:
    """Return where a member lands on connecting.

    The mediator goes to the joint room; others go back to where they were (a dropped
    connection returns to its room), or to the lobby.
    """
    if role == "mediator":
        return previous if previous in PLACES and previous != LOBBY else JOINT
    return previous if previous in PLACES else LOBBY


def can_signal(sender: Member, target: Member) -> bool:
    """Return whether sender may send offers, answers and candidates to target."""
    return (
        sender.id != target.id
        and sender.online
        and target.online
        and sender.place == target.place
        and sender.place not in (None, LOBBY)
    )


def peers_of(member: Member, members: Iterable[Member]) -> list[Member]:
    """Return the members this one sees and hears."""
    return [other for other in members if can_signal(member, other)]


def hearing_map(members: Iterable[Member]) -> dict[int, list[int]]:
    """Return, for every connected member, the ids of those who can hear them."""
    members = list(members)
    return {m.id: [o.id for o in peers_of(m, members)] for m in members if m.online}


def can_control(member: Member) -> bool:
    """Return whether this member runs the room (admits, moves, ends)."""
    return member.is_mediator and member.online


def can_call_mediator(member: Member, members: Iterable[Member]) -> bool:
    """A party may call the mediator from outside the lobby when the mediator is elsewhere."""
    if member.is_mediator or member.place in (None, LOBBY):
        return False
    return any(m.is_mediator and m.online and m.place != member.place for m in members)


def place_allowed(member: Member, place: str) -> bool:
    """Return whether a member may be moved to place: a caucus holds one side only."""
    if place not in PLACES:
        return False
    if place in CAUCUSES and member.role == "party":
        return place == caucus_for(member.side) if member.side in SIDES else False
    return True


def caucus_moves(side: str, members: Iterable[Member]) -> dict[int, str]:
    """Return the moves that open a caucus with one side.

    The mediator and that side's admitted parties go in; everyone else stays where they are.
    """
    target = caucus_for(side)
    moves = {}
    for m in members:
        admitted = m.place not in (None, LOBBY)
        if m.is_mediator or (m.role == "party" and m.side == side and admitted):
            moves[m.id] = target
    return moves


def gather_moves(members: Iterable[Member]) -> dict[int, str]:
    """Return the moves that bring everyone admitted back to the joint room."""
    return {m.id: JOINT for m in members if m.place in CAUCUSES}


def present(members: Iterable[Member], place: str) -> list[Member]:
    """Return the connected members in a place."""
    return [m for m in members if m.online and m.place == place]


def may_record(recorder: Member, members: Iterable[Member], consents: dict[int, bool]) -> bool:
    """The mediator may record only when everyone present in the mediator's place said yes."""
    if not recorder.is_mediator or recorder.place in (None, LOBBY):
        return False
    return all(consents.get(m.id) is True for m in present(members, recorder.place))


def room_view(viewer: Member, members: Iterable[Member]) -> dict:
    """Return what one member is shown.

    Their place and who is with them; the mediator also sees every member's place and who
    can hear whom.
    """
    members = list(members)
    view = {
        "you": viewer.id,
        "place": viewer.place,
        "peers": [m.id for m in peers_of(viewer, members)],
        "members": [
            _describe(m)
            for m in members
            if m.id == viewer.id or (viewer.place not in (None, LOBBY) and m.place == viewer.place)
            if m.online
        ],
    }
    if viewer.is_mediator:
        view["everyone"] = [_describe(m) for m in members]
        view["hearing"] = {str(k): v for k, v in hearing_map(members).items()}
    return view


def _describe(m: Member) -> dict:
    return {
        "id": m.id,
        "name": m.name,
        "role": m.role,
        "side": m.side,
        "place": m.place,
        "online": m.online,
        "since": m.since,
    }
