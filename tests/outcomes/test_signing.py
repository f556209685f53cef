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


def test_every_party_and_the_mediator_must_sign():
    required = signing.required_signers([3, 4], 9)
    assert required == ["party:3", "party:4", "mediator:9"]
    assert not signing.takes_effect(required, {"party:3", "party:4"})
    assert signing.takes_effect(required, {"party:3", "party:4", "mediator:9"})


def test_nothing_takes_effect_without_signers():
    assert not signing.takes_effect([], set())


def test_follow_ups_fall_at_each_interval_after_the_agreement():
    start = datetime(2026, 1, 1, tzinfo=UTC)
    dates = signing.follow_up_due_dates(start, (90, 30, 30))
    assert dates == [(30, start + timedelta(days=30)), (90, start + timedelta(days=90))]
