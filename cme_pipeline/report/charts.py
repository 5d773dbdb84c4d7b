"""The report's charts, as Vega-Lite specs built with Altair.

The same spec draws in the browser (vega-embed, inlined in the HTML page) and as static SVG for the PDF
(vl-convert), so what a committee sees on paper is what the page shows.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from cme_pipeline.report.wording import is_proportion, missing

WIDTH = 620
HEIGHT = 190
SIGNAL = "#c0392b"
POINT = "#2c6fbb"
EDUCATION = "#e67e22"
WINDOWS = {"baseline": "#7f8c8d", "follow-up": "#27ae60"}


def axis_title(rate_unit: str | None) -> str:
    if is_proportion(rate_unit):
        return "percent"
    return rate_unit or "rate"


def _rate_axis(rate_unit: str | None, field: str = "rate") -> alt.Y:
    return alt.Y(f"{field}:Q", title=axis_title(rate_unit), scale=alt.Scale(zero=False),
                 axis=alt.Axis(format=".0%" if is_proportion(rate_unit) else "~g"))


def _month_axis() -> alt.X:
    every_quarter = {"interval": "month", "step": 3}
    return alt.X("month:T", title=None, axis=alt.Axis(format="%b %Y", tickCount=every_quarter, labelOverlap="greedy"))


def _windows(impact: pd.Series | None) -> pd.DataFrame:
    """Baseline and follow-up windows as month spans (end = the end of the window's last month)."""
    rows = []
    if impact is not None:
        for window, start, end in (("baseline", "baseline_start", "baseline_end"),
                                   ("follow-up", "followup_start", "followup_end")):
            if not missing(impact[start]) and not missing(impact[end]):
                rows.append({"window": window, "start": pd.Timestamp(impact[start]),
                             "end": pd.Timestamp(impact[end]) + pd.offsets.MonthBegin(1)})
    return pd.DataFrame(rows, columns=["window", "start", "end"])


def run_chart(points: pd.DataFrame, impact: pd.Series | None, title: str, rate_unit: str | None) -> alt.LayerChart:
    """One entity's monthly rate with its centre line (baseline median), run-chart signals in red, education
    sessions marked on the time axis, and the baseline and follow-up windows shaded."""
    data = points.assign(
        month=pd.to_datetime(points["period_start"]),
        signal_text=points["signal"].map({True: "non-random (run-chart rule)", False: "random variation"}),
    )[["month", "rate", "baseline_median", "signal", "signal_text", "education_sessions", "suppressed"]]
    base = alt.Chart(data).encode(x=_month_axis())
    windows = _windows(impact)
    layers = []
    if len(windows):
        layers.append(
            alt.Chart(windows).mark_rect(opacity=0.13).encode(
                x="start:T", x2="end:T",
                color=alt.Color("window:N", scale=alt.Scale(domain=list(WINDOWS), range=list(WINDOWS.values())),
                                legend=alt.Legend(title=None, orient="top")),
            )
        )
    charted = base.transform_filter("datum.rate != null")
    layers += [
        charted.mark_line(color="#95a5a6", strokeWidth=1.5).encode(y=_rate_axis(rate_unit)),
        charted.mark_circle(size=38, opacity=1).encode(
            y="rate:Q",
            color=alt.condition("datum.signal", alt.value(SIGNAL), alt.value(POINT)),
            tooltip=[alt.Tooltip("month:T", format="%B %Y"), alt.Tooltip("rate:Q", format=".3~g"),
                     alt.Tooltip("signal_text:N", title="variation")],
        ),
    ]
    centre = data["baseline_median"].dropna()
    if len(centre):
        layers.append(alt.Chart(pd.DataFrame({"centre": [centre.iloc[0]]})).mark_rule(
            strokeDash=[6, 4], color="#34495e").encode(y="centre:Q", tooltip=[alt.Tooltip("centre:Q", title="median")]))
    if (data["education_sessions"] > 0).any():
        layers.append(base.transform_filter("datum.education_sessions > 0").mark_point(
            shape="triangle-up", filled=True, color=EDUCATION, opacity=0.9
        ).encode(
            y=alt.value(HEIGHT - 5),
            size=alt.Size("education_sessions:Q", legend=None, scale=alt.Scale(range=[40, 160])),
            tooltip=[alt.Tooltip("month:T", format="%B %Y"), alt.Tooltip("education_sessions:Q", title="sessions")],
        ))
    return alt.layer(*layers).properties(width=WIDTH, height=HEIGHT, title=title)


def control_chart(points: pd.DataFrame, title: str, rate_unit: str | None) -> alt.LayerChart:
    """The p- or u-chart (Laney p'/u' when over-dispersed): limits frozen from the stable baseline."""
    data = points[points["control_chart"].notna()].assign(month=lambda f: pd.to_datetime(f["period_start"]))[
        ["month", "rate", "control_centre", "control_lower", "control_upper", "outside_limits"]
    ]
    base = alt.Chart(data).encode(x=_month_axis())
    limit = {"interpolate": "step-after", "color": "#7f8c8d", "strokeDash": [3, 3]}
    return alt.layer(
        base.mark_line(**limit).encode(y=_rate_axis(rate_unit, "control_upper")),
        base.mark_line(**limit).encode(y="control_lower:Q"),
        base.mark_line(color="#34495e").encode(y="control_centre:Q"),
        base.mark_line(color="#95a5a6").encode(y="rate:Q"),
        base.mark_circle(size=38, opacity=1).encode(
            y="rate:Q",
            color=alt.condition("datum.outside_limits", alt.value(SIGNAL), alt.value(POINT)),
            tooltip=[alt.Tooltip("month:T", format="%B %Y"), alt.Tooltip("rate:Q", format=".3~g"),
                     alt.Tooltip("control_lower:Q", format=".3~g"), alt.Tooltip("control_upper:Q", format=".3~g")],
        ),
    ).properties(width=WIDTH, height=HEIGHT, title=title)


def exposed_vs_comparison(impact: pd.Series, groups: tuple[str, str]) -> alt.Chart | None:
    """Baseline and follow-up rates of the exposed group beside its comparison (or the series alone)."""
    rows = []
    for label, prefix in ((groups[0], "exposed"), (groups[1], "comparison")):
        for window in ("baseline", "followup"):
            value = impact.get(f"{prefix}_{window}_rate")
            if not missing(value):
                rows.append({"group": label, "window": "follow-up" if window == "followup" else "baseline",
                             "rate": value})
    if not rows:
        return None
    return alt.Chart(pd.DataFrame(rows)).mark_line(point=alt.OverlayMarkDef(size=60)).encode(
        x=alt.X("window:N", sort=["baseline", "follow-up"], title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("rate:Q", title=None, scale=alt.Scale(zero=False),
                axis=alt.Axis(format=".0%" if is_proportion(impact["rate_unit"]) else "~g")),
        color=alt.Color("group:N", legend=alt.Legend(title=None, orient="right"),
                        scale=alt.Scale(domain=[group for group in groups if group], range=[POINT, "#95a5a6"])),
        tooltip=["group:N", "window:N", alt.Tooltip("rate:Q", format=".3~g")],
    ).properties(width=220, height=150)


def moore_ladder(levels: pd.DataFrame) -> alt.LayerChart:
    """An activity's evidence by Moore level, level 1 at the bottom: what each rung shows, and whether it does."""
    base = alt.Chart(levels).encode(
        y=alt.Y("level:N", sort=sorted(levels["level"], reverse=True), title=None, axis=alt.Axis(labelLimit=190)),
    )
    status = alt.Scale(domain=["evidenced", "measured, not shown", "self-reported", "not measured"],
                       range=["#27ae60", "#f5b041", "#aed6f1", "#e5e8e8"])
    return alt.layer(
        base.mark_bar(height=18).encode(
            x=alt.X("width:Q", axis=None, scale=alt.Scale(domain=[0, 1])),
            color=alt.Color("status:N", scale=status, legend=alt.Legend(title=None, orient="top")),
            tooltip=["level:N", "status:N", "evidence:N"],
        ),
        base.mark_text(align="left", dx=6, fontSize=11, color="#1b2631").encode(
            x=alt.value(0), text="evidence:N"
        ),
    ).properties(width=WIDTH - 200, height=24 * len(levels))


def bar_counts(frame: pd.DataFrame, category: str, count: str, title: str, order: list[str] | None = None) -> alt.Chart:
    """A summary's counts by category, largest first unless an order is given."""
    return alt.Chart(frame).mark_bar(color=POINT).encode(
        y=alt.Y(f"{category}:N", title=None, sort=order or "-x", axis=alt.Axis(labelLimit=220)),
        x=alt.X(f"{count}:Q", title=title, axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=[f"{category}:N", f"{count}:Q"],
    ).properties(width=360, height=alt.Step(20))


def demand_bars(demand: pd.DataFrame) -> alt.Chart:
    """Target-audience clinicians who looked the need's topic up at the point of care, by month."""
    data = demand.assign(month=pd.to_datetime(demand["period_start"]))[["month", "clinicians_asking",
                                                                         "clinicians_applying"]]
    return alt.Chart(data).mark_bar(color=EDUCATION, opacity=0.8).encode(
        x=_month_axis(),
        y=alt.Y("clinicians_asking:Q", title="clinicians asking", axis=alt.Axis(tickMinStep=1, format="d")),
        tooltip=[alt.Tooltip("month:T", format="%B %Y"), "clinicians_asking:Q", "clinicians_applying:Q"],
    ).properties(width=WIDTH, height=90)
