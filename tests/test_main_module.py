"""``python -m checker`` without the libraries installed: a clear answer, never a traceback."""

from __future__ import annotations

import runpy
import sys

import pytest


def test_missing_dependencies_are_named_with_the_install_command(monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "lark" else real(name, *a))
    monkeypatch.setattr(sys, "argv", ["checker", "--help"])
    with pytest.raises(SystemExit) as stop:
        runpy.run_module("checker", run_name="__main__")
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "lark" in err and "pip install ." in err and "Traceback" not in err
