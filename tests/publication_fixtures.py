"""The published world that the publication tests start from, and the helpers they share.

`published` is built once per session (one generated world, one pipeline run, one publication) and each
test that breaks something works on its own copy (`copy_of`), so the serving-store tests and the audit
tests share one run. Registered as a plugin in conftest.py.
"""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path

import pytest

from cme_pipeline.defs.project import published_models
from cme_pipeline.settings import DBT_PROJECT_DIR
from tests.conftest import failure_messages, run_pipeline

SERVING = Path("published") / "cme_marts.duckdb"


def snapshot(home: Path) -> dict[str, str]:
    """sha256 of every published file (the serving DuckDB file and the Parquet files it points at)."""
    published = home / "published"
    files = [published / SERVING.name, *sorted((published / "parquet").resolve().glob("*.parquet"))]
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


def failed_checks(result) -> set[str]:
    return {evaluation.check_name for evaluation in result.get_asset_check_evaluations() if not evaluation.passed}


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="session")
def published_marts(dbt_manifest) -> list[str]:
    """The marts dbt says are published (`meta: {publish: true}`)."""
    return [node["name"] for node in published_models(dbt_manifest)]


def copy_dbt_project(tmp_path: Path) -> Path:
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    return project


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    from cme_pipeline.synthetic import generate_world

    home = tmp_path_factory.mktemp("published_world")
    generate_world(home / "inbox", scale="small", seed=13)
    result = run_pipeline(home, home / "inbox")
    assert result.success, failure_messages(result)
    return {"home": home, "run_id": result.run_id, "snapshot": snapshot(home)}


@pytest.fixture
def copy_of(published, tmp_path):
    """A private copy of the published world, so each test breaks its own."""
    home = tmp_path / "home"
    shutil.copytree(published["home"], home, symlinks=True)
    assert snapshot(home) == published["snapshot"]
    return home
