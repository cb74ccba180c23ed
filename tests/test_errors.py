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


# --- the examples a new user met, each with the right behaviour now -------------------------

def test_tokens_1e300_to_the_cluster_planner_are_refused_by_name():
    assert message(lambda: x.LLM_CLUSTER("GPT-3 175B", 1e300, 30, "H100-SXM")) == "tokens must be <= 1e+30, got 1e+300"


def test_an_empty_config_cell_says_it_is_empty():
    for empty in (None, "", "  "):
        assert message(lambda: x.LLM_PARAMS_HF(empty)) == "config is empty"


def test_numeric_looking_names_in_a_range_stay_names(monkeypatch):
    """A column of GPU names with "inf" and "12" in it: those cells are unknown names, the
    good cell keeps its answer (numpy once turned "inf" into a number and failed the range)."""
    from xlfuncs import ranges

    monkeypatch.setattr(ranges, "ERRORS_AS_TEXT", True)
    out = x.LLM_GPU([["H100-SXM"], ["inf"], ["12"]])
    assert out[0] == [989.4]
    assert out[1][0].startswith('#VALUE! name "inf" is not in the catalog')
    assert out[2][0].startswith('#VALUE! name "12" is not in the catalog')


def test_trimmed_lists_say_where_the_whole_list_is():
    gpu = message(lambda: x.LLM_GPU("H100-SXM", "colour"))
    assert gpu.endswith("in all; see the GPUs sheet)") and len(gpu) <= 255
    model = message(lambda: x.LLM_MODEL("Llama-3-8B", "colour"))
    assert "see the Models sheet" in model and model.endswith("or a config key") and len(model) <= 255
    field = message(lambda: x.LLM_SERVE_PERF("Llama-3-8B", '{"input_len": 1, "output_len": 1}', "H100-SXM", "colour"))
    assert field.endswith('got "colour"') and len(field) <= 255  # the value typed survives the trim


def test_the_generic_fallback_names_the_numbers_at_fault(monkeypatch):
    """Inputs the formulas cannot work with, past every check: the message names the largest
    and smallest number given rather than only "check their magnitudes"."""
    from xlfuncs import formulas

    def broken(*args):
        raise TypeError("an internal mistake")

    monkeypatch.setattr(formulas, "train_flops", broken)
    text = message(lambda: x.LLM_TRAIN_FLOPS(1e29, 5))
    assert text.startswith("these inputs give no answer") and "params 1e+29" in text and "tokens 5" in text


def test_serving_traffic_and_objectives_are_read_as_numbers():
    slo = '{"ttft_ms": 2000, "tpot_ms": 50}'
    daily = '{"tokens_per_day": "1B", "input_len": 2048, "output_len": 512}'
    assert x.LLM_SERVE_PLAN("Llama-3-70B", daily, slo, "H100-SXM") >= 1  # "1B" as in every count cell
    inf = '{"requests_per_s": "inf", "input_len": 2048, "output_len": 512}'
    assert message(lambda: x.LLM_SERVE_PLAN("Llama-3-70B", inf, slo, "H100-SXM")) \
        == 'traffic requests_per_s must be a finite number, got "inf"'
    assert message(lambda: x.LLM_SERVE_PLAN("Llama-3-70B", daily, '{"ttft_ms": "soon"}', "H100-SXM")) \
        == 'slo ttft_ms must be a positive number, got "soon"'


def test_the_step_time_model_refuses_a_gpu_without_a_published_interconnect():
    setup = '{"gpus": 8, "global_batch": 256, "seq_len": 2048}'
    assert message(lambda: x.LLM_STEP_TIME("Llama-3-8B", setup, "L40S")) \
        == "L40S has no published interconnect_gbps in the catalog: the step-time model needs its GPU-to-GPU bandwidth"


def test_capital_recovery_is_exact_for_a_tiny_rate():
    # r / (1 − (1+r)^−n) tends to 1/n as r → 0; written naively it was infinite at r = 1e-20
    assert x.LLM_CAPITAL_RECOVERY(1e-20, 4) == pytest.approx(0.25)
    assert x.LLM_CAPITAL_RECOVERY(0.1, 3) == pytest.approx(0.40211, abs=1e-5)  # Brealey, Myers & Allen


def test_a_date_serial_for_days_is_refused():
    """Office.js hands a date cell over as its serial number: a deadline over a century is
    one, and is refused saying so (1 Jan 2024 is serial 45292)."""
    assert message(lambda: x.LLM_TRAIN_GPUS(175e9, 300e9, 45292, "A100-40GB")) \
        == "days must be <= 36500, got 45292: a date cell arrives as its serial number; type the number of days"
    assert x.LLM_TRAIN_GPUS(175e9, 300e9, 365 * 3, "A100-40GB") > 0  # three years is a deadline
