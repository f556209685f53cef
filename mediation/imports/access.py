"""Who may see an import batch: staff whose scope holds the organisation of its importer."""

from flask_babel import lazy_gettext as _l

from mediation.accounts.models import Role, User
from mediation.core.errors import NotFound
from mediation.extensions import db
from mediation.imports.models import ImportBatch
from mediation.organisations.scope import staff_scope


def find_batch(user: User, value) -> ImportBatch:
    """Return the batch if it lies within the user's scope, else raise NotFound."""
    batch = db.session.get(ImportBatch, int(value)) if str(value).isdigit() else None
    if batch is None or user is None or user.role not in (Role.ADMIN, Role.COORDINATOR):
        raise NotFound(_l("No such import."))
    scope = staff_scope(user)
    if scope is not None and batch.organisation_id not in scope:
        raise NotFound(_l("No such import."))
    return batch
