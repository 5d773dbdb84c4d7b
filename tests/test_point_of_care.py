"""Point-of-care learning through the pipeline: two export shapes in three formats, identity, the topic rule,
practice-triggered demand per need, and the look-ups rolled into PARS's internet searching and learning."""

from __future__ import annotations

import csv
import json
import re

import pandas as pd
import pytest

from cme_pipeline.synthetic.topics import QUESTIONS, TOPIC_KEYWORDS, UNRELATED_QUESTIONS
from tests.conftest import failure_messages, query, run_pipeline

# Hand-written look-ups in the in-house log's shape: the matching rule's edge cases.
EDGE_CASES = [
    # (question, metric whose keyword it mentions, or None)
    ("sep 1 bundle: is a repeat LACTATE needed?", "SEP1"),  # punctuation and case ignored
    ("Central-line dressing after a bath", "CLABSI"),  # hyphen read as a space
    ("New guideline for line placement", None),  # "line" inside "guideline" is not "central line"
    ("Narcansas county rules", None),  # "narcan" only as a whole word
]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    from cme_pipeline.synthetic import generate_world

    home = tmp_path_factory.mktemp("point_of_care_world")
    generate_world(home / "inbox", scale="small", seed=21, deterioration=False)
    planted = json.loads((home / "inbox" / "planted.json").read_text())
    roster = list(csv.DictReader((home / "inbox" / "roster" / "roster.csv").open()))
    clinician = next(row for row in roster if row["profession"] == "MD")
    # An Excel export of the in-house log (the generator writes its CSV and Parquet files).
    pd.DataFrame(
        [["EDGE1", clinician["npi"], "", "", "", "Attending physician (MD)", "2025-03-04", question, "Library", 15,
          "Treatment changed", 0.25, "Medicine", ticket] for ticket, (question, _) in enumerate(EDGE_CASES)],
        columns=["Employee ID", "Provider NPI", "Work Email", "Given Name", "Family Name", "Role", "Asked On",
                 "Clinical Question", "Resource Used", "Minutes Spent", "Result for Practice", "Credit Requested",
                 "Department", "Ticket"],
    ).to_excel(home / "inbox" / "point_of_care" / "questions_edge_cases.xlsx", index=False)
    result = run_pipeline(home, home / "inbox")
    assert result.success, failure_messages(result)
    return {"home": home, "planted": planted, "warehouse": home / "warehouse.duckdb",
            "serving": home / "published" / "cme_marts.duckdb", "edge_npi": clinician["npi"]}


def test_both_export_shapes_load_from_csv_excel_and_parquet(world):
    files = world["planted"]["point_of_care_files"]
    assert {name.rsplit(".", 1)[1] for name in files} == {"csv", "parquet"}
    loaded = dict(query(world["warehouse"], "select _source_file, count(*) from raw.point_of_care group by 1"))
    assert loaded == {**files, "questions_edge_cases.xlsx": len(EDGE_CASES)}
    assert query(world["warehouse"], "select count(*) from raw._quarantine where feed = 'point_of_care'") == [(0,)]
    mappings = dict(query(world["serving"],
                          "select file_name, mapping from data_quality where feed = 'point_of_care'"))
    assert {mappings[name] for name in files if name.startswith("uptodate")} == {"uptodate_point_of_care.yml"}
    assert {mappings[name] for name in files if name.startswith("questions")} == {"clinical_question_log.yml"}


def test_look_ups_resolve_to_roster_clinicians_as_attendance_does(world):
    [(resolved, total)] = query(
        world["warehouse"],
        "select count(*) filter (where match_method <> 'unmatched'), count(*)"
        " from restricted.int_point_of_care_resolved",
    )
    assert resolved / total > 0.95


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def test_questions_match_the_needs_whose_topic_they_mention_and_nothing_else(world):
    matches = query(world["warehouse"], "select question, need_id, matched_topic "
                                        "from restricted.int_point_of_care_need_matches")
    needs = dict(query(world["warehouse"], "select need_id, metric_id from staging.stg_needs"))
    matched = pd.DataFrame(matches, columns=["question", "need_id", "topic"])
    assert not matched["question"].isin(UNRELATED_QUESTIONS).any()
    for question, _, topic in matches:
        assert _words(topic) in _words(question), (question, topic)
    for metric, questions in QUESTIONS.items():
        metric_needs = {need for need, need_metric in needs.items() if need_metric == metric}
        for question in questions:
            found = set(matched.loc[matched["question"] == question, "need_id"])
            if question in set(matched["question"]) or metric_needs:
                assert found == metric_needs, (question, found, metric_needs)
    for question, metric in EDGE_CASES:
        found = set(matched.loc[matched["question"] == question, "need_id"])
        wanted = {need for need, need_metric in needs.items() if metric and need_metric == metric}
        assert found == wanted, question


def test_need_demand_counts_target_audience_clinicians_who_asked(world):
    demand = pd.DataFrame(query(world["serving"], "select need_id, period_start, clinicians_asking, "
                                "clinicians_applying, look_ups from need_demand"),
                          columns=["need_id", "period_start", "asking", "applying", "look_ups"])
    assert len(demand) and (demand["applying"] <= demand["asking"]).all()
    assert (demand["asking"] <= demand["look_ups"]).all()
    # Recount one need from the restricted tables: audience clinicians with a matching look-up, by month.
    need_id = demand.groupby("need_id")["look_ups"].sum().idxmax()
    expected = query(world["warehouse"], """
        select date_trunc('month', m.entry_date)::date, count(distinct m.clinician_npi)
        from restricted.int_point_of_care_need_matches m
        join restricted.int_need_target_audience a on a.need_id = m.need_id and a.clinician_npi = m.clinician_npi
        where m.need_id = ? group by 1 order by 1""", [need_id])
    got = demand[demand["need_id"] == need_id].sort_values("period_start")
    assert list(zip(got["period_start"], got["asking"], strict=True)) == [(d, n) for d, n in expected]
    assert not set(demand["need_id"]) - set(dict(query(world["serving"], "select need_id, 1 from need_coverage")))


def test_point_of_care_rolls_into_the_years_internet_searching_and_learning(world):
    isl = query(world["serving"], "select reporting_year, physician_learners + other_learners, point_of_care_look_ups,"
                " hours_of_instruction from pars_activity_report where pars_activity_id like 'ISL-%'")
    assert isl
    by_year = dict(query(world["warehouse"], "select year(entry_date), count(*) "
                                             "from staging.stg_point_of_care group by 1"))
    for year, learners, look_ups, hours in isl:
        assert look_ups == by_year.get(year, 0)
        people = query(world["warehouse"], """
            select count(distinct learner_key) from (
                select learner_key from restricted.int_attendance_resolved r
                join staging.stg_activities a using (activity_id)
                where a.activity_type = 'internet_searching_learning' and year(r.session_date) = ?
                union all
                select learner_key from restricted.int_point_of_care_resolved where year(entry_date) = ?)""",
                       [year, year])
        assert learners == people[0][0]  # each person once across both sources
        assert hours > 0
    assert all(year in {row[0] for row in isl} for year in by_year)


def test_topic_keywords_are_published_for_needs_without_a_metric(world):
    keywords = dict(query(world["warehouse"], "select need_id, topic_keywords from staging.stg_needs"))
    assert any(value for value in keywords.values())
    assert set(TOPIC_KEYWORDS) >= {m for (m,) in query(world["warehouse"], "select metric_id from staging."
                                                       "stg_metric_catalog where topic_keywords is not null")}


def test_a_world_without_deterioration_gets_no_proposed_need(world):
    """qi_gaps' false proposals: on a world where no metric was made to deteriorate, none is proposed."""
    assert world["planted"]["deterioration"] is None
    [(charts, signals, proposed)] = query(world["serving"], "select count(*), count(*) filter (where adverse_signal),"
                                          " count(*) filter (where proposed) from qi_gaps")
    assert charts > 50 and proposed == 0, (charts, signals, proposed)


def _planted_learning(world, kind: str) -> dict:
    return next(p for p in world["planted"]["point_of_care_learning"] if p["kind"] == kind)


def _impact(world, need_id: str) -> dict[str, dict]:
    columns = ["exposure", "method", "exposed_n", "effect", "effect_ci_low", "effect_ci_high", "claim",
               "pre_exposure_dip", "design_check", "design_warning", "improvement_notation", "interval_method"]
    rows = query(world["serving"], f"select {', '.join(columns)} from qi_impact where need_id = ?", [need_id])
    return {row[0]: dict(zip(columns, row, strict=True)) for row in rows}


def test_point_of_care_learning_that_worked_is_reported_apart_from_attendance(world):
    planted = _planted_learning(world, "effective")
    impact = _impact(world, planted["need_id"])
    assert set(impact) == {"attendance", "point_of_care"}  # two rows, never merged
    learning = impact["point_of_care"]
    assert learning["method"] == "clinician_did" and learning["interval_method"].startswith("stacked by each")
    assert 11 <= learning["exposed_n"] <= planted["clinicians"]
    better = 1 if learning["improvement_notation"] == "increase" else -1
    assert better * planted["planted_effect"] > 0
    low, high = sorted((better * learning["effect_ci_low"], better * learning["effect_ci_high"]))
    assert 0 < low <= better * planted["planted_effect"] and low < better * learning["effect"] < high
    assert learning["claim"] == "improved" and learning["pre_exposure_dip"] == "passed", learning
    # Every exposed clinician's first applied look-up anchors their own windows, and none attended.
    [(exposed, anchored, attended)] = query(world["warehouse"], """
        select count(*), count(*) filter (where e.exposure_start_month = date_trunc('month', p.first_applied_on)),
               count(*) filter (where p.attended)
        from restricted.int_qi_entity_exposure e
        join restricted.int_point_of_care_exposure p on p.need_id = e.need_id and p.clinician_npi = e.entity_id
        where e.exposure = 'point_of_care' and e.is_exposed and e.need_id = ?""", [planted["need_id"]])
    assert exposed >= learning["exposed_n"] and anchored == exposed and attended == 0


def test_point_of_care_learners_leave_the_attendance_comparison_group(world):
    planted = _planted_learning(world, "effective")
    [(in_comparison, learners)] = query(world["warehouse"], """
        select count(*) filter (where e.clinician_in_comparison), count(*)
        from (
            select p.clinician_npi, exists (
                select 1 from restricted.int_qi_entity_exposure a
                where a.need_id = p.need_id and a.exposure = 'attendance' and not a.is_exposed
                    and a.entity_id = p.clinician_npi) as clinician_in_comparison
            from restricted.int_point_of_care_exposure p
            join intermediate.int_qi_need_windows w on w.need_id = p.need_id
            where p.need_id = ? and not p.attended
                and p.exposure_month between w.baseline_start and w.followup_end) as e""",
                                       [planted["need_id"]])
    assert learners > 0 and in_comparison == 0


def test_a_look_up_after_a_run_of_difficult_cases_is_not_claimed(world):
    """The trap: learners whose rate dipped just before their look-up, and gained nothing. The recovery reads
    as an effect to a comparison of the months before with the months after; the dip check stops the claim."""
    planted = _planted_learning(world, "dip_trap")
    learning = _impact(world, planted["need_id"])["point_of_care"]
    assert learning["exposed_n"] is not None and learning["exposed_n"] >= 11, learning
    assert learning["claim"] != "improved" and learning["pre_exposure_dip"] == "failed", learning
    assert learning["design_check"] == "failed" and "before their look-ups" in learning["design_warning"]


def test_point_of_care_estimates_share_the_attendance_estimates_q_value_family(world):
    rows = query(world["serving"], "select p_value, q_value, exposure from qi_impact where q_value is not null")
    assert {exposure for *_, exposure in rows} == {"attendance", "point_of_care"}
    p_values = sorted(p for p, _, _ in rows)
    m = len(p_values)
    for p, q, _ in rows:  # Benjamini-Hochberg over the one family (p-values are published to 4 digits)
        expected = min(1.0, min(p_values[j] * m / (j + 1) for j in range(m) if p_values[j] >= p))
        assert q == pytest.approx(expected, rel=2e-3, abs=1e-9), (p, q, expected)


def test_no_question_text_reaches_the_published_store(world):
    questions = {q for (q,) in query(world["warehouse"], "select distinct question from staging.stg_point_of_care")}
    tables = [t for (t,) in query(world["serving"], "select table_name from information_schema.tables "
                                                     "where table_schema = 'main'")]
    for table in tables:
        columns = [c for (c,) in query(world["serving"], "select column_name from information_schema.columns "
                                                          "where table_name = ? and data_type = 'VARCHAR'", [table])]
        for column in columns:
            values = {v for (v,) in query(world["serving"], f'select distinct "{column}" from "{table}"')}
            assert not values & questions, (table, column)
