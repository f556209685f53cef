"""The statistics report's fixed rows: dispute types in the official order, kinds of organisation.

The case table's rows follow the published order (reference §1.2). Each category of this
system counts under one row; a row no category maps to is printed with zeros, as the form
has it. Categories with no row of their own (intellectual property) count under 其它纠纷.
Row labels are the form's own Chinese: the report is a Chinese document.
"""

# (row key, row label as published), in the official order.
CASE_ROWS = (
    ("marriage_family", "婚姻家庭纠纷"),
    ("neighbour", "邻里纠纷"),
    ("housing_land", "房屋宅基地纠纷"),
    ("contract", "合同纠纷"),
    ("business", "生产经营纠纷"),
    ("damages", "损害赔偿纠纷"),
    ("forest_land", "山林土地纠纷"),
    ("expropriation", "征地拆迁纠纷"),
    ("pollution", "环境污染纠纷"),
    ("labour", "劳动争议纠纷"),
    ("consumer", "消费纠纷"),
    ("medical", "医疗纠纷"),
    ("traffic", "道路交通事故纠纷"),
    ("property_management", "物业纠纷"),
    ("other", "其它纠纷"),
)
OTHER_ROW = "other"

# This system's categories (mediation.disputes.categories) and the row each counts under.
ROW_OF_CATEGORY = {
    "marriage_family": "marriage_family",
    "neighbour": "neighbour",
    "housing_land": "housing_land",
    "contract": "contract",
    "damages": "damages",
    "land_contract": "forest_land",  # 土地承包 is a 山林土地 dispute on the form
    "labour": "labour",
    "medical": "medical",
    "traffic": "traffic",
    "property_management": "property_management",
    "intellectual_property": OTHER_ROW,
    "other": OTHER_ROW,
}


def row_of(category: str | None) -> str:
    """The row a category counts under; an unknown category counts under 其它纠纷."""
    return ROW_OF_CATEGORY.get(category or "", OTHER_ROW)


# The organisations table (reference §1.6): the kinds this system keeps, in the form's order.
ORGANISATION_ROWS = (
    ("station", "乡镇（街道）人民调解委员会"),
    ("village_room", "村（居）民人民调解委员会"),
    ("committee", "行业性、专业性人民调解委员会"),
    ("studio", "个人调解工作室"),
)
MEDIATOR_ROWS = (
    ("total", "人民调解员总数"),
    ("full_time", "其中：专职人民调解员"),
    ("part_time", "兼职人民调解员"),
    ("gold_medal", "金牌调解员"),
)
# Referring agencies (mediation.handoffs.labels AGENCY_KINDS) by the hand-off line they are on.
REFERRAL_ROWS = (
    ("court", "法院委派、委托（诉调对接）", ("court", "tribunal")),
    ("police", "公安移送（警调对接）", ("police",)),
    ("petition", "信访移送（访调对接）", ("petition",)),
)
