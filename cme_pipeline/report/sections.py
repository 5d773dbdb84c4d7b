"""The report's content: a summary, one section per need with a metric, one per activity, the PARS table.

Each section carries what the page and the PDF both draw (chart specs, sentences, tables), and the
service lines and committees the in-page filters match it by.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cme_pipeline.report import charts
from cme_pipeline.report.published import Published
from cme_pipeline.report.wording import (
    GROUPS,
    check_sentences,
    effect_sentence,
    method_text,
    missing,
    q_value_text,
    reach_text,
)


@dataclass
class Chart:
    key: str
    spec: dict[str, Any]
    caption: str = ""


@dataclass
class NeedSection:
    need: pd.Series
    impact: pd.Series | None
    committee: str
    run_charts: list[Chart] = field(default_factory=list)
    control: Chart | None = None
    control_text: str = ""
    comparison: Chart | None = None
    effect: str = ""
    reason: str = ""
    method: str = ""
    checks: list[str] = field(default_factory=list)
    q_value: str = ""
    reach: str = ""
    demand: Chart | None = None
    demand_text: str = ""
    learning: dict[str, Any] | None = None  # qi_impact's point-of-care row, worded
    suppressed_months: int = 0

    @property
    def claim(self) -> str:
        return str(self.impact["claim"]) if self.impact is not None else str(self.need["status"])


@dataclass
class ActivitySection:
    activity: pd.Series
    service_lines: list[str]
    committees: list[str]
    ladder: Chart


def committee_of(need: pd.Series) -> str:
    """The committee that raised a need; needs raised by a service line itself have none."""
    return str(need["source_name"]) if need["source_type"] == "committee" else ""


def _spec(chart) -> dict[str, Any]:
    # The specs are built by the functions in charts.py, whose shapes tests render; validating each of a
    # hundred specs against the Vega-Lite schema again costs ~0.1 s apiece.
    return chart.to_dict(validate=False)


def need_sections(published: Published) -> list[NeedSection]:
    needs = published["need_coverage"]
    impacts = published["qi_impact"]
    learning = impacts[impacts["exposure"] == "point_of_care"].set_index("need_id")
    impacts = impacts[impacts["exposure"] == "attendance"].set_index("need_id")
    points = published["metric_run_chart"]
    demand = published["need_demand"]
    threshold = published.suppression_threshold
    sections = []
    for _, need in needs[needs["metric_id"].notna()].sort_values(["target_service_line", "need_id"]).iterrows():
        impact = impacts.loc[need["need_id"]] if need["need_id"] in impacts.index else None
        section = NeedSection(need=need, impact=impact, committee=committee_of(need))
        series = points[(points["metric_id"] == need["metric_id"])
                        & (points["service_line"] == need["target_service_line"])]
        unit = series["rate_unit"].iloc[0] if len(series) else need["metric_rate_unit"]
        section.suppressed_months = int(series["suppressed"].sum())
        for entity, entity_points in series.groupby("entity_id", sort=True):
            name = f"{entity_points['metric_name'].iloc[0]}, {entity}"
            section.run_charts.append(Chart(
                f"run-{need['need_id']}-{entity}",
                _spec(charts.run_chart(entity_points.sort_values("period_start"), impact, name, unit)),
                f"{name}: monthly rate ({unit}).",
            ))
            controlled = entity_points[entity_points["control_chart"].notna()]
            if section.control is None and len(controlled):
                kind = controlled["control_chart"].iloc[0]
                name = {"p": "p-chart", "p_prime": "Laney p'-chart", "u": "u-chart",
                        "u_prime": "Laney u'-chart"}[kind]
                section.control = Chart(f"control-{need['need_id']}-{entity}",
                                        _spec(charts.control_chart(entity_points, str(entity), unit)), name)
                section.control_text = (
                    f"{name} for {entity}: the baseline has {int(entity_points['baseline_points'].iloc[0])} "
                    "stable months, so 3-sigma limits are drawn from it"
                    + (f" and widened by Laney's sigma-z = {controlled['sigma_z'].iloc[0]:.2f}, because the "
                       "monthly rates vary more than their denominators explain" if kind.endswith("prime") else "")
                    + f". Months outside the limits: {int(controlled['outside_limits'].sum())}."
                )
        if impact is not None:
            groups = GROUPS.get(impact["method"], (str(need["target_service_line"]), ""))
            comparison = charts.exposed_vs_comparison(impact, groups) if not impact["suppressed"] else None
            section.comparison = Chart(f"groups-{need['need_id']}", _spec(comparison)) if comparison else None
            worded = _worded(impact, threshold)
            section.effect, section.reason, section.method = worded["effect"], worded["reason"], worded["method"]
            section.checks, section.q_value = worded["checks"], worded["q_value"]
        if need["need_id"] in learning.index and not learning.loc[need["need_id"], "suppressed"]:
            section.learning = _worded(learning.loc[need["need_id"]], threshold)
        section.reach = reach_text(need)
        asked = demand[demand["need_id"] == need["need_id"]]
        if len(asked):
            section.demand = Chart(f"demand-{need['need_id']}", _spec(charts.demand_bars(asked)))
            section.demand_text = (
                f"{int(asked['look_ups'].sum()):,} point-of-care look-ups on this topic by the target audience; "
                f"up to {int(asked['clinicians_asking'].max())} of its {int(asked['target_audience_size'].iloc[0])} "
                "clinicians asked in a month. Practice-triggered demand, beside the committee's word.")
        sections.append(section)
    return sections


def _worded(impact: pd.Series, threshold: int) -> dict[str, Any]:
    reason = str(impact["claim_reason"] or impact["claim"])
    return {"claim": impact["claim"], "effect": effect_sentence(impact, threshold),
            "reason": reason[:1].upper() + reason[1:] + ("" if reason.endswith(".") else "."),
            "method": method_text(impact), "checks": check_sentences(impact), "q_value": q_value_text(impact)}


def _ladder(activity: pd.Series, self_report: pd.Series | None = None) -> pd.DataFrame:
    """Moore levels 1-6. `self_report`: the year's internet searching and learning row of PARS, whose
    learners' own reports of what a look-up changed show at levels 4 and 5 as self-report - never evidence."""
    def row(rank: int, level: str, status: str, evidence: str) -> dict[str, Any]:
        return {"rank": rank, "level": level, "status": status, "evidence": evidence, "width": 1}

    def reported(column: str) -> int:
        return 0 if self_report is None or missing(self_report[column]) else int(self_report[column])

    rows = [row(1, "1 Participation", "evidenced" if activity["attendances"] else "not measured",
                f"{int(activity['attendances']):,} attendances by {int(activity['unique_learners']):,} learners "
                f"({int(activity['physician_learners']):,} physicians)")]
    if activity["satisfaction_responses"]:
        rows.append(row(2, "2 Satisfaction", "evidenced",
                        f"mean {activity['mean_satisfaction']:.1f} ({int(activity['satisfaction_responses']):,} "
                        "responses)"))
    else:
        rows.append(row(2, "2 Satisfaction", "not measured", "no evaluation responses"))
    if activity["paired_pre_post_n"]:
        shown = not missing(activity["knowledge_change_ci_low"]) and activity["knowledge_change_ci_low"] > 0
        rows.append(row(3, "3 Knowledge", "evidenced" if shown else "measured, not shown",
                        f"pre to post {activity['mean_knowledge_change']:+.1f} (95% CI "
                        f"{activity['knowledge_change_ci_low']:.1f} to {activity['knowledge_change_ci_high']:.1f}), "
                        f"{int(activity['paired_pre_post_n']):,} paired tests"))
    else:
        rows.append(row(3, "3 Knowledge", "not measured", "no paired pre/post tests"))
    if activity["commitments_to_change"]:
        rows.append(row(4, "4 Competence", "evidenced",
                        f"{100 * activity['commitment_to_change_rate']:.0f}% committed to a change "
                        f"({int(activity['commitments_to_change']):,}; self-report)"))
    elif reported("self_reported_competence_learners"):
        rows.append(row(4, "4 Competence", "self-reported",
                        f"{reported('self_reported_competence_learners'):,} learners report a look-up taught them "
                        "something or changed their practice (self-report)"))
    else:
        rows.append(row(4, "4 Competence", "not measured", "no commitment-to-change statements"))
    for rank, level, measured, improved, what in (
        (5, "5 Performance", "performance_needs_measured", "performance_improved", "a QI process metric"),
        (6, "6 Patient health", "patient_health_needs_measured", "patient_health_improved", "a QI outcome metric"),
    ):
        if activity[measured]:
            rows.append(row(rank, level, "evidenced" if activity[improved] else "measured, not shown",
                            f"improved on {what} (qi_impact)" if activity[improved]
                            else f"{int(activity[measured])} need(s) measured on {what}; no improvement shown"))
        elif rank == 5 and reported("self_reported_performance_learners"):
            rows.append(row(rank, level, "self-reported",
                            f"{reported('self_reported_performance_learners'):,} learners report a look-up changed a "
                            "diagnosis or treatment (self-report, not objective evidence)"))
        else:
            rows.append(row(rank, level, "not measured", f"no need with {what}"))
    return pd.DataFrame(rows)


def activity_sections(published: Published, year: int) -> list[ActivitySection]:
    """The activities running in the reporting year (those its PARS table reports), latest first."""
    needs = published["need_coverage"].set_index("need_id")
    sections = []
    template = None
    activities = published["activity_outcomes"]
    running = (pd.to_datetime(activities["start_date"]) <= pd.Timestamp(year, 12, 31)) & (
        pd.to_datetime(activities["end_date"]).fillna(pd.to_datetime(activities["start_date"]))
        >= pd.Timestamp(year, 1, 1))
    activities = activities[running].sort_values(["start_date", "activity_id"], ascending=[False, True])
    pars = published["pars_activity_report"].set_index("pars_activity_id")
    searching = pars.loc[f"ISL-{year}"] if f"ISL-{year}" in pars.index else None
    for _, activity in activities.iterrows():
        need_ids = [n for n in str(activity["need_ids"] or "").split("|") if n and n in needs.index]
        lines = sorted({str(needs.loc[n, "target_service_line"]) for n in need_ids
                        if not missing(needs.loc[n, "target_service_line"])})
        committees = sorted({committee_of(needs.loc[n]) for n in need_ids} - {""})
        levels = _ladder(activity, searching if activity["activity_type"] == "internet_searching_learning" else None)
        if template is None:  # every ladder has the same shape: build the spec once, then give each its data
            template = _spec(charts.moore_ladder(levels))
        ladder = Chart(f"ladder-{activity['activity_id']}", _with_data(template, levels))
        sections.append(ActivitySection(activity, lines, committees, ladder))
    return sections


def _with_data(spec: dict[str, Any], frame: pd.DataFrame) -> dict[str, Any]:
    """A copy of a single-dataset spec drawing `frame` instead (Altair inlines data as one named dataset)."""
    [name] = spec["datasets"]
    return {**spec, "datasets": {name: frame.to_dict(orient="records")}}


def summary_charts(published: Published) -> dict[str, Chart]:
    needs = published["need_coverage"]
    by_status = needs.groupby("status").size().rename("needs").reset_index()
    activities = published["activity_outcomes"]
    levels = {1: "1 Participation", 2: "2 Satisfaction", 3: "3 Knowledge", 4: "4 Competence", 5: "5 Performance",
              6: "6 Patient health", 7: "7 Community health"}
    highest = (activities["highest_level_evidenced"].map(levels).value_counts().rename("activities")
               .rename_axis("level").reset_index())
    return {
        "needs": Chart("summary-needs", _spec(charts.bar_counts(by_status, "status", "needs", "needs"))),
        "moore": Chart("summary-moore", _spec(charts.bar_counts(highest, "level", "activities", "activities",
                                                               order=list(levels.values())))),
    }

