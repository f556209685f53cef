"""/api/v1/mediators and /api/v1/studios: profiles, declared relations, studios."""

from flask_smorest import Blueprint
from marshmallow import Schema, fields
from sqlalchemy import select

from mediation.accounts.models import Role
from mediation.core.auth import api_user, load_api_user, require_roles
from mediation.extensions import db
from mediation.mediators import operations, views
from mediation.mediators.assignment import scoped_mediator_ids
from mediation.mediators.models import Mediator, Studio
from mediation.mediators.schemas import (
    MediatorOutSchema,
    MediatorUpdateSchema,
    MemberInSchema,
    RelationInSchema,
    RelationOutSchema,
    StudioOutSchema,
)

blp = Blueprint("api_mediators", __name__, url_prefix="", description="Mediators and studios")
blp.before_request(load_api_user)
SECURITY = [{"bearerAuth": []}]
STAFF = (Role.COORDINATOR, Role.ADMIN)


class StudioRecordOutSchema(Schema):
    cases = fields.Integer()
    settled = fields.Integer()
    ended = fields.Integer()
    settlement_rate = fields.Float(allow_none=True, metadata={"description": "Percent"})
    surveys = fields.Integer()
    satisfaction = fields.Float(allow_none=True, metadata={"description": "Mean score, 1 to 5"})


@blp.route("/mediators", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, MediatorOutSchema(many=True))
def list_mediators():
    """List the mediators of your organisation tree (coordinators and admins)."""
    user = api_user()
    require_roles(user, *STAFF)
    ids = scoped_mediator_ids(user)
    query = select(Mediator).order_by(Mediator.id)
    if ids is not None:
        query = query.where(Mediator.id.in_(ids))
    return db.session.scalars(query).all()


@blp.route("/mediators/<int:mediator_id>", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, MediatorOutSchema)
def read_mediator(mediator_id: int):
    """Read a profile: your own, or one of your organisation tree."""
    return operations.editable_mediator(mediator_id, api_user())


@blp.route("/mediators/<int:mediator_id>", methods=["PATCH"])
@blp.doc(security=SECURITY)
@blp.arguments(MediatorUpdateSchema)
@blp.response(200, MediatorOutSchema)
def update_mediator(data: dict, mediator_id: int):
    """Change a profile; mediators change their own skills, coordinators the rest too."""
    user = api_user()
    mediator = operations.update_mediator(
        operations.editable_mediator(mediator_id, user), data, user
    )
    db.session.commit()
    return mediator


@blp.route("/mediators/<int:mediator_id>/relations", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, RelationOutSchema(many=True))
def list_relations(mediator_id: int):
    """Declared relations: the mediator and their coordinators only, never parties."""
    return operations.editable_mediator(mediator_id, api_user()).relations


@blp.route("/mediators/<int:mediator_id>/relations", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(RelationInSchema)
@blp.response(201, RelationOutSchema)
def add_relation(data: dict, mediator_id: int):
    """Declare a relative (name with mobile or ID) or an organisation of interest."""
    user = api_user()
    relation = operations.add_relation(operations.editable_mediator(mediator_id, user), data, user)
    db.session.commit()
    return relation


@blp.route("/mediators/<int:mediator_id>/relations/<int:relation_id>", methods=["DELETE"])
@blp.doc(security=SECURITY)
@blp.response(204)
def remove_relation(mediator_id: int, relation_id: int):
    """Remove a declared relation."""
    user = api_user()
    operations.remove_relation(operations.editable_mediator(mediator_id, user), relation_id, user)
    db.session.commit()


@blp.route("/studios", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, StudioOutSchema(many=True))
def list_studios():
    """The active brand studios."""
    return db.session.scalars(select(Studio).where(Studio.active).order_by(Studio.id)).all()


@blp.route("/studios/<int:studio_id>", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, StudioOutSchema)
def read_studio(studio_id: int):
    """One studio with its team."""
    return operations.find_studio(studio_id)


@blp.route("/studios/<int:studio_id>/record", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, StudioRecordOutSchema)
def studio_record(studio_id: int):
    """The studio's record: cases, settled, settlement rate (percent, or null before outcomes)."""
    return views.studio_record(operations.find_studio(studio_id))


@blp.route("/studios/<int:studio_id>/members", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(MemberInSchema)
@blp.response(201, StudioOutSchema)
def add_member(data: dict, studio_id: int):
    """Add a mediator of your organisation tree to a studio's team."""
    user = api_user()
    require_roles(user, *STAFF)
    studio = operations.find_studio(studio_id)
    operations.add_studio_member(studio, data["mediator_id"], user)
    db.session.commit()
    return studio


@blp.route("/studios/<int:studio_id>/members/<int:mediator_id>", methods=["DELETE"])
@blp.doc(security=SECURITY)
@blp.response(200, StudioOutSchema)
def remove_member(studio_id: int, mediator_id: int):
    """Take a mediator out of a studio's team (not its lead: 409 studio_lead)."""
    user = api_user()
    require_roles(user, *STAFF)
    studio = operations.find_studio(studio_id)
    operations.remove_studio_member(studio, mediator_id, user)
    db.session.commit()
    return studio
