"""dashboards: no tables of its own; joins the two heads this branch merged (hodata, learning)
so that `db upgrade` has one head. The integrator chains the capabilities' migrations in one
line at the merge, and then this file is dropped.

Revision ID: 0011_dashboards
Revises: 0006_hodata, 0007_learning
"""

revision = '0011_dashboards'
down_revision = ('0006_hodata', '0007_learning')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
