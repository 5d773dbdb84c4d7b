"""The truth planted in the world, as written to planted.json, and the probes that measure it.

Tests, demos and the calibration suite score the pipeline against these records: which needs were
effective and by how much (planted and realized), who was exposed, the identity mess, the resubmissions.
"""

from __future__ import annotations

import numpy as np

from cme_pipeline.synthetic.activities import Activity
from cme_pipeline.synthetic.attendance import Attendance
from cme_pipeline.synthetic.catalog import METRICS
from cme_pipeline.synthetic.core import Calendar, iso
from cme_pipeline.synthetic.learners import Learners
from cme_pipeline.synthetic.metric_values import MonthValues
from cme_pipeline.synthetic.needs import Need
from cme_pipeline.synthetic.realized import EffectProbe
from cme_pipeline.synthetic.roster import Layout, Roster
from cme_pipeline.synthetic.series import METRIC_CODE, Entities, SeriesSet, series_of

# Months after the education a design reads the effect in (qi_impact's follow-up windows).
DID_FOLLOWUP_MONTHS, ITS_FOLLOWUP_MONTHS = 6, 12


def effect_probes(
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


def planted_need(need: Need, activities: list[Activity], layout: Layout, realized: dict[str, float]) -> dict:
    """One need's record in planted.json: what was planted, and what a pipeline should find."""
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


def identity_mess(learners: Learners, rows: Attendance) -> dict[str, int]:
    """Counts of the identity problems among the learners who appear in the attendance files."""
    seen = np.zeros(learners.n, dtype=bool)
    seen[rows.learner] = True
    return {
        "learners_total": int(seen.sum()),
        "npi_missing": int((seen & learners.npi_missing).sum()),
        "npi_typo": int((seen & learners.npi_typo).sum()),
        "email_case_changed": int((seen & learners.email_changed).sum()),
        "not_on_roster": int((seen & ~learners.on_roster).sum()),
    }


def resubmitted(resub: MonthValues, resub_month: np.ndarray, entities: Entities, cal: Calendar) -> list[dict]:
    """The corrected rows of the resubmission file, as the pipeline should end up holding them."""
    codes = [m.metric_id for m in METRICS]
    assert all(METRIC_CODE[c] == i for i, c in enumerate(codes))
    return [
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
    ]
