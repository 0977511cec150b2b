"""Base45 (RFC 9285), the QR-alphanumeric text encoding of the EU DCC, written for speed.

Decoding works on the whole string with C-level operations instead of a Python loop per character: one
``bytes.translate`` turns characters into digit values; read as one big-endian integer, every chunk of
three digits is a 24-bit lane, and masks, shifts and one line of arithmetic, ``low + 45 * mid + 2025 *
high``, compute every chunk's value at once. A lane never carries into its neighbour (45**3 - 1 < 2**24),
so a chunk above 65535 shows as a set bit in the top byte of its lane. Encoding runs the other way with
the divisions by 45 done as multiplications and shifts over all lanes at once. Both are tested against
the RFC's examples and round trips (tests/passcodec/test_base45.py). See docs/adr/0013-pass-tokens.md.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_INVALID = 0xFF
_DIGITS = bytes(ALPHABET.index(chr(c)) if chr(c) in ALPHABET else _INVALID for c in range(256))
_CHARS = ALPHABET.encode("ascii")
_TO_CHARS = _CHARS + bytes(256 - len(_CHARS))


# Masks for the three digits of every lane, wide enough for the longest text decoded (a lane lines up
# from the low end, so one wide mask serves every length).
_MAX_CHUNKS = 4096
_HIGH = int.from_bytes(b"\xff\x00\x00" * _MAX_CHUNKS, "big")
_MID = _HIGH >> 8
_LOW = _HIGH >> 16
_LANE_LOW = int.from_bytes(b"\x00\x00\x03\xff\xff" * _MAX_CHUNKS, "big")  # low 18 bits of 40-bit lanes


class Base45Error(ValueError):
    """Not Base45: a character outside the alphabet, or a chunk whose value does not fit its bytes."""


class Base45Truncated(Base45Error):
    """The text ends inside a chunk: a length of 3n + 1 characters is never valid Base45."""


def encode(data: bytes) -> str:
    """Encode bytes: each pair of bytes becomes three characters, a last single byte two."""
    pairs = len(data) // 2
    text = bytearray()
    for start in range(0, pairs, _MAX_CHUNKS):
        text += _encode_pairs(data[2 * start : 2 * min(pairs, start + _MAX_CHUNKS)])
    if len(data) % 2:
        mid, low = divmod(data[-1], 45)
        text += bytes((_CHARS[low], _CHARS[mid]))
    return text.decode("ascii")


def _encode_pairs(data: bytes) -> bytes:
    # Every pair is a 16-bit number in a 40-bit lane. Dividing by 45 is a multiplication by
    # ceil(2**22 / 45) and a shift (exact below 2**16; the product stays under 2**33, inside the lane),
    # then by ceil(2**17 / 45) for the quotient (below 1457). The mask drops what the shift brings down
    # from the lane above.
    count = len(data) // 2
    width = 5 * count
    spread = bytearray(width)
    spread[3::5] = data[0::2]
    spread[4::5] = data[1::2]
    values = int.from_bytes(spread, "big")
    quotients = ((values * 93207) >> 22) & _LANE_LOW
    highs = ((quotients * 2913) >> 17) & _LANE_LOW
    text = bytearray(3 * count)
    text[0::3] = (values - 45 * quotients).to_bytes(width, "big")[4::5]
    text[1::3] = (quotients - 45 * highs).to_bytes(width, "big")[4::5]
    text[2::3] = highs.to_bytes(width, "big")[4::5]
    return text.translate(_TO_CHARS)


def decode(text: str) -> bytes:
    """Decode Base45 text; raise ``Base45Truncated`` or ``Base45Error``."""
    if not text.isascii():
        raise Base45Error("non-ASCII character")
    digits = text.encode("ascii").translate(_DIGITS)
    if _INVALID in digits:
        raise Base45Error("character outside the Base45 alphabet")
    size = len(digits)
    tail = size % 3
    if tail == 1:
        raise Base45Truncated("a single character cannot end Base45 text")
    if size > 3 * _MAX_CHUNKS:
        return _decode_long(digits, size - tail)
    # Two last characters make one more lane, its third digit zero; its value must fit one byte.
    lanes = int.from_bytes(digits + b"\x00" if tail else digits, "big")
    values = ((lanes & _HIGH) >> 16) + 45 * ((lanes & _MID) >> 8) + 2025 * (lanes & _LOW)
    if values & _HIGH:
        raise Base45Error("chunk value above 65535")
    out = bytearray(values.to_bytes(size + 1 if tail else size, "big"))
    del out[::3]  # each lane's top byte, zero
    if tail:
        if out[-2]:
            raise Base45Error("last chunk does not fit one byte")
        del out[-2]
    return bytes(out)


def _decode_long(digits: bytes, whole: int) -> bytes:
    """Text of more than ``_MAX_CHUNKS`` chunks (never a pass): chunk by chunk of the masks' width."""
    out = _decode_chunks(digits, whole // 3)
    if whole < len(digits):
        value = digits[whole] + 45 * digits[whole + 1]
        if value > 0xFF:
            raise Base45Error("last chunk does not fit one byte")
        out.append(value)
    return bytes(out)


def _decode_chunks(digits: bytes, chunks: int) -> bytearray:
    if chunks > _MAX_CHUNKS:
        return _decode_chunks(digits[: 3 * _MAX_CHUNKS], _MAX_CHUNKS) + _decode_chunks(
            digits[3 * _MAX_CHUNKS :], chunks - _MAX_CHUNKS
        )
    width = 3 * chunks
    lanes = int.from_bytes(digits[:width], "big")
    values = ((lanes & _HIGH) >> 16) + 45 * ((lanes & _MID) >> 8) + 2025 * (lanes & _LOW)
    if values & _HIGH:
        raise Base45Error("chunk value above 65535")
    spread = values.to_bytes(width, "big")
    out = bytearray(2 * chunks)
    out[0::2] = spread[1::3]
    out[1::2] = spread[2::3]
    return out
