"""Organisations: county centre, township stations, village rooms, professional committees."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, LargeBinary, String, UniqueConstraint, select, true
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from mediation.core.db import EveryPlace, UTCDateTime, among, utcnow
from mediation.core.memo import remembered
from mediation.extensions import db


class OrgKind(StrEnum):
    PROVINCE = "province"  # 省 (司法厅): hosts counties, sees their records
    CITY = "city"  # 市 (司法局)
    CENTRE = "centre"  # 县 (区) 公共法律服务中心: one county's root
    STATION = "station"  # 乡镇工作站 (司法所)
    VILLAGE_ROOM = "village_room"  # 村 (社区) 工作室
    COMMITTEE = "committee"  # 行业性专业性调解委员会
    ASSOCIATION = "association"  # 人民调解协会: not a mediation organisation, counted by the plan


class Organisation(db.Model):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    # The township or village the organisation serves (天池镇, 玉峰村); empty for committees.
    area: Mapped[str | None] = mapped_column(String(60))
    # The dispute category a professional committee specialises in.
    category: Mapped[str | None] = mapped_column(String(32))
    # The people's mediation committee (人民调解委员会) this organisation's cases are made in,
    # as it signs agreements (天池镇人民调解委员会); a professional committee is its own name.
    committee_name: Mapped[str | None] = mapped_column(String(120))
    # The committee's own abbreviation in agreement numbers; empty: AGREEMENT_NUMBER_PREFIX.
    number_abbreviation: Mapped[str | None] = mapped_column(String(10))
    # The committee's seal (印章) as a PNG an administrator uploaded.
    seal_png: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))
    seal_sha256: Mapped[str | None] = mapped_column(String(64))
    seal_uploaded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A retired organisation keeps its records but is offered for nothing new.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())

    parent: Mapped["Organisation | None"] = relationship(
        remote_side="Organisation.id", back_populates="children"
    )
    children: Mapped[list["Organisation"]] = relationship(
        back_populates="parent", order_by="Organisation.id"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.kind} {self.name}>"

    @property
    def committee_title(self) -> str | None:
        """Name the people's mediation committee, or None where nobody has set it."""
        if self.committee_name:
            return self.committee_name
        return self.name if self.kind == OrgKind.COMMITTEE else None


class SealHolder(db.Model):
    """A person an administrator authorised to apply one committee's seal."""

    __tablename__ = "seal_holders"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id", name="uq_seal_holders"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def _children() -> dict[int | None, list[int]]:
    rows = db.session.execute(select(Organisation.id, Organisation.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for org_id, parent_id in rows:
        children.setdefault(parent_id, []).append(org_id)
    return children


def subtree_ids(root_id: int) -> list[int]:
    """Return the ids of an organisation and everything below it.

    The tree and each subtree are read once per transaction (mediation.core.memo) while no
    organisation changes. The subtree of the root of the only tree is `EveryPlace`, which
    queries need not filter by.
    """
    found = remembered(f"subtree {root_id}", (Organisation,), lambda: _subtree(root_id))
    children = remembered("organisation tree", (Organisation,), _children)
    if len(found) == sum(len(below) for below in children.values()):
        return EveryPlace(found)
    return list(found)


def _subtree(root_id: int) -> tuple[int, ...]:
    children = remembered("organisation tree", (Organisation,), _children)
    found, stack = [], [root_id]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return tuple(found)


def townships(within: list[int] | None = None) -> list[Organisation]:
    """Return the township stations (those within a scope), which stand for the townships."""
    query = (
        select(Organisation)
        .where(Organisation.kind == OrgKind.STATION, Organisation.active)
        .order_by(Organisation.id)
    )
    if within is not None:
        query = query.where(among(Organisation.id, within))
    return list(db.session.scalars(query))


def villages_of(station_id: int) -> list[Organisation]:
    query = (
        select(Organisation)
        .where(
            Organisation.parent_id == station_id,
            Organisation.kind == OrgKind.VILLAGE_ROOM,
            Organisation.active,
        )
        .order_by(Organisation.id)
    )
    return list(db.session.scalars(query))
