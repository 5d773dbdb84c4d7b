"""Every setting of the pipeline, read from the environment once, then passed down.

Paths resolve to absolute ones here, because dbt runs as a subprocess in its own folder: a relative
`data/` would otherwise mean two different places. Nothing else in the package reads `os.environ`, and
only `library_environment` says what the few libraries that read nothing but the environment are given.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DEMO_PSEUDONYM_KEY = "demo-key-not-for-real-data"


def _path(value: str) -> Path:
    return Path(value).expanduser().resolve()


@dataclass(frozen=True)
class Settings:
    home: Path
    inbox: Path
    mappings: Path
    # A hospital may point the pipeline at its own copy of the dbt project (its warehouse, its marts) ...
    dbt_project_dir: Path = DBT_PROJECT_DIR
    # ... and at its own dbt profiles (its warehouse's connection), choosing the target by name. Without
    # them, the pipeline writes a DuckDB profile for its own warehouse file under CME_HOME.
    dbt_profiles_dir: Path | None = None
    dbt_target: str | None = None
    # Keys the hash that stands in for a person wherever a published mart needs one; `run` requires it.
    pseudonym_key: str | None = None
    # Share of attendance rows that must resolve to a roster clinician before anything is published.
    min_resolved_share: float = 0.95
    build_data_dictionary: bool = True
    # The Quality Council report and PARS upload file after each publication (CME_BUILD_REPORT=0 skips them).
    build_report: bool = True
    # The Dagster instance (DAGSTER_HOME) the command line, the UI and the daemon share; by default it
    # lives with the data, under CME_HOME/dagster, configured on first use (instance.py).
    dagster_home: Path | None = None
    # Refuse to publish anything while a file of the inbox cannot be read (CME_STRICT=1). By default an
    # unreadable file is refused whole, named in data_quality, and the rest publishes.
    strict: bool = False
    # The sensor on the inbox and the monthly schedule run whenever the daemon runs, unless
    # CME_AUTOMATION=off; the schedule's day of the month (after the QI extracts close) is CME_SCHEDULE_DAY.
    automation: bool = True
    schedule_day: int = 5
    # The first month of the month partitions (CME_FIRST_MONTH, YYYY-MM); earlier months still build,
    # but only months from this one on show, and can be chosen, as partitions.
    first_month: str = "2010-01"
    # Echo dbt's own log to the terminal as well as to `dbt_log` (`cme-pipeline run --verbose`).
    show_dbt_log: bool = False
    # The year the Quality Council report's PARS table and the PARS upload file cover (CME_REPORTING_YEAR);
    # unset, the last complete calendar year.
    reporting_year: int | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.schedule_day <= 28:
            raise ValueError(f"CME_SCHEDULE_DAY must be a day of the month from 1 to 28, not {self.schedule_day}")

    @property
    def instance_home(self) -> Path:
        """DAGSTER_HOME: the Dagster instance every run of this warehouse is recorded in."""
        return self.dagster_home or self.home / "dagster"

    @property
    def warehouse(self) -> Path:
        """The pipeline's private working DuckDB file (raw, staging, intermediate, marts)."""
        return self.home / "warehouse.duckdb"

    @property
    def published(self) -> Path:
        """The serving store BI tools read: a DuckDB file and a Parquet folder, swapped in whole."""
        return self.home / "published"

    @property
    def validation(self) -> Path:
        """Great Expectations results on the marts, with an HTML page to open."""
        return self.home / "validation"

    @property
    def dbt_artifacts(self) -> Path:
        """dbt's run artifacts, its generated profile and its log: kept with the data they describe."""
        return self.home / "dbt"

    @property
    def dbt_log(self) -> Path:
        """dbt's own log of the last run (`cme-pipeline run --verbose` prints it as it goes)."""
        return self.dbt_artifacts / "dbt.log"

    @property
    def report(self) -> Path:
        """The Quality Council report (HTML and PDF) and the PARS upload file, made from the serving store."""
        return self.published / "report"

    @property
    def report_year(self) -> int:
        return self.reporting_year or date.today().year - 1

    @property
    def data_dictionary(self) -> Path:
        return self.home / "data_dictionary"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        home = _path(env.get("CME_HOME", "data"))
        profiles = env.get("CME_DBT_PROFILES_DIR")
        dagster_home = env.get("DAGSTER_HOME")
        return cls(
            home=home,
            inbox=_path(env.get("CME_INBOX", str(home / "inbox"))),
            mappings=_path(env.get("CME_MAPPINGS", str(home / "mappings"))),
            dbt_project_dir=_path(env.get("CME_DBT_PROJECT_DIR", str(DBT_PROJECT_DIR))),
            dbt_profiles_dir=_path(profiles) if profiles else None,
            dbt_target=env.get("CME_DBT_TARGET") or None,
            pseudonym_key=env.get("CME_PSEUDONYM_KEY") or None,
            min_resolved_share=float(env.get("CME_MIN_RESOLVED_SHARE", "0.95")),
            build_data_dictionary=env.get("CME_BUILD_DATA_DICTIONARY", "1") != "0",
            build_report=env.get("CME_BUILD_REPORT", "1") != "0",
            dagster_home=_path(dagster_home) if dagster_home else None,
            strict=env.get("CME_STRICT", "0") not in ("0", "", "false", "off"),
            automation=env.get("CME_AUTOMATION", "on").lower() not in ("0", "false", "off", "no"),
            schedule_day=int(env.get("CME_SCHEDULE_DAY", "5")),
            first_month=env.get("CME_FIRST_MONTH", "2010-01"),
            reporting_year=int(env["CME_REPORTING_YEAR"]) if env.get("CME_REPORTING_YEAR") else None,
        )


def library_environment() -> dict[str, str]:
    """What libraries that read only the environment are told: hospital data pipelines send nothing home.

    The one place the package sets environment variables (`apply_library_environment`); values already
    set by the user win.
    """
    return {
        "GX_ANALYTICS_ENABLED": "False",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "DO_NOT_TRACK": "1",
    }


def child_environment(settings: Settings, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a child process that reads settings itself (`dagster dev`, the daemon): the
    same home and the same instance as this process, whatever the child's working folder."""
    return {
        **(os.environ if base is None else base),
        **library_environment(),
        "CME_HOME": str(settings.home),
        "CME_INBOX": str(settings.inbox),
        "CME_MAPPINGS": str(settings.mappings),
        "DAGSTER_HOME": str(settings.instance_home),
    }


def apply_library_environment() -> None:
    for name, value in library_environment().items():
        os.environ.setdefault(name, value)
