"""The tree's rules: which kind sits under which, and when one may be retired or deleted."""

import pytest

from mediation.organisations.models import OrgKind
from mediation.organisations.tree_rules import (
    COMMITTEE_CATEGORIES,
    TreeProblem,
    category_problem,
    child_kinds,
    delete_problem,
    placement_problem,
    restore_problem,
    retire_problem,
)

ALLOWED = [
    (None, OrgKind.PROVINCE),
    (None, OrgKind.CITY),
    (None, OrgKind.CENTRE),
    (OrgKind.PROVINCE, OrgKind.CITY),
    (OrgKind.CITY, OrgKind.CENTRE),
    (OrgKind.CENTRE, OrgKind.STATION),
    (OrgKind.CENTRE, OrgKind.ASSOCIATION),
    (OrgKind.STATION, OrgKind.VILLAGE_ROOM),
]


@pytest.mark.parametrize(("parent", "kind"), ALLOWED)
def test_each_allowed_placement_has_no_problem(parent, kind):
    assert placement_problem(parent, True, kind, None) is None


def test_every_other_placement_is_refused():
    allowed = set(ALLOWED) | {(OrgKind.CENTRE, OrgKind.COMMITTEE)}
    for parent in [None, *OrgKind]:
        for kind in OrgKind:
            if (parent, kind) not in allowed:
                assert placement_problem(parent, True, kind, "traffic") == TreeProblem.NOT_UNDER


def test_village_rooms_committees_and_the_association_hold_nothing():
    assert child_kinds(OrgKind.VILLAGE_ROOM) == child_kinds(OrgKind.COMMITTEE) == ()
    assert child_kinds(OrgKind.ASSOCIATION) == ()
    assert child_kinds("unknown") == ()


def test_nothing_goes_under_a_retired_parent():
    assert placement_problem(OrgKind.CENTRE, False, OrgKind.STATION, None) == (
        TreeProblem.PARENT_RETIRED
    )


@pytest.mark.parametrize("category", COMMITTEE_CATEGORIES)
def test_a_committee_serves_one_professional_category(category):
    assert placement_problem(OrgKind.CENTRE, True, OrgKind.COMMITTEE, category) is None


def test_a_committee_needs_a_category_and_only_committees_have_one():
    assert category_problem(OrgKind.COMMITTEE, None) == TreeProblem.CATEGORY_REQUIRED
    assert category_problem(OrgKind.COMMITTEE, "neighbour") == TreeProblem.CATEGORY_REQUIRED
    assert category_problem(OrgKind.STATION, "traffic") == TreeProblem.CATEGORY_NOT_ALLOWED


def test_retiring_waits_for_active_children_and_staff_and_never_ones_own_root():
    assert retire_problem(True, 0, 0) == TreeProblem.OWN_ORGANISATION
    assert retire_problem(False, 1, 0) == TreeProblem.HAS_ACTIVE_CHILDREN
    assert retire_problem(False, 0, 2) == TreeProblem.HAS_ACTIVE_STAFF
    assert retire_problem(False, 0, 0) is None


def test_restoring_needs_an_active_parent():
    assert restore_problem(False) == TreeProblem.PARENT_RETIRED
    assert restore_problem(True) is None


def test_only_an_organisation_nothing_refers_to_may_be_deleted():
    assert delete_problem(False, {}) is None
    assert delete_problem(False, {"disputes": 0}) is None
    assert delete_problem(False, {"users": 1}) == TreeProblem.HAS_RECORDS
    assert delete_problem(True, {}) == TreeProblem.OWN_ORGANISATION
