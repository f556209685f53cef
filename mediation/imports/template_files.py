"""The downloadable templates: the columns' headers, one example row, and a notes sheet."""

from flask_babel import lazy_gettext as _l

from mediation.core import exports
from mediation.imports.columns import COLUMNS, VOCABULARIES, Column, Kind, Type

TYPE_NOTES = {
    Type.TEXT: _l("Text, at most %(limit)s characters."),
    Type.MOBILE: _l("An 11-digit mobile number."),
    Type.DATE: _l("A date, written 2020-03-15 (or an Excel date)."),
    Type.MONTH_OR_DATE: _l("A month, written 2020-03, or a date, written 2020-03-15."),
    Type.AMOUNT: _l("An amount in yuan, 0 or more, such as 3000 or 3000.50."),
    Type.COUNT: _l("A whole number, 0 or more."),
    Type.CHOICE: _l("One of: %(choices)s."),
    Type.CHOICES: _l("Any of: %(choices)s, separated by 、"),
    Type.YES_NO: _l("是 or 否 (empty: 否)."),
    Type.PLACE: _l("The name or the id of an organisation within your scope."),
}
REQUIRED, OPTIONAL = _l("required"), _l("optional")
KIND_NOTES = {
    Kind.MEDIATORS: _l(
        "One row per mediator. The mobile is the key: a mediator whose mobile already has an "
        "account is left as it is."
    ),
    Kind.CASES: _l(
        "One row per concluded case. 原编号 is the key: unique in the file and in the county; a "
        "row already imported is skipped. Nobody is notified of imported cases."
    ),
    Kind.SCREENINGS: _l(
        "One row per township (or village) and day or month. The place and the day are the "
        "key; a row already imported is skipped."
    ),
}


def column_note(column: Column) -> str:
    choices = "、".join(w[0] for w in VOCABULARIES.get(column.vocabulary or "", {}).values())
    text = str(TYPE_NOTES[column.type]) % {"limit": column.max_length, "choices": choices}
    return text


def notes_rows(kind: Kind) -> list[list]:
    rows: list[list] = [[str(KIND_NOTES[kind]), "", ""]]
    for column in COLUMNS[kind]:
        rows.append(
            [column.header, str(REQUIRED if column.required else OPTIONAL), column_note(column)]
        )
    return rows


def template_file(kind: Kind, fmt: str) -> bytes:
    """The template of a kind as .xlsx (data and notes sheets) or CSV (header and example)."""
    header = [c.header for c in COLUMNS[kind]]
    example = [c.example for c in COLUMNS[kind]]
    if fmt == "csv":
        return exports.to_csv([header, example])
    return exports.to_xlsx(
        [
            exports.Sheet("数据", [example], header=header),
            exports.Sheet("说明", notes_rows(kind)[1:], header=["列", "必填", "填写说明"]),
            exports.Sheet("导入规则", [[notes_rows(kind)[0][0]]]),
        ]
    )
