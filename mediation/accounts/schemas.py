"""Validation of log-in, registration and token requests."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, fields, validate

from mediation.core.schemas import BlankAsMissing, Mobile, text


class CredentialsSchema(BlankAsMissing):
    mobile = Mobile(required=True)
    password = fields.String(required=True, validate=validate.Length(min=1, max=128))


class LoginFormSchema(CredentialsSchema):
    remember = fields.Boolean(load_default=False)  # "keep me logged in on this phone"


class RegistrationSchema(BlankAsMissing):
    name = text(60)
    mobile = Mobile(required=True)
    password = fields.String(
        required=True,
        validate=validate.Length(min=8, max=128, error=_l("Use 8 to 128 characters.")),
    )


class TokenSchema(Schema):
    token = fields.String()
    expires_at = fields.DateTime()
    role = fields.String()
