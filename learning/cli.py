"""`flask export action-plan REVIEW_REFERENCE --format xlsx|docx --output FILE`: the action
plan for scheduled reporting (the command line sees every row; no person asked)."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from learning import exports
from models import Review, db

WRITERS = {"xlsx": exports.action_plan_xlsx, "docx": exports.action_plan_docx}


@click.command("action-plan")
@click.argument("reference")
@click.option("--format", "file_format", type=click.Choice(sorted(WRITERS)), default="xlsx",
              show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, writable=True), required=True)
@with_appcontext
def action_plan(reference, file_format, output):
    """Write REVIEW_REFERENCE's action plan in the Home Office layout to FILE."""
    review = db.session.scalar(select(Review).where(Review.reference == reference))
    if review is None:
        raise click.ClickException(f"There is no review {reference}.")
    with open(output, "wb") as out:
        written = WRITERS[file_format](review, None, out)
    click.echo(f"Action plan of {reference}: {written} actions written to {output}.")
