"""Hospitals, units and people: the roster, the HR/credentialing truth of who works where.

Valid NPIs, lowercase unique e-mails, names drawn with a skew so some (first, last) pairs collide.
The CME system's view of the same people, with its identity mess, is in learners.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cme_pipeline.contract import PROFESSIONS, npi_check_digit
from cme_pipeline.synthetic.core import Calendar, Scale, largest_remainder
from cme_pipeline.synthetic.names import (
    FIRST_NAMES,
    HOSPITALS,
    LAST_NAMES,
    OTHER_SPECIALTIES,
    Hospital,
    ServiceLine,
)

PROFESSION_MIX = np.array([0.40, 0.10, 0.15, 0.10, 0.18, 0.05, 0.02])  # order of contract.PROFESSIONS
MIN_LINE_CLINICIANS = 70  # keeps every clinician need's target group >= 25 at small scale
PRESCRIBER_CODES = np.array([PROFESSIONS.index(p) for p in ("MD", "DO", "NP", "PA")])


@dataclass
class Layout:
    """Hospitals, service lines and units; every unit belongs to one service line and hospital."""

    hospitals: list[Hospital]
    service_lines: list[ServiceLine]
    extra_lines: tuple[str, ...]
    unit_code: np.ndarray  # object
    unit_line: np.ndarray  # int index into service_lines
    unit_hospital: np.ndarray  # int index into hospitals

    @property
    def line_names(self) -> tuple[str, ...]:
        return tuple(sl.name for sl in self.service_lines)

    @property
    def core_lines(self) -> tuple[str, ...]:
        return tuple(n for n in self.line_names if n not in self.extra_lines)

    def line_index(self, name: str) -> int:
        return self.line_names.index(name)


def build_layout(
    scale: Scale, core: tuple[ServiceLine, ...], extras: tuple[ServiceLine, ...], rng: np.random.Generator
) -> Layout:
    """Units per hospital: the first hospital has every template unit, others a subset of >= 2."""
    hospitals = list(HOSPITALS[: scale.hospitals])
    lines = list(core) + list(extras)
    codes: list[str] = []
    line_of: list[int] = []
    hosp_of: list[int] = []
    for h in range(len(hospitals)):
        for s, sl in enumerate(lines):
            units = list(sl.units)
            if h > 0 and len(units) > 2:
                keep = int(rng.integers(2, len(units) + 1))
                units = [units[i] for i in sorted(rng.choice(len(units), keep, replace=False))]
            for unit in units:
                codes.append(f"H{h + 1}-{unit}" if len(hospitals) > 1 else unit)
                line_of.append(s)
                hosp_of.append(h)
    return Layout(
        hospitals=hospitals,
        service_lines=lines,
        extra_lines=tuple(sl.name for sl in extras),
        unit_code=np.array(codes, dtype=object),
        unit_line=np.array(line_of),
        unit_hospital=np.array(hosp_of),
    )


@dataclass
class Roster:
    """One row per clinician; arrays aligned by clinician index."""

    npi: np.ndarray  # int64
    first: np.ndarray  # object
    last: np.ndarray
    email: np.ndarray
    profession: np.ndarray  # int index into contract.PROFESSIONS
    hospital: np.ndarray
    line: np.ndarray
    unit: np.ndarray  # int index into layout units
    specialty: np.ndarray
    active_from: np.ndarray  # epoch day
    active_to: np.ndarray  # epoch day, -1 = still active

    @property
    def n(self) -> int:
        return len(self.npi)

    @property
    def npi_text(self) -> np.ndarray:
        return self.npi.astype(str).astype(object)

    def active_through(self, first_day: int, last_day: int) -> np.ndarray:
        """Active on every day of [first_day, last_day]: who could attend a need's education."""
        return (self.active_from <= first_day) & ((self.active_to < 0) | (self.active_to >= last_day))

    def active_on(self, days: np.ndarray, who: np.ndarray) -> np.ndarray:
        """Clinician (`who`) x day matrix: who was on staff, so could sign in to a session that day."""
        day = np.asarray(days)[None, :]
        start, end = self.active_from[who, None], self.active_to[who, None]
        return (start <= day) & ((end < 0) | (end >= day))

    def active_months(self, cal: Calendar) -> tuple[np.ndarray, np.ndarray]:
        """First and last month index (inclusive) in which each clinician has metric data."""
        first = np.maximum(cal.month_of(self.active_from), 0)
        last = np.where(self.active_to < 0, cal.months - 1, cal.month_of(np.maximum(self.active_to, 0)))
        return first, np.minimum(last, cal.months - 1)

    @property
    def is_prescriber(self) -> np.ndarray:
        return np.isin(self.profession, PRESCRIBER_CODES)


def _name_weights(count: int) -> np.ndarray:
    """Skewed (Zipf-like) name frequencies: common names collide, as in real rosters."""
    weights = 1.0 / (np.arange(count) + 6.0)
    return weights / weights.sum()


def draw_names(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    first = np.array(FIRST_NAMES, dtype=object)[
        rng.choice(len(FIRST_NAMES), n, p=_name_weights(len(FIRST_NAMES)))
    ]
    last = np.array(LAST_NAMES, dtype=object)[
        rng.choice(len(LAST_NAMES), n, p=_name_weights(len(LAST_NAMES)))
    ]
    return first, last


def make_emails(first: np.ndarray, last: np.ndarray, domain: np.ndarray) -> np.ndarray:
    """first.last<n>@domain, lowercase, letters only; n (2, 3, ...) only disambiguates repeats."""
    frame = pd.DataFrame(
        {
            "local": (
                pd.Series(first, dtype=object).str.lower().str.replace(r"[^a-z]", "", regex=True)
                + "."
                + pd.Series(last, dtype=object).str.lower().str.replace(r"[^a-z]", "", regex=True)
            ),
            "domain": pd.Series(domain, dtype=object),
        }
    )
    repeat = frame.groupby(["local", "domain"], sort=False).cumcount().to_numpy()
    suffix = np.where(repeat == 0, "", (repeat + 1).astype(str)).astype(object)
    return frame["local"].to_numpy(dtype=object) + suffix + "@" + frame["domain"].to_numpy(dtype=object)


def draw_npis(n: int, rng: np.random.Generator, exclude: np.ndarray | None = None) -> np.ndarray:
    """n unique valid NPIs (first digit 1 or 2, Luhn check digit from the contract)."""
    taken = set() if exclude is None else set((exclude // 10).tolist())
    bases = np.empty(0, dtype=np.int64)
    while len(bases) < n:
        draw = rng.integers(100_000_000, 300_000_000, size=int(n * 1.1) + 16)
        draw = draw[~np.isin(draw, list(taken))] if taken else draw
        pool = np.concatenate([bases, draw])
        _, first_seen = np.unique(pool, return_index=True)
        bases = pool[np.sort(first_seen)]
    bases = bases[:n]
    checks = np.array([npi_check_digit(str(b)) for b in bases.tolist()], dtype=np.int64)
    return bases * 10 + checks


def build_roster(scale: Scale, layout: Layout, cal: Calendar, rng: np.random.Generator) -> Roster:
    """Clinicians by hospital x service line, exact profession mix within each cell."""
    n_h, n_s = len(layout.hospitals), len(layout.service_lines)
    hosp_w = 1.0 / (1.0 + 0.35 * np.arange(n_h))
    line_w = np.array([sl.weight for sl in layout.service_lines])
    sizes = largest_remainder(scale.clinicians, np.outer(hosp_w, line_w).ravel()).reshape(n_h, n_s)
    sizes[0] += np.maximum(MIN_LINE_CLINICIANS - sizes.sum(axis=0), 0)

    prof, hosp, line, unit, specialty = [], [], [], [], []
    for h in range(n_h):
        for s, sl in enumerate(layout.service_lines):
            n = int(sizes[h, s])
            if n == 0:
                continue
            p = rng.permutation(np.repeat(np.arange(len(PROFESSIONS)), largest_remainder(n, PROFESSION_MIX)))
            units = np.flatnonzero((layout.unit_hospital == h) & (layout.unit_line == s))
            u = units[(np.arange(n) + int(rng.integers(len(units)))) % len(units)]
            spec = np.empty(n, dtype=object)
            is_doc = p <= 1
            spec[is_doc] = np.array(sl.physician_specialties, dtype=object)[
                rng.integers(len(sl.physician_specialties), size=int(is_doc.sum()))
            ]
            spec[p == 2] = "Nurse Practitioner"
            spec[p == 3] = "Physician Assistant"
            spec[p == 4] = sl.nursing_specialty
            spec[p == 5] = "Clinical Pharmacy"
            spec[p == 6] = np.array(OTHER_SPECIALTIES, dtype=object)[
                rng.integers(len(OTHER_SPECIALTIES), size=int((p == 6).sum()))
            ]
            prof.append(p)
            hosp.append(np.full(n, h))
            line.append(np.full(n, s))
            unit.append(u)
            specialty.append(spec)
    profession = np.concatenate(prof)
    n = len(profession)
    hospital = np.concatenate(hosp)
    first, last = draw_names(n, rng)
    domains = np.array([hh.domain for hh in layout.hospitals], dtype=object)[hospital]

    # Most clinicians predate the window; some join during it, a few leave (never after it ends).
    joiner = rng.random(n) < min(0.30, 0.006 * cal.months)
    active_from = np.where(
        joiner,
        rng.integers(cal.first_day, cal.last_day - 90, size=n),
        cal.first_day - rng.integers(180, 15 * 365, size=n),
    )
    leave_lo = np.minimum(np.maximum(active_from, cal.first_day) + 180, cal.last_day)
    leaver = (rng.random(n) < 0.05) & (leave_lo < cal.last_day)
    active_to = np.where(leaver, rng.integers(leave_lo, cal.last_day + 1), -1)

    return Roster(
        npi=draw_npis(n, rng),
        first=first,
        last=last,
        email=make_emails(first, last, domains),
        profession=profession,
        hospital=hospital,
        line=np.concatenate(line),
        unit=np.concatenate(unit),
        specialty=np.concatenate(specialty),
        active_from=active_from.astype(np.int64),
        active_to=active_to.astype(np.int64),
    )
