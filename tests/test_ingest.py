"""The raw loader on real files in a real DuckDB: every file accounted for, nothing loaded twice."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from cme_pipeline.contract import FEEDS
from cme_pipeline.ingest.loader import load_feed

NEEDS = FEEDS["needs"]
# Needs files as delivered before the optional topic_keywords column existed: an optional column may be absent.
HEADER = ",".join(name for name in NEEDS.column_names if name != "topic_keywords")


def need_line(need_id: str, source_name: str = "Sepsis Committee") -> str:
    return f"{need_id},committee,{source_name},2025-01-15,gap,Emergency Medicine,MD|DO,SEP1,0.8,high"


@pytest.fixture
def con(tmp_path):
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as connection:
        yield connection


def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding=encoding, newline=newline) as handle:
        handle.write(text)
    return path


def log(con) -> list[tuple]:
    return con.execute(
        "select file_name, status, rows_read, rows_loaded, rows_quarantined from raw._ingest_log order by log_seq"
    ).fetchall()


def test_bom_crlf_and_quoted_fields_load_with_their_lines(tmp_path, con):
    folder = tmp_path / "needs"
    quoted = 'N2,committee,"Pharmacy, Therapeutics",2025-02-01,"two\r\nlines",Cardiology,,,,low'
    text = f"{HEADER}\r\n{need_line('N1')}\r\n{quoted}\r\n"
    write(folder / "needs.csv", text, encoding="utf-8-sig", newline="")
    result = load_feed(con, NEEDS, folder)
    assert [(f.status, f.rows_read, f.rows_loaded) for f in result.files] == [("loaded", 2, 2)]
    rows = con.execute("select need_id, source_name, practice_gap, _source_line from raw.needs order by 1").fetchall()
    assert rows == [("N1", "Sepsis Committee", "gap", 2), ("N2", "Pharmacy, Therapeutics", "two\r\nlines", 3)]


def test_the_same_file_again_is_a_no_op_and_a_changed_one_replaces_itself(tmp_path, con):
    folder = tmp_path / "needs"
    path = write(folder / "needs.csv", f"{HEADER}\n{need_line('N1')}\n{need_line('N2')}\n")
    load_feed(con, NEEDS, folder)
    again = load_feed(con, NEEDS, folder)
    assert [f.status for f in again.files] == ["unchanged"]
    assert again.table_rows == 2
    write(path, f"{HEADER}\n{need_line('N1', 'Quality Council')}\n")
    changed = load_feed(con, NEEDS, folder)
    assert [(f.status, f.rows_loaded) for f in changed.files] == [("loaded", 1)]
    assert con.execute("select need_id, source_name from raw.needs").fetchall() == [("N1", "Quality Council")]
    assert [row[:2] for row in log(con)] == [("needs.csv", "loaded"), ("needs.csv", "loaded")]


def test_a_file_missing_a_required_column_fails_alone_with_a_clear_message(tmp_path, con):
    folder = tmp_path / "needs"
    write(folder / "a_good.csv", f"{HEADER}\n{need_line('N1')}\n")
    write(folder / "b_bad.csv", "need_id,source_type,source_name\nN2,committee,Sepsis Committee\n")
    result = load_feed(con, NEEDS, folder)
    assert [f.status for f in result.files] == ["loaded", "failed"]
    [failure] = result.failures
    assert failure.message.startswith("needs/b_bad.csv: missing required column(s) identified_on, target_service_line")
    assert result.table_rows == 1
    assert log(con)[-1] == ("b_bad.csv", "failed", 0, 0, 0)


def test_a_file_that_is_not_csv_fails_alone(tmp_path, con):
    folder = tmp_path / "needs"
    write(folder / "needs.csv", f"{HEADER}\n{need_line('N1')}\n")
    (folder / "needs.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    result = load_feed(con, NEEDS, folder)
    assert [f.status for f in result.files] == ["loaded", "failed"]
    assert "needs/needs.xlsx" in result.failures[0].message
    assert result.table_rows == 1


def test_unknown_columns_are_kept_and_reported(tmp_path, con):
    folder = tmp_path / "needs"
    write(folder / "needs.csv", f"{HEADER},Committee Chair\n{need_line('N1')},Dr. Osei\n")
    result = load_feed(con, NEEDS, folder)
    assert result.files[0].extra_columns == ["Committee Chair"]
    [(extra,)] = con.execute("select _extra from raw.needs").fetchall()
    assert json.loads(extra) == {"Committee Chair": "Dr. Osei"}


def test_a_file_taken_out_of_the_inbox_takes_its_rows_with_it_but_an_empty_folder_removes_nothing(tmp_path, con):
    folder = tmp_path / "needs"
    write(folder / "needs_1.csv", f"{HEADER}\n{need_line('N1')}\n")
    second = write(folder / "needs_2.csv", f"{HEADER}\n{need_line('N2')}\n")
    load_feed(con, NEEDS, folder)
    second.unlink()
    result = load_feed(con, NEEDS, folder)
    assert [(f.file_name, f.status) for f in result.files] == [
        ("needs_1.csv", "unchanged"),
        ("needs_2.csv", "withdrawn"),
    ]
    assert result.table_rows == 1
    (folder / "needs_1.csv").unlink()
    assert load_feed(con, NEEDS, folder).table_rows == 1
    # Delivered again after withdrawal, the same bytes load again.
    write(second, f"{HEADER}\n{need_line('N2')}\n")
    assert [f.status for f in load_feed(con, NEEDS, folder).files] == ["loaded", "withdrawn"]


def test_a_run_over_part_of_a_feed_withdraws_only_what_is_no_longer_delivered(tmp_path, con):
    folder = tmp_path / "needs"
    months = [write(folder / f"needs_2026-0{m}.csv", f"{HEADER}\n{need_line(f'N{m}')}\n") for m in (1, 2, 3)]
    load_feed(con, NEEDS, folder)
    # One month's run: the other months' files are still delivered, so they keep their rows.
    changed = write(months[2], f"{HEADER}\n{need_line('N3')}\n{need_line('N33')}\n")
    result = load_feed(con, NEEDS, folder, files=[changed])
    assert [(f.file_name, f.status) for f in result.files] == [("needs_2026-03.csv", "loaded")]
    assert result.table_rows == 4
    # A file taken out of the folder is withdrawn even by a run that loads only another month.
    months[0].unlink()
    result = load_feed(con, NEEDS, folder, files=[months[1]])
    assert [(f.file_name, f.status) for f in result.files] == [
        ("needs_2026-02.csv", "unchanged"),
        ("needs_2026-01.csv", "withdrawn"),
    ]
    assert sorted(con.execute("select need_id from raw.needs").fetchall()) == [("N2",), ("N3",), ("N33",)]


@pytest.mark.parametrize(
    "content,problem",
    [
        (HEADER + "\n", "needs/needs.csv: has a header but no rows"),
        ("", "needs/needs.csv: is empty"),
        (
            HEADER.replace(",", ";") + "\n" + need_line("N1").replace(",", ";") + "\n",
            "needs/needs.csv: the header is one column",
        ),
        (b"\xff\xfeneed_id\n".decode("latin-1"), "needs/needs.csv: is not UTF-8 text"),
    ],
    ids=["header-only", "empty", "semicolons", "not-utf8"],
)
def test_a_file_with_no_readable_rows_fails_with_one_line_naming_it(tmp_path, con, content, problem):
    folder = tmp_path / "needs"
    write(folder / "needs.csv", content, encoding="latin-1")
    [failed] = load_feed(con, NEEDS, folder).failures
    assert failed.message.startswith(problem), failed.message
    assert "\n" not in failed.message


def test_codes_are_forgiven_case_and_spaces_and_loaded_canonical(tmp_path, con):
    folder = tmp_path / "needs"
    line = need_line("N1").replace("committee", "  Committee ").replace("MD|DO", "md| Do").replace(",high", ",HIGH")
    write(folder / "needs.csv", f"{HEADER}\n{line}\n")
    result = load_feed(con, NEEDS, folder)
    assert [(f.rows_loaded, f.rows_quarantined) for f in result.files] == [(1, 0)]
    assert con.execute("select source_type, target_professions, priority from raw.needs").fetchall() == [
        ("committee", "MD|DO", "high")
    ]


def test_a_new_export_shape_needs_only_a_yaml_mapping(tmp_path, con):
    from cme_pipeline.ingest.mappings import load_mappings

    mappings = tmp_path / "mappings"
    write(
        mappings / "committee_tracker.yml",
        """
name: Committee tracker spreadsheet
feed: needs
files: ["tracker_*"]
columns:
  need_id: "Need #"
  source_type: {source: Raised By Type, values: {Committee: committee, "Service Line": service_line}}
  source_name: Raised By
  identified_on: {source: Date Raised, date_format: "%d.%m.%Y"}
  target_service_line: Service Line
  priority: {source: "Urgent?", values: {"Yes": high, "No": medium}}
""",
    )
    folder = tmp_path / "needs"
    write(
        folder / "tracker_2025.csv",
        "Need #,Raised By Type,Raised By,Date Raised,Service Line,Urgent?\n"
        "N7,Committee,Sepsis Committee,14.03.2025,Emergency Medicine,Yes\n"
        "N8,Service Line,Cardiology,01.04.2025,Cardiology,No\n",
    )
    result = load_feed(con, NEEDS, folder, load_mappings(mappings))
    assert [(f.mapping, f.rows_loaded, f.rows_quarantined) for f in result.files] == [("committee_tracker.yml", 2, 0)]
    assert con.execute("select need_id, source_type, identified_on, priority from raw.needs order by 1").fetchall() == [
        ("N7", "committee", "2025-03-14", "high"),
        ("N8", "service_line", "2025-04-01", "medium"),
    ]


def test_the_same_bytes_under_another_name_load_nothing_and_a_failing_file_is_not_logged_twice(tmp_path, con):
    folder = tmp_path / "needs"
    write(folder / "needs_a.csv", f"{HEADER}\n{need_line('N1')}\n")
    write(folder / "needs_b.csv", f"{HEADER}\n{need_line('N1')}\n")
    write(folder / "needs_c.csv", "need_id\nN9\n")
    first = load_feed(con, NEEDS, folder)
    assert [(f.file_name, f.status) for f in first.files] == [
        ("needs_a.csv", "loaded"),
        ("needs_b.csv", "duplicate"),
        ("needs_c.csv", "failed"),
    ]
    assert first.files[1].message == "same content as needs_a.csv, already loaded: nothing to load"
    assert first.table_rows == 1
    log_rows = len(log(con))
    again = load_feed(con, NEEDS, folder)
    assert [f.status for f in again.files] == ["unchanged", "unchanged", "failed"]
    assert again.failures[0].message.startswith("needs/needs_c.csv: missing required column(s)")
    assert len(log(con)) == log_rows


def test_files_sharing_a_header_load_together_each_with_its_own_lines_and_ledger(tmp_path, con):
    folder = tmp_path / "needs"
    write(folder / "a.csv", f"{HEADER}\n{need_line('N1')}\n{need_line('N2')}\n{need_line('N1')}\n")
    write(folder / "b.csv", f"{HEADER}\n{need_line('N3')}\nN4,committee,cut short\n{need_line('N5')}\n")
    write(folder / "c.csv", f"{HEADER}\n{need_line('N6')}\n")
    result = load_feed(con, NEEDS, folder)
    assert [(f.file_name, f.status, f.rows_read, f.rows_loaded, f.rows_quarantined) for f in result.files] == [
        ("a.csv", "loaded", 3, 2, 1),
        ("b.csv", "loaded", 3, 2, 1),
        ("c.csv", "loaded", 1, 1, 0),
    ]
    assert con.execute("select _source_file, need_id, _source_line from raw.needs order by 1, 3").fetchall() == [
        ("a.csv", "N1", 2), ("a.csv", "N2", 3), ("b.csv", "N3", 2), ("b.csv", "N5", 4), ("c.csv", "N6", 2),
    ]
    assert con.execute("select source_file, source_line, rule from raw._quarantine order by 1").fetchall() == [
        ("a.csv", 4, "duplicate row"), ("b.csv", 3, "unreadable row"),
    ]


def test_a_file_that_spoils_its_batch_is_refused_alone_and_the_others_load(tmp_path, con):
    folder = tmp_path / "needs"
    write(folder / "a.csv", f"{HEADER}\n{need_line('N1')}\n")
    write(folder / "b.csv", f"{HEADER}\n")  # a header and nothing else
    write(folder / "c.csv", f"{HEADER}\n{need_line('N2')}\n")
    result = load_feed(con, NEEDS, folder)
    assert [(f.file_name, f.status, f.rows_loaded) for f in result.files] == [
        ("a.csv", "loaded", 1), ("b.csv", "failed", 0), ("c.csv", "loaded", 1),
    ]
    assert "needs/b.csv: has a header but no rows" in result.files[1].message
    assert [(name, status) for name, status, *_ in log(con)] == [
        ("a.csv", "loaded"), ("b.csv", "failed"), ("c.csv", "loaded"),
    ]
