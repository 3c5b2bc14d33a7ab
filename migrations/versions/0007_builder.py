"""session start time; attendance list with random ids, an optional role and no per-row time

Revision ID: 0007_builder
Revises: 0006
Create Date: 2026-12-02 07:10:00.000000

The attendance table is rebuilt rather than altered: its integer ids and per-row times showed
the order in which people signed in, which is what must not be stored. Existing names are
copied with fresh random ids (in SQLite the new table has no rowid, so storage follows the
random id, not the order of arrival).
"""
import secrets
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa

import learnplatform.db_types


# revision identifiers, used by Alembic.
revision = '0007_builder'
down_revision = '0006'
branch_labels = None
depends_on = None


def _attendance_table(name):
    return op.create_table(
        name,
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('role', sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(['session_id'], ['live_session.id'],
                                name=op.f('fk_live_attendance_session_id_live_session'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_live_attendance')),
        sqlite_with_rowid=False,
    )


def upgrade():
    with op.batch_alter_table('live_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_at',
                                      learnplatform.db_types.UTCDateTime(timezone=True),
                                      nullable=True))
    bind = op.get_bind()
    rows = bind.execute(sa.text('SELECT session_id, name FROM live_attendance')).all()
    with op.batch_alter_table('live_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_attendance_session_id'))
    op.drop_table('live_attendance')
    table = _attendance_table('live_attendance')
    copied = sorted(({'id': secrets.token_urlsafe(16), 'session_id': session_id, 'name': name,
                      'role': None} for session_id, name in rows), key=lambda r: r['id'])
    if copied:
        op.bulk_insert(table, copied)
    with op.batch_alter_table('live_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_attendance_session_id'), ['session_id'],
                              unique=False)


def downgrade():
    bind = op.get_bind()
    rows = bind.execute(sa.text('SELECT session_id, name FROM live_attendance')).all()
    with op.batch_alter_table('live_attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_attendance_session_id'))
    op.drop_table('live_attendance')
    table = op.create_table(
        'live_attendance',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('session_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('created_at', learnplatform.db_types.UTCDateTime(timezone=True),
                  nullable=False),
        sa.ForeignKeyConstraint(['session_id'], ['live_session.id'],
                                name=op.f('fk_live_attendance_session_id_live_session'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_live_attendance')),
    )
    if rows:
        op.bulk_insert(table, [{'session_id': s, 'name': n,
                                'created_at': datetime.now(UTC)} for s, n in rows])
    with op.batch_alter_table('live_attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_attendance_session_id'), ['session_id'],
                              unique=False)
    with op.batch_alter_table('live_session', schema=None) as batch_op:
        batch_op.drop_column('started_at')
