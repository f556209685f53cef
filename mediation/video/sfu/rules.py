"""Which sessions go through the SFU, and whose feeds a person may receive: pure rules.

The place rules are those of the mesh (mediation.video.permissions): a person receives the
feeds of exactly the others connected in their own place, and nothing in the lobby.
"""

from collections.abc import Iterable

from mediation.video.permissions import Member, peers_of

MODES = ("off", "auto", "on")


def mode_of(value: object) -> str:
    """Return VIDEO_SFU's mode, refusing anything but off, auto and on."""
    text = str(value or "off").strip().lower()
    if text not in MODES:
        raise ValueError(f"VIDEO_SFU must be one of {', '.join(MODES)}, not {value!r}")
    return text


def checked_mode(config) -> str:
    """Return VIDEO_SFU's mode, or raise ValueError when the SFU it names cannot be reached."""
    mode = mode_of(config.get("VIDEO_SFU"))
    if mode != "off" and not (config.get("SFU_URL") and config.get("SFU_API_SECRET")):
        raise ValueError(f"VIDEO_SFU={mode} needs SFU_URL and SFU_API_SECRET")
    return mode


def uses_sfu(mode: str, expected_people: int, threshold: int) -> bool:
    """Return whether a session runs on the SFU: always, never, or above the threshold."""
    if mode == "on":
        return True
    return mode == "auto" and expected_people > threshold


def feed_sources(viewer: Member, members: Iterable[Member]) -> list[Member]:
    """Return the members whose feeds the viewer may receive (none from the lobby)."""
    return peers_of(viewer, members)


def chosen_sources(
    viewer: Member, members: Iterable[Member], labels: dict[str, int], wanted: object
) -> list[int] | None:
    """Return the member ids a subscription names, or None if any label is not allowed.

    `labels` maps each label the viewer may use now to its member; a label of another place,
    an older connection or anything made up is not in it, and refuses the whole request.
    """
    if not isinstance(wanted, list) or not wanted or len(wanted) > 32:
        return None
    allowed = {m.id for m in feed_sources(viewer, members)}
    chosen = []
    for label in wanted:
        member_id = labels.get(label) if isinstance(label, str) else None
        if member_id is None or member_id not in allowed:
            return None
        if member_id not in chosen:
            chosen.append(member_id)
    return chosen
