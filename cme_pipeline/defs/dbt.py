"""dbt layer: the dbt project's models as Dagster assets, its tests as asset checks.

Models are grouped by layer (staging, intermediate, marts; seeds as reference). Every dbt test becomes
a check with a description a person can read in the UI: its own (`description:` in the YAML) or one
said from its kind and arguments. dbt's own log goes to `CME_HOME/dbt/dbt.log`, not the terminal.
"""

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from dagster_duckdb import DuckDBResource

from cme_pipeline.defs.months import MONTH_PARTITIONED_TAG, month_partitions, months_of_run
from cme_pipeline.defs.project import WAREHOUSE_POOL, dbt_output, seed_partial_parse
from cme_pipeline.defs.resources import WarehouseLockResource
from cme_pipeline.expectations import import_in_background
from cme_pipeline.ingest.ledger import clear_pending_months, note_pending_months, pending_months
from cme_pipeline.settings import Settings

LAYERS = ("staging", "intermediate", "marts")


def describe_test(props: Mapping[str, Any]) -> str:
    """A dbt test in words: its YAML description, else what its kind and arguments say it checks."""
    if props.get("description"):
        return props["description"]
    metadata = props.get("test_metadata") or {}
    kind, arguments = metadata.get("name"), metadata.get("kwargs") or {}
    column = arguments.get("column_name")
    if kind == "unique":
        return f"Every {column} appears once."
    if kind == "not_null":
        return f"{column} is never empty."
    if kind == "accepted_values":
        return f"{column} is one of: {', '.join(map(str, arguments.get('values', [])))}."
    if kind == "relationships":
        target = str(arguments.get("to", "")).replace("ref('", "").replace("')", "")
        return f"Every {column} is found in {target}.{arguments.get('field')}."
    if kind == "unique_combination":
        return f"Each combination of {', '.join(arguments.get('columns', []))} appears once."
    if kind:
        return f"dbt test {kind} on {column or props.get('name')}."
    return f"dbt test {props.get('name')}."


class LayeredTranslator(DagsterDbtTranslator):
    """Groups dbt assets by layer and gives every dbt check a description."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props.get("resource_type") == "seed":
            return spec.replace_attributes(group_name="reference")
        layer = next((part for part in props.get("fqn", []) if part in LAYERS), None)
        if props.get("resource_type") == "model" and layer:
            return spec.replace_attributes(group_name=layer)
        return spec

    def get_asset_check_spec(
        self, asset_spec: dg.AssetSpec, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> dg.AssetCheckSpec | None:
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None or spec.description:
            return spec
        return spec._replace(description=describe_test(manifest["nodes"][unique_id]))


MONTH_PARTITIONED = f"tag:{MONTH_PARTITIONED_TAG}"


def _dbt_build(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, project: DbtProject, settings: Settings, *flags: str
):
    seed_partial_parse(project, settings)
    with dbt_output(settings):
        yield from dbt.cli(["build", *flags], context=context, target_path=settings.dbt_artifacts / "target").stream()


def build_dbt_assets(project: DbtProject, settings: Settings) -> list[dg.AssetsDefinition]:
    """Two sets of dbt assets: the month-partitioned metric values, and every other model, which rebuild in
    full except the month-grained rollup, incremental over the same months (macros/months.sql)."""
    partitions = month_partitions(settings)

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        select=MONTH_PARTITIONED,
        name="cme_dbt_months",
        partitions_def=partitions,
        backfill_policy=dg.BackfillPolicy.single_run(),
        dagster_dbt_translator=LayeredTranslator(),
        pool=WAREHOUSE_POOL,
    )
    def cme_dbt_months(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        duckdb: DuckDBResource,
        warehouse_lock: WarehouseLockResource,
    ):
        """Rebuilds the pending months of the month-partitioned models (delete, then insert, by month), with
        the run's partition window added to them."""
        months = months_of_run(context.run.tags, partitions)
        with duckdb.get_connection() as con:
            note_pending_months(con, months)
            context.log.info(f"Rebuilding month(s): {', '.join(pending_months(con)) or 'none'}")
        # Only the tests of these models alone: a test reading a model built later in the run (the roster,
        # say) runs with that model, in cme_dbt_models.
        yield from _dbt_build(context, dbt, project, settings, "--indirect-selection", "cautious")

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        exclude=MONTH_PARTITIONED,
        name="cme_dbt_models",
        dagster_dbt_translator=LayeredTranslator(),
        pool=WAREHOUSE_POOL,
    )
    def cme_dbt_models(
        context: dg.AssetExecutionContext,
        dbt: DbtCliResource,
        duckdb: DuckDBResource,
        warehouse_lock: WarehouseLockResource,
    ):
        """Builds (runs and tests) every other model; failing error-severity tests stop downstream models.
        Once built, the months rebuilt are no longer pending in the ingest ledger."""
        import_in_background()  # the audit's expectation suites come next; dbt runs in its own process
        # The months are done when the month-partitioned models were rebuilt in this run too.
        with duckdb.get_connection() as con:
            rebuilding = pending_months(con) if months_of_run(context.run.tags, partitions) else []
        yield from _dbt_build(context, dbt, project, settings)
        with duckdb.get_connection() as con:
            clear_pending_months(con, rebuilding)

    return [cme_dbt_months, cme_dbt_models]
