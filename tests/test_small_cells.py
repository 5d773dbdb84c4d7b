"""Small cells: a hand-made world where every group and denominator is known to be small.

Comparison groups under 11 clinicians and run-chart months with denominators under 11 are suppressed
in what is published, while participation counts stay exact (they are not cells about patients).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cme_pipeline.contract import npi_check_digit
from tests.conftest import failure_messages, query, run_pipeline, write_feed


def valid_npi(n: int) -> str:
    first_nine = f"1{n:08d}"
    return first_nine + str(npi_check_digit(first_nine))


@pytest.fixture(scope="module")
def small_cells(tmp_path_factory) -> Path:
    """13 cardiologists, 5 of whom attend: every group and unit denominator is small."""
    home = tmp_path_factory.mktemp("small_cells")
    inbox = home / "inbox"
    clinicians = [valid_npi(i) for i in range(13)]
    months = [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-01", "2026-02"]
    write_feed(
        inbox,
        "roster",
        [
            {
                "npi": npi,
                "first_name": f"F{i}",
                "last_name": f"L{i}",
                "email": f"c{i}@h.org",
                "profession": "MD",
                "service_line": "Cardiology",
                "unit": "CARD-1",
                "active_from": "2020-01-01",
            }
            for i, npi in enumerate(clinicians)
        ],
    )
    write_feed(
        inbox,
        "metric_catalog",
        [
            {
                "metric_id": "BB_AT_DISCHARGE",
                "name": "Beta blocker at discharge",
                "improvement_notation": "increase",
                "unit_of_analysis": "clinician",
                "scoring": "proportion",
            },
            {
                "metric_id": "FALLS",
                "name": "Falls with injury",
                "improvement_notation": "decrease",
                "unit_of_analysis": "unit",
                "scoring": "proportion",
                "measure_type": "outcome",
            },
        ],
    )
    write_feed(
        inbox,
        "needs",
        [
            {
                "need_id": "N1",
                "source_type": "service_line",
                "source_name": "Cardiology",
                "identified_on": "2025-01-10",
                "target_service_line": "Cardiology",
                "metric_id": "BB_AT_DISCHARGE",
                "priority": "high",
            },
            {
                "need_id": "N2",
                "source_type": "committee",
                "source_name": "Patient Safety",
                "identified_on": "2025-01-10",
                "target_service_line": "Cardiology",
                "metric_id": "FALLS",
                "priority": "high",
            },
        ],
    )
    write_feed(
        inbox,
        "activities",
        [
            {
                "activity_id": "A1",
                "title": "Discharge bundle",
                "activity_type": "course",
                "start_date": "2025-07-15",
                "credit_hours": 1,
                "need_ids": "N1|N2",
                "commercial_support": "N",
            },
        ],
    )
    write_feed(
        inbox,
        "attendance",
        [
            {
                "activity_id": "A1",
                "session_date": "2025-07-15",
                "learner_id": f"U{i}",
                "npi": clinicians[i],
                "profession": "MD",
                "satisfaction": 5,
            }
            for i in range(5)
        ],
    )
    write_feed(
        inbox,
        "metric_values",
        [
            {
                "metric_id": "BB_AT_DISCHARGE",
                "period": month,
                "entity_type": "clinician",
                "entity_id": npi,
                "numerator": 6,
                "denominator": 10,
            }
            for npi in clinicians
            for month in months
        ]
        + [
            {
                "metric_id": "FALLS",
                "period": month,
                "entity_type": "unit",
                "entity_id": "CARD-1",
                "numerator": 1,
                "denominator": 8,
            }
            for month in months
        ],
    )
    result = run_pipeline(home, inbox)
    assert result.success, failure_messages(result)
    return home / "warehouse.duckdb"


def test_a_comparison_of_fewer_than_11_clinicians_is_suppressed(small_cells):
    [row] = query(
        small_cells,
        "select suppressed, exposed_n, comparison_n, exposed_baseline_rate, exposed_followup_rate, "
        "comparison_baseline_rate, comparison_followup_rate, effect, effect_ci_low, effect_ci_high, improved "
        "from marts.qi_impact where need_id = 'N1' and exposure = 'attendance'",
    )
    assert row[0] is True
    assert row[1:10] == (None,) * 9
    assert row[10] is False


def test_run_chart_months_with_denominators_under_11_show_no_rate(small_cells):
    rows = query(
        small_cells,
        "select suppressed, numerator, denominator, rate, shift_signal, trend_signal from marts.metric_run_chart "
        "where metric_id = 'FALLS'",
    )
    assert len(rows) == 14
    assert all(row == (True, None, None, None, False, False) for row in rows)
    rolled_up = query(
        small_cells,
        "select suppressed, denominator from marts.metric_run_chart where metric_id = 'BB_AT_DISCHARGE'",
    )
    assert rolled_up and all(row == (False, 130.0) for row in rolled_up)
    [(latest,)] = query(small_cells, "select metric_latest_value from marts.need_coverage where need_id = 'N2'")
    assert latest is None


def test_participation_counts_are_exact_even_when_small(small_cells):
    assert query(small_cells, "select unique_learners, physician_learners from marts.activity_outcomes") == [(5, 5)]
    assert query(small_cells, "select physician_learners from marts.pars_activity_report") == [(5,)]
