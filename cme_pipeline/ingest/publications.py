"""Publications in the ledger: what the ingest log held when the marts were last published.

A turn of the service with no ledger entry newer than the last publication has nothing to rebuild or
publish (service.py decides that before Dagster is imported).
"""

from __future__ import annotations

import duckdb

from cme_pipeline.ingest.ledger import INGEST_LOG, RAW_SCHEMA, raw_table_exists

PUBLISHED = f"{RAW_SCHEMA}._published"


def record_publication(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """What the ledger held when the marts were published: a run with nothing newer has nothing to do."""
    con.execute(f"create table if not exists {PUBLISHED} (ledger_seq bigint, run_id varchar, published_at timestamp)")
    con.execute(
        f"insert into {PUBLISHED} select coalesce(max(log_seq), 0), ?, current_timestamp from {INGEST_LOG}", [run_id]
    )


def unpublished_changes(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the ledger has entries newer than the last publication (or nothing was ever published)."""
    if not raw_table_exists(con, "_published"):
        return True
    [(latest, published)] = con.execute(
        f"select (select coalesce(max(log_seq), 0) from {INGEST_LOG}), (select max(ledger_seq) from {PUBLISHED})"
    ).fetchall()
    return published is None or latest > published
