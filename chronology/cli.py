"""`flask chronology import REVIEW_REFERENCE AGENCY_NAME FILE [--dry-run]`: bulk loads. Prints
one JSON object ({"accepted", "rejected", "flagged"}) and exits 0; a refused file or an unknown
review or agency is a message on standard error and exit status 1, never a traceback."""
import io
import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

chronology_cli = AppGroup("chronology", help="Chronologies.")


def _fail(message):
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@chronology_cli.command("import")
@click.argument("review_reference")
@click.argument("agency_name")
@click.argument("path", metavar="FILE")
@click.option("--dry-run", is_flag=True, help="Read and check the file; store nothing.")
def import_command(review_reference, agency_name, path, dry_run):
    """Import FILE as AGENCY_NAME's chronology for the review (replacing its earlier one)."""
    from chronology import importer, links, uploads
    from chronology.reading import FileRefused
    from models import Agency, Review, db
    review = db.session.scalar(select(Review).where(Review.reference == review_reference))
    agency = db.session.scalar(select(Agency).where(
        func.lower(Agency.name) == agency_name.strip().lower()))
    if review is None:
        _fail(f"there is no review {review_reference}.")
    if agency is None:
        _fail(f"there is no agency called {agency_name}.")
    try:
        data = Path(path).read_bytes()
    except OSError as problem:
        _fail(f"cannot read {path}: {problem.strerror or problem}.")
    try:
        if dry_run:
            summary = uploads.dry_run(data, review, agency.id).summary()
        else:
            summary = _import(data, path, review, agency, uploads)
            links.detect(review.id)
            db.session.commit()  # the CLI owns its transaction
    except importer.MappingNeeded as needed:
        _fail(f"no column could be recognised as {' and '.join(needed.missing)} in the "
              f"header row ({', '.join(h for h in needed.headers if h) or 'empty'}). Rename "
              "the headings, or upload the file once in the browser to match them.")
    except FileRefused as refused:
        _fail(str(refused))
    click.echo(json.dumps(summary))


def _import(data, path, review, agency, uploads):
    from chronology.reading import FileRefused
    from models import UploadStatus
    upload = uploads.receive(review, agency, io.BytesIO(data), Path(path).name, None,
                             uploads.request_for(review.id, agency.id))
    upload = uploads.read_upload(upload)
    if upload.status is UploadStatus.mapping:
        from chronology.importer import MappingNeeded
        raise MappingNeeded(upload.parsed["headers"], upload.parsed["missing"], None)
    if upload.status is not UploadStatus.preview:
        raise FileRefused(upload.error or "the file was not read.")
    summary = {"accepted": upload.accepted_count, "rejected": upload.parsed["rejected"],
               "flagged": upload.parsed["flagged"]}  # as Parsed.summary()
    uploads.commit(upload, None)
    return summary
