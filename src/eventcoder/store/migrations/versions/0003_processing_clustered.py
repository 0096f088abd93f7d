"""Processing state records whether an article's events have been clustered into incidents, and why an
article was not processed (too_costly).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07

Rows written before this revision are taken as clustered (the run that wrote them clustered at its end
unless it was killed; a store hit by that defect is repaired once with ``run --force``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add processing.clustered (1 for existing rows), skip_reason and skip_detail."""
    with op.batch_alter_table("processing") as batch:
        batch.add_column(sa.Column("clustered", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("skip_reason", sa.String(), nullable=True))
        batch.add_column(sa.Column("skip_detail", sa.Text(), nullable=True))
    op.create_index("ix_processing_skip_reason", "processing", ["skip_reason"], unique=False)


def downgrade() -> None:
    """Drop the three columns."""
    op.drop_index("ix_processing_skip_reason", table_name="processing")
    with op.batch_alter_table("processing") as batch:
        batch.drop_column("skip_detail")
        batch.drop_column("skip_reason")
        batch.drop_column("clustered")
