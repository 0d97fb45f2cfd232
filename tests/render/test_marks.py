"""Outcome marks: drawn shapes with words, and no page that needs an emoji font."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from macros.data.model import Outcome
from macros.render import marks

# Code points a reader sees as an empty box without a colour-emoji or symbol
# font: pictographs, dingbats and miscellaneous symbols, emoji-style arrows
# and squares, and the selector that asks for emoji presentation.
EMOJI = re.compile(
    "[\u231a\u231b\u23e9-\u23fa\u25aa-\u25fe\u2600-\u27bf\u2934\u2935\u2b05-\u2b55"
    "\u3030\u303d\u3297\u3299\ufe0f\U0001f000-\U0001faff]"
)


class VisibleText(HTMLParser):
    """Text a reader can see or hear: text nodes and the attributes shown as text."""

    SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "content")
    UNSEEN = frozenset({"script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._unseen = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.UNSEEN:
            self._unseen += 1
        self.pieces += [value or "" for name, value in attrs if name in self.SHOWN_ATTRIBUTES]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.UNSEEN and self._unseen:
            self._unseen -= 1

    def handle_data(self, data: str) -> None:
        if not self._unseen:
            self.pieces.append(data)


def emoji_in(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return [f"U+{ord(char):04X} {char}" for piece in parser.pieces for char in EMOJI.findall(piece)]


STYLESHEET = (Path(__file__).parents[2] / "overrides" / "partials" / "eis.css").read_text(encoding="utf-8")


def test_every_outcome_has_its_own_shape_and_word():
    # The stylesheet draws each mark once: a distinct shape per outcome, as a data URL (no request, no font).
    shapes = dict(
        re.findall(r'\.eis-mark--([a-z-]+) \{ --eis-mark-shape: url\("data:image/svg\+xml,([^"]+)"\); \}', STYLESHEET)
    )
    assert (
        set(shapes)
        == {which.value for which in marks.Mark}
        == {rule[len(".eis-mark--") :] for rule in marks.STYLED.values()}
    )
    assert len(set(shapes.values())) == len(marks.Mark)
    assert all("<" not in shape and "#" not in shape and "<text" not in unquote(shape) for shape in shapes.values())
    assert "mask: var(--eis-mark-shape)" in STYLESHEET and "print-color-adjust: exact" in STYLESHEET
    assert len(set(marks.WORDS.values())) == len(marks.Mark)
    for which in marks.Mark:
        shown = str(marks.mark(which))
        assert f">{marks.WORDS[which]}</span>" in shown and f"eis-mark--{which.value}" in shown
        assert "<svg" not in shown and emoji_in(shown) == []
    assert {marks.OF_OUTCOME[outcome] for outcome in Outcome} | {marks.Mark.PENDING} == set(marks.Mark)
    assert "not yet judged" in str(marks.of_outcome(None))


def test_the_detector_finds_emoji():
    assert emoji_in("<p>\u2705 \u274c \u2753</p>") == ["U+2705 \u2705", "U+274C \u274c", "U+2753 \u2753"]
    assert emoji_in('<img alt="\U0001f600"><script>"\u2705"</script><p>\u2212 \u2014 \u2039 \u00b7</p>') == [
        "U+1F600 \U0001f600"
    ]


def test_no_page_shows_an_emoji(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert any(path.name == "index.html" for path in pages)
    found = {path.relative_to(built_site).as_posix(): emoji_in(path.read_text(encoding="utf-8")) for path in pages}
    assert {page: chars for page, chars in found.items() if chars} == {}
