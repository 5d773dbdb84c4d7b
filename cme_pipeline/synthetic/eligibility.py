"""Which service lines report which metric: the eligibility rules behind every metric series.

Kept apart from the catalog (catalog.py, a data table) because both the need planner (plans.py) and
the series builder (series.py) must agree on it: a need is only ever planned on a (metric, service
line) pair that has series to measure it on.
"""

from __future__ import annotations

# Where each clinician-level metric makes clinical sense (prescribing professions only).
CLINICIAN_METRIC_LINES: dict[str, tuple[str, ...]] = {
    "VTE_PROPH": ("Hospital Medicine", "Surgery", "Critical Care", "Oncology", "Cardiology"),
    "OPIOID_BENZO": ("Emergency Medicine", "Hospital Medicine", "Surgery", "Oncology", "Primary Care"),
    "NALOXONE": ("Emergency Medicine", "Surgery", "Oncology", "Hospital Medicine", "Primary Care"),
    "HBA1C_POOR": ("Primary Care", "Cardiology", "Women's Health"),
    "RESTRICT_TX": ("Critical Care", "Surgery", "Oncology", "Hospital Medicine", "Cardiology"),
    "NTSV_CS": ("Women's Health",),
}
# Extra service lines (added on demand) carry the inpatient prescribing metrics.
EXTRA_LINE_METRICS: tuple[str, ...] = ("VTE_PROPH", "OPIOID_BENZO", "NALOXONE", "RESTRICT_TX")
# Metrics that the "broad" eligibility (large scale, a load test) extends to every service line.
BROAD_METRICS: tuple[str, ...] = ("VTE_PROPH", "OPIOID_BENZO", "NALOXONE", "HBA1C_POOR", "RESTRICT_TX")

# Unit-level metrics: the service lines whose units report them.
UNIT_METRIC_LINES: dict[str, tuple[str, ...] | None] = {  # None: every service line
    "SEP1": ("Emergency Medicine", "Critical Care", "Hospital Medicine"),
    "CLABSI": ("Critical Care", "Oncology", "Hospital Medicine", "Surgery", "Cardiology"),
    "CAUTI": ("Critical Care", "Hospital Medicine", "Surgery", "Oncology", "Cardiology", "Women's Health"),
    "HAND_HYGIENE": None,
}
# Service lines with no READMIT_30 series (no inpatient index discharges).
READMIT_EXCLUDED_LINES: tuple[str, ...] = ("Emergency Medicine", "Primary Care")


def clinician_metric_lines(
    metric_id: str, core_lines: tuple[str, ...], extra_lines: tuple[str, ...], broad: bool
) -> tuple[str, ...]:
    """The service lines whose prescribers report a clinician-level metric, in a stable order."""
    if broad and metric_id in BROAD_METRICS:
        return core_lines + extra_lines
    lines = CLINICIAN_METRIC_LINES[metric_id]
    if metric_id in EXTRA_LINE_METRICS:
        lines = lines + extra_lines
    return lines


def unit_metric_lines(metric_id: str, lines: tuple[str, ...]) -> tuple[str, ...]:
    """The service lines whose units report a unit-level metric."""
    allowed = UNIT_METRIC_LINES[metric_id]
    return lines if allowed is None else tuple(sl for sl in lines if sl in allowed)
