"""POST /api/v1/codes: text a party a one-time log-in code for POST /api/v1/tokens."""

from flask_smorest import Blueprint

from mediation.accounts.schemas import CodeRequestSchema, CodeSentSchema
from mediation.accounts.sms_login import send_code as text_code
from mediation.extensions import db, limiter

blp = Blueprint("api_codes", __name__, url_prefix="/codes", description="SMS log-in codes")


@blp.route("", methods=["POST"])
@limiter.limit("5 per minute;30 per hour")
@blp.arguments(CodeRequestSchema)
@blp.response(202, CodeSentSchema)
def send_code(data: dict):
    """Text a 6-digit code to a party's mobile, replacing any earlier one.

    The code works for a few minutes and a few tries; each number may have one a minute and
    a few an hour (429 with Retry-After beyond that). Staff accounts use their password (403).
    """
    sent = text_code(data["mobile"])
    db.session.commit()
    return sent
