"""Read the record, notice and oral-agreement forms into values; bad input is a 422 by field."""

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l

from mediation.core.errors import ValidationFailed
from mediation.disputes.models import Dispute, Party
from mediation.scheduling.models import MediationSession

CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _party(form, dispute: Dispute, required: bool = True) -> Party | None:
    raw = (form.get("party_id") or "").strip()
    party = next((p for p in dispute.parties if raw.isdigit() and p.id == int(raw)), None)
    if party is None and (required or raw):
        raise ValidationFailed(
            _l("Choose a party of this case."), {"party_id": [_l("Choose one of the parties.")]}
        )
    return party


def note_form(form) -> dict:
    return {"place": form.get("place", ""), "body": form.get("body", "")}


def _clock_on(raw: str, day: date, zone: str, name: str) -> datetime | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    match = CLOCK.match(raw)
    if match is None:
        raise ValidationFailed(_l("Give times as HH:MM."), {name: [_l("For example 09:30.")]})
    local = datetime.combine(day, time(int(match[1]), int(match[2])), ZoneInfo(zone))
    return local.astimezone(ZoneInfo("UTC"))


def presence_form(form, session: MediationSession) -> dict:
    """A party (or a helper's name) with arrival and leaving times on the session's day."""
    day = session.start_at.astimezone(ZoneInfo(session.timezone)).date()
    return {
        "party": _party(form, session.dispute, required=False),
        "name": form.get("name", ""),
        "arrived_at": _clock_on(form.get("arrived_at", ""), day, session.timezone, "arrived_at"),
        "left_at": _clock_on(form.get("left_at", ""), day, session.timezone, "left_at"),
    }


def paper_form(form, dispute: Dispute) -> dict:
    return {
        "party": _party(form, dispute),
        "record_hash": form.get("record_hash", ""),
        "identification": form.get("identification", ""),
    }


def acknowledgement_form(form, dispute: Dispute) -> dict:
    return {
        "party": _party(form, dispute),
        "method": form.get("method", ""),
        "checked": form.get("checked", ""),
        "identification": form.get("identification", ""),
    }


def oral_form(form, zone: str) -> dict:
    """The oral agreement: content, performance, and optionally its result, amount, place, day."""
    amount = (form.get("amount") or "").strip()
    if amount:
        try:
            value = Decimal(amount)
        except InvalidOperation:
            value = None
        if value is None or value < 0 or value >= Decimal("1e12"):
            raise ValidationFailed(
                _l("Give the amount in yuan."), {"amount": [_l("A number, for example 1200.")]}
            )
        amount = str(value)
    raw_day = (form.get("agreed_on") or "").strip()
    agreed_at = None
    if raw_day:
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            raise ValidationFailed(
                _l("Give the date as YYYY-MM-DD."), {"agreed_on": [_l("For example 2026-12-01.")]}
            ) from None
        agreed_at = datetime.combine(day, time(12), ZoneInfo(zone)).astimezone(ZoneInfo("UTC"))
    return {
        "content": form.get("content", ""),
        "performance": form.get("performance", ""),
        "performed": form.get("performed", ""),
        "place": form.get("place", ""),
        "amount": amount or None,
        "agreed_at": agreed_at,
    }
