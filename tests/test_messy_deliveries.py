"""Real-world deliveries, built from the generator's output: every row loaded or quarantined with a reason.

One inbox holds every kind of mess at once (BOM and CRLF, Excel, Parquet, an EthosCE-shaped CSV and a
CloudCME-shaped Excel export read through their mappings, bad NPIs, unknown codes, scores out of range,
duplicate and conflicting rows, impossible and future dates, a truncated file, an unknown column, and a
file missing a required column), and the whole pipeline runs on it through Dagster.
"""

from __future__ import annotations

import pytest

from tests.conftest import failure_messages, query, run_pipeline
from tests.messy_inbox import build_messy_inbox, read_rows

SEED = 11


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    from cme_pipeline.synthetic import generate_world

    home = tmp_path_factory.mktemp("messy")
    inbox = home / "inbox"
    planted = generate_world(inbox, scale="small", seed=SEED)
    expect = build_messy_inbox(inbox)
    first = run_pipeline(home, inbox)
    return {
        "home": home,
        "inbox": inbox,
        "warehouse": home / "warehouse.duckdb",
        "planted": planted,
        "expect": expect,
        "first_run": first,
    }


def quarantined(messy, feed: str, file_name: str) -> dict[int, tuple[str, str]]:
    return {
        line: (rule, reason)
        for line, rule, reason in query(
            messy["warehouse"],
            "select source_line, rule, reason from raw._quarantine where feed = ? and source_file = ?",
            [feed, file_name],
        )
    }


def test_a_file_missing_a_required_column_is_refused_whole_and_the_rest_publishes(messy):
    result = messy["first_run"]
    assert result.success, failure_messages(result)
    problem = "activities/activities_late.csv: missing required column(s) activity_type"
    [refused] = [
        m.metadata["files_refused"].value
        for m in result.asset_materializations_for_node("raw__activities")
    ]
    assert list(refused) == ["activities_late.csv"] and refused["activities_late.csv"].startswith(problem)
    assert query(
        messy["home"] / "published" / "cme_marts.duckdb",
        "select status, rows_loaded, file_problem from data_quality where file_name = 'activities_late.csv'",
    ) == [("failed", 0, refused["activities_late.csv"])]
    # The feed's good file still loaded; nothing from the bad one did.
    rows = query(messy["warehouse"], "select _source_file, count(*) from raw.activities group by 1")
    assert rows == [("activities.csv", messy["expect"]["activities"])]


def test_every_file_accounts_for_every_row(messy):
    log = query(
        messy["warehouse"],
        "select feed, file_name, status, rows_read, rows_loaded, rows_quarantined from raw._ingest_log",
    )
    files_in_inbox = {
        (folder.name, path.name) for folder in messy["inbox"].iterdir() if folder.is_dir() for path in folder.iterdir()
    }
    assert {(feed, name) for feed, name, *_ in log} == files_in_inbox
    for feed, name, status, read, loaded, held in log:
        assert read == loaded + held, (feed, name)
        if status == "loaded":
            [(in_raw,)] = query(messy["warehouse"], f"select count(*) from raw.{feed} where _source_file = ?", [name])
            [(in_quarantine,)] = query(
                messy["warehouse"],
                "select count(*) from raw._quarantine where feed = ? and source_file = ?",
                [feed, name],
            )
            assert (in_raw, in_quarantine) == (loaded, held), (feed, name)
        else:
            assert (status, read) == ("failed", 0)


def test_bad_attendance_rows_are_quarantined_with_their_reason_and_line(messy):
    expect = messy["expect"]
    held = quarantined(messy, "attendance", "attendance_2024.csv")
    for rule, line in expect["attendance_bad_lines"].items():
        if rule == "key repeated with different values":
            continue
        assert held[line][0] == rule, (rule, line, held.get(line))
    assert held[expect["attendance_bad_lines"]["pre_score out of range"]][1] == (
        "pre_score 150 is out of range (must be at most 100)"
    )
    assert held[expect["attendance_bad_lines"]["profession unknown code"]][1].startswith(
        "profession Surgeon is not one of MD, DO"
    )
    assert held[expect["attendance_bad_lines"]["duplicate row"]][1] == "exact duplicate of line 2"
    for line in expect["attendance_conflict_lines"]:
        assert held[line][0] == "key repeated with different values"
    [(read, loaded, quarantine)] = query(
        messy["warehouse"],
        "select rows_read, rows_loaded, rows_quarantined from raw._ingest_log where file_name = 'attendance_2024.csv'",
    )
    assert read == expect["attendance_2024_rows"]
    assert quarantine == len(held) == len(expect["attendance_bad_lines"]) + 1  # the conflict holds back two rows


def test_a_bad_attendance_npi_is_set_aside_and_the_row_still_loads(messy):
    line = messy["expect"]["attendance_set_aside_line"]
    [(npi,)] = query(
        messy["warehouse"],
        "select npi from raw.attendance where _source_file = 'attendance_2024.csv' and _source_line = ?",
        [line],
    )
    assert npi == "1234567890"
    [(rule, reason)] = query(
        messy["warehouse"],
        "select rule, reason from raw._ingest_warnings where source_file = 'attendance_2024.csv' and source_line = ?",
        [line],
    )
    assert rule == "npi fails the check digit"
    assert reason.startswith("npi 1234567890 fails the check digit")


def test_a_roster_row_with_a_bad_npi_is_quarantined(messy):
    held = quarantined(messy, "roster", "roster.csv")
    assert held == {
        messy["expect"]["roster_bad_line"]: ("npi fails the check digit", "npi 1234567890 fails the check digit")
    }


def test_unknown_columns_are_kept_and_reported(messy):
    [(mapping, message)] = query(
        messy["warehouse"], "select mapping, message from raw._ingest_log where file_name = 'roster.csv'"
    )
    assert mapping == "contract"
    assert message == "columns not in the contract kept in raw._extra: Badge Number"
    [(extra,)] = query(messy["warehouse"], "select _extra from raw.roster where _source_line = 2")
    assert extra == '{"Badge Number":"B00000"}'


def test_excel_and_parquet_deliveries_load_whole(messy):
    [(needs,)] = query(messy["warehouse"], "select count(*) from raw.needs where _source_file = 'needs.xlsx'")
    assert needs == messy["expect"]["needs"]
    [(catalog,)] = query(messy["warehouse"], "select count(*) from raw.metric_catalog")
    assert catalog == 11


def test_metric_values_truncated_and_impossible_rows_are_held_back(messy):
    expect = messy["expect"]
    held = quarantined(messy, "metric_values", "metric_values_2025-01.csv")
    assert held[expect["proportion_line"]][0] == "numerator exceeds denominator of a proportion"
    assert held[expect["truncated_line"]][0] == "unreadable row"
    assert held[expect["truncated_line"]][1].startswith("row is cut short")
    assert len(held) == 2


def exported_keys(rows: list[dict[str, str]]) -> set[tuple[str, str, str, str]]:
    return {(r["activity_id"], r["session_date"], r["learner_id"], r["profession"]) for r in rows}


def test_ethosce_and_cloudcme_exports_load_through_their_mappings(messy):
    expect = messy["expect"]
    for file_name, mapping, original in (
        ("ethosce_completions_2025.csv", "ethosce_attendance.yml", expect["ethos_rows"]),
        ("cloudcme_2026.xlsx", "cloudcme_attendance.yml", expect["cloud_rows"]),
    ):
        [(used, read, loaded, message)] = query(
            messy["warehouse"],
            "select mapping, rows_read, rows_loaded, message from raw._ingest_log where file_name = ?",
            [file_name],
        )
        assert (used, read, loaded, message) == (mapping, len(original), len(original), None)
        loaded_keys = set(
            query(
                messy["warehouse"],
                "select activity_id, session_date, learner_id, profession from raw.attendance where _source_file = ?",
                [file_name],
            )
        )
        assert loaded_keys == exported_keys(original)
    satisfaction = query(
        messy["warehouse"],
        "select satisfaction from raw.attendance "
        "where _source_file = 'cloudcme_2026.xlsx' and satisfaction is not null",
    )
    assert satisfaction and all(value in {"1", "2", "3", "4", "5"} for (value,) in satisfaction)


@pytest.fixture(scope="module")
def cleaned(messy):
    """The analyst removes the unreadable file and runs again: everything else already loaded."""
    (messy["inbox"] / "activities" / "activities_late.csv").unlink()
    result = run_pipeline(messy["home"], messy["inbox"])
    assert result.success, failure_messages(result)
    return messy


def test_data_quality_mart_reports_each_file_without_identifiers(cleaned):
    rows = query(
        cleaned["warehouse"],
        "select feed, file_name, rows_read, rows_loaded, rows_quarantined, rows_with_warnings, "
        "coalesce(top_quarantine_reasons, '') from marts.data_quality",
    )
    by_file = {(feed, name): rest for feed, name, *rest in rows}
    assert ("activities", "activities_late.csv") not in by_file
    read, loaded, held, warned, reasons = by_file[("attendance", "attendance_2024.csv")]
    assert read == loaded + held and held == 8 and warned >= 1
    assert reasons.startswith("key repeated with different values (2)")
    assert by_file[("metric_values", "metric_values_2025-01.csv")][4] == (
        "numerator exceeds denominator of a proportion (1); unreadable row (1)"
    )
    # No NPI, email or CME learner id from any delivery appears anywhere in the mart.
    identifiers = set()
    for name in ("roster.csv",):
        _, roster = read_rows(cleaned["inbox"] / "roster" / name)
        identifiers |= {row["npi"] for row in roster} | {row["email"] for row in roster}
    identifiers |= {row["learner_id"] for row in cleaned["expect"]["ethos_rows"]} | {"1234567890"}
    text = " ".join(
        str(value) for row in query(cleaned["warehouse"], "select * from marts.data_quality") for value in row
    )
    assert not [identifier for identifier in identifiers if identifier and identifier in text]


def test_running_again_changes_no_table(cleaned):
    tables = query(
        cleaned["warehouse"],
        "select table_schema, table_name from information_schema.tables "
        "where table_schema in ('raw', 'staging', 'intermediate', 'restricted', 'reference', 'marts')",
    )

    def counts() -> dict[str, int]:
        return {
            f"{schema}.{name}": query(cleaned["warehouse"], f'select count(*) from "{schema}"."{name}"')[0][0]
            for schema, name in tables
        }

    before = counts()
    result = run_pipeline(cleaned["home"], cleaned["inbox"])  # forced: `run` would see nothing new
    assert result.success, failure_messages(result)
    assert counts() == {**before, "raw._published": before["raw._published"] + 1}
