"""``python -m checker`` runs the same command as ``sakip-check``.

Run from a checkout with an interpreter that lacks the libraries the tool needs (the
system ``python3`` beside a checkout whose virtual environment holds them), the command is
run again with that environment's interpreter: the one the README's set-up command (or CI)
made in the checkout. Where there is none, say what is missing, with the command that
installs it, instead of a traceback. Nothing is ever installed behind the user's back.
"""

import importlib.util
import os
import sys
from pathlib import Path

#: Import names of the dependencies every command needs (pyproject.toml's list).
REQUIRED = ("pydantic", "lark", "pandas", "openpyxl", "click", "rich", "python_calamine",
            "yaml", "pdfplumber", "docx", "rapidfuzz")


#: Virtual environments a checkout may hold: the README's, and the one .ci/run builds.
VENVS = (".venv", "venv", ".ci-venv")
#: Set when the command was handed on, so that it is never handed on twice.
HANDED_ON = "SAKIP_CHECK_VENV_USED"


def _missing() -> list[str]:
    return [name for name in REQUIRED if importlib.util.find_spec(name) is None]


def _checkout_python(root: Path | None = None) -> Path | None:
    """The interpreter of a virtual environment in this checkout, if there is one."""
    if os.environ.get(HANDED_ON):
        return None
    root = root or Path(__file__).resolve().parent.parent
    running = Path(sys.prefix).resolve()
    for name in VENVS:
        python = root / name / "bin" / "python"
        # A venv's python is a link to the base interpreter (the same file as a bare
        # `python3`): what tells them apart is the environment, not the executable.
        if python.is_file() and (root / name).resolve() != running:
            return python
    return None


if __name__ == "__main__":
    if (missing := _missing()) and (python := _checkout_python()) is not None:
        os.environ[HANDED_ON] = "1"  # that interpreter says what it lacks, if anything
        os.execv(python, [str(python), "-m", "checker", *sys.argv[1:]])
    if missing:
        sys.stderr.write(
            "sakip-check belum terpasang lengkap; pustaka berikut tidak ditemukan: "
            f"{', '.join(missing)}.\nPasang dulu: python3 -m venv .venv && . .venv/bin/activate"
            " && pip install .\n(sakip-check is not fully installed; missing: "
            f"{', '.join(missing)}. Install it first with the command above.)\n")
        sys.exit(2)
    from checker.cli.leave import run

    run()
