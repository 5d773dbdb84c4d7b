"""A metric deteriorating in one service line that no need points at: the gap qi_gaps should propose.

Over the last DETERIORATION_MONTHS months, the chosen metric loses a growing share of its numerator in
every entity of that service line (its clinicians, its units, the service line's own rows), up to
DETERIORATION_DROP: a proportion at 70% falls to about 49%. Only proportion metrics where higher is better
are chosen (clinician metrics first: the service line's roll-up is one clear series), in a service line that
reports them and has no need on them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cme_pipeline.synthetic.catalog import METRICS
from cme_pipeline.synthetic.core import Calendar
from cme_pipeline.synthetic.metric_values import MonthValues
from cme_pipeline.synthetic.needs import Need
from cme_pipeline.synthetic.roster import Layout, Roster

DETERIORATION_MONTHS = 12
DETERIORATION_DROP = 0.3


@dataclass(frozen=True)
class Deterioration:
    metric: int  # index into METRICS
    line: int  # index into layout.service_lines
    start: int  # first month index of the decline
    entity_line: np.ndarray  # service-line index of every entity (Entities order)

    def apply(self, month: MonthValues, t: int) -> MonthValues:
        if t < self.start:
            return month
        share = DETERIORATION_DROP * min(1.0, (t - self.start + 1) / 3)
        hit = (month.metric == self.metric) & (self.entity_line[month.entity] == self.line)
        numerator = month.numerator.copy()
        numerator[hit] = np.floor(numerator[hit] * (1 - share))
        return MonthValues(month.metric, month.entity, numerator, month.denominator)

    def planted(self, layout: Layout, cal: Calendar) -> dict:
        return {"metric_id": METRICS[self.metric].metric_id, "service_line": layout.line_names[self.line],
                "from_month": cal.label(self.start)}


def entity_lines(roster: Roster, layout: Layout) -> np.ndarray:
    return np.concatenate([np.asarray(roster.line), np.asarray(layout.unit_line), np.arange(len(layout.line_names))])


def plan_deterioration(needs: list[Need], roster: Roster, layout: Layout, cal: Calendar,
                       first_month: MonthValues) -> Deterioration | None:
    """The first eligible (metric, service line) by catalog and service-line order, or None."""
    lines = entity_lines(roster, layout)
    addressed = {(n.plan.metric_id, n.plan.line) for n in needs if n.plan.metric_id}
    ordered = sorted(enumerate(METRICS), key=lambda item: item[1].unit_of_analysis != "clinician")
    for index, metric in ordered:
        if metric.scoring != "proportion" or metric.improvement_notation != "increase":
            continue
        reporting = set(lines[first_month.entity[first_month.metric == index]].tolist())
        for line in sorted(reporting):
            if (metric.metric_id, layout.line_names[line]) not in addressed:
                return Deterioration(index, line, cal.months - DETERIORATION_MONTHS, lines)
    return None
