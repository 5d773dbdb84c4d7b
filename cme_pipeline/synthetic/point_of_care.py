"""Point-of-care learning logs: clinicians looking up their needs' topics (and other things) at work.

Two export shapes, as a CME office receives them: an UpToDate-style CME credit log (CSV, one file a year)
and an in-house clinical question log (CSV for the last year, Parquet before; written byte for byte the same
for a seed, which an Excel file is not), each read through its
shipped mapping (cme_pipeline/mappings). Some of each need's target service line look its topic up around
its education; other look-ups are on topics no need covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from cme_pipeline.contract import PROFESSIONS
from cme_pipeline.sql import quote_literal
from cme_pipeline.synthetic.core import Calendar, year_of
from cme_pipeline.synthetic.learners import Learners
from cme_pipeline.synthetic.needs import Need
from cme_pipeline.synthetic.roster import Layout, Roster
from cme_pipeline.synthetic.topics import QUESTIONS, UNRELATED_QUESTIONS

ASKING_SHARE = 0.3  # of a need's service-line prescribers who look its topic up
APPLIED = ("treatment", "diagnosis", "none")
APPLIED_WEIGHTS = (0.45, 0.15, 0.40)
UPTODATE_IMPACT = {"treatment": "Changed treatment plan", "diagnosis": "Changed diagnosis", "none": "No change"}
QUESTION_LOG_RESULT = {"treatment": "Treatment changed", "diagnosis": "Diagnosis changed", "none": "No change"}
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


def build_look_ups(needs: list[Need], roster: Roster, layout: Layout, cal: Calendar,
                   rng: np.random.Generator) -> LookUps:
    prescribers = np.isin(np.asarray(PROFESSIONS, dtype=object)[roster.profession], ("MD", "DO", "NP", "PA"))
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    for need in needs:
        if not need.plan.metric_id or need.plan.metric_id not in QUESTIONS:
            continue
        line = layout.line_names.index(need.plan.line)
        pool = np.flatnonzero((roster.line == line) & prescribers)
        asking = rng.choice(pool, size=int(len(pool) * ASKING_SHARE), replace=False) if len(pool) else pool
        for clinician in asking:
            count = int(rng.integers(1, 4))
            days = rng.integers(cal.first_day, cal.last_day + 1, size=count)
            questions = rng.choice(np.asarray(QUESTIONS[need.plan.metric_id], dtype=object), size=count)
            parts.append((np.full(count, clinician), days, questions))
    background = rng.choice(np.flatnonzero(prescribers), size=max(20, roster.n // 5))
    parts.append((background, rng.integers(cal.first_day, cal.last_day + 1, size=len(background)),
                  rng.choice(np.asarray(UNRELATED_QUESTIONS, dtype=object), size=len(background))))
    clinician = np.concatenate([p[0] for p in parts])
    day = np.concatenate([p[1] for p in parts])
    question = np.concatenate([p[2] for p in parts])
    frame = pd.DataFrame({"clinician": clinician, "day": day, "question": question}).drop_duplicates()
    n = len(frame)
    return LookUps(
        frame["clinician"].to_numpy(), frame["day"].to_numpy(), frame["question"].to_numpy(),
        rng.choice(np.asarray(APPLIED, dtype=object), size=n, p=APPLIED_WEIGHTS),
        rng.choice(np.array([5, 10, 15, 20, 30]), size=n),
    )


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
