"""Publish the checked marts to the serving store BI tools read: write, audit, then publish.

The working warehouse stays private to the pipeline (DuckDB allows one writer per file, and a BI
tool holding it open would block the next run). Publishing builds a complete new DuckDB file beside
the old one and renames it over it: a BI connection already open keeps reading the old file's
consistent copy, new connections see the new one, and a run that dies before the rename leaves the
last good publication as it was. The file is written in DuckDB's v1.4.0 storage format so BI drivers
bundling DuckDB 1.x can open it. One Parquet file per mart is published the same way: a new folder,
then a symlink swapped onto it in one rename.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from cme_pipeline.sql import quote_literal

SERVING_FILE = "cme_marts.duckdb"
PARQUET_LINK = "parquet"
STORAGE_VERSION = "v1.4.0"
PARQUET_VERSIONS_KEPT = 2


@dataclass
class Publication:
    path: Path
    parquet: Path
    run_id: str
    published_at: datetime
    tables: dict[str, int]


def input_files(con: duckdb.DuckDBPyConnection, deliveries: str) -> list[dict]:
    """The inbox files the marts were built from, read from dbt's deliveries model (`deliveries`, its
    relation): each delivered file's loaded version and checksum."""
    rows = con.execute(
        f"select feed, file_name, sha256 from {deliveries} where status = 'loaded' order by feed, file_name"
    ).fetchall()
    return [{"feed": feed, "file": name, "sha256": sha256} for feed, name, sha256 in rows]


def _previous_log(con: duckdb.DuckDBPyConnection, target: Path) -> list[tuple]:
    if not target.exists():
        return []
    con.execute(f"attach {quote_literal(target)} as previous_publication (read_only)")
    try:
        return con.execute("select * from previous_publication.main.publication_log").fetchall()
    except duckdb.CatalogException:
        return []
    finally:
        con.execute("detach previous_publication")


def publish_marts(
    con: duckdb.DuckDBPyConnection,
    published: Path,
    marts: Mapping[str, str],
    deliveries: str,
    run_id: str,
    checks: list[dict],
) -> Publication:
    """Copy the marts (published name -> warehouse relation) into a new serving file and Parquet folder,
    then swap both in."""
    published.mkdir(parents=True, exist_ok=True)
    target = published / SERVING_FILE
    building = published / f".{SERVING_FILE}.{run_id}.building"
    building.unlink(missing_ok=True)
    published_at = datetime.now(tz=UTC).replace(tzinfo=None)
    history = _previous_log(con, target)
    con.execute(f"attach {quote_literal(building)} as serving (storage_version '{STORAGE_VERSION}')")
    tables: dict[str, int] = {}
    try:
        for mart, relation in marts.items():
            con.execute(f"create table serving.main.{mart} as select * from {relation}")
            tables[mart] = con.execute(f"select count(*) from serving.main.{mart}").fetchone()[0]
        con.execute(
            """
            create table serving.main.publication_log (
                run_id varchar, published_at timestamp, marts varchar, input_files json, checks json,
                checks_passed integer, checks_failed integer
            )
            """
        )
        if history:
            con.executemany("insert into serving.main.publication_log values (?, ?, ?, ?, ?, ?, ?)", history)
        con.execute(
            "insert into serving.main.publication_log values (?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                published_at,
                ", ".join(f"{mart} ({rows})" for mart, rows in tables.items()),
                json.dumps(input_files(con, deliveries)),
                json.dumps(checks),
                sum(1 for check in checks if check["passed"]),
                sum(1 for check in checks if not check["passed"]),
            ],
        )
    finally:
        con.execute("detach serving")
    parquet = _publish_parquet(con, published, marts, run_id)
    os.replace(building, target)
    return Publication(target, parquet, run_id, published_at, tables)


def _publish_parquet(con: duckdb.DuckDBPyConnection, published: Path, marts: Mapping[str, str], run_id: str) -> Path:
    folder = published / f"parquet-{run_id}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for mart, relation in marts.items():
        con.execute(f"copy (select * from {relation}) to {quote_literal(folder / f'{mart}.parquet')} (format parquet)")
    link = published / PARQUET_LINK
    staging_link = published / f".{PARQUET_LINK}.{run_id}"
    staging_link.unlink(missing_ok=True)
    staging_link.symlink_to(folder.name)
    os.replace(staging_link, link)
    versions = sorted((p for p in published.glob("parquet-*") if p.is_dir()), key=lambda p: p.stat().st_mtime)
    for old in versions[:-PARQUET_VERSIONS_KEPT]:
        if old != folder:
            shutil.rmtree(old, ignore_errors=True)
    return link
