"""Each lower layer's hooks have their subscribers once the app is built, and do without them."""

import tomllib
from pathlib import Path

import pytest

from mediation import HOOK_MODULES
from mediation.accounts import hooks as account_hooks
from mediation.core.errors import NotFound
from mediation.disputes import hooks as dispute_hooks
from mediation.mediators import hooks as mediator_hooks
from mediation.outcomes import hooks as outcome_hooks
from mediation.scheduling import hooks as scheduling_hooks
from mediation.video import hooks as video_hooks

HOOKS = (account_hooks, dispute_hooks, mediator_hooks, outcome_hooks, scheduling_hooks, video_hooks)


def subscriber_lists(module) -> dict[str, list]:
    return {
        name: value
        for name, value in vars(module).items()
        if name.startswith("_") and isinstance(value, list)
    }


def test_every_hook_has_a_subscriber_once_the_app_is_built(app):
    empty = [
        f"{module.__name__}.{name}"
        for module in HOOKS
        for name, callbacks in subscriber_lists(module).items()
        if not callbacks
    ]
    assert empty == [], "register these in a module listed in mediation.HOOK_MODULES"


def test_the_app_factory_names_each_subscribing_module_once():
    assert len(HOOK_MODULES) == len(set(HOOK_MODULES))


def test_without_subscribers_a_person_claims_nothing_and_has_no_cases(monkeypatch):
    for name in ("_proved", "_names", "_cases"):
        monkeypatch.setattr(account_hooks, name, [])
    assert account_hooks.mobile_proved(object()) == []
    assert account_hooks.name_on_file("13512345678") is None
    assert account_hooks.has_cases(object()) is False


def test_without_subscribers_a_case_page_lists_no_sessions_and_joins_none(app, monkeypatch):
    monkeypatch.setattr(dispute_hooks, "_party_sessions", [])
    monkeypatch.setattr(dispute_hooks, "_party_joins", [])
    assert dispute_hooks.party_sessions(object(), None) == []
    with app.test_request_context(), pytest.raises(NotFound):
        dispute_hooks.party_join_link(object(), 1, None)


def test_without_subscribers_the_case_file_adds_nothing_and_no_one_rated(monkeypatch):
    monkeypatch.setattr(outcome_hooks, "_sections", [])
    monkeypatch.setattr(mediator_hooks, "_satisfaction", [])
    assert outcome_hooks.case_file_sections(object()) == []
    assert mediator_hooks.satisfaction([1, 2]) == (0, 0.0)


def test_a_case_file_section_provider_may_give_one_section_many_or_none(monkeypatch):
    monkeypatch.setattr(outcome_hooks, "_sections", [])
    outcome_hooks.on_case_file_section(lambda dispute: "one")
    outcome_hooks.on_case_file_section(lambda dispute: None)
    outcome_hooks.on_case_file_section(lambda dispute: ["two", "three"])
    assert outcome_hooks.case_file_sections(object()) == ["one", "two", "three"]


def test_no_import_is_ignored_by_the_layer_contracts():
    with open(Path(__file__).parents[2] / "pyproject.toml", "rb") as file:
        settings = tomllib.load(file)["tool"]["importlinter"]
    contracts = settings["contracts"]
    ignored = {c["name"]: c["ignore_imports"] for c in contracts if "ignore_imports" in c}
    assert ignored == {}
    assert not settings.get("exclude_type_checking_imports", False)
