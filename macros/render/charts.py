"""Charts drawn at build time as inline SVG, starting with the reliability diagram.

A chart is one line of escaped HTML: a ``<figure>`` with the SVG, the
figures it sums up and a table of the numbers behind it, so a reader who
cannot see the chart loses nothing.  Colours come only from CSS classes
(``overrides/partials/eis.css``) and ``currentColor``, so the chart follows
the light and the dark palette alike.
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

from markupsafe import Markup

from macros.compute.calibration import Bin, Calibration, calibrate, card_judged, sequence_judged
from macros.data.model import Dataset, Scorecard
from macros.render import fmt
from macros.render.html import Content, chart_svg, columns, el, table

# Below this many judged predictions most bins would hold one prediction or
# none, and a diagram would suggest a pattern the data cannot show.
MIN_JUDGED = 5

# Geometry in SVG user units; the viewBox scales it to any width.  The plot
# is square so that the diagonal of perfect calibration runs at 45 degrees.
# Margins leave room for a marker of the largest size on any edge of the
# plot, and above it for the row of counts.
_PLOT = 280
_MIN_RADIUS, _MAX_RADIUS = 4, 12
_COUNTS_Y = 16  # baseline of the row of counts, above the plot
_LEFT, _TOP, _RIGHT = 64, _COUNTS_Y + 6 + _MAX_RADIUS, 4 + _MAX_RADIUS
_TICKS_Y = _TOP + _PLOT + _MAX_RADIUS + 12  # baseline of the tick labels across
_WIDTH = _LEFT + _PLOT + _RIGHT
_HEIGHT = _TICKS_Y + 28
_GRIDLINES = 10  # one per bin edge
_LABEL_EVERY = 2  # tick labels on every other gridline, so they fit on a phone


def card_calibration(data: Dataset, card: Scorecard) -> Markup:
    """One scorecard's diagram, or a sentence when it has too few judged predictions."""
    plist = data.prediction_list(card.predictions)
    title = f"Calibration of {plist.title}, judged against {data.work(card.work).citation}"
    return _diagram_or_note(calibrate(card_judged(data, card)), f"card-{card.id}", title, "This scorecard")


def sequence_calibration(data: Dataset) -> Markup:
    """The diagram of every judged prediction on every scorecard."""
    title = f"Calibration of every judged prediction in {data.sequence.title}"
    return _diagram_or_note(calibrate(sequence_judged(data)), "sequence", title, "The sequence")


def _diagram_or_note(result: Calibration, key: str, title: str, subject: str) -> Markup:
    if result.judged == 0:
        return _note(f"{subject} has no prediction judged yet, so there is no calibration diagram.")
    if result.judged < MIN_JUDGED:
        assert result.brier is not None
        return _note(
            f"{subject} has {fmt.counted(result.judged, 'judged prediction')}, too few for a calibration diagram"
            f" (it takes at least {MIN_JUDGED}); the Brier score is {fmt.unsigned(result.brier)}."
        )
    return diagram(result, key, title)


def diagram(result: Calibration, key: str, title: str) -> Markup:
    """The figure: chart, summary figures and table.  ``key`` makes its ids unique on a page."""
    assert result.brier is not None, "a diagram needs judged predictions"
    figure_id = f"calibration-{key}"
    chart = chart_svg(
        figure_id,
        title,
        _description(result),
        _grid(),
        el("line", class_="eis-calibration__diagonal", **_segment(0, 0, 1, 1)),
        _diagonal_label(),
        _markers(result.bins),
        _axis_titles(),
        size=(_WIDTH, _HEIGHT),
        class_="eis-calibration__chart",
    )
    figures = [
        ("Judged predictions", str(result.judged)),
        ("Brier score", fmt.unsigned(result.brier)),
    ]
    summary = el(
        "dl",
        [el("div", el("dt", name), el("dd", el("strong", value))) for name, value in figures],
        class_="eis-figures eis-calibration__figures",
    )
    numbers = el(
        "details",
        el("summary", "The numbers behind the chart"),
        _numbers(result.bins),
        class_="eis-calibration__numbers",
    )
    return el(
        "figure",
        el("figcaption", title),
        chart,
        summary,
        numbers,
        class_="eis-calibration",
        id=figure_id,
    )


# -- words ----------------------------------------------------------------------


def _note(sentence: str) -> Markup:
    return el("p", sentence, class_="eis-calibration-note")


def bin_range(cell: Bin) -> str:
    """``0% to under 10%``; the last bin, which holds certainty, reads ``90% to 100%``."""
    upto = "" if cell.closed else "under "
    return f"{fmt.percent(cell.lower)} to {upto}{fmt.percent(cell.upper)}"


def _bin_words(cell: Bin) -> str:
    assert cell.mean_forecast is not None and cell.observed is not None
    return (
        f"{bin_range(cell)}: {fmt.counted(cell.count, 'prediction')} with a mean forecast of"
        f" {fmt.percent(cell.mean_forecast)}, of which {cell.happened} happened ({fmt.percent(cell.observed)})"
    )


def _description(result: Calibration) -> str:
    assert result.brier is not None
    filled = [cell for cell in result.bins if cell.count]
    empty = len(result.bins) - len(filled)
    words = [
        (
            f"Reliability diagram of {fmt.counted(result.judged, 'judged prediction')}, with a Brier score of"
            f" {fmt.unsigned(result.brier)}. Across: the forecast probability; up: how often the events"
            " happened; the diagonal marks perfect calibration."
        ),
        *(f"Forecasts of {_bin_words(cell)}." for cell in filled),
    ]
    if empty:
        words.append(f"The other {fmt.counted(empty, 'bin')} of width {fmt.percent(result.bins[0].upper)} are empty.")
    return " ".join(words)


# -- drawing --------------------------------------------------------------------


def _n(value: Fraction | float) -> str:
    """A coordinate, to two places: exact enough for any screen, short in the page."""
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _x(p: Fraction) -> Fraction:
    return _LEFT + p * _PLOT


def _y(frequency: Fraction) -> Fraction:
    return _TOP + (1 - frequency) * _PLOT


def _segment(x1: Fraction | int, y1: Fraction | int, x2: Fraction | int, y2: Fraction | int) -> dict[str, str]:
    """A line between two points of the plot, given as (forecast, frequency)."""
    return {
        "x1": _n(_x(Fraction(x1))),
        "y1": _n(_y(Fraction(y1))),
        "x2": _n(_x(Fraction(x2))),
        "y2": _n(_y(Fraction(y2))),
    }


# The same in every chart: drawn once.
@functools.cache
def _grid() -> Markup:
    lines: list[Content] = []
    labels: list[Content] = []
    for step in range(_GRIDLINES + 1):
        at = Fraction(step, _GRIDLINES)
        lines.append(el("line", **_segment(at, 0, at, 1)))
        lines.append(el("line", **_segment(0, at, 1, at)))
        if step % _LABEL_EVERY == 0:
            label = fmt.percent(at)
            labels.append(el("text", label, x=_n(_x(at)), y=_n(_TICKS_Y), text_anchor="middle"))
            labels.append(el("text", label, x=_n(_LEFT - 16), y=_n(_y(at)), dy="0.35em", text_anchor="end"))
    axes = [el("line", **_segment(0, 0, 1, 0)), el("line", **_segment(0, 0, 0, 1))]
    return Markup("").join(
        [
            el("g", lines, class_="eis-calibration__grid"),
            el("g", axes, class_="eis-calibration__axis"),
            el("g", labels, class_="eis-calibration__ticks"),
        ]
    )


# The same in every chart: drawn once.
@functools.cache
def _diagonal_label() -> Markup:
    # Above the line, along it, a little past the middle of the plot.
    at = Fraction(3, 5)
    x, y = _n(_x(at) - 4), _n(_y(at) - 4)
    return el(
        "text",
        "perfect calibration",
        x=x,
        y=y,
        transform=f"rotate(-45 {x} {y})",
        text_anchor="middle",
        class_="eis-calibration__diagonal-label",
    )


def _markers(cells: tuple[Bin, ...]) -> Markup:
    """A marker per non-empty bin, whose area grows with its count.

    The count is printed too, in a row above the plot at the middle of the
    bin's column: beside the markers it would collide wherever neighbouring
    bins have close means, as they often do.
    """
    largest = max(cell.count for cell in cells)
    markers: list[Content] = [el("text", "count", x=_n(_LEFT - 16), y=_n(_COUNTS_Y), text_anchor="end")]
    for cell in cells:
        if cell.mean_forecast is None or cell.observed is None:
            continue
        radius = _MIN_RADIUS + (_MAX_RADIUS - _MIN_RADIUS) * math.sqrt(cell.count / largest)
        markers.append(
            el(
                "g",
                el("title", f"Forecasts of {_bin_words(cell)}"),
                el(
                    "circle",
                    cx=_n(_x(cell.mean_forecast)),
                    cy=_n(_y(cell.observed)),
                    r=_n(radius),
                    class_="eis-calibration__marker",
                ),
                el(
                    "text",
                    str(cell.count),
                    x=_n(_x((cell.lower + cell.upper) / 2)),
                    y=_n(_COUNTS_Y),
                    text_anchor="middle",
                    class_="eis-calibration__count",
                ),
                class_="eis-calibration__bin",
            )
        )
    return el("g", markers, class_="eis-calibration__bins")


# The same in every chart: drawn once.
@functools.cache
def _axis_titles() -> Markup:
    middle = _TOP + _PLOT / 2
    return Markup("").join(
        [
            el(
                "text",
                "Forecast probability",
                x=_n(_LEFT + _PLOT / 2),
                y=_n(_HEIGHT - 6),
                text_anchor="middle",
                class_="eis-calibration__axis-title",
            ),
            el(
                "text",
                "Observed frequency",
                x=_n(-middle),
                y="14",
                transform="rotate(-90)",
                text_anchor="middle",
                class_="eis-calibration__axis-title",
            ),
        ]
    )


def _numbers(cells: tuple[Bin, ...]) -> Markup:
    head = columns("eis-calibration-table")
    rows = []
    for cell in cells:
        mean = fmt.percent(cell.mean_forecast) if cell.mean_forecast is not None else "—"
        observed = fmt.percent(cell.observed) if cell.observed is not None else "—"
        rows.append(
            el(
                "tr",
                el("th", bin_range(cell), scope="row"),
                el("td", str(cell.count), class_="eis-num"),
                el("td", str(cell.happened), class_="eis-num"),
                el("td", mean, class_="eis-num"),
                el("td", observed, class_="eis-num"),
                class_=None if cell.count else "eis-calibration__empty",
            )
        )
    return table(head, rows, "eis-calibration-table", caption="Judged predictions by forecast probability")
