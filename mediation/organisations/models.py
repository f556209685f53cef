"""Organisations: county centre, township stations, village rooms, professional committees."""

from enum import StrEnum

from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mediation.extensions import db


class OrgKind(StrEnum):
    CENTRE = "centre"  # 公共法律服务中心
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

    parent: Mapped["Organisation | None"] = relationship(
        remote_side="Organisation.id", back_populates="children"
    )
    children: Mapped[list["Organisation"]] = relationship(
        back_populates="parent", order_by="Organisation.id"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.kind} {self.name}>"


def subtree_ids(root_id: int) -> list[int]:
    """Return the ids of an organisation and everything below it."""
    rows = db.session.execute(select(Organisation.id, Organisation.parent_id)).all()
    children: dict[int | None, list[int]] = {}
    for org_id, parent_id in rows:
        children.setdefault(parent_id, []).append(org_id)
    found, stack = [], [root_id]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(children.get(current, []))
    return found


def townships() -> list[Organisation]:
    """Return the township stations, which stand for the county's townships."""
    query = (
        select(Organisation).where(Organisation.kind == OrgKind.STATION).order_by(Organisation.id)
    )
    return list(db.session.scalars(query))


def villages_of(station_id: int) -> list[Organisation]:
    query = (
        select(Organisation)
        .where(Organisation.parent_id == station_id, Organisation.kind == OrgKind.VILLAGE_ROOM)
        .order_by(Organisation.id)
    )
    return list(db.session.scalars(query))
