"""/api/v1/assignments, /recusals, /disclosures, /consents: who mediates which dispute."""

from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint

from mediation.accounts import proofs
from mediation.accounts.models import Role
from mediation.core.auth import api_user, load_api_user, require_roles
from mediation.core.errors import Forbidden, NotFound
from mediation.disputes import acts
from mediation.disputes.access import find_visible
from mediation.disputes.models import Dispute, Party
from mediation.extensions import db
from mediation.mediators import access, assignment, conflicts, views
from mediation.mediators.schemas import (
    AssignInSchema,
    AssignmentOutSchema,
    BatchInSchema,
    BatchOutSchema,
    CandidateOutSchema,
    ConsentInSchema,
    DecisionInSchema,
    DisclosureDecisionInSchema,
    DisclosureInSchema,
    DisclosureOutSchema,
    QueueItemSchema,
    ReasonInSchema,
    RecusalInSchema,
    RecusalOutSchema,
)

blp = Blueprint("api_assignments", __name__, url_prefix="", description="Assignment")
blp.before_request(load_api_user)
SECURITY = [{"bearerAuth": []}]
STAFF = (Role.COORDINATOR, Role.ADMIN)


def _staff():
    user = api_user()
    require_roles(user, *STAFF)
    return user


@blp.route("/assignments/queue", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, QueueItemSchema(many=True))
def queue():
    """Disputes waiting for a mediator, oldest first."""
    return views.queue(_staff())


@blp.route("/assignments/candidates/<code>", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, CandidateOutSchema(many=True))
def candidates(code: str):
    """The ranked candidates for one dispute, each with its per-factor explanation."""
    user = _staff()
    dispute = find_visible(user, code)
    return views.candidate_views(assignment.rank_for(dispute, user, limit=20))


@blp.route("/assignments", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(AssignInSchema)
@blp.response(201, AssignmentOutSchema)
def assign(data: dict):
    """Assign one dispute by the engine, by hand with a reason, or to a studio.

    mode "auto": the engine's best; "manual": mediator_id and reason; "studio": studio_id
    (and optionally one of its mediators). A hard-rule breach gets 409 saying why.
    """
    user = _staff()
    dispute = find_visible(user, data["code"])
    if data["mode"] == "manual":
        result = assignment.assign_manually(dispute, data["mediator_id"], user, data["reason"])
    elif data["mode"] == "studio":
        if data["studio_id"] is None:
            raise NotFound(_l("No such studio."))
        result = assignment.assign_to_studio(dispute, data["studio_id"], user, data["mediator_id"])
    else:
        result = assignment.assign_dispute(dispute, user)
    db.session.commit()
    return result


@blp.route("/assignments/batch", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(BatchInSchema)
@blp.response(200, BatchOutSchema)
def assign_batch(data: dict):
    """Assign the whole queue (or the listed codes), respecting capacity across the batch."""
    user = _staff()
    if data["codes"] is None:
        disputes = views.queue(user, limit=10000)
    else:
        disputes = [find_visible(user, code) for code in data["codes"]]
    result = assignment.assign_batch(disputes, user)
    db.session.commit()
    return result


@blp.route("/assignments/mine", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, AssignmentOutSchema(many=True))
def mine():
    """Your assignments waiting for an answer (mediators)."""
    return views.pending_for_mediator(api_user())


@blp.route("/assignments/<int:assignment_id>/accept", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.response(200, AssignmentOutSchema)
def accept(assignment_id: int):
    """Accept an assignment offered to you."""
    user = api_user()
    result = assignment.accept_assignment(access.find_assignment(user, assignment_id), user)
    db.session.commit()
    return result


@blp.route("/assignments/<int:assignment_id>/decline", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(ReasonInSchema)
@blp.response(200, AssignmentOutSchema)
def decline(data: dict, assignment_id: int):
    """Decline with a reason; the case goes back to the queue and is reassigned."""
    user = api_user()
    found = access.find_assignment(user, assignment_id)
    result = assignment.decline_assignment(found, user, data["reason"])
    db.session.commit()
    return result


def _own_party(dispute, user) -> Party:
    party = next((p for p in dispute.parties if p.user_id == user.id), None)
    if party is None:
        raise Forbidden(_l("Only a party to the case may do this."))
    return party


@blp.route("/recusals", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(RecusalInSchema)
@blp.response(201, RecusalOutSchema)
def request_recusal(data: dict):
    """A party asks for the mediator to step aside (回避), with a reason."""
    user = api_user()
    dispute = find_visible(user, data["code"])
    party = _own_party(dispute, user)
    acting = acts.online(party, proofs.online_assurance(user.mobile), user)
    request = conflicts.request_recusal(dispute, party, data["reason"], user, acting)
    db.session.commit()
    return request


@blp.route("/recusals/<int:request_id>/decision", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(DecisionInSchema)
@blp.response(200, RecusalOutSchema)
def decide_recusal(data: dict, request_id: int):
    """Grant (a new mediator is assigned) or refuse a recusal request."""
    user = _staff()
    request = conflicts.find_recusal(request_id)
    find_visible(user, _code_of(request.dispute_id))
    result = conflicts.decide_recusal(request, user, data["grant"], data["note"])
    db.session.commit()
    return result


def _code_of(dispute_id: int) -> str:
    return db.session.get(Dispute, dispute_id).code


@blp.route("/disclosures", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(DisclosureInSchema)
@blp.response(201, DisclosureOutSchema)
def disclose(data: dict):
    """The mediator on a case discloses a conflict of interest."""
    user = api_user()
    dispute = find_visible(user, data["code"])
    result = conflicts.disclose_conflict(dispute, user, data["description"])
    db.session.commit()
    return result


@blp.route("/disclosures/<int:disclosure_id>/decision", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(DisclosureDecisionInSchema)
@blp.response(200, DisclosureOutSchema)
def decide_disclosure(data: dict, disclosure_id: int):
    """Keep the mediator (every party must have consented: else 409) or replace them."""
    user = _staff()
    disclosure = conflicts.find_disclosure(disclosure_id)
    find_visible(user, _code_of(disclosure.dispute_id))
    result = conflicts.decide_disclosure(disclosure, user, data["keep"])
    db.session.commit()
    return result


@blp.route("/consents", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(ConsentInSchema)
@blp.response(201, ConsentInSchema)
def record_consent(data: dict):
    """Record a party's consent to keep a conflicted mediator: the party itself, or staff."""
    user = api_user()
    dispute = find_visible(user, data["code"])
    party = next((p for p in dispute.parties if p.id == data["party_id"]), None)
    if party is None or not (user.is_staff or party.user_id == user.id):
        raise NotFound(_l("No such party on this case."))
    # The party's own consent is their act, as on the case page: it needs their proof of the
    # mobile. Staff record a consent they were given, with a note of how.
    acting = (
        None if user.is_staff else acts.online(party, proofs.online_assurance(user.mobile), user)
    )
    conflicts.record_consent(dispute, party, user, data["note"], acting=acting)
    db.session.commit()
    return {"code": dispute.code, "party_id": party.id, "note": data["note"]}
