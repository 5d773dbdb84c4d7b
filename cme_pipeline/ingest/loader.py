"""Load inbox files into the warehouse's raw layer, file by file.

For each file: read it (CSV, Excel or Parquet), map its shape onto the contract, check every row at
the door, then in one transaction load the rows that pass into `raw.<feed>` and put the rest in
`raw._quarantine` with the reason, so rows read = rows loaded + rows quarantined, always. CSV files
sharing a header and mapping are read, checked and loaded together, in one pass, each keeping its own
ledger entry and line numbers; when such a batch cannot be read, its files are loaded one by one. Casting
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
from cme_pipeline.ingest.readers import SUPPORTED_SUFFIXES, FileRejected, csv_header, read_delivery
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


def _load_batch(
    con: duckdb.DuckDBPyConnection,
    feed: Feed,
    paths: list[Path],
    chosen: Mapping | None,
    results: list[FileResult],
) -> None:
    """Read, check and load files of one format, header and mapping together, in one transaction; each
    file keeps its own ledger entry, counts and quarantine. Raises FileRejected for the batch as a whole."""
    label = f"{feed.name}/{paths[0].name}" if len(paths) == 1 else f"{feed.name}/ ({len(paths)} files)"
    read = read_delivery(con, paths, label, sheet=chosen.sheet if chosen else None)
    mapping = chosen or contract_mapping(feed.name, read.header)
    selected = mapped_select(mapping, read.header, label)
    extra = [(i, name) for i, name in enumerate(read.header) if name and name not in selected.used_sources]
    known = {name.lower() for name in mapping.extra_columns}
    extra_columns = [name for _, name in extra if name.lower() not in known]
    con.execute(checked_select(feed, selected.expressions, _json_of(extra), _cross_feed_checks(con, feed)))
    con.execute(duplicates_sql(feed))
    con.execute(
        f"""
        update {work.CHECKED} as checked set _problem = duplicates._problem
        from {work.DUPLICATES} as duplicates
        where checked._file = duplicates._file and checked._source_line = duplicates._source_line
        """
    )
    con.execute(
        f"create or replace temp table {work.BATCH_FILES} (_file integer, file_name varchar, sha256 varchar)"
    )
    con.executemany(
        f"insert into {work.BATCH_FILES} values (?, ?, ?)",
        [[i, result.file_name, result.sha256] for i, result in enumerate(results)],
    )
    ingested_at = results[0].ingested_at
    columns = ", ".join(quote_identifier(name) for name in feed.column_names)
    counts = {
        index: (loaded, quarantined, warned)
        for index, loaded, quarantined, warned in con.execute(
            f"""
            select _file, count(*) filter (where _problem is null),
                   count(*) filter (where _problem is not null),
                   count(*) filter (where _warning is not null and _problem is null)
            from {work.CHECKED} group by _file
            """
        ).fetchall()
    }
    con.execute("begin transaction")
    try:  # columns named: a warehouse from an earlier contract has its newer columns at the end (ensure_raw_tables)
        for result in results:
            # A file delivered again under the same name replaces its earlier version everywhere.
            remove_file_rows(con, feed, result.file_name)
        con.execute(
            f"""
            insert into {raw_table(feed)} ({columns}, _extra, _source_file, _source_line, _file_sha256, _ingested_at)
            select {columns}, _extra, files.file_name, _source_line, files.sha256, ?
            from {work.CHECKED} join {work.BATCH_FILES} as files using (_file)
            where _problem is null
            """,
            [ingested_at],
        )
        con.execute(
            f"""
            insert into {QUARANTINE}
            select ?, files.file_name, checked._source_line, checked._problem.column_name, checked._problem.rule,
                   checked._problem.reason, {_json_of(list(enumerate(read.header)))}, files.sha256, ?
            from {work.CHECKED} as checked
            join {work.INCOMING} using (_file, _source_line)
            join {work.BATCH_FILES} as files using (_file)
            where checked._problem is not null
            union all
            select ?, files.file_name, _source_line, null, 'unreadable row', reason,
                   json_object('line', raw_text), files.sha256, ?
            from {work.REJECTS} join {work.BATCH_FILES} as files using (_file)
            """,
            [feed.name, ingested_at, feed.name, ingested_at],
        )
        con.execute(
            f"""
            insert into {WARNINGS}
            select ?, files.file_name, _source_line, _warning.column_name, _warning.rule, _warning.reason, ?
            from {work.CHECKED} join {work.BATCH_FILES} as files using (_file)
            where _warning is not null and _problem is null
            """,
            [feed.name, ingested_at],
        )
        for index, result in enumerate(results):
            result.mapping = mapping.origin
            result.extra_columns = extra_columns
            result.rows_loaded, quarantined, result.rows_with_warnings = counts.get(index, (0, 0, 0))
            result.rows_quarantined = quarantined + read.rejected[index]
            result.rows_read = read.records[index] + read.rejected[index]
            if result.rows_read != result.rows_loaded + result.rows_quarantined:
                raise AssertionError(
                    f"{feed.name}/{result.file_name}: {result.rows_read} read but {result.rows_loaded} loaded "
                    f"+ {result.rows_quarantined} quarantined"
                )
            if extra_columns:
                result.message = f"columns not in the contract kept in raw._extra: {', '.join(extra_columns)}"
            note_touched_months(con, feed, result.file_name)
            log_delivery(con, result)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise
    for result in results:
        result.top_reasons = con.execute(
            f"""
            select rule, count(*) from {QUARANTINE}
            where feed = ? and source_file = ? group by rule order by count(*) desc, rule limit 5
            """,
            [feed.name, result.file_name],
        ).fetchall()


# CSV files read together in one pass: big enough to spread per-file costs, small enough to bound memory.
BATCH_BYTES = 128 * 2**20


def _batches(todo: list[tuple[Path, FileResult]], mappings: list[Mapping]) -> list[list[tuple[Path, FileResult]]]:
    """Files to load, grouped: CSV files with the same header and mapping, up to BATCH_BYTES a group; any
    other file (or a CSV whose header cannot be read, refused on its own) alone."""
    groups: dict[tuple, list[list[tuple[Path, FileResult]]]] = {}
    alone = []
    for path, result in todo:
        chosen = mapping_for(mappings, result.feed, path.name)
        if path.suffix.lower() != ".csv":
            alone.append([(path, result)])
            continue
        try:
            header = tuple(csv_header(path, f"{result.feed}/{path.name}"))
        except FileRejected:
            alone.append([(path, result)])
            continue
        batches = groups.setdefault((header, chosen.origin if chosen else None), [[]])
        size = sum(p.stat().st_size for p, _ in batches[-1])
        if batches[-1] and size + path.stat().st_size > BATCH_BYTES:
            batches.append([])
        batches[-1].append((path, result))
    return [batch for batches in groups.values() for batch in batches] + alone


def _load(con: duckdb.DuckDBPyConnection, feed: Feed, batch: list[tuple[Path, FileResult]], mappings: list[Mapping]):
    """Load a batch; when it cannot be read as a whole, each of its files alone, so only the bad one is refused."""
    paths, results = [p for p, _ in batch], [r for _, r in batch]
    try:
        _load_batch(con, feed, paths, mapping_for(mappings, feed.name, paths[0].name), results)
    except FileRejected as rejected:
        if len(batch) > 1:
            for one in batch:
                _load(con, feed, [one], mappings)
            return
        results[0].status, results[0].message = "failed", str(rejected)
        log_delivery(con, results[0])


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
    todo = []
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
            todo.append((path, result))
        results.append(result)
        if result.status != "unchanged":
            latest[result.file_name] = (result.sha256, result.status, result.message or None)
    for batch in _batches(todo, mappings or []):
        _load(con, feed, batch, mappings or [])
    for table in work.ALL:
        con.execute(f"drop table if exists {table}")
    if delivered:
        results += withdraw_undelivered(con, feed, {p.name for p in delivered}, ingested_at)
    table_rows = con.execute(f"select count(*) from {raw_table(feed)}").fetchone()[0]
    return FeedResult(feed.name, results, table_rows)
