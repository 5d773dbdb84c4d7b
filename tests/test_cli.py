"""The `cme-pipeline` command as an analyst runs it: a real subprocess, real files, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb

CLI = [sys.executable, "-m", "cme_pipeline.cli"]


def cli(
    *args: str, home: Path, inbox: Path | None = None, key: str | None = "test-key", extra_env: dict | None = None
) -> subprocess.CompletedProcess:
    env = {**os.environ, "CME_HOME": str(home), **(extra_env or {})}
    env.pop("CME_PSEUDONYM_KEY", None)
    if key:
        env["CME_PSEUDONYM_KEY"] = key
    if inbox is not None:
        env["CME_INBOX"] = str(inbox)
    else:
        env.pop("CME_INBOX", None)
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=600)


def test_generate_writes_every_feed_and_what_it_planted(tmp_path):
    out = tmp_path / "inbox"
    done = cli("generate", "--out", str(out), "--scale", "small", "--seed", "3", home=tmp_path)
    assert done.returncode == 0, done.stderr
    assert {p.name for p in out.iterdir() if p.is_dir()} == {
        "activities", "attendance", "needs", "point_of_care", "roster", "metric_catalog", "metric_values",
    }
    assert json.loads((out / "planted.json").read_text())["seed"] == 3


def test_demo_generates_runs_and_says_where_the_marts_are(tmp_path):
    done = cli("demo", home=tmp_path, key=None)
    assert done.returncode == 0, done.stderr[-3000:]
    serving = tmp_path / "published" / "cme_marts.duckdb"
    assert f"Published for BI tools: {serving}" in done.stderr
    assert "qi_impact" in done.stderr.split("tables")[-1]
    # One line per step; dbt's own log goes to a file under CME_HOME, not the terminal.
    assert len(done.stderr.splitlines()) < 40, done.stderr
    dbt_log = (tmp_path / "dbt" / "dbt.log").read_text()
    assert "Completed successfully" in dbt_log
    assert "Completed successfully" not in done.stderr and "Concurrency:" not in done.stderr
    with duckdb.connect(str(serving), read_only=True) as con:
        assert con.execute("select count(*) from qi_impact").fetchone()[0] > 0
        assert con.execute("select count(*) from need_coverage").fetchone()[0] > 0


def test_run_refuses_to_start_without_a_pseudonym_key(tmp_path):
    done = cli("run", home=tmp_path, key=None)
    assert done.returncode == 2
    assert "set CME_PSEUDONYM_KEY" in done.stderr


def test_run_without_an_inbox_says_so_and_exits_2(tmp_path):
    done = cli("run", home=tmp_path)
    assert done.returncode == 2
    assert f"inbox {tmp_path / 'inbox'} does not exist" in done.stderr
    assert "Traceback" not in done.stderr


def test_an_unreadable_file_is_refused_and_the_rest_publishes_unless_strict(tmp_path):
    inbox = tmp_path / "inbox"
    assert cli("generate", "--out", str(inbox), "--seed", "5", home=tmp_path).returncode == 0
    (inbox / "roster" / "roster_update.csv").write_text("npi,first_name,last_name\n1234567893,Ann,Lee\n")
    done = cli("run", home=tmp_path)
    assert done.returncode == 3, done.stderr[-3000:]
    problem = (
        "roster/roster_update.csv: missing required column(s) profession, service_line "
        "(header has: npi, first_name, last_name)"
    )
    assert "Published with refused files" in done.stderr
    assert problem in done.stderr.split("Published with refused files")[1]
    assert "Traceback" not in done.stderr
    serving = tmp_path / "published" / "cme_marts.duckdb"
    with duckdb.connect(str(serving), read_only=True) as con:
        assert con.execute(
            "select feed, file_name, status, rows_loaded, file_problem from data_quality where status = 'failed'"
        ).fetchall() == [("roster", "roster_update.csv", "failed", 0, problem)]
        assert con.execute("select count(*) from need_coverage").fetchone()[0] > 0
    published = serving.read_bytes()

    # With nothing new, a strict run still refuses to call the publication good.
    done = cli("run", home=tmp_path, extra_env={"CME_STRICT": "1"})
    assert done.returncode == 1 and "Nothing new" in done.stderr and problem in done.stderr

    # CME_STRICT=1: the old rule, publish nothing while a file is refused. The analyst re-sends the file,
    # still broken: first what failed and why, then the consequences, once; not one warning per skipped step.
    (inbox / "roster" / "roster_update.csv").write_text("npi,first_name,last_name\n1234567893,Ann,Leigh\n")
    done = cli("run", home=tmp_path, extra_env={"CME_STRICT": "1"})
    assert done.returncode == 1
    assert problem in done.stderr, done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    report = done.stderr.split("The run failed:")[1]
    assert report.index("roster_update.csv") < report.index("did not run") < report.index("Nothing was published")
    assert "Not executing" not in done.stderr
    assert done.stderr.count("did not run") == 1
    assert serving.read_bytes() == published


def test_a_join_that_breaks_a_dbt_test_fails_the_run_naming_the_check(tmp_path):
    inbox = tmp_path / "inbox"
    assert cli("generate", "--out", str(inbox), "--seed", "5", home=tmp_path).returncode == 0
    (inbox / "attendance" / "attendance_zz_late.csv").write_text(
        "activity_id,session_date,learner_id,profession\nA9999,2026-01-05,U999999,MD\n"
    )
    done = cli("run", "--verbose", home=tmp_path)
    assert done.returncode == 1
    assert "failed checks:" in done.stderr
    assert "relationships_stg_attendance_activity_id" in done.stderr.split("failed checks:")[1]
    assert "Nothing was published" in done.stderr
    # --verbose shows dbt's own log as it runs, as well as keeping it in CME_HOME/dbt/dbt.log.
    dbt_line = "FAIL 1 relationships_stg_attendance_activity_id"
    assert dbt_line in done.stderr.split("The run failed:")[0]
    assert dbt_line in (tmp_path / "dbt" / "dbt.log").read_text()
