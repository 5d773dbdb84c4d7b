"""Month-to-month noise beyond sampling: seasons and autocorrelated drift.

Real monthly QI series are not independent draws around a line. Flu season and July's new residents
move every unit at once (seasonality), and a unit's staffing or a clinician's habits drift and persist
for months (autocorrelation). Both are here so the pipeline's intervals are tested where they can fail:
an interval that assumes independent months is too narrow on these series.

Three parts, added to each entity's rate before the binomial (or Poisson) draw:
* a season shared by every entity of a metric: a cosine peaking in January, in the metric's worse
  direction;
* a system-wide shock per metric, an AR(1) process shared by every entity (a staffing crisis, a
  documentation change): it cancels between exposed and comparison groups, not in a single series;
* an entity's own AR(1) drift.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cme_pipeline.synthetic.catalog import METRICS

# Season amplitude, AR(1) coefficient and stationary standard deviations, per scoring of the metric.
SEASON_AMPLITUDE = {"proportion": 0.02, "rate_per_1000": 0.12}
SYSTEM_AR = {"proportion": (0.6, 0.008), "rate_per_1000": (0.6, 0.08)}
ENTITY_AR = {
    "clinician": {"proportion": (0.5, 0.03)},
    "unit": {"proportion": (0.5, 0.025), "rate_per_1000": (0.5, 0.15)},
    "service_line": {"proportion": (0.6, 0.006)},
}


def season(metric: np.ndarray, calendar_month: int) -> np.ndarray:
    """Seasonal shift of each series' metric in a calendar month (1-12): worst in January."""
    sign = np.array([1 if m.improvement_notation == "increase" else -1 for m in METRICS])
    amplitude = np.array([SEASON_AMPLITUDE[m.scoring] for m in METRICS])
    return (-sign * amplitude * np.cos(2.0 * np.pi * (calendar_month - 1) / 12.0))[metric]


def system_shocks(months: int, rng: np.random.Generator) -> np.ndarray:
    """(metric x month) AR(1) shocks shared by every entity of a metric."""
    out = np.zeros((len(METRICS), months))
    for i, m in enumerate(METRICS):
        rho, sd = SYSTEM_AR[m.scoring]
        out[i] = ar1_path(months, rho, sd, rng)
    return out


def ar1_path(months: int, rho: float, sd: float, rng: np.random.Generator) -> np.ndarray:
    """A stationary AR(1) path with standard deviation `sd`."""
    path = np.empty(months)
    state = rng.normal(0.0, sd)
    for t in range(months):
        path[t] = state
        state = rho * state + np.sqrt(1.0 - rho * rho) * rng.normal(0.0, sd)
    return path


@dataclass
class EntityDrift:
    """Each series' own AR(1) drift, stepped one month at a time (vectorised over series)."""

    rho: np.ndarray
    sd: np.ndarray
    state: np.ndarray

    @classmethod
    def start(cls, grain: str, metric: np.ndarray, rng: np.random.Generator) -> EntityDrift:
        params = np.array([ENTITY_AR[grain].get(m.scoring, (0.0, 0.0)) for m in METRICS])[metric]
        rho, sd = params[:, 0], params[:, 1]
        return cls(rho=rho, sd=sd, state=rng.normal(0.0, 1.0, size=len(metric)) * sd)

    def step(self, rng: np.random.Generator) -> np.ndarray:
        """This month's drift of every series; advances the state to next month."""
        now = self.state.copy()
        self.state = self.rho * self.state + np.sqrt(1.0 - self.rho**2) * self.sd * rng.normal(size=len(now))
        return now
