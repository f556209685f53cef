"""The case file (卷宗): one PDF in the official order, and a ZIP of it with the originals.

The parts and what fills them are in casefile_contents.PARTS; the pages in casefile_layout.
"""

import hashlib
import io
import zipfile

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from mediation.core.db import utcnow
from mediation.disputes.categories import CATEGORIES
from mediation.disputes.models import Dispute
from mediation.extensions import db
from mediation.outcomes.agreements import agreement_for
from mediation.outcomes.casefile_contents import FilledPart, fill, missing_required
from mediation.outcomes.casefile_layout import Cover, render_case_file
from mediation.outcomes.casefile_recordings import recording_files
from mediation.outcomes.casefile_sources import attachments_of
from mediation.outcomes.documents import agreement_pdf, case_url
from mediation.outcomes.operations import outcome_for
from mediation.outcomes.pdf import Section, chinese_document
from mediation.scheduling.models import MediationSession


class UnknownRetention(ValueError):
    """A retention period that is not one of CASE_FILE_RETENTION_PERIODS."""


def committee_name(dispute: Dispute) -> str:
    """The mediation committee that handled the case, at the head of the cover.

    The committee that sealed the agreement, else the handling organisation's committee, else
    (no committee name set yet) the organisation itself.
    """
    agreement = agreement_for(dispute)
    organisation = (agreement.committee if agreement else None) or (
        dispute.organisation or dispute.township
    )
    return organisation.committee_title or organisation.name


def case_file_number(dispute: Dispute) -> str:
    """The file number (卷号): the agreement's number once it is in force.

    Committees reuse the agreement's number as the file number; before there is one, the
    number is left for the committee to write in.
    """
    agreement = agreement_for(dispute)
    if agreement is not None and agreement.number:
        return agreement.number
    return "（      ）人调字第      号"


def file_name(dispute: Dispute) -> str:
    """卷名: the parties on each side and the kind of dispute."""
    return _(
        "%(applicants)s v. %(respondents)s (%(category)s)",
        applicants="、".join(p.name for p in dispute.applicants),
        respondents="、".join(p.name for p in dispute.respondents),
        category=CATEGORIES.get(dispute.category, dispute.category),
    )


def mediation_dates(dispute: Dispute) -> str:
    """The first and last day of the mediation: the first session, to the outcome."""
    first = db.session.scalar(
        select(func.min(MediationSession.start_at)).where(MediationSession.dispute_id == dispute.id)
    )
    outcome = outcome_for(dispute)
    start = format_date(first) if first else ""
    end = format_date(outcome.decided_at) if outcome else ""
    return _("%(start)s to %(end)s", start=start, end=end)


def retention_period(choice: str | None) -> str:
    """Return the chosen retention period, or the configured default; refuse an unknown one."""
    config = current_app.config
    if not choice:
        return config["CASE_FILE_RETENTION_DEFAULT"]
    if choice not in config["CASE_FILE_RETENTION_PERIODS"]:
        raise UnknownRetention(choice)
    return choice


def with_explanation(filled: list[FilledPart]) -> list[FilledPart]:
    """Say in the 卷宗情况说明 which required documents the file lacks, if any."""
    missing = missing_required(filled)
    if not missing:
        return filled
    names = "、".join(str(f.part.title) for f in missing)
    note = Section(
        _("Documents missing"),
        paragraphs=[_("This file lacks: %(names)s.", names=names)],
    )
    return [
        FilledPart(f.number, f.part, [*f.sections, note]) if f.part.key == "explanation" else f
        for f in filled
    ]


def cover_of(dispute: Dispute, made_by: str, retention: str) -> Cover:
    return Cover(
        committee=committee_name(dispute),
        name=file_name(dispute),
        number=case_file_number(dispute),
        code=dispute.display_code,
        mediator=dispute.mediator.name if dispute.mediator else "",
        mediation_dates=mediation_dates(dispute),
        made_by=made_by,
        made_on=format_date(utcnow()),
        retention=retention,
        remarks="",
        qr_data=case_url(dispute),
    )


def case_file_pdf(dispute: Dispute, made_by: str = "", retention: str | None = None) -> bytes:
    """Render the whole case file, cover to back cover, in Chinese."""
    period = retention_period(retention)
    with chinese_document():
        filled = with_explanation(fill(dispute))
        cover = cover_of(dispute, made_by, period)
        return render_case_file(cover, filled, len(attachments_of(dispute)))


def case_file_zip(dispute: Dispute, made_by: str = "", retention: str | None = None) -> bytes:
    """Return the case file PDF, the agreement PDF, every original file and recording, hashed."""
    files: list[tuple[str, bytes]] = [
        (f"{dispute.code}-case-file.pdf", case_file_pdf(dispute, made_by, retention))
    ]
    agreement = agreement_for(dispute)
    if agreement is not None:
        files.append((f"{dispute.code}-agreement.pdf", agreement_pdf(agreement)))
    for index, attachment in enumerate(attachments_of(dispute), start=1):
        files.append((f"originals/{index:02d}-{attachment.filename}", attachment.content))
    files += recording_files(dispute)
    manifest = "\n".join(f"{hashlib.sha256(c).hexdigest()}  {n}" for n, c in files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files:
            archive.writestr(name, content)
        archive.writestr("SHA256SUMS.txt", manifest + "\n")
    return buffer.getvalue()
