"""Names for the demo county: townships, villages, committees, people."""

COUNTY = "乐至县"
CENTRE = "乐至县公共法律服务中心"
# The county's 21 township-level places, each with a mediation station at its justice office.
TOWNSHIPS = (
    "天池街道",
    "南塔街道",
    "童家镇",
    "大佛镇",
    "回澜镇",
    "石佛镇",
    "龙门镇",
    "中和场镇",
    "良安镇",
    "金顺镇",
    "蟠龙镇",
    "宝林镇",
    "石湍镇",
    "劳动镇",
    "中天镇",
    "通旅镇",
    "双河场乡",
    "东山镇",
    "高寺镇",
    "孔雀乡",
    "放生乡",
)
VILLAGE_STEMS = (
    "新华",
    "红光",
    "东风",
    "团结",
    "胜利",
    "和平",
    "光明",
    "永兴",
    "龙泉",
    "金龙",
    "白鹤",
    "青松",
    "长滩",
    "石桥",
    "桂花",
    "清泉",
    "双龙",
    "柏林",
    "三合",
    "五星",
    "高峰",
    "凉水",
    "玉峰",
    "水井",
    "观音",
    "石河",
    "民主",
    "建设",
    "太平",
    "乐安",
)
VILLAGES_PER_TOWNSHIP = 15
COMMITTEES = (
    ("乐至县道路交通事故纠纷人民调解委员会", "traffic"),
    ("乐至县医疗纠纷人民调解委员会", "medical"),
    ("乐至县劳动争议人民调解委员会", "labour"),
    ("乐至县物业纠纷人民调解委员会", "property_management"),
    ("乐至县知识产权纠纷人民调解委员会", "intellectual_property"),
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧建国平刚桂兰玉梅志红霞德福春秋"
# Lezhi county's administrative division code, the first six digits of local resident IDs.
REGION_CODE = "512022"

DESCRIPTIONS = {
    "marriage_family": "夫妻因子女抚养和家庭财产分割发生争执，希望在调解员主持下协商解决。",
    "neighbour": "邻居在两家之间修建围墙，占用了公共通道，双方多次争吵。",
    "housing_land": "宅基地界线不清，邻户新建房屋越过原有界桩约半米。",
    "land_contract": "承包地流转合同到期后，对方拒绝退还土地并拖欠流转费。",
    "labour": "在工地务工三个月，工资尚有一部分未结清，包工头一直推脱。",
    "medical": "在乡镇卫生院治疗后病情加重，对诊疗过程和费用有异议。",
    "traffic": "骑电动车与一辆小轿车发生碰撞，医疗费和误工费赔偿未谈妥。",
    "property_management": "小区物业服务不到位，业主拒交物业费，物业公司催收。",
    "intellectual_property": "本地特产商标被他人在网店上使用，要求停止使用并赔偿。",
    "contract": "购买的农机具质量有问题，卖方不同意退换。",
    "damages": "对方饲养的狗咬伤了孩子，医药费如何承担有争议。",
    "other": "因红白喜事借用场地和物品产生纠纷。",
}
