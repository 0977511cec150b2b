"""Checking uploaded documents and photos before anything is stored.

The type comes from the content, never from the name: a PDF, a JPEG or a PNG. Images are decoded under
a pixel limit (decompression bombs) and re-encoded from their pixels alone, so EXIF (with its GPS
location), XMP and text chunks never reach the disk. A PDF is refused when it carries script: the names
/JS, /JavaScript or /Launch anywhere, in the file or inside its (decompressed) streams, including names
written with ``#xx`` escapes; an encrypted PDF, or one using a stream encoding not decoded here (LZW,
run-length), is refused too, since what it hides cannot be checked. An Office document or any zip is
refused by its type.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
import zlib
from typing import IO

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from parkguard.core.errors import ServiceError

PDF, JPEG, PNG, ZIP = "pdf", "jpeg", "png", "zip"
DOCUMENT_TYPES = frozenset({PDF, JPEG, PNG})
IMAGE_TYPES = frozenset({JPEG, PNG})
SIGNATURES = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"PK\x03\x04", ZIP),
    (b"PK\x05\x06", ZIP),
)
# Names that make a PDF run something: script, or launching a program.
DANGEROUS_NAMES = frozenset({b"JS", b"JavaScript", b"Launch"})
NAME = re.compile(rb"/((?:[A-Za-z0-9_.+\-]|#[0-9A-Fa-f]{2})+)")
STREAM = re.compile(rb"stream(?:\r\n|\n|\r)(.*?)(?:\r\n|\n|\r)?endstream", re.DOTALL)
# Streams in these encodings (or encrypted) cannot be read here, so what they hide cannot be checked.
UNCHECKABLE_NAMES = frozenset({b"Encrypt", b"LZWDecode", b"LZW", b"RunLengthDecode", b"RL"})
# A stream may expand this many times the upload limit before the PDF counts as a bomb.
PDF_EXPANSION = 10


def sniff(head: bytes) -> str | None:
    # Some writers put a few bytes before %PDF- (the PDF spec allows 1024).
    if b"%PDF-" in head[:1024]:
        return PDF
    return next((kind for signature, kind in SIGNATURES if head.startswith(signature)), None)


def _read(file: IO[bytes]) -> bytes:
    limit = settings.RESUMPTION_UPLOAD_MAX_BYTES
    size = getattr(file, "size", None)
    if size is not None and size > limit:
        raise _too_large(limit)
    file.seek(0)
    data = file.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    if not data:
        raise ServiceError(_("The file is empty."), code="empty_file")
    return data


def _too_large(limit: int) -> ServiceError:
    return ServiceError(
        _("The file is larger than %(size)s MB."), code="too_large", params={"size": limit // (1024 * 1024)}
    )


def clean_upload(file: IO[bytes], *, allowed: frozenset[str] = DOCUMENT_TYPES) -> ContentFile:
    """The checked (and, for images, re-encoded) content, named by its real type; else ServiceError."""
    data = _read(file)
    kind = sniff(data[:1024])
    if kind == ZIP:
        raise ServiceError(
            _("Office documents and archives are not accepted: upload a PDF or a photo."), code="wrong_type"
        )
    if kind not in allowed:
        raise ServiceError(_("Upload a PDF, a JPEG or a PNG file."), code="wrong_type")
    if kind == PDF:
        check_pdf(data)
        return ContentFile(data, name="document.pdf")
    return ContentFile(clean_image(data), name=f"image.{'jpg' if kind == JPEG else 'png'}")


# --- images -----------------------------------------------------------------------------------------


def clean_image(data: bytes) -> bytes:
    """Decode under the pixel limit, keep only the pixels (upright), encode again."""
    limit = settings.RESUMPTION_IMAGE_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > limit:
                raise _bomb()
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _bomb() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ServiceError(_("The image cannot be read."), code="bad_image") from exc
    return _encode(upright, image.format or "PNG")


def _bomb() -> ServiceError:
    return ServiceError(_("The image is too large to process."), code="image_bomb")


def _encode(image: Image.Image, fmt: str) -> bytes:
    mode = image.mode
    if fmt == "JPEG" and mode not in ("RGB", "L"):
        mode = "RGB"
    elif fmt != "JPEG" and mode not in ("RGB", "RGBA", "L", "LA"):
        mode = "RGBA"
    # A new image from the pixels alone: no info dict, hence no EXIF, XMP, ICC or text chunks.
    source = image.convert(mode)
    bare = Image.frombytes(mode, source.size, source.tobytes())
    out = io.BytesIO()
    if fmt == "JPEG":
        bare.save(out, format="JPEG", quality=88)
    else:
        bare.save(out, format="PNG", optimize=True)
    return out.getvalue()


# --- PDF --------------------------------------------------------------------------------------------


def _unescape(name: bytes) -> bytes:
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), name)


def _names(chunk: bytes) -> set[bytes]:
    return {_unescape(m.group(1)) for m in NAME.finditer(chunk)}


def _has_script(chunk: bytes) -> bool:
    names = _names(chunk)
    if names & UNCHECKABLE_NAMES:
        raise ServiceError(
            _("Encrypted PDFs, or PDFs in an encoding that cannot be checked, are not accepted."),
            code="pdf_unchecked",
        )
    return bool(names & DANGEROUS_NAMES)


def _decoded(body: bytes, budget: int) -> list[bytes]:
    """The stream decoded by whichever of Flate, ASCII85 and ASCIIHex applies (and chains of them)."""
    found: list[bytes] = []
    pending = [body]
    for _depth in range(3):
        nxt = []
        for chunk in pending:
            for decoded in (_inflate(chunk, max(budget, 1)), _a85(chunk), _hex(chunk)):
                if decoded:
                    found.append(decoded)
                    nxt.append(decoded)
        pending = nxt
    return found


def _inflate(chunk: bytes, budget: int) -> bytes | None:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(chunk, budget)
    except zlib.error:
        return None
    if inflater.unconsumed_tail:
        raise _pdf_bomb()
    return out


def _pdf_bomb() -> ServiceError:
    return ServiceError(_("The PDF expands beyond what can be checked."), code="pdf_bomb")


def _a85(chunk: bytes) -> bytes | None:
    text = chunk.strip()
    if not text.endswith(b"~>"):
        return None
    try:
        return base64.a85decode(text, adobe=text.startswith(b"<~"), ignorechars=b" \t\r\n")
    except ValueError:
        return None


def _hex(chunk: bytes) -> bytes | None:
    text = re.sub(rb"\s", b"", chunk)
    if not text.endswith(b">") or not re.fullmatch(rb"[0-9A-Fa-f]+>", text):
        return None
    digits = text[:-1]
    try:
        return binascii.unhexlify(digits + b"0" * (len(digits) % 2))
    except binascii.Error:
        return None


def check_pdf(data: bytes) -> None:
    """Refuse a PDF with script or a launch action, in its objects or in any stream it decodes to."""
    budget = settings.RESUMPTION_UPLOAD_MAX_BYTES * PDF_EXPANSION
    if _has_script(data):
        raise _script()
    for match in STREAM.finditer(data):
        for decoded in _decoded(match.group(1), budget):
            # One budget for the whole file: many small streams must not add up to a bomb either.
            budget -= len(decoded)
            if budget < 0:
                raise _pdf_bomb()
            if _has_script(decoded):
                raise _script()


def _script() -> ServiceError:
    return ServiceError(_("PDFs with script or launch actions are not accepted."), code="pdf_script")
