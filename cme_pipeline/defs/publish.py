"""Publish layer: the checked marts, all together, to the serving store BI tools read."""

import os
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from dagster_duckdb import DuckDBResource

from cme_pipeline.defs.resources import WAREHOUSE_POOL, ServingStoreResource
from cme_pipeline.expectations import PUBLISHED_MARTS
from cme_pipeline.serving import publish_marts
from cme_pipeline.settings import Settings


def _check_evaluations(context: dg.AssetExecutionContext) -> list[dict]:
    """Every asset check evaluated so far in this run: dbt tests, join checks, expectation suites."""
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


def _required_audit_checks() -> set[str]:
    from cme_pipeline.defs.audit import JOIN_CHECKS

    joins = {f"{key.asset_key.to_user_string()}:{key.name}" for check in JOIN_CHECKS for key in check.check_keys}
    return joins | {f"marts/{mart}:great_expectations_suite" for mart in PUBLISHED_MARTS}


@dg.asset(
    key=["published", "serving_store"],
    group_name="publish",
    deps=[dg.AssetKey(["marts", mart]) for mart in PUBLISHED_MARTS],
    pool=WAREHOUSE_POOL,
    kinds={"duckdb", "parquet"},
    description=(
        "Publishes every mart, together, to CME_HOME/published: a DuckDB file BI tools open (DuckDB 1.x "
        "readable, swapped in by rename) and one Parquet file per mart, with a publication_log of what it was "
        "built from. Runs only when every blocking check of the run passed."
    ),
)
def serving_store(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, serving: ServingStoreResource
) -> dg.MaterializeResult:
    evaluations = _check_evaluations(context)
    # Blocking checks stop only the assets directly downstream of the asset they check, so the gate is
    # explicit: every audit check must have run in this run, and no check may have failed with ERROR.
    evaluated = {f"{e['asset']}:{e['check']}" for e in evaluations}
    missing = sorted(_required_audit_checks() - evaluated)
    failed = [f"{e['asset']}:{e['check']}" for e in evaluations if not e["passed"] and e["severity"] == "ERROR"]
    if failed or missing:
        raise dg.Failure(
            description="not published: "
            + "; ".join(filter(None, [failed and "failed checks " + ", ".join(failed),
                                      missing and "checks that did not run " + ", ".join(missing)])),
            allow_retries=False,
        )
    with duckdb.get_connection() as con:
        publication = publish_marts(con, Path(serving.path), PUBLISHED_MARTS, context.run_id, evaluations)
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
    deps=[dg.AssetKey(["published", "serving_store"])],
    pool=WAREHOUSE_POOL,
    kinds={"dbt"},
    description=(
        "The dbt docs site built into CME_HOME/data_dictionary: every mart and column described, the lineage "
        "graph. Serve it with `python -m http.server -d $CME_HOME/data_dictionary`. Set "
        "CME_BUILD_DATA_DICTIONARY=0 to skip it."
    ),
)
def data_dictionary(context: dg.AssetExecutionContext, dbt: DbtCliResource) -> dg.MaterializeResult:
    settings = Settings.from_env()
    target = settings.home / "data_dictionary"
    if os.environ.get("CME_BUILD_DATA_DICTIONARY", "1") == "0":
        context.log.info("CME_BUILD_DATA_DICTIONARY=0: data dictionary not rebuilt")
        return dg.MaterializeResult(metadata={"skipped": True})
    dbt.cli(["docs", "generate", "--quiet"], target_path=target, manifest={}).wait()
    return dg.MaterializeResult(metadata={"index": dg.MetadataValue.path(str(target / "index.html"))})
