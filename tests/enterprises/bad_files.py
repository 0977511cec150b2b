"""Files that an import must refuse, built in memory."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

from parkguard.lib.excel import OLE_MAGIC

from .xlsx import workbook_bytes

CSV_RENAMED = b"a,b\n1,2"


def encrypted_workbook(data: bytes) -> bytes:
    """``data`` encrypted with a password as Excel does (an OLE compound file).

    Without msoffcrypto-tool (a dev extra), a file with the OLE magic bytes stands in: the import refuses both
    by their first eight bytes.
    """
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        return OLE_MAGIC + bytes(4096)
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt("secret", out)
    return out.getvalue()


def with_extra_entry(data: bytes, name: str, content: bytes) -> bytes:
    """A copy of the workbook ``data`` with one more (deflated) file inside its zip."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, content)
    return out.getvalue()


def blank_sheet(title: str = "花名册") -> bytes:
    book = Workbook()
    book.active.title = title
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_merged_cells(rows: list[list], cells: str) -> bytes:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(workbook_bytes(rows)))
    book.active.merge_cells(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class EndlessUpload(io.RawIOBase):
    """An upload of zeros that never ends; records how much of it was read."""

    def __init__(self) -> None:
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            raise MemoryError("read the whole endless upload")
        self.bytes_read += size
        return b"PK\x03\x04" + bytes(max(size - 4, 0)) if self.bytes_read == size else bytes(size)
