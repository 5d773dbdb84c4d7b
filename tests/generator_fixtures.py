"""Shared fixtures of the generator tests: one small world, and its inbox read back through DuckDB.

Imported explicitly by the test modules that use them (tests/conftest.py serves the pipeline tests).
The functions carry a _fixture suffix and register under the short names (`world`, `con`) the tests
ask for, so a test's parameter does not shadow an import. Module-scoped: each importing module
generates its own world once.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from cme_pipeline.synthetic import generate_world

SEED = 7
END_MONTH = "2026-06"


def _q(text: str) -> str:
    """A SQL string literal (service lines like Women's Health carry quotes)."""
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module", name="world")
def world_fixture(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("world")
    planted = generate_world(out, "small", seed=SEED, end_month=END_MONTH)
    return out, planted


@pytest.fixture(scope="module", name="con")
def con_fixture(world: tuple[Path, dict]) -> Iterator[duckdb.DuckDBPyConnection]:
    """The inbox as tables; metric_values keeps the last file's row per key, as the contract says."""
    out, _ = world
    db = duckdb.connect()

    def read(feed: str) -> str:
        return f"read_csv('{out / feed}/*.csv', all_varchar = true, header = true, filename = true)"

    for feed in ("roster", "needs", "activities", "attendance", "metric_catalog"):
        db.execute(f"CREATE TABLE {feed} AS SELECT * FROM {read(feed)}")
    db.execute(f"""
        CREATE TABLE metric_values_all AS
        SELECT * REPLACE (numerator::BIGINT AS numerator, denominator::BIGINT AS denominator),
               parse_filename(filename) AS file
        FROM {read("metric_values")}""")
    db.execute("""
        CREATE TABLE metric_values AS
        SELECT * EXCLUDE (rn) FROM (
            SELECT *, row_number() OVER (
                PARTITION BY metric_id, period, entity_type, entity_id ORDER BY file DESC) AS rn
            FROM metric_values_all)
        WHERE rn = 1""")
    db.execute("""
        CREATE TABLE need_activity AS
        SELECT activity_id, unnest(string_split(need_ids, '|')) AS need_id FROM activities
        WHERE need_ids IS NOT NULL""")
    # Attendance matched to the roster the way a pipeline would: NPI, else e-mail in any case.
    db.execute("""
        CREATE TABLE attended AS
        SELECT DISTINCT a.activity_id, r.npi
        FROM attendance a JOIN roster r ON a.npi = r.npi OR lower(a.email) = r.email""")
    yield db
    db.close()
