"""What an agreement still lacks of art. 29 before it is signed or sealed, in words."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mediation.core.errors import Conflict
from mediation.disputes import particulars
from mediation.disputes.categories import SIDES
from mediation.disputes.models import Party
from mediation.outcomes.models import Agreement

PARTICULAR_FIELDS = (
    "kind",
    "name",
    "sex",
    "ethnicity",
    "birth_date",
    "age",
    "occupation",
    "address",
    "resident_id",
    "legal_representative",
)
AGREEMENT_ITEMS = {
    "facts": _l("The main facts of the dispute"),
    "disputed_matters": _l("The matters in dispute"),
    "responsibilities": _l("Each party's responsibility"),
}


def values_of(party: Party) -> dict:
    return {name: getattr(party, name) for name in PARTICULAR_FIELDS}


def missing_of_party(party: Party) -> list[str]:
    """Name the particulars one party still lacks, in the reader's language."""
    return [str(particulars.ITEM_LABELS[i]) for i in particulars.missing_items(values_of(party))]


def missing_items(agreement: Agreement) -> list[str]:
    """Return, one line each, what the agreement lacks before it can be signed or sealed."""
    dispute = agreement.dispute
    lines = []
    for party in dispute.parties:
        missing = missing_of_party(party)
        if missing:
            lines.append(
                _(
                    "%(side)s %(name)s: %(items)s",
                    side=SIDES[party.side],
                    name=party.name,
                    items=_(", ").join(missing),
                )
            )
    committee = agreement.committee or dispute.organisation or dispute.township
    if not committee.committee_title:
        lines.append(
            _(
                "The name of the people's mediation committee of %(organisation)s "
                "(an administrator sets it under Committees and seals)",
                organisation=committee.name,
            )
        )
    if dispute.mediator is None:
        lines.append(_("The mediator"))
    for name, label in AGREEMENT_ITEMS.items():
        if not (getattr(agreement, name) or "").strip():
            lines.append(str(label))
    if not agreement.performances:
        lines.append(_("How and by when each term is performed"))
    if (agreement.copies or 0) < len(dispute.parties) + 1:
        lines.append(_("The number of copies: one for each party and one the committee keeps"))
    return lines


def check_complete(agreement: Agreement) -> None:
    """Refuse, listing what is missing, an agreement that does not yet state every item."""
    missing = missing_items(agreement)
    if missing:
        raise Conflict(
            _l("The agreement is not complete yet. Still missing: %(missing)s."),
            code="agreement_incomplete",
            fields={"missing": missing},
            params={"missing": _("; ").join(missing)},
        )
