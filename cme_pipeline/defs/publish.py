"""Publish layer: the checked marts, all together, to the serving store BI tools read, and the data dictionary.

Which marts are published is said once, in dbt (`meta: {publish: true}`); this layer reads that list from
the manifest. Blocking checks stop only the assets directly downstream of what they check, so the publish
step gates itself: every audit check must have run in this run, and no check may have failed with ERROR.
"""

import hashlib
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject
from dagster_duckdb import DuckDBResource

from cme_pipeline.defs.project import WAREHOUSE_POOL, dbt_output, seed_partial_parse
from cme_pipeline.defs.resources import ServingStoreResource, WarehouseLockResource
from cme_pipeline.ingest.publications import code_fingerprint, record_publication
from cme_pipeline.serving import publish_marts
from cme_pipeline.settings import Settings

SERVING_STORE_KEY = dg.AssetKey(["published", "serving_store"])


def _check_evaluations(context: dg.AssetExecutionContext) -> list[dict]:
    """Every asset check evaluated so far in this run: dbt tests, audit checks, expectation suites."""
    records = context.instance.get_records_for_run(
        run_id=context.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    ).records
    evaluations = []
    for record in records:
        evaluation = record.event_log_entry.dagster_event.event_specific_data
        evaluations.append({
            "asset": evaluation.asset_key.to_user_string(),
            "check": evaluation.check_name,
            "passed": evaluation.passed,
            "severity": evaluation.severity.value,
        })
    return evaluations


def build_publish_assets(
    settings: Settings,
    project: DbtProject,
    published: list[tuple[dg.AssetKey, Mapping[str, Any]]],
    deliveries: tuple[dg.AssetKey, Mapping[str, Any]],
    audit_checks: list[dg.AssetChecksDefinition],
) -> list[dg.AssetsDefinition]:
    """`published`: each mart's asset key and manifest node; `deliveries`: the same for the deliveries
    model, whose loaded files the publication log lists as its inputs."""
    marts = {node["name"]: node["relation_name"] for _, node in published}
    deliveries_key, deliveries_node = deliveries
    required = {f"{key.asset_key.to_user_string()}:{key.name}" for check in audit_checks for key in check.check_keys}

    @dg.asset(
        key=SERVING_STORE_KEY,
        group_name="publish",
        deps=[*(key for key, _ in published), deliveries_key],
        pool=WAREHOUSE_POOL,
        kinds={"duckdb", "parquet"},
        description=(
            "Publishes every mart, together, to CME_HOME/published: a DuckDB file BI tools open (DuckDB 1.x "
            "readable, swapped in by rename) and one Parquet file per mart, with a publication_log of what it "
            "was built from. Runs only when every blocking check of the run passed."
        ),
    )
    def serving_store(
        context: dg.AssetExecutionContext,
        duckdb: DuckDBResource,
        serving: ServingStoreResource,
        warehouse_lock: WarehouseLockResource,
    ) -> dg.MaterializeResult:
        evaluations = _check_evaluations(context)
        evaluated = {f"{e['asset']}:{e['check']}" for e in evaluations}
        missing = sorted(required - evaluated)
        failed = [f"{e['asset']}:{e['check']}" for e in evaluations if not e["passed"] and e["severity"] == "ERROR"]
        if failed or missing:
            raise dg.Failure(
                description="not published: "
                + "; ".join(filter(None, [failed and "failed checks " + ", ".join(failed),
                                          missing and "checks that did not run " + ", ".join(missing)])),
                allow_retries=False,
            )
        with duckdb.get_connection() as con:
            publication = publish_marts(
                con, Path(serving.path), marts, deliveries_node["relation_name"], context.run_id, evaluations
            )
            record_publication(con, context.run_id, code_fingerprint(settings.dbt_project_dir))
        return dg.MaterializeResult(
            metadata={
                "serving_file": dg.MetadataValue.path(str(publication.path)),
                "parquet_folder": dg.MetadataValue.path(str(publication.parquet)),
                "tables": dg.MetadataValue.json(publication.tables),
                "checks_passed": sum(1 for e in evaluations if e["passed"]),
                "checks_evaluated": len(evaluations),
            }
        )

    @dg.asset(
        key=["published", "data_dictionary"],
        group_name="publish",
        deps=[SERVING_STORE_KEY],
        pool=WAREHOUSE_POOL,
        kinds={"dbt"},
        description=(
            "The dbt docs site built into CME_HOME/data_dictionary: every mart and column described, the lineage "
            "graph; rebuilt only when the dbt project changed. Serve it with "
            "`python -m http.server -d $CME_HOME/data_dictionary`. Set CME_BUILD_DATA_DICTIONARY=0 to skip it."
        ),
    )
    def data_dictionary(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse_lock: WarehouseLockResource
    ) -> dg.MaterializeResult:
        if not settings.build_data_dictionary:
            context.log.info("CME_BUILD_DATA_DICTIONARY=0: data dictionary not rebuilt")
            return dg.MaterializeResult(metadata={"skipped": True})
        index = settings.data_dictionary / "index.html"
        stamp = settings.data_dictionary / ".built_from"
        built_from = hashlib.sha256(Path(project.manifest_path).read_bytes()).hexdigest()
        if index.exists() and stamp.exists() and stamp.read_text() == built_from:
            context.log.info("The dbt project has not changed since the data dictionary was built: kept as it is")
            return dg.MaterializeResult(metadata={"index": dg.MetadataValue.path(str(index)), "rebuilt": False})
        # In the build's own target folder, where dbt's partial-parse state is, then copied out: a fresh
        # folder would parse the whole project again. The models' SQL is not compiled again for the site.
        target = settings.dbt_artifacts / "target"
        seed_partial_parse(project, settings)
        with dbt_output(settings, mode="a"):
            dbt.cli(["docs", "generate", "--quiet", "--no-compile"], target_path=target, manifest={}).wait()
        settings.data_dictionary.mkdir(parents=True, exist_ok=True)
        for name in ("index.html", "manifest.json", "catalog.json"):
            shutil.copyfile(target / name, settings.data_dictionary / name)
        stamp.write_text(built_from)
        return dg.MaterializeResult(metadata={"index": dg.MetadataValue.path(str(index)), "rebuilt": True})

    return [serving_store, data_dictionary]
