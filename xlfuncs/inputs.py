"""Reading what a cell holds.

Excel hands a function floats, strings, booleans and None (an empty cell). Each reader
here turns one such value into what a formula needs, or raises :class:`InputError`
with one line that names the argument, repeats the value and says what was expected.

A reader is an object with two faces: call it on one value (``POSITIVE("gpus", 0)``)
or ask it which elements of a float array are bad (``POSITIVE.bad(arr)``), so a
100,000-row column is checked at numpy speed.
"""

from __future__ import annotations

import math
import re

__all__ = ["InputError", "OutOfRange", "Number", "COUNT", "POSITIVE", "NONNEGATIVE", "FRACTION", "WHOLE",
           "flag", "text", "bandwidth_gbs", "precision_bytes", "is_empty"]


class InputError(ValueError):
    """A bad argument: the message is one line fit for a cell."""

    excel_error = "#VALUE!"  # the error value a cell shows where the runtime has real errors


class OutOfRange(InputError):
    """A number outside what the argument allows (0 GPUs, -5 tokens, inf): Excel's #NUM!."""

    excel_error = "#NUM!"


# Suffixes people write for counts: "175B" parameters, "1.4T" tokens, "125M".
_SUFFIX = {"K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12, "P": 1e15}
_NUMBER = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([KMBGTP])?\s*$", re.I)


def show(value) -> str:
    """How a value reads back in a message: as the user would have typed it."""
    if value is True or value is False:
        return "TRUE" if value else "FALSE"
    if hasattr(value, "item") and not isinstance(value, str):  # a numpy number from a range
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def is_empty(value) -> bool:
    """An empty cell arrives as None (classic xlwings) or "" (Office.js)."""
    return value is None or (isinstance(value, str) and not value.strip())


class Number:
    """A finite number in a range, typed as a number or as text ("175B", "1.4e12").

    ``low``/``high`` bound the value; ``open_low`` makes the low bound strict.
    """

    def __init__(self, what: str, low=-math.inf, high=math.inf, open_low=False, suffixes=False, whole=False):
        self.what, self.low, self.high = what, low, high
        self.open_low, self.suffixes, self.whole = open_low, suffixes, whole

    def __call__(self, name: str, value) -> float:
        if type(value) is float or type(value) is int:  # the common case, first and fast
            x = float(value)
        elif isinstance(value, str) and not is_empty(value):
            x = self._parse(name, value)
        elif is_empty(value):
            raise InputError(f"{name} is required (the cell is empty)")
        elif isinstance(value, (int, float)) and not isinstance(value, bool):  # numpy scalars
            x = float(value)
        else:
            raise InputError(f"{name} must be {self.what}, got {show(value)}")
        if x - x != 0 or x < self.low or x > self.high or (self.open_low and x == self.low):
            raise OutOfRange(self._message(name, value, x))  # x - x is NaN for inf and NaN
        if self.whole and x != int(x):
            raise OutOfRange(f"{name} must be a whole number, got {show(value)}")
        return x

    def _parse(self, name, value: str) -> float:
        m = _NUMBER.match(value)
        if m and (self.suffixes or not m.group(2)):
            return float(m.group(1)) * _SUFFIX[m.group(2).upper()] if m.group(2) else float(m.group(1))
        hint = ' (a number, or text such as "175B", "1.4T")' if self.suffixes else ""
        raise InputError(f"{name} must be {self.what}{hint}, got {show(value)}")

    def _message(self, name, value, x) -> str:
        if math.isnan(x) or math.isinf(x):
            return f"{name} must be a finite number, got {show(value)}"
        if x < self.low or (x == self.low and self.open_low):
            op = ">" if self.open_low else ">="
            return f"{name} must be {op} {show(float(self.low))}, got {show(value)}"
        return f"{name} must be <= {show(float(self.high))}, got {show(value)}"

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
FRACTION = Number("a fraction in (0, 1]", low=0, high=1, open_low=True)
WHOLE = Number("a whole number >= 1", low=1, whole=True)


def flag(name: str, value) -> bool:
    """TRUE/FALSE, 1/0, or the words true/false/yes/no."""
    if value is True or value is False:
        return value
    if type(value) in (int, float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _WORDS:
        return _WORDS[value.strip().lower()]
    raise InputError(f"{name} must be TRUE or FALSE, got {show(value)}")


_WORDS = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}


def text(name: str, value) -> str:
    """A non-empty piece of text (a name, a field)."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if is_empty(value):
        raise InputError(f"{name} is required (the cell is empty)")
    raise InputError(f"{name} must be text, got {show(value)}")


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
