"""Writes the feed files: DuckDB COPY with an explicit ORDER BY, columns checked against the contract.

Kept apart from the simulation so that what the world holds and how the inbox spells it (dates, NULLs,
file names per year or month) can be read separately.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from cme_pipeline.contract import FEEDS, PROFESSIONS
from cme_pipeline.sql import quote_literal
from cme_pipeline.synthetic.activities import Activity
from cme_pipeline.synthetic.attendance import Attendance
from cme_pipeline.synthetic.catalog import METRICS
from cme_pipeline.synthetic.core import EPOCH_SQL, year_of
from cme_pipeline.synthetic.learners import Learners
from cme_pipeline.synthetic.needs import Need, Topics
from cme_pipeline.synthetic.roster import Layout, Roster

# Files this generator owns in each feed folder; stale ones (say, from a longer window) are removed.
OWNED_FILES: dict[str, tuple[str, ...]] = {
    "roster": ("roster.csv",),
    "metric_catalog": ("metric_catalog.csv",),
    "needs": ("needs.csv",),
    "activities": ("activities.csv",),
    "attendance": ("attendance_*.csv",),
    "metric_values": ("metric_values_*.csv",),
}


class Inbox:
    """Writes feed files with DuckDB COPY, checking each query's columns against the contract."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.con = duckdb.connect()
        self.rows: dict[str, int] = {}
        self.files: dict[str, int] = {}
        for feed, patterns in OWNED_FILES.items():
            folder = out / feed
            folder.mkdir(parents=True, exist_ok=True)
            for pattern in patterns:
                for stale in sorted(folder.glob(pattern)):
                    stale.unlink()

    def register(self, name: str, frame: pd.DataFrame) -> None:
        self.con.register(name, frame)

    def write(self, feed: str, file_name: str, query: str) -> int:
        columns = [row[0] for row in self.con.execute(f"DESCRIBE {query}").fetchall()]
        if columns != FEEDS[feed].column_names:
            raise AssertionError(f"{feed}: columns {columns} differ from the contract")
        path = self.out / feed / file_name
        (count,) = self.con.execute(f"COPY ({query}) TO {quote_literal(path)} (HEADER, DELIMITER ',')").fetchone()
        self.rows[feed] = self.rows.get(feed, 0) + int(count)
        self.files[feed] = self.files.get(feed, 0) + 1
        return int(count)

    def close(self) -> None:
        self.con.close()


def _date(column: str) -> str:
    return f"CASE WHEN {column} < 0 THEN NULL ELSE {EPOCH_SQL} + {column}::INTEGER END"


def write_roster(inbox: Inbox, roster: Roster, layout: Layout) -> None:
    inbox.register(
        "roster_df",
        pd.DataFrame(
            {
                "npi": roster.npi_text,
                "first_name": roster.first,
                "last_name": roster.last,
                "email": roster.email,
                "profession": np.array(PROFESSIONS, dtype=object)[roster.profession],
                "specialty": roster.specialty,
                "service_line": np.array(layout.line_names, dtype=object)[roster.line],
                "unit": layout.unit_code[roster.unit],
                "active_from": roster.active_from,
                "active_to": roster.active_to,
            }
        ),
    )
    inbox.write(
        "roster",
        "roster.csv",
        f"""
        SELECT npi, first_name, last_name, email, profession, specialty, service_line, unit,
               {_date("active_from")} AS active_from, {_date("active_to")} AS active_to
        FROM roster_df ORDER BY npi""",
    )


def write_catalog(inbox: Inbox) -> None:
    columns = FEEDS["metric_catalog"].column_names
    inbox.register("catalog_df", pd.DataFrame({c: [getattr(m, c) for m in METRICS] for c in columns}))
    inbox.write(
        "metric_catalog",
        "metric_catalog.csv",
        f"SELECT {', '.join(columns)} FROM catalog_df ORDER BY metric_id",
    )


def write_needs(inbox: Inbox, needs: list[Need]) -> None:
    inbox.register(
        "needs_df",
        pd.DataFrame(
            {
                "need_id": [n.need_id for n in needs],
                "source_type": [n.source_type for n in needs],
                "source_name": [n.source_name for n in needs],
                "identified_on": np.array([n.identified_on for n in needs], dtype=np.int64),
                "practice_gap": [n.practice_gap for n in needs],
                "target_service_line": [n.plan.line for n in needs],
                "target_professions": ["|".join(n.professions) or None for n in needs],
                "metric_id": [n.plan.metric_id for n in needs],
                "target_value": pd.array([n.target_value for n in needs], dtype="Float64"),
                "priority": [n.priority for n in needs],
                "topic_keywords": [_need_keywords(n) for n in needs],
            }
        ),
    )
    inbox.write(
        "needs",
        "needs.csv",
        f"""
        SELECT need_id, source_type, source_name, {_date("identified_on")} AS identified_on, practice_gap,
               target_service_line, target_professions, metric_id, target_value, priority, topic_keywords
        FROM needs_df ORDER BY need_id""",
    )


def _need_keywords(need: Need) -> str | None:
    """A need on a metric takes its topic from the catalog; a need without one names its own."""
    from cme_pipeline.synthetic.names import GAP_ONLY_NEEDS
    from cme_pipeline.synthetic.topics import GAP_TOPIC_KEYWORDS

    if need.plan.metric_id or need.plan.gap < 0:
        return None
    return GAP_TOPIC_KEYWORDS.get(GAP_ONLY_NEEDS[need.plan.gap].topic)


def write_activities(inbox: Inbox, activities: list[Activity]) -> None:
    inbox.register(
        "activities_df",
        pd.DataFrame(
            {
                "activity_id": [a.activity_id for a in activities],
                "title": [a.title for a in activities],
                "activity_type": [a.activity_type for a in activities],
                "start_date": np.array([a.start_day for a in activities], dtype=np.int64),
                "end_date": np.array([a.end_day for a in activities], dtype=np.int64),
                "credit_hours": np.array([a.credit_hours for a in activities], dtype=float),
                "designed_to_change": [a.designed_to_change for a in activities],
                "need_ids": ["|".join(a.need_ids) or None for a in activities],
                "commercial_support": [a.commercial_support for a in activities],
                "joint_provider": [a.joint_provider for a in activities],
                "qi_project": [a.qi_project for a in activities],
            }
        ),
    )
    inbox.write(
        "activities",
        "activities.csv",
        f"""
        SELECT activity_id, title, activity_type, {_date("start_date")} AS start_date,
               {_date("end_date")} AS end_date, credit_hours, designed_to_change, need_ids,
               commercial_support, joint_provider, qi_project
        FROM activities_df ORDER BY activity_id""",
    )


def write_attendance(
    inbox: Inbox, rows: Attendance, activities: list[Activity], learners: Learners, topics: Topics
) -> None:
    inbox.register(
        "att_df",
        pd.DataFrame(
            {
                "activity": rows.activity,
                "day": rows.day,
                "year": year_of(rows.day),
                "learner": rows.learner,
                "credits": rows.credits,
                "pre": rows.pre,
                "post": rows.post,
                "satisfaction": rows.satisfaction,
                "commitment": rows.commitment,
            }
        ),
    )
    inbox.register(
        "act_dim",
        pd.DataFrame(
            {
                "activity": np.arange(len(activities)),
                "activity_id": [a.activity_id for a in activities],
            }
        ),
    )
    inbox.register(
        "learner_dim",
        pd.DataFrame(
            {
                "learner": np.arange(learners.n),
                "learner_id": learners.learner_id,
                "npi": learners.npi,
                "email": learners.email,
                "first_name": learners.first,
                "last_name": learners.last,
                "profession": np.array(PROFESSIONS, dtype=object)[learners.profession],
            }
        ),
    )
    inbox.register(
        "commitment_dim",
        pd.DataFrame(
            {
                "commitment": np.arange(len(topics.texts)),
                "text": topics.texts,
            }
        ),
    )
    for year in np.unique(year_of(rows.day)).tolist():
        inbox.write(
            "attendance",
            f"attendance_{year}.csv",
            f"""
            SELECT a.activity_id, {EPOCH_SQL} + f.day::INTEGER AS session_date, l.learner_id, l.npi,
                   l.email, l.first_name, l.last_name, l.profession, f.credits AS credits_claimed,
                   NULLIF(f.pre, -1) AS pre_score, NULLIF(f.post, -1) AS post_score,
                   NULLIF(f.satisfaction, -1) AS satisfaction, c.text AS commitment_to_change
            FROM att_df f
            JOIN act_dim a USING (activity)
            JOIN learner_dim l USING (learner)
            LEFT JOIN commitment_dim c USING (commitment)
            WHERE f.year = {int(year)}
            ORDER BY session_date, a.activity_id, l.learner_id""",
        )


def metric_query(frame: str, period: str) -> str:
    return f"""
        SELECT d.metric_id, {period} AS period, e.entity_type, e.entity_id, v.numerator, v.denominator
        FROM {frame} v JOIN metric_dim d USING (metric) JOIN entity_dim e USING (entity)
        ORDER BY d.metric_id, period, e.entity_type, e.entity_id"""
