"""A palette image written as a PNG, sending each run of rows equal to the row above as back-references.

Half of a share card's rows repeat the row above them (the background
between lines of text).  zlib compresses such a row well but still reads
every byte of it; here each run of repeated rows becomes a short block of
"copy from one row back" codes, made once per run length, and zlib
compresses only the rows that differ.  Rows carry PNG's filter "none", the
filter PNG's own guidance recommends for palette images.

The result is a standard PNG: the deflate stream is a series of complete
blocks and the zlib checksum covers every byte, so any decoder reads it.
"""

from __future__ import annotations

import functools
import struct
import zlib

from PIL import Image

SIGNATURE = b"\x89PNG\r\n\x1a\n"
LEVEL = 1  # zlib's fastest; the repeated rows cost next to nothing at any level
WINDOW = 32768  # how far back a deflate back-reference may reach
ADLER = 65521  # the modulus of the zlib checksum
# A repeated run is sent as matches of this many bytes (deflate's longest), the last one shorter.
LONGEST_MATCH, SHORTEST_MATCH = 258, 3
END_OF_BLOCK = 256


def _table(extra_bits: list[int], first: int) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Deflate's codes for lengths or distances: each code's smallest value and its count of extra bits."""
    bases = [first]
    for extra in extra_bits[:-1]:
        bases.append(bases[-1] + (1 << extra))
    return tuple(bases), tuple(extra_bits)


# RFC 1951, 3.2.5: lengths 3..257 by codes 257..284, then 258 alone by code 285; distances 1..32768.
_LENGTH_BASES, _LENGTH_EXTRA = _table([0 if code < 8 else (code - 4) // 4 for code in range(28)], SHORTEST_MATCH)
_LENGTH_BASES, _LENGTH_EXTRA = (*_LENGTH_BASES, LONGEST_MATCH), (*_LENGTH_EXTRA, 0)
_DISTANCE_BASES, _DISTANCE_EXTRA = _table([0 if code < 4 else code // 2 - 1 for code in range(30)], 1)


def palette_png(image: Image.Image) -> bytes:
    """``image``, in mode ``P`` without transparency, as PNG bytes."""
    if image.mode != "P" or "transparency" in image.info:
        raise ValueError(f"palette_png writes opaque palette images, not mode {image.mode}")
    width, height = image.size
    if not width or not height:
        raise ValueError(f"a PNG has at least one pixel, not {width} by {height}")
    raw = image.tobytes()
    rows = [raw[top : top + width] for top in range(0, width * height, width)]
    palette = image.getpalette() or [0, 0, 0]
    return b"".join(
        (
            SIGNATURE,
            _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)),
            _chunk(b"PLTE", bytes(palette[: 3 * 256])),
            _chunk(b"IDAT", _zlib_stream(rows)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(body, zlib.crc32(kind)))


def _zlib_stream(rows: list[bytes]) -> bytes:
    """``rows`` as a zlib stream of filtered rows: runs of repeated rows as back-references, the rest through zlib."""
    stride = len(rows[0]) + 1  # each row is its filter byte, 0, then its pixels
    out = [b"\x78\x01"]  # deflate with a 32 KiB window, "fastest" in the header's level hint
    adler = 1
    row, height = 0, len(rows)
    while row < height:
        # Rows that differ from the row above, then the run of rows that repeat it.
        start = row
        row += 1
        while row < height and rows[row] != rows[row - 1]:
            row += 1
        repeats = row
        while repeats < height and rows[repeats] == rows[row - 1]:
            repeats += 1
        last = repeats == height
        changing = b"\0" + b"\0".join(rows[start:row])
        out.append(_deflated(changing, b"\0" + rows[start - 1] if start else b"", last and repeats == row))
        adler = zlib.adler32(changing, adler)
        if repeats > row:
            repeated = b"\0" + rows[row - 1]
            if stride * (repeats - row) >= SHORTEST_MATCH and stride <= WINDOW:
                out.append(_repeat_block((repeats - row) * stride, stride, last))
                adler = _adler_repeated(adler, zlib.adler32(repeated), stride, repeats - row)
            else:
                repeated *= repeats - row
                out.append(_deflated(repeated, b"\0" + rows[row - 1], last))
                adler = zlib.adler32(repeated, adler)
        row = repeats
    out.append(struct.pack(">I", adler))
    return b"".join(out)


def _deflated(data: bytes, before: bytes, last: bool) -> bytes:
    """``data`` as deflate blocks that may refer back into ``before``; ending on a byte, or the stream's end."""
    compressor = zlib.compressobj(LEVEL, zlib.DEFLATED, -15, zdict=before)  # -15: raw deflate, a 32 KiB window
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)


@functools.lru_cache(maxsize=1024)
def _repeat_block(length: int, distance: int, last: bool) -> bytes:
    """A fixed-code deflate block that copies ``length`` bytes from ``distance`` back, ending on a byte."""
    bits = _Bits()
    bits.put(1 if last else 0, 1)
    bits.put(1, 2)  # fixed codes
    for match in _match_lengths(length):
        code = next(index for index in range(len(_LENGTH_BASES) - 1, -1, -1) if _LENGTH_BASES[index] <= match)
        bits.put_code(*_fixed_literal_code(257 + code))
        bits.put(match - _LENGTH_BASES[code], _LENGTH_EXTRA[code])
        place = next(index for index in range(len(_DISTANCE_BASES) - 1, -1, -1) if _DISTANCE_BASES[index] <= distance)
        bits.put_code(place, 5)
        bits.put(distance - _DISTANCE_BASES[place], _DISTANCE_EXTRA[place])
    bits.put_code(*_fixed_literal_code(END_OF_BLOCK))
    if not last:
        # An empty stored block brings the stream to a whole byte, as zlib's sync flush does.
        bits.put(0, 3)
        bits.align()
        bits.put(0x0000, 16)
        bits.put(0xFFFF, 16)
    bits.align()
    return bits.bytes()


def _match_lengths(length: int) -> list[int]:
    """``length`` as deflate match lengths, each from 3 to 258."""
    if length < SHORTEST_MATCH:
        raise ValueError(f"a repeat of {length} bytes is shorter than a match")
    lengths = [LONGEST_MATCH] * (length // LONGEST_MATCH)
    rest = length % LONGEST_MATCH
    if rest and rest < SHORTEST_MATCH:
        lengths[-1] -= SHORTEST_MATCH - rest
        rest = SHORTEST_MATCH
    return [*lengths, rest] if rest else lengths


def _fixed_literal_code(symbol: int) -> tuple[int, int]:
    """The fixed Huffman code of a literal/length symbol and its length in bits (RFC 1951, 3.2.6)."""
    if symbol < 144:
        return 0x30 + symbol, 8
    if symbol < 256:
        return 0x190 + symbol - 144, 9
    if symbol < 280:
        return symbol - 256, 7
    return 0xC0 + symbol - 280, 8


def _adler_repeated(adler: int, row_adler: int, length: int, times: int) -> int:
    """The zlib checksum ``adler`` continued over ``times`` copies of a row whose own checksum is ``row_adler``."""
    total = ((row_adler & 0xFFFF) - 1) % ADLER  # the row's byte sum
    weighted = ((row_adler >> 16) - length) % ADLER  # its bytes each weighted by how many bytes follow, plus one
    low, high = adler & 0xFFFF, adler >> 16
    high = (high + times * length * low + length * total * (times * (times - 1) // 2) + times * weighted) % ADLER
    low = (low + times * total) % ADLER
    return (high << 16) | low


class _Bits:
    """Bits packed as deflate packs them: from each byte's lowest bit up."""

    def __init__(self) -> None:
        self.value = 0
        self.count = 0

    def put(self, value: int, width: int) -> None:
        self.value |= value << self.count
        self.count += width

    def put_code(self, code: int, width: int) -> None:
        """A Huffman code, whose bits go most significant first."""
        self.put(int(f"{code:0{width}b}"[::-1], 2), width)

    def align(self) -> None:
        self.count += -self.count % 8

    def bytes(self) -> bytes:
        return self.value.to_bytes(self.count // 8, "little")
