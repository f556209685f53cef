"""Service layer for the organisation tree. Operations flush, never commit."""

from dataclasses import dataclass, field
from typing import Protocol

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from mediation.core.audit import record_event
from mediation.core.db import among
from mediation.core.errors import Conflict, ValidationFailed
from mediation.core.people import Role
from mediation.extensions import db
from mediation.organisations import tree_rules
from mediation.organisations.labels import ORGANISATION_KINDS
from mediation.organisations.models import Organisation
from mediation.organisations.records import describe_records, records_of
from mediation.organisations.scope import Placed, staff_scope
from mediation.organisations.tree_rules import TreeProblem

PROBLEMS = {
    TreeProblem.NOT_UNDER: _l("A %(kind)s cannot be added under %(parent)s."),
    TreeProblem.PARENT_RETIRED: _l("%(parent)s is retired: restore it first."),
    TreeProblem.CATEGORY_REQUIRED: _l("Choose the kind of disputes this committee mediates."),
    TreeProblem.CATEGORY_NOT_ALLOWED: _l("Only a professional committee has a dispute category."),
    TreeProblem.HAS_ACTIVE_CHILDREN: _l(
        "%(name)s still has active organisations under it: retire or move them first."
    ),
    TreeProblem.HAS_ACTIVE_STAFF: _l(
        "%(name)s still has active staff: move or deactivate them first."
    ),
    TreeProblem.OWN_ORGANISATION: _l(
        "%(name)s is your own organisation: another administrator above it must do this."
    ),
    TreeProblem.HAS_RECORDS: _l(
        "%(name)s cannot be deleted because records refer to it (%(records)s). "
        "Retire it instead: its records are kept and it is offered for nothing new."
    ),
}
TOP = _l("the top of the tree")


class Admin(Placed, Protocol):
    """The administrator acting: who they are and where they work."""

    id: int


NOT_LISTED = _l("Choose one of the listed organisations.")


@dataclass
class TreeNode:
    organisation: Organisation
    children: list["TreeNode"] = field(default_factory=list)


def _params(organisation: Organisation | None, kind: str | None = None, **extra) -> dict:
    return {
        "name": organisation.name if organisation else "",
        "parent": organisation.name if organisation else str(TOP),
        "kind": str(ORGANISATION_KINDS.get(kind or "", kind or "")),
        **extra,
    }


def _refuse(problem: TreeProblem, field_name: str, params: dict, cls=ValidationFailed):
    message = PROBLEMS[problem]
    fields = {} if field_name == "_schema" else {field_name: [str(message) % params]}
    return cls(message, fields, code=problem.value, params=params)


def managed_organisations(admin: Placed, active_only: bool = False) -> list[Organisation]:
    """Return the organisations an administrator manages, in id order."""
    query = select(Organisation).order_by(Organisation.id)
    scope = staff_scope(admin)
    if scope is not None:
        query = query.where(among(Organisation.id, scope))
    if active_only:
        query = query.where(Organisation.active)
    return list(db.session.scalars(query))


def managed_tree(admin: Placed) -> list[TreeNode]:
    """Return the administrator's part of the tree: their organisation, or every top one."""
    organisations = managed_organisations(admin)
    nodes = {org.id: TreeNode(org) for org in organisations}
    roots = []
    for org in organisations:
        parent = nodes.get(org.parent_id) if org.parent_id is not None else None
        if parent is None:
            roots.append(nodes[org.id])
        else:
            parent.children.append(nodes[org.id])
    return roots


def _clean(data: dict, kind: str) -> dict:
    return {
        "name": data["name"],
        "area": data.get("area") or None,
        "committee_name": data.get("committee_name") or None,
        "category": (data.get("category") or None) if kind == "committee" else None,
    }


def create_organisation(admin: Admin, parent: Organisation | None, data: dict) -> Organisation:
    """Add an organisation under a parent the admin manages (None: at the top, deployment-wide)."""
    kind, category = data["kind"], data.get("category") or None
    if parent is None and staff_scope(admin) is not None:
        raise ValidationFailed(
            _l("Choose the organisation to add it under."),
            {"parent_id": [NOT_LISTED]},
        )
    problem = tree_rules.placement_problem(
        parent.kind if parent else None, parent.active if parent else True, kind, category
    )
    if problem is not None:
        where = "category" if problem.name.startswith("CATEGORY") else "kind"
        raise _refuse(problem, where, _params(parent, kind))
    organisation = Organisation(kind=kind, parent=parent, **_clean(data, kind))
    db.session.add(organisation)
    db.session.flush()
    record_event(
        "organisation.created",
        "organisation",
        organisation.id,
        actor_id=admin.id,
        kind=kind,
        parent_id=parent.id if parent else None,
        **_clean(data, kind),
    )
    return organisation


def update_organisation(admin: Admin, organisation: Organisation, data: dict) -> Organisation:
    """Change an organisation's name, area, committee name and (a committee's) category."""
    values = _clean(data, organisation.kind)
    problem = tree_rules.category_problem(organisation.kind, values["category"])
    if problem is not None:
        raise _refuse(problem, "category", _params(organisation, organisation.kind))
    changed = {k: v for k, v in values.items() if getattr(organisation, k) != v}
    for name, value in changed.items():
        setattr(organisation, name, value)
    db.session.flush()
    if changed:
        record_event(
            "organisation.updated", "organisation", organisation.id, actor_id=admin.id, **changed
        )
    return organisation


def _active_staff(organisation_id: int) -> int:
    # The users table, read from the metadata: accounts sits above this layer.
    users = db.metadata.tables["users"]
    query = select(func.count()).where(
        users.c.organisation_id == organisation_id,
        users.c.active.is_(True),
        users.c.role != Role.PARTY,
    )
    return db.session.scalar(query) or 0


def _is_own_root(admin: Placed, organisation: Organisation) -> bool:
    return admin.organisation_id == organisation.id


def retire_organisation(admin: Admin, organisation: Organisation) -> Organisation:
    """Retire an organisation that no active organisation or staff member depends on."""
    if not organisation.active:
        return organisation
    active_children = sum(1 for child in organisation.children if child.active)
    problem = tree_rules.retire_problem(
        _is_own_root(admin, organisation), active_children, _active_staff(organisation.id)
    )
    if problem is not None:
        raise _refuse(problem, "_schema", _params(organisation), Conflict)
    organisation.active = False
    db.session.flush()
    record_event("organisation.retired", "organisation", organisation.id, actor_id=admin.id)
    return organisation


def restore_organisation(admin: Admin, organisation: Organisation) -> Organisation:
    """Bring a retired organisation back, if its parent is active."""
    if organisation.active:
        return organisation
    parent = organisation.parent
    problem = tree_rules.restore_problem(parent.active if parent else True)
    if problem is not None:
        raise _refuse(problem, "_schema", _params(parent), Conflict)
    organisation.active = True
    db.session.flush()
    record_event("organisation.restored", "organisation", organisation.id, actor_id=admin.id)
    return organisation


def delete_organisation(admin: Admin, organisation: Organisation) -> str:
    """Delete an organisation nothing refers to; return its name. Refuse, saying why, else."""
    records = records_of(organisation.id)
    problem = tree_rules.delete_problem(_is_own_root(admin, organisation), records)
    if problem is not None:
        params = _params(organisation, records=describe_records(records))
        raise _refuse(problem, "_schema", params, Conflict)
    name, organisation_id = organisation.name, organisation.id
    record_event(
        "organisation.deleted",
        "organisation",
        organisation_id,
        actor_id=admin.id,
        name=name,
        kind=organisation.kind,
        parent_id=organisation.parent_id,
    )
    db.session.delete(organisation)
    db.session.flush()
    return name
