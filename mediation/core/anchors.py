"""Anchors of the audit chain: its head, recorded away from the database, so a cut tail shows.

The chain proves that no event was changed or removed *before* its newest one, but whoever can
delete the newest events leaves a shorter chain that still holds. An anchor is the head (event
id and hash) at a moment, written to an append-only file and, when configured, posted to
another office. `flask audit verify --anchors FILE` (or `--head HASH`) then checks that every
anchored event is still in the chain with the same hash.
"""

import hashlib
import hmac
import json
import os
import urllib.request
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from mediation.core import outbox
from mediation.core.audit import AuditEvent
from mediation.core.db import utcnow
from mediation.core.scheduler import periodic
from mediation.extensions import db

SIGNATURE_HEADER = "X-Signature"


@dataclass(frozen=True)
class Anchor:
    """The chain's head at a moment: the newest event's id and hash."""

    time: str
    event_id: int
    hash: str

    def line(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))


class AnchorFileError(ValueError):
    """A line of an anchor file that is not an anchor."""


def current_head(now: datetime | None = None) -> Anchor | None:
    """Return the chain's newest event as an anchor, or None while the chain is empty."""
    newest = db.session.execute(
        select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    if newest is None:
        return None
    return Anchor((now or utcnow()).isoformat(), newest.id, newest.hash)


def append_anchor(path: str | os.PathLike, anchor: Anchor) -> None:
    """Add one line to the anchor file, creating it; earlier lines are never rewritten."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as file:
        file.write(anchor.line() + "\n")
        file.flush()
        os.fsync(file.fileno())


def read_anchors(path: str | os.PathLike) -> list[Anchor]:
    """Read every anchor of a file; raise AnchorFileError naming the first bad line."""
    anchors = []
    with open(path, encoding="utf-8") as file:
        for number, line in enumerate(file, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                anchor = Anchor(str(data["time"]), int(data["event_id"]), str(data["hash"]))
            except (ValueError, KeyError, TypeError) as error:
                raise AnchorFileError(f"line {number} is not an anchor ({error})") from None
            anchors.append(anchor)
    return anchors


def missing_anchors(anchors: list[Anchor]) -> list[tuple[Anchor, str]]:
    """Return each anchor the chain no longer holds, with what became of its event."""
    ids = {anchor.event_id for anchor in anchors}
    query = select(AuditEvent.id, AuditEvent.hash).where(AuditEvent.id.in_(ids))
    stored = {row.id: row.hash for row in db.session.execute(query)} if ids else {}
    problems = []
    for anchor in anchors:
        found = stored.get(anchor.event_id)
        if found is None:
            problems.append((anchor, "was removed"))
        elif found != anchor.hash:
            problems.append((anchor, "was replaced or altered (its hash differs)"))
    return problems


def head_is_in_chain(head_hash: str) -> bool:
    """Whether some event of the chain has this hash."""
    found = db.session.scalar(select(AuditEvent.id).where(AuditEvent.hash == head_hash).limit(1))
    return found is not None


def signature(secret: str, body: bytes) -> str:
    """Return the signature header value for a body: sha256=<hex HMAC>, as other webhooks."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def record_anchor(now: datetime | None = None) -> Anchor | None:
    """Write the current head to the anchor file and queue its webhook post, if configured."""
    anchor = current_head(now)
    if anchor is None:
        return None
    config = current_app.config
    append_anchor(config["AUDIT_ANCHOR_FILE"], anchor)
    if config["AUDIT_ANCHOR_WEBHOOK"]:
        outbox.enqueue("audit.anchor", asdict(anchor))
    return anchor


@outbox.handler("audit.anchor")
def post_anchor(payload: dict) -> None:
    """POST an anchor to the configured address, signed with HMAC-SHA256 over the body."""
    config = current_app.config
    anchor = Anchor(payload["time"], payload["event_id"], payload["hash"])
    body = anchor.line().encode()
    request = urllib.request.Request(  # noqa: S310 (the URL comes from configuration)
        config["AUDIT_ANCHOR_WEBHOOK"],
        data=body,
        headers={
            "Content-Type": "application/json",
            SIGNATURE_HEADER: signature(config["AUDIT_ANCHOR_WEBHOOK_SECRET"], body),
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
        if response.status >= 300:
            raise RuntimeError(f"anchor webhook answered {response.status}")


@periodic("audit.anchor", seconds=3600, minutes_setting="AUDIT_ANCHOR_MINUTES")
def anchor_job() -> dict[str, object]:
    """Anchor the chain's head (the scheduler runs it every AUDIT_ANCHOR_MINUTES)."""
    anchor = record_anchor()
    return {"event_id": anchor.event_id if anchor else None}
