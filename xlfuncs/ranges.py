"""From cells to formulas and back: reading arguments, broadcasting ranges, error values.

:func:`cellwise` turns a function of plain numbers into an Excel function:

- every argument is read by its reader (see ``inputs``), so the body only sees floats;
- an empty cell for an optional argument means its default;
- any argument may be a range (a list of lists; a flat list from Python is a column):
  ranges broadcast against each other and against single values as in numpy and Excel
  (a column against a row gives a table), and the result has that shape;
- a numeric range is checked and computed as one numpy array, so a 100,000-row column
  costs one Python call, not 100,000;
- a bad cell of a range gives an error in that cell only; a result that is not finite is
  an error too, never ``inf`` or ``NaN``.

How an error comes out depends on where the function runs: Python callers and Office.js
get the :class:`~xlfuncs.inputs.InputError` raised; classic xlwings on Windows would
write a raised exception's whole traceback into the cell (xlwings issue 1108), so there
the error is returned as the text "#VALUE! <message>" instead (``ERRORS_AS_TEXT``).
"""

from __future__ import annotations

import functools
import inspect

from .inputs import InputError, Number, is_empty

ERRORS_AS_TEXT = False  # set by excel.py when classic xlwings decorators are active
RANGE_TYPES = (list, tuple)


def error_value(exc: InputError):
    """What a cell shows for a bad input."""
    if ERRORS_AS_TEXT:
        return f"#VALUE! {exc}"
    raise exc


def cellwise(readers: dict, vectorize: bool = True):
    """Decorator: read each argument with ``readers[name]`` and broadcast over ranges.

    ``vectorize=False`` for bodies that are not plain arithmetic (lookups, text): a range
    is then computed one cell at a time.
    """

    def decorate(body):
        sig = inspect.signature(body)
        names = list(sig.parameters)
        defaults = [p.default for p in sig.parameters.values()]
        required = sum(d is inspect.Parameter.empty for d in defaults)
        plan = [(n, readers[n], d) for n, d in zip(names, defaults)]

        @functools.wraps(body)
        def excel_function(*args, **kwargs):
            if kwargs or len(args) < required or len(args) > len(names):
                args = _bind(sig, args, kwargs)
            elif len(args) < len(names):
                args = args + tuple(defaults[len(args):])
            try:
                if any(_is_range(reader, value) for (_, reader, _), value in zip(plan, args)):
                    return _over_ranges(body, plan, args, vectorize)
                values = []
                for (name, reader, default), value in zip(plan, args):
                    if default is not inspect.Parameter.empty and is_empty(value):
                        value = default
                    values.append(reader(name, value))
                return _finite(body(*values))
            except InputError as exc:
                return error_value(exc)

        excel_function.body = body
        return excel_function

    return decorate


def _is_range(reader, value):
    """A range to broadcast over, unless the reader takes this value whole
    (``reader.takes_whole(value)``: a key/value table is one argument, not many cells)."""
    if not (type(value) in RANGE_TYPES or hasattr(value, "ndim")):
        return False
    whole = getattr(reader, "takes_whole", None)
    return not (whole is not None and whole(value))


def _bind(sig, args, kwargs):
    try:
        bound = sig.bind(*args, **kwargs)
    except TypeError as exc:
        raise InputError(str(exc)) from None
    bound.apply_defaults()
    return bound.args


def _finite(x):
    if isinstance(x, float) and x - x != 0:  # inf - inf and nan - nan are nan
        raise InputError("the result is not a finite number: check the inputs' magnitudes")
    return x


def _as_2d(value):
    """A range as a list of rows; a flat Python list is a column."""
    if hasattr(value, "ndim"):
        value = value.tolist()
    value = list(value)
    if value and all(type(row) in RANGE_TYPES for row in value):
        return [list(row) for row in value], False
    return [[v] for v in value], True


def _over_ranges(body, plan, args, vectorize):
    import numpy as np

    grids, flat, shapes = [], True, []
    for (name, reader, default), value in zip(plan, args):
        if _is_range(reader, value):
            rows, is_flat = _as_2d(value)
            flat &= is_flat
            if not rows or any(len(r) != len(rows[0]) for r in rows) or not rows[0]:
                raise InputError(f"{name} must be a rectangular range, not empty or ragged")
            shapes.append((name, (len(rows), len(rows[0]))))
            grids.append(rows)
        else:
            grids.append(None)
    shape = _broadcast(shapes)
    errors = np.zeros(shape, dtype=object)
    bad = np.zeros(shape, dtype=bool)
    columns = []
    for (name, reader, default), value, rows in zip(plan, args, grids):
        if rows is None:
            if default is not inspect.Parameter.empty and is_empty(value):
                value = default
            columns.append(reader(name, value))
            continue
        arr, arr_bad, arr_err = _read_grid(name, reader, default, rows)
        arr, arr_bad, arr_err = (np.broadcast_to(a, shape) for a in (arr, arr_bad, arr_err))
        errors = np.where(bad, errors, arr_err)  # keep the first argument's error per cell
        bad |= arr_bad
        columns.append(arr)
    if vectorize and not any(getattr(c, "dtype", None) == object for c in columns):
        out = _vector(body, columns, bad, shape)
    else:
        out = _per_cell(body, columns, bad, errors, shape)
    bad |= out[1]
    errors = np.where(errors == 0, out[2], errors)
    return _shape_result(out[0], bad, errors, flat)


def _broadcast(shapes):
    import numpy as np

    try:
        return np.broadcast_shapes(*(s for _, s in shapes))
    except ValueError:
        sizes = ", ".join(f"{n} is {r}×{c}" for n, (r, c) in shapes)
        raise InputError(f"ranges of different sizes cannot be combined: {sizes}") from None


def _read_grid(name, reader, default, rows):
    """Read a range: a float array, a mask of bad cells and their errors."""
    import numpy as np

    # Fast path: a range of plain numbers is checked as one array. Anything else (text,
    # empty cells, TRUE/FALSE, which numpy would quietly make 1.0) is read cell by cell.
    if isinstance(reader, Number) and all(type(v) is float or type(v) is int
                                          for row in rows for v in row):
        arr = np.array(rows, dtype=float)
        mask = reader.bad(arr)
        if not mask.any():
            return arr, mask, np.zeros(arr.shape, dtype=object)
    arr = np.empty((len(rows), len(rows[0])), dtype=object)
    mask = np.zeros(arr.shape, dtype=bool)
    err = np.zeros(arr.shape, dtype=object)
    memo = {}
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if default is not inspect.Parameter.empty and is_empty(value):
                value = default
            key = (type(value), value) if not isinstance(value, float) or value == value else None
            try:
                arr[i, j] = memo[key] if key in memo else reader(name, value)
                if key is not None:
                    memo[key] = arr[i, j]
            except InputError as exc:
                arr[i, j], mask[i, j], err[i, j] = 1.0, True, exc
    try:
        return arr.astype(float), mask, err
    except (TypeError, ValueError):  # a reader that yields text (a name, a field)
        return arr, mask, err


def _vector(body, columns, bad, shape):
    import numpy as np

    columns = [np.where(bad, 1.0, c) if hasattr(c, "shape") else c for c in columns]
    try:
        with np.errstate(all="ignore"):
            result = np.broadcast_to(np.asarray(body(*columns), dtype=float), shape)
    except InputError as exc:
        return None, np.ones(shape, dtype=bool), np.full(shape, exc, dtype=object)
    nonfinite = ~np.isfinite(result) & ~bad
    err = np.zeros(shape, dtype=object)
    err[nonfinite] = InputError("the result is not a finite number: check the inputs' magnitudes")
    return result, nonfinite, err


def _per_cell(body, columns, bad, errors, shape):
    import numpy as np

    result = np.empty(shape, dtype=object)
    mask = np.zeros(shape, dtype=bool)
    err = np.zeros(shape, dtype=object)
    cols = [np.broadcast_to(c, shape) if hasattr(c, "shape") else c for c in columns]
    for idx in np.ndindex(*shape):
        if bad[idx]:
            continue
        try:
            result[idx] = _finite(body(*(c[idx] if hasattr(c, "shape") else c for c in cols)))
        except InputError as exc:
            mask[idx], err[idx] = True, exc
    return result, mask, err


def _shape_result(result, bad, errors, flat):
    if bad.any():
        if not ERRORS_AS_TEXT:
            raise errors[bad][0]
        grid = result.astype(object) if result is not None else bad.astype(object)
        grid[bad] = [error_value(e) for e in errors[bad]]
        out = grid.tolist()
    else:
        out = result.tolist()
    if flat:
        return [row[0] for row in out] if len(out[0]) == 1 else out[0]
    return out[0][0] if len(out) == 1 and len(out[0]) == 1 else out
