"""QR codes of pass tokens with segno, in alphanumeric mode at error correction M.

Base45 and the ``PC1:`` prefix use only the 45 characters of the QR alphanumeric mode (5.5 bits a
character instead of 8 in byte mode), which is why passes are Base45 and not Base64.
"""

from __future__ import annotations

import io

import segno

ERROR = "m"
MODE = "alphanumeric"


def make_qr(token: str) -> segno.QRCode:
    """The QR code of a token: alphanumeric mode, error correction exactly M."""
    return segno.make_qr(token, error=ERROR, mode=MODE, boost_error=False)


def qr_version(token: str) -> int:
    """The QR version (1-40) a token needs at error correction M."""
    return int(make_qr(token).version)


def render_qr_svg(token: str, *, scale: int = 4, border: int = 4) -> str:
    """An inline SVG (no XML declaration) of the token's QR code."""
    return make_qr(token).svg_inline(scale=scale, border=border, title="ParkGuard pass")


def render_qr_png(token: str, scale: int = 4, *, border: int = 4) -> bytes:
    """A PNG of the token's QR code, ``scale`` pixels a module."""
    buffer = io.BytesIO()
    make_qr(token).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()
