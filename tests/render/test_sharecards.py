"""What each page's share image says (sharecards.py), on small datasets built here.

A part's headline is the latest scorecard it reports, else its newest
list's latest scorecard, else how many forecasts that list waits on; a
list page's is its own latest scorecard.  The figures are written as the
pages write them.
"""

from __future__ import annotations

import pytest

from conftest import Links
from macros.data.model import Tier
from macros.render import PageContext, pages
from macros.render.sharecards import Headline, ShareCard
from tinydata import card, dataset, plist

MINUS = "\u2212"
NBSP = "\u00a0"
MINUS = "\u2212"

TIERS = (
    Tier(tier=2, name="Two", summary="s", colour="#222222"),
    Tier(tier=1, name="One", summary="s", colour="#111111"),
)
MADE = plist("m", "0.6", "0.2", made="2024-10-11", made_in=2)  # made in part 2
OLD = plist("o", "0.5", "0.25", made="2024-05")
LATER = card("o-late", OLD, "yn", date="2025-03-01", reported_in=2)  # 0.5 - 0.25 = +0.25
EARLIER = card("o-early", OLD, "nn", date="2025-01-01", reported_in=2)  # -0.75
ON_MADE = card("m-1", MADE, "ny", work="w2")  # -0.6 + 0.8 = +0.20
ALL_AMBIGUOUS = card("m-a", MADE, "aa")


def share(data, src_path="parts/two.md", part_number=2, title="Title", description="About it.") -> ShareCard:
    return pages.share_card(PageContext(data, Links()), "Site", src_path, title, description, part_number)


@pytest.mark.parametrize(
    ("lists", "cards", "expected"),
    [
        # Reported in the part: the latest of them, whichever list it judges.
        (
            [MADE, OLD],
            [EARLIER, LATER, ON_MADE],
            Headline(
                "+0.25",
                f"score of “List o” against Lee (2025) ({MINUS}0.75 to +1.25 possible):"
                f" it did more than the forecast expected · Brier{NBSP}0.156",
            ),
        ),
        # Nothing reported there: the latest scorecard of the newest list it made.
        (
            [MADE, OLD],
            [ON_MADE],
            Headline(
                "+0.20",
                f"score of “List m” against Chen and Diaz (2025) ({MINUS}0.80 to +1.20 possible):"
                f" it did more than the forecast expected · Brier{NBSP}0.500",
            ),
        ),
        # Made but not yet judged: how many forecasts wait.
        ([MADE], [], Headline("2", "forecasts on “List m”, not yet judged")),
        ([MADE], [ALL_AMBIGUOUS], Headline("", "no score of “List m” against Lee (2025): every outcome is ambiguous")),
        # Neither: no headline, the description stands in.
        ([OLD], [], None),
        ([], [], None),
    ],
)
def test_a_parts_headline(lists, cards, expected):
    shown = share(dataset(lists=lists, cards=cards))
    assert shown.headline == expected
    assert shown.kicker == "Part 2 of 2 · 11 October 2024"
    # The description is shown only in place of a headline, and only then names the card.
    assert shown.description == ("About it." if expected is None else "")


def test_a_lists_headline_is_its_latest_scorecard_without_naming_it():
    data = dataset(lists=[OLD], cards=[LATER, EARLIER])
    shown = share(data, "ledger/o.md", None, title="List o")
    assert shown.kicker == "Prediction list · made May 2024"
    # List o: 0.5 and 0.25; worst -0.75, best 0.5 + 0.75.
    assert shown.headline == Headline(
        "+0.25",
        f"score against Lee (2025) ({MINUS}0.75 to +1.25 possible):"
        f" it did more than the forecast expected · Brier{NBSP}0.156",
    )
    waiting = share(dataset(lists=[plist("one", "0.5")]), "ledger/one.md", None)
    assert waiting.headline == Headline("1", "forecast, not yet judged")


def test_a_page_of_the_site_has_its_title_and_description():
    shown = share(dataset(tiers=TIERS), "about.md", None, title="About & more", description="What it is.")
    assert shown == ShareCard("Site", "", "About & more", None, "What it is.", ("#111111", "#222222"))


def test_the_home_page_does_not_repeat_the_sites_name():
    assert share(dataset(), "index.md", None, title="Site").site == ""


def test_a_negative_score_reads_as_on_the_pages():
    shown = share(dataset(lists=[OLD], cards=[card("c", OLD, "nn", reported_in=2)]))
    assert shown.headline is not None and shown.headline.figure == f"{MINUS}0.75"


@pytest.mark.parametrize(
    ("shown", "alt"),
    [
        (
            ShareCard("S", "Part 2 of 2 · 2024", "Why?", Headline("+0.25", "score"), "d", ()),
            "Part 2 of 2 · 2024. Why? +0.25 score.",
        ),
        (ShareCard("S", "", "Plain", None, "Said.", ()), "Plain. Said."),
        (ShareCard("S", "", "T", Headline("", "no score"), "d", ()), "T. no score."),
    ],
)
def test_the_alt_text_says_what_the_card_says(shown, alt):
    assert shown.alt == alt


def test_the_digest_follows_every_word_and_the_design():
    base = ShareCard("S", "K", "T", Headline("1", "c"), "d", ("#000000",))
    variants = [
        ShareCard("S2", "K", "T", Headline("1", "c"), "d", ("#000000",)),
        ShareCard("S", "K", "T", Headline("2", "c"), "d", ("#000000",)),
        ShareCard("S", "K", "T", Headline("1", "c"), "d", ("#000001",)),
        ShareCard("S", "K", "T", None, "d", ("#000000",)),
    ]
    digests = {base.digest("a"), base.digest("b"), *(variant.digest("a") for variant in variants)}
    assert len(digests) == 2 + len(variants)
    assert base.digest("a") == ShareCard("S", "K", "T", Headline("1", "c"), "d", ("#000000",)).digest("a")
