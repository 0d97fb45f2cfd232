"""The palette PNG writer (png.py): any decoder reads back the same pixels and palette."""

from __future__ import annotations

import io
import random
import struct
import zlib

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image

from macros.render import png
from macros.render.png import palette_png


def image_of(rows: list[list[int]], colours: int = 256) -> Image.Image:
    image = Image.new("P", (len(rows[0]), len(rows)))
    image.putdata([value for row in rows for value in row])
    image.putpalette([channel for index in range(colours) for channel in (index, 255 - index, index // 2)])
    return image


def chunks(written: bytes) -> dict[bytes, bytes]:
    """Each chunk's body by its kind, after checking its CRC."""
    assert written.startswith(png.SIGNATURE)
    found, at = {}, len(png.SIGNATURE)
    while at < len(written):
        (length,) = struct.unpack(">I", written[at : at + 4])
        kind, body = written[at + 4 : at + 8], written[at + 8 : at + 8 + length]
        assert struct.unpack(">I", written[at + 8 + length : at + 12 + length])[0] == zlib.crc32(kind + body)
        found[kind] = body
        at += 12 + length
    return found


def assert_reads_back(image: Image.Image) -> None:
    written = palette_png(image)
    read = Image.open(io.BytesIO(written))
    read.load()
    assert (read.mode, read.size) == ("P", image.size)
    assert read.tobytes() == image.tobytes()
    assert read.getpalette() == image.getpalette()
    # zlib checks its own checksum: the stream is whole, with nothing after it.
    width, height = image.size
    inflated = zlib.decompressobj()
    rows = inflated.decompress(chunks(written)[b"IDAT"])
    assert inflated.eof and not inflated.unused_data
    assert rows == b"".join(b"\0" + image.tobytes()[top : top + width] for top in range(0, width * height, width))


def runs(width: int, lengths: list[int], seed: int) -> list[list[int]]:
    """Rows in runs of the given lengths: each run one row repeated, each new row unlike the one before."""
    rng = random.Random(seed)
    rows: list[list[int]] = []
    for length in lengths:
        row = [rng.randrange(256) for _ in range(width)]
        if rows and row == rows[-1]:
            row[0] = (row[0] + 1) % 256
        rows += [row] * length
    return rows


@pytest.mark.parametrize(
    ("width", "lengths"),
    [
        (1, [1]),  # one pixel
        (1, [2, 1, 3]),  # a repeat of two bytes is shorter than a match: deflated instead
        (2, [1, 2]),  # a repeat of three bytes: the shortest match
        (7, [1, 1, 1, 1]),  # no row repeats
        (7, [40]),  # one row and its repeats to the end
        (257, [1, 1, 5, 1]),  # a row of 258 bytes: one longest match a row
        (256, [3, 2, 1]),  # rows of 257 bytes: matches of 258 leave one byte over
        (255, [2, 9]),  # rows of 256
        (258, [1, 2]),  # a repeated row of 259 bytes: a longest match and one byte over
        (1200, [56, 1, 1, 30, 4, 2, 1, 200]),  # a card's width
    ],
)
def test_runs_of_repeated_rows_read_back(width: int, lengths: list[int]) -> None:
    assert_reads_back(image_of(runs(width, lengths, width)))


def test_rows_too_long_to_refer_back_to_are_deflated() -> None:
    image = image_of(runs(40_000, [1, 3, 1], 1))
    assert_reads_back(image)


@settings(max_examples=60, deadline=None)
@given(
    width=st.integers(1, 300),
    lengths=st.lists(st.integers(1, 12), min_size=1, max_size=8),
    seed=st.integers(0, 2**16),
    colours=st.integers(1, 256),
)
def test_any_palette_image_reads_back(width: int, lengths: list[int], seed: int, colours: int) -> None:
    rows = [[value % colours for value in row] for row in runs(width, lengths, seed)]
    assert_reads_back(image_of(rows, colours))


@settings(max_examples=200)
@given(row=st.binary(min_size=1, max_size=3000), times=st.integers(1, 5000), before=st.binary(max_size=64))
def test_a_repeated_rows_checksum_is_zlibs(row: bytes, times: int, before: bytes) -> None:
    start = zlib.adler32(before)
    assert png._adler_repeated(start, zlib.adler32(row), len(row), times) == zlib.adler32(row * times, start)


@given(length=st.integers(3, 100_000))
@example(length=259)  # one byte over a longest match, and two
@example(length=516 + 2)
def test_match_lengths_cover_a_repeat_each_within_deflates_bounds(length: int) -> None:
    lengths = png._match_lengths(length)
    assert sum(lengths) == length
    assert all(png.SHORTEST_MATCH <= each <= png.LONGEST_MATCH for each in lengths)


@pytest.mark.parametrize("length", [258 * 3, 1201 * 7])
@pytest.mark.parametrize("last", [False, True])
def test_a_repeat_block_copies_the_bytes_before_it(length: int, last: bool) -> None:
    before = bytes(range(256)) * 5
    distance = 1201
    block = png._repeat_block(length, distance, last)
    inflated = zlib.decompressobj(-15, zdict=before)
    copied = inflated.decompress(block)
    assert copied == (before[-distance:] * (length // distance + 1))[:length]
    assert inflated.eof == last


@pytest.mark.parametrize(
    "image",
    [Image.new("RGB", (4, 4)), Image.new("L", (4, 4)), Image.new("P", (0, 3)), Image.new("P", (3, 0))],
    ids=["rgb", "grey", "no width", "no height"],
)
def test_refuses_what_it_does_not_write(image: Image.Image) -> None:
    with pytest.raises(ValueError):
        palette_png(image)


def test_refuses_transparency() -> None:
    image = image_of([[0, 1]])
    image.info["transparency"] = 0
    with pytest.raises(ValueError, match="opaque"):
        palette_png(image)
