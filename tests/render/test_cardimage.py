"""The share image as painted (cardimage.py): size, bytes, where the ink falls, and what it leaves off."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from macros.render import cardimage
from macros.render.cardimage import HEIGHT, LEFT, RIGHT, STRIPE, TOP, WIDTH, drawable, paint
from macros.render.sharecards import Headline, ShareCard

COLOURS = ("#546e7a", "#1565c0", "#8d5a00", "#2e7d32", "#6a1b9a")
CARD = ShareCard(
    "Engineer's Interpretability Sequence",
    "Part 14 of 12 · 11 October 2024",
    "EIS XIV: Is mechanistic interpretability about to be practically useful?",
    Headline("\u22120.74", "score against Templeton et al. (2024) · Brier\u00a00.022"),
    "A description.",
    COLOURS,
)
# Glyphs may reach a few pixels past their advance (bold overhangs, the ellipsis).
SLACK = 6


def opened(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()
    return image


def ink(image: Image.Image) -> tuple[int, int, int, int] | None:
    """The box around every pixel that is not background, right of the stripe."""
    box = image.crop((STRIPE, 0, WIDTH, HEIGHT)).getbbox()  # palette index 0 is the background
    return None if box is None else (box[0] + STRIPE, box[1], box[2] + STRIPE, box[3])


def test_a_card_is_a_png_of_the_size_the_page_says_and_the_same_bytes_each_time():
    png = paint(CARD)
    image = opened(png)
    assert (image.format, image.size, image.mode) == ("PNG", (WIDTH, HEIGHT), "P")
    assert paint(CARD) == png


def test_the_stripe_shows_each_tier_colour_top_to_bottom():
    image = opened(paint(CARD)).convert("RGB")
    band = HEIGHT // len(COLOURS)
    for index, colour in enumerate(COLOURS):
        expected = tuple(int(colour[at : at + 2], 16) for at in (1, 3, 5))
        assert image.getpixel((STRIPE // 2, index * band + band // 2)) == expected, colour


def test_the_text_is_white_on_the_background_and_smoothed():
    image = opened(paint(CARD)).convert("RGB")
    colours = {colour for _, colour in image.crop((STRIPE, 0, WIDTH, HEIGHT)).getcolors(maxcolors=1 << 16)}
    assert cardimage.BACKGROUND in colours and (255, 255, 255) in colours
    # Antialiased edges: many shades between the background and the text, not three colours.
    assert len(colours) > 100


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EIS XIV: a title", "EIS XIV: a title"),
        ("line\nbreaks\tand  runs", "line breaks and runs"),
        ("zero\u200bwidth and soft\u00adhyphen", "zerowidth and softhyphen"),
        ("e\u0301", "\u00e9"),  # composed, as the font has it
        ("Brier\u00a00.022", "Brier\u00a00.022"),  # a no-break space stays
        ("\u22120.74 · “quoted” …", "\u22120.74 · “quoted” …"),
        ("\u0645\u0631\u062d\u0628\u0627", ""),  # Arabic needs shaping and right-to-left order
        ("\u05e9\u05dc\u05d5\u05dd", ""),  # Hebrew: right to left
        ("\u4e2d\u6587", ""),  # not in the font
        ("mixed \u4e2d", ""),  # one letter the font lacks, and the line is left off
        ("Launch \U0001f680 day", "Launch day"),  # a pictograph it lacks is left out
        ("\U0001f44d\U0001f3fd fine \u2764\ufe0f", "fine \u2764\ufe0f"),  # with its skin tone; one it has stays
        ("e\u0350", ""),  # a combining mark it lacks changes a letter: the line is left off
        ("ok\U000e0100", "ok"),  # a variation selector it lacks
        ("", ""),
    ],
)
def test_drawable(text, expected):
    assert drawable(text) == expected


def test_text_the_font_cannot_draw_is_left_off_the_card():
    lacking = ShareCard(CARD.site, CARD.kicker, "\u4e2d\u6587\u6807\u9898", CARD.headline, "", COLOURS)
    untitled = ShareCard(CARD.site, CARD.kicker, "", CARD.headline, "", COLOURS)
    assert paint(lacking) == paint(untitled)


@pytest.mark.parametrize(
    ("text", "most", "lines", "cut"),
    [
        ("short", 3, ["short"], False),
        ("word " * 40, 2, None, True),
        ("x" * 400, 5, None, True),  # one word wider than the card is broken
    ],
)
def test_fit(text, most, lines, cut):
    font = cardimage._font(True, 60)
    fitted, was_cut = cardimage._fit(text.strip(), font, 500, most)
    assert was_cut is cut and len(fitted) <= most
    assert all(font.getlength(line) <= 500 for line in fitted)
    if lines is not None:
        assert fitted == lines
    if cut:
        assert fitted[-1].endswith(cardimage.ELLIPSIS)


def test_a_long_title_steps_down_in_size_before_it_is_cut():
    medium = ShareCard("S", "", "A title of some length that needs three lines at most " * 2, None, "", ())
    box = ink(opened(paint(medium)))
    assert box is not None and box[3] < HEIGHT - cardimage.BOTTOM
    _, cut = cardimage._fit(drawable(medium.title), cardimage._font(True, 60), cardimage.TEXT_WIDTH, 4)
    assert not cut


# Mostly characters the font has, so that most cards carry ink; sometimes any character at all.
_covered = st.sampled_from(sorted(chr(code) for code in cardimage._covered() if drawable(chr(code))))
_letters = st.one_of(_covered, _covered, _covered, st.characters(exclude_categories=("Cs",)))


def words(most: int) -> st.SearchStrategy[str]:
    return st.text(_letters, max_size=most)


@settings(max_examples=200, deadline=None)
@given(
    line=st.text(_letters, min_size=1, max_size=40), word=st.text(_letters, min_size=1, max_size=20), bold=st.booleans()
)
def test_a_line_widened_by_a_word_measures_as_the_font_measures_it(line, word, bold):
    """The fit adds a word's width to the line's rather than measuring the line again: the sum must be exact."""
    font = cardimage._font(bold, 60)
    line, word = drawable(line), drawable(word)
    assert cardimage._widened(font, line, font.getlength(line), word) == font.getlength(f"{line} {word}")


@settings(max_examples=150, deadline=None)
@given(site=words(60), kicker=words(60), title=words(400), figure=words(12), caption=words(300))
def test_any_words_paint_inside_the_margins(site, kicker, title, figure, caption):
    shown = ShareCard(site, kicker, title, Headline(figure, caption), caption, COLOURS)
    box = ink(opened(paint(shown)))
    if box is not None:
        left, top, right, bottom = box
        assert left >= LEFT - SLACK and right <= WIDTH - RIGHT + SLACK, box
        assert top >= TOP - SLACK and bottom <= HEIGHT - cardimage.BOTTOM + SLACK, box


# Every character a card can show, with the pairs fonts kern and glyphs that overhang their advance.
_CARD_CHARS = sorted({chr(code) for code in cardimage._covered() if cardimage._drawn(chr(code)) == chr(code)})
_KERNED = ["AV", "Te", "Yo", "LT", "W.", "P,", "fj", "ff", "y j", "\u22120.74", "\u00ab\u00ef\u00bb"]


def _both_ways(line: str, bold: bool, size: int) -> tuple[bytes, bytes]:
    font = cardimage._font(bold, size)
    written = cardimage._background(COLOURS, "").copy()
    drawn = written.copy()
    cardimage.write(written, (LEFT, TOP), line, font, cardimage.BRIGHT)
    cardimage._draw(drawn).text((LEFT, TOP), line, font=font, fill=cardimage.BRIGHT, anchor="la")
    return written.tobytes(), drawn.tobytes()


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.sampled_from(_KERNED), st.text(st.sampled_from(_CARD_CHARS), min_size=1, max_size=6)),
        min_size=1,
        max_size=6,
    ).map(" ".join),
    st.booleans(),
    st.sampled_from([cardimage.SITE_SIZE, cardimage.KICKER_SIZE, *cardimage.TITLE_SIZES, 30, 96]),
)
def test_a_line_written_from_kept_glyphs_has_the_pixels_pillow_draws(line, bold, size):
    written, drawn = _both_ways(line, bold, size)
    assert written == drawn


@pytest.mark.parametrize(
    ("line", "bold", "size"),
    [
        ("AVAVAV Tea", True, 72),
        ("minimum", True, 72),
        ("Interpretability \u22120.74", True, 72),
        # Kerning moves the pen by 64ths of a pixel, so a run of meeting glyphs after it starts between pixels.
        ("\U0001d325\u215b\u1f55 \u22120.74 LT Yo LT", False, 96),
    ],
)
def test_kerned_and_unkerned_lines_alike_have_the_pixels_pillow_draws(line, bold, size):
    written, drawn = _both_ways(line, bold, size)
    assert written == drawn
