"""A share card painted as a PNG of 1200 by 630, the size link previews ask for.

The card is an 8-bit palette image whose first entries run from the
background to white.  Antialiased text blends index values, which on that
ramp is the same as blending the colours; the tiers' colours take the
entries after it.  One byte a pixel keeps painting and compressing to
about two milliseconds a card.

The fonts (DejaVu Sans, see fonts/LICENSE) live beside this module and the
layout engine is Pillow's basic one, so every machine paints the same
bytes.  Text the fonts cannot draw, a character they lack or a script that
needs shaping, is left off the card rather than drawn as empty boxes; the
card's alt text still says it.
"""

from __future__ import annotations

import functools
import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, features

from macros.render import png
from macros.render.sharecards import ShareCard

WIDTH, HEIGHT = 1200, 630
FONTS = Path(__file__).with_name("fonts")
REGULAR, BOLD = FONTS / "DejaVuSans.ttf", FONTS / "DejaVuSans-Bold.ttf"

BACKGROUND = (0x1A, 0x23, 0x7E)  # indigo: white on it has a contrast of 14:1
RAMP = 240  # palette entries 0..239 run from the background to white
BRIGHT, DIM = RAMP - 1, 165  # white, and a pale indigo for the quieter lines
MOST_TIERS = 256 - RAMP  # the stripe shows this many tiers at most
STRIPE = 24
LEFT, RIGHT, TOP, BOTTOM = 80, 72, 56, 60
TEXT_WIDTH = WIDTH - LEFT - RIGHT
FIGURE_GAP = 36
SITE_SIZE, KICKER_SIZE = 28, 32
TITLE_SIZES = (72, 60, 50)  # the largest at which the title fits, else the smallest, cut short
LEADING = 1.22
ELLIPSIS = "\u2026"
# Right-to-left text would need shaping and reordering, which the basic layout does not do.
_RIGHT_TO_LEFT = frozenset({"R", "AL", "AN"})


def paint(card: ShareCard) -> bytes:
    """The card as PNG bytes."""
    # The site's name is the same on every card: painted once, with the background.
    site = drawable(card.site)
    image = _background(card.colours, site).copy()
    y = TOP + (round(SITE_SIZE * 1.6) if site else 0)
    kicker = drawable(card.kicker)
    if kicker:
        font = _font(False, KICKER_SIZE)
        write(image, (LEFT, y), _fit(kicker, font, TEXT_WIDTH, 1)[0][0], font, BRIGHT)
        y += round(KICKER_SIZE * 1.6)
    y += 12
    bottom = _draw_foot(image, card)
    title = drawable(card.title)
    if title:
        _draw_title(image, title, y, bottom - 40 - y)
    # Link previews fetch a card once: zlib's fastest level, and repeated rows sent as references (png.py).
    return png.palette_png(image)


def drawable(text: str) -> str:
    """``text`` as one line the fonts can draw, or "" if they cannot draw all of its words.

    A pictograph the fonts lack (an emoji, say) is left out, as it carries
    no words; a letter they lack leaves out the whole line.
    """
    drawn = [_drawn(char) for char in unicodedata.normalize("NFC", text)]
    if None in drawn:
        return ""
    # Runs of spaces become one; a no-break space stays.
    return " ".join(word for word in "".join(drawn).split(" ") if word)  # type: ignore[arg-type]


@functools.cache
def _drawn(char: str) -> str | None:
    """What one character becomes on a card: itself, a space, nothing, or None where the line can't be drawn."""
    category = unicodedata.category(char)
    if category == "Cc":
        return " "  # line breaks and tabs
    if category == "Cf":
        return ""  # format characters: zero-width joiners, soft hyphens
    if ord(char) not in _covered():
        return "" if _pictorial(char) else None
    return None if unicodedata.bidirectional(char) in _RIGHT_TO_LEFT else char


def _pictorial(char: str) -> bool:
    """A symbol, a modifier or a variation selector: an emoji's parts, which carry no word."""
    return unicodedata.category(char) in ("So", "Sk") or "VARIATION SELECTOR" in unicodedata.name(char, "")


@functools.cache
def design() -> str:
    """What a card's bytes depend on besides its words: this code, png.py, the fonts, Pillow, FreeType, zlib."""
    libraries = (PIL.__version__, features.version("freetype2"), features.version("zlib"))
    digest = hashlib.sha256(repr(libraries).encode())
    for path in (Path(__file__), Path(png.__file__), REGULAR, BOLD):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _draw_foot(image: Image.Image, card: ShareCard) -> int:
    """The headline figure and its caption, or the description, set on the card's foot; returns its top."""
    figure, caption = (card.headline.figure, card.headline.caption) if card.headline else ("", card.description)
    big, small = _font(True, 96), _font(False, 30)
    figure = drawable(figure)
    if figure:
        # Never more than half the width: the caption keeps the rest.
        figure = _fit(figure, big, TEXT_WIDTH // 2, 1)[0][0]
    said = drawable(caption)
    figure_width = round(big.getlength(figure)) + FIGURE_GAP if figure else 0
    wrapped = _fit(said, small, TEXT_WIDTH - figure_width, 3)[0] if said else []
    line_height = round(30 * LEADING)
    caption_height = len(wrapped) * line_height
    figure_height = sum(big.getmetrics()) if figure else 0  # ascent and descent
    height = max(caption_height, figure_height)
    top = HEIGHT - BOTTOM - height
    if figure:
        write(image, (LEFT, top + height - figure_height), figure, big, BRIGHT)
    caption_top = top + (height - caption_height) // 2 if figure else top
    for index, line in enumerate(wrapped):
        write(image, (LEFT + figure_width, caption_top + index * line_height), line, small, DIM)
    return top


def _draw_title(image: Image.Image, title: str, top: int, room: int) -> None:
    for size in TITLE_SIZES:
        font, line_height = _font(True, size), round(size * LEADING)
        lines, cut = _fit(title, font, TEXT_WIDTH, max(1, room // line_height))
        if not cut:
            break
    for index, line in enumerate(lines):
        write(image, (LEFT, top + index * line_height), line, font, BRIGHT)


def _fit(text: str, font: ImageFont.FreeTypeFont, width: int, most: int) -> tuple[list[str], bool]:
    """``text`` in at most ``most`` lines no wider than ``width``, and whether it was cut short.

    A line that cuts it short ends in an ellipsis.
    """
    lines: list[str] = []
    words = text.split(" ")
    index = 0
    while index < len(words) and len(lines) < most:
        line = words[index]
        line_width = _width(font, line)
        if line_width > width:
            line = _cut(line, font, width, "")
            words[index] = words[index][len(line) :]
        else:
            index += 1
            while index < len(words):
                longer = _widened(font, line, line_width, words[index])
                if longer > width:
                    break
                line, line_width = f"{line} {words[index]}", longer
                index += 1
        lines.append(line)
    cut = index < len(words)
    if cut:
        lines[-1] = _cut(lines[-1], font, width, ELLIPSIS)
    return lines, cut


def _widened(font: ImageFont.FreeTypeFont, line: str, line_width: float, word: str) -> float:
    """The width of ``line``, a space and ``word``, given the width of ``line``.

    A line's width is its glyphs' advances plus the kerning of each pair of
    neighbours, so only the pairs either side of the space are new: the
    line is not measured again for each word it gains.
    """
    if not line or not word:
        return font.getlength(f"{line} {word}")
    return line_width + _space_between(font, line[-1], word[0]) + _width(font, word)


@functools.lru_cache(maxsize=4096)
def _width(font: ImageFont.FreeTypeFont, text: str) -> float:
    return font.getlength(text)


@functools.cache
def _space_between(font: ImageFont.FreeTypeFont, before: str, after: str) -> float:
    """What a space adds between two characters: its advance and the kerning either side of it."""
    return font.getlength(f"{before} {after}") - font.getlength(before) - font.getlength(after)


def _cut(text: str, font: ImageFont.FreeTypeFont, width: int, end: str) -> str:
    """The longest start of ``text`` that, followed by ``end``, fits in ``width``."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(text[:middle].rstrip() + end) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + end if end else text[: max(low, 1)]


def write(image: Image.Image, at: tuple[int, int], line: str, font: ImageFont.FreeTypeFont, fill: int) -> None:
    """``line`` painted with its top left at ``at``, the same pixels as ``ImageDraw.text`` paints.

    Pillow's basic layout rasterizes each glyph twice a call.  It moves the
    pen in 64ths of a pixel and sets each glyph at the pen rounded to a
    whole pixel, so the line is set from kept pieces: each glyph alone, or,
    where glyphs' inked boxes meet (a kerned pair, an overhang), the run of
    them as Pillow draws it, which composes their overlap.  A piece is kept
    by its text and the pen's 64ths where it starts.  Pieces whose ink does
    not meet blend into the card as Pillow's one mask of the line does: the
    same pixels.
    """
    x, y = at
    pen = 0  # in 64ths of a pixel, as Pillow moves it
    # Each piece: the pen at its first character, its first and end index, the right edge of its ink.
    pieces: list[tuple[int, int, int, int]] = []
    for index, char in enumerate(line):
        if index:
            pen += _advance(font, line[index - 1], char)
        glyph = _piece(font, char, pen & 63)
        if glyph.mask is None:
            continue
        start, first = pen, index
        left = x + (pen >> 6) + glyph.left
        right = left + glyph.width
        # Pieces run left to right without meeting; this glyph joins those its ink meets, always the last ones.
        while pieces and left < pieces[-1][3]:
            start, first, _, reached = pieces.pop()
            right = max(right, reached)
        pieces.append((start, first, index + 1, right))
    # Straight to the image's core: Image.paste's checks cost more than a glyph's blend.
    image.load()
    core = image.im
    for start, first, end, _ in pieces:
        piece = _piece(font, line[first:end], start & 63)
        if piece.mask is not None:
            left, top = x + (start >> 6) + piece.left, y + piece.top
            core.paste(fill, (left, top, left + piece.width, top + piece.height), piece.mask.im)


@dataclass(frozen=True)
class _Piece:
    mask: Image.Image | None  # the inked pixels, cropped; None for text without ink (a space)
    left: int  # where the mask's corner stands from the pen's whole pixel and the line's top
    top: int
    width: int  # the mask's
    height: int


@functools.lru_cache(maxsize=4096)
def _piece(font: ImageFont.FreeTypeFont, text: str, sixty_fourths: int) -> _Piece:
    """A character, or a run whose glyphs' ink meets, as Pillow draws it from a pen that far past a pixel."""
    left, top, right, bottom = (round(edge) for edge in font.getbbox(text, anchor="la"))
    room = 2 - left  # the pen's pixel, far enough in for the ink left of it and a rounding to the right
    canvas = Image.new("L", (room + right + 2, max(bottom - top, 1)), 0)
    _draw(canvas).text((room + sixty_fourths / 64, -top), text, font=font, fill=255, anchor="la")
    box = canvas.getbbox()
    if box is None:
        return _Piece(None, 0, 0, 0, 0)
    return _Piece(canvas.crop(box), box[0] - room, top + box[1], box[2] - box[0], box[3] - box[1])


@functools.lru_cache(maxsize=4096)
def _advance(font: ImageFont.FreeTypeFont, char: str, following: str) -> int:
    """How far the pen moves past ``char`` when ``following`` comes next, in 64ths: its advance and their kerning."""
    moved = (font.getlength(char + following) - font.getlength(following)) * 64
    assert moved == round(moved), "Pillow measures in 64ths of a pixel"
    return round(moved)


def _draw(image: Image.Image) -> ImageDraw.ImageDraw:
    draw = ImageDraw.Draw(image)
    # Pillow draws text on a palette image unsmoothed; smoothed, it blends the
    # indexes, which on the ramp blends the colours.
    draw.fontmode = "L"
    return draw


@functools.lru_cache(maxsize=8)
def _background(colours: tuple[str, ...], site: str) -> Image.Image:
    """The background, with the tiers' colours as a stripe down the left edge, and the site's name."""
    image = Image.new("P", (WIDTH, HEIGHT), 0)
    palette = [round(back + (255 - back) * step / (RAMP - 1)) for step in range(RAMP) for back in BACKGROUND]
    shown = colours[:MOST_TIERS]
    for colour in shown:
        palette += [int(colour[at : at + 2], 16) for at in (1, 3, 5)]
    image.putpalette(palette)
    draw = ImageDraw.Draw(image)
    for index in range(len(shown)):
        top, bottom = HEIGHT * index // len(shown), HEIGHT * (index + 1) // len(shown)
        draw.rectangle((0, top, STRIPE - 1, bottom - 1), fill=RAMP + index)
    if site:
        font = _font(False, SITE_SIZE)
        write(image, (LEFT, TOP), _fit(site, font, TEXT_WIDTH, 1)[0][0], font, DIM)
    return image


@functools.cache
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD if bold else REGULAR), size, layout_engine=ImageFont.Layout.BASIC)


@functools.cache
def _covered() -> frozenset[int]:
    """The characters both fonts can draw."""
    from fontTools.ttLib import TTFont  # only where cards are painted

    maps = []
    for path in (REGULAR, BOLD):
        with TTFont(path, lazy=True) as font:
            maps.append(set(font.getBestCmap()))
    return frozenset(maps[0] & maps[1])
