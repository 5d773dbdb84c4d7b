"""The synthetic world generator: the traps that fool a naive method, and the monthly noise.

A 48-month world with every kind of trap (synthetic/traps.py), read back through DuckDB.
"""

from __future__ import annotations

import dataclasses

import duckdb
import pytest

from cme_pipeline.synthetic import SCALES, generate_world
from tests.generator_fixtures import _q


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
