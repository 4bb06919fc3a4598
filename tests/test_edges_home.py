"""No home folder, or a history folder that cannot be examined: mathquiz says so and goes on
without a history (nothing is written to a folder literally named `~`)."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app

runner = CliRunner()
RIGHT = "2A'(Ax-b)\n"
COMMANDS = [(["list"], (0,)), (["list", "--json"], (0,)), (["stats"], (1,)), (["solve", "lstsq-gradient"], (0,)),
            (["practice", "lstsq-gradient", "--seed", "12"], (1,)), (["exam", "lstsq", "--count", "1"], (1,)),
            (["review", "lstsq-gradient"], (0, 1)), (["plan", "--exam-date", "2099-01-01"], (1, 2)),
            (["practice", "today"], (2,))]


def no_passwd_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    """HOME unset for a user the passwd file does not know (as in many containers)."""
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.delenv("MATHQUIZ_HOME", raising=False)

    def unknown(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", unknown)


@pytest.mark.parametrize("where", ["~nosuchuser/x", "~nosuchuser", "no passwd entry"])
@pytest.mark.parametrize("args, codes", COMMANDS)
def test_no_home_folder_is_said_and_the_command_goes_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                        where: str, args: list[str], codes) -> None:
    monkeypatch.chdir(tmp_path)
    if where == "no passwd entry":
        no_passwd_entry(monkeypatch)
    else:
        monkeypatch.setenv("MATHQUIZ_HOME", where)
    result = runner.invoke(app, args, input=RIGHT)
    assert result.exit_code in codes, result.output
    assert "internal error" not in result.output
    if args[0] in ("stats", "practice", "exam") and args[-1] != "today":
        assert "no home folder" in result.stderr
    assert not any(tmp_path.iterdir())  # no folder named "~" made here


@pytest.mark.parametrize("home", ["x" * 300, "plain-file/below", "deep/" + "y" * 255 + "/z"])
@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["stats"]])
def test_a_history_folder_that_cannot_be_examined(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, home: str,
                                                   args: list[str]) -> None:
    (tmp_path / "plain-file").write_text("not a folder")
    monkeypatch.setenv("MATHQUIZ_HOME", str(tmp_path / home))
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1) and "internal error" not in result.output, result.output
    if args[0] == "list":
        assert result.exit_code == 0 and "lstsq-gradient" in result.stdout


def test_a_history_folder_without_permission(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    home.mkdir()
    real = Path.exists

    def refused(self, *a, **kw):  # as for a user other than root in a folder without x permission
        if str(self).startswith(str(home)):
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *a, **kw)

    monkeypatch.setattr(Path, "exists", refused)
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0 and "lstsq-gradient" in result.stdout
    if os.geteuid() != 0:  # the real thing, where the permission is enforced
        monkeypatch.undo()
        home.chmod(0)
        try:
            assert runner.invoke(app, ["list"]).exit_code == 0
        finally:
            home.chmod(0o755)
