"""Bad input: one line that names the argument, the value and what was expected."""

import math

import pytest

import xlfuncs as x
from xlfuncs import InputError


def message(call):
    with pytest.raises(InputError) as info:
        call()
    text = str(info.value)
    assert "\n" not in text
    return text


def test_error_is_a_value_error():
    assert issubclass(InputError, ValueError)


def test_negative():
    assert message(lambda: x.LLM_TRAIN_FLOPS(-1, 300e9)) == "params must be > 0, got -1"


def test_zero_where_it_divides():
    assert message(lambda: x.LLM_TRAIN_DAYS(175e9, 300e9, 0, "A100-40GB")) == "gpus must be > 0, got 0"
    assert message(lambda: x.LLM_COMM_SECONDS(500, 0)) == "bandwidth must be > 0, got 0"


def test_text_that_is_not_a_number():
    text = message(lambda: x.LLM_TRAIN_FLOPS("lots", 300e9))
    assert text.startswith('params must be a positive number') and 'got "lots"' in text


def test_unknown_gpu_suggests_close_names():
    text = message(lambda: x.LLM_TRAIN_DAYS(175e9, 300e9, 1024, "H100 SMX"))
    assert text.startswith('gpu "H100 SMX" is not in the catalog; did you mean H100-SXM')


def test_a_gpu_family_name_is_an_error_that_names_its_models():
    text = message(lambda: x.LLM_TRAIN_DAYS(175e9, 300e9, 1024, "A100"))
    assert "did you mean" in text and "A100-40GB" in text and "A100-80GB" in text


def test_nan_and_infinity():
    assert message(lambda: x.LLM_TRAIN_FLOPS(math.nan, 1)) == "params must be a finite number, got nan"
    assert message(lambda: x.LLM_TRAIN_FLOPS(math.inf, 1)) == "params must be a finite number, got inf"


def test_empty_where_required():
    assert message(lambda: x.LLM_TRAIN_FLOPS(None, 300e9)) == "params is empty"
    assert message(lambda: x.LLM_TRAIN_FLOPS("", 300e9)) == "params is empty"


def test_empty_optional_cell_takes_the_default():
    assert x.LLM_TRAIN_DAYS(175e9, 300e9, 1024, 312, None, "") == x.LLM_TRAIN_DAYS(175e9, 300e9, 1024, 312)


def test_utilization_above_one():
    assert message(lambda: x.LLM_TRAIN_DAYS(175e9, 300e9, 1024, 312, 45)) == "utilization must be <= 1, got 45"


def test_boolean_where_a_number_belongs():
    assert message(lambda: x.LLM_TRAIN_DAYS(175e9, 300e9, True, 312)) == "gpus must be a positive number, got TRUE"


def test_flag_that_is_not_true_or_false():
    assert message(lambda: x.LLM_TRAIN_FLOPS(1e9, 1e9, "maybe")) == 'recompute must be TRUE or FALSE, got "maybe"'


def test_unknown_precision():
    text = message(lambda: x.LLM_INFER_MEM(175e9, "fp12"))
    assert text.startswith("precision must be bytes per number or one of") and "bf16" in text


def test_bandwidth_without_a_unit_it_knows():
    text = message(lambda: x.LLM_COMM_SECONDS(500, "200 furlongs"))
    assert text.startswith("bandwidth must be GB/s") and '"200 furlongs"' in text


def test_magnitude_that_would_overflow_is_refused_with_its_name():
    # 8 · 1e300 · 1e300 is beyond a float: the input is refused, not the result turned to inf
    assert message(lambda: x.LLM_TRAIN_FLOPS(1e300, 1e300)) == "params must be <= 1e+30, got 1e+300"


def test_unknown_catalog_field():
    text = message(lambda: x.LLM_GPU("H100-SXM", "colour"))
    assert '"colour" is not a catalog field' in text and "memory_gb" in text


def test_missing_catalog_value_is_said_not_guessed():
    assert message(lambda: x.LLM_GPU("TPUv5p", "tflops_fp8")) == "TPUv5p has no published tflops_fp8 in the catalog"


def test_wrong_argument_count_is_an_input_error():
    assert "missing a required argument" in message(lambda: x.LLM_TRAIN_DAYS(175e9, 300e9))


def test_ranges_of_different_sizes():
    text = message(lambda: x.LLM_TRAIN_DAYS([[1], [2]], [[1], [2], [3]], 1, 312))
    assert text == "ranges of different sizes cannot be combined: params is 2×1, tokens is 3×1"


# --- one reader for every number: what a cell, a config or a Python caller may hand over ---

def test_whole_number_rounding_is_exact_at_any_magnitude():
    assert x.LLM_MIN_GPUS(10000000000001, 1) == 10000000000001  # not 9,999,999,999,991
    assert x.LLM_MIN_GPUS(3500, 80) == 44  # article §6


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e400", "Infinity"])
def test_non_finite_text_is_refused_with_its_name(value):
    assert message(lambda: x.LLM_TRAIN_FLOPS(value, 300e9)) == f'params must be a finite number, got "{value}"'


def test_signed_and_bare_decimal_text_are_numbers():
    assert x.LLM_TRAIN_FLOPS("+312", 1) == 8 * 312 and x.LLM_TRAIN_FLOPS(".5", 2) == 8.0


def test_numpy_scalars_and_big_ints_are_read():
    import numpy as np

    assert x.LLM_TRAIN_FLOPS(np.float32(2), np.array(3.0)) == 48.0
    assert x.LLM_TRAIN_FLOPS(np.int64(2), 3) == 48.0
    assert message(lambda: x.LLM_TRAIN_FLOPS(10 ** 400, 3)) == "params must be at most 1e+30 in size, got a number too large for Excel"


def test_a_date_is_refused_on_every_path_with_one_message():
    import datetime

    for d in (datetime.date(2024, 1, 1), datetime.datetime(2024, 1, 1, 12)):
        assert message(lambda: x.LLM_TRAIN_GPUS(175e9, 300e9, d, "A100-40GB")) == "days must be a number, got a date"


def test_empty_and_error_cells_say_so():
    assert message(lambda: x.LLM_TRAIN_FLOPS(None, 1)) == "params is empty"
    assert message(lambda: x.LLM_TRAIN_FLOPS("#N/A", 1)) == "params holds the error #N/A"
    assert message(lambda: x.LLM_GPU("#N/A")) == "name holds the error #N/A"


def test_a_bad_cell_in_a_range_leaves_the_good_ones(monkeypatch):
    import datetime

    from xlfuncs import ranges

    monkeypatch.setattr(ranges, "ERRORS_AS_TEXT", True)
    out = x.LLM_TRAIN_FLOPS([[1.0], ["inf"], [datetime.date(2024, 1, 1)], [10 ** 400], [2.0]], 1)
    assert out == [[8.0], ['#VALUE! params must be a finite number, got "inf"'],
                   ["#VALUE! params must be a number, got a date"],
                   ["#VALUE! params must be at most 1e+30 in size, got a number too large for Excel"], [16.0]]


def test_setup_numbers_use_the_same_reader():
    assert message(lambda: x.LLM_TRAIN_MEM_GPU("Llama-3-8B", {"micro_batch": "inf", "seq_len": 2048})) \
        == 'setup micro_batch must be a finite number, got "inf"'
    assert message(lambda: x.LLM_TRAIN_MEM_GPU("Llama-3-8B", {"micro_batch": float("nan"), "seq_len": 2048})) \
        == "setup micro_batch must be a finite number, got nan"
