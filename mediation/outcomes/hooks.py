"""Callbacks other domains register with outcomes, so that outcomes imports none of them.

Hand-offs registers, for example, ``on_case_file_section(handoffs_section)``: the case file lists
the case's hand-offs with courts, police and the petition bureau, without outcomes importing
hand-offs. The sections are filed in the case file's first part (how the case came), in the
order registered (casefile_contents.PARTS).
"""

from collections.abc import Callable

_sections: list[Callable] = []


def on_case_file_section(callback: Callable) -> Callable:
    """Register callback(dispute) returning a case-file Section, a list of them, or None."""
    _sections.append(callback)
    return callback


def case_file_sections(dispute) -> list:
    sections = []
    for callback in _sections:
        produced = callback(dispute)
        if isinstance(produced, list):
            sections.extend(produced)
        elif produced is not None:
            sections.append(produced)
    return sections
