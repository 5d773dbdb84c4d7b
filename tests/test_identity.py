"""The identity rules, on a hand-made roster and attendance run through the whole pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from cme_pipeline.contract import is_valid_npi, npi_check_digit
from tests.conftest import failure_messages, query, run_pipeline, write_feed


def valid_npi(first_nine: str) -> str:
    return first_nine + str(npi_check_digit(first_nine))


ANN = "1234567893"
BOB = valid_npi("123456780")
DAN = valid_npi("123456781")
EVE = valid_npi("123456782")
SAM_MD_1 = valid_npi("123456783")
SAM_MD_2 = valid_npi("123456784")
SAM_RN = valid_npi("123456785")
NOT_ON_ROSTER = valid_npi("198765432")


def clinician(npi, first, last, email, profession):
    return {
        "npi": npi, "first_name": first, "last_name": last, "email": email, "profession": profession,
        "specialty": "Cardiology", "service_line": "Cardiology", "unit": "CARD-1", "active_from": "2020-01-01",
    }


def attendee(learner_id, npi=None, email=None, first=None, last=None, profession="MD"):
    return {
        "activity_id": "A1", "session_date": "2025-03-04", "learner_id": learner_id, "npi": npi,
        "email": email, "first_name": first, "last_name": last, "profession": profession,
        "credits_claimed": 1, "satisfaction": 5,
    }


# (learner_id, attendance row, expected clinician, expected method)
CASES = [
    ("L1", attendee("L1", npi=ANN, email="someone@else.org", first="Ann", last="Lee"), ANN, "npi"),
    ("L2", attendee("L2", npi="1234567890", email="BOB.Ray@H.org", profession="DO"), BOB, "email"),
    ("L3", attendee("L3", email="shared@h.org", first="dan", last="FOX"), DAN, "name_profession"),
    ("L4", attendee("L4", email="nobody@x.org", first="Sam", last="Park"), None, "unmatched"),
    ("L5", attendee("L5", first="Sam", last="Park", profession="RN"), SAM_RN, "name_profession"),
    ("L6", attendee("L6", npi=NOT_ON_ROSTER, email="ann.lee@h.org"), ANN, "email"),
    ("L7", attendee("L7", npi="12345", first="Zed", last="Nobody", profession="PA"), None, "unmatched"),
]


@pytest.fixture(scope="module")
def identity_world(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("identity")
    inbox = home / "inbox"
    write_feed(inbox, "roster", [
        clinician(ANN, "Ann", "Lee", "ann.lee@h.org", "MD"),
        clinician(BOB, "Bob", "Ray", "bob.ray@h.org", "DO"),
        clinician(DAN, "Dan", "Fox", "shared@h.org", "MD"),
        clinician(EVE, "Eve", "Fox", "shared@h.org", "RN"),
        clinician(SAM_MD_1, "Sam", "Park", "sam.park1@h.org", "MD"),
        clinician(SAM_MD_2, "Sam", "Park", "sam.park2@h.org", "MD"),
        clinician(SAM_RN, "Sam", "Park", "sam.park.rn@h.org", "RN"),
    ])
    write_feed(inbox, "attendance", [case[1] for case in CASES])
    write_feed(inbox, "activities", [{
        "activity_id": "A1", "title": "Heart failure update", "activity_type": "course",
        "start_date": "2025-03-04", "credit_hours": 1, "need_ids": "N1", "commercial_support": "N",
    }])
    write_feed(inbox, "needs", [{
        "need_id": "N1", "source_type": "service_line", "source_name": "Cardiology",
        "identified_on": "2024-11-01", "target_service_line": "Cardiology", "priority": "high",
    }])
    write_feed(inbox, "metric_catalog", [{
        "metric_id": "READMIT_30", "name": "30-day readmission", "improvement_notation": "decrease",
        "unit_of_analysis": "service_line", "scoring": "proportion",
    }])
    write_feed(inbox, "metric_values", [{
        "metric_id": "READMIT_30", "period": "2025-01", "entity_type": "service_line",
        "entity_id": "Cardiology", "numerator": 20, "denominator": 150,
    }])
    # Two of the seven learners are meant to stay unmatched: below the 95% a real run demands.
    result = run_pipeline(home, inbox, min_resolved_share=0.5)
    assert result.success, failure_messages(result)
    return home / "warehouse.duckdb"


@pytest.mark.parametrize("learner_id,row,expected_npi,expected_method", CASES, ids=[c[0] for c in CASES])
def test_each_learner_resolves_by_the_first_rule_that_identifies_one_clinician(
    identity_world, learner_id, row, expected_npi, expected_method
):
    rows = query(
        identity_world,
        "select clinician_npi, match_method from restricted.int_attendance_resolved where learner_id = ?",
        [learner_id],
    )
    assert rows == [(expected_npi, expected_method)]


def test_sql_check_digit_agrees_with_python(identity_world):
    rows = query(identity_world, "select reported_npi, reported_npi_is_valid from restricted.int_attendance_resolved")
    assert rows, "no attendance rows resolved"
    for npi, sql_valid in rows:
        assert sql_valid == is_valid_npi(npi), npi


def test_python_check_digit_on_known_values():
    assert is_valid_npi("1234567893")
    assert not is_valid_npi("1234567890")
    assert not is_valid_npi("3234567893")  # must start 1 or 2
    assert not is_valid_npi("123456789")
    assert not is_valid_npi("12345678a3")
    assert not is_valid_npi(None)
    # Every single-digit typo of a valid NPI fails its check digit.
    for position in range(10):
        for digit in "0123456789":
            typo = ANN[:position] + digit + ANN[position + 1:]
            assert is_valid_npi(typo) == (typo == ANN)


def test_learner_counts_use_resolved_people(identity_world):
    # 7 attendance rows: L1 and L6 are both Ann, so 6 distinct people attended A1.
    [(unique_learners, physicians, others)] = query(
        identity_world,
        "select unique_learners, physician_learners, other_learners from marts.activity_outcomes "
        "where activity_id = 'A1'",
    )
    assert (unique_learners, physicians, others) == (6, 4, 2)
