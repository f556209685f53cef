"""The statistics report as titled tables: one description for the page, Excel and PDF.

The report is a Chinese document, so its headings and labels are the form's Chinese.
"""

from dataclasses import dataclass

from mediation.reports.report_rows import MEDIATOR_ROWS, ORGANISATION_ROWS
from mediation.reports.statistics import StatisticsReport

KIND_NAMES = {"month": "月报", "quarter": "季报", "year": "年报"}


@dataclass(frozen=True)
class Table:
    title: str
    header: list
    rows: list


def title(report: StatisticsReport, place: str) -> str:
    return f"{place}人民调解统计报表（{KIND_NAMES[report.period.kind]}）{report.period.name}"


def period_line(report: StatisticsReport) -> str:
    days = report.period.period
    return f"统计期间：{days.start.isoformat()} 至 {days.end.isoformat()}"


def _case_row(row: dict) -> list:
    return [
        row["label"],
        row["accepted"],
        row["settled"],
        row["not_settled"],
        row["rate"],
        row["written"],
        row["oral"],
        row["amount_10k"],
    ]


def tables(report: StatisticsReport) -> list[Table]:
    """Every table of the report, in the order the report prints them."""
    o, m, s = report.organisations, report.mediators, report.screening
    c, n = report.confirmations, report.not_counted
    case_header = [
        "纠纷类型",
        "调解案件数",
        "调解成功",
        "未成功",
        "调解成功率(%)",
        "书面协议",
        "口头协议",
        "协议涉及金额(万元)",
    ]
    referral_header = ["来源", "接收移送", "调解成功", "未成功", "撤回", "书面反馈"]
    return [
        Table(
            "一、人民调解组织",
            ["组织类别", "数量"],
            [[label, o[key]] for key, label in ORGANISATION_ROWS] + [["合计", o["total"]]],
        ),
        Table(
            "二、人民调解员", ["类别", "人数"], [[label, m[key]] for key, label in MEDIATOR_ROWS]
        ),
        Table(
            "三、矛盾纠纷排查",
            ["项目", "数量"],
            [
                ["排查次数（次）", s["runs"]],
                ["排查发现矛盾纠纷（件）", s["found"]],
                ["预防纠纷（件）", s["prevented"]],
            ],
        ),
        Table(
            "四、人民调解案件",
            case_header,
            [_case_row(r) for r in report.cases] + [_case_row(report.case_total)],
        ),
        Table(
            "五、不计入调解案件数的纠纷",
            ["项目", "件数"],
            [
                ["不予受理", n["rejected"]],
                ["当事人不同意调解", n["declined"]],
                ["受理前撤回申请", n["withdrawn_before_acceptance"]],
                ["期末未结（结案时计入）", n["open_at_end"]],
            ],
        ),
        Table(
            "六、司法确认",
            ["项目", "件数"],
            [
                ["申请司法确认", c["applied"]],
                ["确认有效", c["granted"]],
            ],
        ),
        Table(
            "七、诉调、警调、访调对接",
            referral_header,
            [
                [
                    r["label"],
                    r["received"],
                    r["settled"],
                    r["not_settled"],
                    r["withdrawn"],
                    r["feedback"],
                ]
                for r in report.referrals
            ],
        ),
        Table("八、结案平均天数", ["项目", "天数"], [["平均结案天数", report.avg_days]]),
        *_county_table(report),
    ]


def _county_table(report: StatisticsReport) -> list[Table]:
    """Above a county, each county's cases beside the roll-up."""
    if not report.counties:
        return []
    header = ["县（区）", "受理纠纷", "调解案件数", "调解成功", "调解成功率(%)"]
    rows = [
        [c["name"], c["filed"], c["accepted"], c["settled"], c["rate"]] for c in report.counties
    ]
    return [Table("九、分县（区）情况", header, rows)]
