"""Headless LibreOffice for the workbook tests: find it, and convert files in one run
with recalculation forced on load (a private user profile whose OOXMLRecalcMode and
ODFRecalcMode are 0, "always").

Without soffice the calling test is skipped with a reason, unless
XLFUNCS_REQUIRE_LIBREOFFICE=1 makes that a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice():
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path is None:
        reason = "LibreOffice (soffice) is not installed: the native workbooks were not recalculated"
        if os.environ.get("XLFUNCS_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(reason + " and XLFUNCS_REQUIRE_LIBREOFFICE=1")
        pytest.skip(reason)
    return path


def convert(exe, work, sources, to):
    """{file name: LibreOffice's conversion of it}, all files in one soffice run, in a
    private profile under ``work`` that recalculates every formula on load."""
    settings = work / "profile" / "user" / "registrymodifications.xcu"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(PROFILE)
    out = work / f"out-{to}"
    run = subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                          "--convert-to", to, "--outdir", str(out), *map(str, sources)],
                         capture_output=True, text=True, timeout=300)
    converted = {p.name: out / p.with_suffix("." + to).name for p in sources}
    missing = [n for n, p in converted.items() if not p.exists()]
    assert not missing, f"soffice did not convert {missing}: {run.stdout} {run.stderr}"
    return converted


def recalculate_copies(work, sources, source, scenarios, prepare):
    """Recalculate ``sources`` and, in the same soffice run, a copy of ``source`` for each
    scenario that ``prepare(source, copy, inputs)`` writes: {file name: recalculated path}."""
    copies = []
    for name, inputs in scenarios.items():
        prepare(source, work / name, inputs)
        copies.append(work / name)
    return convert(soffice(), work, list(sources) + copies, "xlsx")
