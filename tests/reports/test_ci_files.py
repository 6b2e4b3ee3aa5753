"""The files a CI or a pre-commit set-up reads: the hook definition and the docs' workflow."""

from __future__ import annotations

import re

import yaml

from tests.conftest import REPO


def test_pre_commit_hook_definition():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "sakip-check" and hook["entry"] == "sakip-check check"
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    for name in ("rencana/RA 2025.xlsx", "lkjip.TXT", "plan/Dokumen.csv", "x.xlsm"):
        assert files.search(name), name
    for name in ("README.md", "rencana.xls", "notes.docx"):
        assert not files.search(name), name
    assert re.compile(hook["exclude"]).search("rencana/~$RA 2025.xlsx")
