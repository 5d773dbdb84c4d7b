"""Designs that fool a naive method: needs whose education had no effect but looks as if it had.

* `pretrend_trap`: the clinicians who attend were already improving faster than their colleagues, before
  and after the education (the keen ones come). A difference-in-differences counts their steeper path as
  effect; the parallel-trends check on the pre-period should catch it. Planted as an extra slope on the
  attendees' series (series.plant_clinician_effects).
* `worst_performers_trap`: the education is given to the target group's worst performers on the months
  before it - what a hospital does with last half-year's dashboard. Their follow-up regresses towards the
  mean, which a difference-in-differences counts as effect; the baseline-adjusted (ANCOVA) estimate does
  not. Choosing them needs their metric values before the education, so this trap's (metric, service line)
  series are drawn here, ahead of the simulation, with the same rate model, and emitted as drawn.
* A service-line need without effect has its line trending faster (series.line_series): the trap of
  a pre/post comparison, which the interrupted time series' pre-period trend takes out.
"""

from __future__ import annotations

import numpy as np

from cme_pipeline.synthetic.catalog import METRICS
from cme_pipeline.synthetic.core import Calendar
from cme_pipeline.synthetic.metric_values import shared_shift
from cme_pipeline.synthetic.needs import Need
from cme_pipeline.synthetic.noise import EntityDrift
from cme_pipeline.synthetic.roster import Layout, Roster
from cme_pipeline.synthetic.series import METRIC_CODE, SeriesOverride, SeriesSet

# Months before the first session whose rates rank the worst performers (the pipeline's baseline window).
SELECTION_MONTHS = 6


def predraw_worst_performer_series(
    needs: list[Need],
    series: SeriesSet,
    layout: Layout,
    roster: Roster,
    trend: dict[str, float],
    shocks: np.ndarray,
    cal: Calendar,
    rng: np.random.Generator,
) -> tuple[SeriesOverride | None, dict[str, np.ndarray]]:
    """Draw every month of each worst-performer trap's series; rank its service line's clinicians.

    Returns the drawn values (to be emitted as they are) and, per trap need, each roster clinician's
    rate over the SELECTION_MONTHS before its education, oriented so that lower is worse (NaN: no data).
    """
    traps = [n for n in needs if n.plan.kind == "worst_performers_trap" and n.window is not None]
    if not traps:
        return None, {}
    trend_of = np.array([trend[m.metric_id] for m in METRICS])
    line_names = np.array(layout.line_names, dtype=object)
    chosen, numerators, denominators, scores = [], [], [], {}
    for need in traps:
        block = np.flatnonzero(
            (series.metric == METRIC_CODE[need.plan.metric_id])
            & (line_names[roster.line[series.entity]] == need.plan.line)
        )
        drift = EntityDrift.start("clinician", series.metric[block], rng)
        num = np.zeros((len(block), cal.months), dtype=np.int64)
        den = np.zeros((len(block), cal.months), dtype=np.int64)
        for t in range(cal.months):
            p = series.rate(block, t, shared_shift(trend_of, shocks, cal, t), drift.step(rng))
            active = (series.first[block] <= t) & (t <= series.last[block])
            den[:, t] = np.where(active, rng.poisson(series.volume[block]), 0)
            num[:, t] = rng.binomial(den[:, t], np.clip(p, 0.02, 0.98))
        start = need.window[0]
        window = slice(max(start - SELECTION_MONTHS, 0), start)
        totals = den[:, window].sum(axis=1)
        rate = np.where(totals > 0, num[:, window].sum(axis=1) / np.maximum(totals, 1), np.nan)
        score = np.full(roster.n, np.nan)
        score[series.entity[block]] = rate * need.metric.sign
        scores[need.need_id] = score
        chosen.append(block)
        numerators.append(num)
        denominators.append(den)
    return (
        SeriesOverride(np.concatenate(chosen), np.concatenate(numerators), np.concatenate(denominators)),
        scores,
    )
