"""Read delivered files into DuckDB as text, whatever their format: CSV files sharing a header in one pass.

Every reader leaves the same two temp tables behind (work_tables.py): `INCOMING` (columns `c0..cN` as text, in the
file's column order, plus `_file`, the file's index in the batch, and `_source_line`) and `REJECTS` (records the
file's own structure made unreadable: `_file`, `_source_line`, `reason`, `raw_text`). Column names stay in
the returned header, so odd header text (spaces, dots, duplicates across formats) never has to be a SQL identifier.

`_source_line` is the record's line as a person finds it in a spreadsheet or editor: for CSV and
Excel the header is line 1 (for CSV a quoted field spanning lines counts as one record); for Parquet,
which has no header, it is the row number from 1.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from cme_pipeline.ingest.work_tables import (
    CSV_PATHS,
    CSV_REJECT_ERRORS,
    CSV_REJECT_SCANS,
    CSV_UNNUMBERED,
    EXCEL_FRAME,
    INCOMING,
    REJECTS,
)
from cme_pipeline.sql import quote_identifier, quote_literal


class FileRejected(Exception):
    """A whole file cannot be loaded; the message names the file and what is wrong."""


@dataclass
class ReadResult:
    header: list[str]
    records: list[int]  # rows in INCOMING, per file of the batch
    rejected: list[int]  # rows in REJECTS, per file of the batch


SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".parquet")


def positional(index: int) -> str:
    return f"c{index}"


def read_delivery(
    con: duckdb.DuckDBPyConnection, paths: Sequence[Path], label: str, sheet: str | None = None
) -> ReadResult:
    """Read a batch of files of one format and one header (CSV; one file for Excel and Parquet) in one pass.

    INCOMING and REJECTS carry `_file`, the file's index in `paths`. Any problem raises FileRejected naming
    `label`; the loader then reads a batch's files one by one, so the message names the file at fault.
    """
    suffix = paths[0].suffix.lower()
    if suffix == ".csv":
        header = csv_header(paths[0], label)
        _read_csv(con, paths, header, label)
    elif len(paths) > 1:
        raise ValueError("only CSV files are read in batches")
    elif suffix == ".xlsx":
        header = _read_xlsx(con, paths[0], label, sheet)
    elif suffix == ".parquet":
        header = _read_parquet(con, paths[0], label)
    else:
        expected = ", ".join(SUPPORTED_SUFFIXES)
        raise FileRejected(f"{label}: unsupported file type '{paths[0].suffix}' (expected {expected})")
    counts = dict.fromkeys(range(len(paths)), (0, 0))
    for index, records, rejected in con.execute(
        f"""
        select _file, sum(records)::bigint, sum(rejected)::bigint from (
            select _file, count(*) as records, 0 as rejected from {INCOMING} group by _file
            union all
            select _file, 0, count(*) from {REJECTS} group by _file
        ) group by _file
        """
    ).fetchall():
        counts[index] = (records, rejected)
    if any(records + rejected == 0 for records, rejected in counts.values()):
        raise FileRejected(f"{label}: has a header but no rows")
    return ReadResult(header, [counts[i][0] for i in range(len(paths))], [counts[i][1] for i in range(len(paths))])


def _check_header(header: list[str], label: str) -> list[str]:
    header = [name.strip() for name in header]
    if not any(header):
        raise FileRejected(f"{label}: the first line is empty; expected a header row")
    lowered = [name.lower() for name in header if name]
    repeated = sorted({name for name in lowered if lowered.count(name) > 1})
    if repeated:
        raise FileRejected(f"{label}: the header repeats column(s) {', '.join(repeated)}")
    return header


def csv_header(path: Path, label: str) -> list[str]:
    """A CSV file's checked header, read in Python: one line, so a bad file is refused before DuckDB reads it."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = next(csv.reader(handle), None)
    except UnicodeDecodeError as error:
        raise FileRejected(f"{label}: is not UTF-8 text ({error.reason} at byte {error.start})") from error
    except csv.Error as error:
        raise FileRejected(f"{label}: the header cannot be read as CSV ({error})") from error
    if first is None:
        raise FileRejected(f"{label}: is empty")
    header = _check_header(first, label)
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        raise FileRejected(f"{label}: the header is one column '{header[0]}': the file is not comma separated")
    return header


def _read_csv(con: duckdb.DuckDBPyConnection, paths: Sequence[Path], header: list[str], label: str) -> None:
    columns = "{" + ", ".join(f"'{positional(i)}': 'VARCHAR'" for i in range(len(header))) + "}"
    con.execute(f"drop table if exists {CSV_REJECT_ERRORS}")
    con.execute(f"drop table if exists {CSV_REJECT_SCANS}")
    con.execute(f"create or replace temp table {CSV_PATHS} (_file integer, path varchar)")
    con.executemany(f"insert into {CSV_PATHS} values (?, ?)", [[i, str(p)] for i, p in enumerate(paths)])
    try:
        # No sniffing: the header fixes the columns, so one malformed line cannot derail the dialect.
        # The scan keeps file order and line order, so a row's place in the scan gives its line.
        con.execute(
            f"""
            create or replace temp table {CSV_UNNUMBERED} as
            select *, row_number() over () as _scanned
            from read_csv(?, header = true, auto_detect = false, columns = {columns},
                          delim = ',', quote = '"', escape = '"', strict_mode = true, filename = '_path',
                          store_rejects = true, rejects_table = {quote_literal(CSV_REJECT_ERRORS)},
                          rejects_scan = {quote_literal(CSV_REJECT_SCANS)})
            """,
            [[str(p) for p in paths]],
        )
    except duckdb.Error as error:
        raise FileRejected(f"{label}: cannot be read as CSV ({str(error).strip().splitlines()[0]})") from error
    con.execute(
        f"""
        create or replace temp table {REJECTS} as
        select
            files._file,
            cast(line as bigint) as _source_line,
            case error_type
                when 'MISSING COLUMNS' then 'row is cut short (' || error_message || '): truncated file or line?'
                when 'TOO MANY COLUMNS' then 'row has extra fields (' || error_message || '): unquoted comma?'
                when 'UNQUOTED VALUE' then 'a quote is never closed: ' || error_message
                when 'INVALID ENCODING' then 'not UTF-8 text: ' || error_message
                else lower(cast(error_type as varchar)) || ': ' || error_message
            end as reason,
            trim(csv_line, chr(10) || chr(13)) as raw_text
        from (
            select errors.*, scans.file_path,
                   row_number() over (partition by errors.scan_id, errors.file_id, line order by column_idx) as nth
            from {CSV_REJECT_ERRORS} as errors
            join {CSV_REJECT_SCANS} as scans using (scan_id, file_id)
        ) as errors
        join {CSV_PATHS} as files on files.path = errors.file_path
        where nth = 1
        """
    )
    # A file's k-th good record is on line k + 1 (the header is line 1) unless the file has rejected lines;
    # then it takes the k-th record line the rejected ones do not.
    con.execute(
        f"""
        create or replace temp table {INCOMING} as
        with firsts as (
            select _path, min(_scanned) as first_scanned from {CSV_UNNUMBERED} group by _path
        ),
        scanned as (
            select incoming.* exclude (_path, _scanned), files._file,
                   _scanned - firsts.first_scanned + 1 as _record
            from {CSV_UNNUMBERED} as incoming
            join firsts using (_path)
            join {CSV_PATHS} as files on files.path = incoming._path
        ),
        rejected_files as (
            select _file, count(*) as rejected from {REJECTS} group by _file
        ),
        good_lines as (
            select _file, line, row_number() over (partition by _file order by line) as _record
            from (
                select rejected_files._file, range + 2 as line
                from rejected_files,
                     range((select count(*) from scanned where scanned._file = rejected_files._file)
                           + rejected_files.rejected)
            ) as lines
            where (_file, line) not in (select (_file, _source_line) from {REJECTS})
        )
        select scanned.* exclude (_record), coalesce(good_lines.line, scanned._record + 1) as _source_line
        from scanned left join good_lines using (_file, _record)
        """
    )
    con.execute(f"drop table {CSV_UNNUMBERED}")


def _empty_rejects(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        f"create or replace temp table {REJECTS} (_file integer, _source_line bigint, reason varchar, raw_text varchar)"
    )


def _read_xlsx(con: duckdb.DuckDBPyConnection, path: Path, label: str, sheet: str | None) -> list[str]:
    import pandas as pd

    try:
        workbook = pd.ExcelFile(path, engine="openpyxl")
    except Exception as error:  # openpyxl raises several unrelated types for "not a workbook"
        raise FileRejected(f"{label}: cannot be read as an Excel workbook ({type(error).__name__})") from error
    with workbook:
        if sheet is not None and sheet not in workbook.sheet_names:
            raise FileRejected(f"{label}: has no sheet '{sheet}' (sheets: {', '.join(workbook.sheet_names)})")
        frame = workbook.parse(sheet if sheet is not None else 0, dtype=str, header=0)
    header = _check_header([str(name) if not str(name).startswith("Unnamed:") else "" for name in frame.columns], label)
    frame.columns = [positional(i) for i in range(len(header))]
    frame["_source_line"] = range(2, len(frame) + 2)
    con.register(EXCEL_FRAME, frame)
    try:
        not_blank = " or ".join(f"{positional(i)} is not null" for i in range(len(header)))
        con.execute(
            f"""
            create or replace temp table {INCOMING} as
            select {", ".join(f"cast({positional(i)} as varchar) as {positional(i)}" for i in range(len(header)))},
                   cast(_source_line as bigint) as _source_line, 0 as _file
            from {EXCEL_FRAME}
            where {not_blank}
            """
        )
    finally:
        con.unregister(EXCEL_FRAME)
    _empty_rejects(con)
    return header


def _read_parquet(con: duckdb.DuckDBPyConnection, path: Path, label: str) -> list[str]:
    try:
        described = con.execute("describe select * from read_parquet(?)", [str(path)]).fetchall()
    except duckdb.Error as error:
        raise FileRejected(f"{label}: cannot be read as Parquet ({str(error).strip().splitlines()[0]})") from error
    header = _check_header([row[0] for row in described], label)
    select = ", ".join(
        f"cast({quote_identifier(name)} as varchar) as {positional(i)}" for i, name in enumerate(header)
    )
    con.execute(
        f"""
        create or replace temp table {INCOMING} as
        select {select}, cast(file_row_number as bigint) + 1 as _source_line, 0 as _file
        from read_parquet(?, file_row_number = true)
        """,
        [str(path)],
    )
    _empty_rejects(con)
    return header
