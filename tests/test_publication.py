"""Publish: only checked marts reach the serving store, whole, and nothing identifies a person.

Readers are real: a DuckDB 1.x client in its own virtual environment, a reader process holding the file
open during a publish, and a run killed with SIGKILL half-way. The audit that gates publishing is tested
in test_publication_audit.py; both start from the world in publication_fixtures.py.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from cme_pipeline.contract import FEEDS
from cme_pipeline.expectations import IDENTIFIER_COLUMNS
from tests.conftest import failure_messages, query, run_pipeline
from tests.publication_fixtures import SERVING, csv_rows, snapshot


def test_the_serving_store_holds_every_mart_and_a_publication_log(published, published_marts):
    serving = published["home"] / SERVING
    tables = {name for (name,) in query(serving, "show tables")}
    assert tables == {*published_marts, "publication_log"}
    for mart in published_marts:
        assert query(serving, f"select count(*) from {mart}") == query(
            published["home"] / "warehouse.duckdb", f"select count(*) from marts.{mart}"
        )
        assert (published["home"] / "published" / "parquet" / f"{mart}.parquet").exists()
    [(run_id, inputs, checks, passed, failed)] = query(
        serving, "select run_id, input_files, checks, checks_passed, checks_failed from publication_log"
    )
    assert run_id == published["run_id"]
    inbox = published["home"] / "inbox"
    expected = {
        (folder.name, path.name, hashlib.sha256(path.read_bytes()).hexdigest())
        for folder in inbox.iterdir()
        if folder.is_dir()
        for path in folder.iterdir()
    }
    assert {(i["feed"], i["file"], i["sha256"]) for i in json.loads(inputs)} == expected
    names = {check["check"] for check in json.loads(checks)}
    assert {"attendance_resolves_to_roster", "great_expectations_suite"} <= names
    assert {"int_attendance_resolved", "activity_outcomes", "need_coverage"} <= {
        check["asset"].split("/")[-1] for check in json.loads(checks) if check["check"].startswith("row_count_matches")
    }
    assert failed == 0 and passed == len(json.loads(checks)) > 100


def test_no_published_table_holds_an_identifier(published):
    inbox = published["home"] / "inbox"
    roster = csv_rows(inbox / "roster" / "roster.csv")
    attendance = [row for path in (inbox / "attendance").glob("*.csv") for row in csv_rows(path)]
    identifiers = (
        {row["npi"] for row in roster}
        | {row["email"].lower() for row in roster}
        | {f"{row['first_name']} {row['last_name']}".lower() for row in roster}
        | {row["learner_id"] for row in attendance}
        | {row["npi"] for row in attendance if row["npi"]}
        | {row["email"].lower() for row in attendance if row["email"]}
    )
    serving = published["home"] / SERVING
    with duckdb.connect(str(serving), read_only=True) as con:
        for (table,) in con.execute("show tables").fetchall():
            columns = [row[0] for row in con.execute(f"describe {table}").fetchall()]
            assert not IDENTIFIER_COLUMNS & {column.lower() for column in columns}, table
            for column in columns:
                values = con.execute(f'select distinct cast("{column}" as varchar) from {table}').fetchall()
                leaked = {value.lower() for (value,) in values if value} & identifiers
                assert not leaked, (table, column, sorted(leaked)[:3])


def test_published_cells_are_suppressed_where_small(published):
    serving = published["home"] / SERVING
    assert query(serving, "select count(*) from metric_run_chart where denominator between 1 and 10") == [(0,)]
    assert query(
        serving,
        "select count(*) from qi_impact where suppressed and (effect is not null or exposed_n is not null)",
    ) == [(0,)]


@pytest.fixture(scope="session")
def duckdb_1x_python() -> Path:
    """A separate virtual environment with a DuckDB 1.x client, as BI drivers bundle."""
    venv = Path.home() / ".cache" / "cme-pipeline-tests" / "duckdb-1.4-client"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "duckdb>=1.4,<1.5"], check=True)
    return python


def test_a_duckdb_1x_client_reads_every_published_mart(published, published_marts, duckdb_1x_python):
    script = (
        "import duckdb, json, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
        "tables = [t for (t,) in con.execute('show tables').fetchall()]; "
        "print(json.dumps({'version': duckdb.__version__, "
        "'rows': {t: con.execute(f'select count(*) from {t}').fetchone()[0] for t in tables}}))"
    )
    done = subprocess.run(
        [str(duckdb_1x_python), "-c", script, str(published["home"] / SERVING)],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(done.stdout)
    assert report["version"].startswith("1.")
    for mart in published_marts:
        assert [(report["rows"][mart],)] == query(published["home"] / SERVING, f"select count(*) from {mart}")


READER = """
import duckdb, json, sys, time
path, ready, go = sys.argv[1:4]
old = duckdb.connect(path, read_only=True)
before = {t: old.execute(f"select count(*) from {t}").fetchone()[0] for (t,) in old.execute("show tables").fetchall()}
open(ready, "w").close()
while not __import__("os").path.exists(go):
    time.sleep(0.1)
after_old = {t: old.execute(f"select count(*) from {t}").fetchone()[0] for t in before}
old_runs = old.execute("select count(*) from publication_log").fetchone()[0]
print(json.dumps({"before": before, "after_old": after_old, "old_runs": old_runs}))
"""


def test_a_reader_holding_the_file_open_keeps_a_consistent_copy_while_a_run_publishes(copy_of, tmp_path):
    ready, go = tmp_path / "ready", tmp_path / "go"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(copy_of / SERVING), str(ready), str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(300):
            if ready.exists():
                break
            time.sleep(0.1)
        assert ready.exists(), reader.stderr.read() if reader.poll() is not None else "reader never got ready"
        (copy_of / "inbox" / "needs" / "needs_zz_new.csv").write_text(
            "need_id,source_type,source_name,identified_on,target_service_line,priority\n"
            "N900,committee,Quality Council,2026-05-01,Cardiology,high\n"
        )
        result = run_pipeline(copy_of, copy_of / "inbox")  # publishes while the reader holds the old file
        assert result.success, failure_messages(result)
        go.touch()
        out, err = reader.communicate(timeout=120)
    finally:
        if reader.poll() is None:
            reader.kill()
    seen = json.loads(out)
    assert seen["after_old"] == seen["before"]  # the old connection still reads the complete old publication
    assert seen["old_runs"] == 1
    # A new reader (a new process: DuckDB shares one open instance per file within a process) sees the new one.
    assert query(copy_of / SERVING, "select count(*) from publication_log") == [(2,)]
    assert query(copy_of / SERVING, "select count(*) from need_coverage") == [(seen["before"]["need_coverage"] + 1,)]


def test_a_month_update_killed_half_way_leaves_the_publication_and_other_months_and_the_next_run_completes(
    copy_of, published
):
    month = "2025-03"
    warehouse = copy_of / "warehouse.duckdb"
    other_months = "select * from staging.stg_metric_values where period <> ? order by all"
    others_before = query(warehouse, other_months, [month])
    [original] = (copy_of / "inbox" / "metric_values").glob(f"*{month}*")
    rows = csv_rows(original)
    with (copy_of / "inbox" / "metric_values" / f"metric_values_{month}_restated.csv").open("w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(dict(row, numerator="0") for row in rows[:3])
    env = {**os.environ, "CME_HOME": str(copy_of), "CME_PSEUDONYM_KEY": "test-key"}
    env.pop("CME_INBOX", None)
    run = subprocess.Popen(
        [sys.executable, "-m", "cme_pipeline.cli", "run"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    lines = []
    for line in run.stderr:  # kill once dbt is rebuilding: every feed is in (or the month models are), dbt is next
        lines.append(line)
        steps = [seen.split("] ", 1)[-1] for seen in lines]
        feeds_in = sum(1 for step in steps if step.startswith("✓ raw__"))
        if feeds_in == len(FEEDS) or any(step.startswith("✓ cme_dbt_months") for step in steps):
            time.sleep(3)
            break
    os.killpg(run.pid, signal.SIGKILL)
    run.wait(timeout=60)
    assert run.returncode == -signal.SIGKILL, "".join(lines)
    assert snapshot(copy_of) == published["snapshot"]
    assert query(warehouse, other_months, [month]) == others_before
    again = subprocess.run(
        [sys.executable, "-m", "cme_pipeline.cli", "run"], env=env, capture_output=True, text=True, timeout=900
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert query(warehouse, other_months, [month]) == others_before
    restated = query(
        warehouse,
        "select count(*) from staging.stg_metric_values where source_file = ? and numerator = 0",
        [f"metric_values_{month}_restated.csv"],
    )
    assert restated == [(3,)]
    assert snapshot(copy_of) != published["snapshot"]
    # The instance the UI reads does not show the killed run in progress forever.
    with dg.DagsterInstance.from_config(str(copy_of / "dagster")) as instance:
        killed_pid = str(run.pid)
        runs = instance.get_runs()
        killed = [recorded for recorded in runs if recorded.tags["cme/pid"] == killed_pid]
        assert sorted(recorded.job_name for recorded in killed) == ["build_and_publish", "ingest_inbox"]
        [killed_build] = [recorded for recorded in killed if recorded.job_name == "build_and_publish"]
        assert killed_build.status == dg.DagsterRunStatus.FAILURE
        others = [recorded for recorded in runs if recorded.run_id != killed_build.run_id]
        assert {recorded.status for recorded in others} == {dg.DagsterRunStatus.SUCCESS}
    assert f"Run {killed_build.run_id[:8]} ended without finishing" in again.stderr


def test_the_data_dictionary_describes_every_published_column(copy_of, published_marts):
    result = run_pipeline(copy_of, copy_of / "inbox", build_data_dictionary=True)
    assert result.success, failure_messages(result)
    site = copy_of / "data_dictionary"
    assert (site / "index.html").exists()
    manifest = json.loads((site / "manifest.json").read_text())
    catalog = json.loads((site / "catalog.json").read_text())
    for mart in published_marts:
        [node] = [n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["name"] == mart]
        assert node["description"]
        published_columns = {column.lower() for column in catalog["nodes"][node["unique_id"]]["columns"]}
        described = {name.lower() for name, column in node["columns"].items() if column["description"]}
        assert published_columns == described, mart


def test_counts_are_integers_and_a_rerun_publishes_the_same_values(copy_of, published, published_marts):
    """Counts are 64-bit integers in DuckDB and Parquet (not HUGEINT, not doubles); statistics are rounded to
    published_significant_digits, so rebuilding every mart from the same inbox publishes identical values."""
    serving = copy_of / SERVING
    types = query(serving, "select table_name, column_name, data_type from information_schema.columns")
    assert not [(t, c, d) for t, c, d in types if d.startswith(("HUGEINT", "DECIMAL"))]
    integer_columns = {(t, c) for t, c, d in types if d in ("BIGINT", "INTEGER")}
    assert {("qi_impact", "exposed_n"), ("activity_outcomes", "paired_pre_post_n"),
            ("pars_activity_report", "physician_learners"), ("need_coverage", "target_audience_reached"),
            ("commendation_program_summary", "qualifying_activities")} <= integer_columns
    for mart in published_marts:
        parquet = copy_of / "published" / "parquet" / f"{mart}.parquet"
        physical = dict(query(serving, f"select name, type from parquet_schema('{parquet}') where type is not null"))
        for table, column in integer_columns:
            if table == mart:
                assert physical[column] in ("INT64", "INT32"), (mart, column, physical[column])

    def published_values() -> dict[str, list[tuple]]:
        return {mart: sorted(query(serving, f"select * from {mart}"), key=repr) for mart in published_marts}

    before = published_values()
    with duckdb.connect(str(copy_of / "warehouse.duckdb")) as con:  # force every model to be rebuilt
        con.execute("drop schema marts cascade")
    result = run_pipeline(copy_of, copy_of / "inbox")
    assert result.success, failure_messages(result)
    assert published_values() == before
    [(significant,)] = query(serving, "select max(length(replace(replace(ltrim(cast(abs(effect) as varchar), '0.'), "
                                      "'.', ''), 'e-0', ''))) from qi_impact where effect is not null")
    assert significant <= 6  # 4 significant digits, whatever the exponent notation
