"""Citing a part: plain text and BibTeX built from the data, with LaTeX's specials escaped."""

from __future__ import annotations

import pytest

from macros.data.model import PartialDate
from macros.render import citation

CITED = citation.Cited(
    author="Ann O'Hara",
    title="Costs & 50% of {things}_here?",
    series="A Series",
    number=3,
    date=PartialDate(2023, 2),
    url="https://example.org/p",
)


def test_plain_text():
    assert citation.plain(CITED) == (
        "Ann O'Hara (2023). Costs & 50% of {things}_here? A Series, part 3, February 2023. https://example.org/p"
    )
    summary = citation.Cited(**{**CITED.__dict__, "title": "T", "summary": "https://example.org/s"})
    assert citation.plain(summary).endswith("Summary: https://example.org/s") and "(2023). T. A Series" in (
        citation.plain(summary)
    )


def test_bibtex():
    entry = citation.bibtex(CITED)
    assert entry.startswith("@misc{ohara2023part3,\n")
    assert r"title = {{Costs \& 50\% of \{things\}\_here?}}" in entry
    assert "author = {Ann O'Hara}" in entry and "month = feb" in entry and "url = {https://example.org/p}" in entry
    assert entry.endswith("\n}") and entry.count("{") == entry.count("}") + entry.count(r"\}") - entry.count(r"\{")
    no_month = citation.Cited(**{**CITED.__dict__, "date": PartialDate(2023)})
    assert "month" not in citation.bibtex(no_month)


@pytest.mark.parametrize(
    ("title", "initials"),
    [
        ("Engineer's Interpretability Sequence", "EIS"),
        ("Engineer\u2019s Interpretability Sequence", "EIS"),
        ("The Engineer's Interpretability Sequence", "TEIS"),
        ("notes on a theme", "notes on a theme"),  # nothing to abbreviate: the title itself
        ("Seq", "S"),
    ],
)
def test_initials(title, initials):
    assert citation.initials(title) == initials


@pytest.mark.parametrize(
    ("part", "list_title", "position", "cited"),
    [
        ("XIV", "Any list", 4, "EIS XIV, forecast 4"),
        (None, "Anthropic's next SAE paper (May 2024)", 10, "Anthropic's next SAE paper (May 2024), forecast 10"),
    ],
)
def test_forecast_citation(part, list_title, position, cited):
    assert citation.forecast("Engineer's Interpretability Sequence", part, list_title, position) == cited


def test_a_part_whose_address_is_unknown_says_where_it_is_listed_instead():
    listed = citation.Cited(
        **{**CITED.__dict__, "url": None, "listed": "https://forum.example/s/1", "summary": "https://example.org/s"}
    )
    assert citation.plain(listed).endswith(
        "February 2023. Listed at https://forum.example/s/1. Summary: https://example.org/s"
    )
    entry = citation.bibtex(listed)
    assert "url =" not in entry
    assert "note = {{Listed at https://forum.example/s/1; Summary at https://example.org/s}}" in entry
    # A known address is the part's own; the listing is not mentioned.
    known = citation.Cited(**{**CITED.__dict__, "listed": "https://forum.example/s/1"})
    assert "Listed" not in citation.plain(known) + citation.bibtex(known)
