"""Load inbox files into the warehouse's raw layer, file by file, with an ingest log.

For each file: read it (CSV, Excel or Parquet), map its shape onto the contract, check every row at
the door, then in one transaction load the rows that pass into `raw.<feed>` and put the rest in
`raw._quarantine` with the reason, so rows read = rows loaded + rows quarantined, always. Casting
to types and resolving re-delivered keys across files happen in dbt staging.

Each file is recorded in `raw._ingest_log` by checksum: re-running on the same inbox is a no-op, a
file re-delivered under the same name replaces its earlier version, and a file taken out of the
inbox takes its rows with it. A file that cannot be read at all loads nothing and is reported by
name; the feed's other files still load. Everything row-level runs inside DuckDB.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from cme_pipeline.contract import Feed
from cme_pipeline.ingest.mappings import Mapping, contract_mapping, mapped_select, mapping_for
from cme_pipeline.ingest.readers import SUPPORTED_SUFFIXES, FileRejected, read_delivery
from cme_pipeline.ingest.validation import Check, checked_select, duplicates_sql

RAW_SCHEMA = "raw"
INGEST_LOG = f"{RAW_SCHEMA}._ingest_log"
QUARANTINE = f"{RAW_SCHEMA}._quarantine"
WARNINGS = f"{RAW_SCHEMA}._ingest_warnings"

__all__ = ["FileRejected", "FeedResult", "FileResult", "load_feed", "SUPPORTED_SUFFIXES"]


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


def _latest_deliveries(con: duckdb.DuckDBPyConnection, feed: Feed) -> dict[str, tuple[str, str, str | None]]:
    """Each file's latest log entry in this feed: file name -> (sha256, status, message)."""
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


def _already_handled(
    latest: dict[str, tuple[str, str, str | None]], result: FileResult
) -> tuple[str, str | None] | None:
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


def _cross_feed_checks(con: duckdb.DuckDBPyConnection, feed: Feed) -> list[tuple[str, Check]]:
    """Checks that need another feed: a proportion's numerator cannot exceed its denominator."""
    if feed.name != "metric_values":
        return []
    catalog = con.execute(
        "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = 'metric_catalog'"
    ).fetchone()[0]
    if not catalog:
        return []
    proportions = "(select metric_id from raw.metric_catalog where lower(trim(scoring)) = 'proportion')"
    return [
        (
            "numerator",
            Check(
                bad=(f"metric_id in {proportions} and try_cast(numerator as double) > try_cast(denominator as double)"),
                rule="numerator exceeds denominator of a proportion",
                reason="'numerator ' || numerator || ' exceeds denominator ' || denominator "
                "|| ' of proportion metric ' "
                "|| metric_id",
            ),
        )
    ]


def _json_of(columns: list[tuple[int, str]]) -> str:
    """A JSON object of source columns (by header name) from `_incoming`'s positional columns."""
    if not columns:
        return "cast(null as json)"
    return "json_object(" + ", ".join(f"'{name.replace(chr(39), chr(39) * 2)}', c{i}" for i, name in columns) + ")"


def _load_file(
    con: duckdb.DuckDBPyConnection,
    feed: Feed,
    path: Path,
    mappings: list[Mapping],
    result: FileResult,
) -> None:
    label = f"{feed.name}/{path.name}"
    chosen = mapping_for(mappings, feed.name, path.name)
    read = read_delivery(con, path, label, sheet=chosen.sheet if chosen else None)
    mapping = chosen or contract_mapping(feed.name, read.header)
    result.mapping = mapping.origin
    selected = mapped_select(mapping, read.header, label)
    extra = [(i, name) for i, name in enumerate(read.header) if name and name not in selected.used_sources]
    known = {name.lower() for name in mapping.extra_columns}
    result.extra_columns = [name for _, name in extra if name.lower() not in known]
    con.execute(checked_select(feed, selected.expressions, _json_of(extra), _cross_feed_checks(con, feed)))
    con.execute(duplicates_sql(feed))
    con.execute(
        """
        update _checked set _problem = _duplicates._problem
        from _duplicates where _checked._source_line = _duplicates._source_line
        """
    )
    columns = ", ".join(f'"{name}"' for name in feed.column_names)
    file_values = [path.name, result.sha256, result.ingested_at]
    con.execute("begin transaction")
    try:
        # A file delivered again under the same name replaces its earlier version everywhere.
        for table, column in (
            (raw_table(feed), "_source_file"),
            (QUARANTINE, "source_file"),
            (WARNINGS, "source_file"),
        ):
            extra_filter = "" if table == raw_table(feed) else " and feed = ?"
            params = [path.name] if table == raw_table(feed) else [path.name, feed.name]
            con.execute(f"delete from {table} where {column} = ?{extra_filter}", params)
        con.execute(
            f"""
            insert into {raw_table(feed)}
            select {columns}, _extra, ?, _source_line, ?, ?
            from _checked where _problem is null
            order by _source_line
            """,
            file_values,
        )
        con.execute(
            f"""
            insert into {QUARANTINE}
            select ?, ?, checked._source_line, checked._problem.column_name, checked._problem.rule,
                   checked._problem.reason, {_json_of(list(enumerate(read.header)))}, ?, ?
            from _checked as checked join _incoming using (_source_line)
            where checked._problem is not null
            union all
            select ?, ?, _source_line, null, 'unreadable row', reason,
                   json_object('line', raw_text), ?, ?
            from _rejects
            """,
            [feed.name, *file_values, feed.name, *file_values],
        )
        con.execute(
            f"""
            insert into {WARNINGS}
            select ?, ?, _source_line, _warning.column_name, _warning.rule, _warning.reason, ?
            from _checked where _warning is not null and _problem is null
            """,
            [feed.name, path.name, result.ingested_at],
        )
        counts = con.execute(
            """
            select count(*) filter (where _problem is null),
                   count(*) filter (where _problem is not null),
                   count(*) filter (where _warning is not null and _problem is null)
            from _checked
            """
        ).fetchone()
        result.rows_loaded, quarantined, result.rows_with_warnings = counts
        result.rows_quarantined = quarantined + read.rejected
        result.rows_read = read.records + read.rejected
        if result.rows_read != result.rows_loaded + result.rows_quarantined:
            raise AssertionError(
                f"{label}: {result.rows_read} read but {result.rows_loaded} loaded "
                f"+ {result.rows_quarantined} quarantined"
            )
        if result.extra_columns:
            result.message = f"columns not in the contract kept in raw._extra: {', '.join(result.extra_columns)}"
        _log(con, result)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    result.top_reasons = con.execute(
        f"""
        select rule, count(*) from {QUARANTINE}
        where feed = ? and source_file = ? group by rule order by count(*) desc, rule limit 5
        """,
        [feed.name, path.name],
    ).fetchall()


def _log(con: duckdb.DuckDBPyConnection, result: FileResult) -> None:
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


def _withdraw_missing(
    con: duckdb.DuckDBPyConnection, feed: Feed, present: list[str], ingested_at: datetime
) -> list[FileResult]:
    """Drop the rows of files taken out of the inbox: the inbox is the whole set of deliveries.

    Only called when the folder holds files, so a wrong or empty inbox path never empties a table.
    """
    gone = sorted(
        (name, sha256)
        for name, (sha256, status, _) in _latest_deliveries(con, feed).items()
        if name not in present and status != "withdrawn"
    )
    withdrawn = []
    for file_name, sha256 in gone:
        rows = con.execute(f"select count(*) from {raw_table(feed)} where _source_file = ?", [file_name]).fetchone()[0]
        con.execute(f"delete from {raw_table(feed)} where _source_file = ?", [file_name])
        for table in (QUARANTINE, WARNINGS):
            con.execute(f"delete from {table} where feed = ? and source_file = ?", [feed.name, file_name])
        result = FileResult(
            feed.name,
            file_name,
            sha256,
            ingested_at,
            status="withdrawn",
            ingested_at=ingested_at,
            message=f"{feed.name}/{file_name} is no longer in the inbox: its {rows} rows were removed",
        )
        _log(con, result)
        withdrawn.append(result)
    return withdrawn


def load_feed(
    con: duckdb.DuckDBPyConnection, feed: Feed, folder: Path, mappings: list[Mapping] | None = None
) -> FeedResult:
    """Load every new or changed file of one feed folder; files already loaded are skipped."""
    ensure_raw_tables(con, feed)
    ingested_at = datetime.now(tz=UTC).replace(tzinfo=None)
    results: list[FileResult] = []
    latest = _latest_deliveries(con, feed)  # kept current as this run logs each file
    for path in delivered_files(folder):
        sha256 = sha256_of(path)
        delivered_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).replace(tzinfo=None)
        result = FileResult(feed.name, path.name, sha256, delivered_at, status="loaded", ingested_at=ingested_at)
        handled = _already_handled(latest, result)
        if handled is not None:
            result.status, result.message = handled[0], handled[1] or ""
            if result.status == "duplicate":
                _log(con, result)
        else:
            try:
                _load_file(con, feed, path, mappings or [], result)
            except FileRejected as rejected:
                result.status, result.message = "failed", str(rejected)
                _log(con, result)
        results.append(result)
        if result.status != "unchanged":
            latest[result.file_name] = (result.sha256, result.status, result.message or None)
    for temp in ("_incoming", "_rejects", "_checked", "_duplicates"):
        con.execute(f"drop table if exists {temp}")
    if results:
        results += _withdraw_missing(con, feed, [r.file_name for r in results], ingested_at)
    table_rows = con.execute(f"select count(*) from {raw_table(feed)}").fetchone()[0]
    return FeedResult(feed.name, results, table_rows)
