"""overview report: sections with a version, revisions, comments, presence, conflict drafts,
feedback rounds (asks, items, reminders)

Revision ID: 0010_report
Revises: 0009_chronology
Create Date: 2026-12-02 04:34:52.343448

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_report'
down_revision = '0009_chronology'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('feedback_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('versions', sa.JSON(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['opened_by_id'], ['user.id'], name=op.f('fk_feedback_round_opened_by_id_user')),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_feedback_round_review_id_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_round'))
    )
    with op.batch_alter_table('feedback_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_round_review_id'), ['review_id'], unique=False)

    op.create_table('report_section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document', sa.Enum('overview', 'summary', name='reportdocument', native_enum=False, length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('heading', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('removed', sa.Boolean(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], name=op.f('fk_report_section_review_id_review'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_section'))
    )
    with op.batch_alter_table('report_section', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_section_review_id'), ['review_id'], unique=False)

    op.create_table('feedback_ask',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_feedback_ask_agency_id_agency')),
    sa.ForeignKeyConstraint(['round_id'], ['feedback_round.id'], name=op.f('fk_feedback_ask_round_id_feedback_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_ask')),
    sa.UniqueConstraint('round_id', 'agency_id', name=op.f('uq_feedback_ask_round_id'))
    )
    with op.batch_alter_table('feedback_ask', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_ask_agency_id'), ['agency_id'], unique=False)

    op.create_table('report_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('paragraph', sa.Integer(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_report_comment_author_id_user')),
    sa.ForeignKeyConstraint(['parent_id'], ['report_comment.id'], name=op.f('fk_report_comment_parent_id_report_comment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_report_comment_resolved_by_id_user')),
    sa.ForeignKeyConstraint(['section_id'], ['report_section.id'], name=op.f('fk_report_comment_section_id_report_section'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_comment'))
    )
    with op.batch_alter_table('report_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_comment_author_id'), ['author_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_comment_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_report_comment_section_id'), ['section_id'], unique=False)

    op.create_table('section_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['section_id'], ['report_section.id'], name=op.f('fk_section_draft_section_id_report_section'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_section_draft_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_section_draft')),
    sa.UniqueConstraint('section_id', 'user_id', name=op.f('uq_section_draft_section_id'))
    )
    with op.batch_alter_table('section_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_section_draft_user_id'), ['user_id'], unique=False)

    op.create_table('section_presence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['section_id'], ['report_section.id'], name=op.f('fk_section_presence_section_id_report_section'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_section_presence_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_section_presence')),
    sa.UniqueConstraint('section_id', 'user_id', name=op.f('uq_section_presence_section_id'))
    )
    with op.batch_alter_table('section_presence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_section_presence_user_id'), ['user_id'], unique=False)

    op.create_table('section_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('heading', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_section_revision_author_id_user')),
    sa.ForeignKeyConstraint(['section_id'], ['report_section.id'], name=op.f('fk_section_revision_section_id_report_section'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_section_revision')),
    sa.UniqueConstraint('section_id', 'number', name=op.f('uq_section_revision_section_id'))
    )
    with op.batch_alter_table('section_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_section_revision_author_id'), ['author_id'], unique=False)

    op.create_table('feedback_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ask_id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('paragraph', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('dealt_with_at', sa.DateTime(), nullable=True),
    sa.Column('dealt_with_by_id', sa.Integer(), nullable=True),
    sa.Column('response', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ask_id'], ['feedback_ask.id'], name=op.f('fk_feedback_item_ask_id_feedback_ask'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_feedback_item_author_id_user')),
    sa.ForeignKeyConstraint(['dealt_with_by_id'], ['user.id'], name=op.f('fk_feedback_item_dealt_with_by_id_user')),
    sa.ForeignKeyConstraint(['section_id'], ['report_section.id'], name=op.f('fk_feedback_item_section_id_report_section'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_item'))
    )
    with op.batch_alter_table('feedback_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_item_ask_id'), ['ask_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_item_section_id'), ['section_id'], unique=False)

    op.create_table('feedback_reminder',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ask_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ask_id'], ['feedback_ask.id'], name=op.f('fk_feedback_reminder_ask_id_feedback_ask'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback_reminder')),
    sa.UniqueConstraint('ask_id', 'kind', name=op.f('uq_feedback_reminder_ask_id'))
    )


def downgrade():
    op.drop_table('feedback_reminder')
    with op.batch_alter_table('feedback_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_item_section_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_item_ask_id'))

    op.drop_table('feedback_item')
    with op.batch_alter_table('section_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_section_revision_author_id'))

    op.drop_table('section_revision')
    with op.batch_alter_table('section_presence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_section_presence_user_id'))

    op.drop_table('section_presence')
    with op.batch_alter_table('section_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_section_draft_user_id'))

    op.drop_table('section_draft')
    with op.batch_alter_table('report_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_comment_section_id'))
        batch_op.drop_index(batch_op.f('ix_report_comment_parent_id'))
        batch_op.drop_index(batch_op.f('ix_report_comment_author_id'))

    op.drop_table('report_comment')
    with op.batch_alter_table('feedback_ask', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_ask_agency_id'))

    op.drop_table('feedback_ask')
    with op.batch_alter_table('report_section', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_section_review_id'))

    op.drop_table('report_section')
    with op.batch_alter_table('feedback_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_round_review_id'))

    op.drop_table('feedback_round')
