"""Load inbox files into the warehouse's raw layer, file by file.

For each file: read it (CSV, Excel or Parquet), map its shape onto the contract, check every row at
the door, then in one transaction load the rows that pass into `raw.<feed>` and put the rest in
`raw._quarantine` with the reason, so rows read = rows loaded + rows quarantined, always. Casting
to types and resolving re-delivered keys across files happen in dbt staging.

What the warehouse already holds of each file is the ledger's business (ledger.py): re-running on the
same inbox is a no-op, a file re-delivered under the same name replaces its earlier version, and a
file taken out of the inbox takes its rows with it. A file that cannot be read at all loads nothing and
is reported by name; the feed's other files still load. Everything row-level runs inside DuckDB.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from cme_pipeline.contract import Feed
from cme_pipeline.ingest import work_tables as work
from cme_pipeline.ingest.ledger import (
    QUARANTINE,
    WARNINGS,
    FileResult,
    already_handled,
    ensure_raw_tables,
    latest_deliveries,
    log_delivery,
    note_touched_months,
    raw_table,
    raw_table_exists,
    remove_file_rows,
    withdraw_undelivered,
)
from cme_pipeline.ingest.mappings import Mapping, contract_mapping, mapped_select, mapping_for
from cme_pipeline.ingest.readers import SUPPORTED_SUFFIXES, FileRejected, read_delivery
from cme_pipeline.ingest.validation import Check, checked_select, duplicates_sql
from cme_pipeline.sql import quote_identifier, quote_literal

__all__ = ["FileRejected", "FeedResult", "FileResult", "load_feed", "SUPPORTED_SUFFIXES"]


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


def _cross_feed_checks(con: duckdb.DuckDBPyConnection, feed: Feed) -> list[tuple[str, Check]]:
    """Checks that need another feed: a proportion's numerator cannot exceed its denominator."""
    if feed.name != "metric_values":
        return []
    if not raw_table_exists(con, "metric_catalog"):
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
    """A JSON object of source columns (by header name) from the incoming table's positional columns."""
    if not columns:
        return "cast(null as json)"
    return "json_object(" + ", ".join(f"{quote_literal(name)}, c{i}" for i, name in columns) + ")"


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
        f"""
        update {work.CHECKED} as checked set _problem = duplicates._problem
        from {work.DUPLICATES} as duplicates where checked._source_line = duplicates._source_line
        """
    )
    columns = ", ".join(quote_identifier(name) for name in feed.column_names)
    file_values = [path.name, result.sha256, result.ingested_at]
    con.execute("begin transaction")
    try:
        # A file delivered again under the same name replaces its earlier version everywhere.
        remove_file_rows(con, feed, path.name)
        con.execute(
            f"""
            insert into {raw_table(feed)}
            select {columns}, _extra, ?, _source_line, ?, ?
            from {work.CHECKED} where _problem is null
            order by _source_line
            """,
            file_values,
        )
        con.execute(
            f"""
            insert into {QUARANTINE}
            select ?, ?, checked._source_line, checked._problem.column_name, checked._problem.rule,
                   checked._problem.reason, {_json_of(list(enumerate(read.header)))}, ?, ?
            from {work.CHECKED} as checked join {work.INCOMING} using (_source_line)
            where checked._problem is not null
            union all
            select ?, ?, _source_line, null, 'unreadable row', reason,
                   json_object('line', raw_text), ?, ?
            from {work.REJECTS}
            """,
            [feed.name, *file_values, feed.name, *file_values],
        )
        con.execute(
            f"""
            insert into {WARNINGS}
            select ?, ?, _source_line, _warning.column_name, _warning.rule, _warning.reason, ?
            from {work.CHECKED} where _warning is not null and _problem is null
            """,
            [feed.name, path.name, result.ingested_at],
        )
        counts = con.execute(
            f"""
            select count(*) filter (where _problem is null),
                   count(*) filter (where _problem is not null),
                   count(*) filter (where _warning is not null and _problem is null)
            from {work.CHECKED}
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
        note_touched_months(con, feed, path.name)
        log_delivery(con, result)
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


def load_feed(
    con: duckdb.DuckDBPyConnection,
    feed: Feed,
    folder: Path,
    mappings: list[Mapping] | None = None,
    files: Sequence[Path] | None = None,
) -> FeedResult:
    """Load every new or changed file of one feed folder (or only `files`, a part of it); others are skipped.

    Whatever part is loaded, withdrawal looks at the whole folder: a file is withdrawn only when it is
    no longer delivered.
    """
    ensure_raw_tables(con, feed)
    ingested_at = datetime.now(tz=UTC).replace(tzinfo=None)
    results: list[FileResult] = []
    delivered = delivered_files(folder)
    latest = latest_deliveries(con, feed)  # kept current as this run logs each file
    for path in delivered if files is None else sorted(files, key=lambda p: p.name):
        sha256 = sha256_of(path)
        delivered_at = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).replace(tzinfo=None)
        result = FileResult(feed.name, path.name, sha256, delivered_at, status="loaded", ingested_at=ingested_at)
        handled = already_handled(latest, result)
        if handled is not None:
            result.status, result.message = handled[0], handled[1] or ""
            if result.status == "duplicate":
                log_delivery(con, result)
        else:
            try:
                _load_file(con, feed, path, mappings or [], result)
            except FileRejected as rejected:
                result.status, result.message = "failed", str(rejected)
                log_delivery(con, result)
        results.append(result)
        if result.status != "unchanged":
            latest[result.file_name] = (result.sha256, result.status, result.message or None)
    for table in work.ALL:
        con.execute(f"drop table if exists {table}")
    if delivered:
        results += withdraw_undelivered(con, feed, {p.name for p in delivered}, ingested_at)
    table_rows = con.execute(f"select count(*) from {raw_table(feed)}").fetchone()[0]
    return FeedResult(feed.name, results, table_rows)
