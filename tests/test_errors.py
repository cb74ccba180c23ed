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
    assert message(lambda: x.LLM_TRAIN_FLOPS(None, 300e9)) == "params is required (the cell is empty)"
    assert message(lambda: x.LLM_TRAIN_FLOPS("", 300e9)) == "params is required (the cell is empty)"


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


def test_result_that_overflows_is_an_error_not_inf():
    assert "not a finite number" in message(lambda: x.LLM_TRAIN_FLOPS(1e300, 1e300))


def test_unknown_catalog_field():
    text = message(lambda: x.LLM_GPU("H100-SXM", "colour"))
    assert '"colour" is not a catalog field' in text and "memory_gb" in text


def test_missing_catalog_value_is_said_not_guessed():
    assert message(lambda: x.LLM_GPU("TPUv5p", "tdp_w")) == "TPUv5p has no published tdp_w in the catalog"


def test_wrong_argument_count_is_an_input_error():
    assert "missing a required argument" in message(lambda: x.LLM_TRAIN_DAYS(175e9, 300e9))


def test_ranges_of_different_sizes():
    text = message(lambda: x.LLM_TRAIN_DAYS([[1], [2]], [[1], [2], [3]], 1, 312))
    assert text == "ranges of different sizes cannot be combined: params is 2×1, tokens is 3×1"
