"""Bridge between HTML form fields (applicants-0-name) and the nested dispute schema."""

import re

from werkzeug.datastructures import MultiDict

PARTY_FIELD = re.compile(r"^(applicants|respondents)-(\d{1,2})-(name|mobile|resident_id)$")
MAX_FORM_PARTIES = 10


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
        elif key not in ("csrf_token", "idempotency_key"):
            payload[key] = value
    for side, by_index in rows.items():
        payload[side] = [
            row for _, row in sorted(by_index.items()) if any(v.strip() for v in row.values())
        ]
    return payload


def form_field_name(path: str) -> str:
    """Map an error path (applicants.0.mobile) to its form field (applicants-0-mobile)."""
    return path.replace(".", "-")
