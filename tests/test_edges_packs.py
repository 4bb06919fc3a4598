"""Problem packs from strangers: a file that cannot be read is named and left out, the rest of the
bank stays usable, nothing in a pack reaches the terminal raw or takes over a shipped topic."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mathquiz.cli.main import app
from mathquiz.problem import bank as bank_mod
from mathquiz.problem.files import ProblemFileError
from mathquiz.problem.loading import load

runner = CliRunner()
HEADER = "id: {id}\ntitle: A stranger's problem\ntopic: strangers\nsource: a pack\n"

HOSTILE = {  # what YAML's own constructors refuse, each its own exception type
    "bad-date": "source: 2001-13-45\n",
    "empty-int": 'order: !!int ""\n',
    "maybe-bool": 'difficulty: !!bool "maybe"\n',
    "abc-float": 'difficulty: !!float "abc"\n',
    "huge-order": "order: " + "9" * 5000 + "\n",
    "deep": "derived: " + "[" * 999 + "]" * 999 + "\n",
    "bad-stamp": "updated: !!timestamp 2020-99-99\n",
}


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    folder = tmp_path / "pack"
    folder.mkdir()
    return folder


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_file_yaml_refuses_is_named_and_the_bank_stays_usable(pack: Path, name: str) -> None:
    text = HOSTILE[name] if name == "bad-date" else HEADER.format(id=name) + HOSTILE[name]
    if name == "bad-date":
        text = "id: bad-date\ntitle: T\ntopic: strangers\n" + text
    path = write(pack, name, text)
    with pytest.raises(ProblemFileError) as caught:
        load(path)
    assert str(path) in str(caught.value)
    result = runner.invoke(app, ["solve", "lstsq-gradient", "--seed", "1", "-p", str(pack)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["list", "-p", str(pack)])
    assert result.exit_code == 0 and "lstsq-gradient" in result.stdout
    if name != "deep" and name != "bad-stamp":  # those two read fine as headers; loading names them
        assert str(path) in result.stderr


ESCAPE = "\x1b[2J\x1b]0;owned\x07"


@pytest.mark.parametrize("field", ["title", "source", "id", "file"])
def test_terminal_escapes_in_a_pack_never_reach_the_terminal(pack: Path, field: str) -> None:
    values = {"id": "esc", "title": "T", "source": "S"}
    name = "esc"
    if field == "file":
        name = f"esc{ESCAPE}"
    else:
        values[field] = f"x{ESCAPE}y"
    text = "".join(f"{k}: {json.dumps(v)}\n" for k, v in values.items()) + "topic: strangers\n"
    write(pack, name, text)
    for args in (["list", "-p", str(pack)], ["validate", str(pack), "--seeds", "1"]):
        result = runner.invoke(app, args)
        assert result.exit_code in (0, 1), result.output
        assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr


@pytest.mark.parametrize("topic", ["calculus", "lstsq", "softmax"])
def test_a_problem_cannot_take_over_a_shipped_topic(pack: Path, topic: str) -> None:
    write(pack, "thief", HEADER.format(id=topic))
    bank = bank_mod.scan([pack])
    assert topic not in bank.entries
    assert any("is the name of a topic" in str(b) for b in bank.broken)
    assert all(e.topic == topic for e in bank.resolve([topic]))


@pytest.mark.parametrize("locked", ["sub", "sub/deeper", "other"])
def test_unreadable_folders_are_reported(pack: Path, locked: str, monkeypatch: pytest.MonkeyPatch) -> None:
    (pack / locked).mkdir(parents=True)
    write(pack / locked, "hidden", HEADER.format(id="hidden"))
    real = os.scandir

    def scandir(path="."):
        if Path(path) == pack / locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    bank = bank_mod.scan([pack])
    assert "hidden" not in bank.entries
    assert any(str(pack / locked) in str(b) and "Permission denied" in str(b) for b in bank.broken)


@pytest.mark.parametrize("content", ["null", "[1, 2, 3]", '"text"', "{}", '{"stamp": 1, "files": []}', "HEADER"])
def test_a_cache_of_the_wrong_shape_is_a_miss(home: Path, content: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from mathquiz.problem import cache as cache_mod

    monkeypatch.setattr(cache_mod, "_state", None)  # as in a new process: read the file
    assert runner.invoke(app, ["list"]).exit_code == 0  # writes the cache
    monkeypatch.setattr(cache_mod, "_state", None)
    cache = home / "cache" / "problems.json"
    if content == "HEADER":
        data = json.loads(cache.read_text())
        for entry in data["files"].values():
            entry["header"] = {}
            entry["problem"] = [1, 2, 3]
        content = json.dumps(data)
    cache.write_text(content)
    monkeypatch.setattr(cache_mod, "_state", None)
    monkeypatch.setattr(bank_mod, "_loaded", {})
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0 and "lstsq-gradient" in result.stdout
    assert runner.invoke(app, ["solve", "lstsq-gradient", "--seed", "2"]).exit_code == 0


@pytest.mark.parametrize("extra", ["", "parts: 3\nsolution: []\n", "parts:\n  - ask: x\n    answer: '('\n"])
def test_solve_of_a_problem_that_cannot_be_loaded_fails(pack: Path, extra: str) -> None:
    write(pack, "broken", HEADER.format(id="broken") + extra)
    result = runner.invoke(app, ["solve", "broken", "-p", str(pack)])
    assert result.exit_code == 1, result.output
    assert "broken.yaml" in result.stderr


@pytest.mark.parametrize("field", ["title", "source", "text"])
def test_escapes_in_a_tampered_cache_never_reach_the_terminal(home: Path, field: str,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from mathquiz.problem import cache as cache_mod

    monkeypatch.setattr(cache_mod, "_state", None)
    monkeypatch.setattr(bank_mod, "_loaded", {})
    assert runner.invoke(app, ["solve", "lstsq-gradient", "--seed", "1"]).exit_code == 0  # caches it
    path = home / "cache" / "problems.json"
    data = json.loads(path.read_text())
    for entry in data["files"].values():
        for part in ("problem", "header"):
            if field in entry.get(part, {}):
                entry[part][field] = f"x{ESCAPE}y"
    path.write_text(json.dumps(data))
    monkeypatch.setattr(cache_mod, "_state", None)
    monkeypatch.setattr(bank_mod, "_loaded", {})
    for args in (["list"], ["practice", "lstsq-gradient", "--seed", "1", "--no-save"]):
        result = runner.invoke(app, args, input="")
        assert result.exit_code in (0, 1), result.output
        assert "\x1b" not in result.stdout + result.stderr


def nest(top: Path, depth: int) -> Path:
    """A folder `depth` levels below `top` (made through folder handles: the full path may be longer
    than the system allows)."""
    fd = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            inner = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)
    return top.joinpath(*["d"] * depth)


def stranger(folder: Path, pid: str) -> None:
    text = (Path(__file__).parent.parent / "problems" / "lstsq-gradient.yaml").read_text(encoding="utf-8")
    (folder / f"{pid}.yaml").write_text(text.replace("id: lstsq-gradient", f"id: {pid}", 1), encoding="utf-8")


SOON = (date.today() + timedelta(days=9)).isoformat()


@pytest.fixture
def deep_pack(pack: Path) -> Iterator[Path]:
    """A pack 1,000 folders deep, removed afterwards (pytest's own clean-up would recurse that deep)."""
    nest(pack, 1000)
    yield pack
    subprocess.run(["rm", "-rf", str(pack)], check=False)


@pytest.mark.parametrize("args", [["list"], ["list", "--json"], ["plan", "--exam-date", SOON, "--json"],
                                  ["solve", "shallow-one"], ["validate", "--seeds", "1", "shallow-one"]])
def test_a_pack_nested_a_thousand_deep(deep_pack: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    pack = deep_pack
    stranger(pack / "d", "shallow-one")  # found
    stranger(nest(pack / "d" / "d", 0).joinpath(*["d"] * 38), "deep-one")  # 40 deep: beyond MAX_DEPTH
    (pack / "d" / "loop").symlink_to(pack)  # a link back up is not followed
    monkeypatch.setenv("MATHQUIZ_PATH", str(pack))
    if args[0] == "validate":
        args = ["validate", "--seeds", "1", str(pack / "d" / "shallow-one.yaml")]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1) and "internal error" not in result.output, result.output
    found = bank_mod.scan()
    assert "shallow-one" in found.entries and "deep-one" not in found.entries
    assert any(f"more than {bank_mod.MAX_DEPTH} deep" in str(b.issues[0]) for b in found.broken)
