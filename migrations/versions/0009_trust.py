"""ids never reused, random participant and vote ids

Revision ID: 0009_trust
Revises: 0008_griffie
Create Date: 2026-12-02 07:15:00.000000

SQLite reuses the highest rowid after a delete unless a table is AUTOINCREMENT: a new account
could receive a deleted trainer's id (and with it their sessions). Accounts, organisations and the
live tables become AUTOINCREMENT. Participants and votes get random 53-bit ids from the
application (so their ids keep no order of arrival); on PostgreSQL those columns become BIGINT
without a sequence default.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_trust'
down_revision = '0008_griffie'
branch_labels = None
depends_on = None

AUTOINCREMENT = ['organisation', 'user', 'live_session', 'live_session_item',
                 'live_local_dilemma', 'live_vote_round', 'live_argument']


def _sqlite_recreate(table, autoincrement):
    # recreate="always" copies the table; foreign keys are off during migrations (env.py)
    with op.batch_alter_table(table, recreate='always',
                              table_kwargs={'sqlite_autoincrement': autoincrement}):
        pass


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for table in AUTOINCREMENT:
            _sqlite_recreate(table, True)
        return
    for table in ('live_participant', 'live_vote'):
        op.alter_column(table, 'id', server_default=None, type_=sa.BigInteger(),
                        existing_type=sa.Integer(), existing_nullable=False)
    op.alter_column('live_vote', 'participant_id', type_=sa.BigInteger(),
                    existing_type=sa.Integer(), existing_nullable=False)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        for table in AUTOINCREMENT:
            _sqlite_recreate(table, False)
        return
    op.alter_column('live_vote', 'participant_id', type_=sa.Integer(),
                    existing_type=sa.BigInteger(), existing_nullable=False)
    for table in ('live_participant', 'live_vote'):
        op.alter_column(table, 'id', type_=sa.Integer(), existing_type=sa.BigInteger(),
                        existing_nullable=False)
