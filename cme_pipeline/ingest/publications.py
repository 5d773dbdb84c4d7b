"""Publications in the ledger: what the ingest log held, and which code built them, when the marts were
last published.

A turn of the service with no ledger entry newer than the last publication, run by the same code, has
nothing to rebuild or publish (service.py decides that before Dagster is imported). New code (an upgraded
pipeline, an edited model) rebuilds and republishes, even with nothing new in the inbox.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from cme_pipeline.ingest.ledger import INGEST_LOG, RAW_SCHEMA, raw_table_exists

PUBLISHED = f"{RAW_SCHEMA}._published"


PACKAGE_DIR = Path(__file__).resolve().parents[1]


def code_fingerprint(dbt_project_dir: Path) -> str:
    """A hash of the code that makes the publication: the dbt project's models, macros, seeds and settings,
    and this package (ingest, checks, publication, report). A few hundred small files: milliseconds."""
    digest = hashlib.sha256()
    for root, patterns in ((dbt_project_dir, ("*.sql", "*.yml", "*.csv")),
                           (PACKAGE_DIR, ("*.py", "*.j2", "*.css", "*.js", "*.yml"))):
        files = sorted({path for pattern in patterns for path in root.rglob(pattern)
                        if not {"target", "logs", "dbt_packages", "__pycache__"} & set(path.relative_to(root).parts)})
        for path in files:
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _ensure(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"create table if not exists {PUBLISHED} (ledger_seq bigint, run_id varchar, published_at timestamp)")
    con.execute(f"alter table {PUBLISHED} add column if not exists code_fingerprint varchar")


def record_publication(con: duckdb.DuckDBPyConnection, run_id: str, fingerprint: str) -> None:
    """What the ledger held, and which code ran, when the marts were published."""
    _ensure(con)
    con.execute(
        f"""insert into {PUBLISHED} (ledger_seq, run_id, published_at, code_fingerprint)
        select coalesce(max(log_seq), 0), ?, current_timestamp, ? from {INGEST_LOG}""",
        [run_id, fingerprint],
    )


def unpublished_changes(con: duckdb.DuckDBPyConnection, fingerprint: str) -> bool:
    """Whether the ledger has entries newer than the last publication, the code has changed since, or
    nothing was ever published."""
    if not raw_table_exists(con, "_published"):
        return True
    columns = {name for (name,) in con.execute(
        "select column_name from information_schema.columns where table_schema = ? and table_name = '_published'",
        [RAW_SCHEMA],
    ).fetchall()}
    last_code = "null" if "code_fingerprint" not in columns else (
        f"(select code_fingerprint from {PUBLISHED} order by published_at desc limit 1)"
    )
    [(latest, published, code)] = con.execute(
        f"select (select coalesce(max(log_seq), 0) from {INGEST_LOG}), (select max(ledger_seq) from {PUBLISHED}), "
        f"{last_code}"
    ).fetchall()
    return published is None or latest > published or code != fingerprint
