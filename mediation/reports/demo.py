"""Demo screening rounds and hotline calls for the past year, so the dashboard has figures."""

from datetime import timedelta

from mediation.disputes.categories import CATEGORIES
from mediation.reports.operations import record_hotline_call, record_screening

HOTLINE_CALLS_PER_DAY = (1, 4)


def seed(seeder) -> None:
    """Log monthly screening rounds in every township and a year of 12348 calls."""
    today = seeder.now.date()
    for station in seeder.stations:
        villages = seeder.villages[station.area]
        for month in range(12):
            for _ in range(1):
                found = seeder.rng.randint(1, 8)
                record_screening(
                    {
                        "township_id": station.id,
                        "village_id": seeder.rng.choice(villages).id,
                        "held_on": today - timedelta(days=month * 30 + seeder.rng.randint(0, 27)),
                        "runs": seeder.rng.randint(10, 25),
                        "disputes_found": found,
                        "disputes_prevented": seeder.rng.randint(0, found),
                        "notes": "网格员入户走访排查矛盾纠纷。",
                    },
                    seeder.coordinator,
                )
    categories = list(CATEGORIES)
    for day in range(1, 365, 4):
        for _ in range(seeder.rng.randint(*HOTLINE_CALLS_PER_DAY)):
            record_hotline_call(
                {
                    "received_at": seeder.now
                    - timedelta(days=day, hours=seeder.rng.randint(0, 10)),
                    "answered": seeder.rng.random() < 0.94,
                    "township_id": seeder.rng.choice(seeder.stations).id,
                    "category": seeder.rng.choice(categories),
                    "notes": None,
                },
                seeder.coordinator,
            )
