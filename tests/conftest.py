"""Shared fixtures: run the real pipeline (Dagster job -> DuckDB -> dbt) on real inbox files."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

import duckdb
import pytest

from cme_pipeline.contract import FEEDS
from cme_pipeline.settings import Settings, apply_library_environment

# Session fixtures shared by more than one test module live in plugins, so they are built once.
pytest_plugins = ["tests.publication_fixtures"]

apply_library_environment()


def pipeline_settings(home: Path, inbox: Path, dbt_project_dir: Path | None = None, **changes) -> Settings:
    """The settings a test run uses: its own home and inbox, no data dictionary unless asked for (the dbt
    docs site costs ~11 s a run; test_publication builds and checks it once)."""
    base = Settings.from_env({"CME_HOME": str(home), "CME_INBOX": str(inbox), "CME_PSEUDONYM_KEY": "test-key"})
    if dbt_project_dir is not None:
        base = dataclasses.replace(base, dbt_project_dir=dbt_project_dir.resolve())
    return dataclasses.replace(base, **{"build_data_dictionary": False, "build_report": False, **changes})


def run_pipeline(home: Path, inbox: Path, dbt_project_dir: Path | None = None, months=(), instance=None, **changes):
    """One turn of the service (ingest, then build and publish) through the project's own Dagster jobs, as
    `cme-pipeline run` does; returns the turn's result (its runs, read as one).

    `changes` override settings (`min_resolved_share=0.5`), as an analyst's environment would.
    """
    import dagster as dg

    from cme_pipeline.definitions import build_definitions
    from cme_pipeline.service import run_turn

    settings = pipeline_settings(home, inbox, dbt_project_dir, **changes)
    definitions = build_definitions(settings)
    if instance is not None:
        return run_turn(definitions, settings, instance, months=months)
    with dg.DagsterInstance.ephemeral() as ephemeral:
        return run_turn(definitions, settings, ephemeral, months=months)


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


@pytest.fixture(scope="session")
def dbt_manifest(tmp_path_factory) -> dict:
    """The shipped dbt project's manifest, parsed once per session (only when a dbt file changed)."""
    from cme_pipeline.defs.project import dbt_project, load_manifest

    home = tmp_path_factory.mktemp("manifest_home")
    return load_manifest(dbt_project(pipeline_settings(home, home / "inbox")))
