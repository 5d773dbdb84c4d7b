"""Great Expectations suites for the published marts, and a page a person can open to read the results.

GE's SQL datasource fails on DuckDB (GE issues #10738, #11579) and dagster-ge needs GE < 1, so each
mart is read from DuckDB into a DataFrame (marts are small aggregates) and validated with GE 1.x's
pandas datasource; Dagster asset checks call `validate_mart`. GE is imported inside the functions:
it costs seconds to import and only the checks need it.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

# Columns that would identify a person; none may appear in a published mart.
IDENTIFIER_COLUMNS = frozenset({
    "npi", "clinician_npi", "reported_npi", "entity_npi", "learner_id", "learner_key", "email", "reported_email",
    "first_name", "last_name", "reported_first_name", "reported_last_name", "date_of_birth", "birth_date",
    "license_number",
})


@dataclass(frozen=True)
class MartSuite:
    key: tuple[str, ...]
    non_negative: tuple[str, ...] = ()
    between: tuple[tuple[str, float, float], ...] = ()
    # Columns that must be null on rows where `suppressed` is true.
    suppressed_nulls: tuple[str, ...] = ()
    extra: tuple[str, ...] = field(default=())


QI_RATES = ("exposed_baseline_rate", "exposed_followup_rate", "comparison_baseline_rate", "comparison_followup_rate")
QI_EFFECTS = (
    "effect", "effect_standard_error", "effect_ci_low", "effect_ci_high", "baseline_gap", "ancova_effect",
    "ancova_ci_low", "ancova_ci_high", "trend_adjusted_effect", "trend_adjusted_ci_low", "trend_adjusted_ci_high",
)

MART_SUITES: dict[str, MartSuite] = {
    "qi_impact": MartSuite(
        key=("need_id",),
        non_negative=("exposed_n", "comparison_n", *QI_RATES),
        between=(("p_value", 0, 1), ("q_value", 0, 1)),
        suppressed_nulls=("exposed_n", "comparison_n", *QI_RATES, *QI_EFFECTS, "p_value", "q_value"),
    ),
    "metric_run_chart": MartSuite(
        key=("metric_id", "entity_type", "entity_id", "period_start"),
        non_negative=("numerator", "denominator", "rate", "education_sessions", "baseline_points"),
        suppressed_nulls=("numerator", "denominator", "rate"),
    ),
    "activity_outcomes": MartSuite(
        key=("activity_id",),
        non_negative=("sessions", "attendances", "unique_learners", "physician_learners", "other_learners",
                      "credits_claimed", "satisfaction_responses", "paired_pre_post_n", "commitments_to_change"),
        between=(("mean_satisfaction", 1, 5), ("commitment_to_change_rate", 0, 1), ("mean_pre_score", 0, 100),
                 ("mean_post_score", 0, 100)),
    ),
    "need_coverage": MartSuite(
        key=("need_id",),
        non_negative=("linked_activities", "sessions", "target_audience_size", "learners_reached",
                      "target_audience_reached", "metric_baseline_value", "metric_latest_value"),
        between=(("reach_share", 0, 1),),
    ),
    "pars_activity_report": MartSuite(
        key=("pars_activity_id", "reporting_year"),
        non_negative=("sessions", "physician_learners", "other_learners", "hours_of_instruction"),
    ),
    "commendation_evidence": MartSuite(key=("criterion", "activity_id", "need_id"), between=(("q_value", 0, 1),)),
    "commendation_program_summary": MartSuite(
        key=("criterion",),
        non_negative=("program_activities", "qualifying_activities", "activities_required"),
    ),
    "data_quality": MartSuite(
        key=("feed", "file_name"),
        non_negative=("rows_read", "rows_loaded", "rows_quarantined", "rows_with_warnings"),
        between=(("quarantined_share", 0, 1),),
    ),
}
PUBLISHED_MARTS: tuple[str, ...] = tuple(MART_SUITES)


@dataclass
class SuiteOutcome:
    mart: str
    success: bool
    evaluated: int
    failures: list[dict]
    result_path: Path


def _suite(mart: str, spec: MartSuite, documented_columns: list[str]):
    import great_expectations as gx

    expectations = gx.expectations
    suite = gx.ExpectationSuite(name=f"{mart}_published")
    for column in spec.key:
        suite.add_expectation(expectations.ExpectColumnValuesToNotBeNull(column=column))
    if len(spec.key) == 1:
        suite.add_expectation(expectations.ExpectColumnValuesToBeUnique(column=spec.key[0]))
    else:
        suite.add_expectation(expectations.ExpectCompoundColumnsToBeUnique(column_list=list(spec.key)))
    for column in spec.non_negative:
        suite.add_expectation(expectations.ExpectColumnValuesToBeBetween(column=column, min_value=0))
    for column, low, high in spec.between:
        suite.add_expectation(expectations.ExpectColumnValuesToBeBetween(column=column, min_value=low, max_value=high))
    for column in spec.suppressed_nulls:
        suite.add_expectation(
            expectations.ExpectColumnValuesToBeNull(
                column=column, row_condition="suppressed==True", condition_parser="pandas"
            )
        )
    # Exactly the documented columns: an undocumented (say, identifier) column fails the suite.
    suite.add_expectation(expectations.ExpectTableColumnsToMatchSet(column_set=documented_columns, exact_match=True))
    return suite


def validate_mart(mart: str, frame, documented_columns: list[str], results_dir: Path) -> SuiteOutcome:
    """Validate one mart's rows; write the result as JSON beside an HTML page; return the outcome."""
    # Hospital data pipelines send nothing home: GE's usage analytics stay off unless asked for.
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx

    identifiers = sorted(IDENTIFIER_COLUMNS & set(frame.columns))
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "profilers": False, "metric_calculations": False}
    asset = context.data_sources.add_pandas(f"{mart}_source").add_dataframe_asset(name=mart)
    batch = asset.add_batch_definition_whole_dataframe("published").get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(_suite(mart, MART_SUITES[mart], documented_columns))
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
