"""Checking where something happened: a township station and, optionally, one of its villages."""

from flask_babel import lazy_gettext as _l

from mediation.core.errors import ValidationFailed
from mediation.extensions import db
from mediation.organisations.models import Organisation, OrgKind


def check_place(township_id: int | None, village_id: int | None) -> Organisation:
    """Return the township station; refuse an unknown one, or a village of another township."""
    township = db.session.get(Organisation, township_id) if township_id else None
    if township is None or township.kind != OrgKind.STATION:
        raise ValidationFailed(
            _l("Choose a township."), {"township_id": [_l("Choose a township from the list.")]}
        )
    if village_id is not None:
        village = db.session.get(Organisation, village_id)
        if village is None or village.parent_id != township.id:
            raise ValidationFailed(
                _l("The village is not in that township."),
                {"village_id": [_l("Choose a village of the chosen township.")]},
            )
    return township
