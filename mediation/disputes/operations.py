"""Service layer for disputes: file, attach, transition. Operations flush, never commit."""

from collections.abc import Callable, Sequence

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.interfaces import LoaderOption

from mediation.accounts.models import Role, User
from mediation.core import idempotency
from mediation.core.audit import record_event
from mediation.core.errors import Conflict, Forbidden, ValidationFailed
from mediation.disputes import codes, hooks, lifecycle, listing, notices
from mediation.disputes.access import LISTED, visible_disputes
from mediation.disputes.attachments import (
    ImageLimits,
    Upload,
    digest,
    sniff_type,
    upload_problem,
)
from mediation.disputes.categories import ACTIONS, STAFF_CHANNELS, STATES
from mediation.disputes.lifecycle import Actor, State
from mediation.disputes.models import Attachment, Dispute, Party
from mediation.extensions import db
from mediation.organisations.places import check_place
from mediation.organisations.scope import in_scope
from mediation.roster.models import Mediator, Studio

CODE_ATTEMPTS = 5
UPLOAD_PROBLEMS = {
    "empty": _l("The file is empty."),
    "too_large": _l("The file is larger than %(mb)s MB."),
    "type": _l("Only PDF, JPEG, PNG or WebP files are accepted."),
    "unreadable": _l("The image cannot be read; save it again as JPEG or PNG."),
    "too_many_pixels": _l(
        "The image is too large (at most %(mp)s megapixels and %(side)s pixels a side)."
    ),
}


def _channel_for(filer: User | None, requested: str | None) -> str:
    if filer is None or filer.role == Role.PARTY:
        if requested not in (None, "online"):
            raise Forbidden(_l("Parties file online; other channels are entered by staff."))
        return "online"
    if filer.role == Role.LIAISON:
        return "referral"
    if filer.role in (Role.COORDINATOR, Role.ADMIN):
        if requested not in STAFF_CHANNELS:
            raise ValidationFailed(
                _l("Choose how the dispute came in."),
                {"channel": [_l("Choose hotline, walk-in, screening or referral.")]},
            )
        return requested
    raise Forbidden(_l("Mediators do not file disputes; a coordinator enters them."))


def _check_places(data: dict, filer: User | None) -> None:
    check_place(data["township_id"], data.get("village_id"))
    if filer is not None and filer.is_staff and not in_scope(filer, data["township_id"]):
        # Staff enter cases of their own subtree; another county's township is not theirs.
        message = _l("Choose a township of your own organisation.")
        raise ValidationFailed(message, {"township_id": [message]})


def _check_preferences(data: dict) -> None:
    mediator_id = data.get("preferred_mediator_id")
    if mediator_id is not None:
        mediator = db.session.get(Mediator, mediator_id)
        if mediator is None or not mediator.active:
            raise ValidationFailed(
                _l("That mediator cannot be requested."),
                {"preferred_mediator_id": [_l("Choose a mediator from the list.")]},
            )
    studio_id = data.get("preferred_studio_id")
    if studio_id is not None:
        studio = db.session.get(Studio, studio_id)
        if studio is None or not studio.active:
            raise ValidationFailed(
                _l("That studio cannot be requested."),
                {"preferred_studio_id": [_l("Choose a studio from the list.")]},
            )


def _new_unique_code(new_code: Callable[[], str]) -> str:
    for _ in range(CODE_ATTEMPTS):
        code = new_code()
        if db.session.scalar(select(func.count()).where(Dispute.code == code)) == 0:
            return code
    raise Conflict(_l("Could not allocate a case code; please try again."))


def file_dispute(
    data: dict,
    filer: User | None,
    uploads: list[Upload] = (),
    idempotency_key: str | None = None,
    new_code: Callable[[], str] = codes.new_code,
) -> tuple[Dispute, bool]:
    """File a dispute from validated data; return it and whether it was a replay."""
    fingerprint = idempotency.fingerprint(
        {"data": data, "files": [digest(u.content) for u in uploads]}
    )
    scope = f"user:{filer.id}" if filer else "anonymous"
    if idempotency_key:
        key = idempotency.check_key(idempotency_key)
        earlier = idempotency.find_replay(scope, key, fingerprint)
        if earlier is not None:
            return db.session.get(Dispute, earlier), True

    channel = _channel_for(filer, data.get("channel"))
    _check_places(data, filer)
    _check_preferences(data)
    dispute = Dispute(
        code=_new_unique_code(new_code),
        category=data["category"],
        channel=channel,
        state=State.SUBMITTED,
        description=data["description"],
        amount=data.get("amount"),
        township_id=data["township_id"],
        village_id=data.get("village_id"),
        preferred_language=data.get("preferred_language"),
        preferred_mediator_id=data.get("preferred_mediator_id"),
        preferred_studio_id=data.get("preferred_studio_id"),
        filed_by_id=filer.id if filer else None,
    )
    position = 0
    for side, field in (("applicant", "applicants"), ("respondent", "respondents")):
        for person in data[field]:
            dispute.parties.append(Party(side=side, position=position, **person))
            position += 1
    _check_distinct_parties(dispute.parties)
    if filer is not None and filer.role == Role.PARTY:
        _link_filer(dispute, filer)
    db.session.add(dispute)
    db.session.flush()
    for upload in uploads:
        add_attachment(dispute, upload, filer, audit=False)
    record_event(
        "dispute.filed",
        "dispute",
        dispute.id,
        actor_id=filer.id if filer else None,
        code=dispute.code,
        channel=channel,
        category=dispute.category,
        attachments=len(uploads),
    )
    if idempotency_key:
        try:
            with db.session.begin_nested():
                idempotency.remember(scope, key, fingerprint, "dispute", dispute.id)
        except IntegrityError:
            raise Conflict(
                _l("The same request is already being processed; reload to see it.")
            ) from None
    notices.text_applicants_filed(dispute)
    return dispute, False


def _check_distinct_parties(parties: list[Party]) -> None:
    sides: dict[str, str] = {}
    counters = {"applicant": 0, "respondent": 0}
    for party in parties:
        index = counters[party.side]
        counters[party.side] += 1
        if sides.setdefault(party.mobile, party.side) != party.side:
            raise ValidationFailed(
                _l("The same person cannot be both applicant and respondent."),
                {
                    f"{party.side}s.{index}.mobile": [
                        _l("This mobile is also given for the other side.")
                    ]
                },
            )


def _link_filer(dispute: Dispute, filer: User) -> None:
    """Link the filing party to their applicant entry (the first, if filing for someone)."""
    applicants = dispute.applicants
    mine = next((p for p in applicants if p.mobile == filer.mobile), applicants[0])
    mine.user = filer


def upload_explanation(upload: Upload) -> str | None:
    """Return why an upload cannot be attached, in words a person can act on; or None."""
    config = current_app.config
    limits = ImageLimits(config["ATTACHMENT_MAX_PIXELS"], config["ATTACHMENT_MAX_SIDE"])
    problem = upload_problem(upload, config["ATTACHMENT_MAX_BYTES"], limits)
    if problem is None:
        return None
    return UPLOAD_PROBLEMS[problem] % {
        "mb": config["ATTACHMENT_MAX_BYTES"] // (1024 * 1024),
        "mp": limits.max_pixels // 1_000_000,
        "side": limits.max_side,
    }


def add_attachment(dispute: Dispute, upload: Upload, uploader: User | None, audit: bool = True):
    """Attach a checked document to a dispute."""
    config = current_app.config
    explanation = upload_explanation(upload)
    if explanation:
        raise ValidationFailed(
            _l("%(name)s: %(problem)s"),
            {"attachments": [f"{upload.filename}: {explanation}"]},
            params={"name": upload.filename, "problem": explanation},
        )
    if len(dispute.attachments) >= config["ATTACHMENTS_PER_DISPUTE"]:
        raise Conflict(_l("This case already has the most attachments allowed."))
    attachment = Attachment(
        filename=upload.filename[:255] or "document",
        content_type=sniff_type(upload.content),
        size=len(upload.content),
        sha256=digest(upload.content),
        content=upload.content,
        uploaded_by_id=uploader.id if uploader else None,
    )
    dispute.attachments.append(attachment)
    db.session.flush()
    if audit:
        record_event(
            "dispute.attachment_added",
            "dispute",
            dispute.id,
            actor_id=uploader.id if uploader else None,
            filename=attachment.filename,
            sha256=attachment.sha256,
        )
    return attachment


def check_transition(
    dispute: Dispute,
    action: str,
    actors: set[Actor],
    reason: str | None = None,
    expected_version: int | None = None,
) -> State:
    """Return the state an action would move the dispute to, or raise saying why it cannot."""
    if expected_version is not None and expected_version != dispute.version:
        raise Conflict(_l("The case changed while you were looking at it; reload and try again."))
    before = State(dispute.state)
    try:
        return lifecycle.next_state(before, action, actors, reason)
    except lifecycle.IllegalTransition as error:
        raise Conflict(
            _l("Cannot %(action)s: the case is %(state)s."),
            code="illegal_transition",
            params={"action": ACTIONS.get(action, action), "state": STATES[before.value]},
            state=before.value,
        ) from error
    except lifecycle.NotPermitted as error:
        raise Forbidden(
            _l("You may not %(action)s on this case."), params={"action": ACTIONS[action]}
        ) from error
    except lifecycle.ReasonRequired as error:
        raise ValidationFailed(
            _l("Please give a reason."), {"reason": [_l("Please give a reason.")]}
        ) from error


def transition_dispute(
    dispute: Dispute,
    action: str,
    actors: set[Actor],
    actor_user: User | None,
    reason: str | None = None,
    expected_version: int | None = None,
    *,
    mediator: Mediator | None = None,
) -> Dispute:
    """Move a dispute through its lifecycle and record the change in the audit chain.

    "assign" and "unassign" only move the state and the case's mediator here: the mediators
    domain guards the choice and keeps the offer (`mediators.assignment.assign_mediator`).
    """
    before = State(dispute.state)
    after = check_transition(dispute, action, actors, reason, expected_version)
    if action == "assign":
        if mediator is None:
            raise ValidationFailed(
                _l("Choose an active mediator."),
                {"mediator_id": [_l("Choose a mediator from the list.")]},
            )
        dispute.mediator = mediator
        dispute.organisation_id = mediator.organisation_id
    elif action == "unassign":
        dispute.mediator = None
    dispute.state = after
    dispute.state_reason = reason.strip() if reason else None
    db.session.flush()
    record_event(
        f"dispute.{action}",
        "dispute",
        dispute.id,
        actor_id=actor_user.id if actor_user else None,
        **{"from": before.value, "to": after.value, "reason": dispute.state_reason},
        **({"mediator_id": mediator.id} if action == "assign" else {}),
    )
    if after == State.ACCEPTED:
        notices.text_respondents_accepted(dispute)
    return dispute


def list_disputes(
    user: User,
    filters: dict,
    page: int = 1,
    per_page: int = 20,
    load: Sequence[LoaderOption] = LISTED,
    count_beyond: int | None = None,
) -> dict:
    """Return one page of the disputes a user may see, newest first unless `sort` says.

    `filters` holds the list's filters, `q` (a code, a party's name or mobile) and `sort`
    (`listing.SORTS`). `load` names what comes with the rows (`access.LISTED` for a list page,
    `access.RECORDS` for whole records), each in one statement however long the page.

    `total` counts every match unless `count_beyond` is given: then at most that many past the
    page, and `more` says there are others (counting a county's 60,000 cases takes longer
    than finding a page of them).
    """
    query = visible_disputes(user)
    for name in ("state", "category", "channel", "township_id"):
        if filters.get(name) is not None:
            query = query.where(getattr(Dispute, name) == filters[name])
    query = listing.searched(query, filters.get("q"))
    first = (page - 1) * per_page
    # Past the last page is an empty page, not a 404.
    items = db.session.scalars(
        listing.ordered(query.options(*load), filters.get("sort")).limit(per_page).offset(first)
    ).all()
    matches = query.with_only_columns(Dispute.id)
    if count_beyond is not None:
        matches = matches.limit(first + per_page + count_beyond + 1)
    total = db.session.scalar(select(func.count()).select_from(matches.subquery()))
    more = count_beyond is not None and total > first + per_page + count_beyond
    if more:
        total -= 1
    return {"items": items, "page": page, "per_page": per_page, "total": total, "more": more}


PARTICULARS = (
    "kind",
    "sex",
    "ethnicity",
    "birth_date",
    "age",
    "occupation",
    "address",
    "resident_id",
    "legal_representative",
)


def record_particulars(party: Party, data: dict, user: User) -> Party:
    """Write a party's particulars (art. 29(1)) as staff or the mediator entered them."""
    values = {**dict.fromkeys(PARTICULARS), "kind": "person", **data}
    changed = sorted(name for name in PARTICULARS if getattr(party, name) != values[name])
    if not changed:
        return party
    for name in PARTICULARS:
        setattr(party, name, values[name])
    db.session.flush()
    record_event(
        "party.particulars_recorded",
        "dispute",
        party.dispute_id,
        actor_id=user.id,
        party_id=party.id,
        changed=changed,
    )
    hooks.particulars_changed(party, user)
    return party
