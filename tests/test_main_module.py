"""``python -m checker`` without the libraries installed: a clear answer, never a traceback."""

from __future__ import annotations

import runpy
import sys

import pytest


def test_missing_dependencies_are_named_with_the_install_command(monkeypatch, capsys):
    import importlib.util

    monkeypatch.setenv("SAKIP_CHECK_VENV_USED", "1")  # no checkout environment to hand on to

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "lark" else real(name, *a))
    monkeypatch.setattr(sys, "argv", ["checker", "--help"])
    with pytest.raises(SystemExit) as stop:
        runpy.run_module("checker", run_name="__main__")
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "lark" in err and "pip install ." in err and "Traceback" not in err


def test_a_checkout_environment_takes_the_command_over(tmp_path, monkeypatch):
    """The system python3 beside a checkout whose .venv holds the libraries hands on to it."""
    from checker.__main__ import HANDED_ON, _checkout_python

    monkeypatch.delenv(HANDED_ON, raising=False)
    assert _checkout_python(tmp_path) is None  # no environment: the message, as above
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("")
    assert _checkout_python(tmp_path) == python
    monkeypatch.setenv(HANDED_ON, "1")  # handed on once already: never a loop
    assert _checkout_python(tmp_path) is None


def test_a_venv_linked_to_the_running_interpreter_still_takes_over(tmp_path, monkeypatch):
    """`python3 -m venv` links .venv/bin/python to the base interpreter itself: the bare
    `python3` that lacks the libraries is that same file, and must still hand on to the
    environment (the harness's case: pyenv's python3 beside a checkout's .ci-venv)."""
    import sys

    from checker.__main__ import HANDED_ON, _checkout_python

    monkeypatch.delenv(HANDED_ON, raising=False)
    python = tmp_path / ".ci-venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.symlink_to(sys.executable)
    assert _checkout_python(tmp_path) == python
    monkeypatch.setattr(sys, "prefix", str(tmp_path / ".ci-venv"))  # running inside it
    assert _checkout_python(tmp_path) is None
