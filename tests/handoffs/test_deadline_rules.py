"""Deadline rules: the defaults come from code; a county's rows are its own changes."""

import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from mediation.accounts.models import Role
from mediation.extensions import db
from mediation.handoffs import operations
from mediation.handoffs.agencies import DeadlineRule
from mediation.handoffs.clock import Rule
from mediation.handoffs.deadline_rules import DEFAULT_RULES, county_rules, effective_rule
from mediation.handoffs.labels import REFERRAL_TYPES
from mediation.handoffs.timeline import local_today


def test_every_referral_type_has_a_default_in_the_order_of_the_labels():
    assert list(DEFAULT_RULES) == list(REFERRAL_TYPES)


def test_the_court_terms_are_the_statutory_ones():
    # Court terms roll over a last day on a holiday (民事诉讼法 art. 85).
    assert DEFAULT_RULES["court_delegated"] == Rule(30, rolls_over=True)
    assert DEFAULT_RULES["court_entrusted_ordinary"] == Rule(15, rolls_over=True)
    assert DEFAULT_RULES["court_entrusted_simple"] == Rule(7, rolls_over=True)


def test_the_most_specific_rule_set_wins_and_the_default_fills_in():
    assert effective_rule("police", [None, Rule(10, True), Rule(20)]) == Rule(10, True)
    assert effective_rule("police", [None, None]) == DEFAULT_RULES["police"]
    assert effective_rule("teleport", [None]) is None


def test_the_county_list_marks_which_rules_are_defaults():
    listed = {r.referral_type: (r.rule, r.is_default) for r in county_rules({"police": Rule(9)})}
    assert listed["police"] == (Rule(9), False)
    assert listed["petition"] == (DEFAULT_RULES["petition"], True)
    assert list(listed) == list(DEFAULT_RULES)


def test_a_database_built_by_the_migrations_holds_no_rules(app):
    assert db.session.scalar(select(func.count()).select_from(DeadlineRule)) == 0


@pytest.mark.parametrize("referral_type", sorted(DEFAULT_RULES))
def test_without_any_row_the_default_applies(create_agency, referral_type):
    assert (
        operations.rule_for(create_agency("court"), referral_type) == (DEFAULT_RULES[referral_type])
    )


def test_a_county_rule_overrides_the_default(create_agency, create_user):
    admin = create_user(Role.ADMIN)
    operations.set_rule(None, "police", 20, True, admin)
    assert operations.rule_for(create_agency("police"), "police") == Rule(20, True)


def test_an_agency_rule_beats_its_court_and_the_county(create_agency, create_user):
    admin = create_user(Role.ADMIN)
    court = create_agency("court")
    tribunal = create_agency("tribunal", parent_id=court.id)
    operations.set_rule(None, "court_delegated", 25, False, admin)
    operations.set_rule(court.id, "court_delegated", 20, False, admin)
    assert operations.rule_for(tribunal, "court_delegated") == Rule(20)
    operations.set_rule(tribunal.id, "court_delegated", 10, True, admin)
    assert operations.rule_for(tribunal, "court_delegated") == Rule(10, True)
    assert operations.rule_for(create_agency("court"), "court_delegated") == Rule(25)


def test_sign_for_takes_the_county_rule_over_the_default(create_referral, coordinator, create_user):
    operations.set_rule(None, "court_delegated", 12, False, create_user(Role.ADMIN))
    handoff = create_referral(signed_on=local_today(), referral_type="court_delegated")
    assert handoff.rule_days == 12


def test_the_admin_page_lists_every_referral_type_with_its_rule(
    client, login, create_user, create_agency
):
    admin = create_user(Role.ADMIN)
    operations.set_rule(None, "petition", 21, True, admin)
    operations.set_rule(create_agency("police", "童家派出所").id, "police", 10, True, admin)
    login(admin)
    page = client.get("/handoffs/admin").get_data(as_text=True)
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    assert table.count("<tr>") == len(DEFAULT_RULES) + 1
    assert table.count("系统默认") == len(DEFAULT_RULES) - 1  # built-in default
    assert "<td>21</td><td>个工作日</td><td>本县设定</td>" in table  # set by the county
    assert "童家派出所" in table


RULE_OF_A_NEW_COURT = """
from mediation import create_app
from mediation.extensions import db
from mediation.handoffs.agencies import Agency
from mediation.handoffs.operations import rule_for

with create_app().app_context():
    court = Agency(name="乐至县人民法院", kind="court")
    db.session.add(court)
    db.session.flush()
    print(rule_for(court, "court_entrusted_simple").days)
"""


def _run(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _env(path) -> dict:
    return {"DATABASE_URL": f"sqlite:///{path}", "FLASK_APP": "wsgi", "PATH": ""}


def test_a_fresh_database_from_flask_db_upgrade_has_working_defaults(tmp_path):
    env = _env(tmp_path / "fresh.sqlite3")
    _run(env, "-m", "flask", "db", "upgrade")
    assert _run(env, "-c", RULE_OF_A_NEW_COURT).strip() == "7"


@pytest.mark.slow
def test_upgrading_drops_the_untouched_0006_rows_and_keeps_the_county_changes(tmp_path):
    path = tmp_path / "old.sqlite3"
    env = _env(path)
    _run(env, "-m", "flask", "db", "upgrade", "0016")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE deadline_rules SET days = 9 WHERE referral_type = 'police'")
        connection.execute("UPDATE deadline_rules SET updated_by_id = 1 WHERE days = 9")
    _run(env, "-m", "flask", "db", "upgrade")
    with sqlite3.connect(path) as connection:
        kept = connection.execute("SELECT referral_type, days FROM deadline_rules").fetchall()
    assert kept == [("police", 9)]
    assert _run(env, "-c", RULE_OF_A_NEW_COURT).strip() == "7"
    _run(env, "-m", "flask", "db", "downgrade", "0016")
    with sqlite3.connect(path) as connection:
        back = dict(connection.execute("SELECT referral_type, days FROM deadline_rules"))
    assert back == {**{kind: rule.days for kind, rule in DEFAULT_RULES.items()}, "police": 9}
