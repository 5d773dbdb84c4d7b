"""How often qi_gaps proposes a need on a world where nothing deteriorated (a false proposal).

    .venv/bin/python benchmarks/false_proposals.py [--seeds 1 2 3 4 5] [--scale small]

Generates each world without the planted deterioration (`generate_world(..., deterioration=False)`), runs
the pipeline, and counts the (metric, service line or unit) charts qi_gaps proposes. Every proposal on such
a world is false. It also runs the same seeds with the deterioration planted and counts whether that one
is proposed (and ranked first). Not a CI test: ~90 s a world on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cme_pipeline.settings import apply_library_environment  # noqa: E402
from cme_pipeline.synthetic import generate_world  # noqa: E402
from tests.conftest import run_pipeline  # noqa: E402


def proposals(seed: int, scale: str, deterioration: bool) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        planted = generate_world(home / "inbox", scale=scale, seed=seed, deterioration=deterioration)
        result = run_pipeline(home, home / "inbox")
        if not result.success:
            raise SystemExit(f"seed {seed}: the pipeline failed")
        with duckdb.connect(str(home / "published" / "cme_marts.duckdb"), read_only=True) as con:
            charts, proposed = con.execute("select count(*), count(*) filter (where proposed) from qi_gaps").fetchone()
            top = con.execute("select metric_id, service_line from qi_gaps where proposal_rank = 1").fetchall()
    planted_gap = planted["deterioration"]
    found = bool(planted_gap and top and top[0] == (planted_gap["metric_id"], planted_gap["service_line"]))
    return {"seed": seed, "deterioration": deterioration, "charts": charts, "proposed": proposed,
            "planted_ranked_first": found if deterioration else None}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    parser.add_argument("--scale", default="small")
    args = parser.parse_args()
    apply_library_environment()
    rows = [proposals(seed, args.scale, deterioration) for seed in args.seeds for deterioration in (False, True)]
    clean = [row for row in rows if not row["deterioration"]]
    planted = [row for row in rows if row["deterioration"]]
    judged, false = sum(row["charts"] for row in clean), sum(row["proposed"] for row in clean)
    summary = {
        "worlds_without_deterioration": len(clean),
        "charts_judged": judged,
        "false_proposals": false,
        "false_proposal_rate_per_chart": false / max(1, judged),
        "worlds_with_a_false_proposal": sum(1 for row in clean if row["proposed"]),
        "planted_gap_ranked_first": sum(1 for row in planted if row["planted_ranked_first"]),
        "worlds_with_deterioration": len(planted),
        "runs": rows,
    }
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
