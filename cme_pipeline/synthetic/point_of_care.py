"""Point-of-care learning logs: clinicians looking up their needs' topics (and other things) at work.

Two export shapes, as a CME office receives them: an UpToDate-style CME credit log (CSV, one file a year)
and an in-house clinical question log (CSV for the last year, Parquet before; written byte for byte the same
for a seed, which an Excel file is not), each read through its
shipped mapping (cme_pipeline/mappings). Some of each need's target service line look its topic up at
random times, and some apply what they read, with no effect on their metric; other look-ups are on topics
no need covers. Planted (PlantedPointOfCare), on the clinician needs with the most target prescribers who
attended none of their activities - half of those apply a look-up, each in their own month:
  effective: their metric improves from the month after;
  dip_trap (Scale.point_of_care_dip_trap): their look-up follows a run of difficult cases - their rate is
    worse in the look-up month and the two before, then back to usual - and they gain nothing. A comparison of
    six months before with six after credits the recovery to the look-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from cme_pipeline.contract import PROFESSIONS
from cme_pipeline.sql import quote_literal
from cme_pipeline.synthetic.catalog import METRICS_BY_ID
from cme_pipeline.synthetic.core import Calendar, year_of
from cme_pipeline.synthetic.learners import Learners
from cme_pipeline.synthetic.needs import Need
from cme_pipeline.synthetic.roster import Layout, Roster
from cme_pipeline.synthetic.series import SeriesSet, series_of
from cme_pipeline.synthetic.topics import QUESTIONS, UNRELATED_QUESTIONS

ASKING_SHARE = 0.3  # of a need's service-line prescribers who look its topic up
LEARNING_SHARE = 0.5  # of the planted need's non-attending target prescribers who apply a look-up
LEARNING_EFFECT = 0.12  # their metric's shift, in its better direction, from the month after
DIP = 0.15  # the trap's learners: worse by this much in the look-up month and the DIP_MONTHS before it
DIP_MONTHS = 2
LEARNING_MONTHS = (8, 8)  # first applied look-ups fall this many months inside the data's first and last month
APPLIED = ("treatment", "diagnosis", "learned", "none")
APPLIED_WEIGHTS = (0.45, 0.15, 0.15, 0.25)
UPTODATE_IMPACT = {"treatment": "Changed treatment plan", "diagnosis": "Changed diagnosis",
                   "learned": "Learned something new", "none": "No change"}
QUESTION_LOG_RESULT = {"treatment": "Treatment changed", "diagnosis": "Diagnosis changed",
                       "learned": "Learned, no change", "none": "No change"}
UPTODATE_CREDENTIAL = {"MD": "M.D.", "DO": "D.O.", "NP": "APRN", "PA": "PA-C", "RN": "RN", "PharmD": "PharmD",
                       "Other": "Other"}
QUESTION_LOG_ROLE = {"MD": "Attending physician (MD)", "DO": "Attending physician (DO)", "NP": "Nurse practitioner",
                     "PA": "Physician assistant", "RN": "Registered nurse", "PharmD": "Pharmacist", "Other": "Other"}


@dataclass(frozen=True)
class LookUps:
    clinician: np.ndarray  # roster index
    day: np.ndarray  # epoch day
    question: np.ndarray  # object
    applied: np.ndarray  # object: treatment | diagnosis | none
    minutes: np.ndarray


@dataclass(frozen=True)
class PlantedPointOfCare:
    """Planted point-of-care learning: who applied a look-up on the need's topic, when, and what followed."""

    kind: str  # effective | dip_trap
    need: Need
    clinicians: np.ndarray  # roster index, ascending
    month: np.ndarray  # month index of each one's first applied look-up
    shift: float  # signed, in the metric's units: the effect (effective) or the dip (dip_trap)

    def plant(self, series: SeriesSet) -> None:
        found = series_of(series, self.need.plan.metric_id, self.clinicians)
        if self.kind == "effective":
            series.effect[found] = self.shift
            series.effect_from[found] = self.month + 1
        else:
            series.dip[found] = self.shift
            series.dip_from[found] = self.month - DIP_MONTHS
            series.dip_to[found] = self.month

    def planted(self, cal: Calendar) -> dict:
        return {"kind": self.kind, "need_id": self.need.need_id, "metric_id": self.need.plan.metric_id,
                "target_service_line": self.need.plan.line, "clinicians": len(self.clinicians),
                "planted_effect": self.shift if self.kind == "effective" else 0.0,
                "dip": self.shift if self.kind == "dip_trap" else 0.0,
                "first_month": cal.label(int(self.month.min())), "last_month": cal.label(int(self.month.max()))}


def _learning_needs(needs: list[Need], prescribers: np.ndarray, cal: Calendar) -> list[tuple[Need, np.ndarray]]:
    """Clinician needs by how many target prescribers attended none of their activities, most first."""
    if cal.months < sum(LEARNING_MONTHS) + 4:
        return []
    pools = [(need, np.setdiff1d(need.target_group[prescribers[need.target_group]], need.exposed))
             for need in needs
             if need.unit_of_analysis == "clinician" and need.education is not None
             and need.plan.metric_id in QUESTIONS]
    return sorted(pools, key=lambda pool: -len(pool[1]))  # stable: ties keep the needs' order


def _plant(kind: str, need: Need, pool: np.ndarray, cal: Calendar, rng: np.random.Generator) -> PlantedPointOfCare:
    learners = np.sort(rng.choice(pool, size=round(len(pool) * LEARNING_SHARE), replace=False))
    month = rng.integers(LEARNING_MONTHS[0], cal.months - LEARNING_MONTHS[1], size=len(learners))
    better = 1.0 if METRICS_BY_ID[need.plan.metric_id].improvement_notation == "increase" else -1.0
    return PlantedPointOfCare(kind, need, learners, month, better * (LEARNING_EFFECT if kind == "effective" else -DIP))


def build_look_ups(needs: list[Need], roster: Roster, layout: Layout, cal: Calendar, rng: np.random.Generator,
                   dip_trap: bool = True) -> tuple[LookUps, list[PlantedPointOfCare]]:
    prescribers = np.isin(np.asarray(PROFESSIONS, dtype=object)[roster.profession], ("MD", "DO", "NP", "PA"))
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    kinds = ("effective", "dip_trap") if dip_trap else ("effective",)
    planted = [_plant(kind, need, pool, cal, rng) for kind, (need, pool) in zip(kinds, _learning_needs(
        needs, prescribers, cal), strict=False)]
    for learning in planted:
        days = np.asarray(cal.start(learning.month)) + rng.integers(0, 28, size=len(learning.clinicians))
        questions = rng.choice(np.asarray(QUESTIONS[learning.need.plan.metric_id], dtype=object),
                               size=len(learning.clinicians))
        parts.append((learning.clinicians, days, questions, np.full(len(days), "treatment", dtype=object)))
    planted_for = {id(learning.need): learning for learning in planted}
    for need in needs:
        if not need.plan.metric_id or need.plan.metric_id not in QUESTIONS:
            continue
        line = layout.line_names.index(need.plan.line)
        pool = np.flatnonzero((roster.line == line) & prescribers)
        learning = planted_for.get(id(need))
        if learning is not None:  # the rest of a planted need's line only ask: nothing applied
            pool = np.setdiff1d(pool, learning.clinicians)
        asking = rng.choice(pool, size=int(len(pool) * ASKING_SHARE), replace=False) if len(pool) else pool
        for clinician in asking:
            count = int(rng.integers(1, 4))
            days = rng.integers(cal.first_day, cal.last_day + 1, size=count)
            questions = rng.choice(np.asarray(QUESTIONS[need.plan.metric_id], dtype=object), size=count)
            applied = rng.choice(np.asarray(APPLIED, dtype=object), size=count, p=APPLIED_WEIGHTS)
            if learning is not None:
                applied = np.full(count, "none", dtype=object)
            parts.append((np.full(count, clinician), days, questions, applied))
    background = rng.choice(np.flatnonzero(prescribers), size=max(20, roster.n // 5))
    parts.append((background, rng.integers(cal.first_day, cal.last_day + 1, size=len(background)),
                  rng.choice(np.asarray(UNRELATED_QUESTIONS, dtype=object), size=len(background)),
                  rng.choice(np.asarray(APPLIED, dtype=object), size=len(background), p=APPLIED_WEIGHTS)))
    frame = pd.DataFrame({name: np.concatenate([p[i] for p in parts])
                          for i, name in enumerate(("clinician", "day", "question", "applied"))})
    frame = frame.drop_duplicates(["clinician", "day", "question"])
    look_ups = LookUps(frame["clinician"].to_numpy(), frame["day"].to_numpy(), frame["question"].to_numpy(),
                       frame["applied"].to_numpy(), rng.choice(np.array([5, 10, 15, 20, 30]), size=len(frame)))
    return look_ups, planted


def write_look_ups(folder: Path, look_ups: LookUps, learners: Learners) -> dict[str, int]:
    """Even-numbered clinicians' look-ups go to the UpToDate-style log, odd ones' to the question log."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in [*folder.glob("uptodate_*"), *folder.glob("questions_*")]:
        stale.unlink()
    profession = np.asarray(PROFESSIONS, dtype=object)[learners.profession[look_ups.clinician]]
    date = pd.to_datetime(look_ups.day, unit="D")
    frame = pd.DataFrame({
        "clinician": look_ups.clinician, "year": year_of(look_ups.day), "date": date,
        "npi": learners.npi[look_ups.clinician], "email": learners.email[look_ups.clinician],
        "first": learners.first[look_ups.clinician], "last": learners.last[look_ups.clinician],
        "profession": profession, "question": look_ups.question, "applied": look_ups.applied,
        "minutes": look_ups.minutes,
    }).sort_values(["date", "clinician", "question"])
    files: dict[str, int] = {}
    uptodate = frame[frame["clinician"] % 2 == 0]
    last_year = int(frame["year"].max())
    for year, rows in uptodate.groupby("year"):
        export = pd.DataFrame({
            "User ID": "UTD" + rows["clinician"].astype(str).str.zfill(6), "NPI": rows["npi"],
            "Email Address": rows["email"], "First Name": rows["first"], "Last Name": rows["last"],
            "Credential": rows["profession"].map(UPTODATE_CREDENTIAL),
            "Search Date": rows["date"].dt.strftime("%m/%d/%Y"),
            "Topic Searched": rows["question"], "Time (min)": rows["minutes"],
            "Impact on Practice": rows["applied"].map(UPTODATE_IMPACT), "CME Credits": 0.5, "Product": "UpToDate",
            "Device": "Web",
        })
        name = f"uptodate_{year}.csv"
        export.to_csv(folder / name, index=False)
        files[name] = len(export)
    questions = frame[frame["clinician"] % 2 == 1]
    for year, rows in questions.groupby("year"):
        export = pd.DataFrame({
            "Employee ID": "E" + rows["clinician"].astype(str).str.zfill(6), "Provider NPI": rows["npi"],
            "Work Email": rows["email"], "Given Name": rows["first"], "Family Name": rows["last"],
            "Role": rows["profession"].map(QUESTION_LOG_ROLE), "Asked On": rows["date"].dt.strftime("%Y-%m-%d"),
            "Clinical Question": rows["question"], "Resource Used": "Library consult", "Minutes Spent": rows["minutes"],
            "Result for Practice": rows["applied"].map(QUESTION_LOG_RESULT), "Credit Requested": 0.25,
            "Department": "Medicine", "Ticket": np.arange(len(rows)),
        })
        if int(year) == last_year:  # the latest year as CSV, earlier ones as Parquet (Excel: tests/test_point_of_care)
            name = f"questions_{year}.csv"
            export.to_csv(folder / name, index=False)
        else:
            name = f"questions_{year}.parquet"
            with duckdb.connect() as con:
                con.register("export", export.astype({"Provider NPI": "string", "Ticket": "int64"}))
                con.execute(f"COPY export TO {quote_literal(folder / name)} (FORMAT parquet)")
        files[name] = len(export)
    return files
