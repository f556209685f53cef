"""The administration index: one page that links every administration page."""

from flask import Blueprint, render_template
from flask_login import login_required

bp = Blueprint("admin", __name__)


@bp.route("/admin")
@login_required
def index():
    return render_template("admin/index.html")
