"""The Quality Council packet, made by the pipeline from a published small world: the page in a real
browser (Debian's Chromium), the PDF read back, the PARS upload file checked against the mart."""

from __future__ import annotations

import json
import os
import re
import shutil

import dagster as dg
import duckdb
import pandas as pd
import pytest

from cme_pipeline.report.pars_upload import REQUIRED, pars_rows
from cme_pipeline.report.published import read_published
from cme_pipeline.report.sections import need_sections
from cme_pipeline.report.tables import need_facts
from tests.conftest import failure_messages, pipeline_settings, run_pipeline

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def reported(tmp_path_factory):
    from cme_pipeline.synthetic import generate_world

    home = tmp_path_factory.mktemp("reported_world")
    generate_world(home / "inbox", scale="small", seed=13)
    planted = json.loads((home / "inbox" / "planted.json").read_text())
    year = int(planted["end_month"][:4]) - 1
    result = run_pipeline(home, home / "inbox", build_report=True, reporting_year=year)
    assert result.success, failure_messages(result)
    serving = home / "published" / "cme_marts.duckdb"
    with duckdb.connect(str(serving), read_only=True) as con:
        impact = con.execute(
            "select need_id, claim, target_service_line from qi_impact where exposure = 'attendance'").df()
        pars = con.execute("select * from pars_activity_report where reporting_year = ?", [year]).df()
    return {"home": home, "report": home / "published" / "report", "year": year, "planted": planted,
            "impact": impact, "pars": pars, "serving": serving}


def _browser():
    if CHROMIUM is None:
        if os.environ.get("CME_REQUIRE_BROWSER") == "1":
            pytest.fail("CME_REQUIRE_BROWSER=1 but no Chromium on PATH: apt-get install -y chromium")
        pytest.skip("no Chromium on this machine: install Debian's package (apt-get install -y chromium) to run the "
                    "report's browser test")
    from playwright.sync_api import sync_playwright

    return sync_playwright(), CHROMIUM


def test_the_report_draws_offline_in_chromium_shows_the_planted_improvement_and_filters(reported, tmp_path):
    page_file = reported["report"] / "report.html"
    markup = re.sub(r"<script\b.*?</script>", "", page_file.read_text(), flags=re.S)
    # Self-contained: no script, stylesheet or image from elsewhere (and the browser below is kept offline).
    assert not re.search(r"<(script|img|iframe)[^>]+src=|<link[^>]+href=", markup)
    playwright, executable = _browser()
    improved_planted = {
        need["need_id"] for need in reported["planted"]["needs"] if need["effective"]
    } & set(reported["impact"].loc[reported["impact"]["claim"] == "improved", "need_id"])
    assert improved_planted, "the small world's planted effective needs should include one the pipeline claims"
    never_improved = {need["need_id"] for need in reported["planted"]["needs"] if not need["effective"]}
    with playwright as p:
        browser = p.chromium.launch(executable_path=executable, args=BROWSER_FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1600})
        problems = []
        page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        fetched = []
        page.route("**/*", lambda route: route.continue_() if route.request.url == page_file.as_uri()
                   else (fetched.append(route.request.url), route.abort()))
        page.goto(page_file.as_uri())
        page.wait_for_function("document.body.dataset.chartsDrawn !== undefined", timeout=60_000)
        charts = page.locator("[data-chart]")
        assert charts.count() >= 10
        drawn = page.evaluate(
            "[...document.querySelectorAll('[data-chart]')].map(c => c.querySelectorAll('svg path, svg circle,"
            " svg rect, svg line, svg symbol').length)"
        )
        assert len(drawn) == charts.count() and min(drawn) > 0, drawn
        assert problems == [] and fetched == []
        shot = tmp_path / "report.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 50_000
        for need_id in improved_planted:
            article = page.locator(f"#need-{need_id}")
            assert article.get_attribute("data-claim") == "improved"
            assert article.locator(".claim").first.inner_text() == "improved"
            assert re.search(r"improved [\d.]+ points more than .*\(95% CI [\d.]+ to [\d.]+ points\)",
                             article.locator(".effect-sentence").inner_text())
        for need_id in never_improved:
            if page.locator(f"#need-{need_id}").count():
                assert page.locator(f"#need-{need_id}").get_attribute("data-claim") != "improved"
        # Filter by the service line of one improved need: only that service line's needs stay visible.
        chosen = reported["impact"].set_index("need_id").loc[sorted(improved_planted)[0], "target_service_line"]
        page.select_option("#filter-service-line", chosen)
        needs = page.locator("article.need")
        visible = [needs.nth(i).get_attribute("id") for i in range(needs.count()) if needs.nth(i).is_visible()]
        hidden_lines = {needs.nth(i).get_attribute("data-service-line") for i in range(needs.count())
                        if not needs.nth(i).is_visible()}
        assert visible and all(page.locator(f"#{v}").get_attribute("data-service-line") == chosen for v in visible)
        assert hidden_lines and chosen not in hidden_lines
        activities = page.locator("article.activity")
        assert all(chosen in (activities.nth(i).get_attribute("data-service-line") or "").split("|")
                   for i in range(activities.count()) if activities.nth(i).is_visible())
        page.select_option("#filter-service-line", "")
        committee = page.locator("#filter-committee option").nth(1).get_attribute("value")
        page.select_option("#filter-committee", committee)
        assert all(needs.nth(i).get_attribute("data-committee") == committee
                   for i in range(needs.count()) if needs.nth(i).is_visible())
        browser.close()


def test_the_pdf_has_every_need_section_page_numbers_and_the_date(reported):
    from pypdf import PdfReader

    pages = [page.extract_text() for page in PdfReader(reported["report"] / "report.pdf").pages]
    text = "\n".join(pages)
    needs = read_published(reported["serving"], pipeline_settings(reported["home"], reported["home"]).dbt_project_dir)
    with_metric = needs["need_coverage"].dropna(subset=["metric_id"])
    for need_id, line in zip(with_metric["need_id"], with_metric["target_service_line"], strict=True):
        assert f"{need_id} · {line}" in text
    assert all(re.search(rf"Page {i + 1} of {len(pages)}", page) for i, page in enumerate(pages))
    assert all(re.search(r"Generated \d{4}-\d{2}-\d{2}", page) for page in pages)
    parts = ("Summary", "Needs with a metric", "Activities: Moore-level ladders", f"reporting year {reported['year']}")
    for part in parts:
        assert part in text


def test_the_pars_upload_fills_every_required_column_and_matches_the_mart(reported):
    year, pars = reported["year"], reported["pars"]
    upload = pd.read_excel(reported["report"] / f"pars_activities_{year}.xlsx", dtype=str, keep_default_na=False)
    assert len(upload) == len(pars) > 0
    for column in REQUIRED:
        assert (upload[column].str.strip() != "").all(), column
    by_id = upload.set_index("Provider Activity ID")
    for row in pars.itertuples():
        assert int(by_id.loc[row.pars_activity_id, "Number of Physician Learners"]) == row.physician_learners
        assert int(by_id.loc[row.pars_activity_id, "Number of Other Learners"]) == row.other_learners
        assert float(by_id.loc[row.pars_activity_id, "Hours of Instruction"]) == pytest.approx(row.hours_of_instruction)
        assert by_id.loc[row.pars_activity_id, "Activity Type"] == row.pars_activity_type
    text_rows = (reported["report"] / f"pars_activities_{year}.txt").read_text().splitlines()
    assert len(text_rows) == len(pars) and all(len(r.split("\t")) == len(upload.columns) for r in text_rows)


def test_a_missing_required_field_is_named_not_uploaded(reported):
    broken = reported["pars"].copy()
    broken.loc[0, "activity_title"] = None
    with pytest.raises(ValueError, match=rf"{broken.loc[0, 'pars_activity_id']}: Activity Title"):
        pars_rows(broken, reported["year"])


def test_suppressed_cells_read_as_less_than_the_threshold(reported):
    project = pipeline_settings(reported["home"], reported["home"]).dbt_project_dir
    published = read_published(reported["serving"], project)
    [section] = [s for s in need_sections(published) if s.impact is not None][:1]
    section.impact = section.impact.copy()
    section.impact["suppressed"] = True
    for column in ("exposed_n", "comparison_n", "exposed_baseline_rate", "exposed_followup_rate"):
        section.impact[column] = None
    facts = need_facts(section, published.suppression_threshold)
    threshold = published.suppression_threshold
    assert facts.count(f"&lt;{threshold}") >= 4
    assert not re.search(r"<td>(0|-|)</td>", facts.split("Exposed (n)")[1].split("Windows")[0])


def test_the_report_reads_only_the_published_store(reported, tmp_path):
    """With the warehouse gone, the report asset still builds from the serving store alone."""
    from cme_pipeline.defs.report import build_report_assets

    home = tmp_path / "home"
    shutil.copytree(reported["home"] / "published", home / "published", symlinks=True)
    shutil.rmtree(home / "published" / "report")
    settings = pipeline_settings(home, home / "inbox", build_report=True, reporting_year=reported["year"])
    assert not settings.warehouse.exists()
    result = dg.materialize(build_report_assets(settings))
    assert result.success
    assert (home / "published" / "report" / "report.html").stat().st_size > 100_000
    assert (home / "published" / "report" / "report.pdf").exists()


# Montgomery, Introduction to Statistical Quality Control, Example 7.1: nonconforming cans in 30 samples of 50;
# the textbook's p-chart: centre 0.2313, UCL 0.4102, LCL 0.0524.
MONTGOMERY_7_1 = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18, 24, 15, 9, 12, 7,
                  13, 9, 6]


def control_limits(numerators, denominators, proportion: bool, laney: bool | None = None):
    """An independent reading of the documented method: pooled centre, binomial or Poisson sigma, Pearson's
    dispersion test (Wilson-Hilferty 95th percentile) switching to Laney's sigma_z = mean moving range / 1.128."""
    import numpy as np

    y, n = np.asarray(numerators, float), np.asarray(denominators, float)
    centre = y.sum() / n.sum()
    sigma = np.sqrt((centre * (1 - centre) if proportion else centre) / n)
    z = (y / n - centre) / sigma
    k = len(y) - 1
    over = (z ** 2).sum() > k * (1 - 2 / (9 * k) + 1.644854 * np.sqrt(2 / (9 * k))) ** 3
    sigma_z = np.abs(np.diff(z)).mean() / 1.128
    widen = sigma_z if (over if laney is None else laney) else 1.0
    lower = np.maximum(centre - 3 * sigma * widen, 0)
    upper = centre + 3 * sigma * widen
    return centre, lower, np.minimum(upper, 1) if proportion else upper, bool(over), sigma_z


def test_control_limits_reproduce_the_textbook_p_chart():
    centre, lower, upper, over, sigma_z = control_limits(MONTGOMERY_7_1, [50] * 30, proportion=True, laney=False)
    assert (round(centre, 4), round(lower[0], 4), round(upper[0], 4)) == (0.2313, 0.0524, 0.4102)
    # Samples 15 and 23 are the book's out-of-control points; with them the baseline is over-dispersed.
    assert [i + 1 for i, x in enumerate(MONTGOMERY_7_1) if not lower[0] <= x / 50 <= upper[0]] == [15, 23]
    assert over and sigma_z > 1


def test_published_control_limits_follow_the_documented_method(reported):
    with duckdb.connect(str(reported["serving"]), read_only=True) as con:
        charts = con.execute(
            "select * from metric_run_chart where control_chart is not null order by metric_id, entity_id, period_start"
        ).df()
        baselines = con.execute(
            "select metric_id, entity_id, count(*) filter (where is_baseline and not suppressed) as months"
            " from metric_run_chart group by all"
        ).df().set_index(["metric_id", "entity_id"])["months"]
    assert charts[["metric_id", "entity_id"]].drop_duplicates().shape[0] >= 5
    assert {"p", "p_prime"} <= set(charts["control_chart"])
    for (metric, entity), chart in charts.groupby(["metric_id", "entity_id"]):
        assert baselines[(metric, entity)] >= 20
        base = chart[chart["is_baseline"]]
        scale = 1000 if str(chart["rate_unit"].iloc[0]).startswith("per 1,000") else 1
        proportion = chart["control_chart"].iloc[0].startswith("p")
        centre, _, _, over, sigma_z = control_limits(base["numerator"], base["denominator"], proportion)
        assert chart["over_dispersed"].iloc[0] == over
        assert chart["control_chart"].iloc[0].endswith("_prime") == over
        widen = sigma_z if over else 1.0
        sigma = ((centre * (1 - centre) if proportion else centre) / chart["denominator"]) ** 0.5 * widen
        expected_upper = centre + 3 * sigma
        expected_upper = expected_upper.clip(upper=1) if proportion else expected_upper
        assert chart["control_centre"].to_numpy() == pytest.approx(scale * centre, rel=1e-3)
        assert chart["control_upper"].to_numpy() == pytest.approx(scale * expected_upper.to_numpy(), rel=1e-3)
        assert chart["control_lower"].to_numpy() == pytest.approx(
            scale * (centre - 3 * sigma).clip(lower=0).to_numpy(), rel=1e-3, abs=1e-9)
        outside = (chart["rate"] > chart["control_upper"]) | (chart["rate"] < chart["control_lower"])
        assert (chart["outside_limits"] == outside).all()


def test_qi_gaps_proposes_the_planted_deterioration_and_nothing_already_addressed(reported):
    planted = reported["planted"]["deterioration"]
    assert planted is not None
    with duckdb.connect(str(reported["serving"]), read_only=True) as con:
        gaps = con.execute("select * from qi_gaps").df()
        needs = con.execute("select metric_id, target_service_line from need_coverage where metric_id is not null").df()
    proposed = gaps[gaps["proposed"]]
    top = proposed.sort_values("proposal_rank").iloc[0]
    assert (top["metric_id"], top["service_line"]) == (planted["metric_id"], planted["service_line"])
    assert top["adverse_signal"] and top["current_worse_run"] >= top["worse_run_limit"]
    assert top["current_rate"] < top["reference_median"] and top["audience_size"] > 0 and top["evidence"]
    addressed = set(zip(needs["metric_id"], needs["target_service_line"], strict=True))
    assert not any((row.metric_id, row.service_line) in addressed for row in proposed.itertuples())
    assert (gaps.loc[gaps["addressed"], "proposed"] == False).all()  # noqa: E712
    # The same metric in other service lines is charted and could be proposed: addressing is per service line.
    assert len(gaps[(gaps["metric_id"] == planted["metric_id"]) & ~gaps["addressed"]]) >= 1
    page = (reported["report"] / "report.html").read_text()
    assert "Proposed needs from the QI data" in page and planted["metric_id"] in page


def test_point_of_care_learning_is_worded_apart_and_self_report_is_marked(reported):
    """Each need's point-of-care estimate gets its own paragraph under its own claim; the planted learning that
    worked reads as an improvement of clinicians who applied a look-up, the difficult-case trap does not; the
    internet searching and learning ladder marks learners' reports as self-report."""
    markup = (reported["report"] / "report.html").read_text()
    with duckdb.connect(str(reported["serving"]), read_only=True) as con:
        learning = con.execute("select need_id, claim from qi_impact "
                               "where exposure = 'point_of_care' and not suppressed").fetchall()
    planted = {p["kind"]: p["need_id"] for p in reported["planted"]["point_of_care_learning"]}
    assert planted["effective"] in dict(learning) and dict(learning)[planted["effective"]] == "improved"
    assert dict(learning).get(planted["dip_trap"], "not estimated") != "improved"
    for need_id, claim in learning:
        article = re.search(rf'<article class="need" id="need-{need_id}".*?</article>', markup, flags=re.S).group(0)
        paragraph = re.search(r'<div class="effect learning">.*?</div>', article, flags=re.S).group(0)
        assert f">{claim}</span>" in paragraph
        if claim == "improved":
            assert re.search(r"Clinicians who applied a point-of-care look-up improved [\d.]+ points more than "
                             r"colleagues who neither attended nor applied one \(95% CI [\d.]+ to [\d.]+ points\)",
                             paragraph)
    # The year's internet searching and learning: what its point-of-care learners report shows at levels 4 and
    # 5 as self-report wherever nothing objective stands there - never as "evidenced".
    from cme_pipeline.report.sections import activity_sections

    project = pipeline_settings(reported["home"], reported["home"]).dbt_project_dir
    published = read_published(reported["serving"], project)
    pars = published["pars_activity_report"].set_index("pars_activity_id").loc[f"ISL-{reported['year']}"]
    assert pars["self_reported_performance_learners"] > 0 and "self-report" in pars["change_evaluated_at"] \
        or pars["change_evaluated_performance"]
    searching = [a for a in activity_sections(published, reported["year"])
                 if a.activity["activity_type"] == "internet_searching_learning"]
    assert searching
    for section in searching:
        [levels] = section.ladder.spec["datasets"].values()
        status = {row["rank"]: (row["status"], row["evidence"]) for row in levels}
        for rank in (4, 5):
            if "look-up" in status[rank][1]:
                assert status[rank][0] == "self-reported" and "self-report" in status[rank][1]
        assert any("look-up" in evidence for _, evidence in status.values()) \
            or section.activity["commitments_to_change"] and section.activity["performance_needs_measured"]
