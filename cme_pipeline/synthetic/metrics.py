"""Monthly QI metric values: clinician, unit and service-line series with planted truth.

Every series follows

    p(t) = baseline + secular_trend * t + season(calendar month) + system shock(t) + own drift(t)
           + planted effect (once exposed) + extra slope * (t - origin)        (traps only)

clipped to [0.02, 0.98] for proportions, then drawn binomially (Poisson for event rates). The secular
trend always points the improving way, so an uncontrolled pre/post credits the education with the
trend; the season and the system shock are shared by every entity of a metric, so they cancel between
exposed and comparison groups but not within one series; each entity's own drift is autocorrelated
(noise.py). Values are drawn one month at a time (vectorised over series), which keeps memory flat at
the large scale and matches how the files are delivered: one per period.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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
from cme_pipeline.synthetic.noise import EntityDrift, season
from cme_pipeline.synthetic.realized import RealizedEffects
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
    effect: np.ndarray  # planted shift, metric units (clinicians: constant; units and lines: see `ramp`)
    effect_from: np.ndarray  # month index from which `effect` applies
    extra_slope: np.ndarray = field(default_factory=lambda: np.zeros(0))  # per month, from `slope_origin`
    slope_origin: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def __post_init__(self) -> None:
        if len(self.extra_slope) != self.n:
            self.extra_slope = np.zeros(self.n)
            self.slope_origin = np.zeros(self.n)

    @property
    def n(self) -> int:
        return len(self.metric)

    def rate(self, index: np.ndarray, t: int, shared: np.ndarray, drift: np.ndarray) -> np.ndarray:
        """The model's rate of series `index` in month t, before sampling (shared: season + system shock)."""
        return (
            self.base[index]
            + shared[self.metric[index]]
            + drift
            + np.where(t >= self.effect_from[index], self.effect[index], 0.0)
            + self.extra_slope[index] * (t - self.slope_origin[index])
        )


@dataclass
class SeriesOverride:
    """Values drawn ahead of the simulation for some series (see traps.py), emitted as they are."""

    series: np.ndarray  # series indexes into a SeriesSet
    numerator: np.ndarray  # series x month
    denominator: np.ndarray


def clinician_series(
    scale: Scale, layout: Layout, roster: Roster, cal: Calendar, rng: np.random.Generator
) -> SeriesSet:
    """One series per eligible (clinician metric, prescriber); effects are planted later (plant_effects)."""
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
    return SeriesSet(
        metric=metric,
        entity=clin,
        base=means + rng.normal(0.0, 1.0, size=len(metric)) * spreads,
        first=first[clin],
        last=last[clin],
        volume=rng.uniform(6.0, 18.0, size=len(metric)),
        effect=np.zeros(len(metric)),
        effect_from=np.full(len(metric), NEVER),
    )


def series_of(series: SeriesSet, metric_id: str, clinicians: np.ndarray) -> np.ndarray:
    """Series indexes of some clinicians (roster indexes, ascending) for one clinician metric."""
    block = np.flatnonzero(series.metric == METRIC_CODE[metric_id])
    pos = np.searchsorted(series.entity[block], clinicians)  # clinicians ascend within each metric block
    found = block[np.minimum(pos, len(block) - 1)]
    assert np.array_equal(series.entity[found], clinicians)
    return found


def plant_clinician_effects(series: SeriesSet, needs: list[Need]) -> None:
    """Effects for each effective need's exposed (from the month after their first session); trap slopes."""
    for need in needs:
        if need.unit_of_analysis != "clinician" or not len(need.exposed):
            continue
        exposed = series_of(series, need.plan.metric_id, need.exposed)
        if need.plan.effect != 0.0:
            series.effect[exposed] = need.plan.effect
            series.effect_from[exposed] = need.first_month + 1
        if need.plan.extra_slope != 0.0 and need.window is not None:
            series.extra_slope[exposed] = need.plan.extra_slope
            series.slope_origin[exposed] = need.window[0]


def _exposure_ramp(need: Need, members: np.ndarray, months: int) -> np.ndarray:
    """Share of a group's exposed members who have been to a session, by month (full once all have)."""
    firsts = need.first_month[np.isin(need.exposed, members)]
    return (firsts[:, None] < np.arange(months)[None, :]).mean(axis=0) if len(firsts) else np.zeros(months)


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
    for need in needs:
        if need.unit_of_analysis != "unit" or need.plan.effect == 0.0:
            continue
        for u in need.engaged_units:
            (series,) = np.flatnonzero((metric_a == METRIC_CODE[need.plan.metric_id]) & (unit_a == u))
            members = need.exposed[roster.unit[need.exposed] == u]
            effect[series] = need.plan.effect * _exposure_ramp(need, members, cal.months)
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


def line_series(
    layout: Layout, roster: Roster, cal: Calendar, needs: list[Need], rng: np.random.Generator
) -> tuple[SeriesSet, np.ndarray]:
    """READMIT_30 per service line (system-wide: all hospitals' discharges), and its effect matrix.

    A service-line need's effect ramps with its attendees' first sessions, like a unit's. A service-line
    need without an effect has its line trending the improving way faster than the system (a national
    campaign, a co-intervention), centred on its education: the trap a pre/post comparison falls into.
    """
    lines = np.array([i for i, n in enumerate(layout.line_names) if n not in READMIT_EXCLUDED_LINES])
    spec = METRICS[METRIC_CODE["READMIT_30"]]
    n = len(lines)
    series = SeriesSet(
        metric=np.full(n, METRIC_CODE["READMIT_30"]),
        entity=roster.n + len(layout.unit_code) + lines,
        base=spec.mean + rng.normal(0.0, spec.spread, size=n),
        first=np.zeros(n, dtype=np.int64),
        last=np.full(n, cal.months - 1),
        volume=np.zeros(n),
        effect=np.zeros(n),
        effect_from=np.full(n, NEVER),
    )
    effect = np.zeros((n, cal.months))
    for need in needs:
        if need.unit_of_analysis != "service_line" or need.window is None:
            continue
        (row,) = np.flatnonzero(lines == layout.line_index(need.plan.line))
        effect[row] = need.plan.effect * _exposure_ramp(need, need.exposed, cal.months)
        series.extra_slope[row] = need.plan.extra_slope
        series.slope_origin[row] = need.window[0]
    return series, effect


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


def shared_shift(trend_of: np.ndarray, shocks: np.ndarray, cal: Calendar, t: int) -> np.ndarray:
    """Per metric: the secular trend, the season and the system shock of month t."""
    calendar_month = int(str(cal.first + t)[5:7])
    return trend_of * t + season(np.arange(len(METRICS)), calendar_month) + shocks[:, t]


def simulate(
    clinicians: SeriesSet,
    units: SeriesSet,
    unit_effect: np.ndarray,
    lines: SeriesSet,
    line_effect: np.ndarray,
    trend: dict[str, float],
    shocks: np.ndarray,
    cal: Calendar,
    hospitals: int,
    rng: np.random.Generator,
    emit: Callable[[int, MonthValues], None],
    override: SeriesOverride | None = None,
    realized: RealizedEffects | None = None,
) -> tuple[MonthValues, np.ndarray]:
    """Draw every month's values and hand each month to `emit`; returns the resubmitted rows.

    `realized` accumulates what each planted effect really did to the rates (realized.py).

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
    drift = {
        "clinician": EntityDrift.start("clinician", clinicians.metric, rng),
        "unit": EntityDrift.start("unit", units.metric, rng),
        "service_line": EntityDrift.start("service_line", lines.metric, rng),
    }
    every_clinician = np.arange(clinicians.n)
    every_unit, every_line = np.arange(units.n), np.arange(lines.n)
    fixed = np.full(clinicians.n, -1)
    if override is not None:
        fixed[override.series] = np.arange(len(override.series))
    picked: list[MonthValues] = []
    picked_month: list[np.ndarray] = []
    for t in range(cal.months):
        shared = shared_shift(trend_of, shocks, cal, t)
        clinician_drift = drift["clinician"].step(rng)
        on = np.flatnonzero((clinicians.first <= t) & (t <= clinicians.last))
        den_c = rng.poisson(clinicians.volume[on])
        p_all = clinicians.rate(every_clinician, t, shared, clinician_drift)
        p = p_all[on]
        num_c = rng.binomial(den_c, np.clip(p, 0.02, 0.98))
        if override is not None:
            slot = fixed[on]
            mine = slot >= 0
            num_c[mine] = override.numerator[slot[mine], t]
            den_c[mine] = override.denominator[slot[mine], t]
        keep = den_c > 0

        den_u = rng.integers(lo[units.metric], hi[units.metric] + 1)
        level = units.rate(every_unit, t, shared, drift["unit"].step(rng)) + unit_effect[:, t]
        num_u = np.where(
            unit_is_rate,
            rng.poisson(np.maximum(level, 0.05) * den_u / 1000.0),
            rng.binomial(den_u, np.clip(level, 0.02, 0.98)),
        )
        den_l = rng.integers(
            SERVICE_LINE_DENOMINATOR[0] * hospitals, SERVICE_LINE_DENOMINATOR[1] * hospitals + 1, size=lines.n
        )
        line_level = lines.rate(every_line, t, shared, drift["service_line"].step(rng)) + line_effect[:, t]
        num_l = rng.binomial(den_l, np.clip(line_level, 0.02, 0.98))
        if realized is not None:
            active = ((clinicians.first <= t) & (t <= clinicians.last)) * clinicians.volume
            effect_now = np.where(t >= clinicians.effect_from, clinicians.effect, 0.0)
            realized.add("clinician", t, p_all, effect_now, active)
            realized.add("unit", t, level, unit_effect[:, t], np.ones(units.n))
            realized.add("service_line", t, line_level, line_effect[:, t], np.ones(lines.n))

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
