"""`--help` and `list` must start without the CAS: neither sympy nor numpy may be imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
import mathquiz.cli.main as cli

def leave(code):  # main() ends the process at once; here we want to look around first
    raise SystemExit(code)

cli._leave = leave
sys.argv = ["mathquiz", *{args!r}]
try:
    cli.main()
except SystemExit:
    pass
heavy = sorted(m for m in ("sympy", "numpy", "mpmath", "pydantic", "prompt_toolkit") if m in sys.modules)
sys.stderr.write("HEAVY=" + ",".join(heavy) + "\\n")
"""


@pytest.mark.parametrize("args", [["--help"], ["list"], ["list", "--json"], ["practice", "--help"]])
def test_fast_commands_do_not_import_the_cas(args, tmp_path):
    env = {"MATHQUIZ_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True,
                         text=True, env=env, timeout=60)
    line = [x for x in out.stderr.splitlines() if x.startswith("HEAVY=")]
    assert line, out.stderr
    assert "sympy" not in line[0] and "numpy" not in line[0], line[0]


@pytest.mark.parametrize("args", [["--help"], ["list"], ["solve", "lstsq-gradient", "--seed", "1"],
                                  ["practice", "lstsq-gradient", "--seed", "1", "--no-save"]])
def test_the_live_prompt_is_loaded_only_for_a_person_at_a_terminal(args, tmp_path):
    env = {"MATHQUIZ_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", PROBE.format(args=args)], capture_output=True,
                         text=True, env=env, timeout=60, input="2A^T(Ax-b)\n[1, 2]\n")
    line = [x for x in out.stderr.splitlines() if x.startswith("HEAVY=")]
    assert line, out.stderr
    assert "prompt_toolkit" not in line[0], line[0]
