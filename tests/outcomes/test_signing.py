from datetime import UTC, datetime, timedelta

from mediation.outcomes import signing


def text(**changes) -> signing.AgreementText:
    fields = {
        "code": "K7M3-QX9P",
        "category": "邻里",
        "description": "围墙",
        "terms": "拆除围墙",
        "revision": 1,
        "committee": "天池镇人民调解委员会",
        "mediator": "张三",
        "parties": (signing.PartyLine("applicant", "王芳", "512***********0013"),),
    }
    fields.update(changes)
    return signing.AgreementText(**fields)


def test_the_hash_is_stable_for_the_same_text():
    assert signing.document_hash(text()) == signing.document_hash(text())


def test_changing_the_terms_or_the_revision_changes_the_hash():
    first = signing.document_hash(text())
    assert signing.document_hash(text(terms="赔偿500元")) != first
    assert signing.document_hash(text(revision=2)) != first


LEVELS = signing.Levels(online="sms_code", paper="id_in_person")


def online(signer: str, assurance: str = "sms_code") -> signing.Given:
    return signing.Given(signer, "online", assurance)


def paper(signer: str, assurance: str = "id_in_person") -> signing.Given:
    return signing.Given(signer, "paper", assurance)


def test_every_party_and_the_mediator_must_sign():
    required = signing.required_signers([3, 4], 9)
    assert required == ["party:3", "party:4", "mediator:9"]
    both = [online("party:3"), online("party:4")]
    assert not signing.takes_effect(required, both, LEVELS, sealed=True)
    assert signing.takes_effect(required, [*both, online("mediator:9")], LEVELS, sealed=True)


def test_a_signature_below_its_level_leaves_the_signer_missing():
    required = ["party:3", "mediator:9"]
    signatures = [online("party:3", "case_link"), online("mediator:9")]
    assert signing.missing_signers(required, signatures, LEVELS) == ["party:3"]
    assert not signing.takes_effect(required, signatures, LEVELS, sealed=True)


def test_raising_the_online_level_stops_sms_signatures_counting():
    required = ["party:3", "mediator:9"]
    signatures = [online("party:3"), paper("mediator:9")]
    raised = signing.Levels(online="id_in_person", paper="id_in_person")
    assert signing.takes_effect(required, signatures, LEVELS, sealed=True)
    assert signing.missing_signers(required, signatures, raised) == ["party:3"]


def test_each_method_is_judged_by_its_own_level():
    lenient_online = signing.Levels(online="case_link", paper="id_in_person")
    assert signing.counts(online("party:3", "case_link"), lenient_online)
    assert not signing.counts(paper("party:3", "case_link"), lenient_online)
    assert signing.counts(paper("party:3"), lenient_online)


def test_a_later_signature_meeting_the_level_makes_the_signer_count():
    first, second = online("party:3", "case_link"), online("party:3")
    [state] = signing.signer_states(["party:3"], [first, second], LEVELS)
    assert state.counts and state.signature == second


def test_a_signer_whose_only_signature_is_below_the_level_shows_it_as_not_counting():
    below = online("party:3", "case_link")
    states = signing.signer_states(["party:3", "party:4"], [below], LEVELS)
    assert [(s.signature, s.counts) for s in states] == [(below, False), (None, False)]


def test_nothing_takes_effect_without_signers():
    assert not signing.takes_effect([], [], LEVELS, sealed=True)


def test_the_surest_proof_of_several_mobiles_is_the_one_that_counts():
    assert signing.strongest(["case_link", "sms_code"]) == "sms_code"
    assert signing.strongest([]) == "case_link"


def test_follow_ups_fall_at_each_interval_after_the_agreement():
    start = datetime(2026, 1, 1, tzinfo=UTC)
    dates = signing.follow_up_due_dates(start, (90, 30, 30))
    assert dates == [(30, start + timedelta(days=30)), (90, start + timedelta(days=90))]


def test_all_signatures_without_the_seal_do_not_take_effect():
    required = ["party:1", "mediator:9"]
    signatures = [online("party:1"), online("mediator:9")]
    assert signing.all_signed(required, signatures, LEVELS)
    assert not signing.takes_effect(required, signatures, LEVELS, sealed=False)
    assert signing.takes_effect(required, signatures, LEVELS, sealed=True)
