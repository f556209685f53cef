"""Where zone rules come from: the pinned tzdata package, never the system's zone files.

Imported first by the `mediation` package, so the web app, the CLI (the scheduler process
included) and wsgi.py all build their zones from the same data, whatever the machine ships.
"""

import zoneinfo

import tzdata


def use_packaged_zones() -> None:
    """Make zoneinfo read the tzdata package only, and forget zones built from other files."""
    # An empty search path makes zoneinfo fall back to the tzdata package for every key.
    zoneinfo.reset_tzpath(to=[])
    zoneinfo.ZoneInfo.clear_cache()


def zone_data_version() -> str:
    """Return the IANA release the zones come from, e.g. 2026f."""
    return tzdata.IANA_VERSION
