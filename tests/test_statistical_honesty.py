"""qi_impact's claims on worlds with many needs whose education has no effect, and a few that do.

At the 95% level a null need is claimed as improved only by chance; planted effects must be recovered
inside their interval; and a pre/post comparison, which the generator's secular trend would fool, is
not what `did` reports.
"""

from __future__ import annotations

import dataclasses

import pytest

from tests.conftest import failure_messages, query, run_pipeline

SEEDS = (21, 22)
NULL_NEEDS_PER_WORLD = 20


@pytest.fixture(scope="module")
def assessed(tmp_path_factory):
    from cme_pipeline.synthetic import SCALES, generate_world

    scale = dataclasses.replace(SCALES["small"], extra_null_needs=NULL_NEEDS_PER_WORLD)
    needs = []
    for seed in SEEDS:
        home = tmp_path_factory.mktemp(f"honesty{seed}")
        planted = generate_world(home / "inbox", scale=scale, seed=seed)
        result = run_pipeline(home, home / "inbox")
        assert result.success, failure_messages(result)
        columns = [
            "need_id",
            "method",
            "effect",
            "effect_ci_low",
            "effect_ci_high",
            "improved",
            "sufficient_data",
            "exposed_baseline_rate",
            "exposed_followup_rate",
        ]
        impact = {
            row[0]: dict(zip(columns, row, strict=True))
            for row in query(home / "warehouse.duckdb", f"select {', '.join(columns)} from marts.qi_impact")
        }
        needs += [(seed, need, impact.get(need["need_id"])) for need in planted["needs"] if need["metric_id"]]
    return needs


def test_null_needs_are_claimed_improved_at_most_one_time_in_ten(assessed):
    null = [(seed, need, row) for seed, need, row in assessed if not need["effective"] and row["sufficient_data"]]
    assert len(null) >= 2 * NULL_NEEDS_PER_WORLD
    claimed = [(seed, need["need_id"]) for seed, need, row in null if row["improved"]]
    assert len(claimed) <= 0.10 * len(null), claimed


def test_planted_effects_are_recovered_inside_their_interval(assessed):
    planted = [(seed, need, row) for seed, need, row in assessed if need["effective"]]
    assert len(planted) >= 8
    covered = 0
    for seed, need, row in planted:
        label = (seed, need["need_id"], need["metric_id"], need["planted_effect"], row["effect"])
        assert row["sufficient_data"], label
        assert row["effect"] * need["planted_effect"] > 0, label
        covered += row["effect_ci_low"] <= need["planted_effect"] <= row["effect_ci_high"]
        # Clinician-level effects are clearly planted (dozens of clinicians a side); SEP1's unit-level effect
        # rests on 2-3 exposed units at small scale, too few to always exclude zero - and qi_impact says so.
        if need["unit_of_analysis"] == "clinician":
            assert row["improved"], label
    # A 95% interval misses its true value 1 time in 20, so over ~20 planted needs demand coverage, not
    # perfection: at least 85% of the intervals contain the planted effect.
    assert covered >= 0.85 * len(planted), (covered, len(planted))


def test_did_does_not_report_the_secular_trend_that_pre_post_would(assessed):
    better = {"increase": 1, "decrease": -1}
    null_clinician = [
        (need, row)
        for _, need, row in assessed
        if not need["effective"] and need["unit_of_analysis"] == "clinician" and row["sufficient_data"]
    ]
    pre_post = [
        better[n["improvement_notation"]] * (r["exposed_followup_rate"] - r["exposed_baseline_rate"])
        for n, r in null_clinician
    ]
    did = [better[n["improvement_notation"]] * r["effect"] for n, r in null_clinician]
    mean_pre_post, mean_did = sum(pre_post) / len(pre_post), sum(did) / len(did)
    # The attendees' own before/after change carries the trend (about +0.04 here) ...
    assert mean_pre_post > 0.02
    # ... which the comparison group removes: what is left is noise around zero.
    assert abs(mean_did) < mean_pre_post / 3
