"""The Dagster code location: one Definitions object, built when Dagster asks for it.

`dagster dev` (via workspace.yaml) and the `cme-pipeline run` command both load `defs` from here.
"""

from __future__ import annotations

import dagster as dg

ALL_ASSETS_JOB = "materialize_everything"


@dg.definitions
def defs() -> dg.Definitions:
    from cme_pipeline.defs.audit import JOIN_CHECKS, build_expectation_checks
    from cme_pipeline.defs.dbt import build_dbt_assets, dbt_project, ensure_manifest
    from cme_pipeline.defs.ingest import build_ingest_assets
    from cme_pipeline.defs.publish import data_dictionary, serving_store
    from cme_pipeline.defs.resources import build_resources
    from cme_pipeline.settings import Settings

    project = dbt_project()
    ensure_manifest(project)
    everything = dg.define_asset_job(
        ALL_ASSETS_JOB,
        selection=dg.AssetSelection.all(),
        description="Ingest every feed, build and test the dbt models, audit them, publish the marts: one run.",
    )
    return dg.Definitions(
        assets=[*build_ingest_assets(), build_dbt_assets(project), serving_store, data_dictionary],
        asset_checks=[*JOIN_CHECKS, *build_expectation_checks(project.manifest_path)],
        jobs=[everything],
        schedules=[
            dg.ScheduleDefinition(
                name="monthly_refresh",
                job=everything,
                # The 5th: monthly QI extracts usually land in the first days of the month.
                cron_schedule="0 6 5 * *",
                default_status=dg.DefaultScheduleStatus.STOPPED,
                description="Monthly materialization after the month's QI extracts arrive.",
            )
        ],
        resources=build_resources(Settings.from_env()),
        # One process writes the warehouse file at a time (DuckDB's lock), and in-process
        # execution also avoids paying Dagster's and dbt's import cost once per step.
        executor=dg.in_process_executor,
    )
