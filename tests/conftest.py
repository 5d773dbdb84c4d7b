"""Shared fixtures: run the real pipeline (Dagster job -> DuckDB -> dbt) on real inbox files."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from cme_pipeline.contract import FEEDS

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
os.environ.setdefault("DO_NOT_TRACK", "1")
# The dbt docs site costs ~11 s a run; test_publication builds and checks it once, the other runs skip it.
os.environ.setdefault("CME_BUILD_DATA_DICTIONARY", "0")


@contextmanager
def pipeline_env(
    home: Path, inbox: Path, dbt_project_dir: Path | None = None, extra: dict[str, str] | None = None
) -> Iterator[None]:
    keys = ("CME_HOME", "CME_INBOX", "CME_WAREHOUSE", "CME_DBT_PROJECT_DIR", *(extra or {}))
    saved = {key: os.environ.get(key) for key in keys}
    os.environ.update(extra or {})
    os.environ["CME_HOME"] = str(home)
    os.environ["CME_INBOX"] = str(inbox)
    os.environ.pop("CME_WAREHOUSE", None)
    if dbt_project_dir is not None:
        os.environ["CME_DBT_PROJECT_DIR"] = str(dbt_project_dir)
    else:
        os.environ.pop("CME_DBT_PROJECT_DIR", None)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_pipeline(home: Path, inbox: Path, dbt_project_dir: Path | None = None, env: dict[str, str] | None = None):
    """Materialize every asset through the project's own Dagster job; returns the run result."""
    import dagster as dg

    from cme_pipeline.definitions import ALL_ASSETS_JOB, defs

    with pipeline_env(home, inbox, dbt_project_dir, env):
        job = defs().resolve_job_def(ALL_ASSETS_JOB)
        with dg.DagsterInstance.ephemeral() as instance:
            return job.execute_in_process(instance=instance, raise_on_error=False)


def failure_messages(result) -> list[str]:
    return [
        (event.event_specific_data.error.message or "")
        for event in result.all_events
        if event.event_type_value == "STEP_FAILURE"
    ]


def write_feed(inbox: Path, feed: str, rows: Sequence[Mapping[str, object]], file_name: str | None = None) -> Path:
    """Write a small hand-made delivery with the contract's header (test fixtures only)."""
    folder = inbox / feed
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (file_name or f"{feed}.csv")
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=FEEDS[feed].column_names)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: ("" if value is None else value) for key, value in row.items()})
    return path


def query(warehouse: Path, sql: str, params: Sequence[object] | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest() -> Path:
    """Parse the dbt project once per session (only when a dbt file changed)."""
    from cme_pipeline.defs.dbt import ensure_manifest

    return ensure_manifest()
