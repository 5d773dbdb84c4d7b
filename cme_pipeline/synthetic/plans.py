"""What each need is about - metric, service line, planted effect - decided before the roster exists.

The plans come first because they decide the world's service lines: trap and extra null needs each want a
(metric, service line) pair of their own, and service lines are added until there are enough.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from cme_pipeline.synthetic.catalog import METRICS_BY_ID
from cme_pipeline.synthetic.core import Scale
from cme_pipeline.synthetic.eligibility import CLINICIAN_METRIC_LINES, clinician_metric_lines
from cme_pipeline.synthetic.names import EXTRA_SERVICE_LINES, GAP_ONLY_NEEDS, SERVICE_LINES, ServiceLine

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
