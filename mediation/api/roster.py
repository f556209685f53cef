"""/api/v1 for keeping the roster: new mediators, certificates, training, founding studios."""

from flask_smorest import Blueprint
from marshmallow import fields

from mediation.core.auth import api_user, load_api_user
from mediation.extensions import db
from mediation.mediators import roster_admin, studio_admin
from mediation.mediators.admin_schemas import (
    CertificateInSchema,
    CertificateOutSchema,
    MediatorCreateSchema,
    StudioCreateSchema,
    StudioEditSchema,
    TrainingInSchema,
    TrainingListOutSchema,
    TrainingOutSchema,
)
from mediation.mediators.schemas import MediatorOutSchema, StudioOutSchema

blp = Blueprint("api_roster", __name__, url_prefix="", description="Keeping the roster")
blp.before_request(load_api_user)
SECURITY = [{"bearerAuth": []}]


class KeptStudioOutSchema(StudioOutSchema):
    """A studio as its keepers see it, retired or not."""

    active = fields.Boolean()
    organisation_id = fields.Integer()


def _mediator(mediator_id: int):
    return roster_admin.find_managed_mediator(api_user(), mediator_id)


@blp.route("/mediators", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(MediatorCreateSchema)
@blp.response(201, MediatorOutSchema)
def create_mediator(data: dict):
    """Put a person on the roster of one of your organisations (409 for a non-mediator's mobile)."""
    mediator = roster_admin.create_mediator(data, api_user())
    db.session.commit()
    return mediator


@blp.route("/mediators/<int:mediator_id>/certificates", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, CertificateOutSchema(many=True))
def list_certificates(mediator_id: int):
    """A mediator's certificates, the latest issued first."""
    return roster_admin.certificates_of(_mediator(mediator_id))


@blp.route("/mediators/<int:mediator_id>/certificates", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(CertificateInSchema)
@blp.response(201, CertificateOutSchema)
def add_certificate(data: dict, mediator_id: int):
    """Record a certificate a mediator holds."""
    certificate = roster_admin.add_certificate(_mediator(mediator_id), data, api_user())
    db.session.commit()
    return certificate


@blp.route("/mediators/<int:mediator_id>/certificates/<int:certificate_id>", methods=["DELETE"])
@blp.doc(security=SECURITY)
@blp.response(204)
def remove_certificate(mediator_id: int, certificate_id: int):
    """Remove a certificate recorded by mistake."""
    roster_admin.remove_certificate(_mediator(mediator_id), certificate_id, api_user())
    db.session.commit()


@blp.route("/mediators/<int:mediator_id>/training", methods=["GET"])
@blp.doc(security=SECURITY)
@blp.response(200, TrainingListOutSchema)
def list_training(mediator_id: int):
    """A mediator's training records and their hours per year, the latest first."""
    credentials = roster_admin.credentials_of(_mediator(mediator_id))
    return {"records": credentials["training"], "hours_per_year": credentials["hours_per_year"]}


@blp.route("/mediators/<int:mediator_id>/training", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(TrainingInSchema)
@blp.response(201, TrainingOutSchema)
def add_training(data: dict, mediator_id: int):
    """Record a course a mediator took; hours as a decimal string ("7.5"), 0 to 500."""
    record = roster_admin.add_training(_mediator(mediator_id), data, api_user())
    db.session.commit()
    return record


@blp.route("/mediators/<int:mediator_id>/training/<int:training_id>", methods=["DELETE"])
@blp.doc(security=SECURITY)
@blp.response(204)
def remove_training(mediator_id: int, training_id: int):
    """Remove a training record."""
    roster_admin.remove_training(_mediator(mediator_id), training_id, api_user())
    db.session.commit()


@blp.route("/studios", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.arguments(StudioCreateSchema)
@blp.response(201, KeptStudioOutSchema)
def create_studio(data: dict):
    """Found a brand studio of one of your organisations, led by one of your mediators."""
    studio = studio_admin.create_studio(data, api_user())
    db.session.commit()
    return studio


@blp.route("/studios/<int:studio_id>", methods=["PATCH"])
@blp.doc(security=SECURITY)
@blp.arguments(StudioEditSchema)
@blp.response(200, KeptStudioOutSchema)
def edit_studio(data: dict, studio_id: int):
    """Change a studio's name, organisation, lead, specialties, stars or introduction."""
    user = api_user()
    studio = studio_admin.edit_studio(studio_admin.find_kept_studio(user, studio_id), data, user)
    db.session.commit()
    return studio


@blp.route("/studios/<int:studio_id>/retire", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.response(200, KeptStudioOutSchema)
def retire_studio(studio_id: int):
    """Retire a studio: it leaves the public list and the plan's count of brand studios."""
    user = api_user()
    studio = studio_admin.set_studio_active(
        studio_admin.find_kept_studio(user, studio_id), False, user
    )
    db.session.commit()
    return studio


@blp.route("/studios/<int:studio_id>/reinstate", methods=["POST"])
@blp.doc(security=SECURITY)
@blp.response(200, KeptStudioOutSchema)
def reinstate_studio(studio_id: int):
    """Open a retired studio again."""
    user = api_user()
    studio = studio_admin.set_studio_active(
        studio_admin.find_kept_studio(user, studio_id), True, user
    )
    db.session.commit()
    return studio
