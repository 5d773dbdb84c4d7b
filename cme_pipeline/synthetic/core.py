"""Shared pieces of the generator: scales, the month calendar, seeded random streams.

Dates travel through the generator as integer days since 1970-01-01 (numpy int64) and
months as integer indexes into the window: both vectorise, and DuckDB turns them back
into ISO dates only when a file is written.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

EPOCH_SQL = "DATE '1970-01-01'"


@dataclass(frozen=True)
class Scale:
    """How big a world to generate.

    `months` is the length of the metric window, ending at `end_month`. `all_pair_needs`
    gives every eligible (clinician metric, service line) pair its own need (medium and
    large); otherwise a fixed core set is used. `broad_eligibility` extends the clinician
    metrics to every service line, a load-test knob used by `large` to reach ~10M metric
    rows. `extra_null_needs` adds clinician-level needs with no effect (new service lines
    and clinicians are added when the existing pairs run out). Grand rounds are the
    background RSS activities (not linked to a need) that carry most attendance volume.
    """

    name: str
    clinicians: int
    hospitals: int = 1
    months: int = 30
    extra_null_needs: int = 0
    all_pair_needs: bool = False
    broad_eligibility: bool = False
    grand_rounds_per_month: int = 1
    grand_rounds_reach: float = 1.0  # multiplies each clinician's grand-rounds attendance propensity
    # Cases a QI analyst knows (traps.py): readmission needs on more service lines, the first
    # `service_line_effects` of them effective and the others on a line improving anyway; hand-hygiene
    # needs engaging every unit of a line; attendees on a steeper pre-trend; education given to the
    # worst performers.
    service_line_needs: int = 1
    service_line_effects: int = 0
    # Planted effect sizes (improving direction): clinician needs draw theirs from the range.
    clinician_effect_range: tuple[float, float] = (0.10, 0.15)
    service_line_effect: float = 0.05
    whole_line_unit_effect: float = 0.08
    whole_line_unit_needs: int = 0
    pretrend_traps: int = 0
    worst_performer_traps: int = 0
    # Point-of-care learning (point_of_care.py): one need's learners improve after their look-up; with the
    # trap, a second need's learners look its topic up after a run of difficult cases and gain nothing.
    point_of_care_dip_trap: bool = True

    def __post_init__(self) -> None:
        if self.months < 14:
            raise ValueError("a world needs >= 14 months: 6 before and 6 after each need's education")
        if not 1 <= self.hospitals <= 8:
            raise ValueError("hospitals must be between 1 and 8")
        if not 1 <= self.service_line_needs <= 6 or not 0 <= self.service_line_effects <= self.service_line_needs:
            raise ValueError("service_line_needs must be 1-6, service_line_effects 0 to service_line_needs")
        if not 0 <= self.whole_line_unit_needs <= 7:
            raise ValueError("whole_line_unit_needs must be between 0 and 7")
        if self.grand_rounds_per_month not in (1, 2, 4):
            raise ValueError("grand_rounds_per_month must be 1, 2 or 4 (monthly, biweekly, weekly)")


SCALES: dict[str, Scale] = {
    "small": Scale("small", clinicians=600, hospitals=1, months=30),
    "medium": Scale(
        "medium", clinicians=5_000, hospitals=2, months=48, all_pair_needs=True, grand_rounds_per_month=2
    ),
    "large": Scale(
        "large",
        clinicians=20_000,
        hospitals=6,
        months=144,
        all_pair_needs=True,
        broad_eligibility=True,
        grand_rounds_per_month=4,
        grand_rounds_reach=0.75,
    ),
}


def resolve_scale(scale: str | Scale) -> Scale:
    if isinstance(scale, Scale):
        return scale
    try:
        return SCALES[scale]
    except KeyError:
        raise ValueError(f"unknown scale {scale!r}; expected one of {', '.join(SCALES)}") from None


@dataclass(frozen=True)
class Calendar:
    """The metric window: `months` whole months ending with `end_month`."""

    first: np.datetime64  # datetime64[M]
    months: int

    @classmethod
    def ending(cls, end_month: str, months: int) -> Calendar:
        try:
            end = np.datetime64(end_month, "M")
        except ValueError:
            raise ValueError(f"end_month must look like YYYY-MM, got {end_month!r}") from None
        if str(end) != end_month:
            raise ValueError(f"end_month must look like YYYY-MM, got {end_month!r}")
        return cls(first=end - (months - 1), months=months)

    def label(self, t: int) -> str:
        """'YYYY-MM' of month index t (may lie outside the window, e.g. the resubmission month)."""
        return str(self.first + t)

    def start(self, t: int | np.ndarray) -> np.ndarray | int:
        """First day (epoch day) of month index t."""
        return (self.first + np.asarray(t)).astype("datetime64[D]").astype(np.int64)

    def end(self, t: int | np.ndarray) -> np.ndarray | int:
        """Last day (epoch day) of month index t."""
        return self.start(np.asarray(t) + 1) - 1

    @property
    def first_day(self) -> int:
        return int(self.start(0))

    @property
    def last_day(self) -> int:
        return int(self.end(self.months - 1))

    def month_of(self, days: np.ndarray | int) -> np.ndarray:
        """Month index of epoch days (negative before the window)."""
        months = np.asarray(days).astype("datetime64[D]").astype("datetime64[M]")
        return (months - self.first).astype(np.int64)


def year_of(days: np.ndarray) -> np.ndarray:
    return np.asarray(days).astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def iso(day: int | None) -> str | None:
    return None if day is None else str(np.datetime64(int(day), "D"))


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent, named random stream of the world's seed.

    One stream per generation step means changing how many draws one step makes (say, a
    new column) leaves every other step's output unchanged; crc32 keeps names stable across
    processes, unlike `hash()`.
    """
    return np.random.default_rng([int(seed), zlib.crc32(name.encode())])


def largest_remainder(total: int, weights: np.ndarray) -> np.ndarray:
    """Split `total` into integer parts proportional to `weights` that sum exactly to `total`."""
    weights = np.asarray(weights, dtype=float)
    raw = total * weights / weights.sum()
    parts = np.floor(raw).astype(np.int64)
    short = total - int(parts.sum())
    if short:
        order = np.argsort(-(raw - parts), kind="stable")
        parts[order[:short]] += 1
    return parts
