"""The ledger of deliveries: raw tables, the ingest log, quarantine, warnings, and withdrawal.

`raw._ingest_log` holds one entry per thing that happened to a delivered file (loaded, failed,
duplicate, withdrawn), by checksum, so the latest entry of each file name says what the warehouse
holds of it. The loader (loader.py) decides what happens to one file; this module records it and keeps
the raw tables, quarantine and warnings consistent with the log.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import duckdb

from cme_pipeline.contract import FEEDS, Feed
from cme_pipeline.sql import quote_identifier, quote_literal

RAW_SCHEMA = "raw"
INGEST_LOG = f"{RAW_SCHEMA}._ingest_log"
QUARANTINE = f"{RAW_SCHEMA}._quarantine"
WARNINGS = f"{RAW_SCHEMA}._ingest_warnings"
PENDING_MONTHS = f"{RAW_SCHEMA}._pending_months"

# Feeds whose rows every month's rollup reads: a change to them touches every month of metric values.
EVERY_MONTH_FEEDS = ("roster", "metric_catalog")


@dataclass
class FileResult:
    feed: str
    file_name: str
    sha256: str
    delivered_at: datetime
    status: str  # loaded | unchanged | duplicate | failed | withdrawn
    ingested_at: datetime | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    rows_with_warnings: int = 0
    message: str = ""
    mapping: str = ""
    extra_columns: list[str] = field(default_factory=list)
    top_reasons: list[tuple[str, int]] = field(default_factory=list)


# A file name's latest entry: (sha256, status, message).
Latest = dict[str, tuple[str, str, str | None]]


def raw_table(feed: Feed) -> str:
    return f"{RAW_SCHEMA}.{feed.name}"


def ensure_raw_tables(con: duckdb.DuckDBPyConnection, feed: Feed) -> None:
    """Create the raw table, the ingest log, quarantine and warnings, adding contract columns new since."""
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    con.execute(f"create sequence if not exists {INGEST_LOG}_seq")
    con.execute(
        f"""
        create table if not exists {INGEST_LOG} (
            log_seq bigint primary key default nextval('{INGEST_LOG}_seq'),
            feed varchar not null,
            file_name varchar not null,
            sha256 varchar not null,
            delivered_at timestamp,
            ingested_at timestamp not null,
            status varchar not null,
            rows_read bigint not null,
            rows_loaded bigint not null,
            rows_quarantined bigint not null,
            rows_with_warnings bigint not null default 0,
            mapping varchar,
            message varchar
        )
        """
    )
    con.execute(
        f"""
        create table if not exists {QUARANTINE} (
            feed varchar not null,
            source_file varchar not null,
            source_line bigint,
            column_name varchar,
            rule varchar not null,
            reason varchar not null,
            raw_record json,
            file_sha256 varchar not null,
            ingested_at timestamp not null
        )
        """
    )
    con.execute(
        f"""
        create table if not exists {WARNINGS} (
            feed varchar not null,
            source_file varchar not null,
            source_line bigint,
            column_name varchar,
            rule varchar not null,
            reason varchar not null,
            ingested_at timestamp not null
        )
        """
    )
    con.execute(f"create table if not exists {PENDING_MONTHS} (period varchar primary key, noted_at timestamp)")
    columns = ", ".join(f"{quote_identifier(name)} varchar" for name in feed.column_names)
    con.execute(
        f"""
        create table if not exists {raw_table(feed)} (
            {columns},
            _extra json,
            _source_file varchar not null,
            _source_line bigint not null,
            _file_sha256 varchar not null,
            _ingested_at timestamp not null
        )
        """
    )
    for name in feed.column_names:
        con.execute(f"alter table {raw_table(feed)} add column if not exists {quote_identifier(name)} varchar")


def latest_deliveries(con: duckdb.DuckDBPyConnection, feed: Feed) -> Latest:
    """Each file's latest log entry in this feed (the same rule as dbt's `stg_deliveries`)."""
    rows = con.execute(
        f"""
        select file_name, arg_max(sha256, log_seq), arg_max(status, log_seq), arg_max(message, log_seq)
        from {INGEST_LOG}
        where feed = ?
        group by file_name
        """,
        [feed.name],
    ).fetchall()
    return {name: (sha, status, message) for name, sha, status, message in rows}


def delivered_state(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], str]:
    """(feed, file name) -> sha256 of every file the warehouse holds an answer for (loaded, refused or a
    duplicate), as of its latest entry (`latest_deliveries`): what the inbox sensor compares the inbox against."""
    if not raw_table_exists(con, "_ingest_log"):
        return {}
    return {
        (feed.name, name): sha
        for feed in FEEDS.values()
        for name, (sha, status, _) in latest_deliveries(con, feed).items()
        if status != "withdrawn"
    }


def already_handled(latest: Latest, result: FileResult) -> tuple[str, str | None] | None:
    """What to report, without logging again, for bytes this feed has already seen; None to process them.

    The same bytes as last time under the same name are unchanged (or still unreadable); the same
    bytes as another file that is loaded are a duplicate delivery. Neither adds a row anywhere.
    """
    sha, status, message = latest.get(result.file_name, (None, None, None))
    loaded_twin = next(
        (
            name
            for name, (other_sha, other_status, _) in latest.items()
            if name != result.file_name and other_sha == result.sha256 and other_status == "loaded"
        ),
        None,
    )
    if sha == result.sha256 and status == "loaded":
        return "unchanged", None
    if sha == result.sha256 and status == "failed":
        return "failed", message
    if loaded_twin is not None:
        note = f"same content as {loaded_twin}, already loaded: nothing to load"
        return ("unchanged" if (sha, status) == (result.sha256, "duplicate") else "duplicate"), note
    return None


def note_touched_months(con: duckdb.DuckDBPyConnection, feed: Feed, file_name: str) -> None:
    """Mark the months whose metric values a file's rows change as pending a rebuild: the months of a metric
    values file's rows (called before its rows are removed and after new ones are loaded), or every month
    for a feed every month's rollup reads. The month-partitioned dbt models rebuild exactly these."""
    if feed.name == "metric_values":
        rows = f"select distinct period from raw.metric_values where _source_file = {quote_literal(file_name)}"
    elif feed.name in EVERY_MONTH_FEEDS and raw_table_exists(con, "metric_values"):
        rows = "select distinct period from raw.metric_values"
    else:
        return
    con.execute(
        f"""
        insert into {PENDING_MONTHS} by name
        select period, current_timestamp as noted_at from ({rows}) as touched
        where period is not null
        on conflict do nothing
        """
    )


def note_pending_months(con: duckdb.DuckDBPyConnection, months: list[str]) -> None:
    """Months a run was asked to rebuild (a partition window, `--months`), added to those a delivery touched."""
    if months:
        con.execute(
            f"insert into {PENDING_MONTHS} select unnest(?::varchar[]), current_timestamp on conflict do nothing",
            [months],
        )


def pending_months(con: duckdb.DuckDBPyConnection) -> list[str]:
    if not raw_table_exists(con, "_pending_months"):
        return []
    return [period for (period,) in con.execute(f"select period from {PENDING_MONTHS} order by period").fetchall()]


def clear_pending_months(con: duckdb.DuckDBPyConnection, months: list[str]) -> None:
    if months and raw_table_exists(con, "_pending_months"):
        con.execute(f"delete from {PENDING_MONTHS} where period in (select unnest(?::varchar[]))", [months])


def raw_table_exists(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [RAW_SCHEMA, table],
        ).fetchone()[0]
    )


def remove_file_rows(con: duckdb.DuckDBPyConnection, feed: Feed, file_name: str) -> int:
    """Take one delivered file's rows out of the raw table, quarantine and warnings; returns raw rows removed."""
    note_touched_months(con, feed, file_name)
    rows = con.execute(f"select count(*) from {raw_table(feed)} where _source_file = ?", [file_name]).fetchone()[0]
    con.execute(f"delete from {raw_table(feed)} where _source_file = ?", [file_name])
    for table in (QUARANTINE, WARNINGS):
        con.execute(f"delete from {table} where feed = ? and source_file = ?", [feed.name, file_name])
    return rows


def log_delivery(con: duckdb.DuckDBPyConnection, result: FileResult) -> None:
    con.execute(
        f"""
        insert into {INGEST_LOG} (feed, file_name, sha256, delivered_at, ingested_at, status, rows_read,
                                  rows_loaded, rows_quarantined, rows_with_warnings, mapping, message)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            result.feed,
            result.file_name,
            result.sha256,
            result.delivered_at,
            result.ingested_at,
            result.status,
            result.rows_read,
            result.rows_loaded,
            result.rows_quarantined,
            result.rows_with_warnings,
            result.mapping or None,
            result.message or None,
        ],
    )


def withdraw_undelivered(
    con: duckdb.DuckDBPyConnection, feed: Feed, delivered: set[str], ingested_at: datetime
) -> list[FileResult]:
    """Drop the rows of files no longer delivered: the feed's folder is the whole set of deliveries.

    `delivered` is every file in the folder, not the files one run chose to load, so a run over part
    of a feed (one month, say) never withdraws the rest. Called only when the folder holds files, so a
    wrong or empty inbox path never empties a table.
    """
    gone = sorted(
        (name, sha256)
        for name, (sha256, status, _) in latest_deliveries(con, feed).items()
        if name not in delivered and status != "withdrawn"
    )
    withdrawn = []
    for file_name, sha256 in gone:
        rows = remove_file_rows(con, feed, file_name)
        result = FileResult(
            feed.name,
            file_name,
            sha256,
            ingested_at,
            status="withdrawn",
            ingested_at=ingested_at,
            message=f"{feed.name}/{file_name} is no longer in the inbox: its {rows} rows were removed",
        )
        log_delivery(con, result)
        withdrawn.append(result)
    return withdrawn
