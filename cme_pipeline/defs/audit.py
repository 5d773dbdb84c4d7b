"""Audit: the checks that must pass before anything is published (the A of write-audit-publish).

Join checks on the dbt models the marts depend on, and a Great Expectations suite per published
mart. All are blocking: a failure stops the publish asset in the same run, so the last good
publication stays as it was. Each check reports what it observed and the threshold it held to.
"""

import json
from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from cme_pipeline.defs.resources import ServingStoreResource
from cme_pipeline.expectations import PUBLISHED_MARTS, validate_mart


def _scalar(duckdb: DuckDBResource, sql: str):
    with duckdb.get_connection() as con:
        return con.execute(sql).fetchone()[0]


def _result(observed, threshold, passed: bool, explanation: str, **extra) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        passed=passed,
        severity=dg.AssetCheckSeverity.ERROR,
        description=explanation,
        metadata={"observed": observed, "threshold": threshold, **extra},
    )


@dg.asset_check(asset=dg.AssetKey(["staging", "stg_attendance"]), blocking=True)
def attendance_names_known_activities(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Every loaded attendance row names an activity in the activities feed."""
    unknown = _scalar(duckdb, """
        select count(*) from staging.stg_attendance
        where activity_id not in (select activity_id from staging.stg_activities)
    """)
    return _result(unknown, 0, unknown == 0, f"{unknown} attendance rows name an activity that is not in the feed")


@dg.asset_check(asset=dg.AssetKey(["restricted", "int_attendance_resolved"]), blocking=True)
def attendance_resolves_to_roster(duckdb: DuckDBResource, serving: ServingStoreResource) -> dg.AssetCheckResult:
    """Enough attendance rows resolve to a roster clinician, and no CME account to two clinicians."""
    with duckdb.get_connection() as con:
        share, rows = con.execute("""
            select avg(case when clinician_npi is not null then 1.0 else 0.0 end), count(*)
            from restricted.int_attendance_resolved
        """).fetchone()
        split = con.execute("""
            select count(*) from (
                select learner_id from restricted.int_attendance_resolved
                where clinician_npi is not null
                group by learner_id having count(distinct clinician_npi) > 1
            )
        """).fetchone()[0]
    share = float(share or 0.0)
    passed = share >= serving.min_resolved_share and split == 0
    return _result(
        round(share, 4), serving.min_resolved_share, passed,
        f"{share:.1%} of {rows} attendance rows resolved to the roster (at least {serving.min_resolved_share:.0%} "
        f"needed); {split} CME accounts resolve to more than one clinician (0 allowed)",
        learner_ids_resolving_to_two_clinicians=split,
    )


@dg.asset_check(asset=dg.AssetKey(["intermediate", "int_activity_needs"]), blocking=True)
def references_between_feeds_resolve(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Activity -> need and need -> metric references resolve; needs nobody addressed are reported, not failed."""
    with duckdb.get_connection() as con:
        unknown_needs = con.execute("""
            select count(*) from intermediate.int_activity_needs
            where need_id not in (select need_id from staging.stg_needs)
        """).fetchone()[0]
        unknown_metrics = con.execute("""
            select count(*) from staging.stg_needs
            where metric_id is not null and metric_id not in (select metric_id from staging.stg_metric_catalog)
        """).fetchone()[0]
        unaddressed = [row[0] for row in con.execute("""
            select need_id from staging.stg_needs
            where need_id not in (select need_id from intermediate.int_activity_needs) order by 1
        """).fetchall()]
    broken = unknown_needs + unknown_metrics
    return _result(
        broken, 0, broken == 0,
        f"{unknown_needs} activity -> need and {unknown_metrics} need -> metric references do not resolve",
        needs_without_activities=dg.MetadataValue.json(unaddressed),
    )


@dg.asset_check(asset=dg.AssetKey(["staging", "stg_metric_values"]), blocking=True)
def metric_values_name_known_entities(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Clinician-level values name roster NPIs; unit-level values name units on the roster."""
    with duckdb.get_connection() as con:
        clinicians, units = con.execute("""
            select
                count(*) filter (where entity_type = 'clinician'
                                 and entity_id not in (select npi from staging.stg_roster)),
                count(*) filter (where entity_type = 'unit'
                                 and entity_id not in (select unit from intermediate.int_units))
            from staging.stg_metric_values
        """).fetchone()
    return _result(
        clinicians + units, 0, clinicians + units == 0,
        f"{clinicians} clinician-level values name an NPI not on the roster; {units} unit values an unknown unit",
    )


@dg.asset_check(asset=dg.AssetKey(["restricted", "int_attendance_resolved"]), blocking=True)
def joins_do_not_fan_out(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Each join keeps its left side's row count: identity, need coverage, activity outcomes."""
    pairs = {
        "identity (attendance -> roster)": ("restricted.int_attendance_resolved", "staging.stg_attendance"),
        "need_coverage (needs)": ("marts.need_coverage", "staging.stg_needs"),
        "activity_outcomes (activities)": ("marts.activity_outcomes", "staging.stg_activities"),
    }
    with duckdb.get_connection() as con:
        observed = {
            name: [con.execute(f"select count(*) from {table}").fetchone()[0] for table in tables]
            for name, tables in pairs.items()
        }
    fanned = {name: counts for name, counts in observed.items() if counts[0] != counts[1]}
    return _result(
        dg.MetadataValue.json(observed), "joined rows = left rows", not fanned,
        "joins that changed their row count: " + (", ".join(f"{n} {a} vs {b}" for n, (a, b) in fanned.items())
                                                  or "none"),
    )


@dg.asset_check(asset=dg.AssetKey(["marts", "qi_impact"]), blocking=True)
def sufficient_estimates_have_their_windows(duckdb: DuckDBResource) -> dg.AssetCheckResult:
    """Every qi_impact row marked sufficient has data in its baseline and follow-up windows for each group."""
    missing = _scalar(duckdb, """
        with groups as (
            select need_id, is_exposed,
                   count(distinct case when window_name = 'baseline' then period_start end) as baseline_months,
                   count(distinct case when window_name = 'followup' then period_start end) as followup_months
            from restricted.int_qi_window_values
            group by need_id, is_exposed
        )
        select count(*) from marts.qi_impact as impact
        where impact.sufficient_data and exists (
            select 1 from groups where groups.need_id = impact.need_id
            and (groups.baseline_months = 0 or groups.followup_months = 0)
        ) or impact.sufficient_data and impact.need_id not in (select need_id from groups)
    """)
    return _result(missing, 0, missing == 0, f"{missing} estimates marked sufficient lack a window's data")


def _documented_columns(manifest: dict, mart: str) -> list[str]:
    node = next(
        node for node in manifest["nodes"].values() if node["resource_type"] == "model" and node["name"] == mart
    )
    return list(node["columns"])


def _expectation_check(mart: str, columns: list[str]) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(["marts", mart]),
        name="great_expectations_suite",
        blocking=True,
        description=f"Great Expectations suite on {mart}: keys, ranges, suppressed cells null, documented columns.",
    )
    def expectation_check(duckdb: DuckDBResource, serving: ServingStoreResource) -> dg.AssetCheckResult:
        with duckdb.get_connection() as con:
            frame = con.execute(f"select * from marts.{mart}").df()
        outcome = validate_mart(mart, frame, columns, Path(serving.validation_path))
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

    return expectation_check


def build_expectation_checks(manifest_path: Path) -> list[dg.AssetChecksDefinition]:
    manifest = json.loads(manifest_path.read_text())
    return [_expectation_check(mart, _documented_columns(manifest, mart)) for mart in PUBLISHED_MARTS]


JOIN_CHECKS = [
    attendance_names_known_activities,
    attendance_resolves_to_roster,
    references_between_feeds_resolve,
    metric_values_name_known_entities,
    joins_do_not_fan_out,
    sufficient_estimates_have_their_windows,
]
