"""Monthly QI metric values: clinician, unit and service-line series with planted truth.

Every series follows  p(t) = baseline + secular_trend * t + planted effect (once exposed),
clipped to [0.02, 0.98] for proportions. The secular trend always points the improving
way, so an uncontrolled pre/post credits the education with the trend while a
difference-in-differences (exposed vs comparison) recovers the planted effect, zero for
null needs. Values are drawn one month at a time (vectorised over series), which keeps
memory flat at the large scale and matches how the files are delivered: one per period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cme_pipeline.synthetic.catalog import (
    METRICS,
    READMIT_EXCLUDED_LINES,
    SERVICE_LINE_DENOMINATOR,
    UNIT_DENOMINATORS,
    clinician_metric_lines,
    unit_metric_lines,
)
from cme_pipeline.synthetic.core import Calendar, Scale
from cme_pipeline.synthetic.education import Need
from cme_pipeline.synthetic.roster import Layout, Roster

METRIC_CODE = {m.metric_id: i for i, m in enumerate(METRICS)}
NEVER = np.iinfo(np.int32).max
RESUBMITTED_PER_MONTH = (4, 4, 3, 3, 3, 3)  # corrections land on the most recent six periods


@dataclass
class Entities:
    """Every metric entity in one table: clinicians (by NPI), then units, then service lines."""

    entity_type: np.ndarray  # object
    entity_id: np.ndarray  # object
    n_clinicians: int
    n_units: int

    @classmethod
    def of(cls, roster: Roster, layout: Layout) -> Entities:
        lines = np.array(layout.line_names, dtype=object)
        return cls(
            entity_type=np.concatenate(
                [
                    np.full(roster.n, "clinician", dtype=object),
                    np.full(len(layout.unit_code), "unit", dtype=object),
                    np.full(len(lines), "service_line", dtype=object),
                ]
            ),
            entity_id=np.concatenate([roster.npi_text, layout.unit_code, lines]),
            n_clinicians=roster.n,
            n_units=len(layout.unit_code),
        )

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "entity": np.arange(len(self.entity_id)),
                "entity_type": self.entity_type,
                "entity_id": self.entity_id,
            }
        )


@dataclass
class SeriesSet:
    """Parallel arrays, one element per (metric, entity) series."""

    metric: np.ndarray
    entity: np.ndarray
    base: np.ndarray  # baseline level (fraction, or events per 1,000 device-days)
    first: np.ndarray  # first and last month index with data
    last: np.ndarray
    volume: np.ndarray  # clinicians: mean monthly denominator
    effect: np.ndarray  # planted shift, metric units (clinicians: constant; see unit_effect for units)
    effect_from: np.ndarray  # month index from which `effect` applies

    @property
    def n(self) -> int:
        return len(self.metric)


def clinician_series(
    scale: Scale, layout: Layout, roster: Roster, cal: Calendar, needs: list[Need], rng: np.random.Generator
) -> SeriesSet:
    """One series per eligible (clinician metric, prescriber); effects for each effective need's exposed."""
    first, last = roster.active_months(cal)
    line_names = np.array(layout.line_names, dtype=object)
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    for m in METRICS:
        if m.unit_of_analysis != "clinician":
            continue
        lines = clinician_metric_lines(
            m.metric_id, layout.core_lines, layout.extra_lines, scale.broad_eligibility
        )
        who = np.flatnonzero(roster.is_prescriber & np.isin(line_names[roster.line], lines))
        parts.append((np.full(len(who), METRIC_CODE[m.metric_id]), who))
    metric = np.concatenate([p[0] for p in parts])
    clin = np.concatenate([p[1] for p in parts])
    means = np.array([m.mean for m in METRICS])[metric]
    spreads = np.array([m.spread for m in METRICS])[metric]
    effect = np.zeros(len(metric))
    effect_from = np.full(len(metric), NEVER)
    for need in needs:
        if need.unit_of_analysis != "clinician" or need.plan.effect == 0.0 or not len(need.exposed):
            continue
        block = np.flatnonzero(metric == METRIC_CODE[need.plan.metric_id])
        pos = np.searchsorted(clin[block], need.exposed)  # clinicians ascend within each metric block
        series = block[pos]
        assert np.array_equal(clin[series], need.exposed)
        effect[series] = need.plan.effect
        effect_from[series] = need.first_month + 1  # from the month after their first session
    return SeriesSet(
        metric=metric,
        entity=clin,
        base=means + rng.normal(0.0, 1.0, size=len(metric)) * spreads,
        first=first[clin],
        last=last[clin],
        volume=rng.uniform(6.0, 18.0, size=len(metric)),
        effect=effect,
        effect_from=effect_from,
    )


def unit_series(
    layout: Layout, roster: Roster, cal: Calendar, needs: list[Need], rng: np.random.Generator
) -> tuple[SeriesSet, np.ndarray]:
    """Unit series for every unit metric, and a (series x month) planted-effect matrix.

    A unit's effect ramps with the share of its attending staff who have been to a session
    (full once the need's education is over), applied only to the need's engaged units.
    """
    metric, entity = [], []
    for m in METRICS:
        if m.unit_of_analysis != "unit":
            continue
        lines = unit_metric_lines(m.metric_id, layout.line_names)
        units = np.flatnonzero(np.isin(np.array(layout.line_names, dtype=object)[layout.unit_line], lines))
        metric.append(np.full(len(units), METRIC_CODE[m.metric_id]))
        entity.append(units)
    metric_a, unit_a = np.concatenate(metric), np.concatenate(entity)
    means = np.array([m.mean for m in METRICS])[metric_a]
    spreads = np.array([m.spread for m in METRICS])[metric_a]
    effect = np.zeros((len(metric_a), cal.months))
    months = np.arange(cal.months)
    for need in needs:
        if need.unit_of_analysis != "unit" or need.plan.effect == 0.0:
            continue
        for u in need.engaged_units:
            (series,) = np.flatnonzero((metric_a == METRIC_CODE[need.plan.metric_id]) & (unit_a == u))
            firsts = need.first_month[roster.unit[need.exposed] == u]
            share = (firsts[:, None] < months[None, :]).mean(axis=0) if len(firsts) else np.zeros(cal.months)
            effect[series] = need.plan.effect * share
    n = len(metric_a)
    sset = SeriesSet(
        metric=metric_a,
        entity=roster.n + unit_a,
        base=means + rng.normal(0.0, 1.0, size=n) * spreads,
        first=np.zeros(n, dtype=np.int64),
        last=np.full(n, cal.months - 1),
        volume=np.zeros(n),
        effect=np.zeros(n),
        effect_from=np.full(n, NEVER),
    )
    return sset, effect


def line_series(layout: Layout, roster: Roster, cal: Calendar, rng: np.random.Generator) -> SeriesSet:
    """READMIT_30 per service line (system-wide: all hospitals' discharges)."""
    lines = np.array([i for i, n in enumerate(layout.line_names) if n not in READMIT_EXCLUDED_LINES])
    spec = METRICS[METRIC_CODE["READMIT_30"]]
    n = len(lines)
    return SeriesSet(
        metric=np.full(n, METRIC_CODE["READMIT_30"]),
        entity=roster.n + len(layout.unit_code) + lines,
        base=spec.mean + rng.normal(0.0, spec.spread, size=n),
        first=np.zeros(n, dtype=np.int64),
        last=np.full(n, cal.months - 1),
        volume=np.zeros(n),
        effect=np.zeros(n),
        effect_from=np.full(n, NEVER),
    )


@dataclass
class MonthValues:
    metric: np.ndarray
    entity: np.ndarray
    numerator: np.ndarray
    denominator: np.ndarray

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "metric": self.metric,
                "entity": self.entity,
                "numerator": self.numerator,
                "denominator": self.denominator,
            }
        )


def simulate(
    clinicians: SeriesSet,
    units: SeriesSet,
    unit_effect: np.ndarray,
    lines: SeriesSet,
    trend: dict[str, float],
    cal: Calendar,
    hospitals: int,
    rng: np.random.Generator,
    emit: Callable[[int, MonthValues], None],
) -> tuple[MonthValues, np.ndarray]:
    """Draw every month's values and hand each month to `emit`; returns the resubmitted rows.

    Resubmissions correct a numerator of ~20 recent rows (the month index of each is
    returned alongside); the corrected value stays valid (0 <= numerator <= denominator).
    """
    trend_of = np.array([trend[m.metric_id] for m in METRICS])
    rate_metric = np.array([m.scoring == "rate_per_1000" for m in METRICS])
    lo = np.zeros(len(METRICS), dtype=np.int64)
    hi = np.zeros(len(METRICS), dtype=np.int64)
    for metric_id, (a, b) in UNIT_DENOMINATORS.items():
        lo[METRIC_CODE[metric_id]], hi[METRIC_CODE[metric_id]] = a, b
    unit_is_rate = rate_metric[units.metric]
    picked: list[MonthValues] = []
    picked_month: list[np.ndarray] = []
    for t in range(cal.months):
        on = np.flatnonzero((clinicians.first <= t) & (t <= clinicians.last))
        den_c = rng.poisson(clinicians.volume[on])
        p = clinicians.base[on] + trend_of[clinicians.metric[on]] * t
        p = p + np.where(t >= clinicians.effect_from[on], clinicians.effect[on], 0.0)
        num_c = rng.binomial(den_c, np.clip(p, 0.02, 0.98))
        keep = den_c > 0

        den_u = rng.integers(lo[units.metric], hi[units.metric] + 1)
        level = units.base + trend_of[units.metric] * t + unit_effect[:, t]
        num_u = np.where(
            unit_is_rate,
            rng.poisson(np.maximum(level, 0.05) * den_u / 1000.0),
            rng.binomial(den_u, np.clip(level, 0.02, 0.98)),
        )
        den_l = rng.integers(
            SERVICE_LINE_DENOMINATOR[0] * hospitals, SERVICE_LINE_DENOMINATOR[1] * hospitals + 1, size=lines.n
        )
        num_l = rng.binomial(den_l, np.clip(lines.base + trend_of[lines.metric] * t, 0.02, 0.98))

        month = MonthValues(
            metric=np.concatenate([clinicians.metric[on][keep], units.metric, lines.metric]),
            entity=np.concatenate([clinicians.entity[on][keep], units.entity, lines.entity]),
            numerator=np.concatenate([num_c[keep], num_u, num_l]).astype(np.int64),
            denominator=np.concatenate([den_c[keep], den_u, den_l]).astype(np.int64),
        )
        emit(t, month)
        back = cal.months - 1 - t
        if back < len(RESUBMITTED_PER_MONTH):
            rows = np.sort(rng.choice(len(month.metric), RESUBMITTED_PER_MONTH[back], replace=False))
            picked.append(
                MonthValues(
                    month.metric[rows], month.entity[rows], month.numerator[rows], month.denominator[rows]
                )
            )
            picked_month.append(np.full(len(rows), t))
    old = MonthValues(
        *(
            np.concatenate([getattr(p, f) for p in picked])
            for f in ("metric", "entity", "numerator", "denominator")
        )
    )
    return _corrected(old, rng), np.concatenate(picked_month)


def _corrected(old: MonthValues, rng: np.random.Generator) -> MonthValues:
    """A different numerator within [0, denominator] (late chart abstraction changed the count)."""
    delta = rng.choice(np.array([-3, -2, -1, 1, 2, 3]), size=len(old.numerator))
    new = old.numerator + delta
    bad = (new < 0) | (new > old.denominator)
    new = np.where(bad, old.numerator - delta, new)
    bad = (new < 0) | (new > old.denominator)
    new = np.where(bad, np.where(old.numerator < old.denominator, old.numerator + 1, old.numerator - 1), new)
    return MonthValues(old.metric, old.entity, new, old.denominator)
