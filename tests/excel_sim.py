"""Call the LLM_* functions the way Excel does, in a process of their own (not a test module).

    python tests/excel_sim.py officejs|classic TARGET [import|lite-exec]  < cases.json

TARGET is ``xlfuncs`` or the path of a generated Lite ``main.py``. Each way of calling
needs xlwings imported in its own mode, which is decided once, when xlwings is imported:

- ``officejs``: xlwings' Office.js decorators (``XLWINGS_ON_SERVER=true``, as in xlwings
  Lite and xlwings Server). Each case goes through ``xlwings.server.custom_functions_call``
  with the payload Excel's JavaScript side sends (xlwings/pro/custom_functions_code.js):
  every argument a 2-D matrix (a cell is ``[[x]]``), an omitted argument ``null``, an
  empty cell ``null`` or ``""``. ``lite-exec`` loads main.py as xlwings Lite does: its
  text exec'd into a module named ``main`` that has no file.
- ``classic``: xlwings' Windows COM path, which cannot run here. This does what
  ``xlwings.udfs.call_udf`` does with the arguments COM hands it: an omitted optional
  argument becomes the default, every other one goes through
  ``xlwings.conversion.read(None, value, CLASSIC_OPTIONS)`` (the options ``excel.py``
  gives every argument), read by a stand-in for xlwings' Windows engine whose cleaning
  step is that of xlwings/_xlwindows.py (an empty cell, None or "", reads as None; an
  error cell's COM code reads as its text with err_to_str). COM hands a single cell as a
  scalar and a range as a tuple of row tuples, numbers always as floats.
  Errors are returned as text there, as ``excel.py`` arranges under ``xlwings.udfs``.

A cell ``{"error": "#DIV/0!"}`` in a case is an error cell, sent as Excel sends one. A cell
``{"date": "2024-01-01T09:00:00"}`` is a date cell: COM hands it as a date (xlwings reads a
datetime); Office.js sends its serial number (45292.375), a plain number, which xlwings'
Office.js engine cannot tell from one (xlwings/pro/_xlofficejs.py: "date-formatted cells
aren't recognized").

Prints JSON: the Office.js metadata and each argument's conversion options (officejs),
where the package's modules were loaded from, and per case ``{"value": ...}``, ``{"raised": type, "message": ...}`` or
``{"not_json": repr}`` when the value is not strict JSON (inf, NaN, numpy types).
"""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import inspect
import json
import os
import sys

CLASSIC_OPTIONS = {"ndim": 2, "err_to_str": True}


def main(mode: str, target: str, load: str = "import") -> None:
    if mode == "officejs":
        os.environ["XLWINGS_ON_SERVER"] = "true"
        os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # xlwings' noncommercial key
    else:
        os.environ.pop("XLWINGS_ON_SERVER", None)
    import xlwings  # noqa: F401  only now, in the mode chosen above

    module = load_target(target, load)
    cases = json.load(sys.stdin)
    out = {"modules": {n: getattr(m, "__file__", None) for n, m in sorted(sys.modules.items())
                       if n == "xlfuncs" or n.startswith("xlfuncs.")}}
    if mode == "officejs":
        import xlwings.server

        out["meta"] = xlwings.server.custom_functions_meta(module)
        out["options"] = {name: {a["name"]: a["options"] for a in f.__xlfunc__["args"]}
                          for name, f in inspect.getmembers(module) if hasattr(f, "__xlfunc__")}
        out["results"] = [officejs_call(module, case) for case in cases]
    else:
        classic_setup()
        out["results"] = [classic_call(module, case) for case in cases]
    json.dump(out, sys.stdout)


def load_target(target: str, load: str):
    if target == "xlfuncs":
        import xlfuncs

        return xlfuncs
    if load == "lite-exec":
        with open(target, encoding="utf-8") as f:
            source = f.read()
        module = importlib.util.module_from_spec(importlib.util.spec_from_loader("main", loader=None))
        exec(compile(source, "main.py", "exec"), module.__dict__)
        sys.modules["main"] = module
        return module
    spec = importlib.util.spec_from_file_location("lite_main", target)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def strict(value) -> dict:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError):
        return {"not_json": repr(value)}
    return {"value": value}


# --- Office.js -------------------------------------------------------------------------

ERROR_TYPES = {"#DIV/0!": "Div0", "#N/A": "NotAvailable", "#NAME?": "Name", "#NULL!": "Null",
               "#NUM!": "Num", "#REF!": "Ref", "#VALUE!": "Value"}


def officejs_arg(arg, case):
    if arg is None:
        return None  # an omitted optional argument
    empty = case.get("empty")  # how an empty cell arrives: null or ""

    def cell(v):
        if isinstance(v, dict) and "date" in v:  # a date cell: Office.js sends its serial number
            return excel_serial(v["date"])
        if isinstance(v, dict):  # an error cell: Excel's error value, as a custom function gets it
            return {"type": "Error", "basicType": "Error", "basicValue": v["error"],
                    "errorType": ERROR_TYPES[v["error"]]}
        return empty if v is None else v

    grid = [[cell(v) for v in row] for row in arg]
    if case.get("bare_scalars") and len(grid) == 1 and len(grid[0]) == 1:
        return grid[0][0]
    return grid


def excel_serial(iso: str) -> float:
    """Excel's serial number of a date (1900 system: day 1 is 1900-01-01, counted from 1899-12-30)."""
    import datetime

    delta = datetime.datetime.fromisoformat(iso) - datetime.datetime(1899, 12, 30)
    return delta.days + delta.seconds / 86400


def officejs_call(module, case) -> dict:
    import xlwings
    import xlwings.server

    data = {
        "func_name": case["func"],
        "args": [officejs_arg(a, case) for a in case["args"]],
        "caller_address": "Sheet1!A1",
        "content_language": "en-US",
        "version": xlwings.__version__,
        "runtime": case.get("runtime", "1.4"),
    }
    try:
        return strict(asyncio.run(xlwings.server.custom_functions_call(data, module)))
    except Exception as exc:  # what xlwings hands Excel's JavaScript side as the error
        return {"raised": type(exc).__name__, "message": str(exc)}


# --- classic (Windows COM) ------------------------------------------------------------

def com_cell_errors() -> dict:
    """xlwings' table of COM error codes (#DIV/0! is -2146826281), read from
    xlwings/_xlwindows.py, which cannot be imported off Windows."""
    import xlwings

    source = open(os.path.join(os.path.dirname(xlwings.__file__), "_xlwindows.py"), encoding="utf-8").read()
    [node] = [n for n in ast.parse(source).body if isinstance(n, ast.Assign)
              and getattr(n.targets[0], "id", None) == "cell_errors"]
    return ast.literal_eval(node.value)


CELL_ERRORS = {}


class ComStandIn:
    """The part of xlwings/_xlwindows.py's Engine that reading a UDF argument uses."""

    name, type = "excel", "desktop"

    @staticmethod
    def clean_value_data(data, datetime_builder, empty_as, number_builder, err_to_str):
        def clean(c):  # xlwings/_xlwindows.py _clean_value_data_element (com_value made dates datetimes)
            if c in ("", None):
                return empty_as
            if type(c) is int and c in CELL_ERRORS:
                return CELL_ERRORS[c] if err_to_str else None
            return c

        return [[clean(c) for c in row] for row in data]


def classic_setup():
    import xlwings

    import xlfuncs.ranges

    CELL_ERRORS.update(com_cell_errors())
    xlwings.engines.add(xlwings.main.Engine(impl=ComStandIn()))
    xlfuncs.ranges.ERRORS_AS_TEXT = True  # what excel.py sets when xw.func is xlwings.udfs'


def com_value(arg):
    codes = {text: code for code, text in CELL_ERRORS.items()}

    def cell(v):
        if isinstance(v, dict) and "date" in v:  # a date cell: xlwings reads COM's date as a datetime
            import datetime

            return datetime.datetime.fromisoformat(v["date"])
        if isinstance(v, dict):  # an error cell: COM hands its error code, an int
            return codes[v["error"]]
        return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v

    if len(arg) == 1 and len(arg[0]) == 1:
        return cell(arg[0][0])
    return tuple(tuple(cell(v) for v in row) for row in arg)


def classic_call(module, case) -> dict:
    from xlwings import conversion

    func = getattr(module, case["func"])
    params = list(inspect.signature(func).parameters.values())
    args = []
    for param, arg in zip(params, case["args"]):
        if arg is None:  # call_udf: a missing argument is the Python default
            args.append(param.default)
        else:
            args.append(conversion.read(None, com_value(arg), CLASSIC_OPTIONS))
    try:
        return strict(func(*args))
    except Exception as exc:
        return {"raised": type(exc).__name__, "message": str(exc)}


if __name__ == "__main__":
    main(*sys.argv[1:])
