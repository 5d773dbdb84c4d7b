"""Triggers: the inbox sensor and the monthly schedule.

Both are on whenever the Dagster daemon runs (`cme-pipeline ui`, or `dagster-daemon run`), unless
CME_AUTOMATION=off. The sensor compares the inbox with the ingest ledger by checksum, never by modified
time: a file copied with its old timestamp but new content is seen, a file merely touched is not.
"""

import hashlib
import json
from typing import Any

import dagster as dg
import duckdb

from cme_pipeline.contract import FEEDS
from cme_pipeline.ingest.ledger import delivered_state
from cme_pipeline.ingest.loader import delivered_files, sha256_of
from cme_pipeline.settings import Settings
from cme_pipeline.warehouse_lock import WarehouseBusy, WarehouseLock

# The job both trigger: an asset job as `define_asset_job` returns it, before Definitions resolves it.
ExecutableJob = Any

SENSOR_NAME = "inbox_sensor"
SCHEDULE_NAME = "monthly_refresh"


def inbox_changes(settings: Settings) -> tuple[list[str], str] | None:
    """The inbox files whose bytes the warehouse has not taken in (new, changed or withdrawn), and a key
    for this state of the inbox; None while a run holds the warehouse."""
    delivered = {
        (feed, path.name): sha256_of(path) for feed in FEEDS for path in delivered_files(settings.inbox / feed)
    }
    known: dict[tuple[str, str], str] = {}
    if settings.warehouse.exists():
        try:
            with WarehouseLock(settings.warehouse) as lock:
                lock.acquire("(reading the ledger)", f"sensor {SENSOR_NAME}")
                with duckdb.connect(str(settings.warehouse), read_only=True) as con:
                    known = delivered_state(con)
        except WarehouseBusy:
            return None
    feeds_delivered = {feed for feed, _ in delivered}  # a feed with no files keeps what it had
    changes = sorted(f"{feed}/{name}" for (feed, name), sha in delivered.items() if known.get((feed, name)) != sha)
    withdrawn = [(feed, name) for feed, name in known if feed in feeds_delivered and (feed, name) not in delivered]
    changes += sorted(f"{feed}/{name} (withdrawn)" for feed, name in withdrawn)
    state = hashlib.sha256(json.dumps(sorted(f"{f}/{n}:{s}" for (f, n), s in delivered.items())).encode())
    return changes, state.hexdigest()


def build_automation(settings: Settings, job: ExecutableJob) -> tuple[dg.SensorDefinition, dg.ScheduleDefinition]:
    status = dg.DefaultSensorStatus.RUNNING if settings.automation else dg.DefaultSensorStatus.STOPPED

    @dg.sensor(
        name=SENSOR_NAME,
        job=job,
        minimum_interval_seconds=60,
        default_status=status,
        description="Runs the pipeline when a file in the inbox is new, changed (by checksum) or withdrawn.",
    )
    def inbox_sensor(context: dg.SensorEvaluationContext):
        found = inbox_changes(settings)
        if found is None:
            return dg.SkipReason("A run holds the warehouse; looking again at the next tick.")
        changes, state = found
        if not changes:
            return dg.SkipReason("Every file in the inbox has been taken in.")
        context.log.info(f"{len(changes)} file(s) to take in: {', '.join(changes[:20])}")
        return dg.RunRequest(run_key=state, tags={"cme/inbox_changes": ", ".join(changes)[:4000]})

    schedule = dg.ScheduleDefinition(
        name=SCHEDULE_NAME,
        job=job,
        # After the monthly QI close: the month's extracts usually land in the first days of the month.
        cron_schedule=f"0 6 {settings.schedule_day} * *",
        default_status=dg.DefaultScheduleStatus(status.value),
        description=(
            f"The full audit and publish on day {settings.schedule_day} of each month, after the QI extracts "
            "close (CME_SCHEDULE_DAY)."
        ),
    )
    return inbox_sensor, schedule
