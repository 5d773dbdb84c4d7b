"""The synthetic world generator: the planted truth - needs, education windows, effects and null needs.

Every check reads the CSVs the generator wrote (through DuckDB), not its internals: the
point is that the files carry what planted.json claims, so the pipeline can recover it.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import duckdb

from cme_pipeline.synthetic import SCALES, generate_world
from tests.generator_fixtures import _q, con_fixture, world_fixture  # noqa: F401 - pytest fixtures


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


