"""What a planted effect really did to the rates: the truth the calibration compares estimates with.

A nominal effect of +0.14 on a clinician already at 0.90 cannot lift them past the ceiling (rates are
clipped to [0.02, 0.98]), so the effect the data carry is smaller than the one planted. Each probe follows
a need's exposed series over the months its estimate reads (the follow-up window) and averages the rate
with the effect minus the rate without it, both clipped, weighted by each series' volume.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

FLOOR, CEILING = 0.02, 0.98


@dataclass
class EffectProbe:
    need_id: str
    grain: str  # clinician | unit | service_line
    series: np.ndarray  # indexes into that grain's SeriesSet
    months: frozenset[int]  # month indexes of the window the effect is read in


@dataclass
class RealizedEffects:
    probes: list[EffectProbe]
    _gain: dict[str, float] = field(default_factory=dict)
    _weight: dict[str, float] = field(default_factory=dict)

    def add(self, grain: str, t: int, level: np.ndarray, effect: np.ndarray, weight: np.ndarray) -> None:
        """One month of one grain: `level` is every series' modelled rate with its effect, before clipping."""
        for probe in self.probes:
            if probe.grain != grain or t not in probe.months:
                continue
            idx = probe.series
            gain = np.clip(level[idx], FLOOR, CEILING) - np.clip(level[idx] - effect[idx], FLOOR, CEILING)
            self._gain[probe.need_id] = self._gain.get(probe.need_id, 0.0) + float((gain * weight[idx]).sum())
            self._weight[probe.need_id] = self._weight.get(probe.need_id, 0.0) + float(weight[idx].sum())

    def realized(self) -> dict[str, float]:
        return {need: self._gain[need] / self._weight[need] for need in self._gain if self._weight[need] > 0}
