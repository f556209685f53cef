"""The assignment engine: snapshots in, ranked candidates with explanations out.

Pure Python, no Flask and no database session. Candidates are looked up in an index by
(category, township) instead of scoring every mediator for every dispute: a dispute is only
ever compared with the mediators who may legally take it (same township or county level, with
the specialty), so ranking costs O(k) for k such mediators and a batch of n disputes costs
O(n * k) after an O(m * s) index of m mediators with s specialties each.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

# Categories where an experienced (gold-medal) mediator counts for more.
HARD_CATEGORIES = frozenset(
    {"medical", "land_contract", "housing_land", "labour", "traffic", "intellectual_property"}
)
COUNTY = 0  # the township key of county-level mediators (centre, professional committees)

# Points per factor; the page shows them next to each candidate.
SPECIALTY = 30
SAME_VILLAGE = 20
SAME_TOWNSHIP = 12
COUNTY_LEVEL = 4
LOAD = 20  # full marks when idle, none when one case short of capacity
REQUESTED_MEDIATOR = 40
JOINT_CHOICE = 60  # both parties named this mediator (art. 19: the parties choose)
REQUESTED_STUDIO = 25
LANGUAGE = 10
GOLD_MEDAL = 8
RECENT_DECLINE = -5
RECENT_DECLINE_FLOOR = -15


@dataclass(frozen=True)
class PartySnapshot:
    name: str
    mobile: str
    resident_id: str | None = None
    user_id: int | None = None


@dataclass(frozen=True)
class RelationSnapshot:
    """A declared relation: a person (name with mobile or ID) or an organisation (name)."""

    name: str
    mobile: str | None = None
    resident_id: str | None = None
    organisation: bool = False


@dataclass(frozen=True)
class MediatorSnapshot:
    id: int
    township_id: int | None  # None: county level, reachable from every township
    village_id: int | None = None
    specialties: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()
    capacity: int = 10
    load: int = 0
    active: bool = True
    gold_medal: bool = False
    recent_declines: int = 0
    studio_ids: frozenset[int] = frozenset()
    user_id: int | None = None
    mobile: str | None = None
    relations: tuple[RelationSnapshot, ...] = ()


@dataclass(frozen=True)
class DisputeSnapshot:
    id: int
    category: str
    township_id: int
    village_id: int | None = None
    filed_at: datetime | None = None
    preferred_language: str | None = None
    preferred_mediator_id: int | None = None
    preferred_studio_id: int | None = None
    # The mediator every party named (the applicant at filing or later, the respondent since).
    joint_mediator_id: int | None = None
    parties: tuple[PartySnapshot, ...] = ()
    # Mediators recused, who declined, or who disclosed a conflict here, without both
    # parties' consent to keep them.
    excluded: frozenset[int] = frozenset()
    # Mediators whose conflicts every party has agreed to set aside.
    consented: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Factor:
    """One reason in a candidate's score: a stable code, its points, and values for the text."""

    code: str
    points: float
    params: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Candidate:
    mediator_id: int
    score: float
    factors: tuple[Factor, ...]
    generalist: bool = False


@dataclass(frozen=True)
class Rejection:
    """Why a mediator may not take a dispute (a hard rule), in codes for the edge to translate."""

    mediator_id: int
    rule: str  # inactive, full, conflict, unreachable, specialty


def _person_keys(name: str, mobile: str | None, resident_id: str | None) -> list[tuple]:
    keys = []
    if mobile:
        keys.append(("m", name, mobile))
    if resident_id:
        keys.append(("r", name, resident_id.upper()))
    return keys


def _order(row: tuple) -> tuple:
    """Highest score first; then the lighter relative load; then the lower id."""
    return (-row[0], row[1], row[2])


class Pool:
    """Mediators indexed for fast candidate lookup; loads change as a batch assigns."""

    def __init__(self, mediators: Iterable[MediatorSnapshot]):
        self.mediators: dict[int, MediatorSnapshot] = {}
        self.load: dict[int, int] = {}
        self.by_specialty: dict[tuple[str, int], list[MediatorSnapshot]] = {}
        self.by_township: dict[int, list[MediatorSnapshot]] = {}
        self.rows: dict[tuple[str, int, bool], list[tuple]] = {}
        self.relation_index: dict[tuple, set[int]] = {}
        self.self_index: dict[tuple, set[int]] = {}
        for m in sorted(mediators, key=lambda m: m.id):
            self.mediators[m.id] = m
            self.load[m.id] = m.load
            if not m.active:
                continue
            town = m.township_id or COUNTY
            self.by_township.setdefault(town, []).append(m)
            for specialty in m.specialties:
                self.by_specialty.setdefault((specialty, town), []).append(m)
            for relation in m.relations:
                keys = (
                    [("o", relation.name)]
                    if relation.organisation
                    else _person_keys(relation.name, relation.mobile, relation.resident_id)
                )
                for key in keys:
                    self.relation_index.setdefault(key, set()).add(m.id)
            if m.user_id is not None:
                self.self_index.setdefault(("u", m.user_id), set()).add(m.id)
            if m.mobile:
                self.self_index.setdefault(("mobile", m.mobile), set()).add(m.id)

    def conflicted(self, dispute: DisputeSnapshot) -> set[int]:
        """Return the mediators who may not take this dispute because of a conflict."""
        found = set(dispute.excluded)
        related: set[int] = set()
        for party in dispute.parties:
            # A mediator who is a party is never kept, consent or not.
            found |= self.self_index.get(("u", party.user_id), set())
            found |= self.self_index.get(("mobile", party.mobile), set())
            related |= self.relation_index.get(("o", party.name), set())
            for key in _person_keys(party.name, party.mobile, party.resident_id):
                related |= self.relation_index.get(key, set())
        return found | (related - dispute.consented)

    def check(self, dispute: DisputeSnapshot, mediator_id: int, manual: bool = False) -> str | None:
        """Return the hard rule a mediator breaks for a dispute, or None.

        A coordinator's manual choice may leave the specialty and the township aside (they
        give a reason); activity, capacity and conflicts are never waived.
        """
        m = self.mediators.get(mediator_id)
        if m is None or not m.active:
            return "inactive"
        if self.load[m.id] >= m.capacity:
            return "full"
        if mediator_id in self.conflicted(dispute):
            return "conflict"
        if manual:
            return None
        if m.township_id not in (None, dispute.township_id):
            return "unreachable"
        if dispute.category not in m.specialties and self.has_specialist(dispute):
            return "specialty"
        return None

    def _static(self, m: MediatorSnapshot, category: str, generalist: bool) -> float:
        """Points that depend neither on the dispute's place and wishes nor on the load."""
        points = 0 if generalist else SPECIALTY
        points += COUNTY_LEVEL if m.township_id is None else SAME_TOWNSHIP
        if m.gold_medal and category in HARD_CATEGORIES:
            points += GOLD_MEDAL
        if m.recent_declines:
            points += max(RECENT_DECLINE * m.recent_declines, RECENT_DECLINE_FLOOR)
        return points

    def _row(self, m: MediatorSnapshot, category: str, generalist: bool) -> tuple:
        static = self._static(m, category, generalist)
        village = m.village_id if m.township_id is not None else None
        return (m.id, static, m.capacity, village, m.languages, m.studio_ids)

    def _rows_for(self, category: str, town: int, generalist: bool) -> list[tuple]:
        """Return the cached scoring rows of one pool (specialists, or everyone in a town)."""
        key = (category, town, generalist)
        rows = self.rows.get(key)
        if rows is None:
            pool = (
                self.by_township.get(town, [])
                if generalist
                else self.by_specialty.get((category, town), [])
            )
            rows = self.rows[key] = [self._row(m, category, generalist) for m in pool]
        return rows

    def _drop_full(self, keys: list[tuple]) -> None:
        """Remove mediators at capacity from cached pools; loads only grow within a Pool."""
        load = self.load
        for key in keys:
            self.rows[key] = [row for row in self.rows[key] if load[row[0]] < row[2]]

    def _scored(self, dispute: DisputeSnapshot, generalist: bool) -> list[tuple]:
        """Return (score, relative load, id) of every eligible mediator, unsorted."""
        category, town = dispute.category, dispute.township_id
        keys = [(category, town, generalist)]
        if town != COUNTY:
            keys.append((category, COUNTY, generalist))
        rows = [row for key in keys for row in self._rows_for(key[0], key[1], generalist)]
        conflicted = self.conflicted(dispute)
        load = self.load
        village = dispute.village_id if dispute.village_id is not None else -1
        language = dispute.preferred_language
        wanted = dispute.preferred_mediator_id
        joint = dispute.joint_mediator_id
        studio = dispute.preferred_studio_id
        scored = []
        full = 0
        for mid, static, capacity, m_village, languages, studios in rows:
            used = load[mid]
            if used >= capacity:
                full += 1
                continue
            if mid in conflicted:
                continue
            points = static + LOAD * (capacity - used) / capacity
            if m_village == village:
                points += SAME_VILLAGE
            if language is not None and language in languages:
                points += LANGUAGE
            if mid == joint:
                points += JOINT_CHOICE
            elif mid == wanted:
                points += REQUESTED_MEDIATOR
            if studio is not None and studio in studios:
                points += REQUESTED_STUDIO
            scored.append((points, used / capacity, mid))
        if full:
            # Each full mediator leaves the cached pool once, so a batch does not rescan them.
            self._drop_full(keys)
        return scored

    def _eligible(self, dispute: DisputeSnapshot) -> tuple[list[tuple], bool]:
        """Score the specialists; fall back to generalists only when no specialist is eligible."""
        scored = self._scored(dispute, generalist=False)
        if scored:
            return scored, False
        return self._scored(dispute, generalist=True), True

    def has_specialist(self, dispute: DisputeSnapshot) -> bool:
        return bool(self._scored(dispute, generalist=False))

    def explain(self, dispute: DisputeSnapshot, m: MediatorSnapshot, generalist: bool) -> Candidate:
        """Explain one eligible mediator's score factor by factor."""
        factors = [
            Factor("generalist", 0, {"category": dispute.category})
            if generalist
            else Factor("specialty", SPECIALTY, {"category": dispute.category})
        ]
        if m.township_id is None:
            factors.append(Factor("county_level", COUNTY_LEVEL))
        else:
            factors.append(Factor("same_township", SAME_TOWNSHIP))
            if dispute.village_id is not None and m.village_id == dispute.village_id:
                factors.append(Factor("same_village", SAME_VILLAGE))
        used = self.load[m.id]
        load_points = round(LOAD * (m.capacity - used) / m.capacity, 2)
        factors.append(Factor("load", load_points, {"load": used, "capacity": m.capacity}))
        if dispute.joint_mediator_id == m.id:
            factors.append(Factor("joint_choice", JOINT_CHOICE))
        elif dispute.preferred_mediator_id == m.id:
            factors.append(Factor("requested_mediator", REQUESTED_MEDIATOR))
        if dispute.preferred_studio_id is not None and dispute.preferred_studio_id in m.studio_ids:
            factors.append(Factor("requested_studio", REQUESTED_STUDIO))
        if dispute.preferred_language:
            spoken = dispute.preferred_language in m.languages
            code, points = ("language", LANGUAGE) if spoken else ("no_language", 0)
            factors.append(Factor(code, points, {"language": dispute.preferred_language}))
        if m.gold_medal and dispute.category in HARD_CATEGORIES:
            factors.append(Factor("gold_medal", GOLD_MEDAL))
        if m.recent_declines:
            points = max(RECENT_DECLINE * m.recent_declines, RECENT_DECLINE_FLOOR)
            factors.append(Factor("recent_declines", points, {"count": m.recent_declines}))
        total = round(sum(f.points for f in factors), 2)
        return Candidate(m.id, total, tuple(factors), generalist)

    def rank(self, dispute: DisputeSnapshot, limit: int | None = None) -> list[Candidate]:
        """Rank every eligible mediator for one dispute, best first, with explanations."""
        scored, generalist = self._eligible(dispute)
        scored.sort(key=_order)
        chosen = scored if limit is None else scored[:limit]
        return [self.explain(dispute, self.mediators[mid], generalist) for _, _, mid in chosen]

    def best(self, dispute: DisputeSnapshot) -> Candidate | None:
        """Return the single best candidate, or None when nobody may take the dispute."""
        scored, generalist = self._eligible(dispute)
        if not scored:
            return None
        _, _, mid = min(scored, key=_order)
        return self.explain(dispute, self.mediators[mid], generalist)

    def take(self, mediator_id: int) -> None:
        """Count one more active case for a mediator."""
        self.load[mediator_id] += 1


def rank_candidates(
    dispute: DisputeSnapshot, mediators: Iterable[MediatorSnapshot], limit: int | None = None
) -> list[Candidate]:
    """Rank the mediators who may take a dispute, best first."""
    return Pool(mediators).rank(dispute, limit)


def assign_batch(
    disputes: Sequence[DisputeSnapshot], mediators: Iterable[MediatorSnapshot]
) -> dict[int, Candidate | None]:
    """Choose a mediator for each dispute, oldest first, counting each choice against capacity."""
    pool = Pool(mediators)
    order = sorted(disputes, key=lambda d: (d.filed_at is None, d.filed_at or 0, d.id))
    chosen: dict[int, Candidate | None] = {}
    for dispute in order:
        candidate = pool.best(dispute)
        if candidate is not None:
            pool.take(candidate.mediator_id)
        chosen[dispute.id] = candidate
    return chosen
