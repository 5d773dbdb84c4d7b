"""The statistics the claims rest on, checked against published and independent numbers.

The SQL is the project's own macros, compiled by dbt exactly as the models compile them, then run by DuckDB
on golden data (tests/golden/README.md says where each file comes from).
"""

from __future__ import annotations

import csv
import json
import math
import subprocess
from pathlib import Path

import duckdb
import pytest

from cme_pipeline.defs.project import dbt_executable, dbt_project
from tests.conftest import pipeline_settings

GOLDEN = Path(__file__).parent / "golden"


def compile_inline(sql: str, workdir: Path) -> str:
    """The SQL dbt compiles from `sql` (Jinja and project macros) - what a model would run."""
    project = dbt_project(pipeline_settings(workdir, workdir / "inbox"))
    completed = subprocess.run(
        [dbt_executable(), "--log-path", str(workdir / "logs"), "compile", "--quiet", "--output", "json",
         "--inline", sql, "--project-dir", str(project.project_dir), "--profiles-dir", str(project.profiles_dir),
         "--target", project.target, "--target-path", str(workdir / "target")],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return json.loads(completed.stdout)["compiled"]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> dict[str, str]:
    """Every query this module runs, compiled in one dbt call (dbt starts in seconds, not milliseconds)."""
    workdir = tmp_path_factory.mktemp("compile")
    fits = {
        "level_change": ("post", ["1.0", "t", "t_post"]),
        "pre_trend": ("t", ["1.0", "post", "t_post"]),
        "trend_change": ("t_post", ["1.0", "t", "post"]),
        "intercept": ("1.0", ["t", "post", "t_post"]),
    }
    parts = [
        f"select '{name}' as term, * from ("
        f"{{{{ ols_coefficient('golden_series', ['series'], 'cigsale', '{target}', {nuisance}, "
        f"time_index='t', lag=1) }}}}) as fit_{name}"
        for name, (target, nuisance) in fits.items()
    ]
    parts.append(
        "select 'level_change_rule_lag' as term, * from ("
        "{{ ols_coefficient('golden_series', ['series'], 'cigsale', 'post', ['1.0', 't', 't_post'], "
        "time_index='t') }}) as fit_rule"
    )
    parts.append(  # cluster-robust, as the parallel-trends check of clinician DiD uses it
        "select 'level_change_clustered' as term, * from ("
        "{{ ols_coefficient('golden_series', ['series'], 'cigsale', 'post', ['1.0', 't', 't_post'], "
        "cluster='five_years') }}) as fit_clustered"
    )
    parts.append(  # weighted, heteroskedasticity-robust HC1, as the ANCOVA uses it
        "select 'level_change_weighted' as term, * from ("
        "{{ ols_coefficient('golden_series', ['series'], 'cigsale', 'post', ['1.0', 't', 't_post'], "
        "weight='weight') }}) as fit_weighted"
    )
    marker = "\n-- split --\n"
    sql = (
        " union all ".join(parts)
        + marker
        + "select t_statistic, degrees_of_freedom, "
        "{{ two_sided_p_value('t_statistic', 'degrees_of_freedom') }} as p_value from golden_t"
    )
    its_sql, p_sql = compile_inline(sql, workdir).split(marker.strip())
    return {"its": its_sql, "p_values": p_sql}


def test_interrupted_time_series_matches_the_published_worked_example(compiled):
    """Linden (2015), Stata Journal 15(2), single-group ITSA of California's cigarette sales, Newey-West lag 1."""
    with duckdb.connect() as con:
        con.execute(
            "create table golden_series as select 'california' as series, cast(year - 1970 as integer) as t, "
            "cigsale, case when year >= 1989 then 1.0 else 0.0 end as post, "
            "case when year >= 1989 then year - 1989.0 else 0.0 end as t_post, "
            "cast((year - 1970) // 5 as varchar) as five_years, 1.0 + year % 3 as weight "
            f"from read_csv('{GOLDEN / 'california_cigarette_sales.csv'}')"
        )
        rows = con.execute(compiled["its"]).fetchall()
        columns = [d[0] for d in con.description]
    fit = {row[0]: dict(zip(columns, row, strict=True)) for row in rows}
    # Linden's printed coefficients (to the digits printed).
    assert fit["intercept"]["coefficient"] == pytest.approx(132.2258, abs=5e-5)
    assert fit["pre_trend"]["coefficient"] == pytest.approx(-1.779474, abs=5e-7)
    assert fit["level_change"]["coefficient"] == pytest.approx(-20.0581, abs=5e-5)
    post_trend = fit["pre_trend"]["coefficient"] + fit["trend_change"]["coefficient"]
    assert post_trend == pytest.approx(-3.274126, abs=5e-7)
    # Newey-West (Bartlett, lag 1, Stata's n/(n-k) scaling) and plain OLS standard errors, as statsmodels'
    # OLS(...).get_robustcov_results(cov_type="HAC", maxlags=1, use_correction=True) and .bse give them.
    newey_west = {"intercept": 4.25305407, "pre_trend": 0.38341881, "level_change": 4.72439445,
                  "trend_change": 0.43682006}
    ordinary = {"intercept": 2.28661902, "pre_trend": 0.21703627, "level_change": 3.74711049,
                "trend_change": 0.48462863}
    for term in newey_west:
        assert fit[term]["standard_error_robust"] == pytest.approx(newey_west[term], rel=1e-7), term
        assert fit[term]["standard_error_ols"] == pytest.approx(ordinary[term], rel=1e-7), term
        assert (fit[term]["observations"], fit[term]["parameters"], fit[term]["degrees_of_freedom"]) == (31, 4, 27)
    # Clustered by five-year blocks, and weighted (weights 1 + year mod 3) with HC1 errors: statsmodels'
    # OLS(...).fit(cov_type="cluster", groups=...) and WLS(..., weights=...).fit(cov_type="HC1").
    clustered, weighted = fit["level_change_clustered"], fit["level_change_weighted"]
    assert clustered["coefficient"] == pytest.approx(-20.05809717, rel=1e-8)
    assert clustered["standard_error_robust"] == pytest.approx(6.85131222, rel=1e-7)
    assert clustered["clusters"] == 7
    assert weighted["coefficient"] == pytest.approx(-20.28699176, rel=1e-8)
    assert weighted["standard_error_robust"] == pytest.approx(4.07188309, rel=1e-7)
    # Without a stated lag the rule floor(4 (n/100)^(2/9)) picks 3 for 31 years, and the interval widens.
    rule = fit["level_change_rule_lag"]
    assert rule["robust_lag"] == 3
    assert rule["coefficient"] == pytest.approx(fit["level_change"]["coefficient"])
    assert rule["standard_error_robust"] > fit["level_change"]["standard_error_robust"]


def test_p_values_match_students_t(compiled):
    with (GOLDEN / "student_t_two_sided.csv").open() as handle:
        expected = {(float(r["t_statistic"]), int(r["degrees_of_freedom"])): float(r["p_value"])
                    for r in csv.DictReader(handle)}
    with duckdb.connect() as con:
        con.execute("create table golden_t (t_statistic double, degrees_of_freedom integer)")
        con.executemany("insert into golden_t values (?, ?)", list(expected))
        computed = {(t, df): p for t, df, p in con.execute(compiled["p_values"]).fetchall()}
    for (t, df), p in expected.items():
        tolerance = 1e-12 if df <= 2 else 2.5e-5 if df <= 3 else 1e-6
        assert computed[(t, df)] == pytest.approx(p, abs=tolerance), (t, df)
        if p > 1e-6:  # relative accuracy where a p-value is compared with a threshold
            assert computed[(t, df)] == pytest.approx(p, rel=5e-3), (t, df)


def _seed(name: str) -> list[dict[str, str]]:
    with (Path(__file__).parents[1] / "dbt_project" / "seeds" / f"{name}.csv").open() as handle:
        return list(csv.DictReader(handle))


def test_anhoej_limits_match_qicharts2s_published_table_and_the_exact_binomial():
    """The seed behind metric_run_chart's Anhoej rules: qicharts2's Appendix 2 for 10-100 useful points, and
    for every n, round(log2(n)) + 3 and qbinom(0.05, n - 1, 0.5) computed exactly here."""
    seed = {
        int(r["useful_points"]): (int(r["longest_run_max"]), int(r["crossings_min"])) for r in _seed("anhoej_limits")
    }
    with (GOLDEN / "anhoej_qicharts2_appendix2.csv").open() as handle:
        published = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    assert len(published) == 91
    for row in published:
        n = int(row["useful_points"])
        assert seed[n] == (int(row["longest_run_max"]), int(row["crossings_min"])), n
    assert sorted(seed) == list(range(1, 1001))
    for n, (longest_run_max, crossings_min) in seed.items():
        assert longest_run_max == round(math.log2(n)) + 3, n
        # the smallest x whose Binomial(n - 1, 0.5) CDF reaches 5%, in integers: 20 * sum C(n-1, k) >= 2^(n-1)
        x, term, total = 0, 1, 1
        while 20 * total < 2 ** (n - 1):
            term = term * (n - 1 - x) // (x + 1)
            x, total = x + 1, total + term
        assert crossings_min == x, n
