"""Needs, the activities that answer them, and who attended which session.

The design choices here are what make the world a fair test of an outcomes pipeline:

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

import dataclasses
from dataclasses import dataclass, field

import numpy as np

from cme_pipeline.contract import DESIGNED_TO_CHANGE, PRIORITIES, PROFESSIONS
from cme_pipeline.synthetic.catalog import (
    CLINICIAN_METRIC_LINES,
    METRICS_BY_ID,
    MetricSpec,
    clinician_metric_lines,
)
from cme_pipeline.synthetic.core import Calendar, Scale, year_of
from cme_pipeline.synthetic.names import (
    EXTRA_SERVICE_LINES,
    FORMAT_LABELS,
    GAP_ONLY_NEEDS,
    GENERAL_COMMITMENTS,
    JOINT_PROVIDERS,
    SERVICE_LINES,
    ServiceLine,
)
from cme_pipeline.synthetic.roster import Layout, Roster

# (metric, target service line, planted effect) of the unit- and service-line-level needs.
SYSTEM_NEEDS: tuple[tuple[str, str, float], ...] = (
    ("SEP1", "Emergency Medicine", 0.10),
    ("CLABSI", "Critical Care", 0.0),
    ("CAUTI", "Surgery", 0.0),
    ("HAND_HYGIENE", "Hospital Medicine", 0.0),
    ("READMIT_30", "Hospital Medicine", 0.0),
)
# The clinician-level needs of the small world (medium/large use every eligible pair).
CORE_CLINICIAN_PAIRS: tuple[tuple[str, str], ...] = (
    ("VTE_PROPH", "Hospital Medicine"),
    ("OPIOID_BENZO", "Emergency Medicine"),
    ("NALOXONE", "Surgery"),
    ("HBA1C_POOR", "Primary Care"),
    ("RESTRICT_TX", "Critical Care"),
    ("NTSV_CS", "Women's Health"),
    ("VTE_PROPH", "Surgery"),
    ("OPIOID_BENZO", "Oncology"),
)
UNADDRESSED_PAIR: tuple[str, str] = ("NALOXONE", "Emergency Medicine")  # identified, not yet educated on
# Further service-line (READMIT_30) needs, in order, when a scale asks for more than the system one.
MORE_SERVICE_LINES: tuple[str, ...] = ("Cardiology", "Surgery", "Oncology", "Critical Care", "Women's Health")
LINE_TRAP_SLOPE = 0.0015  # per month: a null service-line need's line improving faster anyway
PRETREND_TRAP_SLOPE = 0.006  # per month: attendees' extra improvement, before and after the education
NEED_ACTIVITY_TYPES: tuple[str, ...] = (
    "course",
    "rss",
    "enduring_material",
    "internet_enduring_material",
    "internet_searching_learning",
)
NEED_ACTIVITY_WEIGHTS = np.array([0.30, 0.30, 0.10, 0.15, 0.15])
SCORED_TYPES: tuple[str, ...] = ("course", "enduring_material", "internet_enduring_material")
MIN_GROUP = 11  # smallest exposed or comparison group worth a comparison (publishable: > 10)
OUTSIDER_SHARE = 0.10  # of a need's attendees who come from outside its target group
EXTERNAL_ROW_SHARE = 0.03  # of attendance rows whose learner is on no roster
EXTERNAL_LEARNER_SHARE = 0.06  # outside learners per roster learner


@dataclass(frozen=True)
class NeedPlan:
    """What a need is about, decided before the roster exists (it decides the service lines)."""

    # unit | service_line | clinician | extra_null | pretrend_trap | worst_performers_trap | gap | unaddressed
    kind: str
    metric_id: str | None
    line: str
    effect: float = 0.0  # signed, in the metric's units
    gap: int = -1  # index into names.GAP_ONLY_NEEDS for kind == "gap"
    extra_slope: float = 0.0  # per month, signed: attendees' (or the line's) extra trend (traps.py)
    engage_all_units: bool = False  # unit needs: every unit of the line engaged (no comparison unit)


def plan_needs(scale: Scale, rng: np.random.Generator) -> tuple[list[NeedPlan], tuple[ServiceLine, ...]]:
    """Choose every need's (metric, service line) pair and planted effect; add service lines if short.

    About half the clinician-level needs (not counting the extra null ones) are effective,
    each with a shift drawn from the scale's clinician_effect_range (0.10-0.15) in the improving direction.
    """
    core = tuple(sl.name for sl in SERVICE_LINES)

    def eligible(extras: tuple[str, ...]) -> list[tuple[str, str]]:
        return [
            (m, sl)
            for m in CLINICIAN_METRIC_LINES
            for sl in clinician_metric_lines(m, core, extras, scale.broad_eligibility)
        ]

    if scale.all_pair_needs:
        rest = [p for p in eligible(()) if p not in CORE_CLINICIAN_PAIRS and p != UNADDRESSED_PAIR]
        clinician_pairs = list(CORE_CLINICIAN_PAIRS) + rest
    else:
        clinician_pairs = list(CORE_CLINICIAN_PAIRS)
    used = set(clinician_pairs) | {UNADDRESSED_PAIR}

    wanted = scale.extra_null_needs + scale.pretrend_traps + scale.worst_performer_traps
    n_extra_lines = 0
    while True:
        extras = EXTRA_SERVICE_LINES[:n_extra_lines]
        free = [p for p in eligible(tuple(sl.name for sl in extras)) if p not in used]
        if len(free) >= wanted:
            break
        if n_extra_lines == len(EXTRA_SERVICE_LINES):
            raise ValueError(f"cannot place {wanted} extra null and trap needs on unique pairs")
        n_extra_lines += 1
    extra_pairs = [free[i] for i in rng.permutation(len(free))[:wanted]]

    effective = set(rng.permutation(len(clinician_pairs))[: round(len(clinician_pairs) / 2)].tolist())
    plans = [NeedPlan("service_line" if m == "READMIT_30" else "unit", m, sl, e) for m, sl, e in SYSTEM_NEEDS]
    plans += _system_plans(scale)
    for i, (m, sl) in enumerate(clinician_pairs):
        size = round(float(rng.uniform(*scale.clinician_effect_range)), 3) if i in effective else 0.0
        plans.append(NeedPlan("clinician", m, sl, METRICS_BY_ID[m].sign * size if size else 0.0))
    plans += [NeedPlan("gap", None, g.service_line, gap=i) for i, g in enumerate(GAP_ONLY_NEEDS)]
    plans.append(NeedPlan("unaddressed", *UNADDRESSED_PAIR))
    n_null, n_pretrend = scale.extra_null_needs, scale.pretrend_traps
    plans += [NeedPlan("extra_null", m, sl) for m, sl in extra_pairs[:n_null]]
    plans += [
        NeedPlan("pretrend_trap", m, sl, extra_slope=METRICS_BY_ID[m].sign * PRETREND_TRAP_SLOPE)
        for m, sl in extra_pairs[n_null : n_null + n_pretrend]
    ]
    plans += [NeedPlan("worst_performers_trap", m, sl) for m, sl in extra_pairs[n_null + n_pretrend :]]
    return _with_line_trends(plans, scale.service_line_effects, scale.service_line_effect), extras


def _system_plans(scale: Scale) -> list[NeedPlan]:
    """Service-line needs beyond the system one, and unit needs that engage every unit of their line
    (half of them effective)."""
    plans = [NeedPlan("service_line", "READMIT_30", sl) for sl in MORE_SERVICE_LINES[: scale.service_line_needs - 1]]
    lines = [sl.name for sl in SERVICE_LINES if sl.name != "Hospital Medicine"][: scale.whole_line_unit_needs]
    return plans + [
        NeedPlan("unit", "HAND_HYGIENE", sl, scale.whole_line_unit_effect if i % 2 == 0 else 0.0, engage_all_units=True)
        for i, sl in enumerate(lines)
    ]


def _with_line_trends(plans: list[NeedPlan], effects: int, size: float) -> list[NeedPlan]:
    """The first `effects` service-line needs get a planted level change; the others a line that was
    improving faster anyway (the pre/post trap)."""
    sign = METRICS_BY_ID["READMIT_30"].sign
    out, seen = [], 0
    for plan in plans:
        if plan.kind == "service_line":
            if seen < effects:
                plan = dataclasses.replace(plan, effect=sign * size)
            else:
                plan = dataclasses.replace(plan, extra_slope=sign * LINE_TRAP_SLOPE)
            seen += 1
        out.append(plan)
    return out


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


class Topics:
    """Commitment-to-change templates: three per topic; topic 0 is general (grand rounds)."""

    def __init__(self) -> None:
        self.texts: list[str] = list(GENERAL_COMMITMENTS)

    def add(self, statements: tuple[str, str, str]) -> int:
        self.texts.extend(statements)
        return len(self.texts) // 3 - 1


def _profession_codes(professions: tuple[str, ...]) -> np.ndarray:
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
    md_do = _profession_codes(("MD", "DO"))
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
    codes = _profession_codes(need.professions)
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
