"""local dilemmas are archived instead of changed or deleted

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 07:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

import learnplatform.db_types


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('live_local_dilemma', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', learnplatform.db_types.UTCDateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('live_local_dilemma', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
