"""Which metric series exist, and the effects and trap slopes planted on them.

One series per (metric, entity): prescribers for the clinician metrics, units, service lines. Kept apart
from the monthly draws (metric_values.py) so the trap designs (traps.py) can pre-draw some series before
the simulation runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cme_pipeline.synthetic.catalog import METRICS
from cme_pipeline.synthetic.core import Calendar, Scale
from cme_pipeline.synthetic.eligibility import READMIT_EXCLUDED_LINES, clinician_metric_lines, unit_metric_lines
from cme_pipeline.synthetic.needs import Need
from cme_pipeline.synthetic.roster import Layout, Roster

METRIC_CODE = {m.metric_id: i for i, m in enumerate(METRICS)}
NEVER = np.iinfo(np.int32).max


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
    dip: np.ndarray = field(default_factory=lambda: np.zeros(0))  # a transient shift, months dip_from..dip_to
    dip_from: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    dip_to: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __post_init__(self) -> None:
        if len(self.extra_slope) != self.n:
            self.extra_slope = np.zeros(self.n)
            self.slope_origin = np.zeros(self.n)
        if len(self.dip) != self.n:
            self.dip = np.zeros(self.n)
            self.dip_from = np.full(self.n, NEVER, dtype=np.int64)
            self.dip_to = np.full(self.n, NEVER, dtype=np.int64)

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
            + np.where((t >= self.dip_from[index]) & (t <= self.dip_to[index]), self.dip[index], 0.0)
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
