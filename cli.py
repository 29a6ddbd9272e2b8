"""Command-line tools: `flask demo ...`, `flask worker`, `flask reminders ...`,
`flask create-admin`."""
import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

import demo
from agency_forms.cli import forms_cli
from dashboards import cli as dashboards_cli

demo_cli = AppGroup("demo", help="Demo data for trying the system.")


@demo_cli.command("load")
@click.option("--force", is_flag=True, help="Allow a database other than the embedded SQLite.")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has users.")
def load_demo(force, if_empty):
    """Load demo agencies, users (with TOTP set up) and reviews."""
    uri = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if not demo.is_embedded(uri) and not force:
        raise click.ClickException(
            "Refusing to load demo data into a database that is not the embedded SQLite "
            "default. Use --force if you really mean it.")
    if if_empty and demo.has_users():
        click.echo("Database already has data; demo data not loaded again.")
        return
    accounts = demo.load()
    path = accounts_file()
    path.write_text(json.dumps(accounts, indent=2))
    path.chmod(0o600)
    click.echo(f"Demo data loaded; accounts written to {path}")


@demo_cli.command("accounts")
def show_accounts():
    """Print the demo accounts: e-mail, password, roles, agency and TOTP secret."""
    path = accounts_file()
    if not path.exists():
        raise click.ClickException("No demo accounts: run `flask demo load` first.")
    accounts = json.loads(path.read_text())
    click.echo("Demo accounts (password, then a code from an authenticator app with the secret):")
    for account in accounts:
        click.echo(f"  {account['email']:<34} {','.join(account['roles']):<28} "
                   f"{(account['agency'] or '-'):<34} totp {account['totp_secret']}")
    click.echo(f"  password for all: {accounts[0]['password']}" if accounts else "")
    click.echo("  a current code:  flask --app app demo code EMAIL  (or any authenticator app)")


@demo_cli.command("code")
@click.argument("email")
def current_code(email):
    """Print the current TOTP code of a demo account (for trying the system without a phone)."""
    accounts = {a["email"]: a for a in json.loads(accounts_file().read_text())}
    if email not in accounts:
        raise click.ClickException(f"{email} is not a demo account.")
    click.echo(demo.current_code(accounts[email]["totp_secret"]))


def accounts_file():
    return Path(current_app.instance_path) / "demo_accounts.json"


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker(burst):
    """Run an RQ worker for this app's queue (needs REDIS_URL)."""
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: jobs run in-process, no worker needed.")
    from jobs import worker as job_worker
    from lifecycle import reminders
    reminders.ensure_scheduled(current_app._get_current_object())
    job_worker.work(current_app._get_current_object(), burst=burst)


reminders_cli = AppGroup("reminders", help="Deadline reminders (DESIGN section 3).")


@reminders_cli.command("run")
def run_reminders():
    """Send today's deadline reminders (for cron; never sends the same reminder twice)."""
    import jobs
    from lifecycle import reminders
    from models import db
    sent = reminders.run()
    db.session.commit()
    click.echo(f"{sent} reminder(s) sent.")
    for task, done in jobs.run_daily_tasks().items():
        click.echo(f"{task}: {done}.")


@reminders_cli.command("schedule")
def schedule_reminders():
    """Book the daily run with RQ (workers also do this when they start)."""
    from lifecycle import reminders
    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: run `flask reminders run` from cron.")
    booked = [job.id for job in reminders.ensure_scheduled() if job is not None]
    click.echo(f"Booked: {', '.join(booked)}" if booked else "Already booked.")


# `flask export ...`: each capability adds its command here (export_cli.add_command).
export_cli = AppGroup("export", help="Exports for scheduled reporting (files, not pages).")
export_cli.add_command(dashboards_cli.data_collection)


@click.command("create-admin")
@click.argument("email")
@click.option("--name", default=None)
@click.password_option(help="At least 12 characters.")
def create_admin(email, name, password):
    """Create an administrator; they set up two-factor at first sign-in."""
    from flask_security import hash_password
    from auth import datastore
    from models import db
    if len(password) < 12:
        raise click.ClickException("The password must have at least 12 characters.")
    demo.ensure_roles()
    if datastore.find_user(email=email.lower()):
        raise click.ClickException(f"{email} already exists.")
    datastore.create_user(email=email.lower(), full_name=name, password=hash_password(password),
                          roles=["admin"], active=True)
    db.session.commit()
    click.echo(f"Administrator {email} created.")


def init_app(app):
    app.cli.add_command(demo_cli)
    app.cli.add_command(worker)
    app.cli.add_command(reminders_cli)
    app.cli.add_command(create_admin)
    app.cli.add_command(forms_cli)
    from learning import cli as learning_cli
    export_cli.add_command(learning_cli.action_plan)
    app.cli.add_command(export_cli)
    from chronology.cli import chronology_cli
    app.cli.add_command(chronology_cli)
