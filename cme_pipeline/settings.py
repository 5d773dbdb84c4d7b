"""Where the pipeline reads and writes, from environment variables.

Everything resolves to absolute paths once, here, because dbt runs as a subprocess in
the dbt project's folder: a relative `data/` would otherwise mean two different places.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DEMO_PSEUDONYM_KEY = "demo-key-not-for-real-data"


@dataclass(frozen=True)
class Settings:
    home: Path
    inbox: Path
    mappings: Path
    # A hospital may point the pipeline at its own copy of the dbt project (its warehouse, its marts).
    dbt_project_dir: Path = DBT_PROJECT_DIR

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
        """dbt's run artifacts and logs: kept with the data they describe, not in the repository."""
        return self.home / "dbt"

    @classmethod
    def from_env(cls) -> Settings:
        home = Path(os.environ.get("CME_HOME", "data")).expanduser().resolve()
        inbox = Path(os.environ.get("CME_INBOX", str(home / "inbox"))).expanduser().resolve()
        mappings = Path(os.environ.get("CME_MAPPINGS", str(home / "mappings"))).expanduser().resolve()
        dbt_project_dir = Path(os.environ.get("CME_DBT_PROJECT_DIR", str(DBT_PROJECT_DIR))).expanduser().resolve()
        return cls(home=home, inbox=inbox, mappings=mappings, dbt_project_dir=dbt_project_dir)

    def export(self) -> None:
        """Publish the resolved paths to this process's environment, for dbt's profile to read."""
        os.environ["CME_HOME"] = str(self.home)
        os.environ["CME_INBOX"] = str(self.inbox)
        os.environ["CME_WAREHOUSE"] = str(self.warehouse)
        os.environ["DBT_LOG_PATH"] = str(self.dbt_artifacts / "logs")
