"""The Quality Council report: one self-contained HTML page, and the same content as a PDF.

The page opens offline: Vega, Vega-Lite and vega-embed (bundled by vl-convert), the chart specs with
their data, the styles and the filter script are all inlined. The PDF is drawn by WeasyPrint (installed
with the package: no browser, no network) from the same template, with each chart as static SVG from
vl-convert, a page number and the generation date in every page's margin, and each part on new pages.
"""

from __future__ import annotations

import base64
import json
import logging
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from cme_pipeline.report import sections as content
from cme_pipeline.report import tables
from cme_pipeline.report.published import Published

PRINT_SCALE = 2  # 192 dpi at a chart's CSS size: sharp on paper
TITLE = "CME and quality improvement: Quality Council report"


@dataclass(frozen=True)
class Report:
    html: Path
    pdf: Path
    needs: int
    activities: int
    charts: int


def _template(name: str) -> str:
    return resources.files("cme_pipeline.report").joinpath(f"templates/{name}").read_text()


def vega_bundle(cache: Path) -> str:
    """vl-convert's bundle of vega-embed, Vega-Lite and Vega (~0.9 MB, 2 s to build): kept per version."""
    import vl_convert

    cached = cache / f"vega-embed-{vl_convert.get_vega_embed_version()}-{vl_convert.get_vegalite_versions()[-1]}.js"
    if not cached.exists():
        cache.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        partial.write_text(vl_convert.javascript_bundle())
        partial.replace(cached)
    return cached.read_text()


def _context(published: Published, year: int, generated: str) -> dict:
    needs = content.need_sections(published)
    activities = content.activity_sections(published, year)
    summary = content.summary_charts(published)
    refused, quarantine = tables.data_quality(published)
    threshold = published.suppression_threshold
    charts = [*summary.values(), *(a.ladder for a in activities)]
    for section in needs:
        charts += [*section.run_charts, *filter(None, [section.control, section.comparison, section.demand])]
    return {
        "title": TITLE,
        "year": year,
        "generated": generated,
        "published_at": published.published_at,
        "run_id": published.run_id,
        "threshold": threshold,
        "rules": str(published["metric_run_chart"]["run_chart_rules"].iloc[0]).replace("anhoej", "Anhøj")
        if len(published["metric_run_chart"]) else "run-chart",
        "service_lines": sorted({s.need["target_service_line"] for s in needs} | {line for a in activities
                                                                                  for line in a.service_lines}),
        "committees": sorted({s.committee for s in needs} - {""}),
        "summary": summary,
        "needs": needs,
        "activities": activities,
        "need_tables": {s.need["need_id"]: tables.need_facts(s, threshold) for s in needs},
        "tables": {
            "needs_by_status": tables.needs_by_status(published),
            "commendation": tables.commendation(published),
            "commendation_evidence": tables.commendation_evidence(published),
            "refused": refused,
            "quarantine": quarantine,
            "pars": tables.pars(published, year),
            "gaps": tables.gaps(published),
        },
        "all_charts": charts,
    }


def _render(context: dict, **extra) -> str:
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    css = environment.from_string(_template("report.css")).render(generated=context["generated"])
    return environment.from_string(_template("report.html.j2")).render(**context, css=css, **extra)


def write_report(published: Published, folder: Path, year: int, cache: Path) -> Report:
    """Write report.html and report.pdf into `folder`, each replacing the last one whole."""
    import vl_convert
    import weasyprint

    # WeasyPrint logs every CSS property it does not paint (Great Tables' overflow rules): not news to anyone.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    generated = datetime.now(tz=UTC).strftime("%Y-%m-%d %H:%M UTC")
    context = _context(published, year, generated)
    charts = context.pop("all_charts")
    specs = json.dumps({chart.key: chart.spec for chart in charts}, default=str).replace("</", "<\\/")
    folder.mkdir(parents=True, exist_ok=True)
    html = folder / "report.html"
    page = _render(context, print=False, svgs={}, specs_json=specs, vega_bundle=vega_bundle(cache),
                   page_js=_template("report.js"))
    _replace(html, page.encode())
    images = {chart.key: _png_image(vl_convert.vegalite_to_png(chart.spec, scale=PRINT_SCALE)) for chart in charts}
    printable = _render(context, print=True, svgs=images)
    pdf = folder / "report.pdf"
    _replace(pdf, weasyprint.HTML(string=printable, base_url=str(folder)).write_pdf())
    return Report(html, pdf, len(context["needs"]), len(context["activities"]), len(charts))


def _png_image(png: bytes) -> Markup:
    """A chart for the PDF: a PNG drawn at PRINT_SCALE times its size, shown at its size (WeasyPrint draws a
    hundred Vega SVGs ~10x slower than the same charts as images)."""
    width = struct.unpack(">I", png[16:20])[0] // PRINT_SCALE
    encoded = base64.b64encode(png).decode()
    return Markup(f'<img class="chart-image" alt="" style="width:{width}px" src="data:image/png;base64,{encoded}">')


def _replace(path: Path, data: bytes) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    partial.replace(path)
