"""Which kind of organisation may sit under which, and when one may be retired or deleted.

Plain values in, plain values out: the operations ask these rules and turn a problem's key
into a message.
"""

from collections.abc import Mapping
from enum import StrEnum

from mediation.organisations.models import OrgKind

# The kinds that may sit directly under each kind; None is the top of the deployment. A
# deployment may host one county (its centre at the top), a city's counties or a province's.
CHILD_KINDS: Mapping[str | None, tuple[OrgKind, ...]] = {
    None: (OrgKind.PROVINCE, OrgKind.CITY, OrgKind.CENTRE),
    OrgKind.PROVINCE: (OrgKind.CITY,),
    OrgKind.CITY: (OrgKind.CENTRE,),
    OrgKind.CENTRE: (OrgKind.STATION, OrgKind.COMMITTEE, OrgKind.ASSOCIATION),
    OrgKind.STATION: (OrgKind.VILLAGE_ROOM,),
    OrgKind.VILLAGE_ROOM: (),
    OrgKind.COMMITTEE: (),
    OrgKind.ASSOCIATION: (),
}

# The dispute categories (mediation.disputes.categories) a professional committee may serve.
COMMITTEE_CATEGORIES = (
    "traffic",
    "medical",
    "labour",
    "property_management",
    "intellectual_property",
)


class TreeProblem(StrEnum):
    NOT_UNDER = "not_under"  # this kind may not sit under that parent
    PARENT_RETIRED = "parent_retired"
    CATEGORY_REQUIRED = "category_required"  # a professional committee names its category
    CATEGORY_NOT_ALLOWED = "category_not_allowed"  # only committees have one
    HAS_ACTIVE_CHILDREN = "has_active_children"
    HAS_ACTIVE_STAFF = "has_active_staff"
    OWN_ORGANISATION = "own_organisation"  # an admin cannot retire or delete their own root
    HAS_RECORDS = "has_records"


def child_kinds(parent_kind: str | None) -> tuple[OrgKind, ...]:
    """Return the kinds that may be added under a parent of this kind (None: the top)."""
    return CHILD_KINDS.get(parent_kind, ())


def placement_problem(
    parent_kind: str | None, parent_active: bool, kind: str, category: str | None
) -> TreeProblem | None:
    """Say why an organisation of this kind (and category) may not go under this parent."""
    if kind not in child_kinds(parent_kind):
        return TreeProblem.NOT_UNDER
    if not parent_active:
        return TreeProblem.PARENT_RETIRED
    return category_problem(kind, category)


def category_problem(kind: str, category: str | None) -> TreeProblem | None:
    """Say why a category does not fit a kind: committees need one of theirs, others none."""
    if kind == OrgKind.COMMITTEE:
        return None if category in COMMITTEE_CATEGORIES else TreeProblem.CATEGORY_REQUIRED
    return TreeProblem.CATEGORY_NOT_ALLOWED if category else None


def retire_problem(
    is_own_root: bool, active_children: int, active_staff: int
) -> TreeProblem | None:
    """Say why an organisation may not be retired now."""
    if is_own_root:
        return TreeProblem.OWN_ORGANISATION
    if active_children:
        return TreeProblem.HAS_ACTIVE_CHILDREN
    if active_staff:
        return TreeProblem.HAS_ACTIVE_STAFF
    return None


def restore_problem(parent_active: bool) -> TreeProblem | None:
    """Say why a retired organisation may not be restored: its parent is retired."""
    return None if parent_active else TreeProblem.PARENT_RETIRED


def delete_problem(is_own_root: bool, records: Mapping[str, int]) -> TreeProblem | None:
    """Say why an organisation may not be deleted: only one nothing refers to may go."""
    if is_own_root:
        return TreeProblem.OWN_ORGANISATION
    if any(records.values()):
        return TreeProblem.HAS_RECORDS
    return None
