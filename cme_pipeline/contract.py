"""The inbox data contract: one place that says what each feed holds.

The generator writes to it, the ingest assets read by it, and the door checks
(types, codes, ranges, NPI check digits: ingest/validation.py) check against it,
so a new column or code value is added here once rather than in three modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ACTIVITY_TYPES: tuple[str, ...] = (
    "course",
    "rss",
    "internet_live_course",
    "enduring_material",
    "internet_enduring_material",
    "journal_cme",
    "manuscript_review",
    "test_item_writing",
    "committee_learning",
    "performance_improvement",
    "internet_searching_learning",
    "learning_from_teaching",
    "other",
)
DESIGNED_TO_CHANGE: tuple[str, ...] = ("competence", "performance", "patient_outcomes")
PROFESSIONS: tuple[str, ...] = ("MD", "DO", "NP", "PA", "RN", "PharmD", "Other")
PHYSICIAN_PROFESSIONS: tuple[str, ...] = ("MD", "DO")
NEED_SOURCE_TYPES: tuple[str, ...] = ("committee", "service_line")
PRIORITIES: tuple[str, ...] = ("high", "medium", "low")
IMPROVEMENT_NOTATIONS: tuple[str, ...] = ("increase", "decrease")
UNITS_OF_ANALYSIS: tuple[str, ...] = ("clinician", "unit", "service_line")
SCORINGS: tuple[str, ...] = ("proportion", "ratio", "rate_per_1000")
# What a point-of-care learner says the look-up changed in practice (ACCME internet searching and learning).
APPLIED_TO_PRACTICE: tuple[str, ...] = ("diagnosis", "treatment", "learned", "none")


@dataclass(frozen=True)
class Column:
    """One contract column and the checks its values pass at the door.

    `allowed` codes are matched ignoring case and surrounding spaces, and loaded in their canonical
    spelling. A value failing a check quarantines its row, except where `set_aside` says the value
    alone is put aside (flagged as a warning) and the row still loads.
    """

    name: str
    type: str = "text"  # text | date | month | number | integer | list | flag
    required: bool = False
    allowed: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    minimum_exclusive: bool = False
    npi: bool = False
    set_aside: bool = False


# How a feed names a learner, for identity resolution against the roster (dbt macros/identity.sql): the source
# system's own id, then NPI, email, names and profession. A bad NPI is set aside, not quarantined: identity
# falls back to email and name.
LEARNER_IDENTITY: tuple[Column, ...] = (
    Column("learner_id", required=True),
    Column("npi", npi=True, set_aside=True),
    Column("email"),
    Column("first_name"),
    Column("last_name"),
    Column("profession", required=True, allowed=PROFESSIONS),
)


@dataclass(frozen=True)
class Feed:
    """A feed folder in the inbox and the raw table it lands in."""

    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


FEEDS: dict[str, Feed] = {
    feed.name: feed
    for feed in (
        Feed(
            "activities",
            key=("activity_id",),
            columns=(
                Column("activity_id", required=True),
                Column("title", required=True),
                Column("activity_type", required=True, allowed=ACTIVITY_TYPES),
                Column("start_date", "date", required=True),
                Column("end_date", "date"),
                Column("credit_hours", "number", required=True, minimum=0),
                Column("designed_to_change", "list", allowed=DESIGNED_TO_CHANGE),
                Column("need_ids", "list"),
                Column("commercial_support", "flag", allowed=("Y", "N")),
                Column("joint_provider"),
                # The QI project the activity belongs to, if any: collaboration in the hospital's quality
                # improvement, which ACCME's Improves Healthcare Quality and Patient/Community Health ask for.
                Column("qi_project"),
            ),
        ),
        Feed(
            "attendance",
            key=("activity_id", "session_date", "learner_id"),
            columns=(
                Column("activity_id", required=True),
                Column("session_date", "date", required=True),
                *LEARNER_IDENTITY,
                Column("credits_claimed", "number", minimum=0),
                Column("pre_score", "number", minimum=0, maximum=100),
                Column("post_score", "number", minimum=0, maximum=100),
                Column("satisfaction", "integer", minimum=1, maximum=5),
                Column("commitment_to_change"),
            ),
        ),
        Feed(
            "needs",
            key=("need_id",),
            columns=(
                Column("need_id", required=True),
                Column("source_type", required=True, allowed=NEED_SOURCE_TYPES),
                Column("source_name", required=True),
                Column("identified_on", "date", required=True),
                Column("practice_gap"),
                Column("target_service_line", required=True),
                Column("target_professions", "list", allowed=PROFESSIONS),
                Column("metric_id"),
                Column("target_value", "number"),
                Column("priority", allowed=PRIORITIES),
                # Words or phrases (pipe-separated) that name the need's topic: point-of-care questions that
                # mention one are matched to the need (int_point_of_care_need_matches).
                Column("topic_keywords", "list"),
            ),
        ),
        Feed(
            # Point-of-care learning: a clinician's look-up (UpToDate- or DynaMed-style CME log, an in-house
            # clinical question tool, a curbside consult), credited by ACCME as internet searching and learning.
            "point_of_care",
            key=("learner_id", "entry_date", "question"),
            columns=(
                *LEARNER_IDENTITY,
                Column("entry_date", "date", required=True),
                Column("question", required=True),
                Column("source"),
                Column("minutes", "number", minimum=0, maximum=600),
                Column("applied_to_practice", required=True, allowed=APPLIED_TO_PRACTICE),
                Column("credits_claimed", "number", minimum=0),
            ),
        ),
        Feed(
            "roster",
            key=("npi",),
            columns=(
                Column("npi", required=True, npi=True),
                Column("first_name"),
                Column("last_name"),
                Column("email"),
                Column("profession", required=True, allowed=PROFESSIONS),
                Column("specialty"),
                Column("service_line", required=True),
                Column("unit"),
                Column("active_from", "date"),
                Column("active_to", "date"),
            ),
        ),
        Feed(
            "metric_catalog",
            key=("metric_id",),
            columns=(
                Column("metric_id", required=True),
                Column("name", required=True),
                Column("steward"),
                Column("improvement_notation", required=True, allowed=IMPROVEMENT_NOTATIONS),
                Column("unit_of_analysis", required=True, allowed=UNITS_OF_ANALYSIS),
                Column("scoring", required=True, allowed=SCORINGS),
                Column("numerator_definition"),
                Column("denominator_definition"),
                Column("measure_type", allowed=("process", "outcome", "structure")),
                # The metric's topic, as for needs, and an external target or benchmark (same scale as a rate).
                Column("topic_keywords", "list"),
                Column("benchmark_value", "number"),
            ),
        ),
        Feed(
            "metric_values",
            key=("metric_id", "period", "entity_type", "entity_id"),
            columns=(
                Column("metric_id", required=True),
                Column("period", "month", required=True),
                Column("entity_type", required=True, allowed=UNITS_OF_ANALYSIS),
                Column("entity_id", required=True),
                Column("numerator", "number", required=True, minimum=0),
                Column("denominator", "number", required=True, minimum=0, minimum_exclusive=True),
            ),
        ),
    )
}


def npi_check_digit(first_nine: str) -> int:
    """Luhn check digit of an NPI's first nine digits, with the 80840 prefix folded in as +24."""
    total = 24
    for position, char in enumerate(reversed(first_nine)):
        digit = int(char)
        if position % 2 == 0:  # rightmost of the nine, then every second one, is doubled
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return (10 - total % 10) % 10


def is_valid_npi(value: str | None) -> bool:
    """True for ten digits starting 1 or 2 whose last digit is the Luhn check digit."""
    if value is None:
        return False
    value = value.strip()
    if len(value) != 10 or not value.isdigit() or value[0] not in "12":
        return False
    return npi_check_digit(value[:9]) == int(value[9])
