"""The monthly subsidy list as rows for CSV and Excel: one row per case, a total per mediator."""

from flask_babel import gettext as _

from mediation.disputes.categories import CATEGORIES
from mediation.reports.subsidies import RESULTS, MediatorSubsidies, grand_total


def header() -> list[str]:
    return [
        _("Mediator"),
        _("Case code"),
        _("Category"),
        _("Outcome"),
        _("Decided on"),
        _("Subsidy (yuan)"),
    ]


def rows(lists: list[MediatorSubsidies], local_day) -> list[list]:
    """Every case with its mediator, then the mediator's total; the grand total last."""
    out: list[list] = []
    for mediator in lists:
        for entry in mediator.entries:
            out.append(
                [
                    mediator.name,
                    entry.dispute_code,
                    str(CATEGORIES.get(entry.category, entry.category)),
                    str(RESULTS.get(entry.result, entry.result)),
                    local_day(entry.decided_at),
                    entry.amount,
                ]
            )
        out.append([mediator.name, _("Total"), None, None, None, mediator.total])
    out.append([_("All mediators"), _("Total"), None, None, None, grand_total(lists)])
    return out
