"""Monthly QI metric values: every series drawn month by month, and the resubmitted corrections.

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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cme_pipeline.synthetic.catalog import METRICS, SERVICE_LINE_DENOMINATOR, UNIT_DENOMINATORS
from cme_pipeline.synthetic.core import Calendar
from cme_pipeline.synthetic.noise import EntityDrift, season
from cme_pipeline.synthetic.realized import RealizedEffects
from cme_pipeline.synthetic.series import METRIC_CODE, SeriesOverride, SeriesSet

RESUBMITTED_PER_MONTH = (4, 4, 3, 3, 3, 3)  # corrections land on the most recent six periods


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
