"""The files a CI or a pre-commit set-up reads: the hook definition and the docs' workflow."""

from __future__ import annotations

import re

import yaml

from tests.conftest import REPO


def _hooks() -> dict[str, dict]:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return {h["id"]: h for h in hooks}


def test_pre_commit_hook_definition():
    hook = _hooks()["sakip-check"]
    assert hook["id"] == "sakip-check" and hook["entry"] == "sakip-check check"
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    for name in ("rencana/RA 2025.xlsx", "lkjip.TXT", "plan/Dokumen.csv", "x.xlsm"):
        assert files.search(name), name
    for name in ("README.md", "rencana.xls", "notes.docx"):
        assert not files.search(name), name
    assert re.compile(hook["exclude"]).search("rencana/~$RA 2025.xlsx")


def _yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.S)


def test_the_documented_workflow_parses_and_uses_real_options():
    from checker.cli.main import main
    from checker.reports import REPORTERS

    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    workflow, precommit = (yaml.safe_load(b) for b in _yaml_blocks(text))
    steps = workflow["jobs"]["sakip-check"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)
    assert workflow["permissions"]["security-events"] == "write"
    assert "sakip-check" in [h["id"] for h in precommit["repos"][0]["hooks"]]
    check = main.get_command(None, "check")
    options = {o for p in check.params for o in p.opts}
    commands = [line.strip() for s in steps for line in s.get("run", "").splitlines()
                if line.strip().startswith("sakip-check check")]
    commands += re.findall(r"^(sakip-check check .*?)(?:\s+#.*)?$", text, flags=re.M)
    assert len(commands) >= 6
    for command in commands:
        words = command.split()
        for i, word in enumerate(words):
            if word.startswith("-"):
                assert word in options, f"{word} in: {command}"
            if word == "--format":
                assert words[i + 1] in REPORTERS, command


def test_pre_commit_rule_test_hook_runs_the_fixtures_of_the_project_rules():
    from checker.cli.main import main

    hook = _hooks()["sakip-check-test"]
    assert hook["entry"] == "sakip-check test" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    for name in ("aturan/LOK-001.rules", "aturan/LOK-001.yaml", "aturan/x.YML"):
        assert files.search(name), name
    assert not files.search("rencana/RA 2025.xlsx")
    options = {o for p in main.get_command(None, "test").params for o in p.opts}
    assert [a for a in hook["args"] if a.startswith("-")] == ["--strict"]
    assert set(hook["args"]) - {"aturan"} <= options


def test_the_documented_workflow_runs_the_rule_tests_before_the_checks():
    text = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    workflow, precommit = (yaml.safe_load(b) for b in _yaml_blocks(text))
    runs = [s.get("run", "") for s in workflow["jobs"]["sakip-check"]["steps"]]
    tests = [i for i, r in enumerate(runs) if r.startswith("sakip-check test ")]
    checks = [i for i, r in enumerate(runs) if "sakip-check check" in r]
    assert tests and checks and max(tests) < min(checks)
    assert runs[tests[0]] == "sakip-check test aturan --strict"
    ids = [h["id"] for h in precommit["repos"][0]["hooks"]]
    assert ids == ["sakip-check-test", "sakip-check"]
