"""Trend charts drawn by matplotlib as vector SVG, for the dashboard (inline) and the PDFs.

Only what may be shown is drawn: callers pass values already through small-number suppression,
and a suppressed or missing month is a gap, never a zero. Each chart is an ``<svg role="img">``
with a text alternative naming the figure; the page or PDF puts a table of the same values
beside it. The output is deterministic (fixed ids and no date), so the same figures always give
the same bytes, which keeps the PDFs' checksums stable.
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Sequence
from decimal import Decimal

from matplotlib import rcParams
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

rcParams["svg.hashsalt"] = "cls-portal-charts"  # stable element ids
rcParams["svg.fonttype"] = "none"  # text stays text: smaller, and readable by the PDF's reader

BRAND = "#1d5d69"
MUTED = "#505a5f"
LINE = "#c9d0d4"
_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.DOTALL)


def trend_svg(
    *,
    title: str,
    labels: Sequence[str],
    values: Sequence[int | Decimal | None],
    kind: str = "line",
    description: str = "",
    ceiling: float | None = None,
    key: str = "chart",
) -> str:
    """An SVG chart of one figure over months. ``values`` may contain ``None`` (a gap);
    ``ceiling`` fixes the top of the scale (100 for percentages, 5 for scores); ``key`` makes
    the SVG's element ids unique on a page holding several charts."""
    figure = Figure(figsize=(7.2, 2.5), dpi=72)
    FigureCanvasSVG(figure)
    axes = figure.add_subplot()
    points = [float(v) if v is not None else None for v in values]
    xs = list(range(len(labels)))
    if kind == "bar":
        axes.bar(
            [x for x, v in zip(xs, points, strict=True) if v is not None],
            [v for v in points if v is not None],
            color=BRAND,
            width=0.65,
        )
    else:
        plotted = [v if v is not None else float("nan") for v in points]
        axes.plot(xs, plotted, color=BRAND, linewidth=2, marker="o", markersize=4)
    axes.set_xticks(xs, labels, fontsize=9, color=MUTED)
    axes.tick_params(axis="y", labelsize=9, colors=MUTED)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=kind == "bar"))
    shown = [v for v in points if v is not None]
    top = max(shown) if shown else 1
    axes.set_ylim(0, ceiling if ceiling else (top * 1.15 if top > 0 else 1))
    if not shown:  # say so, rather than draw an empty scale that reads as a flat zero
        axes.set_yticks([])
        axes.text(0.5, 0.5, "No data", transform=axes.transAxes, ha="center", va="center",
                  fontsize=12, color=MUTED)  # fmt: skip
    axes.set_xlim(-0.6, len(xs) - 0.4)
    axes.grid(axis="y", color=LINE, linewidth=0.6)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)
    axes.spines["bottom"].set_color(LINE)
    figure.subplots_adjust(left=0.07, right=0.99, top=0.95, bottom=0.13)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = _unique_ids(_PROLOGUE.sub("", buffer.getvalue(), count=1), re.sub(r"\W+", "-", key))
    alt = title + (f". {description}" if description else "")
    return svg.replace(
        "<svg ",
        f'<svg role="img" aria-label="{html.escape(alt)}" class="trend-chart" ',
        1,
    )


def _unique_ids(svg: str, prefix: str) -> str:
    """Prefix every element id (and every reference to one) so charts can share a page."""
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    if not ids:
        return svg
    pattern = re.compile(r'(\bid="|href="#|url\(#)(' + "|".join(map(re.escape, ids)) + r")\b")
    return pattern.sub(lambda found: f"{found[1]}{prefix}-{found[2]}", svg)


def as_data_uri(svg: str) -> str:
    """The chart as an ``<img>`` source (WeasyPrint draws it with its own SVG renderer)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
