"""The pure engine: hard rules, scoring, ties and batches, with property-based checks."""

from hypothesis import given, settings
from hypothesis import strategies as st

from mediation.mediators.engine import (
    DisputeSnapshot,
    MediatorSnapshot,
    PartySnapshot,
    Pool,
    RelationSnapshot,
    assign_batch,
    rank_candidates,
)


def mediator(id, **kw) -> MediatorSnapshot:
    return MediatorSnapshot(
        **{"id": id, "township_id": 1, "specialties": frozenset({"neighbour"}), **kw}
    )


def dispute(id=1, **kw) -> DisputeSnapshot:
    return DisputeSnapshot(**{"id": id, "category": "neighbour", "township_id": 1, **kw})


def test_inactive_full_and_unreachable_mediators_are_not_candidates():
    pool = [
        mediator(1, active=False),
        mediator(2, load=10, capacity=10),
        mediator(3, township_id=2),
        mediator(4),
    ]
    assert [c.mediator_id for c in rank_candidates(dispute(), pool)] == [4]


def test_county_level_mediators_are_reachable_from_every_township():
    ranked = rank_candidates(dispute(township_id=7), [mediator(1, township_id=None)])
    assert [c.mediator_id for c in ranked] == [1]


def test_a_specialist_beats_a_generalist_who_is_only_a_fallback():
    pool = [mediator(1, specialties=frozenset({"labour"})), mediator(2)]
    assert [c.mediator_id for c in rank_candidates(dispute(), pool)] == [2]
    fallback = rank_candidates(dispute(category="medical"), pool)
    assert fallback and all(c.generalist for c in fallback)
    assert fallback[0].factors[0].code == "generalist"


def test_a_relation_matching_a_partys_name_and_mobile_is_a_conflict():
    relation = RelationSnapshot("王芳", mobile="15800000001")
    pool = [mediator(1, relations=(relation,)), mediator(2)]
    case = dispute(parties=(PartySnapshot("王芳", "15800000001"),))
    assert [c.mediator_id for c in rank_candidates(case, pool)] == [2]
    other = dispute(parties=(PartySnapshot("王芳", "15800000009"),))
    assert {c.mediator_id for c in rank_candidates(other, pool)} == {1, 2}


def test_a_relation_matching_name_and_resident_id_is_a_conflict():
    relation = RelationSnapshot("李强", resident_id="51202219800101001X")
    case = dispute(parties=(PartySnapshot("李强", "13700000000", "51202219800101001x"),))
    assert rank_candidates(case, [mediator(1, relations=(relation,))]) == []


def test_a_mediator_who_is_a_party_is_never_a_candidate_even_with_consent():
    case = dispute(parties=(PartySnapshot("张三", "13900000001"),), consented=frozenset({1}))
    assert rank_candidates(case, [mediator(1, mobile="13900000001")]) == []


def test_consent_of_every_party_sets_a_declared_relation_aside():
    relation = RelationSnapshot("王芳", mobile="15800000001")
    case = dispute(parties=(PartySnapshot("王芳", "15800000001"),), consented=frozenset({1}))
    assert [c.mediator_id for c in rank_candidates(case, [mediator(1, relations=(relation,))])] == [
        1
    ]


def test_excluded_mediators_are_skipped():
    assert rank_candidates(dispute(excluded=frozenset({1})), [mediator(1)]) == []


def test_scoring_prefers_village_language_and_requests_and_explains_them():
    pool = [
        mediator(1),
        mediator(2, village_id=11, languages=frozenset({"yi"})),
        mediator(3, studio_ids=frozenset({5})),
    ]
    case = dispute(village_id=11, preferred_language="yi")
    best = rank_candidates(case, pool)[0]
    assert best.mediator_id == 2
    assert {"specialty", "same_township", "same_village", "load", "language"} <= {
        f.code for f in best.factors
    }
    assert rank_candidates(dispute(preferred_mediator_id=1), pool)[0].mediator_id == 1
    assert rank_candidates(dispute(preferred_studio_id=5), pool)[0].mediator_id == 3


def test_recent_declines_lower_the_score():
    ranked = rank_candidates(dispute(), [mediator(1, recent_declines=2), mediator(2)])
    assert [c.mediator_id for c in ranked] == [2, 1]


def test_ties_are_broken_by_relative_load_then_id():
    pool = [mediator(3), mediator(2), mediator(1)]
    assert [c.mediator_id for c in rank_candidates(dispute(), pool)] == [1, 2, 3]


def test_a_batch_counts_its_own_choices_against_capacity():
    chosen = assign_batch([dispute(i) for i in range(1, 4)], [mediator(1, capacity=2)])
    assert [c and c.mediator_id for c in chosen.values()].count(1) == 2
    assert chosen[3] is None


def test_manual_checks_waive_specialty_and_place_but_not_capacity():
    pool = Pool([mediator(1, township_id=2), mediator(2, capacity=1, load=1), mediator(3)])
    assert pool.check(dispute(), 1) == "unreachable"
    assert pool.check(dispute(), 1, manual=True) is None
    assert pool.check(dispute(), 2, manual=True) == "full"
    assert pool.check(dispute(), 9, manual=True) == "inactive"


names = st.sampled_from(["王芳", "李强", "张伟", "刘洋"])
mobiles = st.sampled_from(["13800000001", "13800000002", "13800000003"])
mediators_strategy = st.lists(
    st.builds(
        MediatorSnapshot,
        id=st.integers(1, 40),
        township_id=st.sampled_from([None, 1, 2]),
        village_id=st.sampled_from([None, 11, 21]),
        specialties=st.frozensets(st.sampled_from(["neighbour", "labour", "medical"]), max_size=2),
        languages=st.frozensets(st.sampled_from(["yi", "sichuanese"]), max_size=2),
        capacity=st.integers(1, 4),
        load=st.integers(0, 4),
        active=st.booleans(),
        gold_medal=st.booleans(),
        recent_declines=st.integers(0, 3),
        mobile=mobiles,
        relations=st.lists(st.builds(RelationSnapshot, names, mobiles), max_size=2).map(tuple),
    ),
    max_size=12,
    unique_by=lambda m: m.id,
)
disputes_strategy = st.lists(
    st.builds(
        DisputeSnapshot,
        id=st.integers(1, 10_000),
        category=st.sampled_from(["neighbour", "labour", "medical"]),
        township_id=st.sampled_from([1, 2]),
        village_id=st.sampled_from([None, 11, 21]),
        preferred_language=st.sampled_from([None, "yi"]),
        parties=st.lists(st.builds(PartySnapshot, names, mobiles), min_size=1, max_size=3).map(
            tuple
        ),
        excluded=st.frozensets(st.integers(1, 40), max_size=3),
    ),
    max_size=25,
    unique_by=lambda d: d.id,
)


@settings(max_examples=100, deadline=None)
@given(mediators_strategy, disputes_strategy)
def test_a_batch_never_assigns_a_conflicted_inactive_or_full_mediator(mediators, disputes):
    chosen = assign_batch(disputes, mediators)
    by_id = {m.id: m for m in mediators}
    checker = Pool(mediators)
    taken: dict[int, int] = {}
    for case in disputes:
        candidate = chosen[case.id]
        if candidate is None:
            continue
        m = by_id[candidate.mediator_id]
        assert m.active
        assert candidate.mediator_id not in checker.conflicted(case)
        assert m.township_id in (None, case.township_id)
        taken[m.id] = taken.get(m.id, 0) + 1
    for mediator_id, count in taken.items():
        assert by_id[mediator_id].load + count <= by_id[mediator_id].capacity


@settings(max_examples=100, deadline=None)
@given(mediators_strategy, disputes_strategy)
def test_a_batch_leaves_a_dispute_unassigned_only_when_nobody_was_free(mediators, disputes):
    chosen = assign_batch(disputes, mediators)
    pool = Pool(mediators)
    for case in sorted(disputes, key=lambda d: (d.filed_at is None, d.filed_at or 0, d.id)):
        expected = pool.best(case)
        assert (expected is None) == (chosen[case.id] is None)
        if expected is not None:
            assert expected.mediator_id == chosen[case.id].mediator_id
            pool.take(expected.mediator_id)


@settings(max_examples=100, deadline=None)
@given(mediators_strategy, disputes_strategy)
def test_the_best_candidate_heads_the_ranking_and_rankings_are_deterministic(mediators, disputes):
    pool = Pool(mediators)
    for case in disputes:
        ranked = pool.rank(case)
        assert ranked == Pool(list(reversed(mediators))).rank(case)
        best = pool.best(case)
        assert (best.mediator_id if best else None) == (ranked[0].mediator_id if ranked else None)
        assert all(a.score >= b.score - 1e-6 for a, b in zip(ranked, ranked[1:], strict=False))


def test_the_parties_joint_choice_outranks_the_applicants_own_request():
    wished = dispute(preferred_mediator_id=1, joint_mediator_id=2)
    ranked = rank_candidates(wished, [mediator(1), mediator(2), mediator(3)])
    assert [c.mediator_id for c in ranked][:2] == [2, 1]
    codes = {c.mediator_id: [f.code for f in c.factors] for c in ranked}
    assert "joint_choice" in codes[2] and "requested_mediator" not in codes[2]
    assert "requested_mediator" in codes[1]


def test_a_joint_choice_never_waives_a_conflict():
    party = PartySnapshot("王芳", "15800000001")
    relative = RelationSnapshot("王芳", mobile="15800000001")
    conflicted = mediator(2, relations=(relative,))
    ranked = rank_candidates(
        dispute(joint_mediator_id=2, parties=(party,)), [mediator(1), conflicted]
    )
    assert [c.mediator_id for c in ranked] == [1]
