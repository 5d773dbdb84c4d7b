"""The synthetic world generator: determinism, the inbox contract, and the planted truth.

Every check reads the CSVs the generator wrote (through DuckDB), not its internals: the
point is that the files carry what planted.json claims, so the pipeline can recover it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from cme_pipeline.contract import FEEDS, is_valid_npi
from cme_pipeline.synthetic import SCALES, generate_world

SEED = 7
END_MONTH = "2026-06"
LAST_DAY = "2026-06-30"


def _q(text: str) -> str:
    """A SQL string literal (service lines like Women's Health carry quotes)."""
    return "'" + text.replace("'", "''") + "'"


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("world")
    planted = generate_world(out, "small", seed=SEED, end_month=END_MONTH)
    return out, planted


@pytest.fixture(scope="module")
def con(world: tuple[Path, dict]) -> Iterator[duckdb.DuckDBPyConnection]:
    """The inbox as tables; metric_values keeps the last file's row per key, as the contract says."""
    out, _ = world
    db = duckdb.connect()

    def read(feed: str) -> str:
        return f"read_csv('{out / feed}/*.csv', all_varchar = true, header = true, filename = true)"

    for feed in ("roster", "needs", "activities", "attendance", "metric_catalog"):
        db.execute(f"CREATE TABLE {feed} AS SELECT * FROM {read(feed)}")
    db.execute(f"""
        CREATE TABLE metric_values_all AS
        SELECT * REPLACE (numerator::BIGINT AS numerator, denominator::BIGINT AS denominator),
               parse_filename(filename) AS file
        FROM {read("metric_values")}""")
    db.execute("""
        CREATE TABLE metric_values AS
        SELECT * EXCLUDE (rn) FROM (
            SELECT *, row_number() OVER (
                PARTITION BY metric_id, period, entity_type, entity_id ORDER BY file DESC) AS rn
            FROM metric_values_all)
        WHERE rn = 1""")
    db.execute("""
        CREATE TABLE need_activity AS
        SELECT activity_id, unnest(string_split(need_ids, '|')) AS need_id FROM activities
        WHERE need_ids IS NOT NULL""")
    # Attendance matched to the roster the way a pipeline would: NPI, else e-mail in any case.
    db.execute("""
        CREATE TABLE attended AS
        SELECT DISTINCT a.activity_id, r.npi
        FROM attendance a JOIN roster r ON a.npi = r.npi OR lower(a.email) = r.email""")
    yield db
    db.close()


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


def test_needs_activities_metrics_consistent(
    con: duckdb.DuckDBPyConnection, world: tuple[Path, dict]
) -> None:
    planted = {n["need_id"]: n for n in world[1]["needs"]}
    needs = con.execute("SELECT need_id, metric_id, target_service_line FROM needs").fetchall()
    assert {n for n, _, _ in needs} == set(planted)
    catalog = {row[0] for row in con.execute("SELECT metric_id FROM metric_catalog").fetchall()}
    assert len(catalog) == 11
    with_metric = [(m, sl) for _, m, sl in needs if m is not None]
    assert len(with_metric) == len(set(with_metric)) and {m for m, _ in with_metric} == catalog
    assert (
        con.execute(
            "SELECT count(*) FROM need_activity WHERE need_id NOT IN (SELECT need_id FROM needs)"
        ).fetchone()[0]
        == 0
    )
    linked: dict[str, set[str]] = {}
    for activity_id, need_id in con.execute("SELECT activity_id, need_id FROM need_activity").fetchall():
        linked.setdefault(need_id, set()).add(activity_id)
    for need_id, need in planted.items():
        assert set(need["activity_ids"]) == linked.get(need_id, set()), need_id
        assert 1 <= len(need["activity_ids"]) <= 4 or need["kind"] == "unaddressed"
    kinds = [n["kind"] for n in planted.values()]
    assert kinds.count("gap") == 2 and all(
        planted[n]["activity_ids"] for n in planted if planted[n]["kind"] == "gap"
    )
    assert (
        [n for n in planted.values() if not n["activity_ids"]]
        == [n for n in planted.values() if n["kind"] == "unaddressed"]
        != []
    )
    # Metric-linked clinician needs: both groups big enough to compare.
    for need in planted.values():
        if need["unit_of_analysis"] == "clinician" and need["activity_ids"]:
            assert need["target_group_size"] >= 25
            assert need["exposed_clinicians"] >= 11
            assert need["target_group_size"] - need["exposed_clinicians"] >= 11


def test_education_leaves_six_months_either_side(
    con: duckdb.DuckDBPyConnection, world: tuple[Path, dict]
) -> None:
    rows = con.execute("""
        SELECT n.need_id, n.identified_on, min(a.start_date), max(a.end_date)
        FROM needs n JOIN need_activity na USING (need_id) JOIN activities a USING (activity_id)
        WHERE n.metric_id IS NOT NULL GROUP BY ALL""").fetchall()
    planted = {n["need_id"]: n for n in world[1]["needs"]}
    for need_id, identified, start, end in rows:
        assert identified < start
        assert (start, end) == (planted[need_id]["education_start"], planted[need_id]["education_end"])
        start_m = int(start[:4]) * 12 + int(start[5:7])
        end_m = int(end[:4]) * 12 + int(end[5:7])
        assert start_m - (2024 * 12 + 1) >= 6 and (2026 * 12 + 6) - end_m >= 6 and end_m - start_m <= 4


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


def _did(con: duckdb.DuckDBPyConnection, need: dict, exposed_sql: str, group_sql: str) -> tuple[float, float]:
    """Crude difference-in-differences on pooled rates: (exposed post - pre) - (comparison post - pre).

    Returns (DiD, naive pre/post change of the exposed). Pre = months before the first
    session's month, post = months after the last session's month.
    """
    rows = con.execute(
        f"""
        WITH grp AS ({group_sql}), exposed AS ({exposed_sql}),
        v AS (
            SELECT g.entity_id IN (SELECT entity_id FROM exposed) AS is_exposed,
                   CASE WHEN v.period < left(?, 7) THEN 'pre'
                        WHEN v.period > left(?, 7) THEN 'post' END AS phase,
                   v.numerator, v.denominator
            FROM metric_values v JOIN grp g USING (entity_id)
            WHERE v.metric_id = ?)
        SELECT is_exposed, phase, sum(numerator) / sum(denominator)
        FROM v WHERE phase IS NOT NULL GROUP BY ALL
    """,
        [need["education_start"], need["education_end"], need["metric_id"]],
    ).fetchall()
    rate = {(e, p): r for e, p, r in rows}
    naive = rate[(True, "post")] - rate[(True, "pre")]
    return naive - (rate[(False, "post")] - rate[(False, "pre")]), naive


def _clinician_groups(need: dict) -> tuple[str, str]:
    professions = ", ".join(_q(p) for p in need["target_professions"]) or "profession"
    group = (
        f"SELECT npi AS entity_id FROM roster WHERE service_line = {_q(need['target_service_line'])} "
        f"AND profession IN ({professions})"
    )
    exposed = (
        "SELECT t.npi AS entity_id FROM attended t JOIN need_activity na USING (activity_id) "
        f"WHERE na.need_id = '{need['need_id']}'"
    )
    return exposed, group


def test_effective_needs_improve_and_null_needs_do_not(
    con: duckdb.DuckDBPyConnection, world: tuple[Path, dict]
) -> None:
    needs = [n for n in world[1]["needs"] if n["unit_of_analysis"] == "clinician" and n["activity_ids"]]
    effective = [n for n in needs if n["effective"]]
    assert 0 < len(effective) < len(needs)
    naive_null = []
    for need in needs:
        did, naive = _did(con, need, *_clinician_groups(need))
        sign = 1 if need["improvement_notation"] == "increase" else -1
        if need["effective"]:
            assert sign * did > 0.5 * abs(need["planted_effect"]), (need["need_id"], did)
        else:
            assert need["planted_effect"] == 0.0 and abs(did) < 0.06, (need["need_id"], did)
            naive_null.append(sign * naive)
    # The secular trend: a naive pre/post "finds" improvement even where education did nothing.
    assert sum(naive_null) / len(naive_null) > 0.02


def test_unit_needs_engage_half_the_units(con: duckdb.DuckDBPyConnection, world: tuple[Path, dict]) -> None:
    for need in (n for n in world[1]["needs"] if n["unit_of_analysis"] == "unit"):
        shares = con.execute(f"""
            SELECT r.unit, avg((t.npi IS NOT NULL)::INT)
            FROM roster r LEFT JOIN (SELECT DISTINCT t.npi FROM attended t JOIN need_activity na
                                     USING (activity_id) WHERE na.need_id = '{need["need_id"]}') t USING (npi)
            WHERE r.service_line = {_q(need["target_service_line"])} GROUP BY r.unit""").fetchall()
        assert sorted(u for u, share in shares if share >= 0.5) == need["engaged_units"]
        assert 0 < len(need["engaged_units"]) < len(shares)
        if need["effective"]:  # few units: the within-line DiD is noisy, all SEP-1 units steadier
            engaged = f"SELECT unnest([{', '.join(_q(u) for u in need['engaged_units'])}]) AS entity_id"
            line = _q(need["target_service_line"])
            did_line, _ = _did(
                con,
                need,
                engaged,
                f"SELECT DISTINCT unit AS entity_id FROM roster WHERE service_line = {line}",
            )
            did_all, _ = _did(
                con,
                need,
                engaged,
                f"SELECT DISTINCT entity_id FROM metric_values WHERE metric_id = {_q(need['metric_id'])}",
            )
            assert did_line > 0 and did_all > 0.5 * need["planted_effect"], (did_line, did_all)


def test_extra_null_needs_get_their_own_pairs(tmp_path: Path) -> None:
    scale = dataclasses.replace(SCALES["small"], name="small+null", extra_null_needs=20)
    planted = generate_world(tmp_path, scale, seed=3, end_month="2025-12")
    extra = [n for n in planted["needs"] if n["kind"] == "extra_null"]
    assert len(extra) == 20 and all(n["planted_effect"] == 0.0 and not n["effective"] for n in extra)
    pairs = [(n["metric_id"], n["target_service_line"]) for n in planted["needs"] if n["metric_id"]]
    assert len(pairs) == len(set(pairs))
    assert all(n["target_group_size"] >= 25 and n["exposed_clinicians"] >= 11 for n in extra)
    assert planted["last_month"] == "2025-12"
    assert json.loads((tmp_path / "planted.json").read_text()) == planted


@pytest.fixture(scope="module")
def trap_world(tmp_path_factory: pytest.TempPathFactory) -> tuple[duckdb.DuckDBPyConnection, dict]:
    """A 48-month world with every kind of trap, its files read back through DuckDB."""
    scale = dataclasses.replace(
        SCALES["small"], name="traps", months=48, hospitals=2, service_line_needs=4, service_line_effects=2,
        whole_line_unit_needs=2, pretrend_traps=2, worst_performer_traps=2,
    )
    out = tmp_path_factory.mktemp("traps")
    planted = generate_world(out, scale, seed=11)
    db = duckdb.connect()
    for feed in ("roster", "needs", "activities", "attendance"):
        db.execute(f"CREATE TABLE {feed} AS SELECT * FROM read_csv('{out / feed}/*.csv', all_varchar = true)")
    db.execute(f"""
        CREATE TABLE metric_values AS
        SELECT * REPLACE (numerator::DOUBLE AS numerator, denominator::DOUBLE AS denominator)
        FROM read_csv('{out / 'metric_values'}/metric_values_????-??.csv', all_varchar = true)""")
    db.execute("""
        CREATE TABLE attended AS
        SELECT DISTINCT a.activity_id, r.npi
        FROM attendance a JOIN roster r ON a.npi = r.npi OR lower(a.email) = r.email""")
    yield db, planted
    db.close()


def _months_from(start: str) -> str:
    return f"(left(period, 4)::INT * 12 + right(period, 2)::INT) - {int(start[:4]) * 12 + int(start[5:7])}"


def _group_rates(con: duckdb.DuckDBPyConnection, need: dict) -> str:
    """Per target-group clinician: exposed or not, and the metric values with months from the first session."""
    professions = ", ".join(_q(p) for p in need["target_professions"]) or "profession"
    activities = ", ".join(_q(a) for a in need["activity_ids"])
    return f"""
        SELECT r.npi, r.npi IN (SELECT npi FROM attended WHERE activity_id IN ({activities})) AS exposed,
               {_months_from(need['education_start'])} AS month, v.numerator, v.denominator
        FROM roster r JOIN metric_values v ON v.entity_id = r.npi AND v.metric_id = {_q(need['metric_id'])}
        WHERE r.service_line = {_q(need['target_service_line'])} AND r.profession IN ({professions})"""


def test_worst_performer_trap_sends_the_worst_of_the_six_months_before(trap_world) -> None:
    con, planted = trap_world
    traps = [n for n in planted["needs"] if n["kind"] == "worst_performers_trap"]
    assert len(traps) == 2
    for need in traps:
        sign = 1 if need["improvement_notation"] == "increase" else -1
        rows = con.execute(f"""
            SELECT exposed, {sign} * sum(numerator) / sum(denominator) AS oriented_rate
            FROM ({_group_rates(con, need)}) WHERE month BETWEEN -6 AND -1 GROUP BY npi, exposed""").fetchall()
        exposed = [rate for is_exposed, rate in rows if is_exposed]
        others = [rate for is_exposed, rate in rows if not is_exposed]
        assert len(exposed) >= 11 and len(others) >= 11
        assert max(exposed) <= min(others), need["need_id"]  # the worst, by the months before the education


def test_pretrend_trap_attendees_improve_faster_before_and_after(trap_world) -> None:
    con, planted = trap_world
    for need in (n for n in planted["needs"] if n["kind"] == "pretrend_trap"):
        sign = 1 if need["improvement_notation"] == "increase" else -1
        slopes = dict(con.execute(f"""
            SELECT exposed, regr_slope(rate, month) FROM (
                SELECT exposed, month, sum(numerator) / sum(denominator) AS rate
                FROM ({_group_rates(con, need)}) GROUP BY exposed, month)
            GROUP BY exposed""").fetchall())
        assert sign * (slopes[True] - slopes[False]) == pytest.approx(abs(need["extra_slope"]), abs=0.0025)


def test_service_lines_change_level_or_keep_trending(trap_world) -> None:
    con, planted = trap_world
    lines = [n for n in planted["needs"] if n["kind"] == "service_line"]
    assert sum(n["effective"] for n in lines) == 2 and len(lines) == 4
    for need in lines:
        # Level change: the 12 months after the education against the 12 before, less the line's own trend.
        [(before, after)] = con.execute(f"""
            SELECT avg(CASE WHEN month BETWEEN -12 AND -1 THEN numerator / denominator END),
                   avg(CASE WHEN month BETWEEN 6 AND 17 THEN numerator / denominator END)
            FROM (SELECT {_months_from(need['education_start'])} AS month, numerator, denominator FROM metric_values
                  WHERE metric_id = 'READMIT_30' AND entity_id = {_q(need['target_service_line'])})""").fetchall()
        trend = planted["secular_trend"]["READMIT_30"] + need["extra_slope"]
        change = after - before - trend * 18
        if need["effective"]:
            assert change < -0.02, need["need_id"]
        else:
            assert need["extra_slope"] < 0 and abs(change) < 0.03, need["need_id"]


def test_monthly_noise_is_seasonal_and_autocorrelated(trap_world) -> None:
    con, _ = trap_world
    # Unit series of hand hygiene (higher is better): January is the worst month, July the best.
    [(january, july)] = con.execute("""
        SELECT avg(CASE WHEN right(period, 2) = '01' THEN numerator / denominator END),
               avg(CASE WHEN right(period, 2) = '07' THEN numerator / denominator END)
        FROM metric_values WHERE metric_id = 'HAND_HYGIENE'""").fetchall()
    assert july - january > 0.02
    # A unit's month-to-month deviations from its own mean persist: lag-1 correlation well above zero.
    [(lag_one,)] = con.execute("""
        WITH unit_months AS (
            SELECT entity_id, period, numerator / denominator - avg(numerator / denominator)
                       OVER (PARTITION BY entity_id, right(period, 2)) AS deviation
            FROM metric_values WHERE metric_id = 'HAND_HYGIENE'),
        paired AS (
            SELECT deviation, lag(deviation) OVER (PARTITION BY entity_id ORDER BY period) AS previous
            FROM unit_months)
        SELECT corr(deviation, previous) FROM paired""").fetchall()
    assert lag_one > 0.15
