"""Cached values: put each formula's value into the saved file, and make the file
byte-for-byte reproducible.

openpyxl writes a formula cell as ``<c r="C5"><f>...</f><v/></c>``: no value, so Excel's
Protected View, file previews, phone viewers and ``load_workbook(data_only=True)`` would
show nothing until a spreadsheet recalculates. Here each such cell gets ``<v>`` with the
value the core computed, and the zip is rewritten with fixed dates.
"""

from __future__ import annotations

import re
import zipfile
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath

FIXED_DATE = (2024, 1, 1, 0, 0, 0)
FIXED_STAMP = "2024-01-01T00:00:00Z"
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}
_FORMULA_CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v\s*/>(?:</v>)?</c>', re.S)
_STAMP = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def sheet_files(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> the XML file that holds it."""
    book = ET.fromstring(z.read("xl/workbook.xml"))
    rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    target = {rel.get("Id"): rel.get("Target") for rel in rels.findall("p:Relationship", _NS)}
    out = {}
    for sheet in book.find("m:sheets", _NS):
        path = target[sheet.get(f"{{{_NS['r']}}}id")]
        out[sheet.get("name")] = path.lstrip("/") if path.startswith("/") else str(PurePosixPath("xl") / path)
    return out


def xml_value(value) -> tuple[str, str]:
    """The type attribute and the <v> text of a value."""
    if value is True or value is False:
        return ' t="b"', "1" if value else "0"
    if isinstance(value, str):
        text = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return ' t="str"', text
    x = float(value)
    if x - x != 0:
        raise ValueError(f"not a finite number: {value!r}")
    return "", repr(x)


def fill(xml: str, values: dict) -> str:
    """The sheet XML with a <v> for every formula cell; every formula must have a value."""
    seen = set()

    def put(m):
        ref, attrs, formula = m.groups()
        if ref not in values:
            raise KeyError(f"no cached value for formula cell {ref}")
        seen.add(ref)
        t, v = xml_value(values[ref])
        attrs = re.sub(r'\s+t="[^"]*"', "", attrs)
        return f'<c r="{ref}"{attrs}{t}><f>{formula}</f><v>{v}</v></c>'

    xml = _FORMULA_CELL.sub(put, xml)
    if seen != set(values):
        raise KeyError(f"formula cells not found in the sheet: {sorted(set(values) - seen)}")
    return xml


def finish(path: Path, cached: dict) -> None:
    """Rewrite the saved workbook at ``path`` with cached values and fixed dates."""
    with zipfile.ZipFile(path) as z:
        files = {v: k for k, v in sheet_files(z).items()}
        parts = [(info.filename, z.read(info.filename)) for info in z.infolist()]
    out = path.with_suffix(".tmp")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            if name in files and files[name] in cached:
                data = fill(data.decode("utf-8"), cached[files[name]]).encode("utf-8")
            elif name == "docProps/core.xml":
                data = _STAMP.sub(rf"\g<1>{FIXED_STAMP}\g<2>", data.decode("utf-8")).encode("utf-8")
            z.writestr(zipfile.ZipInfo(name, FIXED_DATE), data, zipfile.ZIP_DEFLATED)
    out.replace(path)
