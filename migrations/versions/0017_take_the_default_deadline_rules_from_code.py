"""take the default deadline rules from code

Revision 0006 wrote the default deadline rules into deadline_rules. The defaults now live in
code (mediation/handoffs/deadline_rules.py) and apply wherever the county set no rule, so the
table holds only the county's own changes. This removes the county-wide rows 0006 wrote that
nobody has changed since (no updated_by, the values as written); a rule an administrator set
stays. The clocks read the same terms as before.

Downgrading writes the 0006 defaults back for every referral type without a county-wide rule,
as the code before this revision needs a row for each. The values are a copy frozen here, as a
migration must not read the application's code.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01 16:40:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

# (referral type, days, working days) as revision 0006 wrote them.
WRITTEN_BY_0006 = (
    ("court_delegated", 30, False),
    ("court_entrusted_ordinary", 15, False),
    ("court_entrusted_simple", 7, False),
    ("police", 15, False),
    ("petition", 30, False),
    ("procuratorate", 30, False),
)


def upgrade():
    remove_untouched = sa.text(
        "DELETE FROM deadline_rules WHERE agency_id IS NULL AND updated_by_id IS NULL"
        " AND referral_type = :kind AND days = :days AND working_days = :working"
    )
    for kind, days, working in WRITTEN_BY_0006:
        op.get_bind().execute(remove_untouched, {"kind": kind, "days": days, "working": working})


def downgrade():
    rules = sa.table(
        "deadline_rules",
        sa.column("agency_id", sa.Integer),
        sa.column("referral_type", sa.String),
        sa.column("days", sa.Integer),
        sa.column("working_days", sa.Boolean),
        sa.column("updated_at", sa.DateTime(timezone=True)),
    )
    county_wide = sa.select(rules.c.referral_type).where(rules.c.agency_id.is_(None))
    already_set = set(op.get_bind().scalars(county_wide))
    now = datetime.now(UTC)
    missing = [
        {
            "agency_id": None,
            "referral_type": kind,
            "days": days,
            "working_days": working,
            "updated_at": now,
        }
        for kind, days, working in WRITTEN_BY_0006
        if kind not in already_set
    ]
    if missing:
        op.bulk_insert(rules, missing)
