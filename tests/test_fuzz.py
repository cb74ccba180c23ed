"""Property-based fuzzing of every LLM_* function (xlfuncs.__all__), Python path.

Each function gets arguments drawn per argument name (tests/helpers/fuzzing.py): mostly
plausible values, a quarter odd ones (empty and error cells, dates, inf, 1e400, huge ints).
Whatever comes in, a call gives a finite float or text, or an InputError whose message is
one line of at most 255 characters, in plain words, naming what was wrong.
Derandomized, so a CI run is reproducible.
"""

import math
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

sys.path.insert(0, str(Path(__file__).parent / "helpers"))
from fuzzing import FUNCTIONS, arguments, check_message, check_value  # noqa: E402

import xlfuncs as x  # noqa: E402
from xlfuncs import ranges  # noqa: E402

SETTINGS = settings(max_examples=20, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def call(func, args):
    try:
        return func(*args), None
    except x.InputError as exc:
        return None, str(exc)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_any_input_gives_a_finite_answer_or_a_one_line_message(name):
    func = FUNCTIONS[name]
    params, args = arguments(func)

    @SETTINGS
    @given(args)
    def run(values):
        result, error = call(func, values)
        if error is not None:
            check_message(error, params)
        else:
            check_value(result, values)

    run()


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_plausible_input_reaches_the_search_and_answers_plainly(name):
    """Only values a planner would type: the searches behind LLM_CLUSTER, LLM_BEST_SETUP,
    LLM_SERVE_PLAN … run, and still give a finite answer or a one-line message."""
    func = FUNCTIONS[name]
    params, args = arguments(func, plausible_only=True)

    @settings(SETTINGS, max_examples=10)
    @given(args)
    def run(values):
        result, error = call(func, values)
        if error is not None:
            check_message(error, params)
            assert "give no answer" not in error, (values, error)  # an unforeseen failure, not a refusal
        else:
            check_value(result, values)

    run()


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_a_range_equals_its_cells(name, monkeypatch):
    """Classic errors-as-text: a column of three values for the first argument gives, cell
    by cell, what three single calls give."""
    func = FUNCTIONS[name]
    params, args = arguments(func)
    monkeypatch.setattr(ranges, "ERRORS_AS_TEXT", True)

    @SETTINGS
    @given(args, args)
    def run(a, b):
        if isinstance(a[0], dict) or isinstance(b[0], dict):
            return
        cells = [func(a[0], *a[1:]), func(b[0], *a[1:])]
        column = func([[a[0]], [b[0]]], *a[1:])
        if isinstance(column, str) and column.startswith("#VALUE! "):  # the call failed as a whole:
            # a bad single-cell argument, or one error in every cell; either way no cell has an answer
            assert all(isinstance(c, str) and c.startswith("#VALUE! ") for c in cells), (a, b, column)
            check_message(column[len("#VALUE! "):], params)
            return
        assert column == [[c] for c in cells], (a, b)

    run()


@SETTINGS
@given(*(arguments(x.LLM_TRAIN_DAYS)[1].wrapped_strategy.element_strategies[:2]))
def test_more_gpus_never_more_days(params, tokens):
    try:
        few, many = x.LLM_TRAIN_DAYS(params, tokens, 8, "H100-SXM"), x.LLM_TRAIN_DAYS(params, tokens, 64, "H100-SXM")
    except x.InputError:
        return
    assert many <= few


@SETTINGS
@given(arguments(x.LLM_TRAIN_FLOPS)[1])
def test_more_tokens_never_fewer_flops(values):
    params, tokens, recompute = values
    try:
        a, b = x.LLM_TRAIN_FLOPS(params, tokens, recompute), x.LLM_TRAIN_FLOPS(params, 2 * float(tokens), recompute)
    except (x.InputError, TypeError, ValueError):
        return
    assert b >= a


@pytest.mark.parametrize("model", ["Llama-3-8B", "Mixtral-8x7B", "GPT-3 175B", "DeepSeek-V3"])
def test_active_never_above_total(model):
    try:
        total, active = x.LLM_PARAMS_HF(model), x.LLM_PARAMS_HF(model, "active")
    except x.InputError:
        pytest.skip(f"{model} not in the catalog")
    assert 0 < active <= total
