"""Who attended which session: attendance rows, their evaluations, and each need's exposed clinicians.

Exposure is computed from the rows actually written, so the planted truth is what a pipeline can see.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from cme_pipeline.synthetic.activities import Activity
from cme_pipeline.synthetic.core import Calendar
from cme_pipeline.synthetic.needs import Need, profession_codes
from cme_pipeline.synthetic.roster import Layout, Roster

SCORED_TYPES: tuple[str, ...] = ("course", "enduring_material", "internet_enduring_material")
MIN_GROUP = 11  # smallest exposed or comparison group worth a comparison (publishable: > 10)
OUTSIDER_SHARE = 0.10  # of a need's attendees who come from outside its target group
EXTERNAL_ROW_SHARE = 0.03  # of attendance rows whose learner is on no roster
EXTERNAL_LEARNER_SHARE = 0.06  # outside learners per roster learner


@dataclass
class Attendance:
    """Attendance rows as parallel arrays; `learner` indexes the learner records."""

    activity: np.ndarray
    day: np.ndarray
    learner: np.ndarray
    credits: np.ndarray
    pre: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))  # -1 = blank
    post: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    satisfaction: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    commitment: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=np.int64))  # template, -1

    @property
    def n(self) -> int:
        return len(self.activity)


def _session_rows(
    act: Activity, index: int, learners: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(activity, day, learner, credits) rows of some learners in one activity; each attends >= 1 session."""
    n = len(learners)
    if act.days is not None and act.credits is not None:
        sessions = len(act.days)
        # Courses: most attend every session. Series: each learner has a habit of attending.
        prob = np.full(n, 0.85) if act.activity_type == "course" else rng.uniform(0.3, 0.9, size=n)
        went = rng.random((n, sessions)) < prob[:, None]
        none = np.flatnonzero(~went.any(axis=1))
        went[none, rng.integers(sessions, size=len(none))] = True
        who, which = np.nonzero(went)
        return np.full(len(who), index), act.days[which], learners[who], act.credits[which]
    assert act.span is not None
    lo, hi = act.span
    if act.activity_type == "internet_searching_learning":
        learners = np.repeat(learners, 1 + rng.binomial(2, 0.3, size=n))
    days = rng.integers(lo, hi + 1, size=len(learners))
    _, keep = np.unique(learners * 100_000 + (days - lo), return_index=True)
    keep = np.sort(keep)
    return np.full(len(keep), index), days[keep], learners[keep], np.full(len(keep), act.credit)


def _choose(pool: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    return np.sort(rng.choice(pool, size=min(k, len(pool)), replace=False)) if k > 0 else pool[:0]


def need_attendees(
    need: Need,
    layout: Layout,
    roster: Roster,
    cal: Calendar,
    rng: np.random.Generator,
    score: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Target group of a need, and the learners (roster indexes) who will attend its activities.

    The attendee set mixes target-group members (chosen at random, or, given each clinician's `score`
    on the months before the education, the worst performers: see traps.py) with ~10% outsiders from
    other service lines.
    """
    assert need.window is not None
    w0, w1 = int(cal.start(need.window[0])), int(cal.end(need.window[1]))
    line = layout.line_index(need.plan.line)
    codes = profession_codes(need.professions)
    active = roster.active_through(w0, w1)
    in_group = active & (roster.line == line) & np.isin(roster.profession, codes)
    group = np.flatnonzero(in_group)
    if need.unit_of_analysis == "unit":
        units = np.flatnonzero(layout.unit_line == line)
        n_engaged = min(max(1, -(-len(units) // 2)), len(units) - 1)  # half, rounded up
        if need.plan.engage_all_units:
            n_engaged = len(units)
        need.engaged_units = np.sort(rng.choice(units, n_engaged, replace=False))
        chosen = []
        for u in units:
            members = group[roster.unit[group] == u]
            share = 0.8 if u in need.engaged_units else float(rng.uniform(0.10, 0.15))
            chosen.append(_choose(members, round(share * len(members)), rng))
        attendees = np.sort(np.concatenate(chosen))
    else:
        k = round(float(rng.uniform(0.40, 0.50)) * len(group))
        if len(group) >= 2 * MIN_GROUP:
            k = min(max(k, MIN_GROUP), len(group) - MIN_GROUP)
        attendees = _choose(group, k, rng) if score is None else worst_performers(group, score, k)
    outside = np.flatnonzero(active & (roster.line != line) & np.isin(roster.profession, codes))
    n_out = round(len(attendees) * OUTSIDER_SHARE / (1 - OUTSIDER_SHARE))
    return group, np.concatenate([attendees, _choose(outside, n_out, rng)])


def worst_performers(group: np.ndarray, score: np.ndarray, k: int) -> np.ndarray:
    """The k members of a target group with the lowest scores (lower is worse; no data: never chosen)."""
    values = np.where(np.isnan(score[group]), np.inf, score[group])
    return np.sort(group[np.argsort(values, kind="stable")[:k]])


def need_rows(
    acts: list[int], activities: list[Activity], learners: np.ndarray, rng: np.random.Generator
) -> list[tuple[np.ndarray, ...]]:
    """Spread learners over a need's activities: one each, a quarter also take a second."""
    n_act = len(acts)
    primary = rng.integers(n_act, size=len(learners))
    second = (rng.random(len(learners)) < 0.25) & (n_act > 1)
    other = (primary + 1 + rng.integers(max(n_act - 1, 1), size=len(learners))) % n_act
    rows = []
    for j, a in enumerate(acts):
        mine = learners[(primary == j) | (second & (other == j))]
        if len(mine):
            rows.append(_session_rows(activities[a], a, mine, rng))
    return rows


def add_externals(rows: Attendance, first_external: int, rng: np.random.Generator) -> tuple[Attendance, int]:
    """~3% of rows by learners on no roster, at sessions that happened; returns rows and pool size.

    The outsiders number about 6% of the roster learners (community physicians, travellers),
    so each attends a handful of sessions, like everyone else.
    """
    n_rows = round(rows.n * EXTERNAL_ROW_SHARE / (1 - EXTERNAL_ROW_SHARE))
    pool = max(5, round(EXTERNAL_LEARNER_SHARE * len(np.unique(rows.learner))))
    pick = rng.integers(rows.n, size=n_rows)
    ext = Attendance(
        activity=np.concatenate([rows.activity, rows.activity[pick]]),
        day=np.concatenate([rows.day, rows.day[pick]]),
        learner=np.concatenate([rows.learner, first_external + rng.integers(pool, size=n_rows)]),
        credits=np.concatenate([rows.credits, rows.credits[pick]]),
    )
    return dedupe(ext), pool


def dedupe(rows: Attendance) -> Attendance:
    """One row per (activity, session day, learner): the feed's key."""
    key = (rows.activity.astype(np.int64) << 40) | (rows.day.astype(np.int64) << 20) | rows.learner
    _, keep = np.unique(key, return_index=True)
    return Attendance(rows.activity[keep], rows.day[keep], rows.learner[keep], rows.credits[keep])


def evaluations(rows: Attendance, activities: list[Activity], rng: np.random.Generator) -> None:
    """Pre/post tests, satisfaction and commitment-to-change, drawn for all rows at once."""
    n = rows.n
    kinds = np.array([a.activity_type for a in activities], dtype=object)[rows.activity]
    topic = np.array([a.topic for a in activities])[rows.activity]
    scored = np.isin(kinds, SCORED_TYPES) & (rng.random(n) < 0.70)
    pre = np.clip(np.rint(rng.normal(60, 14, size=n)), 0, 100).astype(np.int64)
    post = np.clip(pre + np.rint(rng.normal(12, 10, size=n)).astype(np.int64), 0, 100)
    rows.pre = np.where(scored, pre, -1)
    rows.post = np.where(scored, post, -1)
    answered = rng.random(n) < 0.80
    rows.satisfaction = np.where(
        answered, rng.choice(np.arange(1, 6), size=n, p=[0.03, 0.05, 0.15, 0.37, 0.40]), -1
    )
    committed = rng.random(n) < 0.35
    rows.commitment = np.where(committed, topic * 3 + rng.integers(3, size=n), -1)


def exposure(
    needs: list[Need], rows: Attendance, activities: list[Activity], roster: Roster, cal: Calendar
) -> None:
    """Each need's exposed clinicians (target group members at any of its activities) and first month.

    Computed from the rows actually written, so the planted truth is what a pipeline can see.
    """
    for need in needs:
        if not need.activities:
            continue
        mine = np.isin(rows.activity, need.activities) & (rows.learner < roster.n)
        first = np.full(roster.n, np.iinfo(np.int64).max)
        np.minimum.at(first, rows.learner[mine], rows.day[mine])
        exposed = need.target_group[first[need.target_group] < np.iinfo(np.int64).max]
        need.exposed = exposed
        need.first_month = cal.month_of(first[exposed])
        days = np.concatenate(
            [np.array([activities[a].start_day, activities[a].end_day]) for a in need.activities]
        )
        need.education = (int(days.min()), int(days.max()))
