"""Batch-assign a province-sized queue with the pure engine; print wall time and peak memory.

Run: .venv/bin/python bench/assign.py
"""

import random
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mediation.mediators.engine import (  # noqa: E402
    DisputeSnapshot,
    MediatorSnapshot,
    PartySnapshot,
    RelationSnapshot,
    assign_batch,
)

CATEGORIES = (
    "marriage_family neighbour housing_land land_contract labour medical traffic "
    "property_management intellectual_property contract damages other"
).split()
LANGUAGES = ("putonghua", "sichuanese", "yi", "tibetan")
TOWNSHIPS = 21
VILLAGES_PER_TOWNSHIP = 15
MEDIATORS = 3000
DISPUTES = 10000


def village_of(rng: random.Random, township: int) -> int:
    return township * 100 + rng.randrange(VILLAGES_PER_TOWNSHIP)


def build_mediators(rng: random.Random) -> list[MediatorSnapshot]:
    mediators = []
    for index in range(1, MEDIATORS + 1):
        county = rng.random() < 0.1
        township = None if county else rng.randrange(1, TOWNSHIPS + 1)
        relations = tuple(
            RelationSnapshot(f"亲属{rng.randrange(5000)}", f"135{rng.randrange(10**8):08d}")
            for _ in range(rng.randrange(3))
        )
        mediators.append(
            MediatorSnapshot(
                id=index,
                township_id=township,
                village_id=None if county or rng.random() < 0.3 else village_of(rng, township),
                specialties=frozenset(rng.sample(CATEGORIES, rng.randint(2, 4))),
                languages=frozenset(rng.sample(LANGUAGES, rng.randint(1, 2))),
                capacity=rng.choice((5, 10, 15)),
                load=rng.randrange(4),
                active=rng.random() > 0.03,
                gold_medal=rng.random() < 0.05,
                recent_declines=rng.choice((0, 0, 0, 1, 2)),
                studio_ids=frozenset({index % 50}) if index % 7 == 0 else frozenset(),
                user_id=index,
                mobile=f"137{index:08d}",
                relations=relations,
            )
        )
    return mediators


def build_disputes(rng: random.Random, count: int) -> list[DisputeSnapshot]:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    disputes = []
    for index in range(1, count + 1):
        township = rng.randrange(1, TOWNSHIPS + 1)
        parties = (
            PartySnapshot(f"亲属{rng.randrange(5000)}", f"135{rng.randrange(10**8):08d}"),
            PartySnapshot(f"当事人{index}", f"158{index:08d}"),
        )
        disputes.append(
            DisputeSnapshot(
                id=index,
                category=rng.choice(CATEGORIES),
                township_id=township,
                village_id=village_of(rng, township),
                filed_at=start + timedelta(minutes=rng.randrange(500000)),
                preferred_language=rng.choice((None, None, None, *LANGUAGES)),
                preferred_mediator_id=rng.randrange(1, MEDIATORS) if index % 40 == 0 else None,
                preferred_studio_id=rng.randrange(50) if index % 25 == 0 else None,
                parties=parties,
                excluded=frozenset({rng.randrange(1, MEDIATORS)})
                if index % 10 == 0
                else frozenset(),
            )
        )
    return disputes


def run(count: int) -> tuple[float, float, float, int, float]:
    rng = random.Random(2020)
    mediators = build_mediators(rng)
    disputes = build_disputes(rng, DISPUTES)[:count]
    tracemalloc.start()
    began = time.perf_counter()
    chosen = assign_batch(disputes, mediators)
    elapsed = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Timing without tracemalloc, which slows allocation-heavy code down; the best of three
    # runs, so other work on the machine disturbs the figure less.
    plain = cpu = float("inf")
    for _ in range(3):
        began, began_cpu = time.perf_counter(), time.process_time()
        assign_batch(disputes, mediators)
        plain = min(plain, time.perf_counter() - began)
        cpu = min(cpu, time.process_time() - began_cpu)
    assigned = sum(1 for c in chosen.values() if c is not None)
    return plain, cpu, peak / 2**20, assigned, elapsed


def main() -> None:
    print(f"{MEDIATORS} mediators, {TOWNSHIPS} townships, {len(CATEGORIES)} categories")
    columns = ("disputes", "wall s", "cpu s", "peak MiB", "assigned", "traced s")
    print(" ".join(f"{c:>9}" for c in columns))
    previous = None
    for count in (2500, 5000, 10000):
        wall, cpu, peak, assigned, traced = run(count)
        ratio = f"  x{wall / previous:.2f} vs half" if previous else ""
        print(
            f"{count:>9} {wall:>8.3f} {cpu:>8.3f} {peak:>9.1f} {assigned:>9} {traced:>9.3f}{ratio}"
        )
        previous = wall


if __name__ == "__main__":
    main()
