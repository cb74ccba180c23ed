"""Reading what a cell holds.

Excel hands a function floats, strings, booleans and None (an empty cell). Each reader
here turns one such value into what a formula needs, or raises :class:`InputError`
with one line that names the argument, repeats the value and says what was expected.

A reader is an object with two faces: call it on one value (``POSITIVE("gpus", 0)``)
or ask it which elements of a float array are bad (``POSITIVE.bad(arr)``), so a
100,000-row column is checked at numpy speed.
"""

from __future__ import annotations

import datetime
import math
import re

__all__ = ["InputError", "OutOfRange", "Number", "plain_number", "whole_number", "MAX_MAGNITUDE", "COUNT", "POSITIVE", "NONNEGATIVE", "FRACTION", "WHOLE", "DAYS",
           "flag", "text", "bandwidth_gbs", "precision_bytes", "is_empty", "known"]


class InputError(ValueError):
    """A bad argument: the message is one line fit for a cell (Excel shows #VALUE! for an
    array holding a text over 255 characters, so a long list is cut at an item)."""

    excel_error = "#VALUE!"  # the error value a cell shows where the runtime has real errors

    def __init__(self, message=""):
        message = " ".join(str(message).split())
        if len(message) > 255:
            cut = message.rfind(", ", 0, 240)
            message = message[:cut if cut > 0 else 240] + ", …"
        super().__init__(message)


class OutOfRange(InputError):
    """A number outside what the argument allows (0 GPUs, -5 tokens, inf): Excel's #NUM!."""

    excel_error = "#NUM!"


def known(items, see=None, room=120) -> str:
    """A list of names for a message, cut at a name to about ``room`` characters so that what
    follows it (the value typed, a hint) still fits the cell: "a, b, … (24 in all; see the
    GPUs sheet)". ``see`` says where the whole list is."""
    items = [str(i) for i in items]
    text = ", ".join(items)
    if len(text) <= room:
        return text
    shown = text[:text.rfind(", ", 0, room)]
    where = f"; see {see}" if see else ""
    return f"{shown}, … ({len(items)} in all{where})"


# Suffixes people write for counts: "175B" parameters, "1.4T" tokens, "125M".
_SUFFIX = {"K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12, "P": 1e15}
_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([KMBGTP])?\s*$", re.I)


def show(value) -> str:
    """How a value reads back in a message: as the user would have typed it, never as
    Python would print it (no None, no datetime(...)), and short enough for a cell."""
    if value is None:
        return "an empty cell"
    if isinstance(value, (datetime.date, datetime.time)):
        return "a date"
    if value is True or value is False:
        return "TRUE" if value else "FALSE"
    if hasattr(value, "item") and not isinstance(value, str):  # a numpy number from a range
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, str):
        return f'"{value}"' if len(value) <= 60 else f'"{value[:57]}..."'
    if isinstance(value, int) and abs(value) >= 10**16:
        return f"{float(value):.6g}" if abs(value) < 10**308 else "a number too large for Excel"
    if isinstance(value, (dict, list, tuple)) or hasattr(value, "ndim"):
        return "a range" if not isinstance(value, dict) else "a table"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# Excel's error values: a cell holding one arrives as its text (err_to_str).
CELL_ERRORS = frozenset({"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!",
                         "#SPILL!", "#CALC!", "#GETTING_DATA", "#BUSY!", "#FIELD!", "#BLOCKED!",
                         "#CONNECT!", "#UNKNOWN!"})

# The largest magnitude a number may have. Every formula multiplies at most a few inputs
# (8·P·T, P·bytes), so inputs up to 1e30 keep results far below the float limit (~1.8e308)
# and every answer finite; nothing real (1e30 parameters, tokens or FLOPs) is larger.
MAX_MAGNITUDE = 1e30


def refusal(name: str, value, what: str):
    """The error for a value that is no number at all: empty, an error cell, a date, text."""
    if is_empty(value):
        return InputError(f"{name} is empty")
    if isinstance(value, str) and value.strip().upper() in CELL_ERRORS:
        return InputError(f"{name} holds the error {value.strip().upper()}")
    if isinstance(value, (datetime.date, datetime.time)):
        return InputError(f"{name} must be a number, got a date")
    return InputError(f"{name} must be {what}, got {show(value)}")


def plain_number(name: str, value, what="a number"):
    """Any single value that is a number, as a float, or an InputError naming ``name``:
    Python and numpy numbers (ints of any size, 0-d arrays), numeric text ("+312", ".5",
    "1e3"). Non-finite or overflowing values are OutOfRange. Dates are refused on every
    path alike (classic xlwings gives datetime objects; Office.js and Lite give a date cell
    as its serial number, which cannot be told from a number and is read as one)."""
    if type(value) is float:
        x = value
    elif isinstance(value, bool) or isinstance(value, (datetime.date, datetime.time)):
        raise refusal(name, value, what)
    elif isinstance(value, str):
        m = _NUMBER.match(value)
        if value.strip().lower().lstrip("+-") in ("inf", "infinity", "nan"):
            raise OutOfRange(f"{name} must be a finite number, got {show(value)}")
        if not m or m.group(2):
            raise refusal(name, value, what)
        x = _to_float(name, m.group(1))
    elif hasattr(value, "ndim") and getattr(value, "ndim", 1) == 0 and hasattr(value, "item"):
        return plain_number(name, value.item(), what)  # numpy scalars and 0-d arrays
    elif isinstance(value, (int, float)) or type(value).__module__ == "numpy":
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise refusal(name, value, what) from None
        except OverflowError:
            raise OutOfRange(f"{name} must be at most {MAX_MAGNITUDE:g} in size, got {show(value)}") from None
    else:
        raise refusal(name, value, what)
    if x - x != 0:
        raise OutOfRange(f"{name} must be a finite number, got {show(value)}")
    if abs(x) > MAX_MAGNITUDE:
        raise OutOfRange(f"{name} must be at most {MAX_MAGNITUDE:g} in size, got {show(value)}")
    return x


def _to_float(name, digits: str) -> float:
    x = float(digits)
    if x - x != 0:  # "1e400" reads as inf
        raise OutOfRange(f"{name} must be a finite number, got \"{digits}\"")
    return x


def whole_number(name: str, value, low=1, high=MAX_MAGNITUDE) -> int:
    """A whole number in [low, high] as an int: the shared reader for counts in configs
    and setups (layers, heads, micro_batch, tp). Text such as "32" is read too."""
    x = plain_number(name, value, "a whole number")
    if x != int(x):
        raise OutOfRange(f"{name} must be a whole number, got {show(value)}")
    if x < low or x > high:
        span = f"between {show(float(low))} and {show(float(high))}" if high < MAX_MAGNITUDE else f">= {show(float(low))}"
        raise OutOfRange(f"{name} must be a whole number {span}, got {show(value)}")
    return int(x)


def is_empty(value) -> bool:
    """An empty cell arrives as None (classic xlwings) or "" (Office.js)."""
    return value is None or (isinstance(value, str) and not value.strip())


class Number:
    """A finite number in a range, typed as a number or as text ("175B", "1.4e12").

    ``low``/``high`` bound the value; ``open_low`` makes the low bound strict; ``hint``
    follows the message for a value above ``high`` (what such a value usually means).
    """

    def __init__(self, what: str, low=-MAX_MAGNITUDE, high=MAX_MAGNITUDE, open_low=False, suffixes=False, whole=False,
                 hint=""):
        self.what, self.low, self.high = what, low, high
        self.open_low, self.suffixes, self.whole, self.hint = open_low, suffixes, whole, hint

    def __call__(self, name: str, value) -> float:
        if type(value) is float:  # the common case, first and fast
            x = value
        elif isinstance(value, str) and not is_empty(value) and value.strip().upper() not in CELL_ERRORS:
            x = self._parse(name, value)
        else:
            x = plain_number(name, value, self.what)
        if x - x != 0 or x < self.low or x > self.high or (self.open_low and x == self.low):
            raise OutOfRange(self._message(name, value, x))  # x - x is NaN for inf and NaN
        if self.whole and x != int(x):
            raise OutOfRange(f"{name} must be a whole number, got {show(value)}")
        return x

    def _parse(self, name, value: str) -> float:
        m = _NUMBER.match(value)
        if m and (self.suffixes or not m.group(2)):
            x = _to_float(name, m.group(1))
            return x * _SUFFIX[m.group(2).upper()] if m.group(2) else x
        if value.strip().lower().lstrip("+-") in ("inf", "infinity", "nan"):
            raise OutOfRange(f"{name} must be a finite number, got {show(value)}")
        hint = ' (a number, or text such as "175B", "1.4T")' if self.suffixes else ""
        raise InputError(f"{name} must be {self.what}{hint}, got {show(value)}")

    def _message(self, name, value, x) -> str:
        if math.isnan(x) or math.isinf(x):
            return f"{name} must be a finite number, got {show(value)}"
        if x < self.low or (x == self.low and self.open_low):
            op = ">" if self.open_low else ">="
            return f"{name} must be {op} {show(float(self.low))}, got {show(value)}"
        return f"{name} must be <= {show(float(self.high))}, got {show(value)}{self.hint}"

    def bad(self, arr):
        """Mask of the elements of a float array this reader would reject."""
        import numpy as np

        with np.errstate(invalid="ignore"):
            ok = np.isfinite(arr) & (arr <= self.high)
            ok &= (arr > self.low) if self.open_low else (arr >= self.low)
            if self.whole:
                ok &= arr == np.floor(arr)
        return ~ok


COUNT = Number("a positive number", low=0, open_low=True, suffixes=True)
POSITIVE = Number("a positive number", low=0, open_low=True)
NONNEGATIVE = Number("a number >= 0", low=0)
COUNT_OR_ZERO = Number("a number >= 0", low=0, suffixes=True)  # "1B" tokens a day, or 0: not given
FRACTION = Number("a fraction in (0, 1]", low=0, high=1, open_low=True)
WHOLE = Number("a whole number >= 1", low=1, whole=True)
# A deadline: at most a century. Office.js hands a date cell over as its serial number
# (45292 for 1 Jan 2024), a plain number, so a date typed for days would otherwise count
# as 124 years; every serial since 1960 is above this bound.
DAYS = Number("a positive number of days", low=0, open_low=True, high=36_500,
              hint=": a date cell arrives as its serial number; type the number of days")


def flag(name: str, value) -> bool:
    """TRUE/FALSE, 1/0, or the words true/false/yes/no."""
    if value is True or value is False:
        return value
    if type(value) in (int, float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _WORDS:
        return _WORDS[value.strip().lower()]
    raise refusal(name, value, "TRUE or FALSE")


_WORDS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def text(name: str, value) -> str:
    """A non-empty piece of text (a name, a field); an error cell (#N/A) is not text."""
    if isinstance(value, str) and value.strip() and value.strip().upper() not in CELL_ERRORS:
        return value.strip()
    if isinstance(value, str) and value.strip().upper() in CELL_ERRORS:
        raise refusal(name, value, "text")
    raise refusal(name, value, "text")


# "200Gbps" is bits, "450GB/s" is bytes: the case of the b is what tells them apart.
_RATE = re.compile(r"^\s*((?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([kKMGT]?)\s*(bps|bit/s|b/s|Bps|B/s|byte/s)\s*$")
_RATE_SCALE = {"": 1e-9, "k": 1e-6, "K": 1e-6, "M": 1e-3, "G": 1.0, "T": 1e3}


def bandwidth_gbs(name: str, value) -> float:
    """A bandwidth in GB/s: a number is GB/s; text carries its unit ("200Gbps", "450GB/s")."""
    if isinstance(value, str) and not is_empty(value) and not _NUMBER.match(value):
        m = _RATE.match(value)
        if not m:
            raise InputError(f'{name} must be GB/s or text such as "200Gbps" or "450GB/s", got {show(value)}')
        x = float(m.group(1)) * _RATE_SCALE[m.group(2)]
        x = x / 8 if m.group(3) in ("bps", "bit/s", "b/s") else x
        return POSITIVE(name, x)
    return POSITIVE(name, value)


PRECISIONS = {"fp64": 8, "float64": 8, "fp32": 4, "float32": 4, "tf32": 4, "fp16": 2,
              "float16": 2, "half": 2, "bf16": 2, "bfloat16": 2, "fp8": 1, "int8": 1,
              "fp4": 0.5, "int4": 0.5}


def precision_bytes(name: str, value) -> float:
    """Bytes per number: a positive number, or a name such as "bf16" (2) or "int4" (0.5)."""
    if isinstance(value, str) and value.strip().lower() in PRECISIONS:
        return float(PRECISIONS[value.strip().lower()])
    if isinstance(value, str) and not _NUMBER.match(value):
        raise InputError(f"{name} must be bytes per number or one of "
                         f"{', '.join(PRECISIONS)}, got {show(value)}")
    return POSITIVE(name, value)


# --- key/value tables -------------------------------------------------------------

_NULLS = {"null", "none"}


def is_key_value_range(value) -> bool:
    """A two-column range (rows of [key, value]) or a dict: read whole, not cell by cell."""
    if isinstance(value, dict):
        return True
    rows = value.tolist() if hasattr(value, "tolist") else value
    if not (isinstance(rows, (list, tuple)) and len(rows) > 0
            and all(isinstance(r, (list, tuple)) and len(r) == 2 for r in rows)):
        return False
    # A settings table always holds some value that is not text (hidden_size 4096, seq_len
    # 2048); a two-column block of only text is a block of names, one per cell.
    return any(not isinstance(v, str) and not is_empty(v) for _, v in rows) \
        or any(isinstance(k, str) and k.strip() == "model_type" for k, _ in rows)


def cell_value(value):
    """What a pasted config cell means: 4096.0 is 4096, "null" or empty is None."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or (isinstance(value, str) and (not value.strip() or value.strip().lower() in _NULLS)):
        return None
    return value.strip() if isinstance(value, str) else value


def key_values(name: str, value) -> dict:
    """A table of settings: a dict, a two-column range of key/value rows (empty rows
    skipped), or JSON text such as '{"hidden_size": 4096}'."""
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, str) and value.strip().startswith("{"):
        import json

        try:
            table = json.loads(value)
        except ValueError as exc:
            raise InputError(f"{name} is not valid JSON: {exc}") from None
        if isinstance(table, dict):
            return table
    if not is_key_value_range(value):
        raise InputError(f"{name} must be a two-column range of keys and values, got {show(value)}")
    table = {}
    for key, item in (value.tolist() if hasattr(value, "tolist") else value):
        if is_empty(key):
            if not is_empty(item):
                raise InputError(f"{name} has a value {show(item)} without a key")
            continue
        if not isinstance(key, str):
            raise InputError(f"{name} keys must be text, got {show(key)}")
        if key.strip() in table:
            raise InputError(f"{name} has the key {show(key.strip())} twice")
        table[key.strip()] = cell_value(item)
    return table
