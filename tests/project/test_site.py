"""The real site, and a copy grown the way authors grow it: what must hold for any valid content.

Nothing here names today's figures.  Each check runs on the real project
and on a copy with one more of everything an author adds in a pull
request: a hosted part that uses macros, a work, a list with both ways of
writing a probability, its scorecard with an ambiguous outcome, a second
scorecard on an existing list, and a market snapshot.
"""

from __future__ import annotations

import datetime
import re
import shutil
from fractions import Fraction
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from markupsafe import escape

from conftest import LEAKS, ROOT, meta_tags, pages, run_cli, score_card, strict_build, visible_text
from macros.data.load import load
from macros.render import fmt, list_page_path
from macros.render.html import el
from macros.site.blocks import lean


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")


def grow(project: Path) -> Path:
    """Add to a copy of the real project what an author's next pull request adds."""
    data_dir = project / "data"
    data = load(data_dir, project / "docs")
    part = max(p.part for p in data.sequence.parts) + 1
    work, new_list, card = f"grown-work-{part}", f"grown-list-{part}", f"grown-card-{part}"
    _append(
        data_dir / "sequence.yaml",
        f"  - part: {part}\n    title: 'A grown part {part}'\n    date: 2026-11\n",
    )
    _append(
        data_dir / "works.yaml",
        f"  - id: {work}\n    title: A later paper\n    authors: Some Lab\n    year: 2026\n    tier: 2\n",
    )
    (data_dir / "predictions" / f"{new_list}.yaml").write_text(
        f"id: {new_list}\ntitle: A grown list\nmade_on: 2026-11\nmade_in: {part}\npredictions:\n"
        "  - id: first\n    claim: The first thing happens.\n    p: 0.37\n"
        '  - id: second\n    claim: The second thing happens.\n    p: "60%"\n'
        "  - id: third\n    claim: The third thing happens.\n    p: 0.9\n",
        encoding="utf-8",
    )
    (data_dir / "scorecards" / f"{card}.yaml").write_text(
        f"id: {card}\npredictions: {new_list}\nwork: {work}\ndate: 2026-11-20\nreported_in: {part}\n"
        "outcomes:\n  first: true\n  second: ambiguous\n"
        "  third:\n    outcome: false\n    note: Not <yet> & not soon.\n    evidence: https://example.org/e?a=1&b=2\n",
        encoding="utf-8",
    )
    existing = data.lists[0]
    outcomes = "".join(
        f"  {prediction.id}: {'true' if index % 2 else 'false'}\n"
        for index, prediction in enumerate(existing.predictions)
    )
    (data_dir / "scorecards" / f"grown-second-{existing.id}.yaml").write_text(
        f"id: grown-second-{existing.id}\npredictions: {existing.id}\nwork: {work}\ndate: 2026-11-21\n"
        f"outcomes:\n{outcomes}",
        encoding="utf-8",
    )
    markets = data_dir / "markets.yaml"
    text = markets.read_text(encoding="utf-8")
    modeline = text.splitlines()[0] if text.startswith("#") else ""
    content = yaml.safe_load(text)
    latest = max(snapshot["date"] for snapshot in content["markets"][0]["snapshots"])
    content["markets"][0]["snapshots"].append({"date": latest + datetime.timedelta(days=1), "p": 0.5})
    markets.write_text(modeline + "\n" + yaml.safe_dump(content, sort_keys=False, allow_unicode=True))
    (project / "docs" / "parts" / f"grown-{part}.md").write_text(
        f"---\npart: {part}\n---\n\n{{{{ part_label() }}}} cites {{{{ cite('{work}') }}}} "
        f"{{{{ tier_badge('{work}') }}}}.\n\n{{{{ prediction_table('{new_list}') }}}}\n\n"
        f"The list scored {{{{ score('{card}') }}}}; code such as `{{{{ score('x') }}}}` stays as written.\n",
        encoding="utf-8",
    )
    return project


@pytest.fixture(scope="module", params=["real", "grown"])
def project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    if request.param == "real":
        return ROOT
    copy = tmp_path_factory.mktemp("grown") / "project"
    # Not the built site, the tests, the tool caches or installed packages.
    left_out = {".git", ".venv", ".venv-engines", "site", "test-artifacts", "tests"}

    def ignore(folder: str, names: list[str]) -> set[str]:
        top = {name for name in names if name in left_out} if Path(folder) == ROOT else set()
        return top | {name for name in names if name in ("node_modules", "__pycache__") or name.startswith(".")}

    shutil.copytree(ROOT, copy, ignore=ignore)
    return grow(copy)


@pytest.fixture(scope="module")
def built(project: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return pages(strict_build(project, tmp_path_factory.mktemp("built")))


@pytest.fixture(scope="module")
def data(project: Path):
    return load(project / "data", project / "docs")


def test_checks_clean(project):
    result = run_cli("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_every_page_is_fully_rendered(project, built):
    raw = re.compile(r"\{%-?\s*raw\s*-?%\}(.*?)\{%-?\s*endraw\s*-?%\}", re.S)
    quoted = "".join(
        "".join(raw.findall(source.read_text(encoding="utf-8"))) for source in (project / "docs").rglob("*.md")
    )
    for name, html in built.items():
        assert "data-eis-block" not in html, name  # every held block put back
        assert "eis-problems" not in html, name
        outside_code = visible_text(re.sub(r"<(code|pre)\b.*?</\1>", " ", html, flags=re.S))
        for leak in LEAKS.finditer(outside_code):
            # Template syntax an author quoted between raw tags is shown on purpose.
            shown = outside_code[leak.start() : outside_code.find("}", leak.start()) + 2]
            assert leak.group() in ("{{", "{%") and shown.strip() in quoted, (name, shown)


def test_every_part_is_on_the_sequence_page(data, built):
    index = built["sequence/index.html"]
    assert len(re.findall(r'<tr id="part-\d+"', index)) == len(data.sequence.parts)


def test_every_hosted_part_has_its_page_and_label(data, built):
    for page in data.pages:
        html = built[page.src_path.removesuffix(".md") + "/index.html"]
        assert f"Part {page.part} of {data.sequence.planned_parts}" in visible_text(html)


def test_every_shown_score_is_the_computed_one(data, built):
    ledger = visible_text(built["ledger/index.html"])
    for card in data.scorecards:
        assert fmt.signed(score_card(data, card).score) in ledger, card.id
    for plist in data.lists:
        page = visible_text(built[list_page_path(plist.id).removesuffix(".md") + "/index.html"])
        for prediction in plist.predictions:
            assert fmt.percent(prediction.p) in page, (plist.id, prediction.id)


def test_every_page_has_a_share_image_that_carries_its_figures(data, built):
    for name, html in built.items():
        if name != "404.html":
            meta = meta_tags(html)
            assert meta["og:image"].endswith(".png") and meta["og:image"] == meta["twitter:image"], name
            assert meta["og:title"] in meta["og:image:alt"], name
    for plist in data.lists:
        alt = meta_tags(built[list_page_path(plist.id).removesuffix(".md") + "/index.html"])["og:image:alt"]
        latest = data.latest_scorecard(plist.id)
        if latest is None:
            assert f" {len(plist.predictions)} forecast" in alt, plist.id
        elif score_card(data, latest).judged:
            assert f" {fmt.signed(score_card(data, latest).score)} score" in alt, plist.id


def test_every_hosted_parts_share_image_carries_its_headline(data, built):
    for page in data.pages:
        alt = meta_tags(built[page.src_path.removesuffix(".md") + "/index.html"])["og:image:alt"]
        assert alt.startswith(f"Part {page.part} of {data.sequence.planned_parts} · "), page.part
        reported = [card for card in data.scorecards if card.reported_in == page.part]
        made = sorted(
            (plist for plist in data.lists if plist.made_in == page.part), key=lambda p: (p.made_on.sort_key(), p.id)
        )
        latest = max(reported, key=lambda card: card.chronology(), default=None)
        if latest is None and made:
            latest = data.latest_scorecard(made[-1].id)
            if latest is None:
                assert f" {len(made[-1].predictions)} forecast" in alt, page.part
        if latest is not None and score_card(data, latest).judged:
            assert f" {fmt.signed(score_card(data, latest).score)} score" in alt, page.part


def _page(path: str) -> str:
    return path.removesuffix(".md") + "/index.html"


def test_every_forecast_has_its_entry_and_every_row_links_there(data, built):
    for plist in data.lists:
        page = built[_page(list_page_path(plist.id))]
        for prediction in plist.predictions:
            assert page.count(f'<article class="eis-forecast" id="{prediction.id}">') == 1, (plist.id, prediction.id)
    # A row's id is <list>-<prediction>, and -2, -3 on for a list's second and later tables on a page.
    targets = {f"{plist.id}-{p.id}": f"ledger/{plist.id}/#{p.id}" for plist in data.lists for p in plist.predictions}
    rows = re.compile(r'<tr id="([a-z0-9-]+)"(?: data-p="[^"]+")?><td><a href="([^"]+)"')
    linked = 0
    for name, html in built.items():
        for row_id, href in rows.findall(html):
            target = targets.get(row_id) or targets[re.sub(r"-[0-9]+$", "", row_id)]
            assert urljoin("https://site.invalid/" + name, href) == "https://site.invalid/" + target, (name, href)
            linked += 1
    assert linked >= len(targets)  # every list page's own table at least


def test_every_reason_is_shown_escaped_beside_its_outcome(data, built):
    for card in data.scorecards:
        page = built[_page(list_page_path(card.predictions))]
        for judgement in card.outcomes:
            if judgement.note:
                note = str(el("span", judgement.note, class_="eis-reason__note"))
                # As written, or as a block held out of Markdown carries it (blocks.lean).
                assert note in page or lean(note) in page, judgement.prediction
            if judgement.evidence:
                assert f'href="{escape(judgement.evidence)}" class="eis-reason__evidence"' in page


def test_the_track_record_adds_up_every_judged_forecast(data, built):
    html = built["track-record/index.html"]
    judged = sum(score_card(data, card).judged for card in data.scorecards)
    if judged:
        assert len(re.findall(r'<tr><td data-label="#" class="eis-num">', html)) == judged
        total = sum((score_card(data, card).score for card in data.scorecards), Fraction(0))
        assert f"judged forecasts earned <strong>{fmt.signed(total)}</strong>" in html
    for linking in ("ledger/index.html", "index.html"):
        assert re.search(r'href="(\.\./)*track-record/"', built[linking]), linking


def test_a_market_with_a_history_draws_it(data, built):
    for market in data.markets:
        shown = [html for html in built.values() if f'id="market-{market.id}"' in html]
        for html in shown:
            assert (f'id="timechart-market-{market.id}"' in html) is (len(market.snapshots) > 1), market.id
