"""The synthetic world generator: determinism, the inbox contract, identity and metric-value validity.

Every check reads the CSVs the generator wrote (through DuckDB), not its internals: the
point is that the files carry what planted.json claims, so the pipeline can recover it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from cme_pipeline.contract import FEEDS, is_valid_npi
from cme_pipeline.synthetic import generate_world
from tests.generator_fixtures import END_MONTH, SEED, con_fixture, world_fixture  # noqa: F401 - pytest fixtures

LAST_DAY = "2026-06-30"


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_gives_byte_identical_files(world: tuple[Path, dict], tmp_path: Path) -> None:
    out, planted = world
    again = generate_world(tmp_path, "small", seed=SEED, end_month=END_MONTH)
    assert again == planted
    first, second = _files(out), _files(tmp_path)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_different_seed_gives_different_world(world: tuple[Path, dict], tmp_path: Path) -> None:
    out, planted = world
    other = generate_world(tmp_path, "small", seed=SEED + 1, end_month=END_MONTH)
    first, second = _files(out), _files(tmp_path)
    assert first.keys() == second.keys()  # same layout of files...
    assert all(first[name] != second[name] for name in first if "metric_catalog" not in name)  # ...new data
    assert other["needs"] != planted["needs"]


def test_every_file_has_the_contract_header(world: tuple[Path, dict]) -> None:
    out, planted = world
    assert {p.name for p in out.iterdir() if p.is_dir()} == set(FEEDS)
    for feed in FEEDS.values():
        files = sorted((out / feed.name).glob("*.csv"))
        assert files, feed.name
        if feed.name == "point_of_care":  # exports in their own shapes, read through the shipped mappings
            assert {path.name.split("_")[0] for path in (out / feed.name).iterdir()} == {"uptodate", "questions"}
            continue
        for path in files:
            with path.open(encoding="utf-8") as handle:
                assert handle.readline().rstrip("\n") == ",".join(feed.column_names), path
    expected = {"roster.csv", "metric_catalog.csv", "needs.csv", "activities.csv"}
    assert {
        p.name for feed in ("roster", "metric_catalog", "needs", "activities") for p in (out / feed).iterdir()
    } == expected
    assert sum(1 for _ in (out / "metric_values").glob("metric_values_????-??.csv")) == 30
    assert planted["first_month"] == "2024-01" and planted["last_month"] == END_MONTH


def test_roster_identity_is_clean(con: duckdb.DuckDBPyConnection) -> None:
    npis = [row[0] for row in con.execute("SELECT npi FROM roster").fetchall()]
    assert len(npis) >= 600 and len(set(npis)) == len(npis)
    assert all(is_valid_npi(n) for n in npis)
    emails = [row[0] for row in con.execute("SELECT email FROM roster").fetchall()]
    assert len(set(emails)) == len(emails) and all(e == e.lower() for e in emails)
    # Names are not identities: some (first, last) pairs repeat, as in real rosters.
    (repeats,) = con.execute(
        "SELECT count(*) FROM (SELECT first_name, last_name FROM roster GROUP BY ALL HAVING count(*) > 1)"
    ).fetchone()
    assert repeats > 0
    # A unit belongs to exactly one service line; professions follow the planned mix.
    assert (
        con.execute(
            "SELECT count(*) FROM (SELECT unit FROM roster GROUP BY unit "
            "HAVING count(DISTINCT service_line) > 1)"
        ).fetchone()[0]
        == 0
    )
    md = con.execute("SELECT avg((profession = 'MD')::INT) FROM roster").fetchone()[0]
    assert 0.35 < md < 0.45


def test_attendance_keys_unique_and_sessions_inside_activities(con: duckdb.DuckDBPyConnection) -> None:
    total, distinct = con.execute(
        "SELECT count(*), count(DISTINCT (activity_id, session_date, learner_id)) FROM attendance"
    ).fetchone()
    assert total == distinct and 2_000 < total < 10_000
    outside = con.execute("""
        SELECT count(*) FROM attendance t LEFT JOIN activities a USING (activity_id)
        WHERE a.activity_id IS NULL OR t.session_date < a.start_date OR t.session_date > a.end_date
    """).fetchone()[0]
    assert outside == 0
    # Files are split by year of session.
    assert (
        con.execute(
            "SELECT count(*) FROM attendance WHERE parse_filename(filename) <> "
            "'attendance_' || left(session_date, 4) || '.csv'"
        ).fetchone()[0]
        == 0
    )


def test_identity_mess_matches_planted(con: duckdb.DuckDBPyConnection, world: tuple[Path, dict]) -> None:
    mess = world[1]["identity_mess"]
    # Each learner id carries one NPI (or none) and one e-mail spelling across all their rows.
    assert (
        con.execute("""
        SELECT count(*) FROM (SELECT learner_id FROM attendance GROUP BY learner_id
        HAVING count(DISTINCT coalesce(npi, '-')) > 1 OR count(DISTINCT email) > 1)""").fetchone()[0]
        == 0
    )
    learners = con.execute("SELECT DISTINCT learner_id, npi, email FROM attendance").fetchall()
    assert len(learners) == mess["learners_total"]
    typos = [(npi, email) for _, npi, email in learners if npi is not None and not is_valid_npi(npi)]
    assert len(typos) == mess["npi_typo"] > 0
    assert sum(npi is None for _, npi, _ in learners) == mess["npi_missing"]
    assert sum(email != email.lower() for _, _, email in learners) == mess["email_case_changed"]
    roster = dict(con.execute("SELECT email, npi FROM roster").fetchall())
    not_on_roster = [email for _, _, email in learners if email.lower() not in roster]
    assert len(not_on_roster) == mess["not_on_roster"] > 0
    for npi, email in typos:  # a typo is one digit off the person's real NPI
        real = roster.get(email.lower())
        if real is not None:
            assert sum(a != b for a, b in zip(npi, real, strict=True)) == 1


def test_nothing_dated_after_end_month(con: duckdb.DuckDBPyConnection) -> None:
    checks = {
        "attendance": "max(session_date)",
        "activities": "greatest(max(start_date), max(end_date))",
        "needs": "max(identified_on)",
        "roster": "greatest(max(active_from), max(coalesce(active_to, active_from)))",
    }
    for table, expr in checks.items():
        assert con.execute(f"SELECT {expr} FROM {table}").fetchone()[0] <= LAST_DAY, table
    assert con.execute("SELECT min(period), max(period) FROM metric_values_all").fetchone() == (
        "2024-01",
        END_MONTH,
    )


def test_metric_values_are_valid(con: duckdb.DuckDBPyConnection) -> None:
    bad = con.execute("""
        SELECT count(*) FROM metric_values_all v JOIN metric_catalog c USING (metric_id)
        WHERE v.denominator <= 0 OR v.numerator < 0
           OR (c.scoring = 'proportion' AND v.numerator > v.denominator)
           OR v.entity_type <> c.unit_of_analysis""").fetchone()[0]
    assert bad == 0
    assert (
        con.execute("""
        SELECT count(*) FROM (SELECT file, metric_id, period, entity_type, entity_id FROM metric_values_all
        GROUP BY ALL HAVING count(*) > 1)""").fetchone()[0]
        == 0
    )
    assert (
        con.execute(
            "SELECT count(*) FROM metric_values_all WHERE file LIKE 'metric_values____-__.csv' "
            "AND file <> 'metric_values_' || period || '.csv'"
        ).fetchone()[0]
        == 0
    )
    # Clinician-level values are reported only for prescribers.
    assert (
        con.execute("""
        SELECT count(*) FROM metric_values v LEFT JOIN roster r ON v.entity_id = r.npi
        WHERE v.entity_type = 'clinician' AND (r.npi IS NULL OR r.profession NOT IN ('MD', 'DO', 'NP', 'PA'))
    """).fetchone()[0]
        == 0
    )


def test_resubmission_sorts_last_and_replaces_earlier_rows(
    con: duckdb.DuckDBPyConnection, world: tuple[Path, dict]
) -> None:
    out, planted = world
    files = sorted(p.name for p in (out / "metric_values").iterdir())
    assert files[-1] == "metric_values_2026-07_resubmission.csv"
    resubmitted = planted["resubmitted"]
    assert 15 <= len(resubmitted) <= 25
    for row in resubmitted:
        key = [row["metric_id"], row["period"], row["entity_type"], row["entity_id"]]
        earlier = con.execute(
            """
            SELECT numerator, denominator FROM metric_values_all
            WHERE metric_id = ? AND period = ? AND entity_type = ? AND entity_id = ? AND file <> ?""",
            [*key, files[-1]],
        ).fetchall()
        assert len(earlier) == 1 and earlier[0][0] != row["numerator"] and earlier[0][1] == row["denominator"]
        final = con.execute(
            """
            SELECT numerator, denominator FROM metric_values
            WHERE metric_id = ? AND period = ? AND entity_type = ? AND entity_id = ?""",
            key,
        ).fetchall()
        assert final == [(row["numerator"], row["denominator"])]
