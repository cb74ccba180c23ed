"""Ranges: any argument may be a range; the result has its shape; bad cells stay local."""

import pytest

import xlfuncs as x
from xlfuncs import InputError, ranges

A100 = "A100-40GB"


def days(gpus):
    return x.LLM_TRAIN_DAYS(175e9, 300e9, gpus, A100)


def test_column_gives_a_column():
    out = x.LLM_TRAIN_DAYS(175e9, 300e9, [[512], [1024], [2048]], A100)
    assert [len(r) for r in out] == [1, 1, 1]
    assert [r[0] for r in out] == pytest.approx([days(512), days(1024), days(2048)])


def test_row_gives_a_row():
    out = x.LLM_TRAIN_DAYS(175e9, 300e9, [[512, 1024, 2048]], A100)
    assert len(out) == 1 and out[0] == pytest.approx([days(512), days(1024), days(2048)])


def test_column_against_row_gives_a_table():
    out = x.LLM_TRAIN_DAYS(175e9, 300e9, [[512, 1024]], [[A100], ["H100-SXM"], [624]])
    assert len(out) == 3 and all(len(r) == 2 for r in out)
    assert out[1][0] == pytest.approx(x.LLM_TRAIN_DAYS(175e9, 300e9, 512, "H100-SXM"))
    assert out[2][1] == pytest.approx(days(1024) / 2)  # 624 TFLOP/s is twice the A100


def test_two_dimensional_range():
    out = x.LLM_INFER_MEM([[7e9, 13e9], [70e9, 175e9]], 2)
    # §5: 1.2 × P × 2 bytes
    assert [r for r in out[0]] == pytest.approx([16.8, 31.2])
    assert [r for r in out[1]] == pytest.approx([168.0, 420.0])


def test_flat_python_list_gives_a_flat_list():
    assert x.LLM_TRAIN_MEM([7e9, 175e9]) == pytest.approx([140, 3500])


def test_single_cell_range_is_a_single_value():
    assert x.LLM_TRAIN_MEM([[175e9]]) == pytest.approx(3500)


def test_text_counts_and_names_in_a_range():
    out = x.LLM_TRAIN_FLOPS([["175B"], [175e9]], "300B")
    assert out[0][0] == out[1][0] == pytest.approx(4.2e23)


def test_bad_cell_raises_for_python_callers():
    with pytest.raises(InputError, match="gpus must be > 0, got 0"):
        x.LLM_TRAIN_DAYS(175e9, 300e9, [[1024], [0]], A100)


def test_bad_cell_is_local_in_classic_excel(monkeypatch):
    monkeypatch.setattr(ranges, "ERRORS_AS_TEXT", True)
    out = x.LLM_TRAIN_DAYS(175e9, 300e9, [[1024], [0], ["many"], [None], [True]], A100)
    assert out[0][0] == pytest.approx(days(1024))
    assert out[1][0] == "#VALUE! gpus must be > 0, got 0"
    assert out[2][0].startswith("#VALUE! gpus must be a positive number")
    assert out[3][0] == "#VALUE! gpus is empty"
    assert out[4][0] == "#VALUE! gpus must be a positive number, got TRUE"


def test_overflow_in_one_cell_is_an_error_in_that_cell(monkeypatch):
    monkeypatch.setattr(ranges, "ERRORS_AS_TEXT", True)
    out = x.LLM_GPU_HOURS([[1e30], [1.0]], 1, 1e-300)  # a tiny peak: 8e30 FLOPs take 5e315 hours
    assert out[0][0].startswith("#VALUE! the result is not a finite number")
    assert out[1][0] == pytest.approx(8 / (1e-300 * 1e12 * 0.45) / 3600)


def test_empty_optional_cells_in_a_range_take_the_default():
    out = x.LLM_TRAIN_DAYS(175e9, 300e9, 1024, A100, [[0.45], [None], [""]])
    assert out[0][0] == out[1][0] == out[2][0]


def test_flag_column():
    out = x.LLM_TRAIN_FLOPS(1e9, 1e9, [[True], [False]])
    assert out == [[8e18], [6e18]]


def test_lookup_over_a_column_of_names():
    assert x.LLM_GPU([["A100-40GB"], ["H100-SXM"]], "memory_gb") == [[40], [80]]


def test_hundred_thousand_rows():
    column = [[float(n)] for n in range(1, 100_001)]
    out = x.LLM_TRAIN_DAYS(175e9, 300e9, column, A100)
    assert len(out) == 100_000 and out[1023][0] == pytest.approx(days(1024))
