"""Users and their roles."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from mediation.core.db import UTCDateTime, utcnow

# The roles live with the policy that decides by them; accounts' readers find them here too.
from mediation.core.people import STAFF_ROLES, Role  # noqa: F401
from mediation.extensions import db
from mediation.organisations.models import Organisation


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    mobile: Mapped[str] = mapped_column(String(11), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    # None for a party who only ever logs in with SMS codes.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), index=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    locale: Mapped[str | None] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(default=True)
    # Raising this revokes every API token issued before.
    token_version: Mapped[int] = mapped_column(default=0)
    # Wrong passwords in a row, from any address; at the configured count the account locks.
    failed_logins: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the holder last proved they hold the mobile by an SMS code; None: never proved.
    mobile_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organisation: Mapped[Organisation | None] = relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        if not self.password_hash:
            return False
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        # The token version rides along, so revoking tokens also ends page sessions and
        # remember-me cookies (see accounts.tokens.user_from_session_id).
        return f"{self.id}.{self.token_version}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"


class LoginCode(db.Model):
    """The one live SMS code of a mobile number, kept hashed, and the number's send counts."""

    __tablename__ = "login_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    mobile: Mapped[str] = mapped_column(String(11), unique=True)
    # HMAC-SHA256 of the number and the code under SECRET_KEY; never the code itself.
    code_hash: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    tries: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The per-number limit counts sends in a window that starts at its first send.
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sends_in_window: Mapped[int] = mapped_column(default=1, server_default=text("1"))

    def __repr__(self) -> str:
        return f"<LoginCode {self.id}>"
