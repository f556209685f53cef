"""Alembic environment: migrate the database of the Flask app that runs the command."""

from alembic import context
from flask import current_app

db = current_app.extensions["migrate"].db
options = current_app.extensions["migrate"].configure_args


def run_offline() -> None:
    context.configure(
        url=db.engine.url.render_as_string(hide_password=False),
        target_metadata=db.metadata,
        literal_binds=True,
        **options,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    def skip_empty_revision(context_, revision, directives):
        # `flask db migrate` with no model change writes no empty revision file.
        autogenerate = getattr(context_.config.cmd_opts, "autogenerate", False)
        if autogenerate and directives[0].upgrade_ops.is_empty():
            directives[:] = []

    with db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one; with foreign keys
            # enforced, dropping a table that other rows point at fails. The pragma only
            # works outside a transaction, so it goes straight to the driver.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=db.metadata,
            process_revision_directives=skip_empty_revision,
            **options,
        )
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    run_offline()
else:
    run_online()
