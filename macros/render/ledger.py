"""The ledger, the list pages, calibration and open data."""

from __future__ import annotations

from markupsafe import Markup

from macros.compute import scoring
from macros.data.model import LIST_PAGE_SECTIONS, PredictionList
from macros.render import charts, fmt, opendata
from macros.render.base import LEDGER_PAGE, TRACK_PAGE, VERDICTS, PageContext, link, list_page_path
from macros.render.forecasts import forecast_entries
from macros.render.html import Content, columns, el, join, table, text
from macros.render.lists import BRIER_SCALE, list_summary, prediction_table, scale
from macros.render.registry import macro
from macros.render.sequence import as_of, part_link
from macros.render.tiers import cite

CALIBRATION, FORECASTS = LIST_PAGE_SECTIONS


@macro
def waiting_lists(page: PageContext) -> Markup:
    """The lists no paper has been judged against yet, each with the range it can still score."""
    waiting = [plist for plist in _lists_in_order(page) if not page.data.scorecards_of(plist.id)]
    if not waiting:
        if not page.data.lists:
            return el("p", "The sequence has not made a prediction list yet.", class_="eis-waiting")
        return el(
            "p",
            "No list is waiting for a paper: every prediction list has been judged at least once.",
            class_="eis-waiting",
        )
    if len(waiting) == 1:
        plist = waiting[0]
        span = scoring.list_range(plist)
        size = len(plist.predictions)
        cases = ("one prediction", "the event does not happen", "it does")
        if size > 1:
            cases = (f"{size} predictions", "none of the events happens", "all of them do")
        return el(
            "p",
            "One list is still waiting for a paper: ",
            _list_link(page, plist),
            f", made {plist.made_on.human()}. Judged against its {cases[0]}, a paper could score anywhere"
            f" from {fmt.signed(span.worst)} (if {cases[1]}) to {fmt.signed(span.best)} (if {cases[2]}).",
            class_="eis-waiting",
        )
    items = []
    for plist in waiting:
        span = scoring.list_range(plist)
        items.append(
            el(
                "li",
                _list_link(page, plist),
                f", made {plist.made_on.human()}, {fmt.counted(len(plist.predictions), 'prediction')}:"
                f" {fmt.signed(span.worst)} to {fmt.signed(span.best)}",
            )
        )
    intro = (
        f"These {len(waiting)} lists are still waiting for a paper. Judged against any of them, a paper could"
        " score anywhere from the worst case (none of the events happens) to the best (all of them do):"
    )
    return el("div", el("p", intro), el("ul", items), class_="eis-waiting")


@macro
def latest_scorecard(page: PageContext, list_id: str | None = None) -> Markup:
    """A sentence on the latest paper judged against a list, or against any list."""
    plist = page.data.prediction_list(list_id) if list_id is not None else None
    cards = page.data.scorecards_of(plist.id) if plist is not None else page.data.scorecards
    against: Content = _list_link(page, plist) if plist is not None else "the sequence's forecasts"
    if not cards:
        return join(["No paper has been judged against ", against, " yet."])
    card = max(cards, key=lambda c: (c.date.sort_key(), c.id))
    result = page.card_score(card.id)
    # Linked like a citation but not counted as one: a part does not cite the papers judged after it.
    work = page.data.work(card.work)
    paper = link(work.url, work.citation)
    when = f" {card.date.when()}"
    if plist is None:
        whose = f"{page.data.sequence.author}'s forecasts in "
        judged: list[Content] = ["The latest paper judged is ", paper, ": ", whose]
        judged += [_list_link(page, page.data.prediction_list(card.predictions)), f" were held against it{when}"]
    elif len(cards) == 1:
        judged = [paper, " has been judged against ", against, when]
    else:
        judged = [
            f"The latest of the {len(cards)} papers judged against ",
            against,
            " is ",
            paper,
            f", judged{when}",
        ]
    if result.judged == 0:
        judged.append("; every outcome on its scorecard is ambiguous, so it has no score.")
    else:
        judged += [
            "; it scored ",
            el("strong", fmt.signed(result.score)),
            " (",
            scale(page, result.worst, result.best, result.expected),
            f") and {VERDICTS[result.verdict]}.",
        ]
    if plist is None and card.reported_in is not None:
        part = page.data.part(card.reported_in)
        linked = part_link(page, part)
        # A title that ends a sentence itself ends this one, unless a note follows it.
        stop = "" if str(linked).endswith(("?</a>", "!</a>", ".</a>", "?", "!", ".")) else "."
        judged += [" The result is reported in ", linked, stop]
    return join(judged)


def _lists_in_order(page: PageContext) -> list[PredictionList]:
    return sorted(page.data.lists, key=lambda lst: (lst.made_on.sort_key(), lst.id))


def _list_link(page: PageContext, plist: PredictionList) -> Markup:
    return link(page.links.href(list_page_path(plist.id)), plist.title)


@macro
def data_files(page: PageContext) -> Markup:
    """The table of the JSON files and schemas the build publishes."""
    return opendata.files_table(page.data, page.links.file_href)


@macro
def calibration(page: PageContext, scorecard: str | None = None) -> Markup:
    """A reliability diagram of one scorecard, or of every judged prediction."""
    if scorecard is None:
        return charts.sequence_calibration(page.data)
    return charts.card_calibration(page.data, page.data.scorecard(scorecard))


@macro
def ledger(page: PageContext) -> Markup:
    """Markdown: every list and how it scored, then the calibration of the whole sequence.

    Each list's table, scores and explorer are on its own page, so the
    ledger stays one row a scorecard however many forecasts there are.
    """
    track = el(
        "p",
        "The ",
        link(page.links.href(TRACK_PAGE), "track record"),
        " adds up every judged forecast in the order it was judged, against what the author's own"
        " probabilities expected.",
        class_="eis-track-link",
    )
    dated = as_of(page, page.data.lists)
    blocks = [dated] if dated is not None else []
    blocks.append(track)
    blocks.append(_ledger_overview(page))
    blocks += [Markup(f"## Calibration {{: #{CALIBRATION} }}"), calibration(page)]
    return Markup("\n\n").join(blocks)


@macro
def list_page(page: PageContext, list_id: str) -> Markup:
    """Markdown of a list's own page: its context, its table (the explorer), scores and calibration."""
    plist = page.data.prediction_list(list_id)
    blocks = [page.crumbs(LEDGER_PAGE, "Predictions ledger"), Markup("# ") + text(plist.title)]
    blocks.append(_list_context(page, plist))
    blocks.append(as_of(page, [plist]) or Markup(""))
    blocks.append(prediction_table(page, plist.id))
    blocks.append(list_summary(page, plist.id))
    cards = page.data.scorecards_of(plist.id)
    if cards:
        blocks.append(Markup(f"## Calibration {{: #{CALIBRATION} }}"))
        blocks.extend(calibration(page, card.id) for card in cards)
    # Last, each forecast on its own: where its permalink leads.
    blocks.append(Markup(f"## Forecast by forecast {{: #{FORECASTS} }}"))
    blocks.append(forecast_entries(page, plist))
    return Markup("\n\n").join(blocks)


def _list_context(page: PageContext, plist: PredictionList) -> Markup:
    said: list[Content] = [f"Made {plist.made_on.human()}"]
    last_words = ""
    if plist.made_in is not None:
        part = page.data.part(plist.made_in)
        said += [" in ", part_link(page, part)]
        last_words = part.title
    if plist.source:
        said += [" (", link(plist.source, "source"), ")"]
        last_words = ")"
    said.append("" if last_words.endswith(("?", "!", ".")) else ".")
    if plist.about:
        said += [" ", plist.about]
    return el("p", said, class_="eis-list-context")


def _ledger_overview(page: PageContext) -> Markup:
    head = columns("eis-ledger")
    rows = []
    for plist in sorted(page.data.lists, key=lambda lst: (lst.made_on.sort_key(), lst.id)):
        anchor = link(page.links.href(list_page_path(plist.id)), plist.title)
        cards = page.data.scorecards_of(plist.id)
        for card in cards:
            result = page.card_score(card.id)
            rows.append(
                el(
                    "tr",
                    el("td", anchor),
                    el("td", cite(page, card.work)),
                    el(
                        "td",
                        el("strong", fmt.signed(result.score)),
                        el("br"),
                        scale(page, result.worst, result.best, result.expected),
                        class_="eis-num",
                    ),
                    el("td", f"{result.happened} of {result.judged} happened"),
                    el("td", fmt.brier(result.brier), el("br"), BRIER_SCALE, class_="eis-num"),
                    el("td", VERDICTS[result.verdict]),
                )
            )
        if not cards:
            span = page.list_figures(plist.id)
            rows.append(
                el(
                    "tr",
                    el("td", anchor),
                    el("td", f"pending since {plist.made_on.human()}"),
                    el(
                        "td",
                        f"{fmt.signed(span.worst)} to {fmt.signed(span.best)}",
                        el("br"),
                        el("small", f"expected {fmt.signed(span.expected)}", class_="eis-scale"),
                        class_="eis-num",
                    ),
                    el("td", f"0 of {len(plist.predictions)}"),
                    el("td", "n/a", class_="eis-num"),
                    el("td", "not yet judged"),
                )
            )
    return table(head, rows, "eis-ledger", caption="Every prediction list and how it scored")
