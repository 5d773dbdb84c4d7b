"""The triggers an analyst leaves running: the inbox sensor (by checksum) and the monthly schedule."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import dagster as dg

from cme_pipeline.defs.automation import build_automation
from cme_pipeline.service import plan
from tests.conftest import pipeline_settings

HOLD_THE_WAREHOUSE = """
import sys, time
from pathlib import Path
from cme_pipeline.warehouse_lock import WarehouseLock
WarehouseLock(Path(sys.argv[1])).acquire("some-run", "cme-pipeline run")
print("holding", flush=True)
time.sleep(600)
"""


def inbox_changes(settings) -> list[str]:
    return plan(settings).inbox_changes


def automation(settings):
    return build_automation(settings, dg.define_asset_job("ingest_inbox"), dg.define_asset_job("build_and_publish"))


def evaluate(sensor: dg.SensorDefinition) -> list[dg.RunRequest] | str:
    result = sensor.evaluate_tick(dg.build_sensor_context())
    return list(result.run_requests) or result.skip_message


def test_the_sensor_sees_new_changed_and_withdrawn_files_by_checksum_not_by_time(copy_of):
    settings = pipeline_settings(copy_of, copy_of / "inbox")
    sensor, _ = automation(settings)
    assert inbox_changes(settings) == []
    assert evaluate(sensor) == "Every file in the inbox has been taken in, rebuilt and published."

    needs = copy_of / "inbox" / "needs" / "needs.csv"
    stat = needs.stat()
    os.utime(needs, ns=(stat.st_atime_ns, stat.st_mtime_ns + 86_400 * 10**9))  # touched, same bytes
    assert inbox_changes(settings) == []

    needs.write_text(needs.read_text().replace("high", "medium", 1))  # new bytes, old timestamp
    os.utime(needs, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    (copy_of / "inbox" / "needs" / "needs_zz_new.csv").write_text(
        "need_id,source_type,source_name,identified_on,target_service_line,priority\n"
        "N900,committee,Quality Council,2026-05-01,Cardiology,high\n"
    )
    roster_files = sorted((copy_of / "inbox" / "roster").iterdir())
    extra = roster_files[0].with_name("roster_zz_extra.csv")
    extra.write_bytes(roster_files[0].read_bytes())
    assert inbox_changes(settings) == ["needs/needs.csv", "needs/needs_zz_new.csv", "roster/roster_zz_extra.csv"]
    [request] = evaluate(sensor)
    assert request.job_name == "ingest_inbox"
    assert request.tags["cme/inbox_changes"] == "needs/needs.csv, needs/needs_zz_new.csv, roster/roster_zz_extra.csv"
    [again] = evaluate(sensor)
    assert again.run_key == request.run_key  # the same inbox launches one run, however many ticks see it

    holder = subprocess.Popen(  # a run in another process holds the warehouse: look again later
        [sys.executable, "-c", HOLD_THE_WAREHOUSE, str(settings.warehouse)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        assert evaluate(sensor) == "A run holds the warehouse; looking again at the next tick."
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_the_sensor_sees_a_file_taken_out_of_the_inbox(copy_of):
    settings = pipeline_settings(copy_of, copy_of / "inbox")
    attendance = sorted((copy_of / "inbox" / "attendance").iterdir())
    assert len(attendance) > 1
    attendance[0].unlink()
    assert inbox_changes(settings) == [f"attendance/{attendance[0].name} (withdrawn)"]


def test_sensor_and_schedule_are_on_unless_turned_off_and_the_day_is_a_setting(tmp_path):
    settings = pipeline_settings(tmp_path, tmp_path / "inbox")
    sensor, schedule = automation(settings)
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    assert schedule.cron_schedule == "0 6 5 * *"
    sensor, schedule = automation(dataclasses.replace(settings, automation=False, schedule_day=9))
    assert sensor.default_status == dg.DefaultSensorStatus.STOPPED
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    assert schedule.cron_schedule == "0 6 9 * *"


def test_the_environment_turns_automation_off_and_sets_the_day():
    import pytest

    from cme_pipeline.settings import Settings

    settings = Settings.from_env({"CME_HOME": "/tmp/h", "CME_AUTOMATION": "off", "CME_SCHEDULE_DAY": "12"})
    assert (settings.automation, settings.schedule_day, settings.strict) == (False, 12, False)
    assert settings.instance_home.as_posix() == "/tmp/h/dagster"
    assert Settings.from_env({"CME_HOME": "/tmp/h", "CME_STRICT": "1"}).strict
    with pytest.raises(ValueError, match="CME_SCHEDULE_DAY must be a day of the month from 1 to 28, not 31"):
        Settings.from_env({"CME_SCHEDULE_DAY": "31"})
