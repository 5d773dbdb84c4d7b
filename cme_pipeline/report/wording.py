"""The report's words: rates in their units, effects as a strategist reads them, suppressed cells as "<N".

A Quality Council reads "attendees improved 10.2 points more than non-attendees (95% CI 7.5 to 12.9)",
not "effect 0.102". Effects are turned to the metric's better direction before they are worded, so a
fall in a decrease-is-better metric (infections, readmissions) reads as an improvement, and its interval
is turned with it. Effects on proportions are percentage points.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

GROUPS = {
    "clinician_did": ("attendees", "non-attendees"),
    "unit_did": ("exposed units", "comparison units"),
}
# qi_impact's second exposure: clinicians who applied a point-of-care look-up on the need's topic.
POINT_OF_CARE_GROUPS = ("clinicians who applied a point-of-care look-up",
                        "colleagues who neither attended nor applied one")
CHECK_WORDS = {
    "parallel_trends": {
        "passed": "before the education, the two groups' trends ran parallel",
        "failed": "before the education, the two groups' trends were not parallel, so the difference cannot be "
        "credited to the education",
    },
    "trend_adjusted": {
        "passed": "allowing for each group's own trend gives the same answer",
        "failed": "allowing for each group's own trend changes the answer",
    },
    "baseline_adjusted": {
        "passed": "adjusting for where each clinician started gives the same answer",
        "failed": "adjusting for where each clinician started changes the answer (regression to the mean)",
    },
    "placebo": {
        "passed": "a pretend education earlier in the series finds no change, as it should",
        "failed": "a pretend education earlier in the series also finds a change, so the series moves on its own",
    },
    "pre_exposure_dip": {
        "passed": "no run of difficult cases before the look-ups explains the change",
        "failed": "the clinicians were having a bad stretch just before their look-ups, and the recovery "
        "explains the change",
    },
}


# Claims under which the published effect is not read out: too little data, or no education yet.
NO_ESTIMATE = ("insufficient data", "not yet addressed")


def missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT


def suppressed_cell(threshold: int) -> str:
    return f"<{threshold}"


def is_proportion(rate_unit: str | None) -> bool:
    return bool(rate_unit) and rate_unit.startswith("proportion")


def rate_text(value: Any, rate_unit: str | None) -> str:
    """A rate in its unit: 83.9% for a proportion, 1.96 per 1,000 catheter days, 0.91 (O/E) for a ratio."""
    if missing(value):
        return "-"
    if is_proportion(rate_unit):
        return f"{100 * value:.1f}%"
    if rate_unit and rate_unit.startswith("per 1,000"):
        return f"{value:.2f} {rate_unit}"
    return f"{value:.2f}"


def count_text(value: Any, threshold: int, suppressed: bool = False) -> str:
    if suppressed:
        return suppressed_cell(threshold)
    return "-" if missing(value) else f"{int(value):,}"


def difference_text(value: float, rate_unit: str | None) -> str:
    """A difference of rates: percentage points for proportions."""
    if is_proportion(rate_unit):
        return f"{100 * value:.1f}"
    return f"{value:.2f}"


def difference_unit(rate_unit: str | None) -> str:
    if is_proportion(rate_unit):
        return "points"
    return rate_unit or ""


def oriented(impact: pd.Series) -> tuple[float, float, float]:
    """Effect and interval turned so that positive is better."""
    sign = 1 if impact["improvement_notation"] == "increase" else -1
    low, high = sorted((sign * impact["effect_ci_low"], sign * impact["effect_ci_high"]))
    return sign * impact["effect"], low, high


def groups_of(impact: pd.Series) -> tuple[str, str] | None:
    """Who an estimate compares, in words (None: a series against its own past)."""
    if impact.get("exposure") == "point_of_care":
        return POINT_OF_CARE_GROUPS
    return GROUPS.get(impact["method"])


def effect_sentence(impact: pd.Series, threshold: int) -> str:
    """The effect, its interval and its design, in one sentence a strategist can read aloud."""
    if impact["suppressed"]:
        return (f"Suppressed: a group or a denominator is smaller than {threshold}, so no effect is shown "
                f"(cells read {suppressed_cell(threshold)}).")
    if missing(impact["effect"]) or missing(impact["effect_ci_low"]) or impact["claim"] in NO_ESTIMATE:
        return f"No effect is reported: {impact['claim_reason'] or impact['claim']}."
    better, low, high = oriented(impact)
    unit = impact["rate_unit"]
    size = difference_text(abs(better), unit)
    interval = f"(95% CI {difference_text(low, unit)} to {difference_text(high, unit)} {difference_unit(unit)})"
    if groups_of(impact) is not None:
        exposed, comparison = groups_of(impact)
        relation = "more" if better >= 0 else "less"
        interim = "So far (follow-up not complete), " if impact["claim"] == "measuring" else ""
        subject = exposed if interim else exposed.capitalize()
        return (f"{interim}{subject} improved {size} {difference_unit(unit)} {relation} than {comparison} "
                f"{interval}.")
    direction = "improved" if better >= 0 else "worsened"
    return (f"After the education, {impact['target_service_line']} {direction} by {size} {difference_unit(unit)} "
            f"against its own pre-education trend {interval}.")


def method_text(impact: pd.Series) -> str:
    if impact.get("exposure") == "point_of_care":
        return ("stacked difference-in-differences: each clinician from their first applied look-up, against "
                "colleagues of the target audience over the same months")
    return {
        "clinician_did": "difference-in-differences, attending against non-attending clinicians of the service line",
        "unit_did": "difference-in-differences, exposed units against the service line's other units",
        "interrupted_time_series": "interrupted time series (segmented regression on the monthly series)",
    }.get(impact["method"], impact["method"])


def check_sentences(impact: pd.Series) -> list[str]:
    sentences = [
        CHECK_WORDS[check][impact[check]]
        for check in CHECK_WORDS
        if not missing(impact.get(check)) and impact[check] in CHECK_WORDS[check]
    ]
    if impact.get("exposure") == "point_of_care":
        sentences = [sentence.replace("the education", "their look-ups") for sentence in sentences]
    if not missing(impact.get("design_warning")):
        sentences.append(str(impact["design_warning"]))
    return sentences


def q_value_text(impact: pd.Series) -> str:
    if missing(impact.get("q_value")):
        return "no q-value (outside the program's family of estimates)"
    q = "< 0.001" if impact["q_value"] < 0.001 else f"= {impact['q_value']:.3f}"
    return (f"q {q} (Benjamini-Hochberg false discovery rate over every estimate of the "
            f"program)")


def reach_text(need: pd.Series) -> str:
    if missing(need["target_audience_size"]) or not need["target_audience_size"]:
        return "No target audience on the roster."
    reached = int(need["target_audience_reached"] or 0)
    return (f"{reached:,} of {int(need['target_audience_size']):,} clinicians in the target audience attended "
            f"({100 * reached / need['target_audience_size']:.0f}%); {int(need['learners_reached'] or 0):,} learners "
            f"in all.")
