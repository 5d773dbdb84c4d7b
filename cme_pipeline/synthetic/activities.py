"""The CME activities: those that answer a need, and the grand rounds that run in the background.

An activity is scheduled sessions (courses, regularly scheduled series) or a completion window
(enduring materials, internet searching and learning); its attendance rows are drawn in attendance.py,
except grand rounds', which follow each clinician's standing habit and are drawn here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cme_pipeline.contract import DESIGNED_TO_CHANGE
from cme_pipeline.synthetic.core import Calendar, Scale, year_of
from cme_pipeline.synthetic.names import FORMAT_LABELS, GAP_ONLY_NEEDS, JOINT_PROVIDERS
from cme_pipeline.synthetic.needs import Need
from cme_pipeline.synthetic.roster import Layout, Roster

NEED_ACTIVITY_TYPES: tuple[str, ...] = (
    "course",
    "rss",
    "enduring_material",
    "internet_enduring_material",
    "internet_searching_learning",
)
NEED_ACTIVITY_WEIGHTS = np.array([0.30, 0.30, 0.10, 0.15, 0.15])


@dataclass
class Activity:
    title: str
    activity_type: str
    need_ids: list[str]
    designed_to_change: str
    commercial_support: str
    joint_provider: str | None
    topic: int
    qi_project: str | None = None  # the QI project the activity is part of (commendation: collaboration)
    days: np.ndarray | None = None  # scheduled sessions (course, rss)
    credits: np.ndarray | None = None  # credits of each scheduled session
    span: tuple[int, int] | None = None  # completion window (enduring, searching and learning)
    credit: float = 0.0  # credits per completion
    activity_id: str = ""
    start_day: int = 0
    end_day: int = 0

    @property
    def credit_hours(self) -> float:
        """Hours of instruction as PARS counts them: the sum of sessions for courses and series."""
        if self.days is not None and self.credits is not None:
            return float(self.credits.sum())
        return self.credit


def _designed_to_change(rng: np.random.Generator, outcome: bool) -> str:
    keep = [True, rng.random() < 0.7, rng.random() < (0.4 if outcome else 0.2)]
    return "|".join(d for d, k in zip(DESIGNED_TO_CHANGE, keep, strict=True) if k)


def plan_activities(need: Need, cal: Calendar, rng: np.random.Generator) -> list[Activity]:
    """1-3 activities, all sessions inside the need's education window."""
    assert need.window is not None
    w0, w1 = int(cal.start(need.window[0])), int(cal.end(need.window[1]))
    metric = need.metric
    topic_name = metric.topic if metric else GAP_ONLY_NEEDS[need.plan.gap].topic
    outcome = bool(metric and metric.measure_type == "outcome")
    n_act = int(rng.choice([1, 2, 3], p=[0.35, 0.45, 0.20]))
    acts: list[Activity] = []
    for kind in rng.choice(NEED_ACTIVITY_TYPES, size=n_act, p=NEED_ACTIVITY_WEIGHTS):
        kind = str(kind)
        act = Activity(
            title=f"{topic_name} - {need.plan.line} {FORMAT_LABELS[kind]}",
            activity_type=kind,
            need_ids=[need.need_id],
            designed_to_change=_designed_to_change(rng, outcome),
            commercial_support="Y" if kind != "internet_searching_learning" and rng.random() < 0.08 else "N",
            joint_provider=str(rng.choice(JOINT_PROVIDERS)) if rng.random() < 0.10 else None,
            topic=need.topic,
            # Education a committee asked for is part of its QI project; a service line's own is not.
            qi_project=f"{need.source_name}: {topic_name}" if need.source_type == "committee" else None,
        )
        if kind == "course":  # 1-3 sessions within one week
            k = int(rng.integers(1, 4))
            first = int(rng.integers(w0, w1 - 6 + 1))
            offsets = np.sort(np.concatenate([[0], rng.choice(np.arange(1, 7), k - 1, replace=False)]))
            act.days = first + offsets
            act.credits = rng.choice([1.5, 2.0, 2.5, 3.0, 3.5, 4.0], size=k)
        elif kind == "rss":  # weekly or biweekly for ~3 months (or what the window allows)
            step = int(rng.choice([7, 14]))
            span = min(int(rng.integers(75, 100)), w1 - w0)
            first = int(rng.integers(w0, w1 - span + 1))
            act.days = np.arange(first, first + span + 1, step)
            act.credits = np.full(len(act.days), 1.0)
        elif kind in ("enduring_material", "internet_enduring_material"):  # completions over 2-4 months
            first = w0 + int(rng.integers(0, 15))
            act.span = (first, min(w1, first + int(rng.integers(60, 121))))
            act.credit = float(rng.choice([1.0, 1.5, 2.0]))
        else:  # internet searching and learning: sporadic single searches, 0.5 credit each
            act.span = (w0, w1)
            act.credit = 0.5
        acts.append(act)
    return acts


def _grand_round_days(year: int, per_month: int, lo: int, hi: int) -> np.ndarray:
    """Wednesdays of a year inside [lo, hi]: weekly, every other week, or the first of each month."""
    start = int(np.datetime64(f"{year}-01-01", "D").astype(np.int64))
    days = np.arange(max(start, lo), min(start + 366, hi + 1))
    days = days[(year_of(days) == year) & ((days + 3) % 7 == 2)]  # 1970-01-01 was a Thursday
    if per_month == 2:
        days = days[::2]
    elif per_month == 1:
        months = days.astype("datetime64[D]").astype("datetime64[M]")
        days = days[np.unique(months, return_index=True)[1]]
    return days


def grand_rounds(
    scale: Scale, layout: Layout, roster: Roster, cal: Calendar, first_index: int, rng: np.random.Generator
) -> tuple[list[Activity], list[tuple[np.ndarray, ...]]]:
    """Background RSS (one PARS activity per hospital, service line and year), not linked to a need.

    Each clinician has a standing habit: about 45% come now and then, the rest never.
    These carry most of the attendance volume at the large scale.
    """
    habit = np.where(rng.random(roster.n) < 0.45, rng.beta(2.0, 6.0, size=roster.n), 0.0)
    habit = np.minimum(habit * scale.grand_rounds_reach, 1.0)
    years = range(int(year_of(np.array([cal.first_day]))[0]), int(year_of(np.array([cal.last_day]))[0]) + 1)
    acts: list[Activity] = []
    rows: list[tuple[np.ndarray, ...]] = []
    multi = len(layout.hospitals) > 1
    for h, hospital in enumerate(layout.hospitals):
        for s, sl in enumerate(layout.service_lines):
            members = np.flatnonzero((roster.hospital == h) & (roster.line == s))
            for year in years:
                days = _grand_round_days(year, scale.grand_rounds_per_month, cal.first_day, cal.last_day)
                if len(days) == 0 or len(members) == 0:
                    continue
                title = (
                    f"{hospital.short} {sl.name} Grand Rounds {year}"
                    if multi
                    else f"{sl.name} Grand Rounds {year}"
                )
                index = first_index + len(acts)
                acts.append(
                    Activity(
                        title,
                        "rss",
                        [],
                        "competence",
                        "N",
                        None,
                        topic=0,
                        days=days,
                        credits=np.full(len(days), 1.0),
                    )
                )
                went = (rng.random((len(members), len(days))) < habit[members, None]) & roster.active_on(
                    days, members
                )
                who, which = np.nonzero(went)
                rows.append((np.full(len(who), index), days[which], members[who], np.full(len(who), 1.0)))
    return acts, rows
