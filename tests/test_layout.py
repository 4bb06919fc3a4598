"""The layout keeps the flow readable: dependencies point one way and no modules import each other
in a circle, counting imports inside functions too (a lazy import is still a dependency)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "mathquiz"
# each stage may import the stages to its right, never one to its left
ORDER = ["cli", "render", "study", "record", "validation", "documents", "proof", "problem", "judging", "expression"]
MAX_MODULES = 16  # per folder, __init__ included
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every mathquiz module this file imports, at the top or inside a function."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("mathquiz"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("mathquiz"):
            for alias in node.names:  # `from mathquiz.problem import cache` imports a module
                sub = f"{node.module}.{alias.name}"
                out.add(sub if (PACKAGE.parent / Path(*sub.split("."))).with_suffix(".py").exists()
                        or (PACKAGE.parent / Path(*sub.split("."))).is_dir() else node.module)
    return out


def graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(package.rglob("*.py"))}


def stage(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ORDER else None


def forbidden(edges: dict[str, set[str]]) -> list[str]:
    bad = []
    for mod, deps in edges.items():
        here = stage(mod)
        for dep in deps:
            there = stage(dep)
            if here and there and ORDER.index(there) < ORDER.index(here):
                bad.append(f"{mod} imports {dep} ({here} may not import {there})")
            if here in ORDER[2:] and dep.split(".")[1:2] == ["cli"]:
                bad.append(f"{mod} imports {dep}")
    return bad


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Import circles between modules (a package's own __init__ is not an edge to its children)."""
    found, state = [], {}

    def visit(mod, trail):
        state[mod] = "open"
        for dep in sorted(edges.get(mod, ())):
            if dep == mod or mod.startswith(dep + "."):  # importing one's own package
                continue
            if state.get(dep) == "open":
                found.append(trail[trail.index(dep):] + [dep])
            elif dep not in state:
                visit(dep, trail + [dep])
        state[mod] = "done"

    for mod in sorted(edges):
        if mod not in state:
            visit(mod, [mod])
    return found


def test_dependencies_point_one_way():
    assert forbidden(graph()) == []


def test_no_import_circles():
    assert cycles(graph()) == []


def test_the_checks_catch_a_forbidden_import_and_a_circle():
    edges = graph()
    edges["mathquiz.expression.parser"] = edges["mathquiz.expression.parser"] | {"mathquiz.problem.format"}
    assert any("expression may not import problem" in b for b in forbidden(edges))
    edges["mathquiz.problem.format"] = edges["mathquiz.problem.format"] | {"mathquiz.expression.parser"}
    edges["mathquiz.expression.parser"] |= {"mathquiz.expression.scope"}
    edges["mathquiz.expression.scope"] = edges["mathquiz.expression.scope"] | {"mathquiz.expression.parser"}
    assert cycles(edges)


def test_every_module_is_in_a_stage():
    loose = [m for m in graph() if m not in ("mathquiz", "mathquiz.__main__") and stage(m) is None]
    assert loose == []


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


@pytest.mark.parametrize("name", ORDER)
def test_each_stage_says_what_it_does(name):
    doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8")))
    assert doc and "import" in doc.lower()


@pytest.mark.parametrize("name", ORDER)
def test_no_folder_holds_more_than_16_modules(name):
    assert len(list((PACKAGE / name).glob("*.py"))) <= MAX_MODULES


def test_every_folder_is_a_stage():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(ORDER)


def test_architecture_doc_names_every_module():
    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [f"{p.parent.name}/{p.stem}" for p in sorted(PACKAGE.glob("*/*.py"))
               if p.stem != "__init__" and f"| `{p.stem}` |" not in doc]
    assert missing == []
