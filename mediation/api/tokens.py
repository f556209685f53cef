"""POST /api/v1/tokens: trade a mobile number and its password or SMS code for a bearer token."""

from flask_smorest import Blueprint

from mediation.accounts.operations import authenticate
from mediation.accounts.schemas import TokenRequestSchema, TokenSchema
from mediation.accounts.sms_login import log_in_with_code
from mediation.accounts.tokens import issue_token
from mediation.extensions import db, limiter

blp = Blueprint("api_tokens", __name__, url_prefix="/tokens", description="Bearer tokens")


@blp.route("", methods=["POST"])
@limiter.limit("10 per minute")
@blp.arguments(TokenRequestSchema)
@blp.response(201, TokenSchema)
def create_token(credentials: dict):
    """Obtain a signed, expiring bearer token with a password or an SMS code.

    With `code` (from POST /api/v1/codes) a party is registered on first use (`name` is asked
    for, 422, when no filed case gives one), the mobile is recorded as verified, and the cases
    filed with the number become the party's.
    """
    try:
        if "code" in credentials:
            user = log_in_with_code(
                credentials["mobile"], credentials["code"], credentials.get("name")
            ).user
        else:
            user = authenticate(credentials["mobile"], credentials["password"])
    finally:
        db.session.commit()  # a failed attempt counts towards the lock even though it is refused
    token, expires_at = issue_token(user)
    return {"token": token, "expires_at": expires_at, "role": user.role}
