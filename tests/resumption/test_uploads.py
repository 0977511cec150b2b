"""Uploads: type by content, size limit, EXIF removed, bombs refused, PDFs with script refused."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image
from PIL.PngImagePlugin import PngInfo

from parkguard.core.errors import ServiceError
from parkguard.resumption.uploads import IMAGE_TYPES, check_pdf, clean_upload

from .conftest import codes, image_bytes, pdf_bytes


def upload(data: bytes, name: str = "file.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def refused(data: bytes, name: str = "file.pdf", **kwargs) -> set[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as exc:
        clean_upload(upload(data, name), **kwargs)
    return codes(exc)


def test_a_plain_pdf_is_accepted_as_it_is():
    data = pdf_bytes()
    assert clean_upload(upload(data)).read() == data


def test_the_type_comes_from_the_content_not_the_name():
    assert "wrong_type" in refused(b"just some text", name="plan.pdf")
    assert clean_upload(upload(pdf_bytes(), name="photo.jpg")).name == "document.pdf"


def test_an_office_document_is_refused_as_an_archive():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "wrong_type" in refused(out.getvalue(), name="plan.docx")


def test_a_zip_bomb_is_refused_by_type():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"0" * 5_000_000)
    assert "wrong_type" in refused(out.getvalue(), name="plan.pdf")


def test_a_file_over_the_limit_is_refused(settings):
    settings.RESUMPTION_UPLOAD_MAX_BYTES = 1024 * 1024
    big = pdf_bytes(b"/Padding (" + b"x" * (1024 * 1024) + b") ")
    assert "too_large" in refused(big)


def test_an_empty_file_is_refused():
    assert "empty_file" in refused(b"")


def test_only_images_are_accepted_as_photos():
    assert "wrong_type" in refused(pdf_bytes(), allowed=IMAGE_TYPES)


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Phone"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (25.0, 2.0, 30.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (102.0, 42.0, 10.0)
    return image_bytes("JPEG", size=(32, 16), exif=exif.tobytes())


def test_exif_and_its_location_are_removed_from_a_photo():
    original = _jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    cleaned = clean_upload(upload(original, "site.jpg")).read()
    image = Image.open(io.BytesIO(cleaned))
    assert (image.format, image.size) == ("JPEG", (32, 16))
    assert len(image.getexif()) == 0
    assert b"Exif" not in cleaned


def test_text_chunks_are_removed_from_a_png():
    info = PngInfo()
    info.add_text("Comment", "secret location")
    cleaned = clean_upload(upload(image_bytes("PNG", pnginfo=info), "a.png")).read()
    assert b"secret location" not in cleaned
    assert Image.open(io.BytesIO(cleaned)).format == "PNG"


def test_an_image_over_the_pixel_limit_is_refused(settings):
    settings.RESUMPTION_IMAGE_MAX_PIXELS = 1000
    assert "image_bomb" in refused(image_bytes("PNG", size=(100, 100)), "big.png")


def _png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_before_decoding():
    # 40,000 × 40,000 pixels declared in a file of a few bytes: Pillow's own bomb check fires.
    assert "image_bomb" in refused(_png_claiming(40_000, 40_000), "bomb.png")


def test_a_broken_image_is_refused():
    assert "bad_image" in refused(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, "broken.png")


# --- PDFs with script --------------------------------------------------------------------------------


def _stream(body: bytes, filters: bytes = b"") -> bytes:
    return (
        b"3 0 obj\n<< /Length "
        + str(len(body)).encode()
        + filters
        + b" >>\nstream\n"
        + body
        + b"\nendstream\nendobj\n"
    )


def pdf_with(extra: bytes) -> bytes:
    base = pdf_bytes()
    return base.replace(b"trailer", extra + b"trailer")


@pytest.mark.parametrize(
    "body",
    [
        b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >> ",
        b"/Names << /JavaScript 5 0 R >> ",
        b"/AA << /O << /S /JavaScript /JS 6 0 R >> >> ",
        b"/OpenAction << /S /Launch /F (cmd.exe) >> ",
        b"/OpenAction << /S /J#61vaScript /J#53 (x) >> ",
    ],
)
def test_a_pdf_with_script_in_its_objects_is_refused(body):
    with pytest.raises(ServiceError) as exc:
        check_pdf(pdf_bytes(body))
    assert "pdf_script" in codes(exc)


def test_a_pdf_with_script_inside_a_compressed_object_stream_is_refused():
    hidden = zlib.compress(b"7 0 obj << /S /JavaScript /JS (app.launchURL('x')) >> endobj")
    data = pdf_with(_stream(hidden, b" /Type /ObjStm /Filter /FlateDecode"))
    assert b"JavaScript" not in data
    assert "pdf_script" in refused(data)


def test_a_pdf_with_script_in_a_hex_then_flate_stream_is_refused():
    hidden = zlib.compress(b"<< /S /JavaScript /JS (x) >>").hex().encode() + b">"
    data = pdf_with(_stream(hidden, b" /Filter [/ASCIIHexDecode /FlateDecode]"))
    assert "pdf_script" in refused(data)


def test_a_pdf_whose_stream_inflates_beyond_the_budget_is_refused(settings):
    settings.RESUMPTION_UPLOAD_MAX_BYTES = 100 * 1024
    data = pdf_with(_stream(zlib.compress(b"\0" * 5_000_000, 9), b" /Filter /FlateDecode"))
    assert "pdf_bomb" in refused(data)


def test_a_pdf_with_a_harmless_open_action_and_compressed_content_is_accepted():
    content = _stream(zlib.compress(b"BT /F1 12 Tf (Hello) Tj ET"), b" /Filter /FlateDecode")
    data = pdf_with(content).replace(b"/Pages 2 0 R", b"/Pages 2 0 R /OpenAction [2 0 R /Fit]")
    assert clean_upload(upload(data)).read() == data


@pytest.mark.parametrize(
    "body",
    [b"/Encrypt 9 0 R ", b"/Filter /LZWDecode ", b"/Filter /RunLengthDecode ", b"/Filter /LZW#44ecode "],
)
def test_a_pdf_whose_content_cannot_be_checked_is_refused(body):
    assert "pdf_unchecked" in refused(pdf_bytes(body))


def test_a_stream_without_a_newline_before_endstream_is_still_read():
    hidden = zlib.compress(b"<< /S /JavaScript /JS (x) >>")
    data = pdf_with(b"3 0 obj\n<< /Filter /FlateDecode >>\nstream\r\n" + hidden + b"endstream\nendobj\n")
    assert "pdf_script" in refused(data)
