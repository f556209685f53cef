"""How the agreement (人民调解协议书) writes its items: a Chinese document in any reader's language.

The labels follow the standard layout (reference §3.6) with the provincial 身份证号码 line; the
web pages around the document stay bilingual through gettext.
"""

from datetime import date

from mediation.disputes.particulars import SEX_IN_DOCUMENT, PartyKind

TITLE = "人民调解协议书"
NUMBER = "编号："
SIDES = {"applicant": "申请人", "respondent": "被申请人"}
FACTS = "纠纷主要事实："
DISPUTED_MATTERS = "争议事项："
RESPONSIBILITIES = "各方当事人的责任："
TERMS = "经调解，自愿达成如下协议："
PERFORMANCE = "履行方式、时限："
PERFORMANCE_HEADINGS = ("协议事项", "履行人", "履行方式", "履行期限")
ALL_PARTIES = "各方当事人"
PARTY_SIGNS = "当事人（签名盖章或按指印）："
MEDIATOR_SIGNS = "人民调解员（签名）："
RECORDER_SIGNS = "记录人（签名）："
SEAL = "（印章）"
IN_FORCE = (
    "本协议自各方当事人签名（盖章或按指印）、人民调解员签名并加盖人民调解委员会印章之日起生效。"
)
CONFIRMATION = "当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认。"
BLANK_DATE = "年    月    日"
CASE_CODE = "案件码："
CATEGORY = "纠纷类型："
DOCUMENT_HASH = "文本校验值（SHA-256）："


def copies_line(copies: int) -> str:
    return f"本协议一式{copies}份，当事人、人民调解委员会各持一份。"


def day(value: date | None) -> str:
    """Write a day as a Chinese document does: 2026年12月31日."""
    if value is None:
        return BLANK_DATE
    return f"{value.year}年{value.month}月{value.day}日"


def particulars(party, full_id: bool = False) -> tuple[tuple[str, str], ...]:
    """Return a party's particulars as (label, value), in the layout's order; blanks stay.

    The ID number is masked unless `full_id` (AGREEMENT_FULL_RESIDENT_ID) says otherwise.
    """
    if party.kind == PartyKind.ORGANISATION:
        return (
            ("名称", party.name),
            ("住所", party.address or ""),
            ("法定代表人", party.legal_representative or ""),
            ("联系方式", party.mobile or ""),
        )
    return (
        ("姓名", party.name),
        ("性别", SEX_IN_DOCUMENT.get(party.sex, "") if party.sex else ""),
        ("民族", party.ethnicity or ""),
        _birth_or_age(party),
        ("职业", party.occupation or ""),
        ("住址", party.address or ""),
        ("身份证号码", (party.resident_id if full_id else party.masked_resident_id) or ""),
        ("联系方式", party.mobile or ""),
    )


def _birth_or_age(party) -> tuple[str, str]:
    if party.birth_date is not None:
        return ("出生日期", day(party.birth_date))
    return ("年龄", f"{party.age}岁" if party.age is not None else "")
