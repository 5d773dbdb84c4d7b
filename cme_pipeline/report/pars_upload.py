"""The PARS activity upload for a reporting year, from the published pars_activity_report.

ACCME takes activities in bulk by its Excel activity batch template, by XML (MedBiquitous MEMS) or by web
services. ACCME's template itself could not be obtained here (its download is not reachable offline), so
the columns are the fields PARS asks for when an activity is closed (ACCME's FAQ "What activity data are
providers required to enter into PARS?", and ../shared/DOMAIN.md), named as PARS names them, one row per
PARS activity, keyed by the provider's own activity id (PARS updates a row whose id it already holds).
README "PARS upload" gives the mapping and what a person still enters in PARS.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

YES_NO = {True: "Yes", False: "No"}

# Column in the upload file -> how it is made from a pars_activity_report row.
COLUMNS: dict[str, object] = {
    "Provider Activity ID": "pars_activity_id",
    "Activity Title": "activity_title",
    "Activity Type": "pars_activity_type",
    "Reporting Year": "reporting_year",
    "Start Date": lambda r: pd.to_datetime(r["start_date"]).dt.strftime("%m/%d/%Y"),
    "End Date": lambda r: pd.to_datetime(r["end_date"]).dt.strftime("%m/%d/%Y"),
    "Providership": lambda r: r["providership"].str.capitalize(),
    "Joint Provider Name(s)": lambda r: r["joint_provider"].fillna(""),
    "Hours of Instruction": "hours_of_instruction",
    # Hospital activities are designated for as many AMA PRA Category 1 Credits as they have hours of
    # instruction; an activity designated otherwise is corrected in PARS (README).
    "AMA PRA Category 1 Credits Designated": "hours_of_instruction",
    "Designed to Change Competence": lambda r: r["designed_to_change_competence"].map(YES_NO),
    "Designed to Change Performance": lambda r: r["designed_to_change_performance"].map(YES_NO),
    "Designed to Change Patient Outcomes": lambda r: r["designed_to_change_patient_outcomes"].map(YES_NO),
    "Changes in Competence Evaluated": lambda r: r["change_evaluated_competence"].map(YES_NO),
    "Changes in Performance Evaluated": lambda r: r["change_evaluated_performance"].map(YES_NO),
    "Changes in Patient Outcomes Evaluated": lambda r: r["change_evaluated_patient_outcomes"].map(YES_NO),
    "Number of Physician Learners": "physician_learners",
    "Number of Other Learners": "other_learners",
    "Commercial Support Received": lambda r: r["has_commercial_support"].map(YES_NO),
    "Outcome Measure": "change_evaluated_at",
}
# Required for every activity; a joint provider's name only for jointly provided activities.
REQUIRED = [name for name in COLUMNS if name != "Joint Provider Name(s)"]


@dataclass(frozen=True)
class ParsUpload:
    xlsx: Path
    tab_delimited: Path
    activities: int


def pars_rows(report: pd.DataFrame, year: int) -> pd.DataFrame:
    rows = report[report["reporting_year"] == year].sort_values("pars_activity_id").reset_index(drop=True)
    upload = pd.DataFrame({
        name: (rows[source] if isinstance(source, str) else source(rows)) for name, source in COLUMNS.items()
    })
    joint = rows["providership"] == "joint"
    blank = [(column, i) for column in REQUIRED for i in upload.index[upload[column].isna() | (upload[column] == "")]]
    blank += [("Joint Provider Name(s)", i) for i in upload.index[joint & (upload["Joint Provider Name(s)"] == "")]]
    if blank:
        named = ", ".join(f"{upload.loc[i, 'Provider Activity ID']}: {column}" for column, i in blank[:10])
        raise ValueError(f"PARS upload for {year}: required fields are empty ({named})")
    return upload


def write_pars_upload(report: pd.DataFrame, year: int, folder: Path) -> ParsUpload:
    """pars_activities_<year>.xlsx (header row, the batch template's layout) and .txt (tab-delimited, no
    header row, as PARS's tab-delimited upload takes it)."""
    upload = pars_rows(report, year)
    folder.mkdir(parents=True, exist_ok=True)
    xlsx = folder / f"pars_activities_{year}.xlsx"
    text = folder / f"pars_activities_{year}.txt"
    partial = xlsx.with_name(f".{xlsx.name}.partial")
    with pd.ExcelWriter(partial, engine="openpyxl") as writer:
        upload.to_excel(writer, sheet_name="Activities", index=False)
    partial.replace(xlsx)
    upload.to_csv(text, sep="\t", header=False, index=False, lineterminator="\r\n")
    return ParsUpload(xlsx, text, len(upload))
