"""Audit: the checks in Dagster itself, beside the dbt tests (the A of write-audit-publish).

Where each kind of check lives (README, "Checked, then published"):
  * row rules - at the door, in the contract (contract.py, ingest/validation.py);
  * keys, relationships and row counts (no join fans out) - dbt tests, in the models' YAML, and the published
    marts' columns - their enforced dbt contracts;
  * thresholds dbt cannot express, because a setting decides them - here, as Dagster asset checks;
  * what a published mart promises its readers (ranges, suppressed cells null, no identifier column) - Great
    Expectations suites, built from the marts' YAML (`meta: expect`), run here.
All are blocking; the publish step also refuses to run unless every one of them ran and passed.
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_duckdb import DuckDBResource

from cme_pipeline.defs.resources import ServingStoreResource, WarehouseLockResource


def _result(observed, threshold, passed: bool, explanation: str, **extra) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=passed,
        severity=dg.AssetCheckSeverity.ERROR,
        description=explanation,
        metadata={"observed": observed, "threshold": threshold, **extra},
    )


def resolved_share_check(attendance_key: dg.AssetKey, relation: str) -> dg.AssetChecksDefinition:
    """`relation`: where the resolved attendance lives in the warehouse (from the manifest)."""

    @dg.asset_check(
        asset=attendance_key,
        name="attendance_resolves_to_roster",
        blocking=True,
        description="At least CME_MIN_RESOLVED_SHARE (default 95%) of attendance rows resolve to a roster clinician.",
    )
    def attendance_resolves_to_roster(
        duckdb: DuckDBResource, serving: ServingStoreResource, warehouse_lock: WarehouseLockResource
    ) -> dg.AssetCheckResult:
        with duckdb.get_connection() as con:
            [(share, rows)] = con.execute(
                "select avg(case when clinician_npi is not null then 1.0 else 0.0 end), count(*) "
                f"from {relation}"
            ).fetchall()
        share = float(share or 0.0)
        return _result(
            round(share, 4), serving.min_resolved_share, share >= serving.min_resolved_share,
            f"{share:.1%} of {rows} attendance rows resolved to the roster "
            f"(at least {serving.min_resolved_share:.0%} needed)",
        )

    return attendance_resolves_to_roster


def expectation_check(mart_key: dg.AssetKey, node: Mapping[str, Any]) -> dg.AssetChecksDefinition:
    mart = node["name"]

    @dg.asset_check(
        asset=mart_key,
        name="great_expectations_suite",
        blocking=True,
        description=(
            f"Great Expectations suite on {mart}: values in range, suppressed cells null, no identifier column."
        ),
    )
    def great_expectations_suite(
        duckdb: DuckDBResource, serving: ServingStoreResource, warehouse_lock: WarehouseLockResource
    ) -> dg.AssetCheckResult:
        from cme_pipeline.expectations import validate_mart

        with duckdb.get_connection() as con:
            frame = con.execute(f"select * from {node['relation_name']}").df()
        outcome = validate_mart(node, frame, Path(serving.validation_path))
        return dg.AssetCheckResult(
            passed=outcome.success,
            severity=dg.AssetCheckSeverity.ERROR,
            description=(
                f"{outcome.evaluated} expectations, {len(outcome.failures)} failed"
                + "".join(f"; {failure['expectation']} on {failure['column']}" for failure in outcome.failures)
            ),
            metadata={
                "observed": len(outcome.failures),
                "threshold": 0,
                "failed_expectations": dg.MetadataValue.json(outcome.failures),
                "validation_result": dg.MetadataValue.path(str(outcome.result_path)),
                "validation_page": dg.MetadataValue.path(str(outcome.result_path.with_name("index.html"))),
            },
        )

    return great_expectations_suite


def build_audit_checks(
    attendance: tuple[dg.AssetKey, Mapping[str, Any]], published: list[tuple[dg.AssetKey, Mapping[str, Any]]]
) -> list[dg.AssetChecksDefinition]:
    """`attendance` and each of `published`: an asset key and its model's manifest node."""
    attendance_key, attendance_node = attendance
    return [
        resolved_share_check(attendance_key, attendance_node["relation_name"]),
        *(expectation_check(key, node) for key, node in published),
    ]
