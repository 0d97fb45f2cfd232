"""Macro output: badges, tables and figures, and that data can't escape its text."""

from __future__ import annotations

import dataclasses
import re
from fractions import Fraction

import markdown
import pytest

from conftest import Links, OnPage
from macros.data.model import PartialDate, Resolution, Resolved, Snapshot, Stance, UnknownReference
from macros.data.problems import MacroMisuse
from macros.render import fmt, sequence
from macros.render.html import el, text


def test_tier_badge_by_number(r):
    badge = str(r.tier_badge(4))
    # Its colour comes from the tier its link names (publish.tier_styles).
    assert '<a href="../../tiers/#tier-4" class="eis-badge">' in badge
    assert ">Tier 4</b>" in badge and ">Useful Engineering</a>" in badge
    assert "title=" not in badge  # what it means is on the tiers page it links to


@pytest.mark.parametrize(
    ("work", "shows", "tier_class"),
    [
        ("schut-2023", ["Tier 4", "Useful Engineering"], 'tiers/#tier-4" class="eis-badge"'),
        ("wu-2024", ["Tier 3", "Streetlight/Toy Demos", "argued 4", ">others argued for tier 4<"], "#tier-3"),
        ("marks-2024", ["Tier 3", "<small>high in tier 3</small>"], "#tier-3"),
        ("sheshadri-2024", ["No tier"], "eis-badge--none"),
        ("scaling-monosemanticity", ["No tier"], "eis-badge--none"),
    ],
)
def test_tier_badge_by_work(r, work, shows, tier_class):
    badge = str(r.tier_badge(work))
    for words in shows:
        assert words in badge
    assert tier_class in badge


@pytest.mark.parametrize(
    ("ref", "error"),
    [
        ("no-such-work", UnknownReference),
        (6, UnknownReference),
        (3.5, MacroMisuse),
        (True, MacroMisuse),
        (None, MacroMisuse),
    ],
)
def test_tier_badge_rejects_unknown(r, ref, error):
    with pytest.raises(error):
        r.tier_badge(ref)


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (lambda r: r.part_label(14), "Part 14 of 12"),
        (lambda r: r.part_label(), "Part 14 of 12"),
        (lambda r: r.part_label(3), "Part 3 of 12"),
        (lambda r: r.score("may-2024-scaling-monosemanticity"), "\u22120.74"),
        (lambda r: r.brier("may-2024-scaling-monosemanticity"), "0.022"),
        (lambda r: r.verdict("may-2024-scaling-monosemanticity"), "did less than the forecast expected"),
        (lambda r: r.judged("may-2024-scaling-monosemanticity"), "10"),
        (lambda r: r.happened("may-2024-scaling-monosemanticity"), "3"),
        (lambda r: r.list_best("eis-xiv"), "+6.35"),
        (lambda r: r.list_worst("eis-xiv"), "\u22121.65"),
        (lambda r: r.list_size("may-2024"), "10"),
        (lambda r: r.prob("eis-xiv", "fix-represented-harm"), "60%"),
        (lambda r: r.market_p("sae-downstream-2025"), "63%"),
        (lambda r: r.market_p("sae-downstream-2025", "2024-10-11"), "63%"),
        (lambda r: r.part_count(), "14"),
        (lambda r: r.planned_parts(), "12"),
    ],
)
def test_inline_figures(r, call, expected):
    assert str(call(r)) == expected


def test_prediction_table_with_scorecard(r):
    table = str(r.prediction_table("may-2024"))
    assert table.count("<tr") == 12  # head, ten predictions, total
    assert table.count("eis-mark--happened") == 3 and table.count("eis-mark--did-not") == 7
    assert '<strong><output name="score">\u22120.74</output></strong>' in table
    assert ">+0.01<" in table and ">\u22120.25<" in table and ">99%<" in table


def test_pending_table_and_range(r):
    shown = str(r.prediction_table("eis-xiv"))
    table = shown.split('<div class="eis-card')[0]
    assert table.count("eis-mark--pending") == 8 and "<tfoot" not in table
    # The table's panel says the range, and the list's summary does not say it again.
    panel = shown.split('<div class="eis-pending eis-panel"')[1]
    assert "+6.35" in panel and "\u22121.65" in panel and "Pending since 11 October 2024" in panel
    assert str(r.list_summary("eis-xiv")) == ""
    alone = str(r.for_page(r.links).list_summary("eis-xiv"))
    assert "+6.35" in alone and "\u22121.65" in alone


def test_score_breakdown(r):
    line = str(r.score_breakdown("may-2024-scaling-monosemanticity"))
    assert (
        "+0.01 + 0.05 + 0.20 \u2212 0.20 \u2212 0.20 \u2212 0.25 \u2212 0.05 \u2212 0.15 \u2212 0.10 \u2212 0.05"
        in line
    )
    assert line.endswith("&#61; \u22120.74</code></p>")  # "=" kept inert for Markdown


def test_sequence_nav_follows_part_order(r):
    nav = str(r.sequence_nav(14))
    assert "Previous" in nav and "EIS XIII" in nav and "Next" not in nav
    middle = str(r.sequence_nav(7))
    assert "EIS VI:" in middle and "EIS VIII:" in middle


def test_market_card(r):
    card = str(r.market_card("sae-downstream-2025"))
    assert ">63%<" in card and "take the over" in card and "Manifold" in card


def test_wrong_scorecard_for_list(r, data):
    with pytest.raises(MacroMisuse):
        r.prediction_table("eis-xiv", scorecard="may-2024-scaling-monosemanticity")


HOSTILE = "<script>alert('x')</script> & \"q\" | *b* _i_ `c` [l](http://x) {{ 7*7 }} {% raw %} ~~s~~"


def _md(html: str) -> str:
    return markdown.markdown(html, extensions=["tables", "attr_list", "md_in_html"])


def test_text_is_inert_in_markdown():
    for wrapper in (lambda t: f"Before {el('span', t)} after", lambda t: str(el("div", t))):
        html = _md(wrapper(HOSTILE))
        assert "<script" not in html and "<em>" not in html and "<code>" not in html and "<a " not in html
        assert "49" not in html and "{{" not in html and "{%" not in html
    assert str(text("a\n\n  b")) == "a b"


def test_hostile_data_renders_as_text(data):
    work = dataclasses.replace(data.works[0], title=HOSTILE, cite=HOSTILE, note=HOSTILE, url='https://x.org/?a=1&b="2"')
    plist = data.lists[0]
    prediction = dataclasses.replace(plist.predictions[0], claim=HOSTILE, p=Fraction(1, 2))
    hostile = dataclasses.replace(
        data,
        works=(work, *data.works[1:]),
        lists=(
            dataclasses.replace(plist, title=HOSTILE, predictions=(prediction, *plist.predictions[1:])),
            *data.lists[1:],
        ),
    )
    r = OnPage(hostile, Links())
    for html in (r.works_table(), r.prediction_table(plist.id), r.cite(work.id), r.tier_badge(work.id)):
        rendered = _md(str(html))
        assert "<script>" not in rendered and "<em>" not in rendered and "{{" not in rendered
    assert 'href="https://x.org/?a=1&amp;b=&#34;2&#34;"' in _md(str(r.cite(work.id)))
    # Metacharacters never split or merge cells: every row keeps its count.
    for listed in hostile.lists:
        cards = len(data.scorecards_of(listed.id))
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", _md(str(r.prediction_table(listed.id))))
        body = rows[1 : 1 + len(listed.predictions)]
        assert {row.count("<td") for row in body} == {
            3 + 2 * max(cards, 1)
        }  # a pending list has its outcome and points too


YES, NO, VOID = Resolved.YES, Resolved.NO, Resolved.AMBIGUOUS
LAST = "its last price of {} (11 October 2024)"


@pytest.mark.parametrize(
    ("p", "stance", "outcome", "says"),
    [
        (
            "0.63",
            Stance.OVER,
            YES,
            f"Resolved <strong>yes</strong> on 15 January 2025, 37 percentage points above {LAST}.",
        ),
        ("0.63", Stance.OVER, YES, "(11 October 2024). The author's over was borne out."),
        ("0.63", Stance.OVER, NO, f"63 percentage points below {LAST}. The author's over was not borne out."),
        ("0.63", Stance.UNDER, NO, "The author's under was borne out."),
        ("0.125", Stance.UNDER, YES, "87.5 percentage points above its last price of 12.5%"),
        (
            "0.63",
            Stance.OVER,
            VOID,
            "<strong>ambiguous</strong> on 15 January 2025: neither yes nor no, so neither side won.",
        ),
        ("0.63", Stance.OVER, VOID, "neither side won. The author's over can be judged neither way."),
        ("1", Stance.OVER, YES, f"<strong>yes</strong> on 15 January 2025, exactly as {LAST} said."),
        ("1", Stance.OVER, YES, "said. The author's over was not borne out."),
        ("0.63", None, NO, f"63 percentage points below {LAST}.</p>"),
    ],
)
def test_market_card_says_how_it_resolved(data, p, stance, outcome, says):
    market = dataclasses.replace(
        data.markets[0],
        snapshots=(Snapshot(PartialDate(2024, 10, 11), Fraction(p)),),
        stance=stance,
        resolution=Resolution(outcome, PartialDate(2025, 1, 15)),
    )
    card = str(OnPage(dataclasses.replace(data, markets=(market,)), Links()).market_card(market.id))
    assert says.format(fmt.percent(Fraction(p))).replace("'", "&#39;") in card
    assert ("The author took the" in card) is (stance is not None)
    assert "would take" not in card


def test_every_part_has_a_strip_of_all_parts(r, data):
    nav = str(r.sequence_nav(14))
    strip = re.search(r'<ol class="eis-strip">(.*?)</ol>', nav)
    assert strip is not None
    entries = re.findall(r"<li>(.*?)</li>", strip.group(1))
    assert len(entries) == len(data.sequence.parts)
    assert sum("aria-current" in entry for entry in entries) == 1 and "XIV" in next(
        e for e in entries if "aria-current" in e
    )
    for part, entry in zip(sorted(data.sequence.parts, key=lambda p: p.part), entries, strict=True):
        if part.part != 14 and data.page_of(part.part) is None and part.url:
            # A link that leaves the site says so, in words for screen readers and an icon (by its address, eis.css).
            assert f'href="{part.url}" aria-label="Part {part.part}, on another site"' in entry
    # The previous part, on another site, says so too.
    assert re.search(r'eis-seqnav__prev.*class="eis-away".*on another site', nav)


@pytest.mark.parametrize(
    ("count", "here", "shown"),
    [
        (14, 13, list(range(14))),  # short: every part
        (30, 0, [0, 1, 2, 3, 4, (5, 28), 29]),
        (30, 15, [0, (1, 10), 11, 12, 13, 14, 15, 16, 17, 18, 19, (20, 28), 29]),
        (30, 6, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, (11, 28), 29]),  # a gap of one part shows the part
        (30, 29, [0, (1, 24), 25, 26, 27, 28, 29]),
    ],
)
def test_a_long_sequences_strip_names_its_ends_and_the_parts_around_this_one(count, here, shown):
    assert sequence.strip_window(count, here) == shown


@pytest.mark.parametrize("count", [1, 2, 24, 25, 26, 40, 1000])
def test_a_strip_accounts_for_every_part_once_in_order_and_stays_short(count):
    for here in {0, 1, count // 2, count - 2, count - 1} & set(range(count)):
        covered = []
        for shown in sequence.strip_window(count, here):
            covered += [shown] if isinstance(shown, int) else list(range(shown[0], shown[1] + 1))
        assert covered == list(range(count))
        assert here in sequence.strip_window(count, here)
        assert len(sequence.strip_window(count, here)) <= max(sequence.STRIP_WHOLE_UP_TO, 2 * sequence.STRIP_AROUND + 5)


def test_the_ladder_gives_each_tiers_summary_unless_asked_not_to(r, data):
    full, short = str(r.tier_ladder()), str(r.tier_ladder(summaries=False))
    assert full.count("<li") == short.count("<li") == len(data.tiers)
    for tier in data.tiers:
        summary = str(text(tier.summary))
        assert summary in full and summary not in short
        assert f"<b>Tier {tier.tier}</b>" in short
    assert short.count("placed here") == len(data.tiers)
