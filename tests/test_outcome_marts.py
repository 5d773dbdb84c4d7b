"""The outcome marts a strategist takes to the Quality Council and to ACCME, checked against the files.

PARS learner counts are recounted here from the attendance files under PARS's rules; the run chart,
Moore levels and commendation evidence are checked against qi_impact; small cells against a hand-made
world where the groups and denominators are known to be small.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from tests.conftest import failure_messages, query, run_pipeline

PHYSICIANS = {"MD", "DO"}


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from cme_pipeline.synthetic import generate_world

    home = tmp_path_factory.mktemp("outcomes")
    planted = generate_world(home / "inbox", scale="small", seed=3)
    result = run_pipeline(home, home / "inbox")
    assert result.success, failure_messages(result)
    attendance = [row for path in sorted((home / "inbox" / "attendance").glob("*.csv")) for row in csv_rows(path)]
    activities = {row["activity_id"]: row for row in csv_rows(home / "inbox" / "activities" / "activities.csv")}
    return {
        "warehouse": home / "warehouse.duckdb",
        "planted": planted,
        "attendance": attendance,
        "activities": activities,
    }


def test_pars_counts_follow_the_counting_rule_of_each_activity_type(world):
    expected: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    people: dict[tuple[str, int], list[set]] = defaultdict(lambda: [set(), set()])
    for row in world["attendance"]:
        activity = world["activities"][row["activity_id"]]
        year = int(row["session_date"][:4])
        physician = 0 if row["profession"] in PHYSICIANS else 1
        if activity["activity_type"] == "rss":  # once per session attended
            expected[(row["activity_id"], year)][physician] += 1
        elif activity["activity_type"] == "internet_searching_learning":  # all of it, one activity a year
            people[(f"ISL-{year}", year)][physician].add(row["learner_id"])
        else:  # people; an internet enduring material's completers of that year
            people[(row["activity_id"], year)][physician].add(row["learner_id"])
    for key, (physicians, others) in people.items():
        expected[key] = [len(physicians), len(others)]
    report = {
        (activity_id, year): [physicians, others]
        for activity_id, year, physicians, others in query(
            world["warehouse"],
            "select pars_activity_id, reporting_year, physician_learners, other_learners "
            "from marts.pars_activity_report where physician_learners + other_learners > 0",
        )
    }
    # Internet searching and learning also rolls in the year's point-of-care look-ups (tests/test_point_of_care.py
    # counts those learners across both sources): here its attendance learners are a lower bound.
    isl = {key for key in set(report) | set(expected) if key[0].startswith("ISL-")}
    for key in isl:
        assert all(got >= want for got, want in zip(report.get(key, [0, 0]), expected.get(key, [0, 0]), strict=True))
    others = {k: v for k, v in dict(expected).items() if k not in isl}
    assert {k: v for k, v in report.items() if k not in isl} == others
    types = dict(
        query(world["warehouse"], "select distinct activity_type, pars_activity_type from marts.pars_activity_report")
    )
    assert types["rss"] == "Regularly Scheduled Series"
    assert types["internet_searching_learning"] == "Internet Searching and Learning"
    isl_rows = query(
        world["warehouse"],
        "select activities_rolled_up from marts.pars_activity_report where pars_activity_id like 'ISL-%'",
    )
    isl_activities = sum(a["activity_type"] == "internet_searching_learning" for a in world["activities"].values())
    assert isl_rows and all(rolled == isl_activities for (rolled,) in isl_rows)


def test_an_rss_counts_interactions_not_people(world):
    [(rss_id, year, physicians)] = query(
        world["warehouse"],
        "select pars_activity_id, reporting_year, physician_learners from marts.pars_activity_report "
        "where activity_type = 'rss' order by physician_learners desc limit 1",
    )
    distinct_physicians = {
        row["learner_id"]
        for row in world["attendance"]
        if row["activity_id"] == rss_id
        and row["session_date"].startswith(str(year))
        and row["profession"] in PHYSICIANS
    }
    assert physicians > len(distinct_physicians) > 0


def test_highest_moore_level_follows_the_evidence(world):
    rows = query(
        world["warehouse"],
        "select activity_id, highest_level_evidenced, performance_improved, patient_health_improved, "
        "knowledge_change_ci_low, unique_learners from marts.activity_outcomes",
    )
    assert {level for _, level, *_ in rows} >= {1, 3, 5}
    for activity_id, level, performance, patient_health, knowledge_low, learners in rows:
        if patient_health:
            assert level == 6, activity_id
        elif performance:
            assert level == 5, activity_id
        elif knowledge_low is not None and knowledge_low > 0:
            assert level == 3, activity_id
        else:
            assert level == (1 if learners else None), activity_id
    # Every activity serving a need whose process metric improved shows performance improved.
    improved_process = {
        need
        for (need,) in query(
            world["warehouse"],
            "select need_id from marts.qi_impact "
            "where improved and measure_type = 'process' and exposure = 'attendance'",
        )
    }
    assert improved_process
    for activity in world["activities"].values():
        serves = set(filter(None, activity["need_ids"].split("|")))
        if serves & improved_process:
            [(performance,)] = query(
                world["warehouse"],
                "select performance_improved from marts.activity_outcomes where activity_id = ?",
                [activity["activity_id"]],
            )
            assert performance, activity["activity_id"]


def test_commendation_evidence_rests_on_claims_and_qi_collaboration(world):
    """Every evidence row names a claimed need the activity serves; quality and health rows need a QI project."""
    evidence = query(
        world["warehouse"],
        "select e.criterion, e.activity_id, e.need_id, e.qi_project, e.effect, e.q_value, i.improved, i.measure_type, "
        "i.unit_of_analysis, i.effect from marts.commendation_evidence e join marts.qi_impact i using (need_id) "
        "where i.exposure = 'attendance'",
    )
    claimed = {need for (need,) in query(
        world["warehouse"], "select need_id from marts.qi_impact where improved and exposure = 'attendance'")}
    for row in evidence:
        criterion, activity_id, need_id, qi_project, effect, q_value, improved, measure, grain, claimed_effect = row
        assert improved and need_id in claimed and effect == claimed_effect and q_value <= 0.05, (criterion, need_id)
        assert need_id in world["activities"][activity_id]["need_ids"].split("|")
        if criterion == "Improves Performance":
            assert measure == "process"
        else:
            assert qi_project, (criterion, activity_id)
            if criterion == "Improves Healthcare Quality":
                assert grain in ("unit", "service_line")
            else:
                assert measure == "outcome"
    # Every activity serving a claimed process need is evidence of improved performance.
    process = {n for (n,) in query(world["warehouse"],
                                   "select need_id from marts.qi_impact where improved and measure_type = 'process' "
                                   "and exposure = 'attendance'")}
    expected = {(a["activity_id"], n) for a in world["activities"].values() for n in a["need_ids"].split("|")
                if n in process}
    performance = {(a, n) for c, a, n, *_ in evidence if c == "Improves Performance"}
    assert performance == expected


def test_commendation_summary_counts_the_evidence(world):
    activities = len(world["activities"])
    evidence = query(world["warehouse"], "select criterion, activity_id, need_id from marts.commendation_evidence")
    summary = {
        criterion: (program, size, qualifying, required, examples, meets)
        for criterion, program, size, qualifying, required, examples, meets in query(
            world["warehouse"],
            "select criterion, program_activities, program_size, qualifying_activities, activities_required, "
            "evidence_examples_required, meets_requirement from marts.commendation_program_summary",
        )
    }
    qualifying = {c: len({a for cc, a, _ in evidence if cc == c}) for c in summary}
    size = "S" if activities <= 39 else "M" if activities <= 100 else "L" if activities <= 250 else "XL"
    assert summary["Improves Performance"][:3] == (activities, size, qualifying["Improves Performance"])
    assert summary["Improves Performance"][3] == max(2, -(-activities // 10))
    assert summary["Improves Performance"][4] == {"S": 2, "M": 4, "L": 6, "XL": 8}[size]
    assert summary["Improves Healthcare Quality"][2:5] == (qualifying["Improves Healthcare Quality"], 2, 2)
    assert summary["Improves Patient/Community Health"][2:5] == (qualifying["Improves Patient/Community Health"], 2, 2)
    for _, _, count, required, examples, meets in summary.values():
        assert meets == (count >= required and count >= examples)


def test_run_chart_never_shows_a_clinician_and_marks_education_months(world):
    kinds = query(world["warehouse"], "select distinct entity_type from marts.metric_run_chart order by 1")
    assert kinds == [("service_line",), ("unit",)]
    sessions = defaultdict(set)
    need_metric = {n["need_id"]: (n["metric_id"], n["target_service_line"]) for n in world["planted"]["needs"]}
    for row in world["attendance"]:
        for need in filter(None, world["activities"][row["activity_id"]]["need_ids"].split("|")):
            metric, service_line = need_metric[need]
            if metric:
                sessions[(metric, service_line)].add((row["activity_id"], row["session_date"]))
    charted = dict(
        ((metric, line), total)
        for metric, line, total in query(
            world["warehouse"],
            "select metric_id, service_line, sum(education_sessions) from marts.metric_run_chart "
            "where entity_type = 'service_line' group by 1, 2 having sum(education_sessions) > 0",
        )
    )
    clinician_metrics = {
        m
        for (m,) in query(
            world["warehouse"],
            "select metric_id from staging.stg_metric_catalog where unit_of_analysis in ('clinician', 'service_line')",
        )
    }
    for (metric, line), found in sessions.items():
        if metric in clinician_metrics:
            assert charted[(metric, line)] == len(found), (metric, line)


def test_need_status_reads_at_a_glance(world):
    statuses = dict(query(world["warehouse"], "select need_id, status from marts.need_coverage"))
    impact = {
        need: (improved, sufficient, complete, claim)
        for need, improved, sufficient, complete, claim in query(
            world["warehouse"],
            "select need_id, improved, sufficient_data, followup_complete, claim from marts.qi_impact "
            "where exposure = 'attendance'",
        )
    }
    for need in world["planted"]["needs"]:
        status = statuses[need["need_id"]]
        if not need["activity_ids"]:
            assert status == "not yet addressed"
        elif not need["metric_id"]:
            assert status == "addressed, no metric"
        else:
            improved, sufficient, complete, claim = impact[need["need_id"]]
            assert status == claim
            assert (status == "improved") == improved
            if not complete:
                assert status == "measuring" and not improved
            elif not sufficient:
                assert status == "insufficient data"
