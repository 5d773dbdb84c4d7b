"""What the report reads: the published marts, and nothing else.

The report is made for people outside the analytics team, so it reads the serving store BI tools read
(never the warehouse and its restricted schema): what it shows has passed every check of the publication.
Marts are program-level aggregates (tens to a few thousand rows), small enough for data frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import yaml

MARTS = (
    "need_coverage",
    "qi_impact",
    "metric_run_chart",
    "activity_outcomes",
    "pars_activity_report",
    "commendation_program_summary",
    "commendation_evidence",
    "data_quality",
    "quarantine_by_rule",
    "need_demand",
    "qi_gaps",
    "publication_log",
)


@dataclass(frozen=True)
class Published:
    marts: dict[str, pd.DataFrame]
    # Cells with a count from 1 to this minus one are suppressed (dbt var min_denominator): shown as "<N".
    suppression_threshold: int

    def __getitem__(self, mart: str) -> pd.DataFrame:
        return self.marts[mart]

    @property
    def run_id(self) -> str:
        log = self.marts["publication_log"]
        return str(log["run_id"].iloc[-1]) if len(log) else ""

    @property
    def published_at(self) -> str:
        log = self.marts["publication_log"]
        return f"{log['published_at'].iloc[-1]:%Y-%m-%d %H:%M} UTC" if len(log) else ""


def suppression_threshold(dbt_project_dir: Path) -> int:
    """The dbt project's min_denominator: the same number its models suppress by."""
    project = yaml.safe_load((dbt_project_dir / "dbt_project.yml").read_text())
    return int(project["vars"]["min_denominator"])


def read_published(serving_file: Path, dbt_project_dir: Path) -> Published:
    if not serving_file.exists():
        raise FileNotFoundError(f"{serving_file}: nothing published yet, so there is nothing to report")
    with duckdb.connect(str(serving_file), read_only=True) as con:
        present = {name for (name,) in con.execute("select table_name from information_schema.tables").fetchall()}
        missing = [mart for mart in MARTS if mart not in present]
        if missing:
            raise ValueError(f"{serving_file}: published before these marts existed: {', '.join(missing)}")
        marts = {mart: con.execute(f"select * from {mart}").df() for mart in MARTS}
    return Published(marts, suppression_threshold(dbt_project_dir))
