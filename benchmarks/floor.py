"""Run a floor script (make_floor.py) on an inbox, in one process, into a new warehouse.duckdb in WORK.

    python benchmarks/floor.py benchmarks/floor/floor.sql INBOX WORK

Prints each section's seconds (a feed's ingest, a model), so the benchmark can say where the floor's time goes.
"""

import re
import sys
import time
from pathlib import Path

import duckdb

# Sections start at a comment naming a feed or a model, just before its first statement.
SECTION = re.compile(r"\n(?=-- [a-z_0-9]+\ncreate )")


def main() -> None:
    script, inbox, work = Path(sys.argv[1]), Path(sys.argv[2]).resolve(), Path(sys.argv[3])
    work.mkdir(parents=True, exist_ok=True)
    warehouse = work / "warehouse.duckdb"  # the name the compiled SQL's relations carry
    warehouse.unlink(missing_ok=True)
    with duckdb.connect(str(warehouse)) as con:
        for section in SECTION.split(script.read_text().replace("{inbox}", str(inbox))):
            started = time.perf_counter()
            con.execute(section)
            name = section.lstrip("\n").splitlines()[0].removeprefix("-- ")
            print(f"floor section {name}: {time.perf_counter() - started:.2f}s", flush=True)


if __name__ == "__main__":
    main()
