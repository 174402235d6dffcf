"""Shell commands: `flask offices create`, `flask users create`, `flask demo load`, `flask jobs ...`."""

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext

from grants import create_app
from grants.auth import two_factor
from grants.auth.operations import create_staff_user
from grants.auth.queries import user_by_email
from grants.backup import BackupError, create_backup, restore_backup
from grants.contracts.operations.rates import seed_rates
from grants.demo import DEMO_LOGINS, load_demo
from grants.demo_scale import build_scale
from grants.errors import DomainError, ValidationFailed
from grants.extensions import db
from grants.jobs import tasks  # noqa: F401  every handler registered, the daily ones among them
from grants.jobs.runner import due_job_ids
from grants.jobs.schedule import enqueue_daily
from grants.jobs.worker import run_worker
from grants.offices.operations import create_office
from grants.offices.queries import all_offices, office_by_slug


def _fail(error: DomainError):
    if isinstance(error, ValidationFailed):
        for field, messages in error.fields.items():
            for message in messages:
                click.echo(f"{field}: {message}", err=True)
    else:
        click.echo(error.message, err=True)
    db.session.rollback()
    sys.exit(2)


offices_cli = click.Group("offices", help="Offices (urzędy) served by this installation.")
users_cli = click.Group("users", help="Staff, committee and admin accounts.")
demo_cli = click.Group("demo", help="Demo data built from the seed documents.")
jobs_cli = click.Group("jobs", help="Background jobs (outbox, RQ worker, sweeper).")
backup_cli = click.Group("backup", help="Backup and restore of the database and the stored files.")
rates_cli = click.Group("rates", help="The table of interest on tax arrears (ufp art. 251 ust. 5, art. 252).")


@offices_cli.command("create")
@click.option("--slug", required=True)
@click.option("--name", required=True)
@with_appcontext
def create_office_command(slug, name):
    try:
        office = create_office(slug=slug, name=name)
        db.session.commit()
    except DomainError as error:
        _fail(error)
    click.echo(f"office {office.slug} created (id {office.id})")


@offices_cli.command("list")
@with_appcontext
def list_offices_command():
    for office in all_offices():
        click.echo(f"{office.id}\t{office.slug}\t{office.name}")


@users_cli.command("reset-two-factor")
@click.option("--email", required=True)
@with_appcontext
def reset_two_factor_command(email):
    """Clear an account's lost authenticator (an admin cannot do it from the pages); it sets one up again."""
    user = user_by_email(email)
    if user is None:
        click.echo(f"no account {email!r}", err=True)
        sys.exit(2)
    two_factor.reset_from_console(user)
    db.session.commit()
    click.echo(f"two-factor sign-in cleared for {user.email}; every session ended")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice(["officer", "evaluator", "admin"]))
@click.option("--name", "full_name", required=True)
@click.option("--office", "office_slug", default=None, help="Office slug; the only office when left out.")
@with_appcontext
def create_user_command(email, password, role, full_name, office_slug):
    if office_slug:
        office = office_by_slug(office_slug)
        if office is None:
            click.echo(f"no office {office_slug!r}; see `flask offices list`", err=True)
            sys.exit(2)
    else:
        offices = all_offices()
        if len(offices) == 1:
            office = offices[0]
        elif role == "admin":
            office = None
        else:
            click.echo("several (or no) offices exist: name one with --office SLUG", err=True)
            sys.exit(2)
    try:
        user = create_staff_user(
            actor=None, email=email, password=password, full_name=full_name, role=role, office=office
        )
        db.session.commit()
    except DomainError as error:
        _fail(error)
    click.echo(f"user {user.email} created (id {user.id}, role {role}, office {office.slug if office else '-'})")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has offices.")
@with_appcontext
def demo_load_command(if_empty):
    if if_empty and all_offices():
        click.echo("demo data already present")
    else:
        load_demo()
        db.session.commit()
    click.echo("Demo logins (password for all: see below):")
    for role, email, password in DEMO_LOGINS:
        click.echo(f"  {role:<28} {email:<34} {password}")


@demo_cli.command("scale")
@click.option("--offices", default=300, show_default=True)
@click.option("--calls", default=2000, show_default=True)
@click.option("--organizations", default=5000, show_default=True)
@click.option("--offers", default=100_000, show_default=True)
@click.option("--seed", default=2027, show_default=True, help="The same seed builds the same dataset.")
@click.option("--year", type=int, default=None, help="A past year: the dataset as it stood on 1 December of it.")
@click.option(
    "--through-operations",
    is_flag=True,
    help="Every offer, formal check, declaration and score sheet through its operation (hours at full size); "
    "by default they are written a call at a time by grants.demo_scale_bulk, row for row the same.",
)
@with_appcontext
def demo_scale_command(offices, calls, organizations, offers, seed, year, through_operations):
    """The national-scale dataset (grants.demo_scale); prints each phase's time."""
    if min(offices, calls, organizations) < 1 or offers < 0:
        click.echo("--offices, --calls and --organizations must be at least 1, --offers at least 0", err=True)
        sys.exit(2)
    try:
        build_scale(
            offices=offices,
            calls=calls,
            organizations=organizations,
            offers=offers,
            seed=seed,
            year=year,
            through_operations=through_operations,
            echo=click.echo,
        )
    except DomainError as error:
        _fail(error)


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--worker-ttl", default=60, show_default=True)
@click.option("--maintenance-interval", default=60, show_default=True)
@with_appcontext
def jobs_worker_command(burst, worker_ttl, maintenance_interval):
    """An RQ worker that loads the app and the PDF engine before it forks for each job."""
    app = current_app._get_current_object()
    if not app.config.get("REDIS_URL"):
        click.echo("REDIS_URL is not set: the embedded default runs jobs in-process", err=True)
        sys.exit(2)
    run_worker(app, burst=burst, worker_ttl=worker_ttl, maintenance_interval=maintenance_interval)


@jobs_cli.command("sweep")
@with_appcontext
def jobs_sweep_command():
    """Queue the day's daily jobs (reminders) once, and hand queued, retry-due and abandoned jobs to the
    runner again (cron it every minute)."""
    enqueue_daily()
    ids = due_job_ids()
    current_app.extensions["oko_jobs"].dispatch(ids)
    click.echo(f"{len(ids)} job(s) dispatched")


@jobs_cli.command("tick")
@with_appcontext
def jobs_tick_command():
    """Queue today's daily jobs (the reminders of reports and returns) and dispatch them; a second tick on
    the same day queues nothing new."""
    ids = enqueue_daily()
    current_app.extensions["oko_jobs"].dispatch(ids)
    click.echo(f"{len(ids)} daily job(s) queued")


@rates_cli.command("seed")
@with_appcontext
def rates_seed_command():
    """Add the known rates missing from the table (idempotent: rows already there stay as they are)."""
    added = seed_rates()
    db.session.commit()
    click.echo(f"{len(added)} rate(s) added")


@backup_cli.command("create")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="Folder for the archive.")
@with_appcontext
def backup_create_command(out_dir):
    """Every table and every stored file in one .tar.gz; prints its path."""
    target = create_backup(Path(out_dir), Path(current_app.config["STORAGE_DIR"]))
    click.echo(str(target))


@backup_cli.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def backup_restore_command(archive):
    """Into an EMPTY database at the backup's schema revision (`flask db upgrade` first)."""
    try:
        counts = restore_backup(Path(archive), Path(current_app.config["STORAGE_DIR"]))
    except BackupError as error:
        click.echo(f"restore refused: {error}", err=True)
        sys.exit(2)
    click.echo(f"restored {sum(counts.values())} rows in {len(counts)} tables")


def register(app: Flask) -> None:
    for group in (offices_cli, users_cli, demo_cli, jobs_cli, backup_cli, rates_cli):
        app.cli.add_command(group)


def main():
    FlaskGroup(create_app=create_app)()
