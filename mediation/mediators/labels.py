"""Display names for backgrounds, and the sentences that explain an engine's factor."""

from flask_babel import lazy_gettext as _l

from mediation.disputes.categories import CATEGORIES, LANGUAGES

BACKGROUNDS = {
    "lawyer": _l("Lawyer"),
    "notary": _l("Notary"),
    "arbitrator": _l("Arbitrator"),
    "legal_worker": _l("Grassroots legal worker"),
    "doctor": _l("Doctor"),
    "teacher": _l("Teacher"),
    "retired_judge": _l("Retired judge"),
    "retired_police": _l("Retired police officer"),
    "community_cadre": _l("Community cadre"),
    "expert": _l("Subject expert"),
}
FACTORS = {
    "specialty": _l("Specialises in %(category)s"),
    "generalist": _l("Nobody free specialises in %(category)s: generalist fallback"),
    "same_township": _l("Works in the same township"),
    "same_village": _l("Works in the same village"),
    "county_level": _l("County-level mediator, reachable from every township"),
    "load": _l("%(load)s of %(capacity)s active cases"),
    "requested_mediator": _l("Requested by the applicant"),
    "joint_choice": _l("Chosen by both parties"),
    "requested_studio": _l("Member of the requested studio"),
    "language": _l("Speaks %(language)s"),
    "no_language": _l("Does not speak %(language)s"),
    "gold_medal": _l("Gold-medal mediator for a difficult category"),
    "recent_declines": _l("Declined %(count)s cases recently"),
}
STATUSES = {
    "proposed": _l("Waiting for an answer"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "expired": _l("Not answered in time"),
    "revoked": _l("Withdrawn"),
}


def factor_text(factor: dict) -> str:
    """Render one stored or fresh factor ({"code", "points", ...params}) as a sentence."""
    params = dict(factor)
    if "category" in params:
        params["category"] = CATEGORIES.get(params["category"], params["category"])
    if "language" in params:
        params["language"] = LANGUAGES.get(params["language"], params["language"])
    template = FACTORS.get(factor["code"])
    return str(template) % params if template is not None else factor["code"]


RECUSAL_STATUSES = {
    "pending": _l("Waiting for a decision"),
    "granted": _l("Granted"),
    "refused": _l("Refused"),
}
RELATION_KINDS = {
    "relative": _l("Relative or close associate"),
    "interest": _l("Organisation of interest"),
}
EVENTS = {
    "assignment.proposed": _l("Mediator proposed"),
    "assignment.accepted": _l("Mediator accepted the case"),
    "assignment.declined": _l("Mediator declined the case"),
    "assignment.expired": _l("Mediator did not answer in time"),
    "assignment.revoked": _l("Assignment withdrawn"),
    "recusal.requested": _l("Recusal requested"),
    "recusal.granted": _l("Recusal granted"),
    "recusal.refused": _l("Recusal refused"),
    "conflict.disclosed": _l("Conflict of interest disclosed"),
    "conflict.consented": _l("A party consented to the mediator despite the conflict"),
    "conflict.kept": _l("Mediator kept with both parties' consent"),
    "conflict.replaced": _l("Mediator replaced because of the conflict"),
    "mediator.created": _l("Put on the mediator roster"),
    "mediator.updated": _l("Mediator's record changed"),
    "mediator.certificate_added": _l("Certificate recorded"),
    "mediator.certificate_removed": _l("Certificate removed"),
    "mediator.training_added": _l("Training recorded"),
    "mediator.training_removed": _l("Training record removed"),
    "studio.created": _l("Brand studio founded"),
    "studio.updated": _l("Brand studio changed"),
    "studio.retired": _l("Brand studio retired"),
    "studio.reinstated": _l("Brand studio opened again"),
}
