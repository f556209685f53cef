"""Whether a recording may go on: every participant present with the mediator said yes."""

from collections.abc import Iterable

from mediation.video.permissions import JOINT, LOBBY, Member, present

# Why a chunk is refused; each code is also the 409's code on the wire.
WITHDRAWN = "consent_withdrawn"
MISSING = "no_consent"
NOT_IN_ROOM = "not_in_room"
# The most chunks one recording takes (about six days of five-second chunks).
MAX_CHUNKS = 100_000


def refusal(recorder: Member, members: Iterable[Member], consents: dict[int, bool]) -> str | None:
    """Return why the mediator may not record now, or None when everyone present agreed.

    A no from anyone present outweighs a missing answer: it is what stops the recording.
    """
    if not recorder.is_mediator or recorder.place in (None, LOBBY):
        return NOT_IN_ROOM
    answers = [consents.get(m.id) for m in present(members, recorder.place)]
    if recorder.id not in [m.id for m in present(members, recorder.place)]:
        answers.append(consents.get(recorder.id))
    if any(answer is False for answer in answers):
        return WITHDRAWN
    if any(answer is not True for answer in answers):
        return MISSING
    return None


def missing_chunks(held: Iterable[int], total: int) -> list[int]:
    """Return the chunk numbers below `total` that have not arrived."""
    have = set(held)
    return [seq for seq in range(total) if seq not in have]


def contiguous(held: Iterable[int]) -> list[int]:
    """Return the chunks 0, 1, 2 ... up to the first gap: what can be played from the start."""
    have = set(held)
    run: list[int] = []
    while len(run) in have:
        run.append(len(run))
    return run


def sfu_refusal(members: Iterable[Member], consents: dict[int, bool]) -> str | None:
    """Return why Janus may not record the joint session now, or None when it may.

    The SFU records the joint place only: a caucus is confidential and never recorded. The
    rule is the mesh's, with the mediator in the joint place as the one recording.
    """
    members = list(members)
    mediator = next((m for m in present(members, JOINT) if m.is_mediator), None)
    if mediator is None:
        return NOT_IN_ROOM
    return refusal(mediator, members, consents)
