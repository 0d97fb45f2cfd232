"""Whole-site builds of the frozen fixture site, of copies grown from it, and of a fixture site that must fail."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

from conftest import FIXTURES, LEAKS, compose, copy_project, meta_tags, mkdocs_build, pages, visible_text
from macros.site.cards import CARDS_DIR


@pytest.fixture(scope="session")
def real_site(built_site: Path) -> dict[str, str]:
    return pages(built_site)


def test_part_xiv_shows_its_figures(real_site):
    page = real_site["parts/eis-xiv/index.html"]
    text = visible_text(page)
    assert "Part 14 of 12" in text
    assert "\u22120.74" in text
    assert "63%" in text and "take the over" in text
    assert re.search(
        r'<a href="https://arxiv.org/abs/2310.16410"[^>]*>Schut et al. \(2023\)</a> '
        r'<a href="../../tiers/#tier-4" class="eis-badge"',
        page,
    )
    assert "argued 4" in text
    assert "<title>EIS XIV: Is mechanistic interpretability about to be practically useful?" in page


def test_every_page_is_fully_rendered(real_site):
    assert {
        "index.html",
        "ledger/index.html",
        "tiers/index.html",
        "works/index.html",
        "scoring/index.html",
        "sequence/index.html",
        "authoring/index.html",
        "parts/eis-xiv/index.html",
    } <= set(real_site)
    for name, page in real_site.items():
        assert "data-eis-block" not in page, name  # every held block put back
        if name == "authoring/index.html":
            continue  # the guide shows macro syntax on purpose, inside code
        assert not LEAKS.search(visible_text(page)), name


def test_authoring_guide_shows_macro_syntax_only_in_code(real_site):
    html = real_site["authoring/index.html"]
    outside_code = re.sub(r"<code\b.*?</code>", " ", html, flags=re.S)
    assert "{{" in html and not LEAKS.search(visible_text(outside_code))


def test_ledger_and_tiers(real_site):
    ledger = visible_text(real_site["ledger/index.html"])
    assert "\u22120.74" in ledger and "+6.35" in ledger and "\u22121.65" in ledger
    tiers = real_site["tiers/index.html"]
    for number in range(1, 6):
        assert f'id="tier-{number}"' in tiers


def test_sequence_index_links_every_part(real_site):
    index = real_site["sequence/index.html"]
    assert len(re.findall(r'<tr id="part-\d+"', index)) == 14
    assert 'href="../parts/eis-xiv/"' in index


def copy_fixture(name: str, tmp_path: Path) -> Path:
    return compose(tmp_path / name, FIXTURES / name)


def test_bad_data_fails_the_build_and_publishes_nothing(tmp_path):
    project = copy_fixture("bad-site", tmp_path)
    site = tmp_path / "out"
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert "data/works.yaml:7:11: 7 is out of range: expected 1 to 5" in result.stderr
    assert (
        'data/predictions/demo.yaml:8:8: probability 60 is outside 0 to 1 (for a percent write "60%")' in result.stderr
    )
    assert "Traceback" not in result.stderr
    built = pages(site) if site.exists() else {}
    assert built == {}


def test_macro_typo_fails_the_build_without_a_broken_page(tmp_path):
    project = copy_fixture("bad-site", tmp_path)
    (project / "data/works.yaml").write_text((project / "data/works.yaml").read_text().replace("tier: 7", "tier: 2"))
    (project / "data/predictions/demo.yaml").write_text(
        (project / "data/predictions/demo.yaml").read_text().replace("p: 60", "p: 0.6")
    )
    good = mkdocs_build(project, tmp_path / "good")
    assert good.returncode == 0, good.stderr
    home = pages(tmp_path / "good")["index.html"]
    assert "+0.40" in visible_text(home)
    assert '<table class="eis-predictions"' in home and "data-eis-block" not in home

    (project / "docs/index.md").write_text("# Typo\n\n{{ tier_badge('papr') }} and {{ score() }}\n")
    site = tmp_path / "bad"
    result = mkdocs_build(project, site)
    assert result.returncode != 0
    assert "docs/index.md:3:4: tier_badge('papr'): no work 'papr' in the data; did you mean 'paper'?" in result.stderr
    assert "docs/index.md:3:33: score(): missing a required argument: 'scorecard_id'" in result.stderr
    assert "2 problems in the pages and data" in result.stderr
    assert "Traceback" not in result.stderr
    # The page that could not be built says why, and holds nothing half-rendered.
    home = pages(site)["index.html"]
    assert "eis-problems" in home and "tier_badge(&#39;papr&#39;)" in home
    assert not LEAKS.search(visible_text(home).replace("{% raw %} and {% endraw %}", ""))
    # No share image for it; the other pages keep theirs, written for the preview to serve.
    assert "og:image" not in home
    for name, html in pages(site).items():
        if name not in ("index.html", "404.html"):
            image = meta_tags(html)["og:image"]
            assert (site / image[image.index(CARDS_DIR) :]).is_file(), name


def test_a_file_where_a_list_page_goes_fails_the_build(tmp_path):
    project = copy_project(tmp_path)
    (project / "docs/ledger").mkdir()
    (project / "docs/ledger/may-2024.md").write_text("# By hand\n")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/ledger/may-2024.md: the build writes this page from data/; remove the file" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_post_and_scorecard_flow_through(tmp_path):
    """What an author's pull request adds: a part, a work, a scorecard."""
    project = copy_project(tmp_path)
    sequence = project / "data/sequence.yaml"
    sequence.write_text(
        sequence.read_text() + "  - part: 15\n    title: 'EIS XV: A <new> & *bold* {{ 7*7 }} part'\n    date: 2025-03\n"
    )
    works = project / "data/works.yaml"
    works.write_text(
        works.read_text() + "  - id: next-paper\n    title: The next paper\n"
        "    authors: Some Lab\n    year: 2025\n    tier: 2\n"
    )
    outcomes = "\n".join(
        f"  {pid}: {'true' if i == 0 else 'ambiguous' if i == 1 else 'false'}"
        for i, pid in enumerate(
            [
                "fix-represented-harm",
                "input-attacks",
                "anomaly-detection",
                "fix-unrepresented-harm",
                "sparse-finetuning",
                "arbitrary-edits",
                "latent-adversarial",
                "robustness-unrepresented",
            ]
        )
    )
    (project / "data/scorecards/eis-xiv-next-paper.yaml").write_text(
        "id: eis-xiv-next-paper\npredictions: eis-xiv\nwork: next-paper\ndate: 2025-03\nreported_in: 15\n"
        f"outcomes:\n{outcomes}\n"
    )
    (project / "docs/parts/eis-xv.md").write_text(
        "---\npart: 15\nrender_macros: false\n---\n\nA workflow reads `${{ github.event.pull_request.title }}`.\n"
    )
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    built = pages(tmp_path / "site")

    post = built["parts/eis-xv/index.html"]
    title = "EIS XV: A <new> & *bold* {{ 7*7 }} part"
    assert unescape(re.search(r"<title>(.*?) - ", post).group(1)) == title
    assert unescape(re.search(r"<h1[^>]*>(.*?)<a", post).group(1)) == title
    assert "49" not in visible_text(post) and "<new>" not in post
    assert "Part 15 of 12" in visible_text(post)
    assert "${{ github.event.pull_request.title }}" in post  # macros off: shown literally
    assert "Previous EIS XIV" in visible_text(post)

    # 0.4 for the one that happened, minus 0.2 + 0.15 * 3 + 0.1 * 2 for the misses; one ambiguous.
    ledger = visible_text(built["ledger/index.html"])
    assert "\u22120.45" in ledger and "1 of 7 happened" in ledger
    xiv = visible_text(built["parts/eis-xiv/index.html"])
    assert "Next EIS XV" in xiv
