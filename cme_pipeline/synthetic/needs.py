"""Needs as the needs-assessment feed records them: source, target professions, timing, gap text and goal.

Split from the plans (plans.py) because a need's target professions depend on the roster.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cme_pipeline.contract import PRIORITIES, PROFESSIONS
from cme_pipeline.synthetic.catalog import METRICS_BY_ID, MetricSpec
from cme_pipeline.synthetic.core import Calendar
from cme_pipeline.synthetic.names import GAP_ONLY_NEEDS, GENERAL_COMMITMENTS
from cme_pipeline.synthetic.plans import NeedPlan
from cme_pipeline.synthetic.roster import Layout, Roster


@dataclass
class Need:
    need_id: str
    plan: NeedPlan
    source_type: str
    source_name: str
    professions: tuple[str, ...]  # () = every profession
    priority: str
    practice_gap: str
    target_value: float | None
    topic: int  # index into the commitment-topic table
    identified_on: int
    window: tuple[int, int] | None  # first and last month index of the education (None: unaddressed)
    activities: list[int] = field(default_factory=list)
    target_group: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    exposed: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    first_month: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    engaged_units: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    education: tuple[int, int] | None = None  # first and last session day

    @property
    def metric(self) -> MetricSpec | None:
        return METRICS_BY_ID.get(self.plan.metric_id) if self.plan.metric_id else None

    @property
    def unit_of_analysis(self) -> str | None:
        return self.metric.unit_of_analysis if self.metric else None


class Topics:
    """Commitment-to-change templates: three per topic; topic 0 is general (grand rounds)."""

    def __init__(self) -> None:
        self.texts: list[str] = list(GENERAL_COMMITMENTS)

    def add(self, statements: tuple[str, str, str]) -> int:
        self.texts.extend(statements)
        return len(self.texts) // 3 - 1


def profession_codes(professions: tuple[str, ...]) -> np.ndarray:
    return np.array([PROFESSIONS.index(p) for p in (professions or PROFESSIONS)])


def build_needs(
    plans: list[NeedPlan],
    layout: Layout,
    roster: Roster,
    cal: Calendar,
    trend: dict[str, float],
    topics: Topics,
    rng: np.random.Generator,
) -> list[Need]:
    """Turn plans into needs: source, target professions, timing, practice-gap text, target value."""
    needs: list[Need] = []
    md_do = profession_codes(("MD", "DO"))
    for i, plan in enumerate(plans):
        metric = METRICS_BY_ID.get(plan.metric_id) if plan.metric_id else None
        window = None
        if plan.kind != "unaddressed":
            length = int(rng.integers(2, 6))
            # A year of history before the education and after it where the window allows: what an
            # interrupted time series needs, and what a parallel-trends check needs to have any power.
            whole_population = plan.kind == "service_line" or plan.engage_all_units
            roomy = cal.months >= (24 if whole_population else 36) + length
            margin = 12 if roomy else 6
            start = int(rng.integers(margin, cal.months - margin - length + 1))
            window = (start, start + length - 1)
        if window is None:  # identified in the last quarter, nothing scheduled yet
            identified = int(rng.integers(int(cal.start(cal.months - 3)), cal.last_day + 1))
            at_month = cal.months - 2
        else:
            identified = int(cal.start(window[0])) - int(rng.integers(30, 200))
            at_month = window[0]
        priority = str(rng.choice(PRIORITIES, p=[0.4, 0.4, 0.2]))

        if plan.kind == "gap":
            gap = GAP_ONLY_NEEDS[plan.gap]
            needs.append(
                Need(
                    f"N{i + 1:03d}",
                    plan,
                    gap.source_type,
                    gap.source_name,
                    gap.professions,
                    priority,
                    gap.practice_gap,
                    None,
                    topics.add(gap.commitments),
                    identified,
                    window,
                )
            )
            continue
        assert metric is not None
        use_committee = metric.committee is not None and (
            metric.unit_of_analysis != "clinician" or rng.random() < 0.6
        )
        source_type, source_name = (
            ("committee", metric.committee) if use_committee else ("service_line", plan.line)
        )
        if metric.unit_of_analysis != "clinician":
            professions: tuple[str, ...] = ()
        else:
            professions = ("MD", "DO", "NP", "PA")
            in_line = roster.line == layout.line_index(plan.line)
            if rng.random() < 0.3 and np.isin(roster.profession[in_line], md_do).sum() >= 45:
                professions = ("MD", "DO")
        baseline = metric.mean + trend[metric.metric_id] * at_month
        if metric.scoring == "proportion":
            goal = min(0.95, baseline + 0.15) if metric.sign > 0 else max(0.02, baseline - 0.10)
        else:
            goal = baseline * 0.6
        goal = round(goal, 2)
        text = metric.gap.format(sl=plan.line, baseline=metric.fmt(baseline), goal=metric.fmt(goal))
        needs.append(
            Need(
                f"N{i + 1:03d}",
                plan,
                source_type,
                str(source_name),
                professions,
                priority,
                text,
                goal,
                topics.add(metric.commitments),
                identified,
                window,
            )
        )
    return needs
