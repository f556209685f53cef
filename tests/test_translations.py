from pathlib import Path

from babel.messages.pofile import read_po

CATALOGUE = (
    Path(__file__).parent.parent
    / "mediation"
    / "translations"
    / "zh"
    / "LC_MESSAGES"
    / "messages.po"
)


# The same keywords as `make translations-update`.
KEYWORDS = {name: None for name in ("_", "gettext", "_l", "lazy_gettext")}


def test_every_message_has_a_chinese_translation():
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    missing = [m.id for m in catalogue if m.id and (not m.string or m.fuzzy)]
    assert missing == []


def test_the_catalogue_covers_the_code(tmp_path):
    """Messages in the code and templates all appear in the catalogue (run translations-update)."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    root = CATALOGUE.parents[4]
    with (root / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    with CATALOGUE.open("rb") as handle:
        known = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        root,
        method_map,
        options_map,
        keywords=KEYWORDS,
    ):
        found.add(message if isinstance(message, str) else message[0])
    assert sorted(found - known) == []


def test_no_message_is_marked_inside_an_f_string():
    """Babel cannot see `_()` inside an f-string (Python 3.11): it would go untranslated."""
    import re

    inside = re.compile(r"""\bf(["'])[^\n]*?\{\s*(?:_|_l|gettext|lazy_gettext)\(""")
    root = Path(__file__).parent.parent / "mediation"
    found = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if inside.search(line)
    ]
    assert found == []
