"""Each forecast on its own: its permalink on its list's page, its short citation, and the track record.

A forecast's address is ``ledger/<list>/#<prediction-id>``: its list's page
holds, under the table, one entry per forecast with its claim, probability
and every scorecard's outcome with the reason given for it.  The track
record (``TRACK_PAGE``) adds up every judged forecast in the order it was
judged (``compute.track``).
"""

from __future__ import annotations

import math
from fractions import Fraction

from markupsafe import Markup

from macros.compute import track
from macros.data.model import Judgement, Prediction, PredictionList, Scorecard
from macros.render import fmt, marks, timecharts
from macros.render.base import LEDGER_PAGE, SCORING_PAGE, PageContext, forecast_citation, link, list_page_path
from macros.render.html import Content, columns, el, table
from macros.render.registry import macro
from macros.render.tiers import cite

# Tick labels across the track record: at most this many dividers are labelled with their date.
_LABELLED_DIVIDERS = 3


def _forecast_href(page: PageContext, list_id: str, prediction_id: str) -> str | None:
    """The link to a forecast's entry on its list's page, from the current page."""
    return page.links.href(list_page_path(list_id), prediction_id)


def forecast_entries(page: PageContext, plist: PredictionList) -> Markup:
    """Every forecast of a list as an entry of its own, each the target of its permalink."""
    cards = sorted(page.data.scorecards_of(plist.id), key=Scorecard.chronology)
    entries = [
        _forecast_entry(page, plist, position, prediction, cards)
        for position, prediction in enumerate(plist.predictions, start=1)
    ]
    return el("div", entries, class_="eis-forecasts")


def _forecast_entry(
    page: PageContext, plist: PredictionList, position: int, prediction: Prediction, cards: list[Scorecard]
) -> Markup:
    cited = forecast_citation(page.data, plist, position)
    here = page.links.absolute(list_page_path(plist.id)) + "#" + prediction.id
    verdicts: list[Content] = []
    for card in cards:
        verdicts.append(el("li", _verdict(page, card, card.judgement_of(prediction.id))))
    if not verdicts:
        verdicts.append(el("li", marks.of_outcome(None), "; no work has been judged against this list yet."))
    return el(
        "article",
        el("h3", link(f"#{prediction.id}", f"Forecast {position}"), class_="eis-forecast__title"),
        el("p", prediction.claim, class_="eis-forecast__claim"),
        el("p", "Probability: ", el("strong", fmt.percent(prediction.p)), class_="eis-forecast__p"),
        el("ul", verdicts, class_="eis-forecast__verdicts"),
        el(
            "p",
            "Cite as: ",
            el("cite", cited),
            ", ",
            el("span", here, class_="eis-forecast__url"),
            class_="eis-forecast__cite",
        ),
        class_="eis-forecast",
        id=prediction.id,
    )


def _verdict(page: PageContext, card: Scorecard, judgement: Judgement) -> list[Content]:
    earned = page.card_score(card.id).points[judgement.prediction]
    said: list[Content] = [
        marks.of_outcome(judgement.outcome),
        " against ",
        cite(page, card.work),
        # Judged on a date, not a second parenthesis after the citation's year.
        f", judged {card.date.human()}",
        f": {fmt.signed(earned)} points." if earned is not None else ": left out of the score.",
    ]
    said += _reason(judgement)
    return said


def _reason(judgement: Judgement) -> list[Content]:
    """The note and the evidence link given for an outcome, if any."""
    said: list[Content] = []
    if judgement.note:
        said += [" ", el("span", judgement.note, class_="eis-reason__note")]
    if judgement.evidence:
        said += [" ", el("a", "Evidence", href=judgement.evidence, class_="eis-reason__evidence")]
    return [el("span", said, class_="eis-reason")] if said else []


# -- the track record ---------------------------------------------------------


@macro
def track_record(page: PageContext) -> Markup:
    """Markdown of the track-record page: the running total against what was expected, and each list's part."""
    record = page.index.track_record
    calibration = link(page.links.href(LEDGER_PAGE, "calibration"), "calibration diagram")
    blocks: list[Markup] = [page.crumbs(LEDGER_PAGE, "Predictions ledger"), Markup("# Track record")]
    if not record.steps:
        blocks.append(el("p", "No forecast of the sequence has been judged yet, so there is no track record to show."))
        return Markup("\n\n").join(blocks)
    blocks.append(el("p", _track_summary(page, record), class_="eis-track__summary"))
    # Two standard deviations of each running total: the chart's band, the table's and the description's words.
    spreads = [_spread(step) for step in record.steps]
    blocks.append(_track_chart(page, record, spreads))
    blocks.append(Markup("## Results by list {: #by-list }"))
    blocks.append(_track_lists(page, record))
    blocks.append(
        el(
            "p",
            "How often events happened at each stated probability is shown in the ledger's ",
            calibration,
            ".",
        )
    )
    return Markup("\n\n").join(blocks)


def _track_summary(page: PageContext, record: track.TrackRecord) -> list[Content]:
    steps = record.steps
    cards = len({step.card for step in steps})
    judged = (
        f"{fmt.counted(len(steps), 'forecast')} from {fmt.counted(len(record.lists), 'prediction list')}"
        f" have been judged on {fmt.counted(cards, 'scorecard')}, {_span(steps)}."
    )
    rule = (
        " Under the author's rule a forecast at probability p earns 1 \u2212 p points if its event happens"
        " and \u2212p if it does not. Together the judged forecasts earned "
    )
    expected = " points; had every event happened as often as the author said it would, they would be expected to earn "
    meaning = (
        ". A running total above the expected line means the works judged did more than the forecasts"
        " expected of them; below it, less. The shaded band shows how far chance alone would take the total"
        " (two standard deviations either side of the expected line, were the events independent, which the"
        " author warns they are not). "
    )
    return [
        judged,
        rule,
        el("strong", fmt.signed(record.total)),
        expected,
        el("strong", fmt.signed(record.expected_total)),
        meaning,
        link(page.links.href(SCORING_PAGE), "How scores work"),
        ".",
    ]


def _track_chart(page: PageContext, record: track.TrackRecord, spreads: list[Fraction]) -> Markup:
    steps = record.steps
    count = len(steps)
    across = [track_fraction(index, count) for index in range(count + 1)]
    zero = Fraction(0)
    totals = [zero, *(step.total for step in steps)]
    expected = [zero, *(step.expected_total for step in steps)]
    spread = [zero, *spreads]
    band = [(x, mean - width, mean + width) for x, mean, width in zip(across, expected, spread, strict=True)]
    low = min(*totals, *(edge for _, edge, _ in band))
    high = max(*totals, *(edge for _, _, edge in band))
    ticks = timecharts.nice_ticks(low, high)
    # Where each scorecard's forecasts begin, labelled while few enough to read.
    starts = [index for index, step in enumerate(steps) if index == 0 or steps[index - 1].card != step.card]
    dividers = [
        (across[index], steps[index].date.human() if len(starts) <= _LABELLED_DIVIDERS else "") for index in starts
    ]
    lowest = min(range(count), key=lambda index: (steps[index].total, index))
    highest = max(range(count), key=lambda index: (steps[index].total, -index))
    description = (
        f"Line chart of the running total of points over {fmt.counted(count, 'judged forecast')}, in the order"
        f" they were judged, {_span(steps)}. The total ends at"
        f" {fmt.signed(record.total)} points, against {fmt.signed(record.expected_total)} expected by the author's"
        f" probabilities. It is lowest, {fmt.signed(steps[lowest].total)}, after forecast {lowest + 1}, and"
        f" highest, {fmt.signed(steps[highest].total)}, after forecast {highest + 1}. A shaded band runs two"
        " standard deviations either side of the expected line: how far chance alone would take the total had"
        f" the events been independent; after the last forecast it spans {_band_words(steps[-1], spreads[-1])}."
    )
    chart = timecharts.Chart(
        key="track",
        title=f"Points of every judged forecast in {page.data.sequence.title}, added up in the order judged",
        description=description,
        x_title="Forecasts judged, in order",
        y_title="Points, running total",
        x_ticks=[(zero, "0"), (Fraction(1), str(count))],
        y_range=(ticks[0], ticks[-1]),
        y_label=fmt.signed,
        series=[
            timecharts.Series(
                "Expected by the author's probabilities", "expected", list(zip(across, expected, strict=True))
            ),
            timecharts.Series("Points earned", "actual", list(zip(across, totals, strict=True)), markers=True),
        ],
        dividers=dividers,
        band=timecharts.Band("Two standard deviations either side of it", "chance", band),
    )
    return timecharts.figure(chart, _track_table(page, record, spreads))


def _track_table(page: PageContext, record: track.TrackRecord, spreads: list[Fraction]) -> Markup:
    head = columns("eis-track-table")
    rows = []
    for number, (step, width) in enumerate(zip(record.steps, spreads, strict=True), start=1):
        plist = page.data.prediction_list(step.list_id)
        cited = forecast_citation(page.data, plist, step.position)
        rows.append(
            el(
                "tr",
                el("td", str(number), class_="eis-num"),
                el("td", el("time", step.date.human(), datetime=step.date.iso())),
                el("td", link(_forecast_href(page, plist.id, step.prediction), cited)),
                el("td", fmt.percent(step.p), class_="eis-num"),
                el("td", marks.of_outcome(page.data.scorecard(step.card).outcome_of(step.prediction))),
                el("td", fmt.signed(step.points), class_="eis-num"),
                el("td", el("strong", fmt.signed(step.total)), class_="eis-num"),
                el("td", fmt.signed(step.expected_total), class_="eis-num"),
                el("td", _band_words(step, width), class_="eis-num"),
            )
        )
    shown = table(head, rows, "eis-track-table", caption="Every judged forecast, in the order judged")
    return shown


def _track_lists(page: PageContext, record: track.TrackRecord) -> Markup:
    head = columns("eis-track-lists")
    rows = []
    for entry in record.lists:
        plist = page.data.prediction_list(entry.list_id)
        rows.append(
            el(
                "tr",
                el("td", link(page.links.href(list_page_path(plist.id)), plist.title), class_="eis-wide"),
                el("td", str(entry.judged), class_="eis-num"),
                el("td", str(entry.happened), class_="eis-num"),
                el("td", el("strong", fmt.signed(entry.points)), class_="eis-num"),
                el("td", fmt.signed(entry.expected), class_="eis-num"),
                el("td", fmt.brier(entry.brier), class_="eis-num"),
            )
        )
    return table(head, rows, "eis-track-lists", caption="Judged forecasts by list, over all their scorecards")


def track_fraction(index: int, count: int) -> Fraction:
    """How far across the plot the running total after ``index`` forecasts stands."""
    return Fraction(index, count)


def _span(steps: tuple[track.Step, ...]) -> str:
    """When the forecasts were judged: ``on 21 May 2024``, or ``from May 2024 to 3 June 2025``."""
    first, last = steps[0].date.human(), steps[-1].date.human()
    return f"on {first}" if first == last else f"from {first} to {last}"


def _spread(step: track.Step) -> Fraction:
    """Two standard deviations of the running total: drawn, so a square root to a millionth is exact enough."""
    return 2 * Fraction(math.sqrt(step.variance_total)).limit_denominator(10**6)


def _band_words(step: track.Step, width: Fraction) -> str:
    """The band around ``step``'s expected total, ``width`` (its ``_spread``) either side."""
    return f"{fmt.signed(step.expected_total - width)} to {fmt.signed(step.expected_total + width)}"
