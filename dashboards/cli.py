"""`flask export data-collection`: the Home Office data collection return of one review, or of
every review notified in a period, written to a file (for scheduled reporting)."""
from datetime import date

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from dashboards import returns
from models import Review, db


def _day(value):
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2026-04-01") from None


@click.command("data-collection")
@click.argument("reference", required=False)
@click.option("--from", "start", help="First day of notification (YYYY-MM-DD).")
@click.option("--to", "end", help="Last day of notification (YYYY-MM-DD).")
@click.option("--output", required=True, type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def data_collection(reference, start, end, output):
    """Write the data collection return (xlsx) of REVIEW_REFERENCE, or of every review
    notified from --from to --to."""
    from dashboards.jobs import write_return
    if reference and (start or end):
        raise click.UsageError("Give a review reference or a period (--from/--to), not both.")
    if reference:
        review = db.session.scalar(select(Review.id).where(Review.reference == reference))
        if review is None:
            raise click.ClickException(f"No review {reference}.")
        ids = [review]
    elif start or end:
        ids = returns.reviews_notified_between(_day(start), _day(end))
    else:
        raise click.UsageError("Give a review reference, or --from and --to.")
    with open(output, "wb") as out:
        rows = write_return(out, ids)
    missing = returns.fill(returns.read(ids), returns.load()[1])[1]
    click.echo(f"Wrote {output}: {len(ids)} review{'s' if len(ids) != 1 else ''}, {rows} rows; "
               f"{len(missing)} required field{'s' if len(missing) != 1 else ''} missing.")
    for item in missing[:50]:
        who = f" ({item.who})" if item.who else ""
        click.echo(f"  missing: {item.review}{who}: {item.heading}")
