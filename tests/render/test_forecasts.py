"""Each forecast on its list's page, the rows that link there, and the track-record page, on the fixture data."""

from __future__ import annotations

import dataclasses
import re

import pytest

from conftest import Links, OnPage
from macros.compute import track
from macros.data.model import Judgement, Outcome
from macros.render import fmt, lists
from macros.render.html import el
from tinydata import card, dataset, plist

ENTRY = re.compile(r'<article class="eis-forecast" id="([^"]+)">(.*?)</article>')


def entries(html: str) -> dict[str, str]:
    return dict(ENTRY.findall(html))


def test_every_forecast_has_an_entry_in_list_order(r, data):
    for plist_ in data.lists:
        found = entries(str(r.list_page(plist_.id)))
        assert list(found) == [prediction.id for prediction in plist_.predictions]
        for position, prediction in enumerate(plist_.predictions, start=1):
            body = found[prediction.id]
            assert f'<a href="#{prediction.id}">Forecast {position}</a>' in body
            assert f"Probability: <strong>{fmt.percent(prediction.p)}</strong>" in body
            assert f"https://example.org/eis/ledger/{plist_.id}/&#35;{prediction.id}" in body


def test_an_outcome_shows_its_note_and_evidence_escaped(r):
    body = entries(str(r.list_page("may-2024")))["sparse-peft"]
    assert body.endswith(
        ' against <a href="https://transformer-circuits.pub/2024/scaling-monosemanticity/">'
        'Templeton et al. (2024)</a>, judged 21 May 2024: \u22120.20 points.<span class="eis-reason">'
        ' <span class="eis-reason__note">No'
        " sparse fine-tuning of the SAE&#39;s embeddings, &#38; no test against &#60;LoRA&#62;.</span> <a"
        ' href="https://transformer-circuits.pub/2024/scaling-monosemanticity/?part=2&amp;view=full#discussion"'
        ' class="eis-reason__evidence">Evidence</a></span></li></ul><p class="eis-forecast__cite">Cite as:'
        " <cite>Anthropic&#39;s next SAE paper (May 2024), forecast 4</cite>, <span"
        ' class="eis-forecast__url">https://example.org/eis/ledger/may-2024/&#35;sparse-peft</span></p>'
    )
    # An outcome without a reason has none.
    assert "eis-reason" not in entries(str(r.list_page("may-2024")))["passive-scoping"]


def test_a_list_made_in_a_part_is_cited_by_the_part(r):
    assert "<cite>EIS XIV, forecast 4</cite>" in entries(str(r.list_page("eis-xiv")))["fix-unrepresented-harm"]


def test_a_list_not_judged_says_so_in_each_entry(r):
    for body in entries(str(r.list_page("eis-xiv"))).values():
        assert "not yet judged" in body and "no work has been judged against this list yet" in body


@pytest.mark.parametrize("list_id", ["may-2024", "eis-xiv"])
def test_every_row_links_to_its_permalink(r, data, list_id):
    table = str(r.prediction_table(list_id))
    for number, prediction in enumerate(data.prediction_list(list_id).predictions, start=1):
        assert f'<td><a href="../../ledger/{list_id}/#{prediction.id}">{number}</a></td>' in table


def test_the_stylesheet_names_each_permalink_around_its_number():
    """Screen readers hear "Forecast 3 (its own entry)"; the words are hidden, and written once for the site."""
    rules = lists.permalink_styles()
    before, after = lists.PERMALINK_NAME
    link = ".eis-predictions tbody td:first-child>a"
    assert f'{link}::before{{content:"{before}";' in rules and f'{link}::after{{content:"{after}";' in rules
    assert rules.count("clip-path:inset(50%)") == 2 and rules.count("position:absolute") == 2


def test_reasons_are_escaped_whatever_they_hold(data):
    hostile = "<script>x</script> & *b* {{ 7*7 }}"
    first = data.scorecards[0]
    outcomes = tuple(
        dataclasses.replace(j, note=hostile, evidence="https://example.org/?a=1&b=<2>") for j in first.outcomes
    )
    changed = dataclasses.replace(data, scorecards=(dataclasses.replace(first, outcomes=outcomes),))
    html = str(OnPage(changed, Links()).list_page(first.predictions))
    assert "<script>" not in html and "{{" not in html and "*b*" not in html
    assert html.count(str(el("span", hostile, class_="eis-reason__note"))) == len(outcomes)
    assert 'href="https://example.org/?a=1&amp;b=&lt;2&gt;"' in html


# -- the track record ------------------------------------------------------------------


def test_track_record_page(r, data):
    record = track.track_record(data)
    html = str(r.track_record())
    assert html.startswith('<nav class="eis-crumbs"')
    assert "\n\n# Track record\n\n" in html
    assert (
        f"earned <strong>{fmt.signed(record.total)}</strong> points; had every event happened as often as the"
        f" author said it would, they would be expected to earn <strong>{fmt.signed(record.expected_total)}</strong>"
    ) in html
    assert '<figure class="eis-timechart eis-timechart--track" id="timechart-track">' in html
    assert 'aria-labelledby="timechart-track-title timechart-track-desc"' in html
    rows = re.findall(r'<tr><td data-label="&#35;" class="eis-num">(\d+)</td>', html)
    assert rows == [str(n) for n in range(1, len(record.steps) + 1)]
    assert "## Results by list {: #by-list }" in html
    assert 'href="../../ledger/#calibration"' in html


def test_track_record_in_fixture_figures(r):
    """The fixture's one scorecard: ten judged forecasts ending at -0.74, against an expected 0."""
    html = str(r.track_record())
    assert "10 forecasts from 1 prediction list have been judged on 1 scorecard, on 21 May 2024." in html
    assert "The total ends at \u22120.74 points, against 0.00 expected" in html
    assert "It is lowest, \u22120.74, after forecast 10, and highest, +0.26, after forecast 3." in html
    # Ten forecasts whose variances p(1 - p) add up to 1.0374: two standard deviations are 2.04.
    assert "after the last forecast it spans \u22122.04 to +2.04." in html
    assert (
        '<td data-label="Forecast"><a href="../../ledger/may-2024/#sparse-peft">Anthropic&#39;s next SAE paper'
        " (May 2024), forecast 4</a>" in html
    )


def test_nothing_judged_draws_no_track():
    data = dataset(lists=(plist("a", "0.5"),))
    html = str(OnPage(data, Links()).track_record())
    assert "No forecast of the sequence has been judged yet" in html and "<svg" not in html


def test_track_record_labels_the_dates_of_few_cards():
    a = plist("a", "0.6", "0.2")
    cards = [card("c1", a, "yn", date="2025-01-02"), card("c2", a, "ny", date="2025-03")]
    html = str(OnPage(dataset(lists=(a,), cards=cards), Links()).track_record())
    labels = re.findall(r'class="eis-timechart__divider-label">([^<]+)<', html)
    assert labels == ["2 January 2025", "March 2025"]
    assert "from 2 January 2025 to March 2025" in html


def test_a_judgement_knows_whether_it_has_a_reason():
    assert not Judgement("q1", Outcome.HAPPENED).reasoned
    assert Judgement("q1", Outcome.HAPPENED, note="n").reasoned
    assert Judgement("q1", Outcome.HAPPENED, evidence="https://e.org").reasoned
