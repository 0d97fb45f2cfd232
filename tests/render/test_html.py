"""Escaped HTML building blocks: join, and the one table shape (every cell names its column)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from macros.render import html as html_module
from macros.render.html import COLUMNS, PHONE, Content, el, head_row, join, label_styles, table


def test_cells_carry_their_column_heading():
    head = el("tr", el("th", "#", scope="col"), el("th", "Outcome", el("br"), el("small", "A & B"), scope="col"))
    rows = [el("tr", el("td", "1"), el("td", "yes")), el("tr", el("td", "2", data_label="Own"), el("td", "no"))]
    foot = el("tr", el("th", "Total", colspan=1 + 1, scope="row"))
    html = str(table(head, rows, "t", caption="C", foot=foot))
    labels = re.findall(r'<t[dh] data-label="([^"]*)"', html)
    # Escaped as all text is ("#" and "&" as character references).
    assert labels == ["&#35;", "Outcome A &#38; B", "Own", "Outcome A &#38; B"]
    assert '<th colspan="2" scope="row">Total</th>' in html  # spans several columns: no single label


def test_a_heading_may_give_a_shorter_label():
    head = el("tr", el("th", "Outcome", el("br"), el("small", "Long citation"), data_label="Outcome"))
    html = str(table(head, [el("tr", el("td", "x"))], "t"))
    assert '<td data-label="Outcome">x</td>' in html


def test_text_of_adjacent_cells_stays_apart():
    head = head_row("A", "B")
    html = str(table(head, [el("tr", el("td", "60%"), el("td", "claim")), el("tr", el("td", "1"))], "t"))
    text = re.sub(r"<[^>]+>", "", html)
    assert "60% claim" in text and "A B" in text and "%c" not in text
    with_caption = re.sub(r"<[^>]+>", "", str(table(head, [], "t", caption="Title")))
    assert with_caption.startswith("Title A B")
    assert "</td> <td" in html and "</th> <th" in html


def test_data_that_looks_like_a_cell_stays_text():
    head = head_row("A", "B")
    html = str(table(head, [el("tr", el("td", '<td data-label="x">'), el("td", "</td><td>"))], "t"))
    assert html.count("<td") == 2 and "&#60;td" in html


@pytest.mark.parametrize(
    ("items", "separator", "expected"),
    [
        (["a<b", "c"], ", ", "a&#60;b, c"),
        ([el("em", "x"), " & ", "y"], "", "<em>x</em> &#38; y"),
        # A nested list is rendered once, never escaped a second time.
        ([["see ", el("a", "it", href="/x")], "."], "", 'see <a href="/x">it</a>.'),
        ([], " | ", ""),
    ],
)
def test_join(items: list[Content], separator: str, expected: str) -> None:
    joined = join(items, separator)
    assert isinstance(joined, Markup)
    assert str(joined) == expected


def test_a_kinds_own_columns_are_labelled_by_the_stylesheet(monkeypatch):
    monkeypatch.setitem(COLUMNS, "t", ("#", "Outcome"))
    monkeypatch.setattr(html_module, "LABELLED", ("t",))
    head = el("tr", el("th", "#"), el("th", "Outcome", el("br"), el("small", "A"), data_label="Outcome, A"))
    rows = [el("tr", el("td", "1"), el("td", "yes")), el("tr", el("th", "2", scope="row"), el("td", "no"))]
    foot = el("tr", el("th", "Total", colspan=1), el("td", "1 of 2"))
    html = str(table(head, rows, "t", foot=foot))
    # The first column is the kind's own: its cells carry nothing; a heading that
    # differs from the kind's (a second judgement's) keeps its label on each cell,
    # and so does a row heading (th), whose label no rule of the stylesheet gives.
    assert "<td>1</td>" in html and '<td data-label="Outcome, A">yes</td>' in html
    assert '<th data-label="&#35;" scope="row">2</th>' in html
    # After a cell spanning columns the n-th cell is no longer the n-th column.
    assert '<td data-label="Outcome, A">1 of 2</td>' in html
    # The head's own label served the cells; the heading shows its text.
    assert "<thead><tr><th>&#35;</th> <th>Outcome<br><small>A</small></th></tr></thead>" in html


def test_label_styles_name_each_kinds_columns_in_the_phone_view(monkeypatch):
    monkeypatch.setattr(html_module, "COLUMNS", {"t": ("#", 'Say "hi" \\'), "u": ("Unlabelled",)})
    monkeypatch.setattr(html_module, "LABELLED", ("t",))
    assert label_styles() == (
        f"@media {PHONE}{{"
        '.t td:nth-child(1)::before{content:"#"}'
        '.t td:nth-child(2)::before{content:"Say \\"hi\\" \\\\"}'
        "}"
    )


def test_the_phone_view_is_the_stylesheets():
    stylesheet = (Path(__file__).parents[2] / "overrides" / "partials" / "eis.css").read_text(encoding="utf-8")
    assert f"@media {PHONE} {{\n  .md-typeset .eis-table-wrap table," in stylesheet


def test_a_kind_the_stylesheet_does_not_label_keeps_its_cells_labels(monkeypatch):
    monkeypatch.setitem(COLUMNS, "t", ("A",))
    monkeypatch.setattr(html_module, "LABELLED", ())
    assert '<td data-label="A">x</td>' in str(table(head_row("A"), [el("tr", el("td", "x"))], "t"))


_CELLS = st.tuples(
    st.sampled_from(["td", "th"]),
    st.sampled_from(["1", "x", "<b>y</b>", ""]),
    st.sampled_from([{}, {"colspan": 2}, {"data_label": "L"}, {"scope": "row"}]),
)


@settings(max_examples=200)
@given(
    columns=st.lists(st.sampled_from(["#", "Outcome", "P", "A & B"]), min_size=1, max_size=4),
    extra=st.lists(st.sampled_from(["#", "Other"]), max_size=2),
    rows=st.lists(st.lists(_CELLS, min_size=1, max_size=6), max_size=4),
)
@example(columns=["#", "P", "Outcome"], extra=[], rows=[[("td", "1", {"colspan": 2}), ("td", "x", {})]])
@example(columns=["#", "P"], extra=[], rows=[[("th", "1", {"scope": "row"}), ("td", "x", {})]])
def test_a_row_left_as_it_is_when_every_column_is_styled_is_what_labelling_it_cell_by_cell_gives(
    columns: list[str], extra: list[str], rows: list[list[tuple]]
) -> None:
    headings = [*columns, *extra]
    labels = html_module._column_labels(str(head_row(*headings)))
    styled = html_module._every_column_styled(labels, tuple(columns))
    assert styled == (not extra)
    made = [str(el("tr", *(el(tag, content, **attrs) for tag, content, attrs in row))) for row in rows]
    for row in made:
        cell_by_cell = html_module._labelled(row, labels, tuple(columns))
        assert html_module._labelled(row, labels, tuple(columns), styled) == cell_by_cell
