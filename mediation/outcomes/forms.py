"""Bridge between the agreement details form (performances-0-term) and its nested schema."""

import re

from werkzeug.datastructures import MultiDict

from mediation.outcomes.schemas import MAX_PERFORMANCES

PERFORMANCE_FIELD = re.compile(r"^performances-(\d{1,2})-(term|party_id|method|due_on)$")
FORM_ONLY_FIELDS = ("csrf_token",)


def details_from_form(form: MultiDict) -> dict:
    """Return the payload AgreementDetailsInSchema expects; performance rows left blank drop."""
    payload: dict = {}
    rows: dict[int, dict] = {}
    for key, value in form.items():
        match = PERFORMANCE_FIELD.match(key)
        if match:
            index = int(match.group(1))
            if index < MAX_PERFORMANCES:
                rows.setdefault(index, {})[match.group(2)] = value
        elif key not in FORM_ONLY_FIELDS:
            payload[key] = value
    payload["performances"] = [
        row
        for _, row in sorted(rows.items())
        if any(v.strip() for k, v in row.items() if k != "party_id")
    ]
    return payload


def form_field_name(path: str) -> str:
    """Map an error path (performances.0.due_on) to its form field (performances-0-due_on)."""
    return path.replace(".", "-")
