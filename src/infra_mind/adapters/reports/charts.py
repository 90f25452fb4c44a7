"""Charts drawn with matplotlib's Agg canvas (no pyplot: no global state, safe in threads)."""

from __future__ import annotations

import io
from functools import lru_cache

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from infra_mind.domain.report import Chart

ACCENT = "#1f4e79"
MUTED = "#9db4cc"
PALETTE = ["#1f4e79", "#2e86ab", "#f6ae2d", "#f26419", "#86bbd8", "#33658a", "#758e4f", "#b8b8b8"]
DPI = 150


def _usd(value: float, _pos: object = None) -> str:
    if abs(value) >= 1000:
        return f"${value / 1000:,.0f}k" if abs(value) >= 10_000 else f"${value / 1000:,.1f}k"
    return f"${value:,.0f}"


def _bar(fig: Figure, chart: Chart) -> None:
    ax = fig.add_subplot()
    values = chart.series[0].values
    colours = [ACCENT if h else MUTED for h in chart.highlight] or [ACCENT] * len(values)
    bars = ax.bar(chart.labels, values, color=colours)
    ax.bar_label(bars, labels=[f"${v:,.2f}" for v in values], fontsize=8, padding=2)
    ax.yaxis.set_major_formatter(FuncFormatter(_usd))
    ax.set_ylabel(chart.y_label)
    ax.margins(y=0.15)


def _stacked(fig: Figure, chart: Chart) -> None:
    ax = fig.add_subplot()
    bottoms = [0.0] * len(chart.labels)
    for i, s in enumerate(chart.series):
        ax.bar(
            chart.labels, s.values, bottom=bottoms, label=s.name, color=PALETTE[i % len(PALETTE)]
        )
        bottoms = [b + v for b, v in zip(bottoms, s.values, strict=True)]
    ax.yaxis.set_major_formatter(FuncFormatter(_usd))
    ax.set_ylabel(chart.y_label)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)


def _fan(fig: Figure, chart: Chart) -> None:
    ax = fig.add_subplot()
    series = {s.name: s.values for s in chart.series}
    ax.fill_between(chart.x, series["p10"], series["p90"], color=MUTED, alpha=0.6, label="p10–p90")
    ax.plot(chart.x, series["p50"], color=ACCENT, marker="o", label="p50 (median)")
    ax.plot(chart.x, series["p10"], color=ACCENT, linewidth=0.6, linestyle="--")
    ax.plot(chart.x, series["p90"], color=ACCENT, linewidth=0.6, linestyle="--")
    ax.yaxis.set_major_formatter(FuncFormatter(_usd))
    ax.set_xlabel(chart.x_label)
    ax.set_ylabel(chart.y_label)
    ax.set_xticks(chart.x)
    ax.legend(fontsize=8, loc="upper left", frameon=False)


def _timeline(fig: Figure, chart: Chart) -> None:
    ax = fig.add_subplot()
    starts, durations = chart.series[0].values, chart.series[1].values
    colours = [ACCENT if h else MUTED for h in chart.highlight]
    ax.barh(chart.labels, durations, left=starts, color=colours, height=0.6)
    ax.invert_yaxis()
    ax.set_xlabel(chart.x_label)
    ax.tick_params(axis="y", labelsize=7)
    ax.grid(axis="x", linewidth=0.3)


DRAW = {"bar": _bar, "stacked": _stacked, "fan": _fan, "timeline": _timeline}


def _size(chart: Chart) -> tuple[float, float]:
    if chart.style == "timeline":
        return 7.0, max(2.0, 0.22 * len(chart.labels) + 0.8)
    return 7.0, 3.0


@lru_cache(maxsize=64)
def _png(chart_json: str) -> bytes:
    chart = Chart.model_validate_json(chart_json)
    fig = Figure(figsize=_size(chart), dpi=DPI)
    FigureCanvasAgg(fig)
    DRAW[chart.style](fig, chart)
    fig.suptitle(chart.title, fontsize=10)
    for ax in fig.axes:
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(labelsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def chart_png(chart: Chart) -> bytes:
    """The chart as a PNG; the same chart drawn twice in one process is drawn once."""
    return _png(chart.model_dump_json())
