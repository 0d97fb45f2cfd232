"""Calibration: binning judged forecasts, and the reliability diagram drawn from them."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from fractions import Fraction as F
from pathlib import Path

import markdown
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import DATA, DOCS, Links, OnPage, score_card
from macros.compute import calibration
from macros.compute.calibration import bin_index, bins, brier, calibrate, card_judged, sequence_judged
from macros.data.load import load
from macros.data.model import Dataset, Judgement, Outcome
from macros.render import charts, fmt

SVG = "{http://www.w3.org/2000/svg}"
CARD = "may-2024-scaling-monosemanticity"


@pytest.fixture(scope="module")
def data() -> Dataset:
    return load(DATA, DOCS)


# -- binning ------------------------------------------------------------------------


def test_bins_are_ten_tenths_and_only_the_last_is_closed():
    cells = bins([])
    assert [(cell.lower, cell.upper) for cell in cells] == [(F(i, 10), F(i + 1, 10)) for i in range(10)]
    assert [cell.closed for cell in cells] == [False] * 9 + [True]
    assert all(cell.count == cell.happened == 0 for cell in cells)
    assert all(cell.mean_forecast is None and cell.observed is None for cell in cells)


@pytest.mark.parametrize(
    ("p", "index"),
    [
        (F(0), 0),
        (F(1, 1000), 0),
        (F(99, 1000), 0),
        (F(1, 10), 1),  # an edge belongs to the bin above it
        (F(1, 3), 3),
        (F(1, 2), 5),
        (F(9, 10), 9),
        (F(95, 100), 9),
        (F(999, 1000), 9),
        (F(1), 9),  # certainty: the last bin is closed
    ],
)
def test_bin_index_edges(p, index):
    assert bin_index(p) == index


@pytest.mark.parametrize("p", [F(-1, 10), F(11, 10), F(-1, 10**9)])
def test_bin_index_rejects_impossible_probabilities(p):
    with pytest.raises(ValueError):
        bin_index(p)


@pytest.mark.parametrize(
    ("judged", "expected"),
    [
        ([], {}),
        ([(F(0), False)], {0: (1, 0, F(0), F(0))}),
        ([(F(1, 10), True)], {1: (1, 1, F(1, 10), F(1))}),
        ([(F(1), True), (F(95, 100), False)], {9: (2, 1, F(39, 40), F(1, 2))}),
        ([(F(1, 3), True), (F(3, 10), False)], {3: (2, 1, F(19, 60), F(1, 2))}),
        (
            [(F(0), False), (F(1, 10), True), (F(95, 100), True), (F(1), True)],
            {0: (1, 0, F(0), F(0)), 1: (1, 1, F(1, 10), F(1)), 9: (2, 2, F(39, 40), F(1))},
        ),
        (
            [(F(1, 5), False), (F(1, 5), False), (F(1, 4), True)],
            {2: (3, 1, F(13, 60), F(1, 3))},
        ),
    ],
)
def test_binning_table(judged, expected):
    cells = bins(judged)
    for index, cell in enumerate(cells):
        if index in expected:
            assert (cell.count, cell.happened, cell.mean_forecast, cell.observed) == expected[index]
        else:
            assert (cell.count, cell.happened, cell.mean_forecast, cell.observed) == (0, 0, None, None)


def test_calibrate_sums_up():
    result = calibrate([(F(1, 5), False), (F(9, 10), True), (F(1, 2), True)])
    assert (result.judged, result.happened) == (3, 2)
    assert result.brier == (F(1, 5) ** 2 + F(1, 10) ** 2 + F(1, 2) ** 2) / 3
    assert calibrate([]).brier is None


# -- properties ---------------------------------------------------------------------

probabilities = st.fractions(min_value=0, max_value=1, max_denominator=1000)
judged_lists = st.lists(st.tuples(probabilities, st.booleans()), max_size=60)


@given(judged_lists)
def test_bins_account_for_every_prediction(judged):
    cells = bins(judged)
    assert sum(cell.count for cell in cells) == len(judged)
    assert sum(cell.happened for cell in cells) == sum(happened for _, happened in judged)
    for cell in cells:
        assert 0 <= cell.happened <= cell.count
        if cell.count == 0:
            assert cell.mean_forecast is None and cell.observed is None
            continue
        assert cell.mean_forecast is not None and cell.observed is not None
        assert cell.lower <= cell.mean_forecast <= cell.upper
        assert cell.mean_forecast < cell.upper or cell.closed
        assert 0 <= cell.observed <= 1
        assert cell.observed == F(cell.happened, cell.count)


@given(judged_lists)
def test_brier_is_scorings_brier(judged):
    expected = sum(((p - happened) ** 2 for p, happened in judged), F(0)) / len(judged) if judged else None
    assert brier(judged) == expected == calibrate(judged).brier


@pytest.fixture(scope="module")
def card_template(data):
    return data.scorecards[0]


@given(drawn=st.data())
def test_sequence_is_the_sum_of_its_cards(data, card_template, drawn):
    cards = []
    for plist in data.lists:
        for number, outcomes in enumerate(drawn.draw(outcomes_for_list(plist))):
            judgements = tuple(
                Judgement(prediction.id, outcome)
                for prediction, outcome in zip(plist.predictions, outcomes, strict=True)
            )
            cards.append(
                dataclasses.replace(
                    card_template, id=f"{plist.id}-card-{number}", predictions=plist.id, outcomes=judgements
                )
            )
    regenerated = dataclasses.replace(data, scorecards=tuple(cards))
    whole = calibrate(sequence_judged(regenerated))
    per_card = [calibrate(card_judged(regenerated, card)) for card in cards]
    assert whole.judged == sum(result.judged for result in per_card)
    assert whole.judged == sum(score_card(regenerated, card).judged for card in cards)
    assert whole.happened == sum(result.happened for result in per_card)
    for index, cell in enumerate(whole.bins):
        assert cell.count == sum(result.bins[index].count for result in per_card)
    if whole.judged:
        weighted = sum((result.brier * result.judged for result in per_card if result.brier is not None), F(0))
        assert whole.brier == weighted / whole.judged
    else:
        assert whole.brier is None


def outcomes_for_list(plist):
    size = len(plist.predictions)
    return st.lists(st.lists(st.sampled_from(Outcome), min_size=size, max_size=size), max_size=3)


def test_card_judged_leaves_out_ambiguous(data, card_template):
    plist = data.prediction_list(card_template.predictions)
    marks = [Outcome.AMBIGUOUS, Outcome.HAPPENED] + [Outcome.DID_NOT] * (len(plist.predictions) - 2)
    card = dataclasses.replace(
        card_template,
        outcomes=tuple(
            Judgement(prediction.id, mark) for prediction, mark in zip(plist.predictions, marks, strict=True)
        ),
    )
    judged = card_judged(data, card)
    assert (
        judged
        == [
            (prediction.p, mark is Outcome.HAPPENED) for prediction, mark in zip(plist.predictions, marks, strict=True)
        ][1:]
    )
    assert calibrate(judged).brier == score_card(data, card).brier


# -- rendering ----------------------------------------------------------------------


def parse(html: str) -> ET.Element:
    assert "\n" not in html and html.startswith("<figure ")
    return ET.fromstring(html)


def chart_of(figure: ET.Element) -> ET.Element:
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    return svg


def check_figure(figure: ET.Element, result: calibration.Calibration) -> None:
    """What every diagram must hold, checked against the numbers it draws."""
    assert figure.get("class") == "eis-calibration"
    assert figure[0].tag == "figcaption"
    svg = chart_of(figure)
    assert svg.get("role") == "img" and svg.get("viewBox")
    labels = svg.get("aria-labelledby", "").split()
    assert len(labels) == 2
    named = {element.get("id"): element for element in svg if element.get("id")}
    assert named[labels[0]].tag == f"{SVG}title" and (named[labels[0]].text or "").strip()
    assert named[labels[1]].tag == f"{SVG}desc"
    desc = named[labels[1]].text or ""
    assert f"{result.judged} judged prediction" in desc
    assert result.brier is not None and fmt.unsigned(result.brier) in desc

    filled = [cell for cell in result.bins if cell.count]
    markers = svg.findall(f".//{SVG}g[@class='eis-calibration__bin']")
    assert len(markers) == len(filled)
    for group, cell in zip(markers, filled, strict=True):
        circle = group.find(f"{SVG}circle")
        count = group.find(f"{SVG}text[@class='eis-calibration__count']")
        assert circle is not None and count is not None
        assert count.text == str(cell.count)
        assert fmt.percent(cell.mean_forecast) in desc

    diagonal = svg.find(f"{SVG}line[@class='eis-calibration__diagonal']")
    assert diagonal is not None
    x1, y1, x2, y2 = (float(diagonal.get(name, "nan")) for name in ("x1", "y1", "x2", "y2"))
    assert x1 < x2 and y1 > y2 and x2 - x1 == pytest.approx(y1 - y2)  # bottom left to top right, at 45 degrees
    titles = [text.text for text in svg.findall(f"{SVG}text[@class='eis-calibration__axis-title']")]
    assert titles == ["Forecast probability", "Observed frequency"]

    figures = {
        div[0].text: "".join(div[1].itertext())
        for div in figure.findall("dl[@class='eis-figures eis-calibration__figures']/div")
    }
    assert figures == {"Judged predictions": str(result.judged), "Brier score": fmt.unsigned(result.brier)}

    details = figure.find("details")
    assert details is not None and details.findtext("summary") == "The numbers behind the chart"
    table = details.find(".//table")
    assert table is not None and table.findtext("caption")
    assert [th.get("scope") for th in table.findall("thead/tr/th")] == ["col"] * 5
    rows = table.findall("tbody/tr")
    assert len(rows) == len(result.bins)
    for row, cell in zip(rows, result.bins, strict=True):
        header = row.find("th")
        assert header is not None and header.get("scope") == "row" and header.text == charts.bin_range(cell)
        mean = fmt.percent(cell.mean_forecast) if cell.mean_forecast is not None else "—"
        observed = fmt.percent(cell.observed) if cell.observed is not None else "—"
        assert [td.text for td in row.findall("td")] == [str(cell.count), str(cell.happened), mean, observed]


@pytest.fixture(scope="module")
def r(data):
    return OnPage(data, Links())


def test_card_diagram(r, data):
    card = data.scorecard(CARD)
    figure = parse(str(r.calibration(CARD)))
    check_figure(figure, calibrate(card_judged(data, card)))
    assert figure.get("id") == f"calibration-card-{CARD}"


def test_sequence_diagram(r, data):
    figure = parse(str(r.calibration()))
    check_figure(figure, calibrate(sequence_judged(data)))
    assert figure.get("id") == "calibration-sequence"
    assert data.sequence.title in (figure.findtext("figcaption") or "")


def test_ids_differ_between_diagrams(r, data):
    ids = []
    for html in (r.calibration(), r.calibration(CARD)):
        ids += [element.get("id") for element in parse(str(html)).iter() if element.get("id")]
    assert len(ids) == len(set(ids)) == 6


def test_range_labels_state_the_edge_rule():
    cells = bins([])
    assert charts.bin_range(cells[0]) == "0% to under 10%"
    assert charts.bin_range(cells[9]) == "90% to 100%"


def with_outcomes(data: Dataset, judged: int) -> Dataset:
    """The May 2024 card with only its first ``judged`` predictions judged."""
    card = data.scorecard(CARD)
    outcomes = tuple(
        judgement if index < judged else dataclasses.replace(judgement, outcome=Outcome.AMBIGUOUS)
        for index, judgement in enumerate(card.outcomes)
    )
    return dataclasses.replace(data, scorecards=(dataclasses.replace(card, outcomes=outcomes),))


def test_too_few_judged_gives_a_sentence_with_the_brier_score(data):
    few = with_outcomes(data, charts.MIN_JUDGED - 1)
    r = OnPage(few, Links())
    for html in (str(r.calibration(CARD)), str(r.calibration())):
        assert html.startswith("<p ") and "<svg" not in html and "\n" not in html
        assert f"{charts.MIN_JUDGED - 1} judged predictions" in html
        expected = score_card(few, few.scorecard(CARD)).brier
        assert expected is not None and fmt.unsigned(expected) in html
    enough = OnPage(with_outcomes(data, charts.MIN_JUDGED), Links())
    assert str(enough.calibration(CARD)).startswith("<figure ")


def test_nothing_judged_draws_no_chart(data):
    none = with_outcomes(data, 0)
    r = OnPage(none, Links())
    for html in (str(r.calibration(CARD)), str(r.calibration())):
        assert html.startswith("<p ") and "<svg" not in html and "judged yet" in html
    unjudged = OnPage(dataclasses.replace(data, scorecards=()), Links())
    ledger = str(unjudged.ledger())
    assert "## Calibration {: #calibration }" in ledger and "<svg" not in ledger


def test_ledger_places_the_diagrams(r, data):
    ledger = str(r.ledger())
    blocks = ledger.split("\n\n")
    heading = blocks.index("## Calibration {: #calibration }")
    assert blocks[heading - 1].startswith('<div class="eis-table-wrap"><table class="eis-ledger">')
    assert blocks[heading + 1].startswith('<figure class="eis-calibration" id="calibration-sequence">')
    assert f"calibration-card-{CARD}" not in ledger
    # Each card's diagram is on its list's page, after the list's summary.
    card = data.scorecard(CARD)
    blocks = str(r.list_page(card.predictions)).split("\n\n")
    summary = blocks.index(str(r.list_summary(card.predictions)))
    figure = next(
        index
        for index, block in enumerate(blocks)
        if block.startswith(f'<figure class="eis-calibration" id="calibration-card-{CARD}">')
    )
    assert summary < figure
    headings = [block for block in blocks[summary:figure] if block.startswith("## ")]
    assert headings == ["## Calibration {: #calibration }"]


HOSTILE = "<script>alert('x')</script> & \"q\" | *b* _i_ `c` [l](http://x) {{ 7*7 }} {% raw %} ]]> #"


def test_hostile_text_and_ids_are_escaped(data):
    card = data.scorecard(CARD)
    plist = data.prediction_list(card.predictions)
    work = data.work(card.work)
    hostile_id = 'x"><script>&{{7*7}}[a](b)`'
    hostile = dataclasses.replace(
        data,
        sequence=dataclasses.replace(data.sequence, title=HOSTILE),
        lists=tuple(dataclasses.replace(lst, title=HOSTILE) if lst.id == plist.id else lst for lst in data.lists),
        works=tuple(dataclasses.replace(w, cite=HOSTILE) if w.id == work.id else w for w in data.works),
        scorecards=(dataclasses.replace(card, id=hostile_id),),
    )
    r = OnPage(hostile, Links())
    for html, title_has in (
        (str(r.calibration(hostile_id)), f"{HOSTILE}, judged against {HOSTILE}"),
        (str(r.calibration()), HOSTILE),
    ):
        figure = parse(html)  # still well-formed
        assert not any(element.tag.endswith("script") for element in figure.iter())
        svg = chart_of(figure)
        title_id, desc_id = svg.get("aria-labelledby", "").split()
        named = {element.get("id"): element for element in svg}
        assert named[title_id].tag == f"{SVG}title" and named[desc_id].tag == f"{SVG}desc"
        assert title_has in (named[title_id].text or "")
        # Markdown and templates see no metacharacter: nothing turns into markup.
        rendered = markdown.markdown(html, extensions=["tables", "attr_list", "md_in_html"])
        assert (
            "<script" not in rendered and "<em>" not in rendered and "<code>" not in rendered and "{{" not in rendered
        )
    figure = parse(str(r.calibration(hostile_id)))
    assert figure.get("id") == f"calibration-card-{hostile_id}"


# -- the built site -----------------------------------------------------------------


def figure_in(page: str, figure_id: str) -> ET.Element:
    match = re.search(rf'<figure class="eis-calibration" id="{re.escape(figure_id)}">.*?</figure>', page)
    assert match, figure_id
    return ET.fromstring(match.group(0))


def test_ledger_and_list_pages_show_the_diagrams(built_site: Path):
    ledger = (built_site / "ledger/index.html").read_text(encoding="utf-8")
    data = load(DATA, DOCS)
    card = data.scorecard(CARD)
    listed = (built_site / f"ledger/{card.predictions}/index.html").read_text(encoding="utf-8")
    expected = {
        "calibration-sequence": (ledger, calibrate(sequence_judged(data))),
        f"calibration-card-{CARD}": (listed, calibrate(card_judged(data, card))),
    }
    assert expected[f"calibration-card-{CARD}"][1].judged == score_card(data, card).judged
    for figure_id, (page, result) in expected.items():
        figure = figure_in(page, figure_id)
        check_figure(figure, result)
        assert page.count(f'id="{figure_id}-title"') == 1
    assert ledger.index('id="calibration"') < ledger.index('id="calibration-sequence"')
