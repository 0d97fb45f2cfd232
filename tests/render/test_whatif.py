"""The what-if explorer: its test vectors, its HTML, and where the site loads its script."""

from __future__ import annotations

import dataclasses
import html as html_lib
import json
import re
from fractions import Fraction
from html.parser import HTMLParser

import markdown
import pytest

from conftest import ROOT, Links, OnPage
from macros.compute import scoring
from macros.data.model import Judgement, Outcome, PartialDate
from macros.render import VERDICTS, fmt, lists, macro_names, marks, whatif
from vectors import AS_JUDGED, PENDING, VECTORS, expected_outputs, static_outputs

_OUTCOMES = {"happened": Outcome.HAPPENED, "did not": Outcome.DID_NOT, "unknown": Outcome.AMBIGUOUS}
# The choice a seeded cell's mark stands for, as the script reads it (an ambiguous mark: unknown).
SEEDED_OF_MARK = {mark.value: choice for choice, mark in whatif.MARK_OF.items()}
SCRIPT_TAG = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]*whatif\.js)\"[^>]*>")
PARTS_TAG = '<script src="../../javascripts/whatif-parts.js" defer></script>'
HOSTILE = "<script>alert('x')</script> & \"q\" | *b* _i_ `c` [l](http://x) {{ 7*7 }} {% raw %} ~~s~~ #"


@pytest.fixture
def r(data):
    return OnPage(data, Links())


def parts_file(data) -> dict:
    """What the parts file (whatif.PARTS) gives the script: its HTML and the verdict sentences."""
    written = lists.explorer_parts(OnPage(data, Links(depth=1)).page)
    held = re.fullmatch(
        r"/\*[^\n]*\*/\nwindow\.eisWhatIfParts = Object\.assign\((\{.*\}), \{ src: [^\n]*\);\n.*", written, re.S
    )
    assert held is not None
    return json.loads(held.group(1))


# -- the vectors ------------------------------------------------------------------


@pytest.mark.parametrize("v", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector_agrees_with_scoring_and_fmt(v):
    ps = [Fraction(p) for p in v["ps"]]
    result = scoring.score(zip(ps, (_OUTCOMES[o] for o in v["outcomes"]), strict=True))
    still = scoring.score_range(p for p, o in zip(ps, v["outcomes"], strict=True) if o == "unknown")
    worst, best = result.score + still.worst, result.score + still.best
    assert fmt.exact(result.score) == v["score"] and fmt.signed(result.score) == v["score_shown"]
    if v["brier"] is None:
        assert result.brier is None and v["brier_shown"] == "n/a"
    else:
        assert result.brier is not None
        assert fmt.exact(result.brier) == v["brier"] and fmt.unsigned(result.brier) == v["brier_shown"]
    assert (result.judged, result.happened) == (v["judged"], v["happened"])
    assert VERDICTS[result.verdict] == v["verdict"]
    assert (fmt.exact(worst), fmt.signed(worst)) == (v["worst"], v["worst_shown"])
    assert (fmt.exact(best), fmt.signed(best)) == (v["best"], v["best_shown"])
    # The explorer's own code gives the same strings.
    shown = whatif.shown(whatif.evaluate(ps, v["outcomes"]), VERDICTS)
    assert shown == expected_outputs(v)


def test_vectors_of_real_lists_match_the_data(data):
    lists = {v["list"] for v in VECTORS if "list" in v}
    assert lists == {plist.id for plist in data.lists}
    for v in VECTORS:
        if "list" in v:
            assert [Fraction(p) for p in v["ps"]] == [p.p for p in data.prediction_list(v["list"]).predictions]
    card = data.scorecard("may-2024-scaling-monosemanticity")
    assert AS_JUDGED["outcomes"] == whatif.seeded_choices(data.prediction_list("may-2024"), card)
    assert PENDING["outcomes"] == whatif.seeded_choices(data.prediction_list("eis-xiv"), None)


def test_vectors_cover_the_tricky_cases():
    shown = {v[key] for v in VECTORS for key in ("score_shown", "worst_shown", "best_shown")}
    assert {"+0.01", "\u22120.01", "\u22120.00", "+0.00", "0.00", "\u22120.13", "+0.13"} <= shown
    assert {"0.063", "0.563", "0.013", "n/a", "1.000", "0.000"} <= {v["brier_shown"] for v in VECTORS}
    assert any("/" in (v["brier"] or "") for v in VECTORS)  # no finite decimal
    assert {"0", "1"} <= {p for v in VECTORS for p in v["ps"]}
    assert set(VERDICTS.values()) == {v["verdict"] for v in VECTORS}


def test_evaluate_rejects_bad_input():
    with pytest.raises(ValueError):
        whatif.evaluate([Fraction(1, 2)], [])
    with pytest.raises(ValueError):
        whatif.evaluate([Fraction(1, 2)], ["maybe"])


# -- the HTML -----------------------------------------------------------------------


class Explorers(HTMLParser):
    """What a reader without JavaScript gets from each explorer on a page."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.labelledby: list[str] = []
        self.forms: dict[str, dict] = {}
        self.scripts: list[str] = []
        self._form: dict | None = None
        self._output: str | None = None
        self._in_claim = False
        self._in_percent = False
        self._in_seeded = False
        self._cells = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"] or "")
        if a.get("aria-labelledby"):
            self.labelledby.extend((a["aria-labelledby"] or "").split())
        if tag == "script" and a.get("src"):
            self.scripts.append(a["src"] or "")
        form = self._form
        if tag == "form" and "eis-whatif" in (a.get("class") or "").split():
            form = self._form = {"attrs": a, "rows": [], "outputs": {}, "fieldsets": [], "buttons": [], "panel": {}}
            self.forms[a["data-list"] or ""] = form
        elif form is None or (form.get("in_template") and tag != "template"):
            return
        elif tag == "th" and not form["rows"]:
            form["headings"] = form.get("headings", 0) + 1
            if "data-seeded" in a:
                form["seeded"] = form["headings"]
        elif tag == "tr" and a.get("id"):
            # A prediction's row (head and foot rows have no id): its probability is its
            # second cell's percent, and data-p as well when that is rounded.
            form["rows"].append({"p": a.get("data-p"), "percent": "", "checked": [], "claim": ""})
            self._cells = 0
        elif tag == "td" and form["rows"]:
            self._cells += 1
            # The third cell of a row is its claim; the seeded column's mark is its choice.
            self._in_claim = self._cells == 3
            self._in_percent = self._cells == 2
            self._in_seeded = self._cells == form.get("seeded")
        elif tag == "span" and self._in_seeded and (a.get("class") or "").startswith("eis-mark--"):
            shown = (a.get("class") or "").split()[-1].removeprefix("eis-mark--")
            form["rows"][-1]["checked"].append(SEEDED_OF_MARK.get(shown, whatif.UNKNOWN))
        elif tag in ("input", "select", "fieldset"):
            form["fieldsets"].append(tag)
        elif tag == "output":
            self._output = a["name"]
            form["outputs"][self._output] = ""
        elif tag == "button":
            form["buttons"].append(a)
        elif tag == "div" and "eis-panel" in (a.get("class") or "").split():
            form["panel"] = a
        elif tag == "template":
            form["in_template"] = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "template" and self._form is not None:
            self._form["in_template"] = False
        elif tag == "output":
            self._output = None
        elif tag == "td":
            self._in_claim = self._in_percent = self._in_seeded = False

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._output is not None:
            self._form["outputs"][self._output] += data
        if self._form is not None and self._in_claim:
            self._form["rows"][-1]["claim"] += data
        if self._form is not None and self._in_percent:
            self._form["rows"][-1]["percent"] += data


def probability_of(row: dict) -> Fraction:
    """A row's probability as whatif.js reads it: its data-p, else its percent, which is then exact."""
    if row["p"] is not None:
        assert re.fullmatch(r"\d+/\d+", row["p"])
        return Fraction(row["p"])
    return Fraction(row["percent"].removesuffix("%")) / 100


@pytest.mark.parametrize(("list_id", "v"), [("may-2024", AS_JUDGED), ("eis-xiv", PENDING)])
def test_static_html_shows_the_seeded_state(r, data, list_id, v):
    html = str(r.whatif(list_id))
    page = Explorers(html)
    form = page.forms[list_id]
    # A pending list shows no score until the reader makes a scenario (the script adds its figures).
    assert form["outputs"] == (static_outputs(v) if list_id != "eis-xiv" else {})
    assert [row["checked"] for row in form["rows"]] == [[outcome] for outcome in v["outcomes"]]
    predictions = data.prediction_list(list_id).predictions
    assert [probability_of(row) for row in form["rows"]] == [prediction.p for prediction in predictions]
    # A row carries data-p exactly when its percent is rounded.
    assert [row["p"] is not None for row in form["rows"]] == [not fmt.percent_is_exact(p.p) for p in predictions]
    assert [row["claim"] for row in form["rows"]] == [p.claim for p in data.prediction_list(list_id).predictions]
    # The verdict sentences the script uses are the renderer's, once for the site in the parts file.
    assert "<template" not in html
    assert parts_file(data)["verdicts"] == {verdict.value: sentence for verdict, sentence in VERDICTS.items()}


def test_a_rounded_percent_row_carries_its_exact_probability(data):
    plist = data.prediction_list("may-2024")
    third = dataclasses.replace(plist.predictions[0], p=Fraction(1, 3))
    changed_list = dataclasses.replace(plist, predictions=(third, *plist.predictions[1:]))
    changed = dataclasses.replace(data, lists=tuple(changed_list if pl.id == plist.id else pl for pl in data.lists))
    form = Explorers(str(OnPage(changed, Links()).whatif("may-2024"))).forms["may-2024"]
    first, second = form["rows"][:2]
    assert first["percent"] == fmt.percent(Fraction(1, 3)) and first["p"] == "1/3"
    assert probability_of(first) == Fraction(1, 3)
    assert second["p"] is None and probability_of(second) == plist.predictions[1].p


def test_seed_is_named(r):
    seeded = str(r.whatif("may-2024"))
    assert "judged against" in seeded and "Templeton et al. (2024)" in seeded and "21 May 2024" in seeded
    assert "Pending since 11 October 2024" in str(r.whatif("eis-xiv"))


def test_seeded_by_the_latest_scorecard_and_ambiguous_as_unknown(data):
    card = data.scorecard("may-2024-scaling-monosemanticity")
    flipped = {"eye-test": Outcome.DID_NOT, "streetlight-edits": Outcome.AMBIGUOUS, "passive-scoping": Outcome.HAPPENED}
    later = dataclasses.replace(
        card,
        id="may-2024-later",
        date=PartialDate(2025, 1, 2),
        outcomes=tuple(Judgement(j.prediction, flipped.get(j.prediction, j.outcome)) for j in card.outcomes),
    )
    earlier = dataclasses.replace(card, id="may-2024-earlier", date=PartialDate(2023))
    changed = dataclasses.replace(data, scorecards=(later, *data.scorecards, earlier))
    html = str(OnPage(changed, Links()).whatif("may-2024"))
    form = Explorers(html).forms["may-2024"]
    checked = [row["checked"][0] for row in form["rows"]]
    assert checked[:5] == ["did not", "unknown", "happened", "did not", "happened"]
    assert "2 January 2025" in html
    # An ambiguous outcome starts unknown, so the range still open shows from the start.
    assert '<div class="eis-whatif__open"><dt>Still possible</dt>' in html
    # 0.2 and 0.8 gained, 0.99 lost, the 0.95 left open.
    assert form["outputs"]["score"] == fmt.signed(Fraction("-0.74") - Fraction("0.05") - 1 + 1)
    assert form["outputs"]["judged"] == "9" and form["outputs"]["happened"] == "2"


def test_without_javascript_only_the_static_table(r, data):
    html = str(r.whatif("may-2024"))
    form = Explorers(html).forms["may-2024"]
    assert form["fieldsets"] == []  # no control: the script copies it from the parts file
    # The panel shows the seeded figures as text; Reset comes with the script.
    assert "hidden" not in form["panel"] and form["buttons"] == []
    assert "<select" not in html and "<button" not in html
    parts = parts_file(data)["html"]
    assert parts.count("<select") == 1 and parts.count("<option") == 3
    assert parts.count('<button type="button"') == 1
    assert "<noscript" not in str(r.whatif("eis-xiv"))


def test_result_region_is_live_and_the_control_is_labelled(r, data):
    html = str(r.whatif("eis-xiv"))
    parts = parts_file(data)["html"]
    # The panel is a live region once the script, which alone changes it, has made it one (browser tests).
    assert re.search(r'<div class="eis-pending eis-panel" id="pending-eis-xiv">', html)
    assert re.search(r'<select class="eis-whatif__choice" aria-label="Outcome of prediction">', parts)
    assert [label for _, label in whatif.CHOICES] == re.findall(r"<option value=\"[^\"]+\">([^<]+)</option>", parts)
    # One seeded column, whose eight cells' marks the script reads.
    assert html.count("data-seeded") == 1
    assert [row["checked"] for row in Explorers(html).forms["eis-xiv"]["rows"]] == [[whatif.UNKNOWN]] * 8


def test_ids_are_unique_and_every_reference_resolves(data):
    r = OnPage(data, Links())
    # Each list page is a page of its own: its forecasts' entries take their ids from the list's
    # prediction ids, which are unique within a list only.
    pages = (
        (r.list_page("may-2024"), r.prediction_table("eis-xiv"), r.prediction_table("may-2024")),
        (r.for_page(Links()).list_page("eis-xiv"),),
    )
    ids: set[str] = set()
    for blocks in pages:
        page = Explorers("\n\n".join(str(block) for block in blocks))
        assert len(page.ids) == len(set(page.ids))
        assert set(page.labelledby) <= set(page.ids)
        for form in page.forms.values():
            assert all(len(row["checked"]) == 1 for row in form["rows"])
        ids |= set(page.ids)
    assert {"whatif-may-2024", "whatif-may-2024-2", "whatif-eis-xiv"} <= ids


def test_one_script_per_page(data):
    links = Links()
    r = OnPage(data, links)
    first = "".join(str(block) for block in (r.list_page("may-2024"), r.whatif("eis-xiv"), r.whatif("may-2024")))
    assert SCRIPT_TAG.findall(first) == ["../../javascripts/whatif.js"]
    # The parts the script copies come first, from the file the build writes.
    assert PARTS_TAG + '<script src="../../javascripts/whatif.js" defer></script>' in first
    assert first.count("whatif-parts.js") == 1
    r = r.for_page(links)
    assert SCRIPT_TAG.findall(str(r.whatif("eis-xiv")) + str(r.whatif("may-2024"))) == ["../../javascripts/whatif.js"]
    r = r.for_page(links)  # a different page again
    assert len(SCRIPT_TAG.findall(str(r.whatif("eis-xiv")))) == 1


def test_a_missing_script_is_reported(data):
    class NoFiles(Links):
        def href(self, src_path: str, anchor: str | None = None) -> str | None:
            return None

    with pytest.raises(LookupError, match=r"whatif\.js"):
        OnPage(data, NoFiles()).whatif("may-2024")


def test_whatif_is_a_macro_and_each_list_page_has_one(r, data):
    assert r.macros["whatif"].func is lists.whatif and r.macros["whatif"].args == (r.page,)
    assert "whatif" in macro_names()
    assert not Explorers(str(r.ledger())).forms
    for plist in data.lists:
        page = r.for_page(Links())
        assert list(Explorers(str(page.list_page(plist.id))).forms) == [plist.id]


def test_hostile_text_stays_text(data):
    plist = data.lists[0]
    predictions = tuple(dataclasses.replace(p, claim=HOSTILE) for p in plist.predictions)
    hostile = dataclasses.replace(
        data, lists=(dataclasses.replace(plist, title=HOSTILE, predictions=predictions), *data.lists[1:])
    )
    html = str(OnPage(hostile, Links()).whatif(plist.id))
    assert "\n" not in html and html.startswith("<form ")
    converted = markdown.markdown(html, extensions=["tables", "attr_list", "md_in_html"])
    tags = re.findall(r"<script[^>]*>", converted)
    assert len(tags) == converted.count("<script") == 2 and not [tag for tag in tags if "alert" in tag]
    assert "<em>" not in converted and "<code>" not in converted and '<a href="http://x"' not in converted
    assert "49" not in converted and "{{" not in converted
    form = Explorers(converted).forms[plist.id]
    assert all(row["claim"] == HOSTILE for row in form["rows"])


# -- the built site ------------------------------------------------------------------

# Whether each list of the fixture site has a scorecard to seed its explorer.
REAL_SEEDED_JUDGED = {"may-2024": True, "eis-xiv": False}


def test_script_only_on_pages_with_an_explorer(built_site):
    assert (built_site / "javascripts" / "whatif.js").is_file()
    # Part XIV has an explorer under each of its two lists; a list's page has one.
    expected = {"parts/eis-xiv/index.html": 2, "ledger/may-2024/index.html": 1, "ledger/eis-xiv/index.html": 1}
    for path in sorted(built_site.rglob("*.html")):
        name = path.relative_to(built_site).as_posix()
        html = path.read_text(encoding="utf-8")
        if name in expected:
            assert SCRIPT_TAG.findall(html) == ["../../javascripts/whatif.js"], name
            assert html.count("whatif.js") == 1, name
            assert html.count('<form class="eis-whatif"') == expected[name], name
        else:
            assert "whatif.js" not in html, name
    assert "whatif.js" not in (built_site / "tiers/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "lists"),
    [
        ("parts/eis-xiv/index.html", ["may-2024", "eis-xiv"]),
        ("ledger/may-2024/index.html", ["may-2024"]),
        ("ledger/eis-xiv/index.html", ["eis-xiv"]),
    ],
)
def test_built_pages_show_the_seeded_figures(built_site, page, lists):
    explorers = Explorers((built_site / page).read_text(encoding="utf-8"))
    assert sorted(explorers.forms) == sorted(lists)
    seeded = {"may-2024": AS_JUDGED, "eis-xiv": PENDING}
    for list_id in lists:
        judged = bool(REAL_SEEDED_JUDGED[list_id])
        assert explorers.forms[list_id]["outputs"] == (static_outputs(seeded[list_id]) if judged else {})
    assert len(explorers.ids) == len(set(explorers.ids))


def test_one_table_per_list(data, built_site):
    r = OnPage(data, Links())
    assert str(r.whatif("eis-xiv")).startswith('<form class="eis-whatif"')
    assert str(r.prediction_table("may-2024")).startswith('<form class="eis-whatif"')
    assert str(r.whatif("may-2024")) == str(r.whatif("eis-xiv")) == ""
    html = (built_site / "parts/eis-xiv/index.html").read_text(encoding="utf-8")
    captions = re.findall(r'<table class="eis-predictions"><caption>([^<]*)</caption>', html)
    titles = [data.prediction_list(list_id).title for list_id in ("may-2024", "eis-xiv")]
    assert sorted(html_lib.unescape(caption) for caption in captions) == sorted(titles)


def test_the_range_still_open_shows_only_while_an_outcome_is_unknown(r, data):
    judged = str(r.whatif("may-2024"))
    pending = str(r.for_page(r.links).whatif("eis-xiv"))
    # No outcome is unknown, so no range is open: the script adds it from the parts file when one is.
    assert "eis-whatif__open" not in judged
    # While nothing is judged the panel's own range says it; the scenario's shows once something is.
    assert '<div class="eis-whatif__scored eis-whatif__open" hidden>' in parts_file(data)["html"]
    assert "eis-whatif__open" not in pending


def test_the_table_its_panel_and_the_explorer_start_from_one_seed(r, data):
    for plist in data.lists:
        for card in (*data.scorecards_of(plist.id), None):
            start = r.page.seed(plist, card)
            assert r.for_page(Links()).page.seed(plist, card) is start  # once a build
            assert start == whatif.shown(
                whatif.evaluate([p.p for p in plist.predictions], whatif.seeded_choices(plist, card)), VERDICTS
            )
            if card is None:
                continue
            # The explorer's figures of the record are the scorecard's own.
            figures = r.page.card_score(card.id)
            assert start["score"] == fmt.signed(figures.score)
            assert start["brier"] == fmt.brier(figures.brier)
            assert (start["judged"], start["happened"]) == (str(figures.judged), str(figures.happened))
            assert start["verdict"] == VERDICTS[figures.verdict]
            html = str(r.for_page(Links()).prediction_table(plist.id, card.id))
            assert f'<output name="score">{start["score"]}</output>' in html


def test_the_script_finds_marks_as_the_renderer_classes_them():
    script = (ROOT / "overrides" / whatif.SCRIPT).read_text(encoding="utf-8")
    assert f"const MARK = '{marks.ANY}';" in script
    assert str(marks.mark(marks.Mark.HAPPENED)).startswith('<span class="eis-mark--')
