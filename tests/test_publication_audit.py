"""Write, audit, publish: every failure case starts from a good publication and breaks one thing.

The run must fail the named check and leave the serving store byte for byte as it was. Which kind of
check catches which fault follows the rule in the README's audit section.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from tests.conftest import failure_messages, query, run_pipeline
from tests.publication_fixtures import copy_dbt_project, csv_rows, failed_checks, snapshot


def break_with_unknown_activity(home: Path) -> None:
    (home / "inbox" / "attendance" / "attendance_zz_late.csv").write_text(
        "activity_id,session_date,learner_id,profession\nA9999,2026-01-05,U999999,MD\n"
    )


def break_with_attendees_missing_from_roster(home: Path) -> None:
    """A fifth of the learners are visiting clinicians the roster does not know (no NPI, outside emails),
    so only the resolved-share threshold can catch it: every key and relationship still holds."""
    files = sorted((home / "inbox" / "attendance").glob("*.csv"))
    learners = sorted({row["learner_id"] for path in files for row in csv_rows(path)})
    visiting = set(learners[: len(learners) // 5])
    for path in files:
        rows = csv_rows(path)
        for row in rows:
            if row["learner_id"] in visiting:
                row.update(npi="", email=f"{row['learner_id'].lower()}@visiting.example.org",
                           first_name="Visiting", last_name=f"Clinician {row['learner_id']}")
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)


@pytest.mark.parametrize(
    "break_it,named_check",
    [
        (break_with_unknown_activity, "relationships_stg_attendance_activity_id__activity_id__ref_stg_activities_"),
        (break_with_attendees_missing_from_roster, "attendance_resolves_to_roster"),
    ],
    ids=["unknown-activity", "attendees-missing-from-roster"],
)
def test_a_broken_join_fails_its_check_and_publishes_nothing(copy_of, published, break_it, named_check):
    break_it(copy_of)
    result = run_pipeline(copy_of, copy_of / "inbox")
    assert not result.success
    assert named_check in failed_checks(result)
    assert snapshot(copy_of) == published["snapshot"]


def test_a_mart_with_an_identifier_column_fails_its_suite_and_publishes_nothing(copy_of, published, tmp_path):
    """The column is declared in the mart's YAML too, so the enforced contract passes and the published
    promise (no identifier columns) is what catches it: Great Expectations, not dbt."""
    project = copy_dbt_project(tmp_path)
    mart = project / "models" / "marts" / "need_coverage.sql"
    mart.write_text(
        mart.read_text().replace(
            "select\n    needs.need_id,", "select\n    needs.need_id,\n    'someone@example.org' as email,", 1
        )
    )
    marts_yml = project / "models" / "marts" / "_marts.yml"
    spec = yaml.safe_load(marts_yml.read_text())
    [model] = [m for m in spec["models"] if m["name"] == "need_coverage"]
    model["columns"].insert(1, {"name": "email", "data_type": "varchar", "description": "A leak."})
    marts_yml.write_text(yaml.safe_dump(spec, sort_keys=False))
    result = run_pipeline(copy_of, copy_of / "inbox", dbt_project_dir=project)
    assert not result.success
    assert "great_expectations_suite" in failed_checks(result)
    [evaluation] = [e for e in result.get_asset_check_evaluations() if not e.passed]
    assert evaluation.asset_key.path == ["marts", "need_coverage"]
    assert "no_identifier_columns on ['email']" in evaluation.description
    assert snapshot(copy_of) == published["snapshot"]
    assert "need_coverage" in (copy_of / "validation" / "index.html").read_text()


def test_a_join_that_multiplies_rows_fails_its_row_count_test_and_publishes_nothing(copy_of, published, tmp_path):
    project = copy_dbt_project(tmp_path)
    model = project / "models" / "intermediate" / "int_attendance_resolved.sql"
    sql = model.read_text()
    assert sql.rstrip().endswith("from candidates")
    model.write_text(sql.rstrip().removesuffix("from candidates")
                     + "from (select * from candidates union all (select * from candidates limit 1)) as candidates\n")
    result = run_pipeline(copy_of, copy_of / "inbox", dbt_project_dir=project)
    assert not result.success
    [fan_out] = [e for e in result.get_asset_check_evaluations()
                 if e.check_name.startswith("row_count_matches") and not e.passed]
    assert fan_out.asset_key.path[-1] == "int_attendance_resolved"
    assert snapshot(copy_of) == published["snapshot"]


def test_a_roster_npi_delivered_twice_does_not_fan_out(copy_of, published):
    roster = csv_rows(copy_of / "inbox" / "roster" / "roster.csv")
    moved = dict(roster[0], service_line="Oncology")
    with (copy_of / "inbox" / "roster" / "roster_zz_update.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(roster[0]))
        writer.writeheader()
        writer.writerow(moved)
    result = run_pipeline(copy_of, copy_of / "inbox")
    assert result.success, failure_messages(result)
    warehouse = copy_of / "warehouse.duckdb"
    assert query(warehouse, "select service_line from staging.stg_roster where npi = ?", [moved["npi"]]) == [
        ("Oncology",)
    ]
    assert query(warehouse, "select count(*) from restricted.int_attendance_resolved") == query(
        warehouse, "select count(*) from staging.stg_attendance"
    )
    assert snapshot(copy_of) != published["snapshot"]  # a good run publishes
