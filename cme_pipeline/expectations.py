"""Great Expectations: what each published mart promises its readers, checked, and a page to read.

The promises live with the mart in dbt's YAML, so a mart is described in one place: per column,
`meta: {expect: {min, max, null_when_suppressed}}`. From those this module builds a suite: values in range,
suppressed cells really null, and no column that would identify a person. What other checks already hold
is not repeated here: keys are dbt tests, and exactly the documented columns is the mart's enforced dbt
contract.

GE's SQL datasource fails on DuckDB (GE issues #10738, #11579) and dagster-ge needs GE < 1, so each mart
is read into a DataFrame (marts are small aggregates) and validated with GE 1.x's pandas datasource. GE is
imported inside the functions: it costs seconds to import and only the checks need it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Columns that would identify a person; none may appear in a published mart.
IDENTIFIER_COLUMNS = frozenset({
    "npi", "clinician_npi", "reported_npi", "entity_npi", "learner_id", "learner_key", "email", "reported_email",
    "first_name", "last_name", "reported_first_name", "reported_last_name", "date_of_birth", "birth_date",
    "license_number",
})


def column_expectations(node: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Each documented column's `meta.expect`, where it has one."""
    return {
        name: column.get("meta", {}).get("expect")
        for name, column in node["columns"].items()
        if column.get("meta", {}).get("expect")
    }


@dataclass
class SuiteOutcome:
    mart: str
    success: bool
    evaluated: int
    failures: list[dict]
    result_path: Path


def import_in_background() -> None:
    """Start importing Great Expectations on a thread: it costs seconds, and a build run can spend them
    while dbt works in its own process. A later import waits for this one to finish."""
    import importlib
    import threading

    threading.Thread(target=importlib.import_module, args=("great_expectations",), daemon=True).start()


def _suite(node: Mapping[str, Any]):
    import great_expectations as gx

    expectations = gx.expectations
    suite = gx.ExpectationSuite(name=f"{node['name']}_published")
    for column, expect in column_expectations(node).items():
        if "min" in expect or "max" in expect:
            suite.add_expectation(
                expectations.ExpectColumnValuesToBeBetween(column=column, min_value=expect.get("min"),
                                                           max_value=expect.get("max"))
            )
        if expect.get("null_when_suppressed"):
            suite.add_expectation(
                expectations.ExpectColumnValuesToBeNull(
                    column=column, row_condition="suppressed==True", condition_parser="pandas"
                )
            )
    return suite


def validate_mart(node: Mapping[str, Any], frame, results_dir: Path) -> SuiteOutcome:
    """Validate one mart's rows; write the result as JSON beside an HTML page; return the outcome."""
    import great_expectations as gx

    mart = node["name"]
    identifiers = sorted(IDENTIFIER_COLUMNS & set(frame.columns))
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "profilers": False, "metric_calculations": False}
    asset = context.data_sources.add_pandas(f"{mart}_source").add_dataframe_asset(name=mart)
    batch = asset.add_batch_definition_whole_dataframe("published").get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(_suite(node))
    failures = [
        {
            "expectation": item.expectation_config.type,
            "column": item.expectation_config.kwargs.get("column")
            or item.expectation_config.kwargs.get("column_list"),
            "unexpected_count": item.result.get("unexpected_count"),
            "observed_value": item.result.get("observed_value"),
            "details": item.result.get("details"),
        }
        for item in result.results
        if not item.success
    ]
    if identifiers:
        failures.append({"expectation": "no_identifier_columns", "column": identifiers})
    results_dir.mkdir(parents=True, exist_ok=True)
    path = results_dir / f"{mart}.json"
    path.write_text(json.dumps(result.to_json_dict(), indent=2, default=str))
    outcome = SuiteOutcome(mart, result.success and not identifiers, len(result.results), failures, path)
    write_index(results_dir)
    return outcome


def write_index(results_dir: Path) -> Path:
    """An HTML page of every mart's latest validation: what was expected, what passed, what did not."""
    sections = []
    for path in sorted(results_dir.glob("*.json")):
        document = json.loads(path.read_text())
        rows = "".join(
            "<tr class='{cls}'><td>{type}</td><td>{column}</td><td>{ok}</td><td>{observed}</td></tr>".format(
                cls="ok" if item["success"] else "fail",
                type=html.escape(item["expectation_config"]["type"]),
                column=html.escape(str(item["expectation_config"]["kwargs"].get("column")
                                       or item["expectation_config"]["kwargs"].get("column_list") or "")),
                ok="passed" if item["success"] else "FAILED",
                observed=html.escape(str(item["result"].get("unexpected_count",
                                                            item["result"].get("observed_value", "")))),
            )
            for item in document["results"]
        )
        status = "passed" if document["success"] else "FAILED"
        sections.append(
            f"<h2>{html.escape(path.stem)}: {status}</h2><table><tr><th>expectation</th><th>column</th>"
            f"<th>result</th><th>unexpected / observed</th></tr>{rows}</table>"
        )
    page = results_dir / "index.html"
    page.write_text(
        "<!doctype html><meta charset='utf-8'><title>Published marts: validation</title>"
        "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left}"
        ".fail{background:#fdd}.ok{background:#efe}</style>"
        "<h1>Great Expectations on the published marts</h1>" + "".join(sections)
    )
    return page
