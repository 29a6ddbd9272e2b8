"""chronology: the rows of an upload in preview staged in chronology_staged_entry, not held as
JSON on the upload row (which kept 35 MB of JSON for 100,000 rows, written and read back
whole at import and decoded on every view of the preview)

Revision ID: 0012_staged_entries
Revises: 0011_entry_same_as_index
Create Date: 2026-12-02 15:00:00

"""
import json

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012_staged_entries'
down_revision = '0011_entry_same_as_index'
branch_labels = None
depends_on = None

FIRST_SHOWN = 20
WAITING = ('preview', 'importing')

upload = sa.table('chronology_upload', sa.column('id', sa.Integer),
                  sa.column('status', sa.String), sa.column('parsed', sa.JSON))
staged = sa.table('chronology_staged_entry', sa.column('upload_id', sa.Integer),
                  sa.column('row_number', sa.Integer), sa.column('day', sa.Date),
                  sa.column('precision', sa.String), sa.column('at', sa.Time),
                  sa.column('has_time', sa.Boolean), sa.column('source_agency', sa.String),
                  sa.column('source_record', sa.String), sa.column('people', sa.String),
                  sa.column('event', sa.Text), sa.column('outcome', sa.Text),
                  sa.column('practitioner_role', sa.String), sa.column('comment', sa.Text),
                  sa.column('outside_period', sa.Boolean), sa.column('risks', sa.String),
                  sa.column('search_text', sa.Text), sa.column('id', sa.Integer))


def upgrade():
    op.create_table('chronology_staged_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('upload_id', sa.Integer(), nullable=False),
    sa.Column('row_number', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('precision', sa.Enum('day', 'month', 'year', name='dateprecision', native_enum=False, length=8), nullable=False),
    sa.Column('at', sa.Time(), nullable=False),
    sa.Column('has_time', sa.Boolean(), nullable=False),
    sa.Column('source_agency', sa.String(length=160), nullable=True),
    sa.Column('source_record', sa.String(length=255), nullable=True),
    sa.Column('people', sa.String(length=500), nullable=True),
    sa.Column('event', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Text(), nullable=True),
    sa.Column('practitioner_role', sa.String(length=255), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('outside_period', sa.Boolean(), nullable=False),
    sa.Column('risks', sa.String(length=120), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['upload_id'], ['chronology_upload.id'], name=op.f('fk_chronology_staged_entry_upload_id_chronology_upload'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chronology_staged_entry'))
    )
    with op.batch_alter_table('chronology_staged_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chronology_staged_entry_upload_id'), ['upload_id'], unique=False)
    _stage_waiting_previews(op.get_bind())


def _stage_waiting_previews(bind):
    """Previews waiting at the upgrade keep their rows: moved from the JSON to the table.
    Every other upload's JSON loses its copy of the rows too (imported ones have them as
    entries; replaced and discarded ones were not to be kept), keeping the first few."""
    for upload_id, status in bind.execute(sa.select(upload.c.id, upload.c.status).where(
            upload.c.parsed.is_not(None))).all():
        parsed = bind.scalar(sa.select(upload.c.parsed).where(upload.c.id == upload_id))
        parsed = json.loads(parsed) if isinstance(parsed, str) else dict(parsed or {})
        if 'entries' not in parsed:
            continue  # a mapping screen's headers
        entries = parsed.pop('entries')
        if status in WAITING:
            rows = [_row(upload_id, entry) for entry in entries]
            for start in range(0, len(rows), 5000):
                bind.execute(staged.insert(), rows[start:start + 5000])
        parsed['first'] = entries[:FIRST_SHOWN]
        bind.execute(upload.update().where(upload.c.id == upload_id).values(parsed=parsed))


def _row(upload_id, entry):
    from datetime import date, time
    get = entry.get
    texts = [entry['event'], get('outcome') or '', get('people') or '', get('source') or '',
             get('comment') or '']
    return {'upload_id': upload_id, 'row_number': entry['row'],
            'day': date.fromisoformat(entry['day']), 'precision': entry['precision'],
            'at': time.fromisoformat(get('time') or '00:00'),
            'has_time': get('time') is not None, 'source_agency': get('agency') or None,
            'source_record': get('source') or None, 'people': get('people') or None,
            'event': entry['event'], 'outcome': get('outcome') or None,
            'practitioner_role': get('practitioner') or None,
            'comment': get('comment') or None, 'outside_period': bool(get('outside_period')),
            'risks': get('risks') or None, 'search_text': ' '.join(texts).lower()}


def downgrade():
    bind = op.get_bind()
    for upload_id, parsed in bind.execute(sa.select(upload.c.id, upload.c.parsed).where(
            upload.c.status.in_(WAITING))).all():
        parsed = json.loads(parsed) if isinstance(parsed, str) else dict(parsed or {})
        parsed.pop('first', None)
        parsed['entries'] = [_entry(row) for row in bind.execute(
            sa.select(staged).where(staged.c.upload_id == upload_id).order_by(staged.c.id))]
        bind.execute(upload.update().where(upload.c.id == upload_id).values(parsed=parsed))
    with op.batch_alter_table('chronology_staged_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chronology_staged_entry_upload_id'))
    op.drop_table('chronology_staged_entry')


def _entry(row):
    return {'row': row.row_number, 'day': row.day.isoformat(), 'precision': row.precision,
            'time': row.at.strftime('%H:%M') if row.has_time else None,
            'agency': row.source_agency or '', 'source': row.source_record or '',
            'people': row.people or '', 'event': row.event, 'outcome': row.outcome or '',
            'practitioner': row.practitioner_role or '', 'comment': row.comment or '',
            'outside_period': row.outside_period, 'risks': row.risks or ''}
