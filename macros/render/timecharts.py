"""Small line charts over time, drawn at build time as inline SVG: the track record and a market's history.

Like the calibration diagram (``charts.py``), each chart is a figure with
a title and description the SVG carries for screen readers, an HTML legend
whose swatches are drawn (no symbol font), and the numbers behind it in a
table beside it, so nothing is lost to a reader who cannot see the chart.
Colours come only from CSS classes and ``currentColor``, so the chart
follows the light and dark palettes and prints in black and white: the
lines differ in dash as well as in colour.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from markupsafe import Markup

from macros.data.model import PartialDate
from macros.render.html import Content, chart_svg, el

# Geometry in SVG user units; the viewBox scales it to any width.
_WIDTH, _HEIGHT = 360, 210
_LEFT, _RIGHT, _TOP, _BOTTOM = 50, 24, 16, 44  # room on the right for a mark beside the last point
_PLOT_W, _PLOT_H = _WIDTH - _LEFT - _RIGHT, _HEIGHT - _TOP - _BOTTOM
_MAX_TICKS = 6
# Tick steps tried in order, times a power of ten: the first that needs at most _MAX_TICKS gridlines.
_STEPS = (Fraction(1), Fraction(2), Fraction(5, 2), Fraction(5))


@dataclass(frozen=True)
class Series:
    """One line: its points as (across, up), across from 0 to 1 of the plot's width."""

    label: str  # in the legend
    kind: str  # a CSS modifier: eis-timechart__line--<kind>
    points: Sequence[tuple[Fraction, Fraction]]
    markers: bool = False


@dataclass(frozen=True)
class Mark:
    """A labelled point that is not part of a line (a market's resolution)."""

    label: str
    kind: str
    at: tuple[Fraction, Fraction]
    shape: str = "dot"  # or "up", "down": a triangle beside the point, pointing that way


@dataclass(frozen=True)
class Band:
    """A shaded range around a line: its edges as (across, low, high)."""

    label: str
    kind: str
    edges: Sequence[tuple[Fraction, Fraction, Fraction]]


@dataclass(frozen=True)
class Chart:
    key: str  # makes the figure's ids unique on its page
    title: str
    description: str
    x_title: str
    y_title: str
    x_ticks: Sequence[tuple[Fraction, str]]  # (across, label)
    y_range: tuple[Fraction, Fraction]
    y_label: Callable[[Fraction], str]  # a tick label of a value
    series: Sequence[Series]
    marks: Sequence[Mark] = field(default_factory=tuple)
    dividers: Sequence[tuple[Fraction, str]] = field(default_factory=tuple)  # (across, label): faint vertical lines
    band: Band | None = None


def nice_ticks(low: Fraction, high: Fraction) -> list[Fraction]:
    """Round values from at or below ``low`` to at or above ``high``, at most ``_MAX_TICKS`` + 1 of them."""
    if high < low:
        raise ValueError(f"empty range {low} to {high}")
    if high == low:  # a flat line still gets an axis: one unit above it
        high = low + 1
    span = high - low
    power = Fraction(10) ** (math.floor(math.log10(span)) - 1)
    while True:
        for step in _STEPS:
            size = step * power
            first = math.floor(low / size)
            last = math.ceil(high / size)
            if last - first <= _MAX_TICKS and last > first:
                return [size * index for index in range(first, last + 1)]
        power *= 10


def day_number(date: PartialDate) -> int:
    """A date as a count of days, an unknown month or day taken as the first."""
    return datetime.date(date.year, date.month or 1, date.day or 1).toordinal()


def _n(value: Fraction | float) -> str:
    """A coordinate, to two places: exact enough for any screen, short in the page."""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def figure(chart: Chart, numbers: Markup, extra: Content = None) -> Markup:
    """The chart with its caption, legend, any extra words, and the table of its numbers."""
    figure_id = f"timechart-{chart.key}"
    svg = chart_svg(
        figure_id,
        chart.title,
        chart.description,
        _drawing(chart),
        size=(_WIDTH, _HEIGHT),
        class_="eis-timechart__chart",
    )
    keys = [el("li", _swatch(line.kind, line.markers), " ", line.label) for line in chart.series]
    if chart.band is not None:
        swatch = el("rect", x="1", y="1", width="22", height="10", class_=f"eis-timechart__band--{chart.band.kind}")
        keys.append(
            el(
                "li",
                el("svg", swatch, width="24", height="12", viewBox="0 0 24 12", aria_hidden="true"),
                " ",
                chart.band.label,
            )
        )
    keys += [el("li", _mark_swatch(mark), " ", mark.label) for mark in chart.marks]
    legend = el("ul", keys, class_="eis-timechart__legend")
    return el(
        "figure",
        el("figcaption", chart.title),
        svg,
        legend,
        extra,
        el("details", el("summary", "The numbers behind the chart"), numbers, class_="eis-timechart__numbers"),
        class_=f"eis-timechart eis-timechart--{chart.key.split('-')[0]}",
        id=figure_id,
    )


def _swatch(kind: str, marker: bool, line: bool = True) -> Markup:
    parts: list[Content] = []
    if line:
        parts.append(el("line", x1="1", y1="6", x2="23", y2="6", class_=f"eis-timechart__line--{kind}"))
    if marker:
        parts.append(el("circle", cx="12", cy="6", r="3.5", class_=f"eis-timechart__marker--{kind}"))
    return el(
        "svg", parts, width="24", height="12", viewBox="0 0 24 12", aria_hidden="true", class_="eis-timechart__swatch"
    )


def _mark_swatch(mark: Mark) -> Markup:
    return el(
        "svg",
        _shape(mark, Fraction(12), Fraction(6), beside=False),
        width="24",
        height="12",
        viewBox="0 0 24 12",
        aria_hidden="true",
        class_="eis-timechart__swatch",
    )


def _shape(mark: Mark, x: Fraction, y: Fraction, beside: bool = True) -> Markup:
    """A mark's drawing at (x, y); a triangle stands just right of the point it marks."""
    kind = f"eis-timechart__marker--{mark.kind}"
    if mark.shape == "dot":
        return el("circle", cx=_n(x), cy=_n(y), r="5", class_=kind)
    x = x + 10 if beside else x
    tip = -5 if mark.shape == "up" else 5
    corners = f"{_n(x)},{_n(y + tip)} {_n(x - 5)},{_n(y - tip)} {_n(x + 5)},{_n(y - tip)}"
    return el("polygon", points=corners, class_=kind)


def _x(across: Fraction) -> Fraction:
    return _LEFT + across * _PLOT_W


def _ratio(numerator: int, denominator: int) -> str:
    """``_n`` of ``numerator / denominator``: the same float, for a Fraction is divided the same way."""
    return f"{numerator / denominator:.2f}".rstrip("0").rstrip(".")


class _Place:
    """Where a point is drawn, as ``_n`` writes it, worked in integers.

    A chart may draw thousands of points; adding and scaling Fractions for
    each costs a gcd an operation, and the coordinate is the same.
    """

    def __init__(self, low: Fraction, high: Fraction) -> None:
        # y = _TOP + (high - value) * scale, with scale = _PLOT_H / (high - low)
        scale = Fraction(_PLOT_H) / (high - low)
        self._high = (high.numerator, high.denominator)
        self._scale = (scale.numerator, scale.denominator)

    def x(self, across: Fraction) -> str:
        return _ratio(_LEFT * across.denominator + across.numerator * _PLOT_W, across.denominator)

    def y(self, value: Fraction) -> str:
        (high, high_d), (scale, scale_d) = self._high, self._scale
        value_n, value_d = value.numerator, value.denominator
        below = high * value_d - value_n * high_d  # (high - value) * high_d * value_d
        denominator = high_d * value_d * scale_d
        return _ratio(_TOP * denominator + below * scale, denominator)


def _drawing(chart: Chart) -> Markup:
    low, high = chart.y_range

    def y(value: Fraction) -> Fraction:  # a mark's, whose shape is drawn around it
        return _TOP + (high - value) / (high - low) * _PLOT_H

    place = _Place(low, high)
    grid: list[Content] = []
    labels: list[Content] = []
    for value in nice_ticks(low, high):
        if not low <= value <= high:
            continue
        at = place.y(value)
        grid.append(el("line", x1=_n(_LEFT), y1=at, x2=_n(_LEFT + _PLOT_W), y2=at))
        labels.append(el("text", chart.y_label(value), x=_n(_LEFT - 6), y=at, dy="0.35em", text_anchor="end"))
    for across, label in chart.x_ticks:
        grid.append(el("line", x1=place.x(across), y1=_n(_TOP), x2=place.x(across), y2=_n(_TOP + _PLOT_H)))
        anchor = "start" if across == 0 else "end" if across == 1 else "middle"
        labels.append(el("text", label, x=place.x(across), y=_n(_TOP + _PLOT_H + 14), text_anchor=anchor))
    dividers: list[Content] = []
    for across, label in chart.dividers:
        dividers.append(el("line", x1=place.x(across), y1=_n(_TOP), x2=place.x(across), y2=_n(_TOP + _PLOT_H)))
        if label:
            dividers.append(
                el("text", label, x=_n(_x(across) + 3), y=_n(_TOP + 10), class_="eis-timechart__divider-label")
            )
    axes = [
        el("line", x1=_n(_LEFT), y1=_n(_TOP + _PLOT_H), x2=_n(_LEFT + _PLOT_W), y2=_n(_TOP + _PLOT_H)),
        el("line", x1=_n(_LEFT), y1=_n(_TOP), x2=_n(_LEFT), y2=_n(_TOP + _PLOT_H)),
    ]
    if low < 0 < high:  # the zero line, where a total neither gained nor lost
        axes.append(el("line", x1=_n(_LEFT), y1=place.y(Fraction(0)), x2=_n(_LEFT + _PLOT_W), y2=place.y(Fraction(0))))
    lines: list[Content] = []
    if chart.band is not None:
        edges = chart.band.edges
        upper = [f"{place.x(across)},{place.y(top)}" for across, _, top in edges]
        lower = [f"{place.x(across)},{place.y(bottom)}" for across, bottom, _ in reversed(edges)]
        lines.append(el("polygon", points=" ".join(upper + lower), class_=f"eis-timechart__band--{chart.band.kind}"))
    for series in chart.series:
        points = [(place.x(across), place.y(value)) for across, value in series.points]
        coords = " ".join(f"{x},{y}" for x, y in points)
        drawn: list[Content] = [el("polyline", points=coords, class_=f"eis-timechart__line--{series.kind}")]
        if series.markers:
            marker = f"eis-timechart__marker--{series.kind}"
            drawn += [el("circle", cx=x, cy=y, r="3", class_=marker) for x, y in points]
        lines.append(el("g", drawn))
    for mark in chart.marks:
        across, value = mark.at
        lines.append(_shape(mark, _x(across), y(value)))
    titles = [
        el("text", chart.x_title, x=_n(_LEFT + _PLOT_W / 2), y=_n(_HEIGHT - 6), text_anchor="middle"),
        el(
            "text",
            chart.y_title,
            x=_n(-(_TOP + _PLOT_H / 2)),
            y="12",
            transform="rotate(-90)",
            text_anchor="middle",
        ),
    ]
    return Markup("").join(
        [
            el("g", grid, class_="eis-timechart__grid"),
            el("g", dividers, class_="eis-timechart__dividers"),
            el("g", axes, class_="eis-timechart__axis"),
            el("g", labels, class_="eis-timechart__ticks"),
            el("g", lines, class_="eis-timechart__lines"),
            el("g", titles, class_="eis-timechart__axis-title"),
        ]
    )
