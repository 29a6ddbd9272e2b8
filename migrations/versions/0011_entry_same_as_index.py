"""chronology: index on chronology_entry.same_as_id (deleting a replaced upload's entries
sets same_as_id to NULL in the rows pointing at them; without the index each deleted entry
scanned the whole table)

Revision ID: 0011_entry_same_as_index
Revises: 0010_report
Create Date: 2026-12-02 10:20:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0011_entry_same_as_index'
down_revision = '0010_report'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('chronology_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chronology_entry_same_as_id'), ['same_as_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('chronology_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chronology_entry_same_as_id'))
