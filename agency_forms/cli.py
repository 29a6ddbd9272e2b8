"""`flask forms chase`: the daily reminder run, for cron."""
import click
from flask.cli import AppGroup

forms_cli = AppGroup("forms", help="Multi-agency forms.")


@forms_cli.command("chase")
@click.option("--date", "on", default=None, help="Run as if today were this day (YYYY-MM-DD).")
def chase(on):
    """Send the reminders and escalations due today (safe to run more than once a day)."""
    from agency_forms.chasing import as_day, chase_all
    day = as_day(on)
    ids = chase_all(day)
    click.echo(f"Checked {len(ids)} open form requests for reminders due on {day:%Y-%m-%d}.")
