"""Validation of log-in, registration and token requests."""

from flask_babel import lazy_gettext as _l
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from mediation.accounts.otp import CODE_DIGITS
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


class SmsCode(fields.String):
    """A 6-digit code as typed on a phone: spaces and dashes between digits are dropped."""

    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs)
        code = "".join(ch for ch in code if ch not in " -")
        if len(code) != CODE_DIGITS or not code.isascii() or not code.isdigit():
            raise ValidationError(_l("Enter the 6 digits of the code you received."))
        return code


class CodeSchema(BlankAsMissing):
    """A confirmation code typed on a case page or before signing."""

    code = SmsCode(required=True)


class CodeRequestSchema(BlankAsMissing):
    mobile = Mobile(required=True)


class CodeLogInSchema(BlankAsMissing):
    mobile = Mobile(required=True)
    code = SmsCode(required=True)
    # Needed only to create an account for a number that no filed case names.
    name = text(60, required=False)
    remember = fields.Boolean(load_default=False)


class CodeSentSchema(Schema):
    expires_at = fields.DateTime(metadata={"description": "When the code stops working"})
    resend_after = fields.Integer(
        metadata={"description": "Seconds until this number may ask for another code"}
    )
    account_exists = fields.Boolean(
        metadata={"description": "False: logging in with the code creates a party account"}
    )


class TokenRequestSchema(BlankAsMissing):
    """A mobile with either its password or an SMS code sent to it."""

    mobile = Mobile(required=True)
    password = fields.String(
        validate=validate.Length(min=1, max=128), metadata={"description": "Or `code`"}
    )
    code = SmsCode(metadata={"description": "From POST /api/v1/codes; or `password`"})
    name = text(
        60,
        required=False,
        metadata={"description": "With `code`: the name for a new party account"},
    )

    @validates_schema
    def password_or_code(self, data, **kwargs):
        if ("password" in data) == ("code" in data):
            raise ValidationError(
                _l("Give either the password or the SMS code."), field_name="_schema"
            )


class TokenSchema(Schema):
    token = fields.String()
    expires_at = fields.DateTime()
    role = fields.String()
