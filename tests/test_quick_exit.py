"""After ``check`` the console command ends without the interpreter's teardown
(``checker/cli/leave.py``): the same exit code, every byte of output, ``atexit`` run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from checker.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "tests" / "data" / "seeds" / "004_a30a70c4cd2935b3.txt"


def _command(tmp_path: Path, *args: str, prelude: str = "") -> subprocess.CompletedProcess:
    code = (f"import sys\n{prelude}\nsys.argv = ['sakip-check', *{list(args)!r}]\n"
            "from checker.cli.leave import run\nrun()\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


def test_check_output_and_exit_code_are_those_of_the_command_run_in_process(tmp_path):
    done = _command(tmp_path, "check", str(SEED), "--format", "json", "--lang", "en")
    inside = CliRunner().invoke(main, ["check", str(SEED), "--format", "json", "--lang", "en"])
    assert done.returncode == inside.exit_code == 1
    assert done.stdout == inside.output  # the whole report: 211 findings, nothing cut
    assert len(json.loads(done.stdout)["findings"]) > 200


def test_atexit_handlers_run_and_a_report_file_is_complete(tmp_path):
    mark, out = tmp_path / "atexit-ran", tmp_path / "r.json"
    prelude = f"import atexit; atexit.register(lambda: open({str(mark)!r}, 'w').write('x'))"
    done = _command(tmp_path, "check", str(SEED), "--format", "json", "-o", str(out),
                    prelude=prelude)
    assert done.returncode == 1 and mark.read_text() == "x"
    assert json.loads(out.read_text())["findings"]


def test_an_input_error_keeps_its_exit_code_and_message(tmp_path):
    done = _command(tmp_path, "check", str(tmp_path / "none.txt"), "--lang", "en")
    assert done.returncode == 2 and "none.txt" in done.stderr


def test_other_commands_and_a_live_thread_exit_normally(tmp_path):
    """Only ``check`` allows the quick end; a thread still running is waited for."""
    prelude = ("import threading\n"  # a thread that speaks once the main thread is done
               "t = threading.Thread(target=lambda: (threading.main_thread().join(),"
               " print('thread done')))\n"
               "t.start()")
    done = _command(tmp_path, "check", str(SEED), "--format", "json", prelude=prelude)
    assert done.returncode == 1 and done.stdout.rstrip().endswith("thread done")
    done = _command(tmp_path, "rules")
    assert done.returncode == 0 and "TGT-001" in done.stdout
