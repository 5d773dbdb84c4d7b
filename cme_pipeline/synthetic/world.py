"""Generate a complete synthetic inbox (all six feeds) plus the truth planted in it.

`generate_world` builds a health system (hospitals, service lines, units, a roster),
needs with planted effects, the CME activities answering them, attendance with a
realistic identity mess, and monthly QI metric values with secular trends. The planted
truth goes to `planted.json` so tests and demos can check that the pipeline recovers real
effects, reports null ones as null, and does not mistake a secular trend for education.

Same (scale, seed, end_month) -> byte-identical files: every step draws from its own
named random stream and every file is written by DuckDB with an explicit ORDER BY.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from cme_pipeline.contract import FEEDS, PROFESSIONS
from cme_pipeline.synthetic.catalog import METRICS
from cme_pipeline.synthetic.core import (
    EPOCH_SQL,
    SCALES,
    Calendar,
    Scale,
    iso,
    resolve_scale,
    stream,
    year_of,
)
from cme_pipeline.synthetic.education import (
    Activity,
    Attendance,
    Need,
    Topics,
    add_externals,
    build_needs,
    dedupe,
    evaluations,
    exposure,
    grand_rounds,
    need_attendees,
    need_rows,
    plan_activities,
    plan_needs,
)
from cme_pipeline.synthetic.metrics import (
    METRIC_CODE,
    Entities,
    MonthValues,
    SeriesSet,
    clinician_series,
    line_series,
    plant_clinician_effects,
    series_of,
    simulate,
    unit_series,
)
from cme_pipeline.synthetic.names import SERVICE_LINES
from cme_pipeline.synthetic.noise import system_shocks
from cme_pipeline.synthetic.realized import EffectProbe, RealizedEffects
from cme_pipeline.synthetic.roster import Layout, Learners, Roster, build_layout, build_learners, build_roster
from cme_pipeline.synthetic.traps import predraw_worst_performer_series

__all__ = ["SCALES", "Scale", "generate_world"]

# Files this generator owns in each feed folder; stale ones (say, from a longer window) are removed.
OWNED_FILES: dict[str, tuple[str, ...]] = {
    "roster": ("roster.csv",),
    "metric_catalog": ("metric_catalog.csv",),
    "needs": ("needs.csv",),
    "activities": ("activities.csv",),
    "attendance": ("attendance_*.csv",),
    "metric_values": ("metric_values_*.csv",),
}


class _Inbox:
    """Writes feed files with DuckDB COPY, checking each query's columns against the contract."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.con = duckdb.connect()
        self.rows: dict[str, int] = {}
        self.files: dict[str, int] = {}
        for feed, patterns in OWNED_FILES.items():
            folder = out / feed
            folder.mkdir(parents=True, exist_ok=True)
            for pattern in patterns:
                for stale in sorted(folder.glob(pattern)):
                    stale.unlink()

    def register(self, name: str, frame: pd.DataFrame) -> None:
        self.con.register(name, frame)

    def write(self, feed: str, file_name: str, query: str) -> int:
        columns = [row[0] for row in self.con.execute(f"DESCRIBE {query}").fetchall()]
        if columns != FEEDS[feed].column_names:
            raise AssertionError(f"{feed}: columns {columns} differ from the contract")
        path = self.out / feed / file_name
        quoted = "'" + str(path).replace("'", "''") + "'"
        (count,) = self.con.execute(f"COPY ({query}) TO {quoted} (HEADER, DELIMITER ',')").fetchone()
        self.rows[feed] = self.rows.get(feed, 0) + int(count)
        self.files[feed] = self.files.get(feed, 0) + 1
        return int(count)

    def close(self) -> None:
        self.con.close()


def _date(column: str) -> str:
    return f"CASE WHEN {column} < 0 THEN NULL ELSE {EPOCH_SQL} + {column}::INTEGER END"


def _write_roster(inbox: _Inbox, roster: Roster, layout: Layout) -> None:
    inbox.register(
        "roster_df",
        pd.DataFrame(
            {
                "npi": roster.npi_text,
                "first_name": roster.first,
                "last_name": roster.last,
                "email": roster.email,
                "profession": np.array(PROFESSIONS, dtype=object)[roster.profession],
                "specialty": roster.specialty,
                "service_line": np.array(layout.line_names, dtype=object)[roster.line],
                "unit": layout.unit_code[roster.unit],
                "active_from": roster.active_from,
                "active_to": roster.active_to,
            }
        ),
    )
    inbox.write(
        "roster",
        "roster.csv",
        f"""
        SELECT npi, first_name, last_name, email, profession, specialty, service_line, unit,
               {_date("active_from")} AS active_from, {_date("active_to")} AS active_to
        FROM roster_df ORDER BY npi""",
    )


def _write_catalog(inbox: _Inbox) -> None:
    columns = FEEDS["metric_catalog"].column_names
    inbox.register("catalog_df", pd.DataFrame({c: [getattr(m, c) for m in METRICS] for c in columns}))
    inbox.write(
        "metric_catalog",
        "metric_catalog.csv",
        f"SELECT {', '.join(columns)} FROM catalog_df ORDER BY metric_id",
    )


def _write_needs(inbox: _Inbox, needs: list[Need]) -> None:
    inbox.register(
        "needs_df",
        pd.DataFrame(
            {
                "need_id": [n.need_id for n in needs],
                "source_type": [n.source_type for n in needs],
                "source_name": [n.source_name for n in needs],
                "identified_on": np.array([n.identified_on for n in needs], dtype=np.int64),
                "practice_gap": [n.practice_gap for n in needs],
                "target_service_line": [n.plan.line for n in needs],
                "target_professions": ["|".join(n.professions) or None for n in needs],
                "metric_id": [n.plan.metric_id for n in needs],
                "target_value": pd.array([n.target_value for n in needs], dtype="Float64"),
                "priority": [n.priority for n in needs],
            }
        ),
    )
    inbox.write(
        "needs",
        "needs.csv",
        f"""
        SELECT need_id, source_type, source_name, {_date("identified_on")} AS identified_on, practice_gap,
               target_service_line, target_professions, metric_id, target_value, priority
        FROM needs_df ORDER BY need_id""",
    )


def _write_activities(inbox: _Inbox, activities: list[Activity]) -> None:
    inbox.register(
        "activities_df",
        pd.DataFrame(
            {
                "activity_id": [a.activity_id for a in activities],
                "title": [a.title for a in activities],
                "activity_type": [a.activity_type for a in activities],
                "start_date": np.array([a.start_day for a in activities], dtype=np.int64),
                "end_date": np.array([a.end_day for a in activities], dtype=np.int64),
                "credit_hours": np.array([a.credit_hours for a in activities], dtype=float),
                "designed_to_change": [a.designed_to_change for a in activities],
                "need_ids": ["|".join(a.need_ids) or None for a in activities],
                "commercial_support": [a.commercial_support for a in activities],
                "joint_provider": [a.joint_provider for a in activities],
                "qi_project": [a.qi_project for a in activities],
            }
        ),
    )
    inbox.write(
        "activities",
        "activities.csv",
        f"""
        SELECT activity_id, title, activity_type, {_date("start_date")} AS start_date,
               {_date("end_date")} AS end_date, credit_hours, designed_to_change, need_ids,
               commercial_support, joint_provider, qi_project
        FROM activities_df ORDER BY activity_id""",
    )


def _write_attendance(
    inbox: _Inbox, rows: Attendance, activities: list[Activity], learners: Learners, topics: Topics
) -> None:
    inbox.register(
        "att_df",
        pd.DataFrame(
            {
                "activity": rows.activity,
                "day": rows.day,
                "year": year_of(rows.day),
                "learner": rows.learner,
                "credits": rows.credits,
                "pre": rows.pre,
                "post": rows.post,
                "satisfaction": rows.satisfaction,
                "commitment": rows.commitment,
            }
        ),
    )
    inbox.register(
        "act_dim",
        pd.DataFrame(
            {
                "activity": np.arange(len(activities)),
                "activity_id": [a.activity_id for a in activities],
            }
        ),
    )
    inbox.register(
        "learner_dim",
        pd.DataFrame(
            {
                "learner": np.arange(learners.n),
                "learner_id": learners.learner_id,
                "npi": learners.npi,
                "email": learners.email,
                "first_name": learners.first,
                "last_name": learners.last,
                "profession": np.array(PROFESSIONS, dtype=object)[learners.profession],
            }
        ),
    )
    inbox.register(
        "commitment_dim",
        pd.DataFrame(
            {
                "commitment": np.arange(len(topics.texts)),
                "text": topics.texts,
            }
        ),
    )
    for year in np.unique(year_of(rows.day)).tolist():
        inbox.write(
            "attendance",
            f"attendance_{year}.csv",
            f"""
            SELECT a.activity_id, {EPOCH_SQL} + f.day::INTEGER AS session_date, l.learner_id, l.npi,
                   l.email, l.first_name, l.last_name, l.profession, f.credits AS credits_claimed,
                   NULLIF(f.pre, -1) AS pre_score, NULLIF(f.post, -1) AS post_score,
                   NULLIF(f.satisfaction, -1) AS satisfaction, c.text AS commitment_to_change
            FROM att_df f
            JOIN act_dim a USING (activity)
            JOIN learner_dim l USING (learner)
            LEFT JOIN commitment_dim c USING (commitment)
            WHERE f.year = {int(year)}
            ORDER BY session_date, a.activity_id, l.learner_id""",
        )


def _metric_query(frame: str, period: str) -> str:
    return f"""
        SELECT d.metric_id, {period} AS period, e.entity_type, e.entity_id, v.numerator, v.denominator
        FROM {frame} v JOIN metric_dim d USING (metric) JOIN entity_dim e USING (entity)
        ORDER BY d.metric_id, period, e.entity_type, e.entity_id"""


def _build_education(
    scale: Scale,
    layout: Layout,
    roster: Roster,
    cal: Calendar,
    needs: list[Need],
    seed: int,
    scores: dict[str, np.ndarray],
) -> tuple[list[Activity], list[tuple[np.ndarray, ...]]]:
    """Activities for each addressed need and their attendance rows, then grand rounds."""
    rng = stream(seed, "education")
    by_id = {n.need_id: n for n in needs}
    partners: dict[str, str] = {}
    for need in needs:  # a gap-only need shares one activity (and its window) with a metric need
        if need.plan.kind == "gap":
            partner = next(n for n in needs if n.plan.kind == "clinician" and n.plan.line == need.plan.line)
            need.window = partner.window
            partners[need.need_id] = partner.need_id
    activities: list[Activity] = []
    rows: list[tuple[np.ndarray, ...]] = []
    for need in needs:
        if need.window is None:
            continue
        acts = plan_activities(need, cal, rng)
        need.activities = list(range(len(activities), len(activities) + len(acts)))
        activities += acts
        need.target_group, learners = need_attendees(need, layout, roster, cal, rng, scores.get(need.need_id))
        rows += need_rows(need.activities, activities, learners, rng)
    for gap_id, partner_id in partners.items():
        shared = by_id[partner_id].activities[0]
        activities[shared].need_ids.append(gap_id)
        by_id[gap_id].activities.append(shared)
    background, background_rows = grand_rounds(
        scale, layout, roster, cal, len(activities), stream(seed, "grand-rounds")
    )
    return activities + background, rows + background_rows


def _date_and_number(activities: list[Activity], rows: Attendance) -> None:
    """Activity dates from their sessions, then ids A0001... in order of start date."""
    lo = np.full(len(activities), np.iinfo(np.int64).max)
    hi = np.full(len(activities), np.iinfo(np.int64).min)
    np.minimum.at(lo, rows.activity, rows.day)
    np.maximum.at(hi, rows.activity, rows.day)
    for i, act in enumerate(activities):
        if act.days is not None:
            act.start_day, act.end_day = int(act.days.min()), int(act.days.max())
        elif hi[i] >= lo[i]:
            act.start_day, act.end_day = int(lo[i]), int(hi[i])
        else:
            assert act.span is not None
            act.start_day, act.end_day = act.span
    order = sorted(range(len(activities)), key=lambda i: (activities[i].start_day, activities[i].title, i))
    width = max(4, len(str(len(activities))))
    for rank, i in enumerate(order):
        activities[i].activity_id = f"A{rank + 1:0{width}d}"


# Months after the education a design reads the effect in (qi_impact's follow-up windows).
DID_FOLLOWUP_MONTHS, ITS_FOLLOWUP_MONTHS = 6, 12


def _effect_probes(
    needs: list[Need],
    clin: SeriesSet,
    units: SeriesSet,
    lines: SeriesSet,
    layout: Layout,
    roster: Roster,
    cal: Calendar,
) -> list[EffectProbe]:
    """One probe per effective need: its exposed series over the follow-up window its estimate reads."""
    probes = []
    for need in needs:
        if not need.metric or need.plan.effect == 0.0 or need.education is None:
            continue
        last = int(cal.month_of(need.education[1]))
        whole_population = need.unit_of_analysis == "service_line" or need.plan.engage_all_units
        window = ITS_FOLLOWUP_MONTHS if whole_population else DID_FOLLOWUP_MONTHS
        months = frozenset(range(last + 1, last + 1 + window))
        code = METRIC_CODE[need.plan.metric_id]
        if need.unit_of_analysis == "clinician":
            series, grain = series_of(clin, need.plan.metric_id, need.exposed), "clinician"
        elif need.unit_of_analysis == "unit":
            series = np.flatnonzero((units.metric == code) & np.isin(units.entity, roster.n + need.engaged_units))
            grain = "unit"
        else:
            line_entity = roster.n + len(layout.unit_code) + layout.line_index(need.plan.line)
            series, grain = np.flatnonzero(lines.entity == line_entity), "service_line"
        probes.append(EffectProbe(need.need_id, grain, series, months))
    return probes


def _planted_need(need: Need, activities: list[Activity], layout: Layout, realized: dict[str, float]) -> dict:
    metric = need.metric
    return {
        "need_id": need.need_id,
        "kind": need.plan.kind,
        "metric_id": need.plan.metric_id,
        "unit_of_analysis": need.unit_of_analysis,
        "target_service_line": need.plan.line,
        "target_professions": list(need.professions),
        "improvement_notation": metric.improvement_notation if metric else None,
        "planted_effect": float(need.plan.effect) if metric else None,
        "effective": bool(metric and need.plan.effect != 0.0),
        # What the effect did to the rates in the follow-up window, rates clipped to [0.02, 0.98] (realized.py).
        "realized_effect": round(realized.get(need.need_id, 0.0), 6) if metric else None,
        "extra_slope": float(need.plan.extra_slope),
        "qi_project": next((activities[a].qi_project for a in need.activities if activities[a].qi_project), None),
        "activity_ids": sorted(activities[a].activity_id for a in need.activities),
        "education_start": iso(need.education[0]) if need.education else None,
        "education_end": iso(need.education[1]) if need.education else None,
        "exposed_clinicians": len(need.exposed),
        "target_group_size": len(need.target_group),
        "engaged_units": (
            sorted(layout.unit_code[need.engaged_units].tolist()) if need.unit_of_analysis == "unit" else None
        ),
    }


def generate_world(
    out: Path,
    scale: str | Scale = "small",
    seed: int = 0,
    end_month: str = "2026-06",
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Writes a complete inbox under `out` (one sub-folder per feed) and `out/planted.json`.

    Returns the planted dict (also written to planted.json).

    Files of this generator's naming patterns already in the feed folders are replaced, so
    regenerating into the same inbox never leaves months from an earlier, longer world.
    """
    scale = resolve_scale(scale)
    say = progress or (lambda _message: None)
    out = Path(out)
    cal = Calendar.ending(end_month, scale.months)
    trend = {m.metric_id: round(m.drift / max(scale.months, 30), 6) for m in METRICS}

    plans, extras = plan_needs(scale, stream(seed, "plan"))
    layout = build_layout(scale, SERVICE_LINES, extras, stream(seed, "layout"))
    roster = build_roster(scale, layout, cal, stream(seed, "roster"))
    say(
        f"roster: {roster.n:,} clinicians, {len(layout.hospitals)} hospital(s), "
        f"{len(layout.service_lines)} service lines, {len(layout.unit_code)} units"
    )

    topics = Topics()
    needs = build_needs(plans, layout, roster, cal, trend, topics, stream(seed, "needs"))
    clin = clinician_series(scale, layout, roster, cal, stream(seed, "clinician-series"))
    shocks = system_shocks(cal.months, stream(seed, "system-shocks"))
    override, scores = predraw_worst_performer_series(
        needs, clin, layout, roster, trend, shocks, cal, stream(seed, "trap-series")
    )
    activities, parts = _build_education(scale, layout, roster, cal, needs, seed, scores)
    rows = dedupe(Attendance(*(np.concatenate([p[i] for p in parts]) for i in range(4))))
    rows, n_external = add_externals(rows, roster.n, stream(seed, "externals"))
    learners = build_learners(roster, n_external, stream(seed, "identity"))
    _date_and_number(activities, rows)
    evaluations(rows, activities, stream(seed, "evaluations"))
    exposure(needs, rows, activities, roster, cal)
    plant_clinician_effects(clin, needs)
    say(f"needs: {len(needs)}; activities: {len(activities):,}; attendance: {rows.n:,} rows")

    inbox = _Inbox(out)
    try:
        _write_roster(inbox, roster, layout)
        _write_catalog(inbox)
        _write_needs(inbox, needs)
        _write_activities(inbox, activities)
        _write_attendance(inbox, rows, activities, learners, topics)
        say(f"attendance: {inbox.rows['attendance']:,} rows in {inbox.files['attendance']} files")

        entities = Entities.of(roster, layout)
        inbox.register("entity_dim", entities.frame())
        inbox.register(
            "metric_dim",
            pd.DataFrame(
                {
                    "metric": np.arange(len(METRICS)),
                    "metric_id": [m.metric_id for m in METRICS],
                }
            ),
        )
        units, unit_effect = unit_series(layout, roster, cal, needs, stream(seed, "unit-series"))
        lines, line_effect = line_series(layout, roster, cal, needs, stream(seed, "line-series"))

        def emit(t: int, month: MonthValues) -> None:
            inbox.register("month_df", month.frame())
            inbox.write(
                "metric_values",
                f"metric_values_{cal.label(t)}.csv",
                _metric_query("month_df", f"'{cal.label(t)}'"),
            )
            if (t + 1) % 12 == 0 or t == cal.months - 1:
                rows_so_far, files_so_far = inbox.rows["metric_values"], inbox.files["metric_values"]
                say(f"metric_values: {rows_so_far:,} rows in {files_so_far} files")

        realized = RealizedEffects(_effect_probes(needs, clin, units, lines, layout, roster, cal))
        resub, resub_month = simulate(
            clin,
            units,
            unit_effect,
            lines,
            line_effect,
            trend,
            shocks,
            cal,
            len(layout.hospitals),
            stream(seed, "metric-values"),
            emit,
            override,
            realized,
        )
        realized_effects = realized.realized()
        resub_frame = resub.frame().assign(period=[cal.label(int(t)) for t in resub_month])
        inbox.register("resub_df", resub_frame)
        inbox.write(
            "metric_values",
            f"metric_values_{cal.label(cal.months)}_resubmission.csv",
            _metric_query("resub_df", "v.period"),
        )
        say(f"metric_values: resubmission of {len(resub_frame)} rows")
        row_counts = dict(inbox.rows)
    finally:
        inbox.close()

    seen = np.zeros(learners.n, dtype=bool)
    seen[rows.learner] = True
    codes = [m.metric_id for m in METRICS]
    planted = {
        "seed": seed,
        "scale": scale.name,
        "end_month": end_month,
        "first_month": cal.label(0),
        "last_month": cal.label(cal.months - 1),
        "hospitals": [h.name for h in layout.hospitals],
        "service_lines": list(layout.line_names),
        "secular_trend": trend,
        "needs": [_planted_need(n, activities, layout, realized_effects) for n in needs],
        "background_activity_ids": sorted(a.activity_id for a in activities if not a.need_ids),
        "identity_mess": {
            "learners_total": int(seen.sum()),
            "npi_missing": int((seen & learners.npi_missing).sum()),
            "npi_typo": int((seen & learners.npi_typo).sum()),
            "email_case_changed": int((seen & learners.email_changed).sum()),
            "not_on_roster": int((seen & ~learners.on_roster).sum()),
        },
        "resubmitted": [
            {
                "metric_id": codes[int(m)],
                "period": cal.label(int(t)),
                "entity_type": str(entities.entity_type[e]),
                "entity_id": str(entities.entity_id[e]),
                "numerator": int(num),
                "denominator": int(den),
            }
            for m, e, num, den, t in zip(
                resub.metric, resub.entity, resub.numerator, resub.denominator, resub_month, strict=True
            )
        ],
        "row_counts": row_counts,
    }
    assert all(METRIC_CODE[c] == i for i, c in enumerate(codes))
    (out / "planted.json").write_text(json.dumps(planted, indent=2) + "\n", encoding="utf-8")
    say(f"planted: {sum(p['effective'] for p in planted['needs'])} effective needs of {len(needs)}")
    return planted
