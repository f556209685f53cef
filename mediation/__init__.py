"""People's mediation: dispute intake, assignment, scheduling, video sessions, hand-offs."""

# First of all: every zone comes from the pinned tzdata package, never the system's zone files,
# which are older (Debian 12 ships 2025b) and disagree with it on some zones' offsets.
from mediation.core.zones import use_packaged_zones

use_packaged_zones()

import importlib  # noqa: E402
import os  # noqa: E402

from flask import Flask  # noqa: E402
from werkzeug.middleware.proxy_fix import ProxyFix  # noqa: E402

from mediation.config import INSTANCE_DIR, Config, ProductionConfig, check_secret_key  # noqa: E402


def create_app(config: type[Config] | dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, CLI."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder="../templates",
        static_folder="../static",
    )
    if config is None:
        config = ProductionConfig if os.environ.get("FLASK_ENV") == "production" else Config
    if isinstance(config, dict):
        app.config.from_object(Config)
        app.config.update(config)
    else:
        app.config.from_object(config)
    if app.config.get("REQUIRE_SECRET_KEY"):
        check_secret_key(app.config.get("SECRET_KEY"))
    _check_assurance_levels(app)
    _settle_public_url(app)
    os.makedirs(app.instance_path, exist_ok=True)

    from mediation.core.assets import register_assets
    from mediation.core.cli import register_cli
    from mediation.core.policy import enforce_policy
    from mediation.core.web import register_web, use_row_ids

    use_row_ids(app)
    _init_extensions(app)
    _register_blueprints(app)
    register_assets(app)
    enforce_policy(app)

    register_web(app)
    register_cli(app)
    _register_demo_cli(app)
    _register_accounts_cli(app)
    _import_modules(TASK_MODULES + HOOK_MODULES)
    _trust_proxies(app)
    if app.config.get("LOG_LEVEL"):
        # app.logger is "mediation", parent of every module's logger; Flask gives it a handler
        # on standard error (gunicorn's error log) unless logging is configured elsewhere.
        app.logger.setLevel(app.config["LOG_LEVEL"].upper())
    return app


def _check_assurance_levels(app: Flask) -> None:
    """Refuse to start with a configured assurance level that is not one."""
    from mediation.accounts.assurance import check_level

    for name in ("PARTY_ACT_ASSURANCE", "SIGNATURE_ONLINE_ASSURANCE", "SIGNATURE_PAPER_ASSURANCE"):
        app.config[name] = check_level(name, app.config[name])


def _settle_public_url(app: Flask) -> None:
    """Fill in PUBLIC_URL, when not configured, with the local server on PORT."""
    from mediation.core.urls import base_url

    app.config["PUBLIC_URL"] = base_url(app.config.get("PUBLIC_URL"), app.config.get("PORT"))


def _trust_proxies(app: Flask) -> None:
    """Take the client's address, scheme and host from the configured number of proxies."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops:
        # Outermost, around the Socket.IO middleware too, so every request sees the client.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)


# Modules that register outbox handlers and periodic jobs when imported.
TASK_MODULES = (
    "mediation.core.notify",
    "mediation.core.anchors",
    "mediation.disputes.tasks",
    "mediation.mediators.tasks",
    "mediation.handoffs.tasks",
    "mediation.video.tasks",
    "mediation.imports.tasks",
)


# Modules that register with a lower layer's hooks when imported, so the lower layer asks or
# tells them without importing them (docs/development.md, "The house: layers and hooks").
# Imported here, they are registered for the web workers, the CLI and the tests alike.
HOOK_MODULES = (
    "mediation.disputes.claims",  # accounts: a proved mobile claims its party rows
    "mediation.scheduling.operations",  # disputes: an ended attempt cancels booked sessions
    "mediation.handoffs.access",  # disputes: the cases a liaison may see
    "mediation.video.case_sessions",  # disputes: a party's sessions on the case page
    "mediation.video.sessions",  # scheduling: rooms follow sessions, and sessions rooms
    "mediation.handoffs.casefile",  # outcomes: the case file's hand-offs section
    "mediation.outcomes.satisfaction",  # mediators: a studio's satisfaction scores
    "mediation.mediators.roster_admin",  # accounts: a moved mediator's roster record follows
)


def _import_modules(modules: tuple[str, ...]) -> None:
    for module in modules:
        importlib.import_module(module)


def _init_extensions(app: Flask) -> None:
    from mediation.core.i18n import select_locale, select_timezone
    from mediation.core.sqlite import install_sqlite_fixes
    from mediation.extensions import babel, cache, csrf, db, limiter, login, migrate, socketio

    install_sqlite_fixes()
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=os.path.join(app.root_path, "..", "migrations"),
        render_as_batch=True,
        compare_type=True,
    )
    login.init_app(app)
    login.login_view = "accounts.login"
    login.login_message = None
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    limiter.init_app(app)
    cache.init_app(app)
    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config["REDIS_URL"],
        channel=app.config["SOCKETIO_CHANNEL"],
    )
    for target in SOCKET_NAMESPACES:
        module, attribute = target.split(":")
        getattr(importlib.import_module(module), attribute)(socketio)

    from mediation.accounts.tokens import user_from_session_id, user_from_token
    from mediation.core.auth import use_token_reader

    login.user_loader(user_from_session_id)
    use_token_reader(app, user_from_token)


# Socket.IO namespaces, one line per domain: "module:function" called with the SocketIO server.
SOCKET_NAMESPACES = ("mediation.video.namespace:register",)

# Page blueprints, one line per domain: "module:attribute".
PAGE_BLUEPRINTS = (
    "mediation.core.pages:bp",
    "mediation.core.devpages:bp",
    "mediation.core.calendar_pages:bp",
    "mediation.core.admin_pages:bp",
    "mediation.organisations.routes:bp",
    "mediation.accounts.routes:bp",
    "mediation.accounts.staff_routes:bp",
    "mediation.disputes.routes:bp",
    "mediation.disputes.act_routes:bp",
    "mediation.disputes.particulars_routes:bp",
    "mediation.mediators.routes:bp",
    "mediation.mediators.assignment_routes:bp",
    "mediation.mediators.complaint_routes:bp",
    "mediation.mediators.admin_routes:bp",
    "mediation.mediators.studio_admin_routes:bp",
    "mediation.scheduling.routes:bp",
    "mediation.scheduling.pages:bp",
    "mediation.handoffs.routes:bp",
    "mediation.handoffs.admin:bp",
    "mediation.outcomes.routes:bp",
    "mediation.outcomes.committee_admin:bp",
    "mediation.outcomes.record_routes:bp",
    "mediation.outcomes.oral_routes:bp",
    "mediation.reports.routes:bp",
    "mediation.reports.statistics_routes:bp",
    "mediation.reports.subsidy_routes:bp",
    "mediation.video.routes:bp",
    "mediation.video.join:bp",
    "mediation.video.recording_routes:bp",
    "mediation.imports.routes:bp",
    "mediation.today.routes:bp",
)


def _register_blueprints(app: Flask) -> None:
    from mediation.api import init_api

    for target in PAGE_BLUEPRINTS:
        module, attribute = target.split(":")
        app.register_blueprint(getattr(importlib.import_module(module), attribute))
    init_api(app)


def _register_demo_cli(app: Flask) -> None:
    from mediation.demo.cli import demo_logins_command, seed_demo_command
    from mediation.imports.tasks import imports_cli

    app.cli.add_command(seed_demo_command)
    app.cli.add_command(demo_logins_command)
    app.cli.add_command(imports_cli)


def _register_accounts_cli(app: Flask) -> None:
    from mediation.accounts.cli import accounts_cli

    app.cli.add_command(accounts_cli)
