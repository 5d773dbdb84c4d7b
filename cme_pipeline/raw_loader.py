"""Load inbox files into the warehouse's raw layer, file by file, with an ingest log.

The raw layer keeps every delivered row as text, exactly as delivered (trimmed, empty as
NULL), tagged with its file and line: casting and de-duplication happen in dbt staging, so
a bad value is never lost before someone can see it. Each file is loaded in its own
transaction and recorded in `raw._ingest_log` by checksum, so re-running on the same inbox
is a no-op and a re-delivered file replaces its earlier version instead of adding to it.

Everything row-level runs inside DuckDB: Python only walks the list of files.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from cme_pipeline.contract import Feed

RAW_SCHEMA = "raw"
INGEST_LOG = f"{RAW_SCHEMA}._ingest_log"
READABLE_SUFFIXES = (".csv",)
LINEAGE_COLUMNS = ("_extra", "_source_file", "_source_line", "_file_sha256", "_ingested_at")


class FileRejected(Exception):
    """A whole file cannot be loaded; the message names the file and what is wrong."""


@dataclass
class FileResult:
    feed: str
    file_name: str
    sha256: str
    delivered_at: datetime
    status: str  # loaded | unchanged | failed | withdrawn
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    message: str = ""
    extra_columns: list[str] = field(default_factory=list)


@dataclass
class FeedResult:
    feed: str
    files: list[FileResult]
    table_rows: int

    @property
    def failures(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "failed"]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def delivered_files(folder: Path) -> list[Path]:
    """The feed's files in name order: the contract says a later name wins on a repeated key."""
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$"))),
        key=lambda p: p.name,
    )


def raw_table(feed: Feed) -> str:
    return f"{RAW_SCHEMA}.{feed.name}"


def ensure_raw_tables(con: duckdb.DuckDBPyConnection, feed: Feed) -> None:
    """Create the raw table and the ingest log, adding any contract column that is new since."""
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
            message varchar
        )
        """
    )
    columns = ", ".join(f'"{name}" varchar' for name in feed.column_names)
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
        con.execute(f'alter table {raw_table(feed)} add column if not exists "{name}" varchar')


def _already_loaded(con: duckdb.DuckDBPyConnection, feed: Feed, file_name: str, sha256: str) -> bool:
    """True when this file's latest log entry loaded exactly these bytes (not since withdrawn or failed)."""
    row = con.execute(
        f"""
        select sha256, status from {INGEST_LOG}
        where feed = ? and file_name = ? and status <> 'unchanged'
        order by log_seq desc
        limit 1
        """,
        [feed.name, file_name],
    ).fetchone()
    return row is not None and row[0] == sha256 and row[1] == "loaded"


def _read_into_incoming(con: duckdb.DuckDBPyConnection, feed: Feed, path: Path) -> list[str]:
    """Read one file into the temp table `_incoming` (text columns plus `_source_line`).

    `_source_line` counts the header as line 1. DuckDB keeps a single file's rows in file
    order (insertion order is preserved), which the tests check on a large file.
    """
    label = f"{feed.name}/{path.name}"
    if path.suffix.lower() not in READABLE_SUFFIXES:
        raise FileRejected(f"{label}: unsupported file type '{path.suffix}' (expected .csv)")
    try:
        con.execute(
            """
            create or replace temp table _incoming as
            select *, row_number() over () + 1 as _source_line
            from read_csv(?, all_varchar = true, header = true, delim = ',', quote = '"',
                          escape = '"', auto_detect = true)
            """,
            [str(path)],
        )
    except duckdb.Error as error:
        first_line = str(error).strip().splitlines()[0]
        raise FileRejected(f"{label}: cannot be read as CSV ({first_line})") from error
    return [row[0] for row in con.execute("describe _incoming").fetchall() if row[0] != "_source_line"]


def _load_file(
    con: duckdb.DuckDBPyConnection,
    feed: Feed,
    path: Path,
    sha256: str,
    delivered_at: datetime,
    ingested_at: datetime,
) -> FileResult:
    result = FileResult(feed.name, path.name, sha256, delivered_at, status="loaded")
    header = _read_into_incoming(con, feed, path)
    by_contract_name = {name.strip().lower(): name for name in header}
    missing = [name for name in feed.required_columns if name not in by_contract_name]
    if missing:
        raise FileRejected(
            f"{feed.name}/{path.name}: missing required column(s) {', '.join(missing)} "
            f"(header has: {', '.join(header)})"
        )
    known = set(feed.column_names)
    result.extra_columns = [name for key, name in by_contract_name.items() if key not in known]

    def value(name: str) -> str:
        source = by_contract_name.get(name)
        return f"""nullif(trim("{source}"), '')""" if source else "cast(null as varchar)"

    extra = (
        "json_object(" + ", ".join(f"""'{name}', "{name}" """ for name in result.extra_columns) + ")"
        if result.extra_columns
        else "cast(null as json)"
    )
    select_list = ", ".join(f'{value(name)} as "{name}"' for name in feed.column_names)
    result.rows_read = con.execute("select count(*) from _incoming").fetchone()[0]
    con.execute("begin transaction")
    try:
        # A file delivered again under the same name replaces its earlier version.
        con.execute(f"delete from {raw_table(feed)} where _source_file = ?", [path.name])
        con.execute(
            f"""
            insert into {raw_table(feed)}
            select {select_list}, {extra}, ?, _source_line, ?, ?
            from _incoming
            """,
            [path.name, sha256, ingested_at],
        )
        result.rows_loaded = result.rows_read
        _log(con, result, ingested_at)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    return result


def _log(con: duckdb.DuckDBPyConnection, result: FileResult, ingested_at: datetime) -> None:
    con.execute(
        f"""
        insert into {INGEST_LOG} (feed, file_name, sha256, delivered_at, ingested_at, status,
                                  rows_read, rows_loaded, rows_quarantined, message)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [
            result.feed,
            result.file_name,
            result.sha256,
            result.delivered_at,
            ingested_at,
            result.status,
            result.rows_read,
            result.rows_loaded,
            result.rows_quarantined,
            result.message or None,
        ],
    )


def _withdraw_missing(
    con: duckdb.DuckDBPyConnection, feed: Feed, present: list[str], ingested_at: datetime
) -> list[FileResult]:
    """Drop the rows of files taken out of the inbox: the inbox is the whole set of deliveries.

    Only called when the folder holds files, so a wrong or empty inbox path never empties a table.
    """
    gone = con.execute(
        f"""
        select _source_file, any_value(_file_sha256), count(*)
        from {raw_table(feed)}
        where _source_file not in (select unnest(?::varchar[]))
        group by _source_file
        order by _source_file
        """,
        [present],
    ).fetchall()
    withdrawn = []
    for file_name, sha256, rows in gone:
        con.execute(f"delete from {raw_table(feed)} where _source_file = ?", [file_name])
        result = FileResult(
            feed.name, file_name, sha256, ingested_at, status="withdrawn",
            message=f"{feed.name}/{file_name} is no longer in the inbox: its {rows} rows were removed",
        )
        _log(con, result, ingested_at)
        withdrawn.append(result)
    return withdrawn


def load_feed(con: duckdb.DuckDBPyConnection, feed: Feed, folder: Path) -> FeedResult:
    """Load every new or changed file of one feed folder; files already loaded are skipped."""
    ensure_raw_tables(con, feed)
    ingested_at = datetime.now(tz=UTC).replace(tzinfo=None)
    results: list[FileResult] = []
    for path in delivered_files(folder):
        sha256 = sha256_of(path)
        delivered_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).replace(tzinfo=None)
        if _already_loaded(con, feed, path.name, sha256):
            results.append(FileResult(feed.name, path.name, sha256, delivered_at, status="unchanged"))
            continue
        try:
            results.append(_load_file(con, feed, path, sha256, delivered_at, ingested_at))
        except FileRejected as rejected:
            failed = FileResult(
                feed.name, path.name, sha256, delivered_at, status="failed", message=str(rejected)
            )
            _log(con, failed, ingested_at)
            results.append(failed)
    con.execute("drop table if exists _incoming")
    if results:
        results += _withdraw_missing(con, feed, [r.file_name for r in results], ingested_at)
    table_rows = con.execute(f"select count(*) from {raw_table(feed)}").fetchone()[0]
    return FeedResult(feed.name, results, table_rows)
