"""Triggers: the inbox sensor and the monthly schedule.

Both are on whenever the Dagster daemon runs (`cme-pipeline ui`, or `dagster-daemon run`), unless
CME_AUTOMATION=off. The sensor decides as the command line does (service.plan): it compares the inbox
with the ingest ledger by checksum, never by modified time (a file copied with its old timestamp but new
content is seen, a file merely touched is not), and launches the ingest; once the ledger has taken the
files in, it launches the build of exactly the months they touched.
"""

from typing import Any

import dagster as dg

from cme_pipeline.settings import Settings

# An asset job as `define_asset_job` returns it, before Definitions resolves it.
AssetJob = Any

SENSOR_NAME = "inbox_sensor"
SCHEDULE_NAME = "monthly_refresh"


def build_automation(
    settings: Settings, ingest_job: AssetJob, build_job: AssetJob
) -> tuple[dg.SensorDefinition, dg.ScheduleDefinition]:
    status = dg.DefaultSensorStatus.RUNNING if settings.automation else dg.DefaultSensorStatus.STOPPED

    @dg.sensor(
        name=SENSOR_NAME,
        jobs=[ingest_job, build_job],
        minimum_interval_seconds=60,
        default_status=status,
        description=(
            "Takes in a file that is new, changed (by checksum) or withdrawn, then rebuilds and publishes "
            "exactly the months it touched."
        ),
    )
    def inbox_sensor(context: dg.SensorEvaluationContext):
        from cme_pipeline.service import build_run_request, plan

        found = plan(settings, reader=f"sensor {SENSOR_NAME}")
        if found is None:
            return dg.SkipReason("A run holds the warehouse; looking again at the next tick.")
        if found.inbox_changes:
            context.log.info(f"{len(found.inbox_changes)} file(s) to take in: {', '.join(found.inbox_changes[:20])}")
            return dg.RunRequest(
                job_name=ingest_job.name,
                run_key=f"ingest:{found.inbox_state}",
                tags={"cme/inbox_changes": ", ".join(found.inbox_changes)[:4000]},
            )
        if found.pending_months or found.unpublished:
            tags, selection = build_run_request(context.repository_def.asset_graph, settings, found.pending_months)
            return dg.RunRequest(
                job_name=build_job.name,
                run_key=f"build:{found.inbox_state}:{','.join(found.pending_months)}",
                tags=tags,
                asset_selection=selection,
            )
        return dg.SkipReason("Every file in the inbox has been taken in, rebuilt and published.")

    @dg.schedule(
        name=SCHEDULE_NAME,
        job=build_job,
        # After the monthly QI close: the month's extracts usually land in the first days of the month.
        cron_schedule=f"0 6 {settings.schedule_day} * *",
        default_status=dg.DefaultScheduleStatus(status.value),
        description=(
            f"Rebuilds every model, audits and publishes on day {settings.schedule_day} of each month, after "
            "the QI extracts close (CME_SCHEDULE_DAY); the sensor takes in new files as they arrive."
        ),
    )
    def monthly_refresh(context: dg.ScheduleEvaluationContext):
        from cme_pipeline.service import build_run_request

        tags, selection = build_run_request(context.repository_def.asset_graph, settings, [])
        return dg.RunRequest(tags=tags, asset_selection=selection)

    return inbox_sensor, monthly_refresh
