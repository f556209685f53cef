"""POST /api/v1/tokens: trade a mobile number and password for a bearer token."""

from flask_smorest import Blueprint

from mediation.accounts.operations import authenticate
from mediation.accounts.schemas import CredentialsSchema, TokenSchema
from mediation.accounts.tokens import issue_token
from mediation.extensions import db, limiter

blp = Blueprint("api_tokens", __name__, url_prefix="/tokens", description="Bearer tokens")


@blp.route("", methods=["POST"])
@limiter.limit("10 per minute")
@blp.arguments(CredentialsSchema)
@blp.response(201, TokenSchema)
def create_token(credentials: dict):
    """Obtain a signed, expiring bearer token."""
    try:
        user = authenticate(credentials["mobile"], credentials["password"])
    finally:
        db.session.commit()  # a failed attempt counts towards the lock even though it is refused
    token, expires_at = issue_token(user)
    return {"token": token, "expires_at": expires_at, "role": user.role}
