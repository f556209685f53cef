"""The scheduler process: APScheduler runs the outbox and periodic jobs, never in web workers.

Start it with `flask scheduler run` (`make run` does, beside the web server). Several scheduler
processes are safe: the outbox is claimed atomically in small batches with short, renewed claims,
and periodic jobs are written to be idempotent.
"""

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass

import click
from apscheduler.schedulers.blocking import BlockingScheduler
from flask import Flask, current_app
from flask.cli import AppGroup

from mediation.core import notify, outbox
from mediation.core.sqlite import writing
from mediation.extensions import db

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    function: Callable[[], object]
    seconds: int
    # A config key giving the interval in minutes instead; 0 there turns the job off.
    minutes_setting: str | None = None

    def interval(self, config) -> int:
        """Return the seconds between runs under this configuration."""
        if self.minutes_setting is None:
            return self.seconds
        return int(config[self.minutes_setting]) * 60


PERIODIC: dict[str, PeriodicJob] = {}


def periodic(name: str, seconds: int, minutes_setting: str | None = None):
    """Register a function the scheduler runs every `seconds`, inside an app context."""

    def register(function):
        PERIODIC[name] = PeriodicJob(function, seconds, minutes_setting)
        return function

    return register


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def deliver_outbox() -> int:
    """Deliver every due outbox message, one small claimed batch after another."""
    return outbox.run_due(worker_name())


def check_claim(config) -> None:
    """Refuse a claim shorter than one send: a second scheduler would repeat slow sends."""
    longest = notify.longest_send_seconds(config["NOTIFY_BACKENDS"])
    if config["OUTBOX_CLAIM_SECONDS"] <= longest:
        raise click.ClickException(
            f"OUTBOX_CLAIM_SECONDS is {config['OUTBOX_CLAIM_SECONDS']}, but one send through "
            f"{', '.join(config['NOTIFY_BACKENDS'])} may take {longest} s: set it above {longest}."
        )


def run_job(app: Flask, name: str, function: Callable[[], object]):
    """Run one job in its own app context: commit at the end, roll back on failure.

    Jobs write, so on SQLite each of their transactions takes the write lock as it begins,
    waiting its turn while the web server writes instead of failing midway.
    """
    with app.app_context(), writing():
        try:
            result = function()
            db.session.commit()
            return result
        except Exception:
            db.session.rollback()
            log.exception("scheduled job %s failed", name)
            return None


def run_once(app: Flask) -> dict[str, object]:
    """Run the outbox and every periodic job once; return what each returned."""
    results = {"outbox": run_job(app, "outbox", deliver_outbox)}
    for name, job in PERIODIC.items():
        if job.interval(app.config) > 0:
            results[name] = run_job(app, name, job.function)
    return results


def build_scheduler(app: Flask) -> BlockingScheduler:
    config = app.config
    scheduler = BlockingScheduler(timezone=config["TIMEZONE"])
    # A job that missed its time while the process was down still runs, once, when it is back.
    options = {
        "coalesce": True,
        "max_instances": 1,
        "misfire_grace_time": config["SCHEDULER_MISFIRE_GRACE_SECONDS"],
    }
    jobs = {"outbox": PeriodicJob(deliver_outbox, config["OUTBOX_POLL_SECONDS"])} | PERIODIC
    for name, job in jobs.items():
        if job.interval(config) <= 0:
            continue
        scheduler.add_job(
            run_job,
            "interval",
            seconds=job.interval(config),
            args=(app, name, job.function),
            id=name,
            **options,
        )
    return scheduler


scheduler_cli = AppGroup("scheduler", help="Run background work (outbox, periodic jobs).")


@scheduler_cli.command("run")
def run_command() -> None:
    """Run the scheduler in the foreground until stopped."""
    app = current_app._get_current_object()
    check_claim(app.config)
    scheduler = build_scheduler(app)
    click.echo(
        f"Scheduler running ({worker_name()}, zone {app.config['TIMEZONE']}, "
        f"jobs: outbox, {', '.join(PERIODIC) or 'none'})."
    )
    run_once(app)
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass


@scheduler_cli.command("run-once")
def run_once_command() -> None:
    """Run the outbox and every periodic job once, then exit (for cron or tests)."""
    check_claim(current_app.config)
    for name, result in run_once(current_app._get_current_object()).items():
        click.echo(f"{name}: {result}")
