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

How an error comes out depends on where the function runs (``excel.py`` says which):

- Python callers get the :class:`~xlfuncs.inputs.InputError` raised, the first one of a range.
- Classic xlwings on Windows would write a raised exception's whole traceback into the
  cell (xlwings/xlwings#1108), so there each bad cell holds the text "#VALUE! <message>"
  (``ERRORS_AS_TEXT``).
- Office.js (xlwings Lite and xlwings Server; ``OFFICE_JS``) turns a raised exception
  into #VALUE! with the message in the cell's error flag, so a single-cell call raises.
  A range result keeps its good cells: each bad one holds a real error value, #NUM! for
  a number out of range (``OutOfRange``: 0 GPUs, an overflowing result), #VALUE! for
  the rest. Office.js carries no message with an error value inside an array (and none
  at all with #NUM!), so the message is read by calling on that one cell.

On every path, a call whose cells all fail for one reason (a bad single-cell argument,
an unknown GPU name) fails as a whole: one error with its message, not a range of them.

Both Excel paths hand every argument over as a 2-D range, a single cell as ``[[x]]``;
a 1×1 range is read as the single value it holds, so those calls are scalar calls.
"""

from __future__ import annotations

import functools
import inspect
import itertools

from .inputs import InputError, Number, OutOfRange, is_empty

ERRORS_AS_TEXT = False  # set by excel.py when classic xlwings decorators are active
OFFICE_JS = False  # set by excel.py when xlwings' Office.js decorators are active (Lite, Server)
RANGE_TYPES = (list, tuple)
SCALARS = frozenset({float, int, str, bool, type(None)})
EMPTY = inspect.Parameter.empty
NOT_FINITE = "the result is not a finite number: check the inputs' magnitudes"
UNCOMPUTABLE = "these inputs give no answer (a size out of range or a division by zero): check their magnitudes"


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
                values = []
                for (name, reader, default), value in zip(plan, args):
                    kind = type(value)
                    if kind not in SCALARS and (kind in RANGE_TYPES or hasattr(value, "ndim")):
                        value = unwrap(value)
                        kind = type(value)
                        if _is_range(reader, value):  # arguments read so far are not read again
                            return _over_ranges(body, plan, args, vectorize, values)
                    if (value is None or kind is str) and default is not EMPTY and is_empty(value):
                        value = default
                    values.append(reader(name, value))
                return _finite(_guarded(body, values))
            except InputError as exc:
                return error_value(exc)
            except Exception:  # arithmetic that odd inputs broke: still one line, never a traceback
                return error_value(uncomputable(plan, values))

        excel_function.body = body
        excel_function.readers = readers  # which reader each argument has (the fuzz suite draws from it)
        return excel_function

    return decorate


def uncomputable(plan, values):
    """The error for inputs the formulas could not work with, naming the numbers most likely
    at fault: the largest and the smallest in size (1e+29 tokens, a 1e-300 peak)."""
    from .inputs import show

    numbers = sorted((abs(v), name, v) for (name, _, _), v in zip(plan, values) if type(v) is float and v)
    if not numbers:
        return OutOfRange(UNCOMPUTABLE)
    ends = [numbers[-1]] + ([numbers[0]] if len(numbers) > 1 else [])
    which = " and ".join(f"{name} {show(v)}" for _, name, v in ends)
    return OutOfRange(UNCOMPUTABLE.replace("check their magnitudes", f"check the magnitudes of {which}"))


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


def _guarded(body, values):
    """Call a body; arithmetic that fails (a zero divisor) is an error value, never a traceback."""
    try:
        return body(*values)
    except InputError:
        raise
    except (ArithmeticError, ValueError, OverflowError):  # a zero divisor, an int too large for a float
        raise OutOfRange(NOT_FINITE) from None


def _finite(x):
    if type(x) is int:  # a count from a catalog: every number a cell gets is a float
        return float(x)
    if isinstance(x, float) and x - x != 0:  # inf - inf and nan - nan are nan
        raise OutOfRange(NOT_FINITE)
    return x


def unwrap(value):
    """A 1×1 range is the value of its one cell; any other value is returned as it is."""
    if type(value) in RANGE_TYPES:
        if len(value) == 1 and type(value[0]) in RANGE_TYPES and len(value[0]) == 1:
            return value[0][0]
    elif getattr(value, "ndim", 0) == 2 and value.size == 1:
        return value.item()
    elif getattr(value, "ndim", None) == 0 and hasattr(value, "item"):  # a numpy scalar or 0-d array
        return value.item()
    return value


class Grid:
    """A range argument: its cells, its (rows, columns) shape, whether Python gave it flat."""

    def __init__(self, name, value):
        if hasattr(value, "ndim"):
            value = value.tolist()
        self.flat = not (value and type(value[0]) in RANGE_TYPES)
        rows = len(value)
        cols = 1 if self.flat else len(value[0])
        if not rows or not cols or (not self.flat and set(map(len, value)) != {cols}):
            raise InputError(f"{name} must be a rectangular range, not empty or ragged")
        self.value, self.shape = value, (rows, cols)

    def cells(self):
        return iter(self.value) if self.flat else itertools.chain.from_iterable(self.value)


def _over_ranges(body, plan, args, vectorize, read=()):
    import numpy as np

    args = [unwrap(v) for v in args]
    grids = [Grid(name, v) if _is_range(reader, v) else None for (name, reader, _), v in zip(plan, args)]
    shape = _broadcast([(name, g.shape) for (name, _, _), g in zip(plan, grids) if g])
    errors = np.zeros(shape, dtype=object)
    bad = np.zeros(shape, dtype=bool)
    columns = []
    for i, ((name, reader, default), value, grid) in enumerate(zip(plan, args, grids)):
        if grid is None and i < len(read):
            columns.append(read[i])
            continue
        if grid is None:
            if default is not inspect.Parameter.empty and is_empty(value):
                value = default
            columns.append(reader(name, value))
            continue
        arr, arr_bad, arr_err = _read_grid(name, reader, default, grid)
        arr, arr_bad, arr_err = (np.broadcast_to(a, shape) for a in (arr, arr_bad, arr_err))
        errors = np.where(bad, errors, arr_err)  # keep the first argument's error per cell
        bad |= arr_bad
        columns.append(arr)
    if bad.all():  # nothing left to compute (and a text column of bad cells reads as 1.0s)
        out = None, np.zeros(shape, dtype=bool), np.zeros(shape, dtype=object)
    elif vectorize and not any(getattr(c, "dtype", None) == object for c in columns):
        out = _vector(body, columns, bad, shape)
    else:
        out = _per_cell(body, columns, bad, errors, shape)
    bad |= out[1]
    errors = np.where(errors == 0, out[2], errors)
    return _shape_result(out[0], bad, errors, all(g.flat for g in grids if g))


def _broadcast(shapes):
    import numpy as np

    try:
        return np.broadcast_shapes(*(s for _, s in shapes))
    except ValueError:
        sizes = ", ".join(f"{n} is {r}×{c}" for n, (r, c) in shapes)
        raise InputError(f"ranges of different sizes cannot be combined: {sizes}") from None


def _read_grid(name, reader, default, grid):
    """Read a range: a float array, a mask of bad cells and their errors."""
    import numpy as np

    # Fast path: a range of plain numbers is checked as one array. Anything else (text,
    # empty cells, TRUE/FALSE, which numpy would quietly make 1.0) is read cell by cell.
    count = grid.shape[0] * grid.shape[1]
    if isinstance(reader, Number) and set(map(type, grid.cells())) <= {float, int}:
        arr = np.fromiter(grid.cells(), dtype=float, count=count).reshape(grid.shape)
        mask = reader.bad(arr)
        if not mask.any():
            return arr, mask, np.zeros(grid.shape, dtype=object)
    arr = np.empty(count, dtype=object)
    mask = np.zeros(count, dtype=bool)
    err = np.zeros(count, dtype=object)
    memo = {}
    for i, value in enumerate(grid.cells()):
        if default is not inspect.Parameter.empty and is_empty(value):
            value = default
        key = (type(value), value) if not isinstance(value, float) or value == value else None
        try:
            arr[i] = memo[key] if key in memo else reader(name, value)
            if key is not None:
                memo[key] = arr[i]
        except InputError as exc:
            arr[i], mask[i], err[i] = 1.0, True, exc
    arr, mask, err = (a.reshape(grid.shape) for a in (arr, mask, err))
    # Only numbers become a float array. A reader that yields text (a name, a field) or a
    # model keeps it as it is: numpy would turn the text "inf" or "12" into a number, and
    # None (a reader's "use the default") into NaN.
    if all(isinstance(v, (int, float)) for v in arr.flat):
        return arr.astype(float), mask, err
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
    err[nonfinite] = OutOfRange(NOT_FINITE)
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
            result[idx] = _finite(_guarded(body, [c[idx] if hasattr(c, "shape") else c for c in cols]))
        except InputError as exc:
            mask[idx], err[idx] = True, exc
    return result, mask, err


def _shape_result(result, bad, errors, flat):
    if bad.all() and len({str(e) for e in errors.flat}) == 1:
        return error_value(errors.flat[0])  # the call fails as a whole: one error, its message
    if bad.any():
        if ERRORS_AS_TEXT:
            cells = [error_value(e) for e in errors[bad]]
        elif OFFICE_JS:
            cells = [e.excel_error for e in errors[bad]]  # xlwings makes "#NUM!" an error value
        else:
            raise errors[bad][0]
        grid = result.astype(object) if result is not None else bad.astype(object)
        grid[bad] = cells
        result = grid
    rows, cols = result.shape
    if flat and (rows == 1 or cols == 1):
        return result.ravel().tolist()
    if rows == 1 and cols == 1:
        return result[0, 0].item() if hasattr(result[0, 0], "item") else result[0, 0]
    if cols == 1:  # a long column: one flat tolist is much faster than a 2-D one
        return [[v] for v in result.ravel().tolist()]
    return result.tolist()
