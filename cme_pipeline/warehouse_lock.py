"""One run per warehouse at a time, whoever starts it: the command line, the sensor, the schedule or the UI.

DuckDB allows one writer per file, and a second writer fails deep inside dbt with a lock stack trace.
Every run takes this lock before it touches the warehouse (the `warehouse_lock` resource) and writes
who holds it beside the lock, so the second run can say which run holds the warehouse. The operating
system releases the lock when the holding process ends, even when it is killed.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from filelock import FileLock, Timeout


@dataclass(frozen=True)
class Holder:
    run_id: str
    pid: int
    started_at: str
    started_by: str

    def describe(self) -> str:
        return f"run {self.run_id} ({self.started_by}, process {self.pid}, started {self.started_at} UTC)"


class WarehouseBusy(Exception):
    def __init__(self, warehouse: Path, holder: Holder | None):
        self.holder = holder
        who = holder.describe() if holder else "another run"
        super().__init__(
            f"the warehouse {warehouse} is in use by {who}. Wait for that run to finish (it shows in the "
            "Dagster UI) and run again."
        )


class WarehouseLock:
    """The lock file and its holder record, next to the warehouse."""

    def __init__(self, warehouse: Path, wait_seconds: float = 0):
        self.warehouse = warehouse
        self._lock = FileLock(str(warehouse.with_suffix(".lock")), timeout=wait_seconds)
        self._holder_path = warehouse.with_suffix(".lock.json")

    def acquire(self, run_id: str, started_by: str) -> None:
        self.warehouse.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except Timeout:
            raise WarehouseBusy(self.warehouse, self.holder()) from None
        holder = Holder(run_id, os.getpid(), datetime.now(tz=UTC).strftime("%Y-%m-%d %H:%M:%S"), started_by)
        self._holder_path.write_text(json.dumps(asdict(holder)))

    def release(self) -> None:
        if self._lock.is_locked:
            self._holder_path.unlink(missing_ok=True)
            self._lock.release()

    def holder(self) -> Holder | None:
        try:
            return Holder(**json.loads(self._holder_path.read_text()))
        except (OSError, ValueError, TypeError):
            return None

    def busy_with(self) -> Holder | None:
        """Who holds the warehouse now, or None when it is free (checked by taking the lock for a moment)."""
        try:
            self._lock.acquire()
        except Timeout:
            return self.holder() or Holder("(unknown)", 0, "?", "another process")
        self._lock.release()
        return None

    def __enter__(self) -> WarehouseLock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
