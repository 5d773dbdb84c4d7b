"""The one Dagster instance a warehouse's runs are recorded in, shared by the command line, the UI and
the daemon.

It lives with the data (`CME_HOME/dagster` unless DAGSTER_HOME says otherwise) and is configured on
first use: one run at a time (runs the daemon launches queue behind it; a command-line run that finds
the warehouse busy says so, see warehouse_lock.py), and no telemetry. An analyst's own `dagster.yaml`
there is never overwritten.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import dagster as dg

from cme_pipeline.settings import Settings

IN_PROGRESS = [dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED]

INSTANCE_CONFIG = """\
# Written by cme-pipeline on first use; yours to edit (it is never overwritten).
# One run of this warehouse at a time: DuckDB allows one writer per file, so runs the daemon
# launches (sensor, schedule, UI) wait in the queue while another run is in progress.
concurrency:
  runs:
    max_concurrent_runs: 1
telemetry:
  enabled: false
"""


def ensure_instance_config(dagster_home: Path) -> Path:
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    if not config.exists():
        config.write_text(INSTANCE_CONFIG)
    return config


def open_instance(settings: Settings) -> dg.DagsterInstance:
    """The settings' instance, configured on first use; the caller closes it (`with open_instance(...)`)."""
    ensure_instance_config(settings.instance_home)
    return dg.DagsterInstance.from_config(str(settings.instance_home))


def run_tags(command: str) -> dict[str, str]:
    """Tags of a command-line run: who started it, and the process that runs it (for `fail_abandoned_runs`)."""
    return {"cme/started_by": f"cme-pipeline {command}", "cme/pid": str(os.getpid()), "cme/host": socket.gethostname()}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fail_abandoned_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark as failed the command-line runs whose process ended without finishing (killed, or the machine
    went down), so the UI does not show them in progress forever. Only runs started on this machine by a
    process that no longer exists are touched."""
    host = socket.gethostname()
    abandoned = []
    for run in instance.get_runs(filters=dg.RunsFilter(statuses=IN_PROGRESS, tags={"cme/host": host})):
        pid = int(run.tags.get("cme/pid", "0"))
        if pid and not _alive(pid):
            instance.report_run_failed(run, "The process running it ended before the run finished (killed or crashed).")
            abandoned.append(run.run_id)
    return abandoned
