"""Read one delivered file into DuckDB as text, whatever its format.

Every reader leaves the same two temp tables behind (work_tables.py): `INCOMING` (columns `c0..cN` as text, in the
file's column order, plus `_source_line`) and `REJECTS` (records the file's own structure made
unreadable: `_source_line`, `reason`, `raw_text`). Column names stay in the returned header, so odd
header text (spaces, dots, duplicates across formats) never has to be a SQL identifier.

`_source_line` is the record's line as a person finds it in a spreadsheet or editor: for CSV and
Excel the header is line 1 (for CSV a quoted field spanning lines counts as one record); for Parquet,
which has no header, it is the row number from 1.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb

from cme_pipeline.ingest.work_tables import (
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
    records: int  # rows in INCOMING
    rejected: int  # rows in REJECTS


SUPPORTED_SUFFIXES = (".csv", ".xlsx", ".parquet")


def positional(index: int) -> str:
    return f"c{index}"


def read_delivery(con: duckdb.DuckDBPyConnection, path: Path, label: str, sheet: str | None = None) -> ReadResult:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        header = _read_csv(con, path, label)
    elif suffix == ".xlsx":
        header = _read_xlsx(con, path, label, sheet)
    elif suffix == ".parquet":
        header = _read_parquet(con, path, label)
    else:
        raise FileRejected(f"{label}: unsupported file type '{path.suffix}' (expected {', '.join(SUPPORTED_SUFFIXES)})")
    records = con.execute(f"select count(*) from {INCOMING}").fetchone()[0]
    rejected = con.execute(f"select count(*) from {REJECTS}").fetchone()[0]
    if records + rejected == 0:
        raise FileRejected(f"{label}: has a header but no rows")
    return ReadResult(header, records, rejected)


def _check_header(header: list[str], label: str) -> list[str]:
    header = [name.strip() for name in header]
    if not any(header):
        raise FileRejected(f"{label}: the first line is empty; expected a header row")
    lowered = [name.lower() for name in header if name]
    repeated = sorted({name for name in lowered if lowered.count(name) > 1})
    if repeated:
        raise FileRejected(f"{label}: the header repeats column(s) {', '.join(repeated)}")
    return header


def _read_csv(con: duckdb.DuckDBPyConnection, path: Path, label: str) -> list[str]:
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
    columns = "{" + ", ".join(f"'{positional(i)}': 'VARCHAR'" for i in range(len(header))) + "}"
    con.execute(f"drop table if exists {CSV_REJECT_ERRORS}")
    con.execute(f"drop table if exists {CSV_REJECT_SCANS}")
    try:
        # No sniffing: the header fixes the columns, so one malformed line cannot derail the dialect.
        con.execute(
            f"""
            create or replace temp table {CSV_UNNUMBERED} as
            select *, row_number() over () as _record
            from read_csv(?, header = true, auto_detect = false, columns = {columns},
                          delim = ',', quote = '"', escape = '"', strict_mode = true,
                          store_rejects = true, rejects_table = {quote_literal(CSV_REJECT_ERRORS)},
                          rejects_scan = {quote_literal(CSV_REJECT_SCANS)})
            """,
            [str(path)],
        )
    except duckdb.Error as error:
        raise FileRejected(f"{label}: cannot be read as CSV ({str(error).strip().splitlines()[0]})") from error
    con.execute(
        f"""
        create or replace temp table {REJECTS} as
        select
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
            select *, row_number() over (partition by line order by column_idx) as nth
            from {CSV_REJECT_ERRORS}
        )
        where nth = 1
        """
    )
    # Good records take the record lines (header = 1) that the rejected ones do not.
    con.execute(
        f"""
        create or replace temp table {INCOMING} as
        with counts as (
            select (select count(*) from {CSV_UNNUMBERED}) + (select count(*) from {REJECTS}) as records
        ),
        good_lines as (
            select line, row_number() over (order by line) as _record
            from (select range + 2 as line from range((select records from counts)))
            where line not in (select _source_line from {REJECTS})
        )
        select incoming.* exclude (_record), good_lines.line as _source_line
        from {CSV_UNNUMBERED} as incoming
        join good_lines using (_record)
        order by _source_line
        """
    )
    con.execute(f"drop table {CSV_UNNUMBERED}")
    return header


def _empty_rejects(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"create or replace temp table {REJECTS} (_source_line bigint, reason varchar, raw_text varchar)")


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
                   cast(_source_line as bigint) as _source_line
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
        select {select}, cast(file_row_number as bigint) + 1 as _source_line
        from read_parquet(?, file_row_number = true)
        """,
        [str(path)],
    )
    _empty_rejects(con)
    return header
