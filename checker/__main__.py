"""``python -m checker`` runs the same command as ``sakip-check``.

Run from a checkout without installing, the libraries the tool needs may be missing: say
so, with the command that installs them, instead of a traceback.
"""

import importlib.util
import sys

#: Import names of the dependencies every command needs (pyproject.toml's list).
REQUIRED = ("pydantic", "lark", "pandas", "openpyxl", "click", "rich", "python_calamine",
            "yaml", "pdfplumber", "docx", "rapidfuzz")


def _missing() -> list[str]:
    return [name for name in REQUIRED if importlib.util.find_spec(name) is None]


if __name__ == "__main__":
    if missing := _missing():
        sys.stderr.write(
            "sakip-check belum terpasang lengkap; pustaka berikut tidak ditemukan: "
            f"{', '.join(missing)}.\nPasang dulu: python3 -m venv .venv && . .venv/bin/activate"
            " && pip install .\n(sakip-check is not fully installed; missing: "
            f"{', '.join(missing)}. Install it first with the command above.)\n")
        sys.exit(2)
    from checker.cli.main import main

    main()
