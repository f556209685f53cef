"""Input hygiene at the edge: JSON that parses safely, and text a person can see.

Every request's JSON body and form fields pass through here before any handler runs, so a
route that reads ``request.form`` directly is covered as well as one that loads a schema; the
same text check also runs in every marshmallow string field (mediation/core/schemas.py).
"""

import json
import unicodedata

from flask import Flask, request
from flask_babel import lazy_gettext as _l

from mediation.core.errors import DomainError, ValidationFailed

MAX_JSON_DEPTH = 32
ALLOWED_CONTROLS = frozenset("\t\n\r")
# Characters that show nothing although they are not whitespace: format characters (zero-width
# space, joiners, bidi marks, BOM) and the blank "letters" used to fake an empty name.
FILLERS = frozenset("\u115f\u1160\u17b4\u17b5\u180e\u2800\u3164\uffa0")
TEXT_PROBLEMS = {
    "control": _l("Remove the control characters (such as NUL) from this text."),
    "invisible": _l("This text shows nothing; write it in visible characters."),
}


class InvalidJson(DomainError):
    status = 400
    code = "invalid_json"


def _invisible(char: str) -> bool:
    return char.isspace() or char in FILLERS or unicodedata.category(char) in ("Cf", "Cc")


def text_problem(text: str) -> str | None:
    """Return "control" or "invisible" when text holds control characters or shows nothing."""
    if any(unicodedata.category(c) == "Cc" and c not in ALLOWED_CONTROLS for c in text):
        return "control"
    stripped = text.strip()
    if stripped and all(_invisible(c) for c in stripped):
        return "invisible"
    return None


def _is_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def load_json(raw: bytes):
    """Parse a JSON body, refusing bad UTF-8, deep nesting and lone surrogates (InvalidJson)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise InvalidJson(_l("The request body is not UTF-8 text.")) from error
    except RecursionError as error:
        raise _too_deep() from error
    except ValueError as error:
        raise InvalidJson(_l("The request body is not valid JSON.")) from error
    # Walk without recursion: the depth is what is being checked.
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise _too_deep()
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                stack.append((item, depth + 1))
                if isinstance(key, str) and _is_surrogate(key):
                    raise _surrogate()
        elif isinstance(value, str) and _is_surrogate(value):
            raise _surrogate()
    return data


def _too_deep() -> InvalidJson:
    return InvalidJson(
        _l("The JSON body is nested too deeply (at most %(n)s levels)."),
        params={"n": MAX_JSON_DEPTH},
    )


def _surrogate() -> InvalidJson:
    return InvalidJson(
        _l("The JSON body holds a lone surrogate (\\ud800 to \\udfff), which is not text.")
    )


def json_text_problems(data, path: str = "") -> dict[str, list]:
    """Return {"a.0.b": [message]} for every string in parsed JSON with a text problem."""
    found: dict[str, list] = {}
    stack = [(data, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, dict | list):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend((item, f"{where}.{key}" if where else str(key)) for key, item in items)
        elif isinstance(value, str) and (problem := text_problem(value)):
            found[where or "_schema"] = [TEXT_PROBLEMS[problem]]
    return found


def check_request_input() -> None:
    """Refuse a request whose JSON is unsafe (400) or whose text is hidden (422)."""
    problems: dict[str, list] = {}
    if request.is_json and request.get_data(cache=True):
        problems = json_text_problems(load_json(request.get_data(cache=True)))
    for name, values in (*request.args.lists(), *request.form.lists()):
        for value in values:
            if problem := text_problem(value):
                problems[name] = [TEXT_PROBLEMS[problem]]
    if problems:
        raise ValidationFailed(
            _l("Some text holds control or invisible characters; remove them and try again."),
            dict(sorted(problems.items())),
        )


def register_input_checks(app: Flask) -> None:
    app.before_request(check_request_input)
