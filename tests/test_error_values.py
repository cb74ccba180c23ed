"""How errors leave the functions when called from Python: raised, never returned."""

import pytest

import xlfuncs
from xlfuncs.inputs import InputError, OutOfRange


def test_out_of_range_is_an_input_error():
    assert issubclass(OutOfRange, InputError) and issubclass(InputError, ValueError)
    assert (InputError.excel_error, OutOfRange.excel_error) == ("#VALUE!", "#NUM!")


def test_python_callers_get_the_error_raised_from_a_range():
    with pytest.raises(OutOfRange, match=r"^gpus must be > 0, got 0$"):
        xlfuncs.LLM_TRAIN_DAYS("175B", "300B", [[1024], [0]], "A100-40GB")
    with pytest.raises(InputError, match=r'^gpu "nope" is not in the catalog'):
        xlfuncs.LLM_TRAIN_DAYS("175B", "300B", [[1024], [512]], "nope")


def test_a_one_cell_range_is_its_value():
    """Both Excel paths hand a single cell over as [[x]]."""
    assert xlfuncs.LLM_GPU([["H100-SXM"]], [["vendor"]]) == "NVIDIA"
    assert xlfuncs.LLM_MIN_GPUS([[3500]], [[80]]) == 44  # the article's 44 cards of 80 GB
    assert xlfuncs.LLM_MIN_GPUS([3500], 80) == [44]  # a flat Python list stays a list
