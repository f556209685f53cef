"""Texts that hand each party their own case link: applicants on filing, respondents later.

A party filing from a phone may close the confirmation page and never see it again; the text
is how they get back. The respondent hears of the case once it is accepted, so a case that
is rejected never reaches the other side. Texts go through the outbox in the caller's
transaction: a filing that is rolled back sends nothing.
"""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from mediation.core.notify import in_language_of, notify, text_mobile
from mediation.disputes.links import case_link_token, case_link_url
from mediation.disputes.models import Dispute, Party


def _link_days() -> int:
    return current_app.config["CASE_LINK_TTL"].days


def _send(dispute: Dispute, party: Party, event: str, write) -> None:
    url = case_link_url(case_link_token(party))
    with in_language_of(party.user):  # a party without an account reads Chinese
        subject, lines = write(dispute.display_code, url, _link_days())
        lines.append(_("Questions: call 12348."))
        body = "\n".join(lines)
    text_mobile(party.mobile, subject, body, dedupe_key=f"dispute:{dispute.id}:{event}:{party.id}")


def _filed_text(code: str, url: str, days: int) -> tuple[str, list[str]]:
    return _("Mediation application received: case %(code)s", code=code), [
        _(
            "Your application for people's mediation has been received. Case code: %(code)s.",
            code=code,
        ),
        _(
            "Your private link to the case (keep it safe and do not share it; it works for"
            " %(days)s days): %(url)s",
            days=days,
            url=url,
        ),
    ]


def _accepted_text(code: str, url: str, days: int) -> tuple[str, list[str]]:
    return _("People's mediation: case %(code)s", code=code), [
        _(
            "A mediation centre has accepted a dispute in which you are named as the respondent."
            " Case code: %(code)s.",
            code=code,
        ),
        _(
            "Mediation is free and voluntary. See the case and give your answer through your"
            " private link (keep it safe; it works for %(days)s days): %(url)s",
            days=days,
            url=url,
        ),
        _(
            "The same link opens the notice of your rights and obligations in people's"
            " mediation: please read it and acknowledge it."
        ),
    ]


def text_applicants_filed(dispute: Dispute) -> None:
    """Text each applicant the case code and their own private link."""
    for party in dispute.applicants:
        _send(dispute, party, "filed", _filed_text)


def text_respondents_accepted(dispute: Dispute) -> None:
    """Text each respondent with a mobile their own private link, now that the case is accepted."""
    for party in dispute.respondents:
        if party.mobile:
            _send(dispute, party, "accepted", _accepted_text)


ENDINGS = {
    "decline": _l("%(name)s does not agree to mediation, so this mediation attempt has ended."),
    "withdraw": _l("%(name)s has withdrawn the application, so this mediation attempt has ended."),
    "stop": _l("%(name)s has asked to stop the mediation, so this mediation attempt has ended."),
}


def tell_attempt_ended(dispute: Dispute, party: Party, act: str) -> None:
    """Tell the other parties and the mediator that a party ended the attempt, and what now."""

    def write(code: str, url: str, days: int) -> tuple[str, list[str]]:
        return _("People's mediation: case %(code)s", code=code), [
            str(ENDINGS[act]) % {"name": party.name},
            _("Any sessions booked for this case are cancelled."),
            _("See the case: %(url)s", url=url),
        ]

    for other in dispute.parties:
        if other.id != party.id and other.side != party.side and other.mobile:
            _send(dispute, other, f"ended:{act}", write)
    mediator = dispute.mediator.user if dispute.mediator else None
    if mediator is not None:
        with in_language_of(mediator):
            notify(
                mediator,
                _("Mediation ended on case %(code)s", code=dispute.display_code),
                "\n".join(
                    [
                        str(ENDINGS[act]) % {"name": party.name},
                        _("Any sessions booked for this case are cancelled."),
                    ]
                ),
                dedupe_key=f"dispute:{dispute.id}:ended:{act}:mediator",
            )
