"""The Dagster code location: one Definitions object, built when Dagster asks for it.

`dagster dev` (via workspace.yaml) loads `defs` from here; `cme-pipeline run` builds the same definitions
from the settings it has already read. Importing this module imports Dagster, never dbt.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg

from cme_pipeline.service import BUILD_JOB, INGEST_JOB
from cme_pipeline.settings import Settings


def build_definitions(settings: Settings) -> dg.Definitions:
    """Ingest (one asset per feed) -> dbt (models as assets, tests as checks) -> audit -> publish -> report."""
    from dagster_dbt import get_asset_key_for_model

    from cme_pipeline.defs.audit import build_audit_checks
    from cme_pipeline.defs.automation import build_automation
    from cme_pipeline.defs.dbt import build_dbt_assets
    from cme_pipeline.defs.ingest import build_ingest_assets
    from cme_pipeline.defs.months import MONTH_PARTITIONED_TAG
    from cme_pipeline.defs.project import dbt_project, load_manifest, model_node, published_models
    from cme_pipeline.defs.publish import build_publish_assets
    from cme_pipeline.defs.report import build_report_assets
    from cme_pipeline.defs.resources import build_resources

    project = dbt_project(settings)
    manifest = load_manifest(project)
    month_models, dbt_models = build_dbt_assets(project, settings)

    def model(name: str) -> tuple[dg.AssetKey, Mapping[str, Any]]:
        node = model_node(manifest, name)
        owner = month_models if MONTH_PARTITIONED_TAG in node["config"].get("tags", []) else dbt_models
        return get_asset_key_for_model([owner], name), node

    published = [model(node["name"]) for node in published_models(manifest)]
    audit_checks = build_audit_checks(model("int_attendance_resolved"), published)
    publish = build_publish_assets(settings, project, published, model("stg_deliveries"), audit_checks)
    publish += build_report_assets(settings)
    ingest = build_ingest_assets(settings)
    ingest_job = dg.define_asset_job(
        INGEST_JOB,
        selection=dg.AssetSelection.assets(*ingest),
        description="Takes in every feed's new, changed and withdrawn files; the ledger notes the months they touch.",
    )
    build_job = dg.define_asset_job(
        BUILD_JOB,
        selection=dg.AssetSelection.all() - dg.AssetSelection.assets(*ingest),
        description=(
            "Rebuilds the run's months of the metric values, every other model (the marts in full), audits "
            "them and publishes: the months come from the ingest ledger, `--months`, or a backfill's window."
        ),
    )
    inbox_sensor, schedule = build_automation(settings, ingest_job, build_job)
    return dg.Definitions(
        assets=[*ingest, month_models, dbt_models, *publish],
        asset_checks=audit_checks,
        jobs=[ingest_job, build_job],
        schedules=[schedule],
        sensors=[inbox_sensor],
        resources=build_resources(settings, project),
        # One process writes the warehouse file at a time (DuckDB's lock), and in-process
        # execution also avoids paying Dagster's and dbt's import cost once per step.
        executor=dg.in_process_executor,
    )


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions(Settings.from_env())
