"""The report's tables, through Great Tables: labelled columns, formatted numbers, the same HTML in page and PDF."""

from __future__ import annotations

import html

import pandas as pd
from great_tables import GT

from cme_pipeline.report.published import Published
from cme_pipeline.report.sections import NeedSection
from cme_pipeline.report.wording import (
    count_text,
    difference_text,
    difference_unit,
    missing,
    oriented,
    rate_text,
    suppressed_cell,
)


def _html(frame: pd.DataFrame, labels: dict[str, str], title: str | None = None, note: str | None = None) -> str:
    table = GT(frame[list(labels)]).cols_label(**labels).opt_row_striping().opt_table_font(
        font=["Helvetica Neue", "Arial", "DejaVu Sans", "sans-serif"]
    ).tab_options(table_font_size="12px", heading_title_font_size="14px", table_width="100%")
    if title:
        table = table.tab_header(title=title)
    if note:
        table = table.tab_source_note(note)
    return table.as_raw_html()


def needs_by_status(published: Published) -> str:
    needs = published["need_coverage"]
    frame = needs.groupby("status").agg(needs=("need_id", "count"),
                                        high_priority=("priority", lambda p: int((p == "high").sum())))
    return _html(frame.reset_index().sort_values("needs", ascending=False),
                 {"status": "Status", "needs": "Needs", "high_priority": "High priority"})


def commendation(published: Published) -> str:
    summary = published["commendation_program_summary"].assign(
        meets=lambda f: f["meets_requirement"].map({True: "met", False: "not met"}),
        evidence=lambda f: f["evidencing_need_ids"].fillna("-"),
    )
    return _html(summary, {"criterion": "Criterion", "qualifying_activities": "Qualifying activities",
                           "activities_required": "Activities required", "evidencing_needs": "Needs with evidence",
                           "evidence_examples_required": "Examples required", "evidence": "Evidence (needs)",
                           "meets": "Requirement"},
                 note=f"Program size {summary['program_size'].iloc[0]} ({int(summary['program_activities'].iloc[0])} "
                      "activities). Evidence is the QI metric improving under a claim that passed every check; "
                      "self-reported change never counts." if len(summary) else None)


def commendation_evidence(published: Published) -> str:
    """Each activity and need behind a criterion, with the effect that earned it."""
    evidence = published["commendation_evidence"]
    if not len(evidence):
        return "<p>No activity has yet improved a QI metric under a claim the pipeline would make.</p>"
    effect = [f"{difference_text(better, unit)} {difference_unit(unit)} (95% CI {difference_text(low, unit)} to "
              f"{difference_text(high, unit)}), q {'< 0.001' if q < 0.001 else f'= {q:.3f}'}"
              for (better, low, high), unit, q in zip(evidence.apply(oriented, axis=1), evidence["rate_unit"],
                                                       evidence["q_value"], strict=True)]
    frame = evidence.assign(effect_text=effect, qi=evidence["qi_project"].fillna("-"))
    return _html(frame.sort_values(["criterion", "need_id", "activity_id"]),
                 {"criterion": "Criterion", "activity_id": "Activity", "activity_title": "Title",
                  "need_id": "Need", "metric_name": "Metric", "effect_text": "Improvement (better direction)",
                  "qi": "QI project"})


def data_quality(published: Published) -> tuple[str, str]:
    files = published["data_quality"]
    refused = files[files["status"].isin(["failed", "refused"])]
    refused_html = (_html(refused.assign(problem=refused["file_problem"].fillna("-")),
                          {"feed": "Feed", "file_name": "File", "problem": "Why it was refused"})
                    if len(refused) else "<p>No file was refused: every delivered file was read.</p>")
    rules = published["quarantine_by_rule"].sort_values("rows_quarantined", ascending=False)
    totals = files.groupby("feed")[["rows_read", "rows_loaded", "rows_quarantined"]].sum().reset_index()
    rules_html = (_html(rules, {"feed": "Feed", "rule": "Rule", "files": "Files",
                                "rows_quarantined": "Rows quarantined"})
                  if len(rules) else "<p>No row was quarantined.</p>")
    totals_html = _html(totals, {"feed": "Feed", "rows_read": "Rows read", "rows_loaded": "Loaded",
                                 "rows_quarantined": "Quarantined"})
    return refused_html, rules_html + totals_html


def need_facts(section: NeedSection, threshold: int) -> str:
    """The numbers behind a need's section; suppressed cells read "<N", never 0 or blank."""
    need, impact = section.need, section.impact
    unit = need["metric_rate_unit"]
    rows = [("Committee / source", section.committee or f"{need['source_name']} (service line)"),
            ("Metric", f"{need['metric_id']} ({unit})"),
            ("Baseline value", rate_text(need["metric_baseline_value"], unit)),
            ("Latest value", rate_text(need["metric_latest_value"], unit)
             + (f" ({need['metric_latest_period']:%b %Y})" if not missing(need["metric_latest_period"]) else "")),
            ("Target", rate_text(need["target_value"], unit))]
    if impact is not None:
        hidden = bool(impact["suppressed"])
        for label, column in (("Exposed", "exposed_n"), ("Comparison", "comparison_n")):
            if impact["method"] != "interrupted_time_series":
                rows.append((f"{label} (n)", count_text(impact[column], threshold, hidden)))
        for label, column in (("Exposed baseline", "exposed_baseline_rate"),
                              ("Exposed follow-up", "exposed_followup_rate"),
                              ("Comparison baseline", "comparison_baseline_rate"),
                              ("Comparison follow-up", "comparison_followup_rate")):
            if hidden:
                rows.append((label, suppressed_cell(threshold)))
            elif not missing(impact[column]):
                rows.append((label, rate_text(impact[column], unit)))
        rows.append(("Windows", f"baseline {_span(impact, 'baseline')}; follow-up {_span(impact, 'followup')}"))
    if section.suppressed_months:
        rows.append(("Months suppressed", f"{section.suppressed_months} (denominator {suppressed_cell(threshold)})"))
    cells = "".join(f"<tr><th>{html.escape(fact)}</th><td>{html.escape(value)}</td></tr>" for fact, value in rows)
    return f'<table class="facts">{cells}</table>'


def _span(impact, window: str) -> str:
    start, end = impact[f"{window}_start"], impact[f"{window}_end"]
    if missing(start) or missing(end):
        return "-"
    return f"{pd.Timestamp(start):%b %Y} to {pd.Timestamp(end):%b %Y}"


def pars(published: Published, year: int) -> str:
    rows = published["pars_activity_report"]
    rows = rows[rows["reporting_year"] == year].sort_values("pars_activity_id")
    if not len(rows):
        return f"<p>No activity in reporting year {year}.</p>"
    rows = rows.assign(**{day: pd.to_datetime(rows[day]).dt.strftime("%Y-%m-%d") for day in ("start_date", "end_date")})
    return _html(rows, {"pars_activity_id": "Activity ID", "activity_title": "Title",
                        "pars_activity_type": "PARS type", "start_date": "Start", "end_date": "End",
                        "hours_of_instruction": "Hours", "physician_learners": "Physician learners",
                        "other_learners": "Other learners", "change_evaluated_at": "Change evaluated at",
                        "providership": "Providership"},
                 note="Learner counts follow ACCME's rules: an RSS counts each session attended; internet searching "
                      "and learning rolls every learner into one activity.")


def gaps(published: Published) -> str:
    """Proposed needs: deterioration in the QI data that no need addresses, ranked for a committee."""
    proposed = published["qi_gaps"]
    proposed = proposed[proposed["proposed"]].sort_values("proposal_rank")
    if not len(proposed):
        return ("<p>No metric shows a deterioration that no need addresses: nothing to propose from the QI "
                "data.</p>")
    frame = proposed.assign(
        current=[rate_text(v, u) for v, u in zip(proposed["current_rate"], proposed["rate_unit"], strict=True)],
        reference=[rate_text(v, u) for v, u in zip(proposed["reference_median"], proposed["rate_unit"], strict=True)],
        target=[rate_text(v, u) if not missing(v) else "-" for v, u in zip(proposed["target_value"],
                                                                              proposed["rate_unit"], strict=True)],
    )
    return _html(frame, {"proposal_rank": "Rank", "metric_name": "Metric", "service_line": "Service line",
                         "entity_id": "Unit or line", "current": "Now", "reference": "First months",
                         "target": "Target", "evidence": "Evidence", "audience_size": "Audience",
                         "point_of_care_look_ups": "Look-ups (12 mo)"},
                 note="A proposal is a metric getting worse by the run-chart rule against its own first months, "
                      "in a service line (or unit) that no need points at. A committee accepts or sets it aside.")
