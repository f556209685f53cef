"""Write Lezhi county's 2020 history as import files: mediators, the caseload, the screenings.

Deterministic (seeded): the same command writes the same files. The caseload has 1,880 cases
accepted in 2020 over the 21 townships, 1,861 of them settled; the screenings file has 4,086
screening runs that found 1,172 disputes and prevented 797 (the county's 2020 figures).

    .venv/bin/python scripts/make_2020_caseload.py --out instance/imports-2020
"""

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mediation.core.exports import Sheet, to_xlsx  # noqa: E402
from mediation.demo.data import TOWNSHIPS  # noqa: E402
from mediation.imports.columns import COLUMNS, VOCABULARIES, Kind  # noqa: E402

SEED = 2020
# Shares of the caseload by category, as a county's people's mediation sees them.
CATEGORY_WEIGHTS = {
    "neighbour": 25,
    "marriage_family": 22,
    "housing_land": 12,
    "land_contract": 10,
    "damages": 9,
    "contract": 7,
    "labour": 5,
    "traffic": 5,
    "medical": 2,
    "property_management": 1,
    "other": 2,
}
CHANNEL_WEIGHTS = {"walk_in": 55, "screening": 25, "hotline": 12, "referral": 8}
SURNAMES = "王李张刘陈杨黄赵周吴徐孙马胡朱郭何罗高林"
GIVEN = "明华英秀兰军伟芳强敏静丽勇艳杰娟涛超霞平刚桂"
MEDIATORS_PER_TOWNSHIP = 3
DESCRIPTIONS = {
    "neighbour": "相邻通行、排水引发争执",
    "marriage_family": "婚后家庭矛盾，赡养、抚养费用有争议",
    "housing_land": "宅基地界址不清，建房发生纠纷",
    "land_contract": "承包地流转费用未按约支付",
    "damages": "饲养的家禽损毁邻居庄稼，赔偿有争议",
    "contract": "买卖合同货款拖欠",
    "labour": "务工人员工资被拖欠",
    "traffic": "农村道路上两车相撞，赔偿有争议",
    "medical": "在乡镇卫生院治疗后对费用有异议",
    "property_management": "小区物业费与服务质量争议",
    "other": "其他民间纠纷",
}


def word(vocabulary: str, key: str) -> str:
    """The Chinese word the templates use for a key."""
    return VOCABULARIES[vocabulary][key][0]


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def mediator_mobile(township: int, n: int) -> str:
    return f"1380{township:03d}{n:04d}"


def mediator_rows(seed: int = SEED) -> list[list]:
    rng = random.Random(seed)  # noqa: S311 (a seeded sample, not a secret)
    rows = []
    for t, town in enumerate(TOWNSHIPS, start=1):
        for n in range(1, MEDIATORS_PER_TOWNSHIP + 1):
            specialties = rng.sample(list(CATEGORY_WEIGHTS), 2)
            rows.append(
                [
                    person(rng),
                    mediator_mobile(t, n),
                    town,
                    "专职" if n == 1 else "兼职",
                    "是" if n == 1 and t % 5 == 0 else "否",
                    "、".join(word("category", s) for s in specialties),
                    "普通话、四川话",
                    10 if n == 1 else 6,
                ]
            )
    return rows


def _weighted(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def case_rows(count: int = 1880, settled: int = 1861, year: int = 2020, seed: int = SEED):
    """`count` concluded cases of `year`, `settled` of them settled; the rest mostly not settled.

    Every case is accepted and closed within the year. Of those not settled, one in five was
    withdrawn by the applicant after acceptance (the report counts it as not settled).
    """
    rng = random.Random(seed)  # noqa: S311 (a seeded sample, not a secret)
    first, last = date(year, 1, 2), date(year, 12, 31)
    unsettled = count - settled
    withdrawn = unsettled // 5
    outcomes = (
        ["settled"] * (settled - settled // 30)
        + ["partly_settled"] * (settled // 30)
        + ["withdrawn"] * withdrawn
        + ["not_settled"] * (unsettled - withdrawn)
    )
    rng.shuffle(outcomes)
    rows = []
    for n, outcome in enumerate(outcomes, start=1):
        t = rng.randrange(len(TOWNSHIPS))
        category = _weighted(rng, CATEGORY_WEIGHTS)
        filed = first + timedelta(days=rng.randrange((last - first).days - 2))
        closed = min(filed + timedelta(days=rng.choice((1, 2, 3, 5, 7, 10, 14, 20, 28))), last)
        settles = outcome in ("settled", "partly_settled")
        agreement = ("oral" if rng.random() < 0.3 else "written") if settles else "none"
        amount = rng.choice((0, 500, 1200, 3000, 5000, 8000, 20000, 50000)) if settles else ""
        mediator = mediator_mobile(t + 1, rng.randint(1, MEDIATORS_PER_TOWNSHIP))
        rows.append(
            [
                f"{year}-{t + 1:02d}-{n:05d}",
                TOWNSHIPS[t],
                "",
                word("category", category),
                word("channel", _weighted(rng, CHANNEL_WEIGHTS)),
                DESCRIPTIONS[category],
                amount,
                filed.isoformat(),
                closed.isoformat(),
                word("outcome", outcome),
                word("agreement", agreement),
                mediator,
                person(rng),
                f"139{rng.randrange(10**8):08d}" if rng.random() < 0.6 else "",
                person(rng),
                "",
            ]
        )
    return rows


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """Split a total into `parts` whole numbers near random shares (largest remainder)."""
    weights = [rng.uniform(0.5, 1.5) for _ in range(parts)]
    shares = [total * w / sum(weights) for w in weights]
    counts = [int(s) for s in shares]
    for i in sorted(range(parts), key=lambda i: counts[i] - shares[i])[: total - sum(counts)]:
        counts[i] += 1
    return counts


def screening_rows(year: int = 2020, runs=4086, found=1172, prevented=797, seed: int = SEED):
    """One row per township and month whose figures add up to the year's totals."""
    rng = random.Random(seed + 1)  # noqa: S311 (a seeded sample, not a secret)
    places = [(town, month) for town in TOWNSHIPS for month in range(1, 13)]
    columns = [_split(total, len(places), rng) for total in (runs, found, prevented)]
    return [
        [town, "", f"{year}-{month:02d}", r, f, p]
        for (town, month), r, f, p in zip(places, *columns, strict=True)
    ]


def workbook(kind: Kind, rows: list[list]) -> bytes:
    return to_xlsx([Sheet("数据", rows, header=[c.header for c in COLUMNS[kind]])])


def write_files(out: Path, seed: int = SEED) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "mediators": (Kind.MEDIATORS, mediator_rows(seed)),
        "cases-2020": (Kind.CASES, case_rows(seed=seed)),
        "screenings-2020": (Kind.SCREENINGS, screening_rows(seed=seed)),
    }
    written = {}
    for name, (kind, rows) in files.items():
        path = out / f"{name}.xlsx"
        path.write_bytes(workbook(kind, rows))
        written[name] = path
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("instance/imports-2020"))
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    for name, path in write_files(args.out, args.seed).items():
        print(f"{name}: {path}")


if __name__ == "__main__":
    main()
