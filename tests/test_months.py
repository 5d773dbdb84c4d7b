"""Months: a delivery rebuilds exactly the months it touches, by the sensor, the command line or a backfill.

One world, one Dagster instance under its home, and a sequence an analyst lives through: history loaded
without its last month; the last month's file arrives and the sensor takes it in; a month is restated; a
month's file is withdrawn; months are rebuilt on purpose; and a run with nothing new does nothing.
"""

from __future__ import annotations

import csv
import shutil

import dagster as dg
import duckdb
import pytest

from cme_pipeline.definitions import build_definitions
from cme_pipeline.instance import open_instance
from tests.conftest import failure_messages, pipeline_settings, query, run_pipeline
from tests.test_cli import cli

MONTH_MODEL = dg.AssetKey(["staging", "stg_metric_values"])
LAST_MONTH = "2026-06"


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from cme_pipeline.synthetic import generate_world

    home = tmp_path_factory.mktemp("months")
    inbox = home / "inbox"
    generate_world(inbox, scale="small", seed=5, end_month=LAST_MONTH)
    held = home / f"metric_values_{LAST_MONTH}.csv"
    shutil.move(inbox / "metric_values" / held.name, held)
    for resubmission in (inbox / "metric_values").glob("*resubmission*"):  # not part of this story
        resubmission.unlink()
    settings = pipeline_settings(home, inbox)
    with open_instance(settings) as instance:
        result = run_pipeline(home, inbox, instance=instance)
    assert result.success, failure_messages(result)
    return {"home": home, "inbox": inbox, "held": held, "settings": settings}


def month_rows(world, exclude: str | None = None) -> list[tuple]:
    return query(
        world["home"] / "warehouse.duckdb",
        "select * from staging.stg_metric_values where period is distinct from ? order by all",
        [exclude],
    )


def partitions_materialized(instance: dg.DagsterInstance, run_id: str) -> set[str]:
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records
    return {
        record.event_log_entry.dagster_event.partition
        for record in records
        if record.event_log_entry.dagster_event.asset_key == MONTH_MODEL
    }


def test_the_sensor_takes_in_a_new_month_and_rebuilds_only_it(world):
    before = month_rows(world)
    assert not [row for row in before if row[1] == LAST_MONTH]
    shutil.copy(world["held"], world["inbox"] / "metric_values" / world["held"].name)
    definitions = build_definitions(world["settings"])
    sensor = definitions.resolve_sensor_def("inbox_sensor")
    with open_instance(world["settings"]) as instance:
        runs = []
        for expected_job in ("ingest_inbox", "build_and_publish"):
            [request] = sensor.evaluate_tick(dg.build_sensor_context(instance, definitions=definitions)).run_requests
            assert request.job_name == expected_job
            job = definitions.resolve_job_def(request.job_name)
            run = job.execute_in_process(
                instance=instance, tags=request.tags, asset_selection=request.asset_selection, raise_on_error=False
            )
            assert run.success, failure_messages(run)
            runs.append(run)
        quiet = sensor.evaluate_tick(dg.build_sensor_context(instance, definitions=definitions))
        assert not quiet.run_requests
        assert quiet.skip_message == "Every file in the inbox has been taken in, rebuilt and published."
        assert partitions_materialized(instance, runs[1].run_id) == {LAST_MONTH}
    assert runs[1].dagster_run.tags["cme/months"] == LAST_MONTH
    assert month_rows(world, exclude=LAST_MONTH) == before  # every other month untouched
    serving = world["home"] / "published" / "cme_marts.duckdb"
    last_three = "select count(distinct period_start) from metric_run_chart where period_start >= '2026-04-01'"
    assert query(serving, last_three) == [(3,)]  # the marts reflect all three last months


def test_a_restated_month_replaces_its_rows_and_only_its_months(world):
    before = month_rows(world)
    original = world["inbox"] / "metric_values" / "metric_values_2025-03.csv"
    with original.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    restated = [dict(row, numerator="0") for row in rows[:5]]
    with (world["inbox"] / "metric_values" / "metric_values_2025-03_restated.csv").open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(restated)
    with open_instance(world["settings"]) as instance:
        result = run_pipeline(world["home"], world["inbox"], instance=instance)
        assert result.success, failure_messages(result)
        assert result.runs[1].dagster_run.tags["cme/months"] == "2025-03"
        assert partitions_materialized(instance, result.run_id) == {"2025-03"}
    after = month_rows(world)
    assert month_rows(world, exclude="2025-03") == [row for row in before if row[1] != "2025-03"]
    keys = {(r["metric_id"], r["entity_type"], r["entity_id"]) for r in restated}
    changed = [row for row in after if row[1] == "2025-03" and (row[0], row[3], row[4]) in keys]
    assert len(changed) == 5 and {row[5] for row in changed} == {0.0}


def test_a_withdrawn_month_file_takes_its_rows_out_of_its_month(world):
    (world["inbox"] / "metric_values" / "metric_values_2024-01.csv").unlink()
    result = run_pipeline(world["home"], world["inbox"])
    assert result.success, failure_messages(result)
    assert result.runs[1].dagster_run.tags["cme/months"] == "2024-01"
    warehouse = world["home"] / "warehouse.duckdb"
    assert query(warehouse, "select count(*) from staging.stg_metric_values where period = '2024-01'") == [(0,)]
    assert query(
        warehouse, "select count(*) from intermediate.int_metric_monthly_by_entity where period_start = '2024-01-01'"
    ) == [(0,)]


def test_the_command_line_rebuilds_a_range_of_months_and_nothing_when_nothing_is_new(world):
    home = world["home"]
    with open_instance(world["settings"]) as instance:
        runs_before = len(instance.get_runs())
    done = cli("run", "--months", "2025-01..2025-03", home=home)
    assert done.returncode == 0, done.stderr[-3000:]
    with open_instance(world["settings"]) as instance:
        build = instance.get_runs(filters=dg.RunsFilter(job_name="build_and_publish"), limit=1)[0]
        assert build.tags["cme/months"] == "2025-01,2025-02,2025-03"
        assert partitions_materialized(instance, build.run_id) == {"2025-01", "2025-02", "2025-03"}
        runs_after_backfill = len(instance.get_runs())
    assert runs_after_backfill == runs_before + 2  # one ingest (nothing new in it) and one build
    done = cli("run", home=home)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Nothing new" in done.stderr
    with open_instance(world["settings"]) as instance:
        assert len(instance.get_runs()) == runs_after_backfill
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from raw._pending_months").fetchone()[0] == 0
