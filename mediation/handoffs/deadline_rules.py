"""How long mediation of each referral type may take: the defaults, and which rule applies.

The defaults live here, in code, and apply wherever the county has set nothing. A county's
deadline_rules rows are its own changes: a rule for one agency beats one for its parent court,
which beats a county-wide rule, which beats the default below.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mediation.handoffs.clock import Rule

DEFAULT_RULES: dict[str, Rule] = {
    # Court-delegated pre-filing mediation (委派调解): 30 days. Supreme People's Court,
    # 《关于人民法院特邀调解的规定》(法释〔2016〕14号) on delegated mediation before filing.
    # Court terms roll over a last day on a holiday to the next working day (民事诉讼法 art. 85).
    "court_delegated": Rule(30, rolls_over=True),
    # Court-entrusted mediation after filing (委托调解): 15 days under the ordinary procedure,
    # 7 under the simple one. Supreme People's Court, 《关于人民法院民事调解工作若干问题的规定》
    # (法释〔2004〕12号) art. 4, and the provisions on specially invited mediation above.
    "court_entrusted_ordinary": Rule(15, rolls_over=True),
    "court_entrusted_simple": Rule(7, rolls_over=True),
    # No national term: local rules of the county (警调对接, 访调对接, 检调对接), as agreed with
    # the police, the petition bureau and the procuratorate; an administrator may change them.
    "police": Rule(15),
    "petition": Rule(30),
    "procuratorate": Rule(30),
}


@dataclass(frozen=True)
class EffectiveRule:
    """The rule a referral type runs on, and whether it is the code's default."""

    referral_type: str
    rule: Rule
    is_default: bool


def effective_rule(referral_type: str, set_rules: Iterable[Rule | None]) -> Rule | None:
    """Return the first rule set, most specific first, else the default (None: no rule at all)."""
    for rule in set_rules:
        if rule is not None:
            return rule
    return DEFAULT_RULES.get(referral_type)


def county_rules(county_set: Mapping[str, Rule]) -> list[EffectiveRule]:
    """List every referral type with its county-wide rule: the county's own or the default."""
    return [
        EffectiveRule(kind, county_set.get(kind, default), kind not in county_set)
        for kind, default in DEFAULT_RULES.items()
    ]
