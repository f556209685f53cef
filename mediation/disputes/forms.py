"""Bridge between HTML form fields (applicants-0-name) and the nested dispute schema."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

# A party's row: who they are, and the particulars the agreement states (optional here).
PARTY_FIELDS = "name|mobile|resident_id|sex|ethnicity|birth_date|occupation|address"
PARTY_FIELD = re.compile(rf"^(applicants|respondents)-(\d{{1,2}})-({PARTY_FIELDS})$")
PARTY_ERROR = re.compile(rf"^(applicants|respondents)-(\d{{1,2}})-({PARTY_FIELDS}|_schema)$")
MAX_FORM_PARTIES = 10
# Fields the form carries for the page itself, not for the dispute.
FORM_ONLY_FIELDS = ("csrf_token", "idempotency_key", "upload_holder", "remove_held")

# What the error summary calls each field of the filing form: the field's own label.
FIELD_LABELS = {
    "channel": _l("How did the dispute come in?"),
    "category": _l("What is the dispute about?"),
    "description": _l("What happened?"),
    "amount": _l("Amount of money in dispute"),
    "applicants": _l("Applicants"),
    "respondents": _l("Respondents"),
    "township_id": _l("Township"),
    "village_id": _l("Village or community"),
    "preferred_language": _l("Language for the mediation"),
    "preferred_studio_id": _l("Mediation studio you would like"),
    "attachments": _l("Photos or documents that help explain the dispute"),
}
PARTY_LABELS = {
    "name": _l("Full name"),
    "mobile": _l("Mobile number"),
    "resident_id": _l("Resident ID number"),
    "sex": _l("Sex"),
    "ethnicity": _l("Ethnicity"),
    "birth_date": _l("Date of birth"),
    "occupation": _l("Occupation"),
    "address": _l("Address"),
}
PERSON_LABELS = {"applicants": _l("Applicant %(n)s"), "respondents": _l("Respondent %(n)s")}


def payload_from_form(form: MultiDict) -> dict:
    """Return the nested payload the dispute schema expects; rows left blank are dropped."""
    payload: dict = {}
    rows: dict[str, dict[int, dict]] = {"applicants": {}, "respondents": {}}
    for key, value in form.items():
        match = PARTY_FIELD.match(key)
        if match:
            side, index, field = match.group(1), int(match.group(2)), match.group(3)
            if index < MAX_FORM_PARTIES:
                rows[side].setdefault(index, {})[field] = value
        elif key not in FORM_ONLY_FIELDS:
            payload[key] = value
    for side, by_index in rows.items():
        payload[side] = [
            row for _, row in sorted(by_index.items()) if any(v.strip() for v in row.values())
        ]
    return payload


def form_field_name(path: str) -> str:
    """Map an error path (applicants.0.mobile) to its form field (applicants-0-mobile)."""
    return path.replace(".", "-")


def filing_labels(errors: dict, values: dict) -> dict[str, tuple[str, str]]:
    """Return, for each field in error shown on the filing form, (the element's id, its label).

    Errors on fields the form does not show (a party row that was dropped, a field the schema
    knows but the page does not) get no label; the summary lists their messages plainly.
    """
    labels = {}
    for key in errors:
        if key in FIELD_LABELS:
            labels[key] = (key, str(FIELD_LABELS[key]))
            continue
        match = PARTY_ERROR.match(key)
        if not match:
            continue
        side, index, field = match.group(1), int(match.group(2)), match.group(3)
        if index >= len(values.get(side) or [{}]):
            continue
        person = str(PERSON_LABELS[side]) % {"n": index + 1}
        if field == "_schema":
            labels[key] = (f"{side}-{index}-name", person)
        else:
            labels[key] = (
                key,
                _("%(person)s, %(field)s", person=person, field=PARTY_LABELS[field]),
            )
    return labels
