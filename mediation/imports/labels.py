"""The words of imports: kinds, statuses, problems found in a file, audit events."""

from flask_babel import lazy_gettext as _l

KINDS = {
    "mediators": _l("Mediators"),
    "cases": _l("Historical cases"),
    "screenings": _l("Screenings"),
}
STATUSES = {
    "queued": _l("Waiting to be written"),
    "running": _l("Being written"),
    "done": _l("Imported"),
    "failed": _l("Failed; nothing was kept"),
}
EVENTS = {"import.completed": _l("History imported from a file")}

# Whole-file problems (mediation.imports.reading.FileProblem codes, and the upload's own).
FILE_PROBLEMS = {
    "not_xlsx": _l(
        "This is not an Excel workbook (.xlsx). Save it from Excel as .xlsx or as CSV and "
        "upload it again."
    ),
    "not_csv": _l(
        "This file cannot be read as CSV. Save it as CSV (UTF-8) or as .xlsx and upload it again."
    ),
    "encoding": _l("The CSV file is neither UTF-8 nor GB18030. Save it again as CSV UTF-8."),
    "empty": _l("The file has no header row. Start from the template."),
    "too_many_rows": _l("The file has more than %(limit)s rows. Split it into smaller files."),
    "too_large": _l("The file is larger than %(limit)s MB. Split it into smaller files."),
    "no_file": _l("Choose a file to upload."),
    "bad_kind": _l("Choose what the file holds."),
}

# Row problems (mediation.imports.validation codes): what is wrong and what to do.
PROBLEMS = {
    "missing_column": _l(
        "This column is missing. Add it with exactly this header, as in the template."
    ),
    "no_rows": _l("The file has a header but no rows."),
    "required": _l("This cell is empty; fill it in."),
    "formula": _l("“%(value)s” is a formula. Enter the value itself, not a formula."),
    "too_long": _l("Too long: at most %(limit)s characters."),
    "bad_mobile": _l(
        "“%(value)s” is not a mobile number; write the 11 digits, such as 13800000000."
    ),
    "bad_date": _l("“%(value)s” is not a date; write it as 2020-03-15."),
    "no_such_day": _l("“%(value)s” is not a day of the calendar; check the month and the day."),
    "date_out_of_range": _l(
        "%(value)s is not possible here: the day must be between 1990 and today."
    ),
    "closed_before_filed": _l(
        "Closed on %(closed)s, before it was accepted on %(filed)s; check both dates."
    ),
    "bad_amount": _l(
        "“%(value)s” is not an amount in yuan; write a number such as 3000 or 3000.50."
    ),
    "bad_count": _l("“%(value)s” is not a whole number; write 0 or more."),
    "bad_choice": _l("“%(value)s” is not one of: %(choices)s."),
    "unknown_place": _l(
        "No township or organisation is called “%(value)s”; use the name or id shown on the "
        "organisations page."
    ),
    "out_of_scope": _l(
        "“%(value)s” is outside your county or station; you can import only your own records."
    ),
    "ambiguous_place": _l(
        "More than one organisation is called “%(value)s”; write its id instead."
    ),
    "unknown_village": _l(
        "%(township)s has no village or community “%(value)s”; leave it empty or correct it."
    ),
    "unknown_mediator": _l(
        "No mediator of yours has the mobile %(value)s; import the mediators first or leave "
        "it empty."
    ),
    "same_mobile": _l(
        "The respondent's mobile is the applicant's; correct one of them or leave it empty."
    ),
    "settled_needs_agreement": _l(
        "A settled case has a written or an oral agreement; write which."
    ),
    "agreement_needs_settlement": _l("Only a settled case has an agreement; write “无” here."),
    "mobile_taken": _l(
        "The mobile %(value)s belongs to an account that is not a mediator's; check the number."
    ),
    "duplicate": _l(
        "“%(value)s” appears again in this file (first on row %(first)s); each row must be "
        "different."
    ),
}


def problem_text(code: str, params: dict) -> str:
    """Word one problem in the current language."""
    template = PROBLEMS.get(code) or FILE_PROBLEMS.get(code)
    if template is None:
        return code
    text = str(template)  # translated, its %(name)s placeholders still in place
    try:
        return text % params if params else text
    except (KeyError, TypeError, ValueError):
        return text
