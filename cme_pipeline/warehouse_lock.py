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


# The locks this process holds, by warehouse: a turn of the service (ingest run, then build run) holds the
# warehouse across both runs, and the runs inside it see that their own process already holds it.
_HELD: dict[Path, WarehouseLock] = {}


def held_by_this_process(warehouse: Path) -> WarehouseLock | None:
    return _HELD.get(warehouse.resolve())


class WarehouseLock:
    """The lock file and its holder record, next to the warehouse."""

    def __init__(self, warehouse: Path, wait_seconds: float = 0):
        self.warehouse = warehouse
        self._lock = FileLock(str(warehouse.with_suffix(".lock")), timeout=wait_seconds)
        self._holder_path = warehouse.with_suffix(".lock.json")
        self._holder: Holder | None = None

    def acquire(self, run_id: str, started_by: str) -> None:
        self.warehouse.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire()
        except Timeout:
            raise WarehouseBusy(self.warehouse, self.holder()) from None
        self._holder = Holder(run_id, os.getpid(), datetime.now(tz=UTC).strftime("%Y-%m-%d %H:%M:%S"), started_by)
        self._holder_path.write_text(json.dumps(asdict(self._holder)))
        _HELD[self.warehouse.resolve()] = self

    def note_run(self, run_id: str) -> None:
        """Name the run now working under this lock, so a refused run can say which one holds it."""
        assert self._holder is not None, "note_run on a lock this process does not hold"
        self._holder = Holder(run_id, self._holder.pid, self._holder.started_at, self._holder.started_by)
        self._holder_path.write_text(json.dumps(asdict(self._holder)))

    def release(self) -> None:
        if self._lock.is_locked:
            _HELD.pop(self.warehouse.resolve(), None)
            self._holder_path.unlink(missing_ok=True)
            self._lock.release()

    def holder(self) -> Holder | None:
        try:
            return Holder(**json.loads(self._holder_path.read_text()))
        except (OSError, ValueError, TypeError):
            return None

    def __enter__(self) -> WarehouseLock:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
