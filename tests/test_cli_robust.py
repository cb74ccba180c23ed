"""The command line fails in one line, and a build replaces the whole set of workbooks or none."""

import os

import pytest

import xlfuncs as x
from xlfuncs import cli, workbooks


def fake_write(path, variant="native", lang="en"):  # the real workbooks take seconds each
    path.write_text(f"new {variant} {lang}")
    return path


def test_a_failed_move_leaves_the_previous_set_intact(tmp_path, monkeypatch):
    for name in workbooks.WORKBOOKS:
        (tmp_path / name).write_text("old")
    monkeypatch.setattr(workbooks, "write", fake_write)
    real, calls = os.replace, []

    def flaky(src, dst):
        calls.append(dst)
        if len(calls) == 7:  # four moved aside, two new ones in, the third fails
            raise PermissionError(13, "Permission denied", str(dst))
        return real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(PermissionError):
        workbooks.build(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(workbooks.WORKBOOKS)  # no temp folder left
    assert all((tmp_path / n).read_text() == "old" for n in workbooks.WORKBOOKS)


def test_an_interrupted_build_removes_its_temp_folder(tmp_path, monkeypatch):
    def interrupted(path, variant="native", lang="en"):
        raise KeyboardInterrupt

    monkeypatch.setattr(workbooks, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        workbooks.build(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_cli_failures_are_one_line_and_non_zero(tmp_path, monkeypatch, capsys):
    assert cli.main(["estimate", "--gpus", "0"]) == 2
    assert capsys.readouterr().err.strip().count("\n") == 0
    with pytest.raises(SystemExit) as info:
        cli.main(["estimate", "--gpus", "many"])
    assert info.value.code == 2 and capsys.readouterr().err.strip().count("\n") == 0

    def unwritable(out):
        raise PermissionError(13, "Permission denied", str(out))

    monkeypatch.setattr(workbooks, "build", unwritable)
    assert cli.main(["build", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Permission denied" in err and "Traceback" not in err


def test_a_utilization_above_one_is_an_error():
    with pytest.raises(x.InputError) as info:
        x.LLM_UTILIZATION(3.8e25, 1000, "H100-SXM")
    assert "above 1" in str(info.value) and len(str(info.value)) <= 255
    # Llama 3.1 405B: 3.8e25 FLOPs in 30.84M H100 GPU-hours (model card) is about 0.35
    assert x.LLM_UTILIZATION(3.8e25, 30.84e6, "H100-SXM") == pytest.approx(0.35, abs=0.01)


def test_build_into_a_read_only_folder_is_one_line_and_changes_nothing(tmp_path, monkeypatch, capsys):
    """A folder the user cannot write to: creating the build's temporary folder fails, as it
    does there (simulated: these tests may run as root, whom a chmod does not stop)."""
    import tempfile

    for name in workbooks.WORKBOOKS:
        (tmp_path / name).write_text("old")

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    assert cli.main(["build", "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Permission denied" in err and "Traceback" not in err
    assert all((tmp_path / n).read_text() == "old" for n in workbooks.WORKBOOKS)


def test_a_write_failing_halfway_leaves_the_previous_set(tmp_path, monkeypatch):
    """Two new workbooks written, the third fails (a full disk): the old four stay, no mix."""
    for name in workbooks.WORKBOOKS:
        (tmp_path / name).write_text("old")
    written = []

    def disk_full(path, variant="native", lang="en"):
        if len(written) == 2:
            raise OSError(28, "No space left on device", str(path))
        written.append(path)
        return fake_write(path, variant, lang)

    monkeypatch.setattr(workbooks, "write", disk_full)
    with pytest.raises(OSError):
        workbooks.build(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(workbooks.WORKBOOKS)
    assert all((tmp_path / n).read_text() == "old" for n in workbooks.WORKBOOKS)
