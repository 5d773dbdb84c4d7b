"""Run a floor script (make_floor.py) on an inbox, in one process, into a new warehouse.duckdb in WORK.

    python benchmarks/floor.py benchmarks/floor/medium.sql INBOX WORK
"""

import sys
from pathlib import Path

import duckdb


def main() -> None:
    script, inbox, work = Path(sys.argv[1]), Path(sys.argv[2]).resolve(), Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    warehouse = work / "warehouse.duckdb"  # the name the compiled SQL's relations carry
    warehouse.unlink(missing_ok=True)
    with duckdb.connect(str(warehouse)) as con:
        con.execute(script.read_text().replace("{inbox}", str(inbox)))


if __name__ == "__main__":
    main()
