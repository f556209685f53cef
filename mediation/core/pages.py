"""The home page, the language switch and a health check."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user
from sqlalchemy import text

from mediation.core.security import safe_next
from mediation.extensions import db

bp = Blueprint("core", __name__)


@bp.route("/")
def home():
    return render_template("core/home.html", user=current_user)


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
        if current_user.is_authenticated and current_user.locale != code:
            # Kept on the account too, so messages sent to this person later (invitations,
            # reminders) are written in the language they chose.
            current_user.locale = code
            db.session.commit()
    return redirect(safe_next(request.form.get("next"), url_for("core.home")))


@bp.route("/healthz")
def health():
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
