"""The columns of each kind of import file, as the templates have them. Plain Python.

Headers are Chinese, as the county's spreadsheets are; each column also answers to its
English key. The vocabularies take the stored key or the Chinese word the templates list.
"""

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    MEDIATORS = "mediators"
    CASES = "cases"
    SCREENINGS = "screenings"


class Type(StrEnum):
    TEXT = "text"
    MOBILE = "mobile"
    DATE = "date"
    MONTH_OR_DATE = "month_or_date"
    AMOUNT = "amount"
    COUNT = "count"
    CHOICE = "choice"
    CHOICES = "choices"  # several of a vocabulary, separated by 、 , ， ; or ；
    YES_NO = "yes_no"
    PLACE = "place"  # an organisation by name or id, resolved against the database


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    type: Type
    required: bool = False
    vocabulary: str | None = None  # a key of VOCABULARIES
    max_length: int = 200
    example: object = ""


# Key -> the Chinese words a file may use for it (the first is the one templates show).
VOCABULARIES: dict[str, dict[str, tuple[str, ...]]] = {
    "category": {
        "marriage_family": ("婚姻家庭", "婚姻家庭纠纷"),
        "neighbour": ("邻里", "邻里纠纷"),
        "housing_land": ("房屋宅基地", "房屋宅基地纠纷"),
        "land_contract": ("土地承包", "土地承包纠纷", "山林土地纠纷"),
        "labour": ("劳动争议", "劳动争议纠纷"),
        "medical": ("医疗", "医疗纠纷"),
        "traffic": ("道路交通", "道路交通事故纠纷"),
        "property_management": ("物业", "物业纠纷"),
        "intellectual_property": ("知识产权", "知识产权纠纷"),
        "contract": ("合同", "合同纠纷"),
        "damages": ("损害赔偿", "损害赔偿纠纷"),
        "other": ("其他", "其它", "其它纠纷", "其他纠纷"),
    },
    "channel": {
        "walk_in": ("来访", "当面申请"),
        "hotline": ("12348热线", "热线"),
        "screening": ("排查",),
        "referral": ("移送", "委派", "委托"),
        "online": ("网上申请", "线上"),
    },
    # The outcome as the lifecycle names the case's end (mediation/disputes/lifecycle.py).
    "outcome": {
        "settled": ("调解成功", "成功"),
        "partly_settled": ("部分成功",),
        "not_settled": ("调解不成功", "未成功", "不成功"),
        "withdrawn": ("撤回申请", "撤回"),
        "stopped": ("终止调解", "终止"),
        "declined": ("不同意调解", "拒绝调解"),
        "rejected": ("不予受理",),
    },
    "agreement": {
        "written": ("书面协议", "书面"),
        "oral": ("口头协议", "口头"),
        "none": ("无", "没有"),
    },
    "employment": {"full_time": ("专职",), "part_time": ("兼职",)},
    "language": {
        "putonghua": ("普通话",),
        "sichuanese": ("四川话",),
        "yi": ("彝语",),
        "tibetan": ("藏语",),
    },
}
YES = ("是", "yes", "y", "true", "1", "√")
NO = ("否", "no", "n", "false", "0", "")
SETTLING = ("settled", "partly_settled")
# Outcomes that leave the case without an outcome row: the report reads their lifecycle event.
ENDED_WITHOUT_OUTCOME = ("withdrawn", "stopped", "declined", "rejected")

C, T = Column, Type
COLUMNS: dict[Kind, tuple[Column, ...]] = {
    Kind.MEDIATORS: (
        C("name", "姓名", T.TEXT, True, max_length=60, example="王秀英"),
        C("mobile", "手机号", T.MOBILE, True, example="13800000001"),
        C("organisation", "所属组织", T.PLACE, True, max_length=120, example="天池街道工作站"),
        C("employment", "专职/兼职", T.CHOICE, True, "employment", example="专职"),
        C("gold_medal", "金牌调解员", T.YES_NO, example="否"),
        C(
            "specialties",
            "擅长纠纷类型",
            T.CHOICES,
            vocabulary="category",
            example="婚姻家庭、邻里",
        ),
        C("languages", "语言/方言", T.CHOICES, vocabulary="language", example="普通话、四川话"),
        C("capacity", "同时办案上限", T.COUNT, example=10),
    ),
    Kind.CASES: (
        C("source_ref", "原编号", T.TEXT, True, max_length=120, example="2020-天池-0001"),
        C("township", "乡镇（街道）", T.PLACE, True, max_length=120, example="天池街道"),
        C("village", "村（社区）", T.PLACE, max_length=120, example="红光村"),
        C("category", "纠纷类型", T.CHOICE, True, "category", example="邻里"),
        C("channel", "来源渠道", T.CHOICE, True, "channel", example="来访"),
        C(
            "description",
            "纠纷简要情况",
            T.TEXT,
            True,
            max_length=4000,
            example="因排水沟堵塞起争执",
        ),
        C("amount", "涉及金额（元）", T.AMOUNT, example=3000),
        C("filed_on", "受理日期", T.DATE, True, example="2020-03-02"),
        C("closed_on", "结案日期", T.DATE, True, example="2020-03-20"),
        C("outcome", "调解结果", T.CHOICE, True, "outcome", example="调解成功"),
        C("agreement", "协议形式", T.CHOICE, True, "agreement", example="书面协议"),
        C("mediator_mobile", "调解员手机号", T.MOBILE, example="13800000001"),
        C("applicant_name", "申请人姓名", T.TEXT, True, max_length=60, example="李明"),
        C("applicant_mobile", "申请人手机号", T.MOBILE),
        C("respondent_name", "被申请人姓名", T.TEXT, True, max_length=60, example="张华"),
        C("respondent_mobile", "被申请人手机号", T.MOBILE),
    ),
    Kind.SCREENINGS: (
        C("township", "乡镇（街道）", T.PLACE, True, max_length=120, example="天池街道"),
        C("village", "村（社区）", T.PLACE, max_length=120),
        C("held_on", "排查日期或月份", T.MONTH_OR_DATE, True, example="2020-03"),
        C("runs", "排查次数", T.COUNT, True, example=16),
        C("disputes_found", "排查出纠纷数", T.COUNT, True, example=5),
        C("disputes_prevented", "预防纠纷数", T.COUNT, True, example=3),
    ),
}


def column_of(kind: Kind, key: str) -> Column:
    return next(c for c in COLUMNS[kind] if c.key == key)
