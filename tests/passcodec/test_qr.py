"""QR codes: alphanumeric mode at error correction M, decoded back to the exact token."""

from __future__ import annotations

import io

import zxingcpp
from PIL import Image

from parkguard.passcodec import Kind, qr_version, render_qr_png, render_qr_svg
from parkguard.passcodec.qr import make_qr

from .conftest import person_claims


def decode_png(png: bytes) -> list[str]:
    image = Image.open(io.BytesIO(png))
    return [barcode.text for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)]


def test_the_rendered_qr_image_decodes_to_the_exact_token(issuer):
    token = issuer.issue()

    assert decode_png(render_qr_png(token, 4)) == [token]


def test_a_vehicle_pass_and_a_compressed_pass_decode_too(issuer):
    for claims in (person_claims(kind=Kind.VEHICLE, subject="蒙K·***8D"), person_claims(scope="0" * 96)):
        token = issuer.issue(claims)
        assert decode_png(render_qr_png(token, 3)) == [token]


def test_the_qr_is_alphanumeric_at_error_correction_m(issuer):
    code = make_qr(issuer.issue())

    assert code.mode == "alphanumeric"
    assert code.error == "M"


def test_a_typical_person_pass_fits_version_10(issuer):
    assert qr_version(issuer.issue()) <= 10


def test_the_svg_is_inline_markup(issuer):
    svg = render_qr_svg(issuer.issue())

    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg
