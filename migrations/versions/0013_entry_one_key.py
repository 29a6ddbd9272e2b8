"""chronology: one foreign key per entry, (upload_id, review_id, agency_id) to its upload, in
place of three (to the review, the agency and the upload): an entry is always of its upload's
review and agency, and a bulk import checks one key per row; same_as_id's index only over the
few rows that have one

Revision ID: 0013_entry_one_key
Revises: 0012_staged_entries
Create Date: 2026-12-02 15:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0013_entry_one_key'
down_revision = '0012_staged_entries'
branch_labels = None
depends_on = None

NOT_NULL = sa.text('same_as_id IS NOT NULL')


def upgrade():
    with op.batch_alter_table('chronology_upload', schema=None) as batch_op:
        batch_op.create_unique_constraint(batch_op.f('uq_chronology_upload_id'), ['id', 'review_id', 'agency_id'])
    with op.batch_alter_table('chronology_entry', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_chronology_entry_agency_id_agency'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_chronology_entry_review_id_review'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_chronology_entry_upload_id_chronology_upload'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_chronology_entry_upload_id_chronology_upload'), 'chronology_upload', ['upload_id', 'review_id', 'agency_id'], ['id', 'review_id', 'agency_id'], ondelete='CASCADE')
        batch_op.drop_index(batch_op.f('ix_chronology_entry_same_as_id'))
        batch_op.create_index('ix_chronology_entry_same_as_id', ['same_as_id'], unique=False, postgresql_where=NOT_NULL, sqlite_where=NOT_NULL)


def downgrade():
    with op.batch_alter_table('chronology_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_chronology_entry_same_as_id', postgresql_where=NOT_NULL, sqlite_where=NOT_NULL)
        batch_op.create_index(batch_op.f('ix_chronology_entry_same_as_id'), ['same_as_id'], unique=False)
        batch_op.drop_constraint(batch_op.f('fk_chronology_entry_upload_id_chronology_upload'), type_='foreignkey')
        batch_op.create_foreign_key(batch_op.f('fk_chronology_entry_upload_id_chronology_upload'), 'chronology_upload', ['upload_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_chronology_entry_review_id_review'), 'review', ['review_id'], ['id'], ondelete='CASCADE')
        batch_op.create_foreign_key(batch_op.f('fk_chronology_entry_agency_id_agency'), 'agency', ['agency_id'], ['id'])
    with op.batch_alter_table('chronology_upload', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_chronology_upload_id'), type_='unique')
