"""The macros that choose prose from the data (macros/render/): the parts against
the plan, the newest part, the lists still waiting, the latest scorecard, a market's price when a part
was written.  Each runs on small datasets built here, so the expected
sentences follow from these fixtures and never from the site's own data.
"""

from __future__ import annotations

import re
from fractions import Fraction

import pytest

from conftest import Links, OnPage
from macros.data.model import (
    Dataset,
    HostedPage,
    Market,
    Snapshot,
    UnknownReference,
)
from macros.data.problems import MacroMisuse
from macros.render import MACROS, sequence
from tinydata import card, dataset, day, part, plist

MINUS = "\u2212"


def render(data: Dataset, current_part: int | None = None) -> OnPage:
    return OnPage(data, Links(current_part=current_part))


def plain(html: object) -> str:
    """What a reader reads: the text without its tags."""
    return re.sub(r"<[^>]+>", "", str(html)).replace("&#39;", "'")


def test_the_macros_are_registered():
    r = render(dataset())
    for name in ("plan_progress", "newest_part", "waiting_lists", "latest_scorecard", "market_p_when"):
        assert r.macros[name].func is MACROS[name] and r.macros[name].args == (r.page,)


# -- the parts against the plan ----------------------------------------------------


@pytest.mark.parametrize(
    ("count", "planned", "expected"),
    [
        (14, 12, "planned at 12 parts and has since grown to 14"),
        (2, 1, "planned at 1 part and has since grown to 2"),
        (12, 12, "planned at 12 parts, all of which have appeared"),
        (1, 1, "planned at 1 part, which has appeared"),
        (5, 12, "planned at 12 parts, of which 5 have appeared so far"),
        (1, 12, "planned at 12 parts, of which 1 has appeared so far"),
    ],
)
def test_plan_progress(count, planned, expected):
    data = dataset(parts=[part(n) for n in range(1, count + 1)], pages=[], planned=planned)
    assert str(render(data).plan_progress()) == expected


# -- the newest part ------------------------------------------------------------


@pytest.mark.parametrize(
    ("parts", "pages", "expected"),
    [
        # Hosted here: linked to its page.
        (
            [part(1), part(2)],
            [HostedPage(part=2, src_path="parts/two.md")],
            '<a href="../../parts/two/">Part 2 title</a> (Part 2 of 2, on this site)',
        ),
        # A newer part published elsewhere: linked to its own address, the plan overrun.
        (
            [part(1), part(2), part(3, url="https://example.org/p3")],
            [HostedPage(part=2, src_path="parts/two.md")],
            '<a href="https://example.org/p3">Part 3 title</a> (Part 3 of 2)',
        ),
        # Highest number, whatever the order in the file; no address of its own: the sequence's.
        (
            [part(4), part(1), part(3)],
            [],
            'Part 4 title (in the <a href="https://example.org/seq">forum listing</a>) (Part 4 of 2)',
        ),
        # A single part.
        ([part(1)], [], 'Part 1 title (in the <a href="https://example.org/seq">forum listing</a>) (Part 1 of 2)'),
    ],
)
def test_newest_part(parts, pages, expected):
    assert str(render(dataset(parts=parts, pages=pages)).newest_part()) == expected


def test_newest_part_title_is_text():
    data = dataset(parts=[part(1, title="EIS *I*: <b>{{ x }}</b>")], pages=[])
    shown = str(render(data).newest_part())
    assert "<b>" not in shown and "{{" not in shown and "*I*" not in shown
    assert plain(shown).startswith("EIS &#42;I&#42;: &#60;b&#62;&#123;&#123; x &#125;&#125;&#60;/b&#62;")


# -- the lists still waiting for a paper ---------------------------------------------

A = plist("a", "0.6", "0.2", made="2024-10-11")  # range -0.80 to +1.20
B = plist("b", "0.5", made="2024-05")  # range -0.50 to +0.50
C = plist("c", "0.25", "0.25", "0.25", made="2023")  # range -0.75 to +2.25


@pytest.mark.parametrize(
    ("lists", "cards", "expected"),
    [
        ([], [], "The sequence has not made a prediction list yet."),
        (
            [A, B],
            [card("a1", A, "yn"), card("b1", B, "a")],
            "No list is waiting for a paper: every prediction list has been judged at least once.",
        ),
        (
            [A, B],
            [card("b1", B, "y")],
            (
                f"One list is still waiting for a paper: List a, made 11 October 2024. Judged against its 2"
                f" predictions, a paper could score anywhere from {MINUS}0.80 (if none of the events happens)"
                " to +1.20 (if all of them do)."
            ),
        ),
        (
            [B],
            [],
            (
                f"One list is still waiting for a paper: List b, made May 2024. Judged against its one"
                f" prediction, a paper could score anywhere from {MINUS}0.50 (if the event does not happen)"
                " to +0.50 (if it does)."
            ),
        ),
        # Several: oldest first, each with its range.
        (
            [A, B, C],
            [],
            (
                "These 3 lists are still waiting for a paper. Judged against any of them, a paper could score"
                " anywhere from the worst case (none of the events happens) to the best (all of them do):"
                f"List c, made 2023, 3 predictions: {MINUS}0.75 to +2.25"
                f"List b, made May 2024, 1 prediction: {MINUS}0.50 to +0.50"
                f"List a, made 11 October 2024, 2 predictions: {MINUS}0.80 to +1.20"
            ),
        ),
        (
            [A, B, C],
            [card("b1", B, "n")],
            (
                "These 2 lists are still waiting for a paper. Judged against any of them, a paper could score"
                " anywhere from the worst case (none of the events happens) to the best (all of them do):"
                f"List c, made 2023, 3 predictions: {MINUS}0.75 to +2.25"
                f"List a, made 11 October 2024, 2 predictions: {MINUS}0.80 to +1.20"
            ),
        ),
    ],
)
def test_waiting_lists(lists, cards, expected):
    shown = render(dataset(lists=lists, cards=cards)).waiting_lists()
    assert plain(shown) == expected
    # A block: one line that starts with a block element, so Markdown leaves it alone.
    assert re.match(r"<(p|div) class=\"eis-waiting\">", shown) and "\n" not in shown


def test_waiting_lists_link_each_list_page():
    shown = str(render(dataset(lists=[A, C])).waiting_lists())
    assert shown.count("<li>") == 2
    assert '<a href="../../ledger/a/">List a</a>' in shown and '<a href="../../ledger/c/">List c</a>' in shown


# -- the latest scorecard ---------------------------------------------------------

Q = plist("q", "0.6", "0.2")
# Lists a and q: 0.6 and 0.2; worst -(0.6 + 0.2), best 0.4 + 0.8; expected 0.6 * 0.4 - 0.4 * 0.6 + 0.2 * 0.8 - 0.8 * 0.2
SCALE_Q = f"(worst possible {MINUS}0.80, best +1.20; the author's own odds expected 0.00)"


@pytest.mark.parametrize(
    ("list_id", "cards", "expected"),
    [
        ("q", [], "No paper has been judged against List q yet."),
        (
            "q",
            [card("c1", Q, "yn")],
            # 0.4 - 0.2
            (
                f"Lee (2025) has been judged against List q on 1 January 2025; it scored +0.20"
                f" {SCALE_Q} and did more than the forecast expected."
            ),
        ),
        (
            "q",
            [card("c1", Q, "yn"), card("c2", Q, "ny", work="w2", date="2025-03")],
            # -0.6 + 0.8; the later of the two, whatever their order in the data
            (
                "The latest of the 2 papers judged against List q is Chen and Diaz (2025), judged in March 2025;"
                f" it scored +0.20 {SCALE_Q} and did more than the forecast expected."
            ),
        ),
        (
            "q",
            [card("c2", Q, "nn", work="w2", date="2025-03"), card("c1", Q, "yn")],
            (
                f"The latest of the 2 papers judged against List q is Chen and Diaz (2025), judged in March 2025;"
                f" it scored {MINUS}0.80 {SCALE_Q} and did less than the forecast expected."
            ),
        ),
        (
            "q",
            [card("c1", Q, "aa")],
            (
                "Lee (2025) has been judged against List q on 1 January 2025; every outcome on its scorecard"
                " is ambiguous, so it has no score."
            ),
        ),
        (None, [], "No paper has been judged against the sequence's forecasts yet."),
        (
            None,
            [card("c1", Q, "ya", reported_in=1), card("c0", A, "nn", work="w2", date="2024-12-31")],
            (
                "The latest paper judged is Lee (2025): Au Thor's forecasts in List q were held against it on"
                f" 1 January 2025; it scored +0.40 {SCALE_Q} and did more than the forecast expected."
                " The result is reported in Part 1 title (in the forum listing)."
            ),
        ),
        (
            None,
            [card("c1", Q, "ya", date="2024-01", reported_in=2), card("c0", A, "yn", work="w2", date="2024-12")],
            # 0.4 - 0.2 on list a; not reported in any part
            (
                "The latest paper judged is Chen and Diaz (2025): Au Thor's forecasts in List a were held against"
                f" it in December 2024; it scored +0.20 {SCALE_Q} and did more than the forecast expected."
            ),
        ),
    ],
)
def test_latest_scorecard(list_id, cards, expected):
    data = dataset(lists=[A, Q], cards=cards)
    assert plain(render(data).latest_scorecard(list_id)) == expected


@pytest.mark.parametrize(
    ("title", "url", "ending"),
    [
        ("Is it useful?", "https://example.org/p1", "Is it useful?"),
        ("Summary", "https://example.org/p1", "Summary."),
        ("Is it useful?", None, "Is it useful? (in the forum listing)."),
    ],
)
def test_latest_scorecard_ends_one_sentence(title, url, ending):
    data = dataset(
        parts=[part(1, title=title, url=url)], lists=[Q], cards=[card("c1", Q, "yy", reported_in=1)], pages=[]
    )
    assert plain(render(data).latest_scorecard()).endswith(f"reported in {ending}")


def test_latest_scorecard_links_and_does_not_count_as_a_citation():
    data = dataset(lists=[Q], cards=[card("c1", Q, "yn")])
    r = render(data, current_part=2)
    shown = str(r.latest_scorecard("q"))
    assert '<a href="https://example.org/w1">Lee (2025)</a>' in shown
    assert '<a href="../../ledger/q/">List q</a>' in shown
    # The part's list of works it cited stays empty: it never cited the paper judged later.
    assert "Works cited" not in str(sequence.part_context(r.page, 2))


def test_latest_scorecard_of_an_unknown_list():
    with pytest.raises(UnknownReference, match="no prediction list 'nope'"):
        render(dataset(lists=[Q])).latest_scorecard("nope")


# -- a market's price when a part was written --------------------------------------

MARKET = Market(
    id="m",
    question="Will it?",
    platform="Somewhere",
    # Out of order on purpose.
    snapshots=(
        Snapshot(date=day("2024-10-11"), p=Fraction("0.63")),
        Snapshot(date=day("2025-01"), p=Fraction("0.8")),
        Snapshot(date=day("2024-05-01"), p=Fraction("0.4")),
    ),
)


@pytest.mark.parametrize(
    ("part_date", "expected"),
    [
        ("2024-10-11", "63%"),
        ("2024-10-10", "40%"),
        # A part known to the month or year takes every snapshot within it.
        ("2024-10", "63%"),
        ("2024", "63%"),
        ("2025-01-02", "80%"),
        ("2025", "80%"),
        ("2024-05", "40%"),
    ],
)
def test_market_p_when(part_date, expected):
    data = dataset(parts=[part(1), part(7, date=part_date)], markets=[MARKET])
    assert str(render(data).market_p_when("m", 7)) == expected
    # On the part's own page the part can be left out.
    assert str(render(data, current_part=7).market_p_when("m")) == expected


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda r: r.market_p_when("m", 1), MacroMisuse, r"no snapshot on or before part 1 \(2024-04\)"),
        (lambda r: r.market_p_when("nope", 2), UnknownReference, "no market 'nope'"),
        (lambda r: r.market_p_when("m", 9), UnknownReference, "no part 9"),
        (lambda r: r.market_p_when("m"), MacroMisuse, "needs a part number"),
    ],
)
def test_market_p_when_errors(call, error, message):
    data = dataset(parts=[part(1, date="2024-04"), part(2)], markets=[MARKET])
    with pytest.raises(error, match=message):
        call(render(data))
