"""The Dagster code location: one lineage from the raw feeds to the marts, dbt tests as checks."""

from __future__ import annotations

import subprocess
import sys

import dagster as dg
import pytest

from cme_pipeline.contract import FEEDS
from tests.conftest import pipeline_settings


@pytest.fixture(scope="module")
def definitions(tmp_path_factory) -> dg.Definitions:
    from cme_pipeline.definitions import build_definitions

    home = tmp_path_factory.mktemp("definitions")
    return build_definitions(pipeline_settings(home, home / "inbox"))


def test_importing_the_package_does_not_load_dagster_or_dbt():
    code = (
        "import sys, cme_pipeline.cli, cme_pipeline.contract, cme_pipeline.synthetic; "
        "print(sorted(m for m in ('dagster', 'dbt', 'dagster_dbt') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def ancestors(graph, key: dg.AssetKey) -> set[dg.AssetKey]:
    seen: set[dg.AssetKey] = set()
    frontier = [key]
    while frontier:
        for parent in graph.get(frontier.pop()).parent_keys:
            if parent not in seen:
                seen.add(parent)
                frontier.append(parent)
    return seen


def test_lineage_runs_from_the_raw_feeds_to_the_marts(definitions):
    graph = definitions.resolve_asset_graph()
    raw = {feed: dg.AssetKey(["raw", feed]) for feed in FEEDS}
    # Every feed reaches the claims and the coverage (point-of-care learning is the second exposure).
    for mart in ("qi_impact", "need_coverage"):
        assert set(raw.values()) <= ancestors(graph, dg.AssetKey(["marts", mart])), mart
    for mart in ("need_demand", "pars_activity_report", "qi_gaps"):
        assert raw["point_of_care"] in ancestors(graph, dg.AssetKey(["marts", mart])), mart
    assert {raw["activities"], raw["attendance"], raw["roster"]} <= ancestors(
        graph, dg.AssetKey(["marts", "activity_outcomes"])
    )
    assert {graph.get(key).group_name for key in raw.values()} == {"ingest"}
    assert graph.get(dg.AssetKey(["staging", "stg_attendance"])).group_name == "staging"
    assert graph.get(dg.AssetKey(["intermediate", "int_need_education"])).group_name == "intermediate"
    assert graph.get(dg.AssetKey(["restricted", "int_attendance_resolved"])).group_name == "intermediate"
    assert graph.get(dg.AssetKey(["published", "serving_store"])).group_name == "publish"
    assert set(raw.values()) <= ancestors(graph, dg.AssetKey(["published", "serving_store"]))
    assert graph.get(dg.AssetKey(["marts", "qi_impact"])).group_name == "marts"


def test_dbt_tests_are_asset_checks_and_a_monthly_schedule_exists(definitions):
    from cme_pipeline.definitions import BUILD_JOB

    graph = definitions.resolve_asset_graph()
    checks = {(key.asset_key.path[-1], key.name) for key in graph.asset_check_keys}
    assert any(asset == "qi_impact" and name.startswith("unique_combination") for asset, name in checks)
    assert any(asset == "stg_attendance" and name.startswith("relationships") for asset, name in checks)
    schedule = definitions.resolve_schedule_def("monthly_refresh")
    assert schedule.job_name == BUILD_JOB
    # The metric values are partitioned by month; everything else is not.
    partitioned = {key.path[-1] for key in graph.get_all_asset_keys() if graph.get(key).partitions_def}
    assert partitioned == {"stg_metric_values"}
    assert schedule.cron_schedule.split()[2:] == ["5", "*", "*"]


def test_every_check_says_what_it_checks(definitions):
    """The UI shows each check's description: none may be missing (dbt's default is "No description")."""
    graph = definitions.resolve_asset_graph()
    specs = [graph.get_check_spec(key) for key in graph.asset_check_keys]
    assert len(specs) > 100
    assert [spec.key.name for spec in specs if not (spec.description or "").strip()] == []


def test_the_published_marts_are_the_ones_dbt_marks_published(definitions, dbt_manifest):
    from cme_pipeline.defs.project import published_models

    graph = definitions.resolve_asset_graph()
    serving = graph.get(dg.AssetKey(["published", "serving_store"]))
    marts = {key.path[-1] for key in serving.parent_keys if key.path[0] == "marts"}
    assert marts == {node["name"] for node in published_models(dbt_manifest)}
    assert {"qi_impact", "need_coverage", "pars_activity_report"} <= marts
    assert all(node["config"]["contract"]["enforced"] for node in published_models(dbt_manifest))


def test_every_published_mart_has_its_key_tested_in_dbt(dbt_manifest):
    """Keys are dbt's to check (the README's rule), so each published mart carries a unique or
    unique_combination test; Great Expectations no longer repeats it."""
    from cme_pipeline.defs.project import published_models

    key_tests: dict[str, set[str]] = {}
    for node in dbt_manifest["nodes"].values():
        test = node.get("test_metadata") or {}
        if node["resource_type"] == "test" and test.get("name") in ("unique", "unique_combination"):
            for parent in node["depends_on"]["nodes"]:
                key_tests.setdefault(parent.split(".")[-1], set()).add(test["name"])
    assert [node["name"] for node in published_models(dbt_manifest) if node["name"] not in key_tests] == []
