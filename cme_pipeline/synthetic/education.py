"""The education side of the world: activities answering each need, and who attended them.

The pieces live in their own modules (plans.py and needs.py: what needs there are; activities.py: the
activities and grand rounds; attendance.py: who came, their evaluations, who counts as exposed). This
module puts them together. The design choices that make the world a fair test of an outcomes
pipeline:

* every metric-linked need owns one (metric, service line) pair, so planted effects never
  overlap and each need has a well-defined exposed group (its target group members who
  attended any of its activities) and a comparison group (those who did not);
* who attends is drawn independently of clinicians' baselines, so a difference-in-
  differences is unbiased while a naive pre/post still picks up the secular trend -
  except in the trap needs (traps.py), built to fool exactly that;
* each need's education sits inside a 2-5 month window with >= 6 full months of metric
  data before and after it (12 where the world is long enough);
* unit-level needs engage about half the target line's units heavily (80% of staff) and
  barely touch the rest (10-15%), so "exposed if >= 50% attended" recovers them exactly.

Row-level work is vectorised per activity (learner x session matrices); Python only loops
over needs, activities and grand-rounds series.
"""

from __future__ import annotations

import numpy as np

from cme_pipeline.synthetic.activities import Activity, grand_rounds, plan_activities
from cme_pipeline.synthetic.attendance import Attendance, need_attendees, need_rows
from cme_pipeline.synthetic.core import Calendar, Scale, stream
from cme_pipeline.synthetic.needs import Need
from cme_pipeline.synthetic.roster import Layout, Roster


def build_education(
    scale: Scale,
    layout: Layout,
    roster: Roster,
    cal: Calendar,
    needs: list[Need],
    seed: int,
    scores: dict[str, np.ndarray],
) -> tuple[list[Activity], list[tuple[np.ndarray, ...]]]:
    """Activities for each addressed need and their attendance rows, then grand rounds."""
    rng = stream(seed, "education")
    by_id = {n.need_id: n for n in needs}
    partners: dict[str, str] = {}
    for need in needs:  # a gap-only need shares one activity (and its window) with a metric need
        if need.plan.kind == "gap":
            partner = next(n for n in needs if n.plan.kind == "clinician" and n.plan.line == need.plan.line)
            need.window = partner.window
            partners[need.need_id] = partner.need_id
    activities: list[Activity] = []
    rows: list[tuple[np.ndarray, ...]] = []
    for need in needs:
        if need.window is None:
            continue
        acts = plan_activities(need, cal, rng)
        need.activities = list(range(len(activities), len(activities) + len(acts)))
        activities += acts
        need.target_group, learners = need_attendees(need, layout, roster, cal, rng, scores.get(need.need_id))
        rows += need_rows(need.activities, activities, learners, rng)
    for gap_id, partner_id in partners.items():
        shared = by_id[partner_id].activities[0]
        activities[shared].need_ids.append(gap_id)
        by_id[gap_id].activities.append(shared)
    background, background_rows = grand_rounds(
        scale, layout, roster, cal, len(activities), stream(seed, "grand-rounds")
    )
    return activities + background, rows + background_rows


def date_and_number(activities: list[Activity], rows: Attendance) -> None:
    """Activity dates from their sessions, then ids A0001... in order of start date."""
    lo = np.full(len(activities), np.iinfo(np.int64).max)
    hi = np.full(len(activities), np.iinfo(np.int64).min)
    np.minimum.at(lo, rows.activity, rows.day)
    np.maximum.at(hi, rows.activity, rows.day)
    for i, act in enumerate(activities):
        if act.days is not None:
            act.start_day, act.end_day = int(act.days.min()), int(act.days.max())
        elif hi[i] >= lo[i]:
            act.start_day, act.end_day = int(lo[i]), int(hi[i])
        else:
            assert act.span is not None
            act.start_day, act.end_day = act.span
    order = sorted(range(len(activities)), key=lambda i: (activities[i].start_day, activities[i].title, i))
    width = max(4, len(str(len(activities))))
    for rank, i in enumerate(order):
        activities[i].activity_id = f"A{rank + 1:0{width}d}"
