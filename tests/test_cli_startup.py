"""What the command line sets up before any model is built (issue 14: start-up cost)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

SHOW = "import os, {module}; print(os.environ.get('PYDANTIC_DISABLE_PLUGINS'))"


def _env_after_import(module: str, value: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    if value is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = value
    done = subprocess.run([sys.executable, "-c", SHOW.format(module=module)], cwd=REPO,
                          env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_command_line_turns_off_pydantic_plugin_discovery() -> None:
    # pydantic scans every installed distribution's entry points for plugins otherwise.
    assert _env_after_import("checker.cli.main", None) == "__all__"


def test_a_users_own_setting_is_kept() -> None:
    assert _env_after_import("checker.cli.main", "logfire") == "logfire"


def test_the_library_alone_leaves_plugins_alone() -> None:
    assert _env_after_import("checker.model.plan", None) == "None"
