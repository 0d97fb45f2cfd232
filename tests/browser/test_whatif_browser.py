"""The what-if explorer in Debian's chromium: exact arithmetic, clicks, Reset, scenarios, no JavaScript."""

from __future__ import annotations

from fractions import Fraction

import pytest

from browsing import open_page
from macros.render import list_page_path
from macros.render.marks import ANY as ANY_MARK
from vectors import AS_JUDGED, PENDING, VECTORS, expected_outputs, generated, static_outputs

# Each page with explorers, and the lists they are for.
PAGES = {"parts/eis-xiv/": ("may-2024", "eis-xiv"), "ledger/may-2024/": ("may-2024",), "ledger/eis-xiv/": ("eis-xiv",)}
SEEDED = {"may-2024": AS_JUDGED, "eis-xiv": PENDING}
ON_REAL_LISTS = [v for v in VECTORS if "list" in v]

OUTPUTS_JS = """form => Object.fromEntries(
    Array.from(form.querySelectorAll("output[name]"), o => [o.getAttribute("name"), o.textContent]))"""
CHECKED_JS = """form => Array.from(form.querySelectorAll("tbody > tr"),
    row => (row.querySelector("select") || {}).value)"""


def form_of(page, list_id: str):
    return page.locator(f'form.eis-whatif[data-list="{list_id}"]')


def choose(form, outcomes: list[str]) -> None:
    """Chooses, as a reader does, each outcome that differs from ``outcomes`` in its row's control."""
    rows = form.locator("tbody tr")
    before = form.evaluate(CHECKED_JS)
    assert len(before) == len(outcomes)
    for index, (now, wanted) in enumerate(zip(before, outcomes, strict=True)):
        if now != wanted:
            rows.nth(index).get_by_role("combobox", name=f"Outcome of prediction {index + 1}").select_option(wanted)
    assert form.evaluate(CHECKED_JS) == outcomes


SCORE_JS = """vectors => {
    const form = document.querySelector("form.eis-whatif");
    const verdicts = window.eisWhatIf.verdictsOf(form);
    const text = x => x === null ? null : `${x.n}/${x.d}`;
    return vectors.map(v => {
        const r = window.eisWhatIf.score(v.ps, v.outcomes);
        return {
            score: text(r.score), brier: text(r.brier), worst: text(r.worst), best: text(r.best),
            judged: r.judged, happened: r.happened, unknown: r.unknown,
            shown: window.eisWhatIf.shown(r, verdicts),
        };
    });
}"""


def assert_script_computes(page, vectors: list[dict]) -> None:
    """The page's script gives every vector's figures exactly, and writes them as the build does."""
    results = page.evaluate(SCORE_JS, vectors)
    assert len(results) == len(vectors)
    for v, got in zip(vectors, results, strict=True):
        assert Fraction(got["score"]) == Fraction(v["score"]), v["name"]
        assert (got["brier"] is None) == (v["brier"] is None), v["name"]
        if v["brier"] is not None:
            assert Fraction(got["brier"]) == Fraction(v["brier"]), v["name"]
        assert Fraction(got["worst"]) == Fraction(v["worst"]), v["name"]
        assert Fraction(got["best"]) == Fraction(v["best"]), v["name"]
        assert (got["judged"], got["happened"]) == (v["judged"], v["happened"]), v["name"]
        assert got["unknown"] == v["outcomes"].count("unknown"), v["name"]
        assert got["shown"] == expected_outputs(v), v["name"]


def test_every_vector_through_the_script(browser, fixture_url):
    page, problems = open_page(browser, fixture_url + "ledger/eis-xiv/")
    assert_script_computes(page, VECTORS)
    assert problems == []
    page.close()


def test_every_list_of_the_real_site(browser, base_url, real_data):
    """Whatever lists the data holds: each page starts from its seeded figures, and the script agrees with Python."""
    assert real_data.lists
    vectors = generated(real_data)
    for plist in real_data.lists:
        page, problems = open_page(browser, base_url + list_page_path(plist.id).removesuffix(".md") + "/")
        form = form_of(page, plist.id)
        seeded = next(v for v in vectors if v["list"] == plist.id and v["name"].endswith(" as seeded"))
        assert form.evaluate(OUTPUTS_JS) == expected_outputs(seeded), plist.id
        assert form.evaluate(CHECKED_JS) == seeded["outcomes"], plist.id
        assert_script_computes(page, [v for v in vectors if v["list"] == plist.id])
        assert problems == [], plist.id
        page.close()


def test_formatting_and_parsing_in_the_script(browser, fixture_url):
    page, problems = open_page(browser, fixture_url + "ledger/eis-xiv/")
    got = page.evaluate(
        """() => {
            const w = window.eisWhatIf;
            return {
                signed: [[1, 200], [-1, 200], [-1, 250], [1, 3], [-2, 3], [0, 5], [12, 1], [-3, -8], [7, 8]]
                    .map(([n, d]) => w.formatSigned(n, d)),
                unsigned: [[1, 16], [1, 2000], [1, 3], [0, 1], [9, 4]].map(([n, d]) => w.formatUnsigned(n, d)),
                huge: w.formatSigned("123456789012345678901234567890", "1000000000000000000000000000"),
                parsed: ["0.125", "1", "0", "3/8", "6/8", "0.50", "-0.25"].map(t => {
                    const x = w.parse(t); return `${x.n}/${x.d}`;
                }),
                threes: w.formatSigned(1, 3, 4) + " " + w.formatUnsigned(2, 3, 0),
            };
        }"""
    )
    assert got["signed"] == [
        "+0.01",
        "\u22120.01",
        "\u22120.00",
        "+0.33",
        "\u22120.67",
        "0.00",
        "+12.00",
        "+0.38",
        "+0.88",
    ]
    assert got["unsigned"] == ["0.063", "0.001", "0.333", "0.000", "2.250"]
    assert got["huge"] == "+123.46"
    assert got["parsed"] == ["1/8", "1/1", "0/1", "3/8", "3/4", "1/2", "-1/4"]
    assert got["threes"] == "+0.3333 1"
    assert problems == []
    page.close()


# Part XIV carries both lists' tables; the list pages draw the same tables.
@pytest.mark.parametrize("path", [path for path, lists in PAGES.items() if len(lists) > 1])
def test_clicking_reproduces_the_vectors(browser, fixture_url, path):
    page, problems = open_page(browser, fixture_url + path)
    for v in (v for v in ON_REAL_LISTS if v["list"] in PAGES[path]):
        form = form_of(page, v["list"])
        choose(form, v["outcomes"])
        assert form.evaluate(OUTPUTS_JS) == expected_outputs(v), v["name"]
    # The other list's explorer is left alone.
    assert problems == []
    page.close()


@pytest.mark.parametrize("path", [path for path, lists in PAGES.items() if len(lists) > 1])
def test_reset_restores_the_seeded_state(browser, fixture_url, path):
    page, problems = open_page(browser, fixture_url + path)
    for list_id in PAGES[path]:
        seeded = SEEDED[list_id]
        form = form_of(page, list_id)
        assert form.evaluate(OUTPUTS_JS) == expected_outputs(seeded)
        changed = ["happened"] * len(seeded["outcomes"])
        choose(form, changed)
        assert form.evaluate(OUTPUTS_JS) != expected_outputs(seeded)
        form.get_by_role("button", name="Reset to the record").click()
        assert form.evaluate(CHECKED_JS) == seeded["outcomes"]
        assert form.evaluate(OUTPUTS_JS) == expected_outputs(seeded)
    assert problems == []
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_without_javascript_the_static_table_shows_and_no_control(browser, fixture_url, path):
    page, problems = open_page(browser, fixture_url + path, java_script_enabled=False)
    for list_id in PAGES[path]:
        seeded = SEEDED[list_id]
        form = form_of(page, list_id)
        if seeded is PENDING:  # no score until the reader makes a scenario
            assert form.locator("output").count() == 0
        else:
            outputs = {
                name: form.locator(f'output[name="{name}"]').last.text_content() for name in static_outputs(seeded)
            }
            assert outputs == static_outputs(seeded)
            assert form.locator('output[name="worst"]').count() == ("worst" in outputs)
        assert form.locator("select, input").count() == 0
        assert form.locator(".eis-panel").first.is_visible()
        assert form.locator(".eis-panel[aria-live]").count() == 0
        assert form.locator(".eis-whatif__state, .eis-whatif__hyp, .eis-whatif__scenario").count() == 0
        assert form.get_by_role("button", name="Reset to the record").count() == 0
        # Each row's mark, as judged (the script alone marks the seeded cells it makes controls of).
        assert form.locator("td[data-choice]").count() == 0
        marks = form.locator(f"tbody > tr {ANY_MARK}")
        assert marks.count() == len(seeded["outcomes"]) and marks.first.is_visible()
        # Each row's number is a link named by the stylesheet, its words unseen.
        rows = len(seeded["outcomes"])
        for number in (1, rows):
            permalink = form.get_by_role("link", name=f"Forecast {number} (its own entry)", exact=True)
            assert permalink.count() == 1 and permalink.inner_text().strip() == str(number)
            box = permalink.bounding_box()
            assert box is not None and box["width"] < 60
    assert problems == []
    page.close()


@pytest.mark.parametrize("path", PAGES)
def test_with_javascript_the_explorer_is_live_once(browser, fixture_url, path):
    page, problems = open_page(browser, fixture_url + path)
    forms = page.locator("form.eis-whatif")
    assert forms.count() == len(PAGES[path])
    for i in range(forms.count()):
        form = forms.nth(i)
        assert form.get_attribute("data-eis-whatif-ready") == ""
        assert form.locator(".eis-panel").first.is_visible()
        # The script, which alone changes the panel, has made it a live region.
        assert form.locator(".eis-panel").first.get_attribute("aria-live") == "polite"
        assert form.locator("tbody select").count() == form.locator("tbody tr").count()
    # Running the script again (as instant navigation does) wires nothing twice.
    src = page.locator('script[src$="whatif.js"]').get_attribute("src")
    page.add_script_tag(url=src)
    assert page.evaluate("window.eisWhatIf.init()") == 0
    list_id = PAGES[path][0]
    form = form_of(page, list_id)
    flipped = next(v for v in ON_REAL_LISTS if v["list"] == list_id)
    choose(form, flipped["outcomes"])
    assert form.evaluate(OUTPUTS_JS) == expected_outputs(flipped)
    assert page.locator('script[src$="whatif.js"]').count() == 2  # the page's and the one added here
    assert problems == []
    page.close()


def test_instant_navigation_runs_the_explorer_on_each_visit(browser, fixture_url):
    page, problems = open_page(browser, fixture_url + "tiers/")
    # Through the sidebar to an index, then from the index to a page with an explorer.
    for section, link, path in (
        ("Predictions ledger", "The next SAE paper", "ledger/eis-xiv/"),
        ("The sequence", "EIS XIV", "parts/eis-xiv/"),
        ("Predictions ledger", "The next SAE paper", "ledger/eis-xiv/"),
    ):
        page.locator("nav.md-nav--primary").get_by_role("link", name=section).first.click()
        page.locator("article").get_by_role("link", name=link).first.click()
        page.wait_for_url(fixture_url + path)
        form = form_of(page, "eis-xiv")
        form.locator("tbody select").first.wait_for()
        everything = vector_named("eis-xiv all happened")
        choose(form, everything["outcomes"])
        assert form.evaluate(OUTPUTS_JS) == expected_outputs(everything)
    assert problems == []
    page.close()


def vector_named(name: str) -> dict:
    return next(v for v in VECTORS if v["name"] == name)


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return box is not None and size is not None and box["y"] >= 0 and box["y"] + box["height"] <= size["height"]


@pytest.mark.parametrize("width", [375, 1280])
def test_a_scenario_is_marked_kept_in_the_address_and_shared(browser, base_url, width):
    """On the real site: any list, any content; the first choice changed as a reader would."""
    page, problems = open_page(browser, base_url + "parts/eis-xiv/", width=width)
    forms = page.locator("form.eis-whatif")
    assert forms.count() >= 1
    form = forms.first
    form_id = form.get_attribute("id")
    first = form.locator("tbody tr").first
    select = first.locator("select")
    select.scroll_into_view_if_needed()
    options = [value for value in ("happened", "did not", "unknown") if value != select.input_value()]
    select.select_option(options[0])
    panel = form.locator(".eis-panel").first
    # The summary is in view while the first choice changes.
    assert in_viewport(page, panel) and in_viewport(page, select)
    assert "eis-whatif__changed" in (first.get_attribute("class") or "")
    assert first.locator(".eis-whatif__hyp").is_visible()
    assert "a scenario, not the record" in (form.locator("caption").text_content() or "")
    assert panel.get_by_text("A scenario, not the record.").is_visible()
    assert f"{form_id}=" in page.url
    chosen, shown = form.evaluate(CHECKED_JS), form.evaluate(OUTPUTS_JS)

    again, more = open_page(browser, page.url, width=width)
    shared = again.locator(f"form#{form_id}")
    assert shared.evaluate(CHECKED_JS) == chosen and shared.evaluate(OUTPUTS_JS) == shown
    assert shared.locator("tbody tr").first.locator(".eis-whatif__hyp").is_visible()
    shared.get_by_role("button", name="Reset to the record").click()
    assert f"{form_id}=" not in again.url
    assert shared.locator(".eis-whatif__hyp:visible").count() == 0
    assert not shared.locator(".eis-whatif__scenario").is_visible()
    assert problems == [] and more == []
    page.close()
    again.close()


@pytest.mark.parametrize("value", ["<img src=x onerror=alert(1)>", "hh", "hhhhhhhhhz", "HHHHHHHHHH", "hhhhhhhhhhh", ""])
def test_a_scenario_that_is_not_one_is_ignored(browser, fixture_url, value):
    from urllib.parse import quote

    page, problems = open_page(browser, f"{fixture_url}parts/eis-xiv/?whatif-may-2024={quote(value)}")
    form = form_of(page, "may-2024")
    assert form.evaluate(CHECKED_JS) == AS_JUDGED["outcomes"]
    assert form.evaluate(OUTPUTS_JS) == expected_outputs(AS_JUDGED)
    assert page.locator("img[src=x]").count() == 0 and form.locator(".eis-whatif__hyp:visible").count() == 0
    assert problems == []
    page.close()


def test_a_valid_scenario_in_the_address_is_restored(browser, fixture_url):
    v = vector_named("may-2024 with passive scoping flipped to happened")
    letters = "".join({"happened": "h", "did not": "d", "unknown": "u"}[o] for o in v["outcomes"])
    page, problems = open_page(browser, f"{fixture_url}parts/eis-xiv/?whatif-may-2024={letters}")
    form = form_of(page, "may-2024")
    assert form.evaluate(CHECKED_JS) == v["outcomes"]
    assert form.evaluate(OUTPUTS_JS) == expected_outputs(v)
    assert form.locator(".eis-whatif__hyp:visible").count() == 1
    # The other list keeps its record.
    assert form_of(page, "eis-xiv").evaluate(OUTPUTS_JS) == expected_outputs(PENDING)
    assert problems == []
    page.close()
