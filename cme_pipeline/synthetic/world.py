"""Generate a complete synthetic inbox (every feed) plus the truth planted in it.

`generate_world` builds a health system (hospitals, service lines, units, a roster),
needs with planted effects, the CME activities answering them, attendance with a
realistic identity mess, and monthly QI metric values with secular trends. The planted
truth goes to `planted.json` so tests and demos can check that the pipeline recovers real
effects, reports null ones as null, and does not mistake a secular trend for education.

Same (scale, seed, end_month) -> byte-identical files: every step draws from its own
named random stream and every file is written by DuckDB with an explicit ORDER BY.

This module runs the steps in order; inbox.py writes the files and planted.py records the truth.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from cme_pipeline.synthetic.attendance import Attendance, add_externals, dedupe, evaluations, exposure
from cme_pipeline.synthetic.catalog import METRICS
from cme_pipeline.synthetic.core import SCALES, Calendar, Scale, resolve_scale, stream
from cme_pipeline.synthetic.deterioration import Deterioration, plan_deterioration
from cme_pipeline.synthetic.education import build_education, date_and_number
from cme_pipeline.synthetic.inbox import (
    Inbox,
    metric_query,
    write_activities,
    write_attendance,
    write_catalog,
    write_needs,
    write_roster,
)
from cme_pipeline.synthetic.learners import build_learners
from cme_pipeline.synthetic.metric_values import MonthValues, simulate
from cme_pipeline.synthetic.names import SERVICE_LINES
from cme_pipeline.synthetic.needs import Topics, build_needs
from cme_pipeline.synthetic.noise import system_shocks
from cme_pipeline.synthetic.plans import plan_needs
from cme_pipeline.synthetic.planted import effect_probes, identity_mess, planted_need, resubmitted
from cme_pipeline.synthetic.point_of_care import build_look_ups, write_look_ups
from cme_pipeline.synthetic.realized import RealizedEffects
from cme_pipeline.synthetic.roster import build_layout, build_roster
from cme_pipeline.synthetic.series import Entities, clinician_series, line_series, plant_clinician_effects, unit_series
from cme_pipeline.synthetic.traps import predraw_worst_performer_series

__all__ = ["SCALES", "Scale", "generate_world"]


def generate_world(
    out: Path,
    scale: str | Scale = "small",
    seed: int = 0,
    end_month: str = "2026-06",
    progress: Callable[[str], None] | None = None,
    deterioration: bool = True,
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
    activities, parts = build_education(scale, layout, roster, cal, needs, seed, scores)
    rows = dedupe(Attendance(*(np.concatenate([p[i] for p in parts]) for i in range(4))))
    rows, n_external = add_externals(rows, roster.n, stream(seed, "externals"))
    learners = build_learners(roster, n_external, stream(seed, "identity"))
    date_and_number(activities, rows)
    evaluations(rows, activities, stream(seed, "evaluations"))
    exposure(needs, rows, activities, roster, cal)
    plant_clinician_effects(clin, needs)
    look_ups, learning = build_look_ups(needs, roster, layout, cal, stream(seed, "point-of-care"),
                                        scale.point_of_care_dip_trap)
    for planted_learning in learning:
        planted_learning.plant(clin)
    say(f"needs: {len(needs)}; activities: {len(activities):,}; attendance: {rows.n:,} rows")

    inbox = Inbox(out)
    try:
        write_roster(inbox, roster, layout)
        write_catalog(inbox)
        write_needs(inbox, needs)
        write_activities(inbox, activities)
        write_attendance(inbox, rows, activities, learners, topics)
        point_of_care_files = write_look_ups(out / "point_of_care", look_ups, learners)
        say(f"point_of_care: {sum(point_of_care_files.values()):,} look-ups in {len(point_of_care_files)} files")
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

        declining: list[Deterioration | None] = []

        def emit(t: int, month: MonthValues) -> None:
            if deterioration and not declining:
                declining.append(plan_deterioration(needs, roster, layout, cal, month))
            if declining and declining[0] is not None:
                month = declining[0].apply(month, t)
            inbox.register("month_df", month.frame())
            inbox.write(
                "metric_values",
                f"metric_values_{cal.label(t)}.csv",
                metric_query("month_df", f"'{cal.label(t)}'"),
            )
            if (t + 1) % 12 == 0 or t == cal.months - 1:
                rows_so_far, files_so_far = inbox.rows["metric_values"], inbox.files["metric_values"]
                say(f"metric_values: {rows_so_far:,} rows in {files_so_far} files")

        realized = RealizedEffects(effect_probes(needs, clin, units, lines, layout, roster, cal))
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
            metric_query("resub_df", "v.period"),
        )
        say(f"metric_values: resubmission of {len(resub_frame)} rows")
        row_counts = dict(inbox.rows, point_of_care=sum(point_of_care_files.values()))
    finally:
        inbox.close()

    planted = {
        "seed": seed,
        "scale": scale.name,
        "end_month": end_month,
        "first_month": cal.label(0),
        "last_month": cal.label(cal.months - 1),
        "hospitals": [h.name for h in layout.hospitals],
        "service_lines": list(layout.line_names),
        "secular_trend": trend,
        "needs": [planted_need(n, activities, layout, realized_effects) for n in needs],
        "background_activity_ids": sorted(a.activity_id for a in activities if not a.need_ids),
        "identity_mess": identity_mess(learners, rows),
        "resubmitted": resubmitted(resub, resub_month, entities, cal),
        "row_counts": row_counts,
        "point_of_care_files": point_of_care_files,
        "point_of_care_learning": [planted_learning.planted(cal) for planted_learning in learning],
        "deterioration": declining[0].planted(layout, cal) if declining and declining[0] is not None else None,
    }
    (out / "planted.json").write_text(json.dumps(planted, indent=2) + "\n", encoding="utf-8")
    say(f"planted: {sum(p['effective'] for p in planted['needs'])} effective needs of {len(needs)}")
    return planted
