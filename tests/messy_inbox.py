"""A clean generated inbox turned into a messy one, as real deliveries arrive.

Kept apart from test_messy_deliveries.py so the tests read as claims and this reads as the recipe.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pandas as pd

ETHOS_PROFESSION = {
    "MD": ("Physician", "M.D."),
    "DO": ("Physician", "D.O."),
    "NP": ("Nurse Practitioner", "APRN"),
    "PA": ("Physician Assistant", "PA-C"),
    "RN": ("Nurse", "RN"),
    "PharmD": ("Pharmacist", "PharmD"),
    "Other": ("Other", ""),
}
CLOUD_DEGREE = {"MD": "M.D.", "DO": "DO", "NP": "APRN", "PA": "PA-C", "RN": "BSN", "PharmD": "RPh", "Other": "Other"}


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]], newline: str = "\n", bom: bool = False):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator=newline)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8", newline="")


def us_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{month}/{day}/{year}"


def build_messy_inbox(inbox: Path) -> dict:
    """Turn a clean generated inbox into a messy one; returns what each change should produce."""
    expect: dict = {}

    # Roster: BOM, CRLF, an unknown extra column, and one clinician whose NPI fails its check digit.
    roster = inbox / "roster" / "roster.csv"
    header, rows = read_rows(roster)
    bad_clinician = dict(rows[0], npi="1234567890", email="new.hire@example.org")
    rows = [dict(row, **{"Badge Number": f"B{i:05d}"}) for i, row in enumerate([*rows, bad_clinician])]
    write_rows(roster, [*header, "Badge Number"], rows, newline="\r\n", bom=True)
    expect["roster_bad_line"] = len(rows) + 1

    # Needs as an Excel workbook, metric catalog as Parquet.
    needs = inbox / "needs" / "needs.csv"
    needs_header, needs_rows = read_rows(needs)
    pd.DataFrame(needs_rows, columns=needs_header).to_excel(inbox / "needs" / "needs.xlsx", index=False)
    needs.unlink()
    expect["needs"] = len(needs_rows)
    catalog = inbox / "metric_catalog" / "metric_catalog.csv"
    with duckdb.connect() as con:
        con.execute(
            f"copy (select * from read_csv('{catalog}', all_varchar = true)) "
            f"to '{catalog.with_suffix('.parquet')}' (format parquet)"
        )
    catalog.unlink()

    # 2025 attendance as an EthosCE completions export, 2026 as a CloudCME Excel export.
    ethos_source = inbox / "attendance" / "attendance_2025.csv"
    _, attendance_2025 = read_rows(ethos_source)
    ethos = [
        {
            "Course ID": row["activity_id"],
            "Course Title": "Course",
            "External User ID": row["learner_id"],
            "First Name": row["first_name"],
            "Last Name": row["last_name"],
            "Email": row["email"],
            "NPI": row["npi"],
            "Profession": ETHOS_PROFESSION[row["profession"]][0],
            "Degree": ETHOS_PROFESSION[row["profession"]][1],
            "Credit Type": "AMA PRA Category 1 Credit",
            "Credits": row["credits_claimed"],
            "Completion Date": us_date(row["session_date"]),
            "Pre-Test Score": row["pre_score"],
            "Post-Test Score": row["post_score"],
            "Overall Satisfaction": row["satisfaction"],
            "Commitment to Change": row["commitment_to_change"],
        }
        for row in attendance_2025
    ]
    write_rows(inbox / "attendance" / "ethosce_completions_2025.csv", list(ethos[0]), ethos)
    ethos_source.unlink()
    expect["ethos_rows"] = attendance_2025

    cloud_source = inbox / "attendance" / "attendance_2026.csv"
    _, attendance_2026 = read_rows(cloud_source)
    cloud = pd.DataFrame(
        [
            {
                "ActivityID": row["activity_id"],
                "SessionDate": us_date(row["session_date"]),
                "UserID": row["learner_id"],
                "FirstName": row["first_name"],
                "LastName": row["last_name"],
                "Email": row["email"],
                "NPI": row["npi"],
                "Degree": CLOUD_DEGREE[row["profession"]],
                "CreditsClaimed": row["credits_claimed"],
                "EvalRating": row["satisfaction"],
                "CheckInMethod": "SMS",
            }
            for row in attendance_2026
        ]
    )
    cloud.to_excel(inbox / "attendance" / "cloudcme_2026.xlsx", index=False)
    cloud_source.unlink()
    expect["cloud_rows"] = attendance_2026

    # 2024 attendance in the contract's shape, with bad rows appended.
    attendance = inbox / "attendance" / "attendance_2024.csv"
    header, rows = read_rows(attendance)
    first, second = rows[0], rows[1]
    bad = {
        "pre_score out of range": dict(second, learner_id="X1", pre_score="150"),
        "satisfaction out of range": dict(second, learner_id="X2", satisfaction="9"),
        "profession unknown code": dict(second, learner_id="X3", profession="Surgeon"),
        "duplicate row": dict(first),
        "session_date in the future": dict(second, learner_id="X4", session_date="2031-01-01"),
        "session_date not a date": dict(second, learner_id="X5", session_date="2025-02-30"),
        "key repeated with different values": dict(second, satisfaction="1" if second["satisfaction"] != "1" else "2"),
    }
    set_aside = dict(second, learner_id="X6", npi="1234567890")
    appended = [*bad.values(), set_aside]
    write_rows(attendance, header, [*rows, *appended])
    start = len(rows) + 2
    expect["attendance_bad_lines"] = {rule: start + i for i, rule in enumerate(bad)}
    expect["attendance_conflict_lines"] = {3, start + len(bad) - 1}
    expect["attendance_set_aside_line"] = start + len(bad)
    expect["attendance_2024_rows"] = len(rows) + len(appended)

    # Metric values: a proportion with numerator above denominator, and a file cut off mid-row.
    values = inbox / "metric_values" / "metric_values_2025-01.csv"
    header, rows = read_rows(values)
    proportion = next(i for i, row in enumerate(rows) if row["metric_id"] == "VTE_PROPH")
    rows[proportion] = dict(rows[proportion], numerator=str(int(float(rows[proportion]["denominator"])) + 5))
    write_rows(values, header, rows)
    text = values.read_text()
    last_line_start = text.rstrip("\n").rfind("\n") + 1
    values.write_text(text[: last_line_start + 12])  # the last row stops after a few characters
    expect["proportion_line"] = proportion + 2
    expect["truncated_line"] = len(rows) + 1
    expect["values_rows"] = len(rows)

    # A file whose required column was renamed: fails alone, the rest of the feed loads.
    activities = inbox / "activities" / "activities.csv"
    header, rows = read_rows(activities)
    renamed = ["type" if name == "activity_type" else name for name in header]
    write_rows(
        inbox / "activities" / "activities_late.csv",
        renamed,
        [{("type" if k == "activity_type" else k): v for k, v in row.items()} for row in rows[:3]],
    )
    expect["activities"] = len(rows)
    return expect
