"""The mediation record and the rights notice as PDF, through the shared PDF builder."""

from mediation.core.urls import external
from mediation.outcomes.pdf import Section, render_pdf


def _blocks(text: str) -> list[list[str]]:
    return [block.split("\n") for block in text.strip().split("\n\n")]


def _header_rows(lines: list[str]) -> list[tuple[str, str]]:
    rows = []
    for line in lines:
        label, sep, value = line.partition("：")
        if sep:
            rows.append((label, value))
    return rows


def text_sections(text: str) -> list[Section]:
    """Split an assembled record into the PDF's sections: header rows, then each block."""
    blocks = _blocks(text)
    sections = [Section(title="基本情况", rows=_header_rows(blocks[0][1:]))]
    for block in blocks[1:]:
        if block[0].startswith(("一、", "二、", "三、", "四、")):
            sections.append(Section(title=block[0], paragraphs=block[1:]))
        else:
            sections.append(Section(title="确认", paragraphs=block))
    return sections


def record_pdf(dispute, text: str, record_hash: str, version: int | None) -> bytes:
    """Render a session's record, its version and hash in the footer for checking a copy."""
    numbered = f"第{version}版 · " if version else ""
    return render_pdf(
        "人民调解记录",
        dispute.display_code,
        external("disputes.case", code=dispute.code),
        text_sections(text),
        f"{numbered}校验码 {record_hash[:16]}",
    )


NUMBERED = ("一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、")


def notice_sections(lines: list[str]) -> list[Section]:
    """Split the notice into its opening, its numbered sections, and the acknowledgement."""
    sections = [Section(title="告知事项")]
    for line in lines:
        if line.startswith(NUMBERED):
            sections.append(Section(title=line))
        else:
            sections[-1].paragraphs.append(line)
    return sections


def notice_pdf(dispute, text: str, notice_hash: str) -> bytes:
    """Render the rights and obligations notice served on the parties of a case."""
    lines = text.strip().split("\n")
    return render_pdf(
        lines[0],
        dispute.display_code,
        external("disputes.case", code=dispute.code),
        notice_sections(lines[1:]),
        f"校验码 {notice_hash[:16]}",
    )
