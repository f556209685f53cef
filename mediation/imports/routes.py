"""Import pages: upload and check a file, follow its writing, download the templates."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mediation.accounts.models import Role
from mediation.core import exports
from mediation.core.auth import roles_required
from mediation.core.forms import done
from mediation.extensions import db
from mediation.imports import access, operations
from mediation.imports.columns import COLUMNS, Kind
from mediation.imports.labels import FILE_PROBLEMS, KINDS, problem_text
from mediation.imports.reading import FileProblem
from mediation.imports.template_files import template_file

bp = Blueprint("imports", __name__, url_prefix="/admin/imports")
STAFF = (Role.ADMIN, Role.COORDINATOR)
PROBLEMS_SHOWN = 300


def _today():
    zone = current_user.timezone or current_app.config["TIMEZONE"]
    return datetime.now(ZoneInfo(zone)).date()


def _upload_page(status: int = 200, kind: str | None = None, problems=None, file_problem=None):
    problems = problems or []
    shown = [
        {"row": p.row, "column": p.column, "message": problem_text(p.code, p.params)}
        for p in problems[:PROBLEMS_SHOWN]
    ]
    return (
        render_template(
            "imports/new.html",
            kinds=KINDS,
            columns=COLUMNS,
            chosen=kind,
            problems=shown,
            problem_count=len(problems),
            file_problem=file_problem,
        ),
        status,
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new():
    if request.method == "GET":
        return _upload_page(kind=request.args.get("kind"))
    raw_kind = request.form.get("kind", "")
    if raw_kind not in KINDS:
        return _upload_page(422, file_problem=str(FILE_PROBLEMS["bad_kind"]))
    kind = Kind(raw_kind)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _upload_page(422, kind, file_problem=str(FILE_PROBLEMS["no_file"]))
    content = upload.stream.read(current_app.config["IMPORT_MAX_BYTES"] + 1)
    try:
        checked = operations.check_file(kind, upload.filename, content, current_user, _today())
    except FileProblem as problem:
        status = 413 if problem.code == "too_large" else 422
        return _upload_page(status, kind, file_problem=problem_text(problem.code, problem.params))
    if not checked.validated.ok:
        db.session.rollback()
        return _upload_page(422, kind, problems=checked.validated.problems)
    batch = operations.queue_batch(checked, current_user)
    db.session.commit()
    message = _(
        "The file is valid: %(rows)s rows, %(already)s of them already imported. Writing it now.",
        rows=batch.total_rows,
        already=checked.validated.already,
    )
    return done(message, url_for("imports.batch", import_id=batch.id))


@bp.route("/<int:import_id>")
@roles_required(*STAFF)
def batch(import_id: int):
    found = access.find_batch(current_user, import_id)
    return render_template("imports/batch.html", batch=found, kinds=KINDS)


@bp.route("/<int:import_id>/progress")
@roles_required(*STAFF)
def progress(import_id: int):
    found = access.find_batch(current_user, import_id)
    return jsonify(
        status=found.status,
        total=found.total_rows,
        done=found.done_rows,
        written=found.written_rows,
        already_there=found.skipped_rows,
        percent=found.percent,
        finished=found.finished,
    )


@bp.route("/template/<kind>.<fmt>")
@roles_required(*STAFF)
def template(kind: str, fmt: str):
    if kind not in KINDS or fmt not in ("xlsx", "csv"):
        abort(404)
    return exports.download(template_file(Kind(kind), fmt), f"import-template-{kind}", fmt)
