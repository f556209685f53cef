"""Zone rules come from the pinned tzdata package, in every process, never the system's files."""

import subprocess
import sys
import zoneinfo
from datetime import UTC, datetime, timedelta
from pathlib import Path

import tzdata

from mediation.core.zones import zone_data_version

# 2026f and the system's 2025b disagree here: Vancouver stays on UTC-7 through the winter.
VANCOUVER_WINTER = datetime(2026, 12, 15, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


def test_vancouver_is_seven_hours_behind_utc_in_december_2026():
    offset = VANCOUVER_WINTER.astimezone(zoneinfo.ZoneInfo("America/Vancouver")).utcoffset()
    assert offset == timedelta(hours=-7)


def test_zoneinfo_searches_no_system_directory():
    assert zoneinfo.TZPATH == ()


def test_the_zone_data_version_is_the_tzdata_package_release():
    assert zone_data_version() == tzdata.IANA_VERSION


def test_the_scheduler_and_wsgi_modules_read_the_packaged_zones_in_a_fresh_process():
    # Build a zone before the app is imported, as a library might, to show its cache is cleared.
    script = (
        "import zoneinfo, datetime as d\n"
        "zoneinfo.ZoneInfo('America/Vancouver')\n"
        "import mediation.core.scheduler, mediation.core.cli\n"
        "at = d.datetime(2026, 12, 15, 12, tzinfo=d.UTC)\n"
        "print(at.astimezone(zoneinfo.ZoneInfo('America/Vancouver')).utcoffset())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "-1 day, 17:00:00"
