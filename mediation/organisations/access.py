"""Which organisations an administrator manages: their own subtree (all: deployment-wide)."""

from flask_babel import lazy_gettext as _l

from mediation.core.errors import NotFound
from mediation.core.people import Role
from mediation.extensions import db
from mediation.organisations.models import Organisation
from mediation.organisations.scope import Placed, in_scope


def find_managed_organisation(user: Placed | None, organisation_id: int) -> Organisation:
    """Return an organisation the user administers; anything else, to anyone else, is 404."""
    organisation = db.session.get(Organisation, organisation_id)
    if (
        user is None
        or user.role != Role.ADMIN
        or organisation is None
        or not in_scope(user, organisation.id)
    ):
        raise NotFound(_l("This organisation does not exist."))
    return organisation
